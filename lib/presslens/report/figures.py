"""The house style of every chart, and how a chart is saved: as a PNG with a CSV of the data behind it.

Chart functions take a tidy table from the analysis modules, draw it, save it under
`reports/figures/` (see `presslens.config.figures_dir`) and return the figure, so a notebook cell is one
call ending in `;`. A chart with nothing to show (an empty table, one source, no dates) draws nothing: it says
why in one line (`nothing_to_draw`) and returns None. Importing this module applies the house style to matplotlib's settings (as
seaborn's `set_theme` does): figures created inside `plt.rc_context` are not shown inline in Jupyter.
"""

from __future__ import annotations

import html
import os
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
FIGURE_LOG_VARIABLE = "PRESSLENS_FIGURE_LOG"   # set by a report build: the file `save` lists each figure's name in

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
    log = os.environ.get(FIGURE_LOG_VARIABLE)
    if log:   # a report build reads which figures this notebook saved, in order (its key figure: the first)
        with open(log, "a", encoding="utf-8") as names:
            names.write(name + "\n")
    return png


def nothing_to_draw(message: str, *, title: str, name: str, data: pd.DataFrame) -> None:
    """Say in one line why a chart has nothing to show, instead of drawing an empty one.

    Shows "<title>: <message>" as a line of the notebook (and of its report page), saves no figure, and removes
    the PNG and CSV an earlier run may have left under `name`, so that no stale chart is published.

    Args:
        message: why there is nothing to draw, for this corpus.
        title: the chart's title.
        name: the chart's file name (as given to `save`).
        data: the (empty or too small) table the chart would have been drawn from; not saved.
    """
    from IPython.display import HTML, display

    folder = config.figures_dir()
    for suffix in (".png", ".csv"):
        (folder / f"{name}{suffix}").unlink(missing_ok=True)
    display(HTML(f"<p {nothing_to_draw_marker(name)}><strong>{html.escape(title)}</strong>: "
                 f"{html.escape(message)}</p>"))


def nothing_to_draw_marker(name: str) -> str:
    """The attributes of the line `nothing_to_draw` shows for chart `name` (how the report recognises it)."""
    return f'class="presslens-nothing-to-draw" data-figure="{html.escape(name)}"'


def bar(table: pd.DataFrame, *, label: str, value: str, title: str, xlabel: str, name: str,
        color: str | None = None) -> Figure | None:
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
