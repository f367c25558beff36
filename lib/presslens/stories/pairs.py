"""The evaluation set of near-copy detection: copy and non-copy pairs built from real articles, and pair scores.

Positive pairs are a real article and a copy made from it by one programmatic transformation (`KINDS`):

- `furniture`: up to two short lines removed and two to four short lines from other articles added (captions,
  "ADVERTISEMENT", "Read more: ...", bylines: what another outlet's page wraps a wire story in);
- `headline`: another article's headline, the body unchanged (found through identical wording);
- `trimmed`: the last 15-40% of the paragraphs cut (a shorter version of the story);
- `edited`: two to five sentences reworded (words dropped, replaced by other words of the article, swapped) and
  one sentence from another article inserted (an update);
- `combined`: furniture, headline, a trimmed ending (10-25%) and edits at once.

The copy gets another outlet's name and a date up to two days later. Negative pairs are two different real
articles of the same `topic` published at most `negative_days` apart, leaving out pairs with the same headline or
the same first 20 words (those are often real wire copies, which would be mislabelled as different). The same
`seed` gives the same set; `tools/copy_pairs.py` builds one with any seed, so that a held-out check can build its
own after the thresholds were chosen.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from presslens.stories.copies import CopyThresholds, near_duplicates
from presslens.text.clean import clean_articles

KINDS = ("furniture", "headline", "trimmed", "edited", "combined")
MIN_WORDS = 150  # a base article has at least this many words and three paragraphs
FURNITURE_MAX_WORDS = 15  # a "short line" of furniture
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")


def read_allsides(path: str | Path, *, limit: int | None = None) -> pd.DataFrame:
    """The AllSides JSONL(.gz) records as article_id, title, source, published, topic, text (first `limit` lines)."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    rows = []
    with opener(path, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if limit is not None and number >= limit:
                break
            record = json.loads(line)
            rows.append({"article_id": record["ID"], "title": record.get("title") or "",
                         "source": record.get("source") or "", "published": record.get("date") or "",
                         "topic": record.get("topic") or "", "text": record.get("content_original") or ""})
    table = pd.DataFrame(rows)
    table["published"] = pd.to_datetime(table["published"], errors="coerce", format="%Y-%m-%d")
    return table


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in re.split(r"\n+", text) if line.strip()]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def furniture_lines(articles: pd.DataFrame, *, limit: int = 5000) -> list[str]:
    """Short lines (at most `FURNITURE_MAX_WORDS` words) of the articles, first and last lines first, distinct."""
    lines: dict[str, None] = {}
    for text in articles["text"]:
        paragraphs = _paragraphs(text)
        for line in paragraphs[:2] + paragraphs[-2:] + paragraphs[2:-2]:
            if 1 <= len(line.split()) <= FURNITURE_MAX_WORDS:
                lines.setdefault(line)
        if len(lines) >= limit:
            break
    return list(lines)


def _with_furniture(paragraphs: list[str], rng: np.random.Generator, pool: list[str]) -> list[str]:
    paragraphs = list(paragraphs)
    short = [index for index, line in enumerate(paragraphs) if len(line.split()) <= FURNITURE_MAX_WORDS]
    for index in sorted(rng.choice(short, size=min(len(short), 2), replace=False), reverse=True):
        del paragraphs[index]
    for line in rng.choice(pool, size=int(rng.integers(2, 5)), replace=False):
        paragraphs.insert(int(rng.choice([0, len(paragraphs), int(rng.integers(0, len(paragraphs) + 1))])), line)
    return paragraphs


def _trimmed(paragraphs: list[str], rng: np.random.Generator, low: float, high: float) -> list[str]:
    keep = max(2, int(round(len(paragraphs) * (1 - rng.uniform(low, high)))))
    return paragraphs[:keep]


