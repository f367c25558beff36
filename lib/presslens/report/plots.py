"""Charts in one house style. Every chart is saved as a PNG with a CSV of the data behind it.

This module draws the charts of notebooks 01-03 and gives those of notebooks 04-05 (`sentiment_plots`) and 06
(`stories_plots`) under the same short name, `presslens.plots`; `figures` holds the style and `save`.

Chart functions take a tidy table from the analysis modules, draw it, save it under
`reports/figures/` (see `presslens.config.figures_dir`) and return the figure, so a notebook cell is one
call ending in `;`. Importing this module applies the house style to matplotlib's settings (as
seaborn's `set_theme` does): figures created inside `plt.rc_context` are not shown inline in Jupyter.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from presslens.report.figures import (NEGATIVE_COLOR, NEUTRAL_COLOR, OVER_COLOR, POSITIVE_COLOR, UNDER_COLOR, bar,
                                      new_figure, nothing_to_draw, save)
from presslens.report.sentiment_plots import (actor_sentiment_bars, coded_accuracy, confusion_matrices, method_scores,
                                              sentiment_arc, sentiment_label_counts, sentiment_label_shares,
                                              sentiment_over_time, sentiment_saturation, vader_against_humans)
from presslens.report.stories_plots import (copy_groups, counting_once, story_timeline, topic_method_scores,
                                            topic_shares_by_source, topic_shares_over_time, topic_terms)

__all__ = [
    "actor_sentiment_bars",
    "coded_accuracy",
    "confusion_matrices",
    "copy_groups",
    "counting_once",
    "dispersion_plot",
    "entities_by_kind",
    "group_keyness_bars",
    "keyness_bars",
    "mentions_per_actor",
    "method_scores",
    "new_figure",
    "quotes_per_speaker",
    "removed_lines_by_rule",
    "save",
    "sentence_lengths",
    "sentiment_arc",
    "sentiment_label_counts",
    "sentiment_label_shares",
    "sentiment_over_time",
    "sentiment_saturation",
    "stance_heatmap",
    "story_timeline",
    "top_ngrams",
    "top_terms",
    "topic_method_scores",
    "topic_shares_by_source",
    "topic_shares_over_time",
    "topic_terms",
    "vader_against_humans",
    "word_cloud",
]


def removed_lines_by_rule(summary: pd.DataFrame, *, name: str = "cleaning-removed-lines-by-rule") -> Figure | None:
    """Bar chart of lines removed or moved per cleaning rule (from `presslens.clean.audit_summary`)."""
    return bar(summary, label="rule", value="lines", title="Lines removed or moved by each cleaning rule",
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


def top_terms(freqs: pd.DataFrame, *, n: int = 20, name: str = "term-frequency-top-lemmas",
              title: str = "Most frequent terms") -> Figure | None:
    """Bar chart of the `n` most frequent terms (from `presslens.terms.term_frequencies`, no `by`)."""
    table = freqs.sort_values(["count", "term"], ascending=[False, True]).head(n)
    return bar(table, label="term", value="count", title=title, xlabel="occurrences", name=name)


def top_ngrams(ngram_counts: pd.DataFrame, *, n: int = 20, name: str = "term-frequency-top-bigrams",
               title: str = "Most frequent bigrams") -> Figure | None:
    """Bar chart of the `n` most frequent n-grams (from `presslens.terms.ngrams`, no `by`)."""
    table = ngram_counts.sort_values(["count", "ngram"], ascending=[False, True]).head(n)
    return bar(table, label="ngram", value="count", title=title, xlabel="occurrences", name=name,
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
    fig, axes = plt.subplots(len(groups), 1, figsize=(8, max(3.0, 0.3 * len(chosen) + 1.2 * len(groups))),
                             layout="constrained", squeeze=False)
    for ax, group in zip(axes[:, 0], groups):
        _keyness_axes(ax, chosen.loc[chosen[by] == group], title=str(group))
    fig.suptitle(title, fontweight="bold")
    save(fig, name, data=chosen)
    return fig


def dispersion_plot(occurrences: pd.DataFrame, *, terms: list[str] | None = None, max_terms: int = 12,
                    bins: int = 20, name: str = "term-frequency-dispersion",
                    title: str = "Where each term occurs in the article") -> Figure:
    """Lexical dispersion plot: one row per term along the article (0 = start, 1 = end).

    With one article, a tick at each occurrence. With several, ticks would merge into solid bars, so each
    row is a heat strip instead: the share of the term's mentions in each of `bins` stretches of the
    article (from `presslens.terms.dispersion_profile`), which shows where in articles a term tends to come.

    Args:
        occurrences: the output of `presslens.terms.dispersion`.
        terms: rows to draw, top to bottom (default: the `max_terms` most frequent terms in `occurrences`,
            most frequent on top, ties in table order); a term given here with no occurrence keeps an empty row.
        max_terms: how many terms to draw when `terms` is None.
        bins: stretches per article in the heat strip (several articles only).
        name: file name of the PNG and CSV (the occurrences, or the profile for several articles).
        title: chart title.
    """
    from presslens.terms import dispersion_profile

    if terms is None:
        counts = occurrences["term"].value_counts(sort=False)
        order = {term: number for number, term in enumerate(dict.fromkeys(occurrences["term"]))}
        ranked = sorted(counts.index, key=lambda term: (-counts[term], order[term]))
        rows = list(ranked[:max_terms])
    else:
        rows = list(terms)
    shown = occurrences.loc[occurrences["term"].isin(rows)]
    several = shown["article_id"].nunique() > 1
    fig, ax = new_figure(height=max(2.0, 0.45 * len(rows) + 1.2))
    if several:
        profile = dispersion_profile(shown, bins=bins)
        grid = profile.pivot(index="term", columns="bin", values="share").reindex(rows).fillna(0.0)
        image = ax.imshow(grid.to_numpy(), aspect="auto", cmap="Blues", extent=(0, 1, len(rows) - 0.5, -0.5),
                          vmin=0)
        fig.colorbar(image, ax=ax, label="share of the term's mentions")
        ax.set_yticks(range(len(rows)), rows)
        shown = profile
    else:
        level = {term: len(rows) - 1 - number for number, term in enumerate(rows)}
        ax.scatter(shown["offset"], shown["term"].map(level), marker="|", s=200, color=OVER_COLOR,
                   linewidths=1.5)
        ax.set_yticks(range(len(rows)), rows[::-1])
        ax.set(xlim=(-0.02, 1.02), ylim=(-0.6, len(rows) - 0.4))
    ax.set(title=title, xlabel="position in the article (0 = start, 1 = end)", ylabel="")
    ax.grid(axis="both" if several else "y", visible=False)
    save(fig, name, data=shown)
    return fig


def word_cloud(freqs: pd.DataFrame, *, max_words: int = 100, random_state: int = 42,
               name: str = "term-frequency-word-cloud", title: str = "Word cloud of the most frequent terms"
               ) -> Figure | None:
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
    if table.empty:
        return nothing_to_draw("No term to place in a word cloud.", title=title, name=name, data=table)
    cloud = WordCloud(width=1200, height=600, background_color="white", collocations=False,
                      random_state=random_state, max_words=max_words, colormap="viridis", prefer_horizontal=0.9)
    cloud.generate_from_frequencies(dict(zip(table["term"].astype(str), table["count"].astype(int))))
    fig, ax = new_figure(width=8, height=4.4)
    ax.imshow(cloud.to_array(), interpolation="bilinear")
    ax.set_axis_off()
    ax.set_title(title)
    save(fig, name, data=table[["term", "count"]])
    return fig


def stance_heatmap(matrix: pd.DataFrame, *, max_holders: int = 12, max_targets: int = 12,
                   name: str = "stance-heatmap", title: str = "Net stance of each holder on each target") -> Figure | None:
    """Holder x target grid coloured by net stance (green support, red opposition), counts annotated.

    Args:
        matrix: the output of `presslens.stance.stance_matrix`.
        max_holders, max_targets: keep the holders and targets with the most statements (ties by name).
        name: file name of the PNG and CSV.
        title: chart title.
    """
    from matplotlib.colors import LinearSegmentedColormap

    def top(column: str, n: int) -> list[str]:
        totals = matrix.groupby(column, as_index=False)["statements"].sum()
        return totals.sort_values(["statements", column], ascending=[False, True])[column].head(n).tolist()

    if matrix.empty:
        return nothing_to_draw("No stance statement was found in this corpus.", title=title, name=name,
                               data=matrix)
    holders, targets = top("holder", max_holders), top("target", max_targets)
    shown = matrix[matrix["holder"].isin(holders) & matrix["target"].isin(targets)].reset_index(drop=True)
    grid = shown.pivot(index="holder", columns="target", values="net").reindex(index=holders, columns=targets)
    fig, ax = new_figure(width=max(5.0, 0.75 * len(targets) + 3), height=max(3.0, 0.45 * len(holders) + 1.8))
    limit = max(1, int(shown["net"].abs().max())) if len(shown) else 1
    cmap = LinearSegmentedColormap.from_list("stance", [NEGATIVE_COLOR, "#f4f4f4", POSITIVE_COLOR])
    image = ax.imshow(grid.to_numpy(dtype=float), cmap=cmap, vmin=-limit, vmax=limit, aspect="auto")
    for row in shown.itertuples(index=False):
        ax.text(targets.index(row.target), holders.index(row.holder), f"+{row.support}/−{row.oppose}",
                ha="center", va="center", fontsize=8)
    ax.set_xticks(range(len(targets)), targets, rotation=40, ha="right")
    ax.set_yticks(range(len(holders)), holders)
    ax.grid(False)
    ax.set(title=title, xlabel="target", ylabel="holder")
    fig.colorbar(image, ax=ax, label="net stance (support − oppose)", shrink=0.8)
    save(fig, name, data=shown)
    return fig


def quotes_per_speaker(quotes: pd.DataFrame, *, n: int = 15, name: str = "stance-quotes-per-speaker",
                       title: str = "Quotes per speaker") -> Figure | None:
    """Stacked bars of direct quotes and reported speech per speaker (unknown speakers as "(unattributed)").

    Args:
        quotes: the output of `presslens.stance.extract_quotes`.
        n: how many speakers to show, most quoted first (ties by name).
        name: file name of the PNG and CSV.
        title: chart title.
    """
    if quotes.empty:
        return nothing_to_draw("No quote was found in this corpus.", title=title, name=name, data=quotes)
    counts = (quotes.assign(speaker=quotes["speaker"].fillna("(unattributed)"))
              .pivot_table(index="speaker", columns="kind", values="quote", aggfunc="size", fill_value=0)
              .reindex(columns=["direct", "reported"], fill_value=0).reset_index())
    counts.columns.name = None
    counts["quotes"] = counts["direct"] + counts["reported"]
    counts = counts.sort_values(["quotes", "speaker"], ascending=[False, True]).head(n).reset_index(drop=True)
    fig, ax = new_figure(height=max(2.5, 0.3 * len(counts) + 1.2))
    ordered = counts.iloc[::-1]
    ax.barh(ordered["speaker"], ordered["direct"], label="direct quote")
    ax.barh(ordered["speaker"], ordered["reported"], left=ordered["direct"], label="reported speech")
    ax.set(title=title, xlabel="quotes", ylabel="")
    ax.grid(axis="y", visible=False)
    ax.legend(frameon=False, loc="lower right")
    save(fig, name, data=counts)
    return fig


def mentions_per_actor(mentions: pd.DataFrame, *, by: str = "actor", n: int = 20,
                       name: str = "stance-mentions-per-actor", title: str = "Mentions per actor") -> Figure | None:
    """Bar chart of actor mentions, each person as themselves (see `stance.at_actor_level` for the other rule).

    Args:
        mentions: the output of `presslens.stance.find_mentions` (or of `stance.at_actor_level` on it).
        by: "actor" or "affiliation".
        n: how many actors to show, most mentioned first (ties by name).
        name: file name of the PNG and CSV.
        title: chart title.
    """
    counts = mentions.groupby(by, as_index=False).size().rename(columns={"size": "mentions"})
    counts = counts.sort_values(["mentions", by], ascending=[False, True]).head(n).reset_index(drop=True)
    return bar(counts, label=by, value="mentions", title=title, xlabel="mentions", name=name)


KIND_COLORS = {"person": OVER_COLOR, "organisation": POSITIVE_COLOR, "place/state": UNDER_COLOR,
               "group": NEUTRAL_COLOR}


def entities_by_kind(entities: pd.DataFrame, *, n: int = 8, value: str = "articles",
                     name: str = "entities-top-by-kind", title: str = "Who is in this corpus") -> Figure | None:
    """Bar chart of the entities named in most articles, `n` of each kind, one colour a kind.

    Args:
        entities: the output of `presslens.entities.discover`.
        n: how many entities of each kind, most named first (ties: more mentions, then by name).
        value: "articles" or "mentions".
        name: file name of the PNG and CSV.
        title: chart title.
    """
    columns = ["kind", "entity", "articles", "mentions"]
    chosen = (entities[columns].sort_values(["kind", value, "mentions", "entity"], ascending=[True, False, False, True])
              .groupby("kind", sort=False).head(n).reset_index(drop=True))
    if chosen.empty:
        return nothing_to_draw("No entities found in this corpus.", title=title, name=name, data=chosen)
    fig, ax = new_figure(height=max(2.5, 0.28 * len(chosen) + 1.2))
    ordered = chosen.iloc[::-1]
    colors = [KIND_COLORS.get(kind, NEUTRAL_COLOR) for kind in ordered["kind"]]
    ax.barh(ordered["entity"].astype(str), ordered[value], color=colors)
    for kind in dict.fromkeys(chosen["kind"]):
        ax.barh([], [], color=KIND_COLORS.get(kind, NEUTRAL_COLOR), label=kind)
    ax.set(title=title, xlabel=value, ylabel="")
    ax.grid(axis="y", visible=False)
    ax.legend(frameon=False, loc="lower right")
    save(fig, name, data=chosen)
    return fig
