"""Charts of notebooks 04 (sentiment) and 05 (validation), in the house style of `presslens.report.figures`."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from presslens.report.figures import (NEGATIVE_COLOR, NEUTRAL_COLOR, OVER_COLOR, POSITIVE_COLOR, new_figure,
                                      nothing_to_draw, save)

SENTIMENT_COLORS = {"negative": NEGATIVE_COLOR, "neutral": NEUTRAL_COLOR, "positive": POSITIVE_COLOR}


def sentiment_arc(arc_table: pd.DataFrame, *, name: str = "sentiment-arc",
                  title: str | None = None) -> Figure:
    """Compound by sentence position with its rolling mean; dotted lines mark paragraph starts, when there are any.

    Args:
        arc_table: the output of `presslens.sentiment.arc` (one article).
        name: file name of the PNG and CSV.
        title: chart title; default "Sentence sentiment through article <article_id>" (with its headline when
            the table has a `title` column), so the chart says which article it shows.
    """
    if title is None:
        article = str(arc_table["article_id"].iloc[0]) if len(arc_table) else "(none)"
        headline = str(arc_table["title"].iloc[0]) if "title" in arc_table and len(arc_table) else ""
        title = f"Sentence sentiment through article {article}" + (f"\n“{headline[:70]}”" if headline else "")
    fig, ax = new_figure()
    ax.axhline(0, color="black", linewidth=0.8)
    starts = arc_table.loc[arc_table["paragraph_start"], "sentence_id"].iloc[1:]
    for position in starts:
        ax.axvline(position - 0.5, color=NEUTRAL_COLOR, linestyle=":", linewidth=0.8)
    colors = [SENTIMENT_COLORS["positive"] if value > 0 else SENTIMENT_COLORS["negative"] if value < 0
              else SENTIMENT_COLORS["neutral"] for value in arc_table["compound"]]
    ax.bar(arc_table["sentence_id"], arc_table["compound"], color=colors, alpha=0.55)
    ax.plot(arc_table["sentence_id"], arc_table["rolling_mean"], color="black", linewidth=1.8, label="rolling mean")
    for label in ("positive", "negative", "neutral"):  # one legend swatch per bar colour
        ax.bar([], [], color=SENTIMENT_COLORS[label], alpha=0.55, label=f"{label} sentence")
    xlabel = "sentence (dotted lines: paragraph starts)" if len(starts) else "sentence"
    ax.set(title=title, xlabel=xlabel, ylabel="VADER compound", ylim=(-1, 1))
    ax.legend(loc="lower right", frameon=False, fontsize=8, ncol=2)
    save(fig, name, data=arc_table)
    return fig


def sentiment_label_shares(summary: pd.DataFrame, *, by: str, name: str, title: str,
                           ylabel: str = "", min_groups: int = 1) -> Figure | None:
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
        return nothing_to_draw(f"Fewer than {min_groups} distinct values of '{by}' in the data: nothing to compare.",
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
                         title: str = "Sentiment toward each actor (mean score, 95% interval by article)") -> Figure | None:
    """Mean target score per actor with its 95% interval (resampled by article); labels carry the mentions.

    Args:
        table: the output of `presslens.sentiment.actor_sentiment` (most mentioned first).
        n: how many of the most mentioned rows to show.
        by: the column naming each row.
        name: file name of the PNG and CSV.
        title: chart title.
    """
    shown = table.head(n).reset_index(drop=True)
    if shown.empty:
        return nothing_to_draw("No actor to show: none from the codebook is named often enough in this corpus.",
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
                        title: str = "Mean sentence sentiment per period") -> Figure | None:
    """Mean compound per period with its 95% interval band and the number of articles.

    With fewer than two dated periods (no dates, or all in one period) the figure says so instead.

    Args:
        table: the output of `presslens.sentiment.over_time`.
        name: file name of the PNG and CSV.
        title: chart title.
    """
    if table["period"].nunique() < 2:
        return nothing_to_draw("Fewer than two periods with dated articles: no line over time.",
                               title=title, name=name, data=table)
    fig, ax = new_figure()
    ax.axhline(0, color="black", linewidth=0.8)
    ax.fill_between(table["period"], table["ci_low"], table["ci_high"], alpha=0.2,
                    label="95% interval (resampled by article)")
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


METHOD_NAMES = {"sentence_vader": "sentence VADER", "lexicon": "lexicon (target)", "learned": "learned (target)"}


def confusion_matrices(confusion: pd.DataFrame, *, split: str, name: str,
                       title: str = "Gold label (rows) against predicted label (columns)") -> Figure | None:
    """One confusion-matrix panel per method: colour = share of the gold row, text = count.

    Args:
        confusion: the output of `presslens.validation.confusion_table`.
        split: which split to draw ("rw_dev", "mt_dev").
        name: file name of the PNG and CSV.
        title: overall title.
    """
    table = confusion.loc[confusion["split"] == split].reset_index(drop=True)
    if table.empty:
        return nothing_to_draw(f"No predictions for NewsMTSC {split}: its file is missing.",
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
                  title: str = "Sentiment toward a target: macro-F1 against human labels") -> Figure | None:
    """Grouped bars of macro-F1 per method and split, with published reference figures as dashed lines.

    Args:
        summary: the output of `presslens.validation.target_summary`.
        published: rows of `presslens.validation.PUBLISHED` with metric "macro_f1" (drawn as lines).
        name: file name of the PNG and CSV.
        title: chart title.
    """
    if summary.empty:
        return nothing_to_draw("No NewsMTSC split found: nothing to score (see the first section).",
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
                         title: str = "VADER compound against the human mean rating (NYT snippets)") -> Figure | None:
    """Scatter of VADER's compound against the human mean rating, one dot per snippet.

    Args:
        predictions: the output of `presslens.validation.vader_nyt_predictions`.
        name: file name of the PNG and CSV.
        title: chart title.
    """
    if predictions.empty:
        return nothing_to_draw("No VADER-NYT file found: nothing to compare (see the first section).",
                               title=title, name=name, data=predictions[["snippet_id", "human_mean", "compound"]])
    fig, ax = new_figure(width=6, height=4.5)
    ax.scatter(predictions["human_mean"], predictions["compound"], s=6, alpha=0.3, color=OVER_COLOR)
    ax.axhline(0, color="black", linewidth=0.6)
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set(title=title, xlabel="human mean rating (-4 .. +4)", ylabel="VADER compound (-1 .. +1)",
           xlim=(-4.2, 4.2), ylim=(-1.05, 1.05))
    save(fig, name, data=predictions[["snippet_id", "human_mean", "compound"]])
    return fig


def coded_accuracy(accuracy: pd.DataFrame, *, name: str = "validation-on-this-corpus",
                   title: str = "How right the tool is on this corpus, by the coders") -> Figure | None:
    """Precision and recall per task with their 95% intervals, as the coders of this corpus measured them.

    Args:
        accuracy: `CorpusValidation.accuracy()` (one row per task); no rows draws a note instead.
        name: file name of the PNG and CSV.
        title: chart title.
    """
    if accuracy.empty:
        return nothing_to_draw("No coded sheets for this corpus yet (see the text above).", title=title, name=name,
                               data=accuracy)
    fig, ax = new_figure(width=7, height=max(2.2, 0.7 * len(accuracy) + 1.2))
    tasks = list(accuracy["task"])
    for offset, (measure, color) in enumerate((("precision", OVER_COLOR), ("recall", NEGATIVE_COLOR))):
        positions = [index + (0.15 if offset else -0.15) for index in range(len(tasks))]
        values = accuracy[measure]
        errors = [(values - accuracy[f"{measure}_low"]).clip(lower=0),
                  (accuracy[f"{measure}_high"] - values).clip(lower=0)]
        ax.errorbar(values, positions, xerr=errors, fmt="o", color=color, capsize=3, label=measure)
    ax.set_yticks(range(len(tasks)), tasks)
    ax.invert_yaxis()
    ax.set(title=title, xlabel="share (95% interval, resampled by article)", xlim=(0, 1.02))
    ax.legend(frameon=False, loc="lower left")
    save(fig, name, data=accuracy)
    return fig