def _reworded(sentence: str, rng: np.random.Generator, vocabulary: list[str]) -> str:
    words = sentence.split()
    if len(words) < 4:
        return sentence
    for _ in range(max(1, len(words) // 8)):
        action = rng.integers(0, 3)
        position = int(rng.integers(0, len(words)))
        if action == 0 and len(words) > 4:
            del words[position]
        elif action == 1:
            words[position] = str(rng.choice(vocabulary))
        elif position + 1 < len(words):
            words[position], words[position + 1] = words[position + 1], words[position]
    return " ".join(words)


def _edited(paragraphs: list[str], rng: np.random.Generator, inserted: str) -> list[str]:
    sentences = [_SENTENCE_END.split(paragraph) for paragraph in paragraphs]
    places = [(p, s) for p, parts in enumerate(sentences) for s in range(len(parts))]
    vocabulary = [word for paragraph in paragraphs for word in paragraph.split()]
    for choice in rng.choice(len(places), size=min(len(places), int(rng.integers(2, 6))), replace=False):
        p, s = places[choice]
        sentences[p][s] = _reworded(sentences[p][s], rng, vocabulary)
    target = int(rng.integers(0, len(sentences)))
    sentences[target].insert(int(rng.integers(0, len(sentences[target]) + 1)), inserted)
    return [" ".join(parts) for parts in sentences]


def _make_copy(base: pd.Series, kind: str, rng: np.random.Generator, donors: pd.DataFrame,
               pool: list[str]) -> tuple[str, str]:
    """(title, text) of a copy of `base` made by transformation `kind`."""
    paragraphs = _paragraphs(base["text"])
    donor = donors.iloc[int(rng.integers(0, len(donors)))]
    donor_sentences = [s for s in _SENTENCE_END.split(" ".join(_paragraphs(donor["text"]))) if len(s.split()) > 6]
    inserted = str(rng.choice(donor_sentences)) if donor_sentences else donor["title"]
    title = base["title"]
    if kind in ("headline", "combined"):
        title = donor["title"]
    if kind in ("furniture", "combined"):
        paragraphs = _with_furniture(paragraphs, rng, pool)
    if kind == "trimmed":
        paragraphs = _trimmed(paragraphs, rng, 0.15, 0.40)
    if kind == "combined":
        paragraphs = _trimmed(paragraphs, rng, 0.10, 0.25)
    if kind in ("edited", "combined"):
        paragraphs = _edited(paragraphs, rng, inserted)
    return title, "\n\n".join(paragraphs)


def copy_pairs(articles: pd.DataFrame, *, seed: int, n_pairs: int = 500,
               negative_days: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Build an evaluation corpus and its labelled pairs from real articles.

    Args:
        articles: article_id, title, source, published, topic and text (e.g. `read_allsides`).
        seed: the random seed; another seed gives another set from the same articles.
        n_pairs: positive pairs (spread evenly over `KINDS`), and as many negative pairs as can be found up to
            this number.
        negative_days: most days between the two articles of a negative pair.

    Returns:
        (corpus, pairs). `corpus` holds the base articles, the negative pairs' articles and the copies (columns of
        `articles`); `pairs` has article_id, other_id, kind (a transformation, or "different" for negative pairs)
        and copy (the true label).
    """
    rng = np.random.default_rng(seed)
    usable = articles[articles["published"].notna() & articles["text"].map(
        lambda text: len(_paragraphs(text)) >= 3 and len(text.split()) >= MIN_WORDS)].reset_index(drop=True)
    order = rng.permutation(len(usable))
    bases = usable.iloc[order[:n_pairs]].reset_index(drop=True)
    donors = usable.iloc[order[n_pairs:]].reset_index(drop=True)
    pool = furniture_lines(donors)
    sources = sorted(set(articles["source"]) - {""})
    copies, positive = [], []
    for number, base in bases.iterrows():
        kind = KINDS[number % len(KINDS)]
        title, text = _make_copy(base, kind, rng, donors, pool)
        copy_id = f"{base['article_id']}-{kind}"
        copies.append({**base.to_dict(), "article_id": copy_id, "title": title, "text": text,
                       "source": str(rng.choice(sources)),
                       "published": base["published"] + pd.Timedelta(days=int(rng.integers(0, 3)))})
        positive.append({"article_id": base["article_id"], "other_id": copy_id, "kind": kind, "copy": True})
    negative = _negative_pairs(donors, rng, n_pairs, negative_days)
    chosen = set(negative["article_id"]) | set(negative["other_id"])
    corpus = pd.concat([bases, donors[donors["article_id"].isin(chosen)], pd.DataFrame(copies)], ignore_index=True)
    pairs = pd.concat([pd.DataFrame(positive), negative], ignore_index=True)
    return corpus, pairs


def _negative_pairs(articles: pd.DataFrame, rng: np.random.Generator, count: int, days: int) -> pd.DataFrame:
    lede = articles["text"].map(lambda text: " ".join(_words(text)[:20]))
    title = articles["title"].str.lower().str.strip()
    frame = articles.assign(lede=lede, title_key=title).sort_values(["topic", "published", "article_id"])
    candidates = []
    for _, group in frame.groupby("topic", sort=True):
        rows = group.reset_index(drop=True)
        dates = rows["published"].to_numpy()
        for i in range(len(rows)):
            for j in range(i + 1, len(rows)):
                if dates[j] - dates[i] > np.timedelta64(days, "D"):
                    break
                if rows.at[i, "lede"] != rows.at[j, "lede"] and rows.at[i, "title_key"] != rows.at[j, "title_key"]:
                    candidates.append((rows.at[i, "article_id"], rows.at[j, "article_id"]))
    picked = rng.permutation(len(candidates))[:count]
    return pd.DataFrame({"article_id": [candidates[i][0] for i in picked], "other_id": [candidates[i][1] for i in picked],
                         "kind": "different", "copy": False})


def pair_scores(groups: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """Precision, recall and F1 of copy groups on labelled pairs: overall and per kind of pair.

    A pair is predicted a copy when both articles share a `copy_group`.

    Returns:
        One row per kind and a final "all" row: kind, pairs, true_positive, false_positive, false_negative,
        true_negative, precision, recall, f1 (recall per copy kind; false positives on the "different" row).
    """
    group_of = groups.set_index("article_id")["copy_group"]
    predicted = group_of.loc[pairs["article_id"]].to_numpy() == group_of.loc[pairs["other_id"]].to_numpy()
    table = pairs.assign(predicted=predicted)
    rows = [_scores(kind, part) for kind, part in table.groupby("kind", sort=False)]
    rows.append(_scores("all", table))
    return pd.DataFrame(rows)


def _scores(kind: str, table: pd.DataFrame) -> dict[str, object]:
    truth, predicted = table["copy"].to_numpy(bool), table["predicted"].to_numpy(bool)
    tp, fp = int((truth & predicted).sum()), int((~truth & predicted).sum())
    fn, tn = int((truth & ~predicted).sum()), int((~truth & ~predicted).sum())
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * precision * recall / (precision + recall) if tp else (0.0 if tp + fp + fn else float("nan"))
    return {"kind": kind, "pairs": len(table), "true_positive": tp, "false_positive": fp, "false_negative": fn,
            "true_negative": tn, "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def evaluate_copies(corpus: pd.DataFrame, pairs: pd.DataFrame, *, thresholds: CopyThresholds | None = None,
                    engine: str = "auto") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clean the evaluation corpus as `read_corpus` would, group its copies and score the pairs.

    Returns:
        (scores from `pair_scores`, the pairs with `predicted` and the groups' similarity of each pair's copy).
    """
    cleaned, _ = clean_articles(corpus.assign(title=corpus["title"].fillna("")))
    groups = near_duplicates(cleaned, thresholds=thresholds, engine=engine)
    scores = pair_scores(groups, pairs)
    group_of = groups.set_index("article_id")["copy_group"]
    detail = pairs.assign(predicted=group_of.loc[pairs["article_id"]].to_numpy()
                          == group_of.loc[pairs["other_id"]].to_numpy())
    return scores, detail
