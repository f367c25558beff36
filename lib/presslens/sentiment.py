"""Sentence tone and sentiment toward a target, the way the literature says to do it on news.

Two different questions live here:

- **Tone of a sentence** (`score_sentences`, `aggregate`): VADER (Hutto & Gilbert 2014) on each sentence,
  through nltk's `SentimentIntensityAnalyzer` with the lexicon shipped in the `vadersentiment` wheel
  (scored by `presslens.fastvader`, which gives nltk's scores bit for bit, faster).
  VADER was built for social-media text; on New York Times snippets it correlates with human ratings at
  about r = 0.50. Articles are summarised by the mean/median of their sentence scores, never by the
  compound of the whole text, which saturates towards +-1 as a text grows (`prefix_compound` shows it).
- **Sentiment toward a target** (`score_targets`, `actor_sentiment`): whether a sentence speaks well or ill
  of one mention in it. A sentence's tone cannot answer that: VADER scores "Ukraine welcomed the proposal,
  but Russia rejected it" and its swap identically. The lexicon method here is target-aware (see
  `score_target_lexicon`); a learned scorer (`presslens.target_model`) is used when installed.

Tone is not stance: a negative sentence about a war is not a position against anyone.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
import simplemma

from presslens import config, fastvader, resources

LABELS = ("negative", "neutral", "positive")
DEFAULT_THRESHOLD = 0.05
SENTENCE_KEYS = ("article_id", "sentence_id")
SCORE_COLUMNS = ["neg", "neu", "pos", "compound", "label"]

# --- Target-aware lexicon method: the small, documented rule set -------------------------------------

#: Words that end the clause a mention sits in: contrast and concession markers and the semicolon.
#: "Ukraine welcomed the proposal, but Russia rejected it" -> two clauses, one per country.
CLAUSE_BREAKS = frozenset({"but", "however", "while", "whereas", "although", "though", ";"})
#: Subordinators that, opening a sentence ("Although Russia rejected it, ..."), run to the next comma.
SUBORDINATORS = frozenset({"although", "though", "while", "whereas"})
#: A sentiment word this many words from the mention counts half as much as one next to it.
HALF_WEIGHT_DISTANCE = 4
#: How many words before a sentiment word a negator ("not", "never", "didn't", ...) reaches.
NEGATION_WINDOW = 3
#: Evaluation verbs: their valence is a judgement OF the one acted on. "X condemned Russia" is negative
#: toward Russia in full; toward X (the one judging) it counts only `EVALUATOR_WEIGHT` as much.
EVALUATION_VERBS = frozenset({
    "accuse", "applaud", "blame", "castigate", "censure", "commend", "compliment", "condemn",
    "congratulate", "criticise", "criticize", "decry", "denounce", "deride", "disparage", "fault",
    "hail", "honor", "honour", "laud", "mock", "praise", "rebuke", "reprimand", "ridicule", "scold",
    "slam", "thank", "vilify",
})
EVALUATOR_WEIGHT = 0.5
#: Contest verbs: the one acting gains and the one acted on loses ("X defeated Y": X positive, Y negative),
#: whatever sign the lexicon gives the verb. Value: strength of the effect on the VADER -4..+4 scale.
CONTEST_VERBS = {
    "beat": 2.0, "defeat": 2.0, "oust": 1.5, "outmaneuver": 1.5, "outmanoeuvre": 1.5, "outperform": 1.5,
    "outplay": 1.5, "outvote": 1.5, "overpower": 1.5, "overwhelm": 1.5, "rout": 2.0, "topple": 1.5,
    "trounce": 2.0, "unseat": 1.5,
}
#: Harm verbs: they condemn the one acting, not the one harmed. "Russia attacked Kyiv" is negative toward
#: Russia; toward Kyiv, the victim, these words count nothing.
HARM_VERBS = frozenset({
    "abduct", "abuse", "assault", "attack", "behead", "bomb", "execute", "harass", "harm", "hurt", "injure",
    "kidnap", "kill", "massacre", "molest", "murder", "persecute", "rape", "shell", "shoot", "slaughter",
    "stab", "threaten", "torture", "wound",
})
#: Reporting verbs: when the mention is their speaker ("X said ...", "..., said X", "according to X"), the
#: words of what was said describe its topic, not the speaker, they count `REPORTED_WEIGHT` (nothing).
REPORTING_VERBS = frozenset({
    "according", "add", "announce", "argue", "assert", "claim", "comment", "contend", "declare", "explain",
    "insist", "note", "say", "state", "suggest", "tell", "tweet", "warn", "write",
})
REPORTED_WEIGHT = 0.0
#: Auxiliaries that, before a participle, make a passive ("Russia was condemned by X").
PASSIVE_AUXILIARIES = frozenset({"am", "is", "are", "was", "were", "be", "been", "being", "get", "gets",
                                 "got", "gotten", "getting"})
_VADER_ALPHA = 15.0  # VADER's normalisation constant: score = x / sqrt(x**2 + alpha)

_TOKEN_PATTERN = re.compile(r"\w+(?:['’]\w+)*(?:-\w+(?:['’]\w+)*)*|n['’]t|[^\w\s]")


@dataclass(frozen=True)
class _Token:
    text: str
    lower: str
    start: int
    end: int


def score_sentences(sentences: pd.DataFrame | Sequence[str] | str, *,
                    threshold: float = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """VADER scores for every sentence, with a three-way label.

    Args:
        sentences: a sentences table (`article_id`, `sentence_id`, `text`, ...), a list of strings (each
            scored whole, as one sentence) or one string (split into sentences first, as
            `presslens.segment.sentence_table_from_texts` does).
        threshold: compound >= threshold is "positive", <= -threshold "negative", else "neutral".
            0.05 is the VADER authors' recommendation; some tutorials use 0.5, which labels most news
            sentences neutral.

    Returns:
        The input's columns (a list gets `article_id` "text-1" and `sentence_id` 0..n-1 and `text`), then
        `neg`, `neu`, `pos` (shares of the text, VADER), `compound` (-1..1) and `label`.

    Raises:
        ValueError: when a table has no `text` column or the threshold is not in [0, 1).
    """
    table = _as_sentence_table(sentences, argument="sentences")
    _check_threshold(threshold)
    scores = fastvader.polarity_scores_many(table["text"].tolist()).set_index(table.index)
    scored = pd.concat([table, scores.astype(float)], axis=1)
    scored["label"] = label_scores(scored["compound"], threshold=threshold)
    return scored.reset_index(drop=True)


def label_scores(scores: pd.Series | Sequence[float], *, threshold: float = DEFAULT_THRESHOLD) -> pd.Series:
    """Map scores in [-1, 1] to "negative" / "neutral" / "positive" with symmetric thresholds.

    Args:
        scores: compound or target scores.
        threshold: score >= threshold is positive, score <= -threshold negative, the rest neutral.

    Returns:
        A string Series of labels, same length and index (a list gets a 0..n-1 index).
    """
    _check_threshold(threshold)
    values = pd.Series(scores, dtype=float)
    labels = np.where(values >= threshold, "positive", np.where(values <= -threshold, "negative", "neutral"))
    return pd.Series(labels, index=values.index, dtype="str")


def aggregate(scores: pd.DataFrame, *, by: str | Sequence[str] = "article") -> pd.DataFrame:
    """Summarise sentence scores per article, paragraph, source, quotation flag or any other column.

    Args:
        scores: the output of `score_sentences` (optionally merged with article columns such as `source`).
        by: "article" (= `article_id`), "paragraph" (= `article_id`, `paragraph`), "corpus" (everything
            together), or the name(s) of columns of `scores`.

    Returns:
        One row per group, sorted by the group keys: the keys, `sentences` (count), `mean_compound`,
        `median_compound`, `share_negative`, `share_neutral`, `share_positive`.

    Raises:
        ValueError: naming a grouping column that `scores` lacks.
    """
    named_keys = {"article": ["article_id"], "paragraph": ["article_id", "paragraph"], "corpus": []}
    if isinstance(by, str):
        keys = named_keys.get(by, [by])
    else:
        keys = list(by)
    missing = [key for key in [*keys, "compound", "label"] if key not in scores.columns]
    if missing:
        raise ValueError(f"aggregate(by={by!r}): scores lacks column(s) {missing}")
    frame = scores.assign(**{f"is_{label}": scores["label"].eq(label) for label in LABELS})
    named = {"sentences": ("compound", "size"), "mean_compound": ("compound", "mean"),
             "median_compound": ("compound", "median"),
             **{f"share_{label}": (f"is_{label}", "mean") for label in LABELS}}
    if not keys:
        summary = frame.assign(_all=0).groupby("_all").agg(**named).reset_index(drop=True)
    else:
        summary = frame.groupby(keys, dropna=False, sort=True).agg(**named).reset_index()
    summary["sentences"] = summary["sentences"].astype(int)
    return summary


def prefix_compound(text: str, *, steps: int = 20) -> pd.DataFrame:
    """VADER compound of growing prefixes of a text: shows why a long text's compound means little.

    The compound sums the valence of every sentiment word and squashes the sum into [-1, 1], so the more
    words, the closer to +-1, whatever the balance. Prefixes end at sentence boundaries.

    Args:
        text: an article body (or any long text).
        steps: how many prefixes, evenly spaced by sentence count (fewer if the text is shorter).

    Returns:
        One row per prefix: `sentences` (how many sentences it holds), `characters`, `compound` of the
        prefix, and `mean_sentence_compound` (the mean of its sentences' compounds) for comparison.
    """
    table = _as_sentence_table(text, argument="text")
    sentence_compounds = fastvader.polarity_scores_many(table["text"].tolist())["compound"].tolist()
    n = len(table)
    cut_points = sorted({max(1, round(n * (i + 1) / steps)) for i in range(min(steps, n))})
    rows = []
    for cut in cut_points:
        prefix = " ".join(table["text"].iloc[:cut])
        rows.append((cut, len(prefix), fastvader.polarity_scores(prefix)["compound"],
                     float(np.mean(sentence_compounds[:cut]))))
    return pd.DataFrame(rows, columns=["sentences", "characters", "compound", "mean_sentence_compound"])


def arc(scores: pd.DataFrame, *, article_id: str | None = None, window: int = 5) -> pd.DataFrame:
    """The sentiment arc of one article: compound by sentence position, with a centred rolling mean.

    Args:
        scores: the output of `score_sentences` for a sentences table (needs `article_id`, `sentence_id`,
            `paragraph`, `compound`).
        article_id: which article; None takes the one with the most sentences (ties: smallest id).
        window: sentences in the rolling mean (centred; shorter at the ends).

    Returns:
        One row per sentence in order: `article_id`, `sentence_id`, `paragraph`, `compound`,
        `rolling_mean`, `paragraph_start` (True on a paragraph's first sentence).

    Raises:
        ValueError: when a column is missing, the article is unknown or the window is below 1.
    """
    missing = [c for c in ("article_id", "sentence_id", "paragraph", "compound") if c not in scores.columns]
    if missing:
        raise ValueError(f"arc: scores lacks column(s) {missing}; score a sentences table")
    if window < 1:
        raise ValueError(f"arc: window must be at least 1, got {window}")
    if article_id is None:
        sizes = scores.groupby("article_id").size().reset_index(name="n")
        article_id = sizes.sort_values(["n", "article_id"], ascending=[False, True])["article_id"].iloc[0]
    chosen = scores[scores["article_id"] == article_id].sort_values("sentence_id")
    if chosen.empty:
        raise ValueError(f"arc: no sentences for article_id {article_id!r}")
    table = chosen[["article_id", "sentence_id", "paragraph", "compound"]].reset_index(drop=True)
    table["rolling_mean"] = table["compound"].rolling(window, center=True, min_periods=1).mean()
    table["paragraph_start"] = table["paragraph"].ne(table["paragraph"].shift())
    return table


def over_time(scores: pd.DataFrame, articles: pd.DataFrame, *, freq: str = "month") -> pd.DataFrame:
    """Mean sentence compound per period of publication, with a 95% interval across articles.

    Each article first gets its mean sentence compound, so long articles do not outweigh short ones.

    Args:
        scores: the output of `score_sentences` on a corpus's sentences.
        articles: the corpus's articles table (`article_id`, `published`).
        freq: "day", "week", "month", "quarter" or "year".

    Returns:
        One row per period that has dated articles, in time order: `period` (the period's first day,
        datetime), `articles`, `mean_compound`, `ci_low`, `ci_high` (NaN for a single article). Empty
        when no article has a date.

    Raises:
        ValueError: for an unknown `freq`.
    """
    periods = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}
    if freq not in periods:
        raise ValueError(f"over_time: freq must be one of {sorted(periods)}, not {freq!r}")
    per_article = aggregate(scores, by="article").merge(articles[["article_id", "published"]], on="article_id")
    dated = per_article.dropna(subset=["published"])
    dated = dated.assign(period=pd.to_datetime(dated["published"]).dt.to_period(periods[freq]).dt.start_time)
    summary = _mean_with_interval(dated, keys=["period"], value="mean_compound", count_name="articles")
    return summary.rename(columns={"mean": "mean_compound"})


def _mean_with_interval(frame: pd.DataFrame, *, keys: list[str], value: str, count_name: str) -> pd.DataFrame:
    """Per group: count, mean and a normal-approximation 95% interval (mean +- 1.96 standard errors)."""
    grouped = frame.groupby(keys, sort=True, dropna=False)[value]
    summary = grouped.agg(["size", "mean", "std"]).reset_index()
    half_width = 1.96 * summary["std"] / np.sqrt(summary["size"])
    summary["ci_low"], summary["ci_high"] = summary["mean"] - half_width, summary["mean"] + half_width
    return summary.drop(columns="std").rename(columns={"size": count_name})


# --- Sentiment toward a target ------------------------------------------------------------------------


def score_targets(targets: pd.DataFrame, *, method: str = "auto",
                  threshold: float = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """Sentiment toward each target mention: does its sentence speak well or ill of it?

    Args:
        targets: a table with `sentence` (text), `start`, `end` (the mention's character span within
            `sentence`, end exclusive), e.g. `presslens.stance.find_mentions(...)` or
            `presslens.gold.read_newsmtsc(...)`. Other columns are kept.
        method: "lexicon" (`score_target_lexicon`: VADER's word valences in the mention's clause, weighted
            by distance, with negation and the mention's role), "learned" (`presslens.target_model`, a
            fine-tuned sentence encoder; needs the `learned` extra), or "auto": learned when
            `presslens.target_model.is_available()`, else lexicon (and a warning says so, once).
        threshold: for the lexicon method, score >= threshold is positive, <= -threshold negative.

    Returns:
        The input rows, same order and index reset, plus `label` ("negative"|"neutral"|"positive"),
        `score` (float in [-1, 1]) and `method` ("lexicon"|"learned").

    Raises:
        ValueError: when a column is missing, a span lies outside its sentence, or `method` is unknown.
        RuntimeError: when method="learned" and the learned scorer is not installed.
    """
    missing = [column for column in ("sentence", "start", "end") if column not in targets.columns]
    if missing:
        raise ValueError(f"score_targets: targets lacks column(s) {missing}")
    if method not in ("auto", "lexicon", "learned"):
        raise ValueError(f"score_targets: method must be 'auto', 'lexicon' or 'learned', not {method!r}")
    _check_threshold(threshold)
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

    Args:
        targets: actor mentions (`presslens.stance.find_mentions`), scored by `score_targets` or not (then
            they are scored here with `method`). Needs an `actor` column (or the `by` columns).
        by: the grouping: "actor", or e.g. ["source", "actor"] after merging the articles' `source`.
        method: passed to `score_targets` when `targets` has no `score` yet.
        min_mentions: groups with fewer mentions are left out.

    Returns:
        One row per group, most mentioned first (ties by name): the `by` columns, `mentions`, `articles`,
        `mean_score`, `ci_low`, `ci_high` (mean +- 1.96 standard errors; NaN for one mention),
        `share_negative`, `share_neutral`, `share_positive`, `method`. The sentences behind each row:
        `actor_evidence(scored, actor)`.

    Raises:
        ValueError: when a grouping column is missing.
    """
    keys = [by] if isinstance(by, str) else list(by)
    missing = [key for key in keys if key not in targets.columns]
    if missing:
        raise ValueError(f"actor_sentiment: targets lacks column(s) {missing}")
    scored = targets if {"score", "label", "method"} <= set(targets.columns) else score_targets(targets, method=method)
    summary = _mean_with_interval(scored, keys=keys, value="score", count_name="mentions")
    summary = summary.rename(columns={"mean": "mean_score"})
    extra = scored.assign(**{f"share_{label}": scored["label"].eq(label) for label in LABELS})
    named = {f"share_{label}": (f"share_{label}", "mean") for label in LABELS}
    if "article_id" in scored.columns:
        named["articles"] = ("article_id", "nunique")
    named["method"] = ("method", lambda methods: "+".join(sorted(set(methods))))
    shares = extra.groupby(keys, sort=True, dropna=False).agg(**named).reset_index()
    summary = summary.merge(shares, on=keys)
    if "articles" not in summary.columns:
        summary["articles"] = pd.NA
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
    _require(scored, ["article_id", "sentence_id", "start", "end", "actor", "score", "label", "method"],
             "quoted_mentions: scored")
    _require(quotes, ["article_id", "kind", "speaker", "speaker_actor", "start", "end"], "quoted_mentions: quotes")
    _require(sentences, ["article_id", "sentence_id", "start"], "quoted_mentions: sentences")
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
        (how many quotes they come from), `articles`, `mean_score`, `ci_low`, `ci_high` (95%, NaN for one mention), `share_negative`,
        `share_neutral`, `share_positive`, `method`. The rows behind them: `quoted_mentions(...)`.
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


def score_target_lexicon(sentence: str, start: int, end: int) -> float:
    """Lexicon sentiment toward the mention `sentence[start:end]`, in [-1, 1] (the `lexicon` method).

    The method, each step for a linguistic reason:

    1. Scope: only the mention's clause counts. Clauses end at contrast and concession markers
       (`CLAUSE_BREAKS`: but, however, while, whereas, although, though, ";"); a sentence-opening
       subordinator ("Although ...") runs to the next comma.
    2. Valence: each word's VADER valence (-4..+4), looked up as written and then as its simplemma lemma
       ("rejected" -> "reject"), with VADER's booster words ("very", "slightly") applied. The mention's
       own words do not count.
    3. Distance: a word `HALF_WEIGHT_DISTANCE` words from the mention counts half, nearer more, farther less
       (weight 1 / (1 + d / HALF_WEIGHT_DISTANCE)).
    4. Negation: a negator among the `NEGATION_WINDOW` words before a sentiment word flips and damps it
       (VADER's factor -0.74): "did not criticise Russia" is not negative toward Russia.
    5. Role: the mention is the one acting (agent) or acted on (patient), read from word order and the
       passive ("Russia was condemned by X": Russia is the patient). For `EVALUATION_VERBS` the verdict
       falls on the patient; the agent gets `EVALUATOR_WEIGHT` of it. For `CONTEST_VERBS` the agent gains
       and the patient loses. Other words count the same for agent and patient: "Russia rejected the
       proposal" is negative toward Russia, as "X condemned Russia" is.

    The weighted sum is squashed into [-1, 1] as VADER does (x / sqrt(x^2 + 15)).

    Args:
        sentence: the sentence text.
        start: first character of the mention in `sentence`.
        end: one past its last character.

    Returns:
        The score toward the mention; 0.0 when its clause carries no sentiment words.
    """
    return _squash(sum(cue.contribution for cue in _target_cues(sentence, start, end)))


def explain_target(sentence: str, start: int, end: int) -> pd.DataFrame:
    """The words behind `score_target_lexicon`'s score, one row per sentiment word in the mention's clause.

    Args:
        sentence: the sentence text.
        start: first character of the mention in `sentence`.
        end: one past its last character.

    Returns:
        One row per word, in sentence order: `word`, `valence` (VADER, after boosters), `distance`
        (words from the mention), `weight`, `negated` (bool), `role` ("agent"|"patient"|"other"),
        `contribution` (what it adds to the sum before squashing).
    """
    cues = _target_cues(sentence, start, end)
    columns = ["word", "valence", "distance", "weight", "negated", "role", "contribution"]
    return pd.DataFrame([[getattr(cue, column) for column in columns] for cue in cues], columns=columns)


@dataclass(frozen=True)
class _Cue:
    word: str
    valence: float
    distance: int
    weight: float
    negated: bool
    role: str
    contribution: float


def _target_cues(sentence: str, start: int, end: int) -> list[_Cue]:
    tokens = _tokenize(sentence)
    words = [i for i, token in enumerate(tokens) if token.text[0].isalnum() or token.lower in CLAUSE_BREAKS]
    mention = [i for i, token in enumerate(tokens) if token.start < end and token.end > start]
    if not tokens or not mention:
        return []
    first, last = mention[0], mention[-1]
    clause_start, clause_end = _clause_bounds(tokens, first, last)
    analyzer = resources.sentiment_analyzer()
    speech_side = _reported_side(tokens, first, last, clause_start, clause_end)
    word_rank = {index: rank for rank, index in enumerate(words)}
    words_before_mention = sum(index < first for index in words)
    words_through_mention = sum(index <= last for index in words)
    cues = []
    for index in range(clause_start, clause_end + 1):
        if first <= index <= last or index not in word_rank:
            continue
        if _is_name_word(tokens, index) or tokens[index].lower in news_neutral_words():
            continue
        lemma = _lemma(tokens[index].lower)
        contest = CONTEST_VERBS.get(lemma)
        valence = contest if contest is not None else _valence(tokens[index].lower)
        if valence is None:
            continue
        if index > clause_start and contest is None:
            valence = analyzer.constants.scalar_inc_dec(tokens[index - 1].text, valence, False) + valence
        rank = word_rank[index]  # words between it and the mention:
        distance = words_before_mention - rank - 1 if index < first else rank - words_through_mention
        weight = 1.0 / (1.0 + distance / HALF_WEIGHT_DISTANCE)
        window = [tokens[i].lower for i in range(max(clause_start, index - NEGATION_WINDOW), index)
                  if not first <= i <= last]
        negated = bool(window) and (analyzer.constants.negated(window) or "no" in window)
        role = _role(tokens, first, last, index)
        factor = analyzer.constants.N_SCALAR if negated else 1.0
        if speech_side and (index > last if speech_side == "after" else index < first):
            factor *= REPORTED_WEIGHT
        if contest is not None:
            factor *= {"agent": 1.0, "patient": -1.0}.get(role, 0.0)
        elif lemma in EVALUATION_VERBS and role == "agent":
            factor *= EVALUATOR_WEIGHT
        elif lemma in HARM_VERBS and role != "agent":
            factor = 0.0
        cues.append(_Cue(tokens[index].text, round(valence, 4), distance, round(weight, 4), negated, role,
                         round(valence * weight * factor, 4)))
    return cues


def _tokenize(text: str) -> list[_Token]:
    return [_Token(match.group(), match.group().lower().replace("’", "'"), match.start(), match.end())
            for match in _TOKEN_PATTERN.finditer(text)]


def _clause_bounds(tokens: list[_Token], first: int, last: int) -> tuple[int, int]:
    """Token indices (inclusive) of the clause holding tokens first..last."""
    breaks = {i for i, token in enumerate(tokens) if token.lower in CLAUSE_BREAKS}
    for i, token in enumerate(tokens):
        opens_sentence = i == 0 or all(not t.text[0].isalnum() for t in tokens[:i])
        if token.lower in SUBORDINATORS and opens_sentence:
            comma = next((j for j in range(i + 1, len(tokens)) if tokens[j].text == ","), None)
            if comma is not None:
                breaks.add(comma)
    before = [i for i in breaks if i < first]
    after = [i for i in breaks if i > last]
    return (max(before) + 1 if before else 0), (min(after) - 1 if after else len(tokens) - 1)


@cache
def news_neutral_words() -> frozenset[str]:
    """Words the target method ignores though VADER scores them (`data/sentiment-news-neutral.txt`)."""
    return frozenset(resources.read_word_list(config.DATA_DIR / "sentiment-news-neutral.txt"))


def _is_name_word(tokens: list[_Token], index: int) -> bool:
    """A capitalised word inside a sentence is part of a name ("United Nations", "Justice Department")."""
    text = tokens[index].text
    if not text[0].isupper() or text.isupper():
        return False
    previous = next((t.text for t in reversed(tokens[:index])), None)
    return previous is not None and previous not in {'"', "“", "‘", "'", ":", "(", "-", "—", "–"}


def _reported_side(tokens: list[_Token], first: int, last: int, clause_start: int, clause_end: int) -> str:
    """Where the reported words lie ("after"/"before") when the mention speaks through a reporting verb."""
    following = [i for i in range(last + 1, min(clause_end, last + 2) + 1) if tokens[i].text[0].isalnum()]
    if following and _lemma(tokens[following[0]].lower) in REPORTING_VERBS:
        return "after"
    preceding = [i for i in range(max(clause_start, first - 2), first) if tokens[i].text[0].isalnum()]
    if preceding and _lemma(tokens[preceding[-1]].lower) in REPORTING_VERBS | {"to"}:
        if tokens[preceding[-1]].lower != "to" or (len(preceding) > 1 and tokens[preceding[-2]].lower == "according"):
            return "before"
    return ""


def _role(tokens: list[_Token], first: int, last: int, verb: int) -> str:
    """Is the mention the agent or the patient of the word at `verb` (by order and the passive)?"""
    passive = (tokens[verb].lower.endswith(("ed", "en")) and
               any(tokens[i].lower in PASSIVE_AUXILIARIES for i in range(max(0, verb - 3), verb)))
    if last < verb:
        return "patient" if passive else "agent"
    by_agent = "by" in {tokens[i].lower for i in range(max(0, first - 3), first)}
    if passive:
        return "agent" if by_agent else "other"
    return "patient"


def _valence(lower: str) -> float | None:
    lexicon = resources.sentiment_analyzer().lexicon
    if lower in lexicon:
        return float(lexicon[lower])
    lemma = _lemma(lower)
    return float(lexicon[lemma]) if lemma in lexicon else None


@cache
def _lemma(lower: str) -> str:
    return simplemma.lemmatize(lower, lang="en").lower()


def _squash(total: float) -> float:
    return float(total / np.sqrt(total * total + _VADER_ALPHA)) if total else 0.0


_warned_fallback = False


def _choose_method(method: str) -> str:
    global _warned_fallback
    if method == "lexicon":
        return "lexicon"
    available, reason = _learned_status()
    if method == "learned":
        if not available:
            raise RuntimeError(f"score_targets(method='learned'): the learned scorer is unavailable ({reason}); "
                               "install presslens[learned] or use method='lexicon'")
        return "learned"
    if available:
        return "learned"
    if not _warned_fallback:
        warnings.warn(f"score_targets: the learned target scorer is unavailable ({reason}); "
                      "using the lexicon method", stacklevel=3)
        _warned_fallback = True
    return "lexicon"


def _learned_status() -> tuple[bool, str]:
    with _quiet_progress_bars():
        try:
            from presslens import target_model
        except ImportError as error:
            return False, f"presslens.target_model cannot be imported: {error}"
        if not target_model.is_available():
            return False, "its optional dependencies or trained parameters are missing"
    return True, ""


@cache
def _learned_model():
    with _quiet_progress_bars():
        from presslens import target_model

        return target_model.TargetSentimentModel.load()


@contextmanager
def _quiet_progress_bars() -> Iterator[None]:
    """Silence tqdm's "IProgress not found" notice, which the encoder's libraries raise on import in Jupyter."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="IProgress not found")
        yield


def best_method() -> str:
    """The target method `score_targets(method="auto")` would run: "learned" when installed, else "lexicon"."""
    return "learned" if _learned_status()[0] else "lexicon"


def add_voice(table: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Add `voice`: "quoted" when the row's sentence lies wholly or partly inside quotation marks, else "narration".

    Args:
        table: rows keyed by `article_id`, `sentence_id` (sentence scores, actor mentions, ...).
        sentences: the corpus's sentences table (with `quotation`).

    Returns:
        `table` with a `voice` column, same rows and order, index reset.

    Raises:
        ValueError: when a row's sentence is not in `sentences`.
    """
    keys = list(SENTENCE_KEYS)
    flags = sentences[[*keys, "quotation"]].assign(
        voice=np.where(sentences["quotation"].eq("none"), "narration", "quoted"))[[*keys, "voice"]]
    merged = table.drop(columns="voice", errors="ignore").reset_index(drop=True).merge(
        flags, on=keys, how="left", validate="many_to_one")
    if merged["voice"].isna().any():
        raise ValueError("add_voice: some rows' (article_id, sentence_id) are not in the sentences table")
    return merged


# --- Helpers shared by the entry points --------------------------------------------------------------


def _require(table: pd.DataFrame, columns: list[str], argument: str) -> None:
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise ValueError(f"{argument} lacks column(s) {missing}")


def _check_threshold(threshold: float) -> None:
    if not 0 <= threshold < 1:
        raise ValueError(f"threshold must be in [0, 1), got {threshold!r}")


def _as_sentence_table(sentences: pd.DataFrame | Sequence[str] | str, *, argument: str) -> pd.DataFrame:
    if isinstance(sentences, pd.DataFrame):
        if "text" not in sentences.columns:
            raise ValueError(f"{argument}: a sentences table needs a 'text' column; got {list(sentences.columns)}")
        return sentences.reset_index(drop=True)
    if isinstance(sentences, str):
        from presslens.segment import sentence_table_from_texts

        return sentence_table_from_texts([sentences]).reset_index(drop=True)
    texts = list(sentences)
    bad = [i for i, text in enumerate(texts) if not isinstance(text, str)]
    if bad:
        raise ValueError(f"{argument}: item {bad[0]} is {type(texts[bad[0]]).__name__}, not a string")
    return pd.DataFrame({"article_id": "text-1", "sentence_id": range(len(texts)), "text": texts})
