"""From filled coding sheets to figures: agreement between coders, the adjudicated answers, and how right the tool is.

Estimators (each item counts with its sampling `weight`, the findings of its stratum per item drawn):

- **precision** of a task or rule: the weighted share of the items the coders agree on that they judged correct
  (for ``sentiment``: coders' label = tool's label);
- **recall** of ``stance`` and ``quote``: TP / (TP + FN), with TP = precision x the tool's findings of the task in
  the corpus, and FN = the mean number of findings the coders counted as missed per sentence of the ``missed``
  sample x the sentences where the tool found nothing. Findings missed in sentences where the tool found
  something else are not counted, so this recall is an upper bound. Per rule there is no recall (a missed
  finding has no rule). For ``sentiment`` each label's recall is the weighted share of the mentions the coders
  gave that label that the tool gave it too; over all labels precision = recall = accuracy;
- **95% intervals**: percentiles of `resamples` cluster-bootstrap resamples of the articles (items and missed-
  sample sentences of an article stay together); a sample from a single article is resampled by sentence, as
  `resampled_by` says.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from presslens.coding.tasks import MISSED_FIELD_OF_TASK, TASKS

LEVEL = 0.95
ALL_RULES = "all"


@dataclass
class Scores:
    """What `score` finds.

    Attributes:
        agreement: one row per task and answer field: `task`, `field`, `coders`, `items` (coded by two or more),
            `agreed_share` (items all coders answered alike), `alpha` (Krippendorff's, nominal; NaN with fewer
            than two coders or a single value in all answers).
        adjudicated: one row per task, item and field: `value` (the coders' common answer, None where they
            differ), `agreed`, `coders`.
        accuracy: one row per task and rule (`rule` "all" for the task): `items`, `judged` (items the coders
            agree on), `precision`, `recall`, `f1`, each with `_low` and `_high` (95% interval), `resampled_by`
            and `clusters`.
    """

    agreement: pd.DataFrame
    adjudicated: pd.DataFrame
    accuracy: pd.DataFrame


def score(items: pd.DataFrame, codings: pd.DataFrame, *, resamples: int = 2000, seed: int = 0) -> Scores:
    """Agreement between the coders, their adjudicated answers, and the tool's precision, recall and F1.

    Args:
        items: the sample, from `sample_items` or `read_sample`.
        codings: the coders' answers, from `read_sheets`.
        resamples: bootstrap resamples for the intervals.
        seed: the seed of the resampling.

    Returns:
        A `Scores` with the tables `agreement`, `adjudicated` and `accuracy` (see the module for the estimators).

    Raises:
        ValueError: the codings are of another sample, or name items not in it.
    """
    samples = set(codings["sample_id"]) - set(items["sample_id"])
    if samples:
        raise ValueError(f"codings of sample {sorted(samples)} do not belong to sample {items['sample_id'].iloc[0]}")
    unknown = set(codings["item_id"]) - set(items["item_id"])
    if unknown:
        raise ValueError(f"codings name {len(unknown)} item(s) not in the sample, e.g. {sorted(unknown)[0]}")
    agreement = _agreement(codings)
    adjudicated = _adjudicate(codings)
    answers = adjudicated.pivot_table(index="item_id", columns="field", values="value", aggfunc="first")
    rng_seed = seed
    rows = []
    missed = items[items["task"] == "missed"].join(answers, on="item_id")
    for name in ("stance", "quote", "sentiment"):
        task = TASKS[name]
        frame = items[items["task"] == name].join(answers, on="item_id")
        if frame.empty:
            continue
        answer = frame[task.judged] if task.judged in frame else pd.Series(None, index=frame.index)
        judged = answer.notna()
        correct = (answer.isin(task.correct) if task.correct else answer.eq(frame["label"])) & judged
        if name == "sentiment":
            rows += _sentiment_rows(frame, answer, judged, correct, resamples, rng_seed)
            continue
        counts = missed[MISSED_FIELD_OF_TASK[name]] if MISSED_FIELD_OF_TASK[name] in missed else None
        rows.append(_task_row(name, frame, judged, correct, missed, counts, resamples, rng_seed))
        for rule, part in frame.groupby("rule", sort=True):
            rows.append(_ratio_row(name, rule, part, judged[part.index], correct[part.index], resamples, rng_seed))
    return Scores(agreement=agreement, adjudicated=adjudicated, accuracy=pd.DataFrame(rows))


def _agreement(codings: pd.DataFrame) -> pd.DataFrame:
    """Krippendorff's alpha (nominal) per task and drop-down field."""
    import krippendorff

    rows = []
    for (name, field), part in codings.groupby(["task", "field"], sort=False):
        choices = next((f.choices for f in TASKS[name].fields if f.name == field), ())
        if not choices:
            continue
        table = part.pivot_table(index="coder", columns="item_id", values="value", aggfunc="first")
        codes = table.apply(lambda column: column.map({c: i for i, c in enumerate(choices)})).to_numpy(dtype=float)
        pairable = int((np.isfinite(codes).sum(axis=0) >= 2).sum())
        values = table.T.dropna()
        agreed = float((values.nunique(axis=1) == 1).mean()) if len(table) > 1 and len(values) else np.nan
        alpha = np.nan
        if len(table) > 1 and pairable:
            try:
                alpha = float(krippendorff.alpha(reliability_data=codes, level_of_measurement="nominal"))
            except ValueError:  # one value in every answer: alpha is undefined
                alpha = np.nan
        rows.append({"task": name, "field": field, "coders": len(table), "items": pairable,
                     "agreed_share": agreed, "alpha": alpha})
    return pd.DataFrame(rows, columns=["task", "field", "coders", "items", "agreed_share", "alpha"])


