"""Charts of notebook 06 (copies, stories and topics), in the house style of `presslens.report.figures`."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from presslens.report.figures import OVER_COLOR, UNDER_COLOR, bar, new_figure, nothing_to_draw, save

TOPIC_COLORS = plt.get_cmap("tab20").colors


def _short(text: object, width: int = 60) -> str:
    return textwrap.shorten(str(text), width=width, placeholder="…")


def copy_groups(summary: pd.DataFrame, *, n: int = 15, name: str = "stories-copy-groups",
                title: str = "Largest groups of near-copies") -> Figure | None:
    """Bars of the `n` largest copy groups (from `stories.copy_group_summary`), labelled by the first headline."""
    table = summary.head(n).assign(label=lambda frame: [f"{_short(title)} ({sources} source{'s' * (sources != 1)})"
                                                        for title, sources in zip(frame["title"], frame["sources"])])
    if table.empty:
        return nothing_to_draw("No two articles in this corpus are copies of one text.", title=title, name=name,
                               data=summary.head(n))
    return bar(table, label="label", value="articles", title=title, xlabel="articles in the group", name=name)


def story_timeline(summary: pd.DataFrame, *, n: int = 15, name: str = "stories-timeline",
                   title: str = "The largest stories and their date span") -> Figure | None:
    """Each of the `n` largest stories (from `stories.story_summary`) as a line from its first to its last day,
    labelled by its key terms, with its number of articles."""
    table = summary.sort_values(["articles", "story"], ascending=[False, True]).head(n)
    if table.empty:
        return nothing_to_draw("No story: stories need at least two dated articles about one event.", title=title,
                               name=name, data=table)
    table = table.sort_values(["first_date", "story"]).reset_index(drop=True)
    fig, ax = new_figure(height=max(2.5, 0.38 * len(table) + 1.2))
    first, last = pd.to_datetime(table["first_date"]), pd.to_datetime(table["last_date"])
    rows = np.arange(len(table))[::-1]
    ax.hlines(rows, first, last + pd.Timedelta(hours=20), color=OVER_COLOR, linewidth=5)
    ax.scatter(first, rows, s=12 * table["articles"], color=OVER_COLOR, zorder=3)
    ax.set_yticks(rows, [f"{_short(terms, 45)} ({count})" for terms, count in zip(table["key_terms"],
                                                                                  table["articles"])])
    ax.set(title=title, xlabel="date (dot size: articles)")
    ax.grid(axis="y", visible=False)
    fig.autofmt_xdate()
    save(fig, name, data=table)
    return fig


def topic_method_scores(comparison: pd.DataFrame, *, name: str = "topics-method-coherence",
                        title: str = "Topic coherence (NPMI of top terms) and diversity by method") -> Figure | None:
    """Bars of mean NPMI and topic diversity per method (from `stories.compare_topic_methods`)."""
    if comparison.empty or comparison["topics"].max() == 0:
        return nothing_to_draw("Topic models need at least four articles.", title=title, name=name, data=comparison)
    fig, ax = new_figure(width=7, height=3.2)
    positions = np.arange(len(comparison))
    ax.bar(positions - 0.2, comparison["mean_npmi"], width=0.4, color=OVER_COLOR, label="mean NPMI")
    ax.bar(positions + 0.2, comparison["diversity"], width=0.4, color=UNDER_COLOR, label="diversity")
    ax.set_xticks(positions, comparison["method"])
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set(title=title, ylabel="score")
    ax.legend(frameon=False)
    ax.grid(axis="x", visible=False)
    save(fig, name, data=comparison)
    return fig


def topic_terms(terms: pd.DataFrame, *, top_n: int = 8, columns: int = 4, name: str = "topics-top-terms",
                title: str = "Top terms of each topic") -> Figure | None:
    """Small multiples: each topic's `top_n` terms by weight (from `stories.nmf_topics` / `embedding_topics`)."""
    table = terms[terms["rank"] <= top_n].sort_values(["topic", "rank"]).reset_index(drop=True)
    if table.empty:
        return nothing_to_draw("Topic models need at least four articles.", title=title, name=name, data=table)
    topics = sorted(table["topic"].unique())
    rows = int(np.ceil(len(topics) / columns))
    fig, axes = plt.subplots(rows, columns, figsize=(3.1 * columns, 0.22 * top_n * rows + 0.9 * rows),
                             layout="constrained", squeeze=False)
    for ax, topic in zip(axes.ravel(), topics):
        part = table[table["topic"] == topic].iloc[::-1]
        ax.barh(part["term"], part["weight"], color=TOPIC_COLORS[(topic - 1) % len(TOPIC_COLORS)])
        ax.set_title(f"topic {topic}", fontsize=10)
        ax.tick_params(axis="x", labelbottom=False)
        ax.grid(axis="y", visible=False)
    for ax in axes.ravel()[len(topics):]:
        ax.axis("off")
    fig.suptitle(title, fontweight="bold")
    save(fig, name, data=table)
    return fig


