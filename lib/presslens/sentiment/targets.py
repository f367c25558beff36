"""Sentiment toward each actor: every mention scored, then summarised per actor, source or quoted speaker.

`score_targets` scores each mention with the learned scorer (`presslens.sentiment.onnx_runtime`: the fine-tuned
encoder of `learned` run by ONNX Runtime) when it is installed, else with the lexicon method
(`presslens.sentiment.target_rules`); `actor_sentiment` gives each actor's mean score with a 95% interval
resampled by article, and `actor_evidence` the sentences behind it.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from presslens.sentiment.target_rules import score_target_lexicon
from presslens.sentiment.tone import (DEFAULT_THRESHOLD, LABELS, SENTENCE_KEYS, check_threshold,
                                      cluster_bootstrap_mean, label_scores)
from presslens.text.inputs import require_columns


def score_targets(targets: pd.DataFrame, *, method: str = "auto",
                  threshold: float = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """Sentiment toward each target mention: does its sentence speak well or ill of it?

    Args:
        targets: a table with `sentence` (text), `start`, `end` (the mention's character span within
            `sentence`, end exclusive), e.g. `presslens.stance.find_mentions(...)` or
            `presslens.evaluation.gold.read_newsmtsc(...)`. Other columns are kept.
        method: "lexicon" (`score_target_lexicon`: VADER's word valences in the mention's clause, weighted
            by distance, with negation and the mention's role), "learned" (`presslens.sentiment.onnx_runtime`, a
            fine-tuned sentence encoder run by ONNX Runtime in int8; needs the `learned` extra, not torch), or
            "auto": learned when `presslens.sentiment.onnx_build.is_available()`, else lexicon (and a warning
            says so, once). In a process pool, call `onnx_runtime.use_threads(1)` in each worker.
        threshold: for the lexicon method, score >= threshold is positive, <= -threshold negative.

    Returns:
        The input rows, same order and index reset, plus `label` ("negative"|"neutral"|"positive"),
        `score` (float in [-1, 1]) and `method` ("lexicon"|"learned").

    Raises:
        ValueError: when a column is missing, a span lies outside its sentence, or `method` is unknown.
        RuntimeError: when method="learned" and the learned scorer is not installed.
    """
    require_columns(targets, ["sentence", "start", "end"], argument="score_targets: targets",
                    expected="target mentions with their sentence and span")
    if method not in ("auto", "lexicon", "learned"):
        raise ValueError(f"score_targets: method must be 'auto', 'lexicon' or 'learned', not {method!r}")
    check_threshold(threshold)
    table = targets.reset_index(drop=True).drop(columns=["label", "score", "method"], errors="ignore")
    sentences = table["sentence"].astype(str).tolist()
    starts, ends = table["start"].astype(int).tolist(), table["end"].astype(int).tolist()
    for row, (sentence, start, end) in enumerate(zip(sentences, starts, ends)):
        if not 0 <= start < end <= len(sentence):
            raise ValueError(f"score_targets: row {row} has span {start}:{end} outside its sentence "
                             f"of {len(sentence)} characters")
    chosen = _choose_method(method)
    if not sentences:
        labels, scores = [], []
    elif chosen == "learned":
        predicted = _learned_model().predict(sentences, starts, ends)
        labels, scores = predicted["label"].tolist(), predicted["score"].astype(float).tolist()
    else:
        scores = [score_target_lexicon(s, a, b) for s, a, b in zip(sentences, starts, ends)]
        labels = label_scores(scores, threshold=threshold).tolist()
    return table.assign(label=labels, score=np.asarray(scores, dtype=float), method=chosen)


def actor_sentiment(targets: pd.DataFrame, *, by: str | Sequence[str] = "actor", method: str = "auto",
                    min_mentions: int = 1) -> pd.DataFrame:
    """Sentiment toward each actor: how often named, mean target score with a 95% interval, label shares.

    Mentions in one article are not independent (one writer, one event), so the interval resamples whole
    articles (`presslens.sentiment.tone.cluster_bootstrap_mean`): an actor named 15 times in one article and
    once elsewhere gets an interval as wide as its two articles warrant, not one for 16 independent mentions.

    Args:
        targets: actor mentions (`presslens.stance.find_mentions`), scored by `score_targets` or not (then
            they are scored here with `method`). Needs `article_id` and an `actor` column (or the `by` columns).
        by: the grouping: "actor", or e.g. ["source", "actor"] after merging the articles' `source`.
        method: passed to `score_targets` when `targets` has no `score` yet.
        min_mentions: groups with fewer mentions are left out.

    Returns:
        One row per group, most mentioned first (ties by name): the `by` columns, `mentions`, `articles`,
        `mean_score`, `ci_low`, `ci_high` (95% interval resampled by article (cluster bootstrap); NaN with one
        article), `share_negative`, `share_neutral`, `share_positive`, `method`. The sentences behind each
        row: `actor_evidence(scored, actor)`.

    Raises:
        ValueError: when `article_id` or a grouping column is missing.
    """
    keys = [by] if isinstance(by, str) else list(by)
    require_columns(targets, [*keys, "article_id"], argument="actor_sentiment: targets",
                    expected="actor mentions (find_mentions)")
    scored = targets if {"score", "label", "method"} <= set(targets.columns) else score_targets(targets, method=method)
    summary = cluster_bootstrap_mean(scored, by=keys, value="score").rename(
        columns={"rows": "mentions", "mean": "mean_score"})
    extra = scored.assign(**{f"share_{label}": scored["label"].eq(label) for label in LABELS})
    named = {f"share_{label}": (f"share_{label}", "mean") for label in LABELS}
    named["method"] = ("method", lambda methods: "+".join(sorted(set(methods))))
    shares = extra.groupby(keys, sort=True, dropna=False).agg(**named).reset_index()
    summary = summary.merge(shares, on=keys)
    columns = [*keys, "mentions", "articles", "mean_score", "ci_low", "ci_high",
               *(f"share_{label}" for label in LABELS), "method"]
    summary = summary.loc[summary["mentions"] >= min_mentions, columns]
    return summary.sort_values(["mentions", *keys], ascending=[False, *[True] * len(keys)]).reset_index(drop=True)


def most_mentioned_actor(scored: pd.DataFrame) -> str | None:
    """The actor named most often in `scored` (ties: first by name), or None when no actor is named.

    Args:
        scored: actor mentions (`presslens.stance.find_mentions`, scored or not); needs `actor`.

    Returns:
        The canonical actor name, or None for an empty table.
    """
    if "actor" not in scored.columns:
        raise ValueError("most_mentioned_actor: the table needs an 'actor' column (find_mentions output)")
    if scored.empty:
        return None
    counts = scored.groupby("actor").size().reset_index(name="mentions")
    return str(counts.sort_values(["mentions", "actor"], ascending=[False, True])["actor"].iloc[0])


def actor_evidence(scored: pd.DataFrame, actor: str | None = None, *, label: str | None = None) -> pd.DataFrame:
    """The scored mentions behind one row of `actor_sentiment`: which sentences, which label, which score.

    Args:
        scored: the output of `score_targets` on actor mentions (needs `actor`).
        actor: the canonical actor name; None takes the most mentioned actor (`most_mentioned_actor`).
        label: keep only this label ("negative"|"neutral"|"positive"); None keeps all.

    Returns:
        The actor's scored mentions, most negative first (ties by `article_id`, `sentence_id`, `start`),
        index reset; the same columns as `scored`. Empty when `scored` names no actor.

    Raises:
        ValueError: for an unknown label or when `scored` has no `actor`/`score` column.
    """
    if not {"actor", "score", "label"} <= set(scored.columns):
        raise ValueError("actor_evidence: pass the output of score_targets on actor mentions "
                         "(needs actor, score and label columns)")
    if label is not None and label not in LABELS:
        raise ValueError(f"actor_evidence: label must be one of {LABELS}, not {label!r}")
    if actor is None:
        actor = most_mentioned_actor(scored)
    rows = scored[scored["actor"] == actor]
    if label is not None:
        rows = rows[rows["label"] == label]
    order = [column for column in ("score", "article_id", "sentence_id", "start") if column in rows.columns]
    return rows.sort_values(order).reset_index(drop=True)


def describe_targets(scored: pd.DataFrame, *, method: str | None = None) -> str:
    """One sentence saying which target method ran and how many mentions of how many actors it scored.

    Args:
        scored: the output of `score_targets` on actor mentions (needs `actor` and `method`).
        method: the method to name when `scored` is empty (default: `best_method()`).

    Returns:
        e.g. "Target method: lexicon; 96 mentions of 17 actors in 1 article." or, when no actor is named,
        "Target method: lexicon; no actor from the codebook is named in this corpus, so the actor tables
        below are empty."
    """
    if not {"actor", "method"} <= set(scored.columns):
        raise ValueError("describe_targets: pass the output of score_targets on actor mentions "
                         "(needs actor and method columns)")
    methods = sorted(set(scored["method"])) or [method or best_method()]
    lead = f"Target method: {'+'.join(methods)}"
    if scored.empty:
        return f"{lead}; no actor from the codebook is named in this corpus, so the actor tables below are empty."
    actors = scored["actor"].nunique()
    text = f"{lead}; {len(scored)} mention{'s' * (len(scored) != 1)} of {actors} actor{'s' * (actors != 1)}"
    if "article_id" in scored.columns:
        articles = scored["article_id"].nunique()
        text += f" in {articles} article{'s' * (articles != 1)}"
    return text + "."


def quoted_mentions(scored: pd.DataFrame, quotes: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The scored actor mentions that lie inside a quote, with the quote's speaker.

    A mention counts when its whole span lies within the quote's span (direct quotes and reported speech
    from `presslens.stance.extract_quotes`), so the attribution "..., said Witold Rodkiewicz" is not part of
    his own quote. A mention inside two overlapping quotes is kept once, with the direct quote.

    Args:
        scored: `score_targets` output on `find_mentions` rows (needs `article_id`, `sentence_id`, `start`,
            `end` within the sentence, `actor`, `score`, `label`, `method`).
        quotes: `presslens.stance.extract_quotes` output on the same corpus (`article_id`, `kind`,
            `speaker`, `speaker_actor`, `start`, `end` as offsets in the article body).
        sentences: the corpus's sentences table (`article_id`, `sentence_id`, `start`), which places each
            mention in its article.

    Returns:
        The quoted mentions, ordered by `article_id`, `sentence_id`, `start`: the columns of `scored`, then
        `speaker` (NA when unattributed), `speaker_actor` (NA when unknown), `kind` ("direct"|"reported"),
        `quote_start`, `quote_end` (the quote's offsets in the article body).

    Raises:
        ValueError: naming the argument that lacks a column, or a mention whose sentence is not in
            `sentences`.
    """
    require_columns(scored, ["article_id", "sentence_id", "start", "end", "actor", "score", "label", "method"],
                    argument="quoted_mentions: scored", expected="score_targets output on find_mentions rows")
    require_columns(quotes, ["article_id", "kind", "speaker", "speaker_actor", "start", "end"],
                    argument="quoted_mentions: quotes", expected="extract_quotes output")
    require_columns(sentences, ["article_id", "sentence_id", "start"], argument="quoted_mentions: sentences",
                    expected="a sentence table")
    keys = list(SENTENCE_KEYS)
    table = scored.reset_index(drop=True).assign(_row=lambda frame: np.arange(len(frame)))
    placed = table[["_row", *keys, "start", "end"]].merge(
        sentences[[*keys, "start"]].rename(columns={"start": "_sentence_start"}), on=keys, how="left",
        validate="many_to_one")
    if placed["_sentence_start"].isna().any():
        raise ValueError("quoted_mentions: some mentions' (article_id, sentence_id) are not in the sentences table")
    placed = placed.assign(_first=placed["_sentence_start"] + placed["start"],
                           _last=placed["_sentence_start"] + placed["end"])
    spans = quotes[["article_id", "kind", "speaker", "speaker_actor", "start", "end"]].rename(
        columns={"start": "quote_start", "end": "quote_end"})
    pairs = placed[["_row", "article_id", "_first", "_last"]].merge(spans, on="article_id")
    inside = pairs[(pairs["quote_start"] <= pairs["_first"]) & (pairs["_last"] <= pairs["quote_end"])]
    inside = (inside.assign(_reported=inside["kind"].ne("direct"))
              .sort_values(["_row", "_reported", "quote_start"]).drop_duplicates("_row"))
    columns = ["speaker", "speaker_actor", "kind", "quote_start", "quote_end"]
    result = table.merge(inside[["_row", *columns]], on="_row", how="inner")
    result = result.sort_values([*keys, "start", "_row"]).drop(columns="_row").reset_index(drop=True)
    return result.astype({"quote_start": "int64", "quote_end": "int64"})


