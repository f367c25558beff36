"""How well presslens's sentiment methods agree with human labels (notebook 05).

Two gold sets (read by `presslens.evaluation.gold`), neither shipped with presslens:

- VADER-NYT (Hutto & Gilbert 2014): New York Times opinion snippets with mean human ratings; sentence
  VADER is scored by Pearson r and three-way agreement.
- NewsMTSC (Hamborg & Donnay 2021): news sentences with the human-labelled sentiment toward each target
  mention; the target methods are scored by macro-F1, per-class F1 and confusion tables.

Every function here takes the folder of the shared data and returns an empty table with the documented
columns when a file is missing, so a notebook runs (and says what to get) without the data.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from presslens import config, sentiment
from presslens.evaluation import gold
from presslens.io.cache import cache_key, models_digest, read_tables, write_tables
from presslens.sentiment import onnx_build

LABELS = gold.LABELS
TARGET_METHODS = ("sentence_vader", "lexicon", "learned")
NEWSMTSC_SPLITS = ("rw_dev", "mt_dev")
DATASETS = {
    "vader_nyt": ("gold/vader-nyt/nytEditorialSnippets_GroundTruth.txt",
                  "VADER's ground truth, vaderSentiment repository (MIT), file "
                  "nytEditorialSnippets_GroundTruth.txt; Hutto & Gilbert, ICWSM 2014"),
    "rw_dev": ("gold/newsmtsc/rw_dev.jsonl",
               "NewsMTSC (MIT), real-world dev split (devtest_rw.jsonl upstream); Hamborg & Donnay, EACL 2021"),
    "mt_dev": ("gold/newsmtsc/mt_dev.jsonl",
               "NewsMTSC (MIT), multi-target dev split (devtest_mt.jsonl upstream); Hamborg & Donnay, EACL 2021"),
}
#: Figures reported by the datasets' authors, for comparison (test splits; not one-to-one comparable).
PUBLISHED = pd.DataFrame([
    ("vader_nyt", "sentence_vader", "pearson_r", 0.50,
     "Hutto & Gilbert (2014), VADER, ICWSM: VADER vs NYT snippet means"),
    ("vader_nyt", "sentence_vader", "accuracy_3way", 0.54,
     "presslens shared README, after Hutto & Gilbert (2014): three classes, thresholds +-0.05"),
    ("rw_dev", "sentence_vader", "macro_f1", 0.51,
     "presslens shared README: VADER sentence label for every target, NewsMTSC real-world dev+test"),
    ("rw_dev", "best_published", "macro_f1", 0.831,
     "Hamborg & Donnay (2021), NewsMTSC, EACL: best model (GRU-TSC, RoBERTa), real-world test set"),
    ("mt_dev", "best_published", "macro_f1", 0.825,
     "Hamborg & Donnay (2021), NewsMTSC, EACL: best model (GRU-TSC, RoBERTa), multi-target test set"),
], columns=["dataset", "method", "metric", "value", "source"])

PREDICTION_COLUMNS = ["split", "method", "target_gid", "sentence", "start", "end", "mention", "gold_label",
                      "predicted", "score"]
SUMMARY_COLUMNS = ["split", "method", "targets", "macro_f1", "accuracy", "f1_negative", "f1_neutral",
                   "f1_positive"]


def dataset_status(shared_dir: str | Path) -> pd.DataFrame:
    """Which gold files are present under `shared_dir`, and where to get each one.

    Args:
        shared_dir: the folder holding `gold/vader-nyt/` and `gold/newsmtsc/`.

    Returns:
        One row per dataset: `dataset`, `file` (relative to `shared_dir`), `present` (bool), `get_it_from`.
    """
    root = Path(shared_dir)
    rows = [(name, relative, (root / relative).is_file(), source) for name, (relative, source) in DATASETS.items()]
    return pd.DataFrame(rows, columns=["dataset", "file", "present", "get_it_from"])


def dataset_path(shared_dir: str | Path, dataset: str) -> Path | None:
    """The file of `dataset` ("vader_nyt", "rw_dev", "mt_dev") under `shared_dir`, or None when absent."""
    if dataset not in DATASETS:
        raise ValueError(f"dataset must be one of {sorted(DATASETS)}, not {dataset!r}")
    path = Path(shared_dir) / DATASETS[dataset][0]
    return path if path.is_file() else None


# --- VADER on the New York Times snippets ------------------------------------------------------------


def vader_nyt_predictions(shared_dir: str | Path, *, threshold: float = 0.05) -> pd.DataFrame:
    """Sentence VADER on every VADER-NYT snippet beside the human mean rating.

    The human mean (-4..+4) is divided by 4 to share VADER's -1..+1 scale; both are then labelled with the
    same symmetric `threshold`.

    Args:
        shared_dir: folder of the shared data.
        threshold: score >= threshold is positive, <= -threshold negative, else neutral.

    Returns:
        One row per snippet, file order: `snippet_id`, `text`, `human_mean`, `human_scaled`, `compound`,
        `human_label`, `vader_label`. Empty when the file is absent.
    """
    columns = ["snippet_id", "text", "human_mean", "human_scaled", "compound", "human_label", "vader_label"]
    path = dataset_path(shared_dir, "vader_nyt")
    if path is None:
        return pd.DataFrame(columns=columns)
    snippets = gold.read_vader_nyt(path)
    scored = sentiment.score_sentences(snippets[["text"]], threshold=threshold)  # each snippet scored whole
    table = snippets.assign(human_scaled=snippets["human_mean"] / 4.0, compound=scored["compound"].to_numpy())
    table["human_label"] = sentiment.label_scores(table["human_scaled"], threshold=threshold).to_numpy()
    table["vader_label"] = scored["label"].to_numpy()
    return table[columns]


def vader_nyt_summary(predictions: pd.DataFrame) -> pd.DataFrame:
    """Agreement of sentence VADER with the human ratings.

    Args:
        predictions: the output of `vader_nyt_predictions`.

    Returns:
        One row: `snippets`, `pearson_r` (compound vs human mean), `accuracy_3way` (labels agree),
        `macro_f1` (three-way). Empty when `predictions` is.
    """
    columns = ["snippets", "pearson_r", "accuracy_3way", "macro_f1"]
    if predictions.empty:
        return pd.DataFrame(columns=columns)
    pearson = float(np.corrcoef(predictions["compound"], predictions["human_mean"])[0, 1])
    accuracy = float((predictions["human_label"] == predictions["vader_label"]).mean())
    macro = gold.macro_f1(predictions["human_label"], predictions["vader_label"])
    return pd.DataFrame([(len(predictions), pearson, accuracy, macro)], columns=columns)


# --- Target methods on NewsMTSC ----------------------------------------------------------------------


def available_target_methods() -> list[str]:
    """The NewsMTSC-comparable methods installed here: sentence VADER, lexicon, and learned when installed."""
    methods = ["sentence_vader", "lexicon"]
    if onnx_build.is_available():
        methods.append("learned")
    return methods


def target_predictions(shared_dir: str | Path, *, methods: Sequence[str] | None = None,
                       splits: Sequence[str] = NEWSMTSC_SPLITS, cache: bool = True) -> pd.DataFrame:
    """Every method's label for every NewsMTSC dev target.

    Methods: "sentence_vader" (the VADER label of the whole sentence, given to each of its targets),
    "lexicon" and "learned" (`presslens.sentiment.score_targets`).

    Args:
        shared_dir: folder of the shared data.
        methods: which methods (default: `available_target_methods()`).
        splits: NewsMTSC splits to score ("rw_dev", "mt_dev").
        cache: keep each split's and method's labels under `config.PROCESSED_DIR`, keyed like the corpus
            analysis (the gold file's rows, the presslens code and instruments, the shipped models), and read
            them back on the next run instead of scoring again.

    Returns:
        One row per split, method and target, sorted by split, method and target order in the file:
        `split`, `method`, `target_gid`, `sentence`, `start`, `end`, `mention`, `gold_label`, `predicted`,
        `score` (-1..1). Splits whose file is absent are left out.

    Raises:
        ValueError: when a method or split is unknown.
    """
    methods = available_target_methods() if methods is None else list(methods)
    unknown = sorted(set(methods) - set(TARGET_METHODS)) + sorted(set(splits) - set(NEWSMTSC_SPLITS))
    if unknown:
        raise ValueError(f"target_predictions: unknown method or split {unknown}")
    frames = []
    for split in splits:
        path = dataset_path(shared_dir, split)
        if path is None:
            continue
        targets = gold.read_newsmtsc(path).rename(columns={"label": "gold_label"})
        for method in methods:
            predicted, score = _kept_predictions(targets, method, split=split) if cache else _predict(targets, method)
            frames.append(targets.assign(split=split, method=method, predicted=predicted, score=score))
    if not frames:
        return pd.DataFrame(columns=PREDICTION_COLUMNS)
    return pd.concat(frames, ignore_index=True)[PREDICTION_COLUMNS]


def _kept_predictions(targets: pd.DataFrame, method: str, *, split: str) -> tuple[np.ndarray, np.ndarray]:
    """`_predict`, read from the kept tables when this split was scored by this method with this code."""
    folder = config.PROCESSED_DIR / cache_key(targets, purpose="newsmtsc-predictions",
                                              options={"split": split, "method": method, "models": models_digest()})
    kept = read_tables(folder, {"predictions": ["predicted", "score"]})
    if kept is not None and len(kept["predictions"]) == len(targets):
        return kept["predictions"]["predicted"].to_numpy(), kept["predictions"]["score"].to_numpy(dtype=float)
    predicted, score = _predict(targets, method)
    write_tables(folder, {"predictions": pd.DataFrame({"predicted": predicted, "score": score})},
                 about={"split": split, "method": method, "targets": len(targets)})
    return predicted, score


def _predict(targets: pd.DataFrame, method: str) -> tuple[np.ndarray, np.ndarray]:
    if method == "sentence_vader":
        sentences = targets["sentence"].drop_duplicates().tolist()
        scored = sentiment.score_sentences(pd.DataFrame({"text": sentences})).assign(sentence=sentences)
        merged = targets[["sentence"]].merge(scored[["sentence", "label", "compound"]], on="sentence", how="left")
        return merged["label"].to_numpy(), merged["compound"].to_numpy(dtype=float)
    scored = sentiment.score_targets(targets[["sentence", "start", "end"]], method=method)
    return scored["label"].to_numpy(), scored["score"].to_numpy(dtype=float)


def target_summary(predictions: pd.DataFrame) -> pd.DataFrame:
    """Macro-F1, accuracy and per-class F1 of each method on each split.

    Args:
        predictions: the output of `target_predictions`.

    Returns:
        One row per split and method (splits in file order rw_dev, mt_dev; methods as scored):
        `split`, `method`, `targets`, `macro_f1`, `accuracy`, `f1_negative`, `f1_neutral`, `f1_positive`.
    """
    rows = []
    for (split, method), group in predictions.groupby(["split", "method"], sort=False):
        per_class = gold.per_class_f1(group["gold_label"], group["predicted"]).set_index("label")["f1"]
        rows.append((split, method, len(group), gold.macro_f1(group["gold_label"], group["predicted"]),
                     float((group["gold_label"] == group["predicted"]).mean()),
                     *(float(per_class[label]) for label in LABELS)))
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def confusion_table(predictions: pd.DataFrame) -> pd.DataFrame:
    """Confusion counts of each method on each split, in long form (one row per cell).

    Args:
        predictions: the output of `target_predictions` (or any table with `split`, `method`,
            `gold_label`, `predicted`).

    Returns:
        One row per split, method, gold label and predicted label (all nine cells, zeros included):
        `split`, `method`, `gold_label`, `predicted`, `targets`, `share_of_gold` (the row-normalised rate).
    """
    columns = ["split", "method", "gold_label", "predicted", "targets", "share_of_gold"]
    frames = []
    for (split, method), group in predictions.groupby(["split", "method"], sort=False):
        counts = pd.crosstab(pd.Categorical(group["gold_label"], categories=LABELS),
                             pd.Categorical(group["predicted"], categories=LABELS), dropna=False)
        cells = counts.stack().rename("targets").rename_axis(["gold_label", "predicted"]).reset_index()
        totals = cells.groupby("gold_label", observed=False)["targets"].transform("sum")
        cells["share_of_gold"] = np.where(totals > 0, cells["targets"] / totals.where(totals > 0, 1), 0.0)
        frames.append(cells.assign(split=split, method=method))
    if not frames:
        return pd.DataFrame(columns=columns)
    table = pd.concat(frames, ignore_index=True)
    table["gold_label"] = table["gold_label"].astype(str)
    table["predicted"] = table["predicted"].astype(str)
    table["targets"] = table["targets"].astype(int)
    return table[columns]


def example_errors(predictions: pd.DataFrame, *, method: str, split: str = "rw_dev", n: int = 5) -> pd.DataFrame:
    """The `n` most confident mistakes of one method on one split.

    Confidence is the size of the score (|score|); ties go to the target that comes first in the file.

    Args:
        predictions: the output of `target_predictions`.
        method: the method to inspect.
        split: the split to take errors from.
        n: at most this many rows.

    Returns:
        Columns `mention`, `sentence`, `gold_label`, `predicted`, `score` (rounded to 3 places).
    """
    chosen = predictions.loc[(predictions["method"] == method) & (predictions["split"] == split)]
    wrong = chosen.loc[chosen["gold_label"] != chosen["predicted"]].reset_index(drop=True)
    wrong = wrong.assign(confidence=wrong["score"].abs().round(6), order=np.arange(len(wrong)))
    wrong = wrong.sort_values(["confidence", "order"], ascending=[False, True]).head(n)
    return wrong[["mention", "sentence", "gold_label", "predicted", "score"]].round({"score": 3}).reset_index(drop=True)


def comparison_table(summary: pd.DataFrame, vader_summary: pd.DataFrame) -> pd.DataFrame:
    """Measured figures beside the published ones, one row per dataset, method and metric.

    Args:
        summary: the output of `target_summary`.
        vader_summary: the output of `vader_nyt_summary`.

    Returns:
        Columns `dataset`, `method`, `metric`, `measured` (NaN when not measured here), `published` (NaN when
        none), `source` (citation of the published figure), rounded to 3 places.
    """
    measured = [("vader_nyt", "sentence_vader", metric, float(vader_summary[metric].iloc[0]))
                for metric in ("pearson_r", "accuracy_3way") if not vader_summary.empty]
    measured += [(row.split, row.method, "macro_f1", float(row.macro_f1)) for row in summary.itertuples()]
    measured_table = pd.DataFrame(measured, columns=["dataset", "method", "metric", "measured"])
    published = PUBLISHED.rename(columns={"value": "published"})
    table = measured_table.merge(published, on=["dataset", "method", "metric"], how="outer")
    dataset_order = {name: number for number, name in enumerate(DATASETS)}
    method_order = {name: number for number, name in enumerate((*TARGET_METHODS, "best_published"))}
    table = table.assign(dataset_rank=table["dataset"].map(dataset_order), method_rank=table["method"].map(method_order))
    table = table.sort_values(["dataset_rank", "method_rank", "metric"]).drop(columns=["dataset_rank", "method_rank"])
    table["source"] = table["source"].fillna("")
    return table.round({"measured": 3, "published": 3}).reset_index(drop=True)


def method_agreement(targets: pd.DataFrame, *, max_mentions: int | None = 2000, seed: int = 0) -> pd.DataFrame:
    """How often the lexicon and the learned target methods give a mention the same label.

    Args:
        targets: a table with `sentence`, `start`, `end` (e.g. `presslens.stance.find_mentions(...)`); when it
            holds the learned method's labels already (`label`, `method` "learned", as `Analysis.mentions` does),
            those are compared rather than scored again.
        max_mentions: score a seeded random sample of this many mentions when there are more (the learned
            method scores a few hundred mentions a second); None scores all.
        seed: the sample's seed.

    Returns:
        One row per pair of labels (all nine, zeros included): `lexicon`, `learned`, `mentions`, `share`
        (of all mentions). Empty when the learned method is not installed or there are no mentions.
    """
    columns = ["lexicon", "learned", "mentions", "share"]
    if targets.empty or not onnx_build.is_available():
        return pd.DataFrame(columns=columns)
    scored = {"label", "method"} <= set(targets.columns) and targets["method"].eq("learned").all()
    spans = targets[["sentence", "start", "end", *(["label"] if scored else [])]].reset_index(drop=True)
    if max_mentions is not None and len(spans) > max_mentions:
        spans = spans.sample(n=max_mentions, random_state=seed).sort_index().reset_index(drop=True)
    lexicon = sentiment.score_targets(spans, method="lexicon")["label"]
    learned = spans["label"] if scored else sentiment.score_targets(spans, method="learned")["label"]
    counts = pd.crosstab(pd.Categorical(lexicon, categories=LABELS), pd.Categorical(learned, categories=LABELS),
                         dropna=False)
    table = counts.stack().rename("mentions").rename_axis(["lexicon", "learned"]).reset_index()
    table["lexicon"], table["learned"] = table["lexicon"].astype(str), table["learned"].astype(str)
    table["mentions"] = table["mentions"].astype(int)
    table["share"] = table["mentions"] / len(spans)
    return table[columns]


def describe_agreement(agreement: pd.DataFrame) -> str:
    """One sentence on how far the two target methods agree on a corpus, written from `method_agreement`'s table.

    Returns:
        E.g. "On 59 mentions of this corpus the lexicon and learned methods give the same label to 27% (16); the
        most common disagreement: lexicon negative, learned neutral (20 mentions)." Says so when the learned
        method is not installed or there were no mentions.
    """
    total = int(agreement["mentions"].sum()) if len(agreement) else 0
    if total == 0:
        return ("The lexicon and learned methods were not compared on this corpus (no actor mention, or the "
                "learned method is not installed).")
    same = agreement["lexicon"].eq(agreement["learned"])
    agreed = int(agreement.loc[same, "mentions"].sum())
    text = (f"On {total:,} mentions of this corpus the lexicon and learned methods give the same label to "
            f"{agreed / total:.0%} ({agreed:,})")
    differing = agreement[~same & agreement["mentions"].gt(0)].sort_values(
        ["mentions", "lexicon", "learned"], ascending=[False, True, True])
    if differing.empty:
        return text + "."
    top = differing.iloc[0]
    return (text + f"; the most common disagreement: lexicon {top['lexicon']}, learned {top['learned']} "
            f"({int(top['mentions']):,} mentions).")