def _topic_labels(labels: dict[int, str] | None, topics: list[int]) -> list[str]:
    labels = labels or {}
    return [f"{topic}: {_short(labels.get(topic, ''), 32)}".rstrip(": ") for topic in topics]


def topic_shares_by_source(shares: pd.DataFrame, *, labels: dict[int, str] | None = None, n: int = 12,
                           name: str = "topics-share-by-source",
                           title: str = "Topic shares of each source's articles") -> Figure | None:
    """Stacked bars of each source's topic shares, for the `n` sources with most articles
    (from `stories.topic_shares(..., by="source")`); `labels` names each topic (e.g. its top terms)."""
    if shares.empty or shares["source"].nunique() < 2:
        return nothing_to_draw("Fewer than two sources with enough articles to compare (sources below the minimum "
                               "number of articles are left out of the shares).", title=title, name=name, data=shares)
    sizes = shares.groupby("source")["group_articles"].first().sort_values(ascending=False, kind="stable")
    chosen = sorted(sizes.head(n).index, key=lambda source: (-sizes[source], source))
    table = shares[shares["source"].isin(chosen)]
    wide = table.pivot(index="source", columns="topic", values="share").reindex(chosen).fillna(0)
    fig, ax = new_figure(width=9, height=max(2.6, 0.38 * len(wide) + 1.8))
    left = np.zeros(len(wide))
    rows = np.arange(len(wide))[::-1]
    for topic, label in zip(wide.columns, _topic_labels(labels, list(wide.columns))):
        ax.barh(rows, wide[topic], left=left, color=TOPIC_COLORS[(topic - 1) % len(TOPIC_COLORS)], label=label)
        left += wide[topic].to_numpy()
    ax.set_yticks(rows, [f"{source} (n={sizes[source]})" for source in wide.index])
    ax.set(title=title, xlabel="share of the source's articles", xlim=(0, 1))
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)
    save(fig, name, data=table.reset_index(drop=True))
    return fig


def topic_shares_over_time(shares: pd.DataFrame, *, labels: dict[int, str] | None = None,
                           name: str = "topics-share-over-time",
                           title: str = "Articles per period, by topic") -> Figure | None:
    """Stacked bars of each period's articles by topic (from `stories.topic_shares(..., by="period")`): the
    height is the coverage, the colours its topic shares."""
    if shares.empty or shares["period"].nunique() < 2:
        return nothing_to_draw("Fewer than two periods with dated articles: no shares over time.", title=title,
                               name=name, data=shares)
    wide = shares.pivot(index="period", columns="topic", values="articles").fillna(0).sort_index()
    periods = pd.to_datetime(pd.Series(wide.index))
    width = max(1.0, 0.8 * float(periods.diff().dt.days.min()))
    fig, ax = new_figure(width=9, height=4.5)
    bottom = np.zeros(len(wide))
    for topic, label in zip(wide.columns, _topic_labels(labels, list(wide.columns))):
        ax.bar(periods, wide[topic], bottom=bottom, width=width, align="edge", label=label,
               color=TOPIC_COLORS[(topic - 1) % len(TOPIC_COLORS)])
        bottom += wide[topic].to_numpy()
    ax.set(title=title, xlabel="period", ylabel="articles")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)
    ax.grid(axis="x", visible=False)
    fig.autofmt_xdate()
    save(fig, name, data=shares)
    return fig


def counting_once(effect: pd.DataFrame, *, name: str = "stories-counting-once",
                  title: str = "How much each figure moves when each copy group counts once") -> Figure | None:
    """Bars of the relative change of each count (from `stories.counting_once`; means and shares are in its table)."""
    table = effect[effect["change_percent"].notna()].reset_index(drop=True)
    if table.empty or not (table["change_percent"] != 0).any():
        return nothing_to_draw("No copies in this corpus: counting each copy group once changes nothing.",
                               title=title, name=name, data=effect)
    fig, ax = new_figure(height=max(2.5, 0.32 * len(table) + 1.2))
    rows = np.arange(len(table))[::-1]
    colors = [OVER_COLOR if value >= 0 else UNDER_COLOR for value in table["change_percent"]]
    ax.barh(rows, table["change_percent"], color=colors)
    ax.set_yticks(rows, table["measure"])
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set(title=title, xlabel="change when copies count once (%)")
    ax.grid(axis="y", visible=False)
    save(fig, name, data=effect)
    return fig
