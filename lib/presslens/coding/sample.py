"""Drawing the items to code: a seeded, stratified sample of the tool's findings and of the sentences without one.

    >>> import presslens
    >>> from presslens.coding import sample_items
    >>> items = sample_items(presslens.read_corpus(), n=20, seed=1)      # doctest: +SKIP
    >>> items.groupby("task").size()                                     # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from presslens.coding.tasks import HOLDER_MARK, TARGET_MARK, TASKS

# items per task when `n` is not given: about ±0.09 around a precision of 0.7 (95%, by the binomial), and
# four sheets of 100 rows take a coder some three hours
DEFAULT_N = 100
ID_LENGTH = 16
UNKNOWN_SOURCE = "unknown"

ITEM_COLUMNS = ["item_id", "task", "article_id", "sentence_id", "source", "rule", "stratum", "weight", "tool_answer",
                "before", "sentence", "after", "holder", "stance", "target", "cue", "quote", "speaker", "kind",
                "actor", "label", "sample_id", "seed"]


def tool_tables(corpus) -> dict[str, pd.DataFrame]:
    """Run the tool on a corpus: the tables `sample_items` draws from.

    Args:
        corpus: a `presslens.Corpus`.

    Returns:
        ``articles`` and ``sentences`` of the corpus, ``stances`` (`stance.extract_stances`), ``quotes``
        (`stance.extract_quotes`) and ``mentions`` (`sentiment.score_targets` of `stance.find_mentions`).
    """
    from presslens import sentiment, stance

    return {"articles": corpus.articles, "sentences": corpus.sentences,
            "stances": stance.extract_stances(corpus), "quotes": stance.extract_quotes(corpus),
            "mentions": sentiment.score_targets(stance.find_mentions(corpus))}


def item_id(task: str, article_id: str, sentence_id: int, answer: str) -> str:
    """The stable id of an item: the first 16 hex digits of the SHA-256 of task, article, sentence and answer."""
    key = f"{task}|{article_id}|{int(sentence_id)}|{answer}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:ID_LENGTH]


def sample_items(tables, *, n: int | Mapping[str, int] = DEFAULT_N, seed: int = 0,
                 strata: Mapping[str, Sequence[str]] | None = None) -> pd.DataFrame:
    """Draw a reproducible stratified sample of the tool's findings, and of sentences where it found nothing.

    Four tasks (`presslens.coding.tasks`): ``stance`` statements (stratified by source, rule and sign), ``quote``s
    with speakers (by source, rule and kind), scored actor mentions for ``sentiment`` (by source and label), and
    ``missed``: sentences with no stance statement and no quote (by source), where coders count what the tool
    missed. Each stratum gets at least one item and the rest in proportion to its size; within a stratum the
    items with the smallest SHA-256 of (seed, item id) are taken, so that the same seed draws the same items
    whatever the order of the tables, and a finding added to the corpus does not reshuffle the others.

    Args:
        tables: a `presslens.Corpus`, or a mapping with ``sentences``, ``stances``, ``quotes`` and ``mentions``
            (scored) and optionally ``articles`` (for the source), as `tool_tables` returns.
        n: items per task, or a mapping from task name to its number.
        seed: the seed of the draw.
        strata: columns to stratify each task by, overriding the defaults (task name -> columns).

    Returns:
        One row per item: `item_id`, `task`, `article_id`, `sentence_id`, `source`, `rule`, `stratum`, `weight`
        (the stratum's findings per item drawn, for estimates over the whole corpus), `tool_answer`, the evidence
        (`before`, `sentence` with the holder, speaker or mention marked [[ ]] and the target {{ }}, `after`),
        the task's own columns (`holder`, `stance`, `target`, `cue`, `quote`, `speaker`, `kind`, `actor`,
        `label`), `sample_id` (a hash of the seed and the item ids) and `seed`.
    """
    if not isinstance(tables, Mapping):
        tables = tool_tables(tables)
    sizes = {task: (n.get(task, DEFAULT_N) if isinstance(n, Mapping) else n) for task in TASKS}
    for task, size in sizes.items():
        if not isinstance(size, (int, np.integer)) or isinstance(size, bool) or size < 0:
            raise ValueError(f"n for {task!r} must be a whole number of 0 or more, not {size!r}")
    findings = population(tables)
    drawn = []
    for task, frame in findings.items():
        columns = list((strata or {}).get(task, TASKS[task].strata))
        missing = [column for column in columns if column not in frame.columns]
        if missing:
            raise ValueError(f"cannot stratify {task!r} by {missing}: its columns are {sorted(frame.columns)}")
        drawn.append(_draw(frame, columns, sizes[task], seed))
    items = pd.concat(drawn, ignore_index=True)
    digest = hashlib.sha256(f"{seed}|{','.join(sorted(items['item_id']))}".encode()).hexdigest()[:ID_LENGTH]
    items["sample_id"] = digest
    items["seed"] = seed
    return items.reindex(columns=ITEM_COLUMNS).reset_index(drop=True)


def population(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every finding of the tool as an item of its task (with its `item_id` and evidence), before sampling."""
    sentences = tables["sentences"]
    text = dict(zip(zip(sentences["article_id"], sentences["sentence_id"].astype(int)), sentences["text"]))
    articles = tables.get("articles")
    sources = {} if articles is None or "source" not in articles else dict(
        zip(articles["article_id"], articles["source"].fillna(UNKNOWN_SOURCE).astype(str)))

    def context(article: str, first: int, last: int) -> tuple[str, str, str]:
        joined = " ".join(text.get((article, s), "") for s in range(first, last + 1)).strip()
        return text.get((article, first - 1), ""), joined, text.get((article, last + 1), "")

    rows: dict[str, list[dict]] = {task: [] for task in TASKS}
    for s in tables["stances"].itertuples(index=False):
        before, sentence, after = context(s.article_id, s.sentence_id, s.sentence_id)
        sign = "+1" if s.stance > 0 else "-1"
        rows["stance"].append(dict(
            article_id=s.article_id, sentence_id=s.sentence_id, rule=s.rule, stance=sign,
            tool_answer=f"{s.holder} | {sign} | {s.target} | {s.cue}", before=before, after=after,
            sentence=_mark(sentence, [(s.holder_mention, HOLDER_MARK), (s.target_mention, TARGET_MARK)]),
            holder=s.holder, target=s.target, cue=s.cue))
    for q in tables["quotes"].itertuples(index=False):
        last = int(getattr(q, "sentence_id_end", q.sentence_id))
        before, sentence, after = context(q.article_id, q.sentence_id, last)
        speaker = "" if pd.isna(q.speaker) else str(q.speaker)
        mention = getattr(q, "speaker_mention", speaker)
        rows["quote"].append(dict(
            article_id=q.article_id, sentence_id=q.sentence_id, rule=q.rule, kind=q.kind,
            tool_answer=f"{speaker} | {q.start}-{q.end}", before=before, after=after,
            sentence=_mark(sentence, [(mention, HOLDER_MARK)]), quote=q.quote, speaker=speaker,
            cue=None if pd.isna(q.cue) else q.cue))
    for m in tables["mentions"].itertuples(index=False):
        before, _, after = context(m.article_id, m.sentence_id, m.sentence_id)
        sentence = _mark_span(m.sentence, m.start, m.end, HOLDER_MARK)
        rows["sentiment"].append(dict(
            article_id=m.article_id, sentence_id=m.sentence_id, rule=m.label, label=m.label, actor=m.actor,
            tool_answer=f"{m.actor} | {m.start}-{m.end} | {m.label}", before=before, sentence=sentence, after=after))
    found = {(s.article_id, int(s.sentence_id)) for s in tables["stances"].itertuples(index=False)}
    for q in tables["quotes"].itertuples(index=False):
        last = int(getattr(q, "sentence_id_end", q.sentence_id))
        found |= {(q.article_id, s) for s in range(int(q.sentence_id), last + 1)}
    for (article, sentence_id), sentence in text.items():
        if (article, sentence_id) not in found:
            before, _, after = context(article, sentence_id, sentence_id)
            rows["missed"].append(dict(article_id=article, sentence_id=sentence_id, rule="nothing found",
                                       tool_answer="nothing found", before=before, sentence=sentence, after=after))
    by_task = {}
    for task, task_rows in rows.items():
        frame = pd.DataFrame(task_rows, columns=[c for c in ITEM_COLUMNS if c not in ("item_id", "task", "source")])
        frame.insert(0, "task", task)
        frame["sentence_id"] = frame["sentence_id"].astype(int)
        frame["source"] = frame["article_id"].map(sources).fillna(UNKNOWN_SOURCE) if len(frame) else []
        frame = frame.sort_values(["article_id", "sentence_id", "tool_answer"], kind="stable", ignore_index=True)
        keys = frame["article_id"] + "|" + frame["sentence_id"].astype(str) + "|" + frame["tool_answer"]
        repeat = keys.groupby(keys).cumcount()  # the same answer twice in a sentence: "#1" on the second
        answers = frame["tool_answer"].where(repeat == 0, frame["tool_answer"] + " #" + repeat.astype(str))
        frame.insert(0, "item_id", [item_id(task, a, s, answer) for a, s, answer
                                    in zip(frame["article_id"], frame["sentence_id"], answers)])
        by_task[task] = frame
    return by_task


