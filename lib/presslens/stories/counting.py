"""Counting once: how much term counts, tone, sentiment toward actors and stance move when copies count once.

Each stage of presslens counts every article it is given. To count each copy group once, pass its table through
`keep_first_copies(table, groups)` (or `dedupe(table, groups, "first")`) before the stage, or the whole corpus
through `dedupe_corpus(corpus, "first")` (what the `dedupe` parameter of notebooks 02-04 does); `counting_once`
computes the main figures of notebooks 02-04 both ways and puts them side by side.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from presslens.stories.copies import dedupe, keep_first_copies, near_duplicates

DEDUPE_CHOICES = ("none", "first")


def dedupe_corpus(corpus: object, how: str = "none", *, groups: pd.DataFrame | None = None) -> object:
    """The corpus with every copy group counted once, or as it is.

    Args:
        corpus: a `presslens.Corpus`.
        how: "none" keeps every article (a copy counts under each outlet that ran it); "first" keeps only the
            first-published article of each copy group (wire copy, syndication, updated versions: see
            `near_duplicates`), so that a text counts once in term counts, tone, actor sentiment and stance.
        groups: the copy groups of `near_duplicates(corpus)`, computed here when not given.

    Returns:
        A `Corpus` with the same tables (articles, audit, sentences, tokens) limited to the kept articles;
        `skipped` is unchanged, and `notes()` lists each copy left out and the article it was counted under.
        With "none", `corpus` itself.

    Raises:
        ValueError: for a `how` other than "none" and "first".
    """
    if how not in DEDUPE_CHOICES:
        raise ValueError(f"dedupe must be one of {DEDUPE_CHOICES}, not {how!r}")
    if how == "none":
        return corpus
    groups = near_duplicates(corpus) if groups is None else groups
    once = dataclasses.replace(corpus, **{name: dedupe(getattr(corpus, name), groups, how)
                                          for name in ("articles", "audit", "sentences", "tokens")})
    copies = groups[groups["article_id"].ne(groups["first_published"])]
    paths = corpus.articles.set_index("article_id")["path"]
    once.articles.attrs = {**corpus.articles.attrs, "left_out": [
        {"path": paths.get(row.article_id), "article_id": row.article_id,
         "why": f"a copy of article {row.first_published} (similarity {row.similarity:.2f}), counted once there"}
        for row in copies.itertuples(index=False)]}
    return once

EFFECT_COLUMNS = ["measure", "all_articles", "first_copies", "change", "change_percent"]


def _row(measure: str, everything: float, once: float, *, count: bool = True) -> dict[str, object]:
    """A measure on both sets; the relative change only for counts (a mean near zero would make it huge)."""
    relative = (once - everything) / abs(everything) * 100 if count and everything else np.nan
    return {"measure": measure, "all_articles": round(float(everything), 4), "first_copies": round(float(once), 4),
            "change": round(float(once - everything), 4),
            "change_percent": round(float(relative), 2) if not np.isnan(relative) else np.nan}


def counting_once(corpus: object, groups: pd.DataFrame, *, top_terms: int = 5, target_method: str = "lexicon",
                  scores: pd.DataFrame | None = None, mentions: pd.DataFrame | None = None,
                  stances: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each main figure computed on all articles and on the first article of each copy group only.

    Args:
        corpus: a Corpus (articles, sentences, tokens).
        groups: from `near_duplicates`.
        top_terms: the most frequent lemmas (on all articles) whose counts are compared.
        target_method: how actor mentions are scored ("lexicon" is fast; "auto" uses the learned scorer).
        scores, mentions, stances: sentence scores, scored actor mentions and stance statements already computed
            on all articles (computed here when not given).

    Returns:
        One row per measure: measure, all_articles, first_copies, change (first - all) and, for counts,
        change_percent (change / all x 100; missing for means and shares, whose relative change says little):
        articles, sentences, the counts of the `top_terms` lemmas, mean sentence compound, share of negative
        sentences, actor mentions, mean score toward the most named actor, stance statements.
    """
    from presslens import sentiment, stance, terms

    rows = [_row("articles", len(corpus.articles), len(keep_first_copies(corpus.articles, groups))),
            _row("sentences", len(corpus.sentences), len(keep_first_copies(corpus.sentences, groups)))]
    counts = terms.term_frequencies(corpus.tokens)
    once = terms.term_frequencies(keep_first_copies(corpus.tokens, groups)).set_index("term")["count"]
    for term, count in counts.head(top_terms)[["term", "count"]].itertuples(index=False):
        rows.append(_row(f"count of '{term}'", count, once.get(term, 0)))
    scores = sentiment.score_sentences(corpus.sentences) if scores is None else scores
    kept = keep_first_copies(scores, groups)
    rows.append(_row("mean sentence compound", scores["compound"].mean(), kept["compound"].mean(), count=False))
    rows.append(_row("share of negative sentences", (scores["label"] == "negative").mean(),
                     (kept["label"] == "negative").mean(), count=False))
    if mentions is None:
        mentions = sentiment.score_targets(stance.find_mentions(corpus), method=target_method)
    kept_mentions = keep_first_copies(mentions, groups)
    rows.append(_row("actor mentions", len(mentions), len(kept_mentions)))
    actor = sentiment.most_mentioned_actor(mentions)
    if actor is not None:
        rows.append(_row(f"mean score toward {actor}", mentions.loc[mentions["actor"] == actor, "score"].mean(),
                         kept_mentions.loc[kept_mentions["actor"] == actor, "score"].mean(), count=False))
    stances = stance.extract_stances(corpus) if stances is None else stances
    rows.append(_row("stance statements", len(stances), len(keep_first_copies(stances, groups))))
    return pd.DataFrame(rows, columns=EFFECT_COLUMNS)


def describe_copies(groups: pd.DataFrame) -> str:
    """One sentence on the copies found: how many groups of two or more, how many articles they hold."""
    if len(groups) < 2:
        return (f"{len(groups)} article: near-copies need at least two articles, so every article is its own "
                "copy group here.")
    sizes = groups.groupby("copy_group").size()
    copied = sizes[sizes > 1]
    if copied.empty:
        return f"{len(groups):,} articles, no near-copies: every article is its own copy group."
    return (f"{len(groups):,} articles in {len(sizes):,} copy groups: {len(copied):,} groups of two or more hold "
            f"{int(copied.sum()):,} articles, so {int(copied.sum() - len(copied)):,} articles are copies of an "
            "earlier one.")