def quoted_actor_sentiment(scored: pd.DataFrame, quotes: pd.DataFrame, sentences: pd.DataFrame, *,
                           min_mentions: int = 1, unattributed: bool = False) -> pd.DataFrame:
    """How each quoted speaker speaks about each actor: target sentiment of the mentions inside their quotes.

    Args:
        scored: `score_targets` output on `find_mentions` rows of a corpus.
        quotes: `presslens.stance.extract_quotes` output on the same corpus.
        sentences: the corpus's sentences table.
        min_mentions: speaker-actor pairs with fewer quoted mentions are left out.
        unattributed: also keep quotes whose speaker was not found, as one row per actor with an NA speaker.

    Returns:
        One row per speaker and actor, most mentions first (ties by speaker, then actor): `speaker` (NA for
        unattributed quotes, when kept), `speaker_actor` (NA when unknown), `actor`, `mentions`, `quotes`
        (how many quotes they come from), `articles`, `mean_score`, `ci_low`, `ci_high` (95% interval resampled
        by article (cluster bootstrap); NaN with one article), `share_negative`, `share_neutral`,
        `share_positive`, `method`. The rows behind them: `quoted_mentions(...)`.
    """
    quoted = quoted_mentions(scored, quotes, sentences)
    if not unattributed:
        quoted = quoted[quoted["speaker"].notna()]
    keys = ["speaker", "speaker_actor", "actor"]
    summary = actor_sentiment(quoted, by=keys, min_mentions=min_mentions)
    quote_counts = (quoted.drop_duplicates([*keys, "article_id", "quote_start"])
                    .groupby(keys, dropna=False).size().reset_index(name="quotes"))
    summary = summary.merge(quote_counts, on=keys, how="left")
    columns = [*keys, "mentions", "quotes", *[c for c in summary.columns if c not in [*keys, "mentions", "quotes"]]]
    return summary[columns].astype({"quotes": "int64"})