def _mark_span(sentence: str, start: int, end: int, marks: tuple[str, str]) -> str:
    """`sentence` with the characters `start`..`end` put between the two `marks`."""
    return f"{sentence[:start]}{marks[0]}{sentence[start:end]}{marks[1]}{sentence[end:]}"


def _mark(sentence: str, spans: list[tuple[object, tuple[str, str]]]) -> str:
    """The sentence with the first occurrence of each mention wrapped in its marks (overlapping ones left out)."""
    placed: list[tuple[int, int, tuple[str, str]]] = []
    for mention, marks in spans:
        if not isinstance(mention, str) or not mention:
            continue
        start = sentence.find(mention)
        if start >= 0 and all(start >= e or start + len(mention) <= s for s, e, _ in placed):
            placed.append((start, start + len(mention), marks))
    for start, end, (left, right) in sorted(placed, reverse=True):
        sentence = f"{sentence[:start]}{left}{sentence[start:end]}{right}{sentence[end:]}"
    return sentence


def _allocate(sizes: pd.Series, n: int) -> pd.Series:
    """Items per stratum: all when `n` covers them, else one each (largest strata first) and the rest by size."""
    if n >= sizes.sum():
        return sizes.copy()
    order = sizes.sort_values(ascending=False, kind="stable").index
    allocation = pd.Series(0, index=sizes.index)
    allocation[order[:n]] = 1
    left = n - allocation.sum()
    room = sizes - allocation
    if left > 0 and room.sum() > 0:
        share = room / room.sum() * left
        allocation += np.floor(share).astype(int)
        remainder = (share - np.floor(share)).sort_values(ascending=False, kind="stable")
        extra = int(n - allocation.sum())
        allocation[remainder.index[:extra]] += 1
    return allocation.clip(upper=sizes)


def _draw(frame: pd.DataFrame, columns: list[str], n: int, seed: int) -> pd.DataFrame:
    """`n` items of one task, stratified by `columns`, each with its stratum and weight."""
    frame = frame.copy()
    frame["stratum"] = (frame[columns].astype(str).agg(" / ".join, axis=1) if columns and len(frame)
                        else "all")
    order = [hashlib.sha256(f"{seed}|{i}".encode()).hexdigest() for i in frame["item_id"]]
    frame = frame.assign(_order=order).sort_values(["stratum", "_order"], kind="stable")
    sizes = frame.groupby("stratum").size()
    allocation = _allocate(sizes, n)
    rank = frame.groupby("stratum").cumcount()
    taken = frame[rank.to_numpy() < frame["stratum"].map(allocation).to_numpy()].copy()
    taken["weight"] = taken["stratum"].map(sizes / allocation).astype(float)
    return taken.drop(columns="_order").sort_values(["article_id", "sentence_id", "item_id"], ignore_index=True)
