"""Charts in one house style. Every chart is saved as a PNG with a CSV of the data behind it.

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


def _nothing_to_draw(message: str, *, title: str, name: str, data: pd.DataFrame) -> Figure:
    """A small figure that says why there is nothing to draw, saved (with the empty data) under `name`."""
    fig, ax = new_figure(height=1.6)
    ax.axis("off")
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center", wrap=True, transform=ax.transAxes)
    save(fig, name, data=data)
    return fig


def _bar(table: pd.DataFrame, *, label: str, value: str, title: str, xlabel: str, name: str,
         color: str | None = None) -> Figure:
    """A horizontal bar chart, largest on top, saved with its data."""
    if table.empty:
        return _nothing_to_draw("Nothing to count in this corpus.", title=title, name=name, data=table)
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
    if table.empty:
        return _nothing_to_draw("No term to place in a word cloud.", title=title, name=name, data=table)
    cloud = WordCloud(width=1200, height=600, background_color="white", collocations=False,
                      random_state=random_state, max_words=max_words, colormap="viridis", prefer_horizontal=0.9)
    cloud.generate_from_frequencies(dict(zip(table["term"].astype(str), table["count"].astype(int))))
    fig, ax = new_figure(width=8, height=4.4)
    ax.imshow(cloud.to_array(), interpolation="bilinear")
    ax.set_axis_off()
    ax.set_title(title)
    save(fig, name, data=table[["term", "count"]])
    return fig


# --- Sentiment (notebook 04) ---

SENTIMENT_COLORS = {"negative": NEGATIVE_COLOR, "neutral": NEUTRAL_COLOR, "positive": POSITIVE_COLOR}


def sentiment_arc(arc_table: pd.DataFrame, *, name: str = "sentiment-arc",
                  title: str = "Sentence sentiment through the article") -> Figure:
    """Compound by sentence position with its rolling mean; dotted lines mark paragraph starts.

    Args:
        arc_table: the output of `presslens.sentiment.arc`.
        name: file name of the PNG and CSV.
        title: chart title.
    """
    fig, ax = new_figure()
    ax.axhline(0, color="black", linewidth=0.8)
    for position in arc_table.loc[arc_table["paragraph_start"], "sentence_id"].iloc[1:]:
        ax.axvline(position - 0.5, color=NEUTRAL_COLOR, linestyle=":", linewidth=0.8)
    colors = [SENTIMENT_COLORS["positive"] if value > 0 else SENTIMENT_COLORS["negative"] if value < 0
              else SENTIMENT_COLORS["neutral"] for value in arc_table["compound"]]
    ax.bar(arc_table["sentence_id"], arc_table["compound"], color=colors, alpha=0.55, label="sentence compound")
    ax.plot(arc_table["sentence_id"], arc_table["rolling_mean"], color="black", linewidth=1.8, label="rolling mean")
    ax.set(title=title, xlabel="sentence (dotted lines: paragraph starts)", ylabel="VADER compound", ylim=(-1, 1))
    ax.legend(loc="lower right", frameon=False)
    save(fig, name, data=arc_table)
    return fig


def sentiment_label_shares(summary: pd.DataFrame, *, by: str, name: str, title: str,
                           ylabel: str = "", min_groups: int = 1) -> Figure:
    """Stacked horizontal bars of the negative / neutral / positive shares per group, with counts.

    With fewer than `min_groups` groups (e.g. one source, or none recorded) the figure says so instead.

    Args:
        summary: the output of `presslens.sentiment.aggregate` (or `actor_sentiment`): `by`,
            `share_negative`, `share_neutral`, `share_positive` and `sentences` or `mentions`.
        by: the group column ("corpus", "quotation", "source", "actor", ...).
        name: file name of the PNG and CSV.
        title: chart title.
        ylabel: axis label for the groups.
        min_groups: fewest groups worth a chart (2 for a comparison between sources).
    """
    count = "sentences" if "sentences" in summary.columns else "mentions"
    table = summary.reset_index(drop=True)
    if table[by].nunique() < min_groups:
        return _nothing_to_draw(f"Fewer than {min_groups} distinct values of '{by}' in the data: nothing to compare.",
                               title=title, name=name, data=table)
    labels = [f"{group} (n={n})" for group, n in zip(table[by].astype(str), table[count])]
    fig, ax = new_figure(height=max(2.2, 0.4 * len(table) + 1.4))
    left = pd.Series(0.0, index=table.index)
    for label, color in SENTIMENT_COLORS.items():
        ax.barh(labels, table[f"share_{label}"], left=left, color=color, label=label)
        left = left + table[f"share_{label}"]
    ax.invert_yaxis()
    ax.set(title=title, xlabel="share of sentences" if count == "sentences" else "share of mentions",
           ylabel=ylabel, xlim=(0, 1))
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=3, frameon=False)
    save(fig, name, data=table)
    return fig


def sentiment_saturation(prefixes: pd.DataFrame, *, name: str = "sentiment-saturation",
                         title: str = "The compound of a growing text runs to the extreme") -> Figure:
    """Compound of growing prefixes of a text against the mean of their sentence compounds.

    Args:
        prefixes: the output of `presslens.sentiment.prefix_compound`.
        name: file name of the PNG and CSV.
        title: chart title.
    """
    fig, ax = new_figure()
    ax.axhline(0, color="black", linewidth=0.8)
    ax.plot(prefixes["sentences"], prefixes["compound"], marker="o", label="compound of the whole prefix")
    ax.plot(prefixes["sentences"], prefixes["mean_sentence_compound"], marker="s",
            label="mean of its sentence compounds")
    ax.set(title=title, xlabel="sentences in the prefix", ylabel="VADER compound", ylim=(-1.05, 1.05))
    ax.legend(frameon=False)
    save(fig, name, data=prefixes)
    return fig


def actor_sentiment_bars(table: pd.DataFrame, *, n: int = 15, by: str = "actor",
                         name: str = "sentiment-toward-actors",
                         title: str = "Sentiment toward each actor (mean target score, 95% interval)") -> Figure:
    """Mean target score per actor with its 95% interval; labels carry the number of mentions.

    Args:
        table: the output of `presslens.sentiment.actor_sentiment` (most mentioned first).
        n: how many of the most mentioned rows to show.
        by: the column naming each row.
        name: file name of the PNG and CSV.
        title: chart title.
    """
    shown = table.head(n).reset_index(drop=True)
    if shown.empty:
        return _nothing_to_draw("No actor to show: none from the codebook is named often enough in this corpus.",
                               title=title, name=name, data=shown)
    labels = [f"{actor} (n={count})" for actor, count in zip(shown[by].astype(str), shown["mentions"])]
    fig, ax = new_figure(height=max(2.5, 0.35 * len(shown) + 1.4))
    colors = [SENTIMENT_COLORS["positive"] if value > 0 else SENTIMENT_COLORS["negative"] if value < 0
              else SENTIMENT_COLORS["neutral"] for value in shown["mean_score"]]
    errors = [(shown["mean_score"] - shown["ci_low"]).fillna(0), (shown["ci_high"] - shown["mean_score"]).fillna(0)]
    ax.barh(labels, shown["mean_score"], xerr=errors, color=colors, capsize=3, error_kw={"linewidth": 0.8})
    ax.axvline(0, color="black", linewidth=0.8)
    ax.invert_yaxis()
    ax.set(title=title, xlabel="mean target score (-1 negative .. +1 positive)", ylabel="")
    ax.grid(axis="y", visible=False)
    save(fig, name, data=shown)
    return fig


def sentiment_over_time(table: pd.DataFrame, *, name: str = "sentiment-over-time",
                        title: str = "Mean sentence sentiment per period") -> Figure:
    """Mean compound per period with its 95% interval band and the number of articles.

    With fewer than two dated periods (no dates, or all in one period) the figure says so instead.

    Args:
        table: the output of `presslens.sentiment.over_time`.
        name: file name of the PNG and CSV.
        title: chart title.
    """
    if table["period"].nunique() < 2:
        return _nothing_to_draw("Fewer than two periods with dated articles: no line over time.",
                               title=title, name=name, data=table)
    fig, ax = new_figure()
    ax.axhline(0, color="black", linewidth=0.8)
    ax.fill_between(table["period"], table["ci_low"], table["ci_high"], alpha=0.2, label="95% interval")
    ax.plot(table["period"], table["mean_compound"], marker="o", label="mean of article means")
    ax.set(title=title, xlabel="period", ylabel="VADER compound")
    ax.legend(frameon=False)
    save(fig, name, data=table)
    return fig


def sentiment_label_counts(scores: pd.DataFrame, *, name: str = "sentiment-label-distribution",
                           title: str = "Sentence labels") -> Figure:
    """Bar chart of how many sentences are negative, neutral and positive.

    Args:
        scores: the output of `presslens.sentiment.score_sentences`.
        name: file name of the PNG and CSV.
        title: chart title.
    """
    counts = (scores["label"].value_counts().reindex(list(SENTIMENT_COLORS), fill_value=0)
              .rename_axis("label").reset_index(name="sentences"))
    fig, ax = new_figure(width=6, height=3.5)
    ax.bar(counts["label"], counts["sentences"], color=list(SENTIMENT_COLORS.values()))
    ax.set(title=title, xlabel="", ylabel="sentences")
    ax.grid(axis="x", visible=False)
    save(fig, name, data=counts)
    return fig


# --- Stance (notebook 03) ---


def stance_heatmap(matrix: pd.DataFrame, *, max_holders: int = 12, max_targets: int = 12,
                   name: str = "stance-heatmap", title: str = "Net stance of each holder on each target") -> Figure:
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
        return _nothing_to_draw("No stance statement was found in this corpus.", title=title, name=name,
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
                       title: str = "Quotes per speaker") -> Figure:
    """Stacked bars of direct quotes and reported speech per speaker (unknown speakers as "(unattributed)").

    Args:
        quotes: the output of `presslens.stance.extract_quotes`.
        n: how many speakers to show, most quoted first (ties by name).
        name: file name of the PNG and CSV.
        title: chart title.
    """
    if quotes.empty:
        return _nothing_to_draw("No quote was found in this corpus.", title=title, name=name, data=quotes)
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


def mentions_per_actor(mentions: pd.DataFrame, *, by: str = "affiliation", n: int = 20,
                       name: str = "stance-mentions-per-actor", title: str = "Mentions per actor") -> Figure:
    """Bar chart of actor mentions (a person counts for their affiliation unless `by="actor"`).

    Args:
        mentions: the output of `presslens.stance.find_mentions`.
        by: "affiliation" or "actor".
        n: how many actors to show, most mentioned first (ties by name).
        name: file name of the PNG and CSV.
        title: chart title.
    """
    counts = mentions.groupby(by, as_index=False).size().rename(columns={"size": "mentions"})
    counts = counts.sort_values(["mentions", by], ascending=[False, True]).head(n).reset_index(drop=True)
    return _bar(counts, label=by, value="mentions", title=title, xlabel="mentions", name=name)


# --- Validation against human labels (notebook 05) ---

METHOD_NAMES = {"sentence_vader": "sentence VADER", "lexicon": "lexicon (target)", "learned": "learned (target)"}


def confusion_matrices(confusion: pd.DataFrame, *, split: str, name: str,
                       title: str = "Gold label (rows) against predicted label (columns)") -> Figure:
    """One confusion-matrix panel per method: colour = share of the gold row, text = count.

    Args:
        confusion: the output of `presslens.validation.confusion_table`.
        split: which split to draw ("rw_dev", "mt_dev").
        name: file name of the PNG and CSV.
        title: overall title.
    """
    table = confusion.loc[confusion["split"] == split].reset_index(drop=True)
    if table.empty:
        return _nothing_to_draw(f"No predictions for NewsMTSC {split}: its file is missing.",
                                title=title, name=name, data=table)
    methods = list(dict.fromkeys(table["method"]))
    labels = list(SENTIMENT_COLORS)
    fig, axes = plt.subplots(1, len(methods), figsize=(3.2 * len(methods) + 0.6, 3.6), layout="constrained",
                             squeeze=False)
    for ax, method in zip(axes[0], methods):
        cells = table.loc[table["method"] == method]
        shares = cells.pivot(index="gold_label", columns="predicted", values="share_of_gold")
        counts = cells.pivot(index="gold_label", columns="predicted", values="targets")
        ax.grid(visible=False)
        ax.set_xticks(range(3), labels, rotation=30)
        ax.set_yticks(range(3), labels)
        ax.set(title=METHOD_NAMES.get(method, method), xlabel="predicted", ylabel="gold")
        shares, counts = shares.reindex(index=labels, columns=labels), counts.reindex(index=labels, columns=labels)
        ax.imshow(shares.to_numpy(dtype=float), cmap="Blues", vmin=0, vmax=1)
        for row, gold_label in enumerate(labels):
            for column, predicted in enumerate(labels):
                share = float(shares.loc[gold_label, predicted])
                ax.text(column, row, f"{int(counts.loc[gold_label, predicted])}", ha="center", va="center",
                        color="white" if share > 0.6 else "black")
    fig.suptitle(f"{title} — NewsMTSC {split}", fontweight="bold")
    save(fig, name, data=table)
    return fig


def method_scores(summary: pd.DataFrame, *, published: pd.DataFrame | None = None,
                  name: str = "validation-target-macro-f1",
                  title: str = "Sentiment toward a target: macro-F1 against human labels") -> Figure:
    """Grouped bars of macro-F1 per method and split, with published reference figures as dashed lines.

    Args:
        summary: the output of `presslens.validation.target_summary`.
        published: rows of `presslens.validation.PUBLISHED` with metric "macro_f1" (drawn as lines).
        name: file name of the PNG and CSV.
        title: chart title.
    """
    if summary.empty:
        return _nothing_to_draw("No NewsMTSC split found: nothing to score (see the first section).",
                                title=title, name=name, data=summary)
    splits = list(dict.fromkeys(summary["split"]))
    methods = list(dict.fromkeys(summary["method"]))
    fig, ax = new_figure(width=8, height=4)
    width = 0.8 / max(1, len(methods))
    for number, method in enumerate(methods):
        rows = summary.loc[summary["method"] == method].set_index("split").reindex(splits)
        positions = [index + number * width - 0.4 + width / 2 for index in range(len(splits))]
        bars = ax.bar(positions, rows["macro_f1"].fillna(0), width=width * 0.95, label=METHOD_NAMES.get(method, method))
        ax.bar_label(bars, labels=[f"{value:.2f}" for value in rows["macro_f1"].fillna(0)], fontsize=8)
    if published is not None:
        best = published.loc[(published["metric"] == "macro_f1") & (published["method"] == "best_published")]
        for index, split in enumerate(splits):
            for value in best.loc[best["dataset"] == split, "value"]:
                ax.hlines(value, index - 0.45, index + 0.45, colors="black", linestyles="--", linewidth=1)
                ax.text(index - 0.45, value + 0.01, "paper's best (test split)", ha="left", va="bottom", fontsize=8)
    ax.set_xticks(range(len(splits)), [f"NewsMTSC {split}" for split in splits])
    ax.set(title=title, ylabel="macro-F1", ylim=(0, 1))
    ax.grid(axis="x", visible=False)
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=max(1, len(methods)))
    save(fig, name, data=summary)
    return fig


def vader_against_humans(predictions: pd.DataFrame, *, name: str = "validation-vader-nyt-scatter",
                         title: str = "VADER compound against the human mean rating (NYT snippets)") -> Figure:
    """Scatter of VADER's compound against the human mean rating, one dot per snippet.

    Args:
        predictions: the output of `presslens.validation.vader_nyt_predictions`.
        name: file name of the PNG and CSV.
        title: chart title.
    """
    if predictions.empty:
        return _nothing_to_draw("No VADER-NYT file found: nothing to compare (see the first section).",
                                title=title, name=name, data=predictions[["snippet_id", "human_mean", "compound"]])
    fig, ax = new_figure(width=6, height=4.5)
    ax.scatter(predictions["human_mean"], predictions["compound"], s=6, alpha=0.3, color=OVER_COLOR)
    ax.axhline(0, color="black", linewidth=0.6)
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set(title=title, xlabel="human mean rating (-4 .. +4)", ylabel="VADER compound (-1 .. +1)",
           xlim=(-4.2, 4.2), ylim=(-1.05, 1.05))
    save(fig, name, data=predictions[["snippet_id", "human_mean", "compound"]])
    return fig