def _adjudicate(codings: pd.DataFrame) -> pd.DataFrame:
    """The common answer of the coders per item and drop-down field (None where they differ or none answered)."""
    coded = codings[[any(f.name == field and f.choices for f in TASKS[task].fields)
                     for task, field in zip(codings["task"], codings["field"])]]
    grouped = coded.groupby(["task", "item_id", "field"], sort=False)["value"]
    table = grouped.agg(distinct=lambda v: v.dropna().nunique(), first=lambda v: next(iter(v.dropna()), None),
                        coders="size").reset_index()
    table["agreed"] = table["distinct"] == 1
    table["value"] = table["first"].where(table["agreed"], None)
    return table[["task", "item_id", "field", "value", "agreed", "coders"]]


def _clusters(*frames: pd.DataFrame) -> tuple[str, pd.Index]:
    """The resampling unit (article, or sentence for a one-article sample) and its keys for each frame's rows."""
    articles = pd.concat([f["article_id"] for f in frames]).nunique()
    by = "article" if articles >= 2 else "sentence"
    keys = [f["article_id"] if by == "article" else f["article_id"] + "#" + f["sentence_id"].astype(str)
            for f in frames]
    return by, keys


def _sums(keys: pd.Series, columns: dict[str, pd.Series], index: pd.Index) -> pd.DataFrame:
    return pd.DataFrame(columns, index=keys.index).groupby(keys.to_numpy()).sum().reindex(index, fill_value=0)