_warned_fallback = False


def _choose_method(method: str) -> str:
    global _warned_fallback
    if method == "lexicon":
        return "lexicon"
    available, reason = _learned_status()
    if method == "learned":
        if not available:
            raise RuntimeError(f"score_targets(method='learned'): the learned scorer is unavailable ({reason}); "
                               "install it or use method='lexicon'")
        return "learned"
    if available:
        return "learned"
    if not _warned_fallback:
        warnings.warn(f"score_targets: the learned target scorer is unavailable ({reason}); "
                      "using the lexicon method", stacklevel=3)
        _warned_fallback = True
    return "lexicon"


def _learned_status() -> tuple[bool, str]:
    from presslens.sentiment import onnx_build

    missing = onnx_build.missing_packages()
    if missing:
        return False, f"missing package(s) {', '.join(missing)}: {onnx_build.install_hint(missing)}"
    if not onnx_build.is_available():
        return False, "its model files are missing from presslens/models/target-sentiment"
    return True, ""


def _learned_model():
    """This process's ONNX target scorer (int8), built at first use and kept on disk."""
    from presslens.sentiment import onnx_runtime

    return onnx_runtime.shared_scorer()


def best_method() -> str:
    """The target method `score_targets(method="auto")` would run: "learned" when installed, else "lexicon"."""
    return "learned" if _learned_status()[0] else "lexicon"
