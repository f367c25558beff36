"""The house style of every chart, and how a chart is saved: as a PNG with a CSV of the data behind it.

Chart functions take a tidy table from the analysis modules, draw it, save it under
`reports/figures/` (see `presslens.config.figures_dir`) and return the figure, so a notebook cell is one
call ending in `;`. Importing this module applies the house style to matplotlib's settings (as
seaborn's `set_theme` does): figures created inside `plt.rc_context` are not shown inline in Jupyter.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from presslens import config

HOUSE_STYLE = {
    "figure.dpi": 110,
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.prop_cycle": matplotlib.cycler(color=["#1f5f8b", "#c8553d", "#588b8b", "#f28f3b", "#6d597a",
                                                "#2a9d8f", "#8d99ae", "#e9c46a"]),
}
POSITIVE_COLOR = "#2a7f62"
NEGATIVE_COLOR = "#b23a48"
NEUTRAL_COLOR = "#8d99ae"
SAVE_DPI = 150
OVER_COLOR = "#1f5f8b"
UNDER_COLOR = "#c8553d"

plt.rcParams.update(HOUSE_STYLE)


def new_figure(*, width: float = 8, height: float = 4.5) -> tuple[Figure, plt.Axes]:
    """A figure and its axes in the house style."""
    return plt.subplots(figsize=(width, height), layout="constrained")


def save(fig: Figure, name: str, *, data: pd.DataFrame) -> Path:
    """Write `<name>.png` and `<name>.csv` (the data behind the chart) under the figures folder.

    Args:
        fig: the figure to save.
        name: a kebab-case name that says what the chart shows, e.g. "term-frequency-top-lemmas".
        data: the tidy table the chart was drawn from; written without the index.

    Returns:
        The path of the PNG.
    """
    folder = config.figures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    png = folder / f"{name}.png"
    fig.savefig(png, dpi=SAVE_DPI, bbox_inches="tight", metadata={"Software": None})
    data.to_csv(folder / f"{name}.csv", index=False)
    return png


def nothing_to_draw(message: str, *, title: str, name: str, data: pd.DataFrame) -> Figure:
    """A small figure that says why there is nothing to draw, saved (with the empty data) under `name`."""
    fig, ax = new_figure(height=1.6)
    ax.axis("off")
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center", wrap=True, transform=ax.transAxes)
    save(fig, name, data=data)
    return fig


def bar(table: pd.DataFrame, *, label: str, value: str, title: str, xlabel: str, name: str,
        color: str | None = None) -> Figure:
    """A horizontal bar chart, largest on top, saved with its data."""
    if table.empty:
        return nothing_to_draw("Nothing to count in this corpus.", title=title, name=name, data=table)
    fig, ax = new_figure(height=max(2.5, 0.3 * len(table) + 1.2))
    ordered = table.iloc[::-1]
    ax.barh(ordered[label].astype(str), ordered[value], color=color)
    ax.set(title=title, xlabel=xlabel, ylabel="")
    ax.grid(axis="y", visible=False)
    save(fig, name, data=table)
    return fig
