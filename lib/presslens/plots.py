"""Charts in one house style. Every chart is saved as a PNG with a CSV of the data behind it.

Chart functions take a tidy table from the analysis modules, draw it, save it under
`reports/figures/` (see `presslens.config.figures_dir`) and return the figure, so a notebook cell is one
call ending in `;`.
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
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
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


def new_figure(*, width: float = 8, height: float = 4.5) -> tuple[Figure, plt.Axes]:
    """A figure and its axes in the house style."""
    with plt.rc_context(HOUSE_STYLE):
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
    with plt.rc_context(HOUSE_STYLE):
        fig.savefig(png, metadata={"Software": None})
    data.to_csv(folder / f"{name}.csv", index=False)
    return png


def _bar(table: pd.DataFrame, *, label: str, value: str, title: str, xlabel: str, name: str,
         color: str | None = None) -> Figure:
    """A horizontal bar chart, largest on top, saved with its data."""
    fig, ax = new_figure(height=max(2.5, 0.3 * len(table) + 1.2))
    ordered = table.iloc[::-1]
    ax.barh(ordered[label].astype(str), ordered[value], color=color)
    ax.set(title=title, xlabel=xlabel, ylabel="")
    ax.grid(axis="y", visible=False)
    save(fig, name, data=table)
    return fig


# --- Cleaning and segmenting (notebook 01) ---

def removed_lines_by_rule(summary: pd.DataFrame, *, name: str = "cleaning-removed-lines-by-rule") -> Figure:
    """Bar chart of lines removed or moved per cleaning rule (from `presslens.clean.audit_summary`)."""
    return _bar(summary, label="rule", value="lines", title="Lines removed or moved by each cleaning rule",
                xlabel="lines", name=name)


def sentence_lengths(lengths: pd.DataFrame, *, name: str = "segmenting-sentence-lengths") -> Figure:
    """Histogram of words per sentence (from `presslens.segment.sentence_lengths`)."""
    fig, ax = new_figure()
    ax.hist(lengths["words"], bins=range(0, int(lengths["words"].max()) + 5, 2), color="#1f5f8b",
            edgecolor="white")
    ax.axvline(lengths["words"].median(), color=NEGATIVE_COLOR, linestyle="--",
               label=f"median {lengths['words'].median():g} words")
    ax.set(title="Sentence length", xlabel="words per sentence", ylabel="sentences")
    ax.legend()
    save(fig, name, data=lengths)
    return fig
