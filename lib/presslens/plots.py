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


# --- Term frequency (notebook 02) ---

OVER_COLOR = "#1f5f8b"
UNDER_COLOR = "#c8553d"


def top_terms(freqs: pd.DataFrame, *, n: int = 20, name: str = "term-frequency-top-lemmas",
              title: str = "Most frequent terms") -> Figure:
    """Bar chart of the `n` most frequent terms (from `presslens.terms.term_frequencies`, no `by`)."""
    table = freqs.sort_values(["count", "term"], ascending=[False, True]).head(n)
    return _bar(table, label="term", value="count", title=title, xlabel="occurrences", name=name)


def top_ngrams(ngram_counts: pd.DataFrame, *, n: int = 20, name: str = "term-frequency-top-bigrams",
               title: str = "Most frequent bigrams") -> Figure:
    """Bar chart of the `n` most frequent n-grams (from `presslens.terms.ngrams`, no `by`)."""
    table = ngram_counts.sort_values(["count", "ngram"], ascending=[False, True]).head(n)
    return _bar(table, label="ngram", value="count", title=title, xlabel="occurrences", name=name,
                color="#588b8b")


def _keyness_selection(table: pd.DataFrame, n: int) -> pd.DataFrame:
    """The `n` strongest over-used and `n` strongest under-used terms (by G2), ordered by log-ratio."""
    ranked = table.sort_values(["g2", "term"], ascending=[False, True])
    chosen = pd.concat([ranked.loc[ranked["direction"] == "over"].head(n),
                        ranked.loc[ranked["direction"] == "under"].head(n)])
    return chosen.sort_values(["log_ratio", "term"], ascending=[False, True]).reset_index(drop=True)


def _keyness_axes(ax: plt.Axes, chosen: pd.DataFrame, *, title: str) -> None:
    ordered = chosen.iloc[::-1]
    colors = [OVER_COLOR if direction == "over" else UNDER_COLOR for direction in ordered["direction"]]
    ax.barh(ordered["term"].astype(str), ordered["log_ratio"], color=colors)
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set(title=title, xlabel="log-ratio (log2 of relative frequency vs reference)", ylabel="")
    ax.grid(axis="y", visible=False)


def keyness_bars(keyness_table: pd.DataFrame, *, n: int = 10, name: str = "term-frequency-keyness",
                 title: str = "Key terms: over-used (right) and under-used (left)") -> Figure:
    """Diverging bar chart of log-ratio for the `n` strongest over- and under-used terms by G2.

    Args:
        keyness_table: the output of `presslens.terms.keyness`.
        n: terms per direction (fewer when a direction has fewer terms).
        name: file name of the PNG and CSV.
        title: chart title.
    """
    chosen = _keyness_selection(keyness_table, n)
    fig, ax = new_figure(height=max(2.5, 0.3 * len(chosen) + 1.2))
    with plt.rc_context(HOUSE_STYLE):
        _keyness_axes(ax, chosen, title=title)
    save(fig, name, data=chosen)
    return fig


def group_keyness_bars(keyness_table: pd.DataFrame, *, by: str, groups: list[str], n: int = 8,
                       name: str = "term-frequency-keyness-by-source",
                       title: str = "Key terms of each group against the rest") -> Figure:
    """One diverging keyness panel per group (from `presslens.terms.keyness_by_group`).

    Args:
        keyness_table: the output of `keyness_by_group`.
        by: the group column.
        groups: the groups to draw, in panel order.
        n: terms per direction in each panel.
        name: file name of the PNG and CSV.
        title: overall title.
    """
    chosen = pd.concat([_keyness_selection(keyness_table.loc[keyness_table[by] == group], n)
                        for group in groups], ignore_index=True)
    with plt.rc_context(HOUSE_STYLE):
        fig, axes = plt.subplots(len(groups), 1, figsize=(8, max(3.0, 0.3 * len(chosen) + 1.2 * len(groups))),
                                 layout="constrained", squeeze=False)
        for ax, group in zip(axes[:, 0], groups):
            _keyness_axes(ax, chosen.loc[chosen[by] == group], title=str(group))
        fig.suptitle(title, fontweight="bold")
    save(fig, name, data=chosen)
    return fig


def dispersion_plot(occurrences: pd.DataFrame, *, terms: list[str] | None = None,
                    name: str = "term-frequency-dispersion",
                    title: str = "Where each term occurs in the article") -> Figure:
    """Lexical dispersion plot: one row per term, a tick at each occurrence's position (0 = start, 1 = end).

    Args:
        occurrences: the output of `presslens.terms.dispersion`; with several articles their ticks overlap.
        terms: rows to draw, top to bottom (default: the terms in `occurrences`, in order); a term with no
            occurrence keeps an empty row.
        name: file name of the PNG and CSV.
        title: chart title.
    """
    rows = list(dict.fromkeys(occurrences["term"])) if terms is None else list(terms)
    several = occurrences["article_id"].nunique() > 1
    fig, ax = new_figure(height=max(2.0, 0.45 * len(rows) + 1.2))
    with plt.rc_context(HOUSE_STYLE):
        level = {term: len(rows) - 1 - number for number, term in enumerate(rows)}
        shown = occurrences.loc[occurrences["term"].isin(rows)]
        ax.scatter(shown["offset"], shown["term"].map(level), marker="|", s=200, color=OVER_COLOR,
                   alpha=0.25 if several else 1.0, linewidths=1.5)
        ax.set_yticks(range(len(rows)), rows[::-1])
        ax.set(title=title, xlabel="position in the article (0 = start, 1 = end)", ylabel="", xlim=(-0.02, 1.02),
               ylim=(-0.6, len(rows) - 0.4))
        ax.grid(axis="y", visible=False)
    save(fig, name, data=occurrences)
    return fig


def word_cloud(freqs: pd.DataFrame, *, max_words: int = 100, random_state: int = 42,
               name: str = "term-frequency-word-cloud", title: str = "Word cloud of the most frequent terms"
               ) -> Figure:
    """Word cloud sized by count (wordcloud package, no collocations, fixed layout seed so it reruns identically).

    Args:
        freqs: the output of `presslens.terms.term_frequencies` (no `by`).
        max_words: how many of the most frequent terms to place.
        random_state: seed of the layout.
        name: file name of the PNG and CSV.
        title: chart title.
    """
    from wordcloud import WordCloud

    table = freqs.sort_values(["count", "term"], ascending=[False, True]).head(max_words)
    cloud = WordCloud(width=1200, height=600, background_color="white", collocations=False,
                      random_state=random_state, max_words=max_words, colormap="viridis", prefer_horizontal=0.9)
    cloud.generate_from_frequencies(dict(zip(table["term"].astype(str), table["count"].astype(int))))
    fig, ax = new_figure(width=8, height=4.4)
    with plt.rc_context(HOUSE_STYLE):
        ax.imshow(cloud.to_array(), interpolation="bilinear")
        ax.set_axis_off()
        ax.set_title(title)
    save(fig, name, data=table[["term", "count"]])
    return fig