def _bootstrap(sums: pd.DataFrame, statistic, resamples: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The statistic on all clusters and the (low, high) percentiles of its cluster-bootstrap distribution."""
    point = statistic(sums.to_numpy().sum(axis=0, keepdims=True))
    k = len(sums)
    if k == 0:
        return point[:, 0], np.full((2, point.shape[0]), np.nan)
    draws = np.random.default_rng(seed).multinomial(k, np.full(k, 1 / k), size=resamples)
    values = statistic(draws @ sums.to_numpy())
    tails = (1 - LEVEL) / 2 * 100
    bounds = np.full((2, values.shape[0]), np.nan)
    for i, row in enumerate(values):
        if np.isfinite(row).any():
            bounds[:, i] = np.nanpercentile(row, [tails, 100 - tails])
    return point[:, 0], bounds


def _ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        return np.where(b > 0, a / np.where(b > 0, b, 1), np.nan)


def _f1(p: np.ndarray, r: np.ndarray) -> np.ndarray:
    return _ratio(2 * p * r, p + r)


def _row(task: str, rule: str, items: int, judged: int, point, bounds, by: str, clusters: int) -> dict:
    row = {"task": task, "rule": rule, "items": items, "judged": judged}
    for i, name in enumerate(("precision", "recall", "f1")):
        row |= {name: point[i], f"{name}_low": bounds[0][i], f"{name}_high": bounds[1][i]}
    return row | {"resampled_by": by, "clusters": clusters}


def _task_row(name, frame, judged, correct, missed, counts, resamples, seed) -> dict:
    """Precision, recall and F1 of a task over all its rules."""
    by, (item_keys, missed_keys) = _clusters(frame, missed)
    index = pd.Index(sorted(set(item_keys) | set(missed_keys)))
    w = frame["weight"]
    item_sums = _sums(item_keys, {"tp": w * correct, "judged": w * judged, "found": w}, index)
    if counts is None:
        counts = pd.Series(np.nan, index=missed.index)
    v, m = missed["weight"], pd.to_numeric(counts, errors="coerce")
    missed_sums = _sums(missed_keys, {"missed": (v * m).fillna(0), "checked": v * m.notna(), "empty": v}, index)
    sums = pd.concat([item_sums, missed_sums], axis=1)

    def statistic(s: np.ndarray) -> np.ndarray:
        precision = _ratio(s[:, 0], s[:, 1])
        true_positives = precision * s[:, 2]
        false_negatives = _ratio(s[:, 3], s[:, 4]) * s[:, 5]
        recall = _ratio(true_positives, true_positives + false_negatives)
        return np.vstack([precision, recall, _f1(precision, recall)])

    point, bounds = _bootstrap(sums, statistic, resamples, seed)
    return _row(name, ALL_RULES, len(frame), int(judged.sum()), point, bounds, by, len(index))


def _ratio_row(name, rule, frame, judged, correct, resamples, seed) -> dict:
    """Precision alone (no recall: a missed finding has no rule) of one rule."""
    by, (keys,) = _clusters(frame)
    w = frame["weight"]
    sums = _sums(keys, {"tp": w * correct, "judged": w * judged}, pd.Index(sorted(set(keys))))

    def statistic(s: np.ndarray) -> np.ndarray:
        nan = np.full(len(s), np.nan)
        return np.vstack([_ratio(s[:, 0], s[:, 1]), nan, nan])

    point, bounds = _bootstrap(sums, statistic, resamples, seed)
    return _row(name, rule, len(frame), int(judged.sum()), point, bounds, by, len(sums))


def _sentiment_rows(frame, answer, judged, correct, resamples, seed) -> list[dict]:
    """Accuracy over all mentions, and each label's precision, recall and F1."""
    by, (keys,) = _clusters(frame)
    index = pd.Index(sorted(set(keys)))
    w = frame["weight"]
    sums = _sums(keys, {"tp": w * correct, "judged": w * judged}, index)

    def accuracy(s: np.ndarray) -> np.ndarray:
        a = _ratio(s[:, 0], s[:, 1])
        return np.vstack([a, a, a])

    point, bounds = _bootstrap(sums, accuracy, resamples, seed)
    rows = [_row("sentiment", ALL_RULES, len(frame), int(judged.sum()), point, bounds, by, len(index))]
    for label in TASKS["sentiment"].fields[0].choices:
        tool = frame["label"].eq(label)
        coder = answer.eq(label) & judged
        if not (tool | coder).any():
            continue
        label_sums = _sums(keys, {"tp": w * (tool & correct), "tool": w * (tool & judged), "coder": w * coder}, index)

        def statistic(s: np.ndarray) -> np.ndarray:
            precision, recall = _ratio(s[:, 0], s[:, 1]), _ratio(s[:, 0], s[:, 2])
            return np.vstack([precision, recall, _f1(precision, recall)])

        point, bounds = _bootstrap(label_sums, statistic, resamples, seed)
        rows.append(_row("sentiment", label, int(tool.sum()), int((tool & judged).sum()), point, bounds, by,
                         len(index)))
    return rows
