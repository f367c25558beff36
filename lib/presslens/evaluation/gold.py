"""Readers for the human-labelled sentiment sets presslens is validated against, and the scores used.

- VADER-NYT (Hutto & Gilbert, ICWSM 2014): 5,190 snippets of New York Times opinion pieces, each with
  the mean of 20 human ratings on a -4..+4 scale. One tab-separated line per snippet (id, mean, text),
  CRLF line endings.
- NewsMTSC (Hamborg & Donnay, EACL 2021): news sentences with one or more target mentions and the
  human-labelled sentiment toward each target (polarity 2.0 negative, 4.0 neutral, 6.0 positive).
  JSON lines; each target's `from`/`to` are character offsets into `sentence_normalized` (end exclusive).

Neither set ships with presslens; the tests and notebook 05 read them from `../shared/gold/`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

LABELS = ("negative", "neutral", "positive")
NEWSMTSC_POLARITY = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}


def read_vader_nyt(path: str | Path) -> pd.DataFrame:
    """Read VADER's New York Times ground truth (`nytEditorialSnippets_GroundTruth.txt`).

    Args:
        path: the tab-separated file (id, mean rating, text; CRLF line endings).

    Returns:
        One row per snippet, in file order: `snippet_id` (str), `human_mean` (float, -4..+4), `text` (str).

    Raises:
        ValueError: naming the file and line when a line does not have three tab-separated fields
            or its rating is not a number.
    """
    path = Path(path)
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for line_number, line in enumerate(handle, start=1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            fields = line.split("\t")
            if len(fields) != 3:
                raise ValueError(f"{path}, line {line_number}: expected 3 tab-separated fields, got {len(fields)}")
            snippet_id, mean, text = fields
            try:
                human_mean = float(mean)
            except ValueError:
                raise ValueError(f"{path}, line {line_number}: rating {mean!r} is not a number") from None
            rows.append((snippet_id, human_mean, text))
    return pd.DataFrame(rows, columns=["snippet_id", "human_mean", "text"])


def read_newsmtsc(path: str | Path) -> pd.DataFrame:
    """Read a NewsMTSC split (`train.jsonl`, `rw_dev.jsonl`, `mt_dev.jsonl`, ...) as one row per target.

    Args:
        path: a NewsMTSC JSON-lines file.

    Returns:
        One row per labelled target, in file order: `sentence_gid` (the sentence's `primary_gid`),
        `target_gid`, `sentence` (`sentence_normalized`), `start`, `end` (the mention's character span in
        `sentence`, end exclusive), `mention`, `polarity` (2.0/4.0/6.0) and `label`
        ("negative"|"neutral"|"positive"). The table has the `sentence`/`start`/`end` columns that
        `presslens.sentiment.score_targets` expects.

    Raises:
        ValueError: naming the file and line when a line is not JSON, a polarity is unknown, or a span
            does not hold its mention.
    """
    path = Path(path)
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}, line {line_number}: not JSON ({error.msg})") from None
            sentence = record["sentence_normalized"]
            for target in record["targets"]:
                polarity = float(target["polarity"])
                if polarity not in NEWSMTSC_POLARITY:
                    raise ValueError(f"{path}, line {line_number}: unknown polarity {polarity}")
                start, end = int(target["from"]), int(target["to"])
                if sentence[start:end] != target["mention"]:
                    raise ValueError(
                        f"{path}, line {line_number}: span {start}:{end} holds {sentence[start:end]!r}, "
                        f"not the mention {target['mention']!r}"
                    )
                rows.append((record["primary_gid"], target["Input.gid"], sentence, start, end,
                             target["mention"], polarity, NEWSMTSC_POLARITY[polarity]))
    columns = ["sentence_gid", "target_gid", "sentence", "start", "end", "mention", "polarity", "label"]
    return pd.DataFrame(rows, columns=columns)


def macro_f1(truth: Sequence[str], predicted: Sequence[str], *, labels: Sequence[str] = LABELS) -> float:
    """Unweighted mean of the per-class F1 scores (a class never predicted nor present scores 0).

    Args:
        truth: the gold labels.
        predicted: the predicted labels, same length and order.
        labels: the classes to average over.

    Returns:
        Macro-averaged F1 in [0, 1].
    """
    scores = per_class_f1(truth, predicted, labels=labels)
    return float(scores["f1"].mean())


def per_class_f1(truth: Sequence[str], predicted: Sequence[str], *,
                 labels: Sequence[str] = LABELS) -> pd.DataFrame:
    """Precision, recall and F1 for each class.

    Args:
        truth: the gold labels.
        predicted: the predicted labels, same length and order.
        labels: the classes to report, in this order.

    Returns:
        One row per class: `label`, `support` (gold count), `precision`, `recall`, `f1`.

    Raises:
        ValueError: when the two sequences differ in length.
    """
    truth, predicted = list(truth), list(predicted)
    if len(truth) != len(predicted):
        raise ValueError(f"truth has {len(truth)} labels but predicted has {len(predicted)}")
    rows = []
    for label in labels:
        true_positive = sum(t == label and p == label for t, p in zip(truth, predicted))
        n_predicted = sum(p == label for p in predicted)
        n_true = sum(t == label for t in truth)
        precision = true_positive / n_predicted if n_predicted else 0.0
        recall = true_positive / n_true if n_true else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append((label, n_true, precision, recall, f1))
    return pd.DataFrame(rows, columns=["label", "support", "precision", "recall", "f1"])
