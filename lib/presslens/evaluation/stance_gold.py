"""The stance and quote gold set of unseen news, and how the tool is scored against it.

`goldsets/stance-news/` holds human coding of AllSides articles (2012-2020; `articles.csv` lists them with
their split and topic: dev articles for error analysis, test articles on other topics held out; its README says
how each batch was drawn and what it first scored), two
independent coders per article following `GUIDELINES.md`, disagreements adjudicated. Only the coding is
stored: article ids, character offsets into the articles' texts and the coders' short holder, target and
speaker words. The texts are read from the AllSides corpus in the shared data (`../shared`) at run time.

Matching (the same for coder against coder and tool against gold): two statements match when they are in
the same sentence (their sentence texts overlap), name the same holder (a word of one holder's name is in the
other's, after titles, articles and possessives are set aside, or one is the other's initials: "IOC"), have the
same target (the head word of one is a word of the other's target words) and the same sign. Each gold statement
matches at most one.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from presslens import config

GOLDSET_DIR = Path(__file__).resolve().parent / "goldsets" / "stance-news"
ALLSIDES = Path("corpora") / "allsides" / "articles.jsonl.gz"
SPLITS = ("dev", "test")
RESULT_FILES = {"statements": "results-statements.csv", "rules": "results-rules.csv",
                "quotes": "results-quotes.csv", "agreement": "results-agreement.csv"}
TYPOGRAPHY = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "‘": "'", "’": "'", "‚": "'",
                             "‛": "'", "′": "'", "–": "-", "—": "-", "\u00a0": " "})
_NAME_WORDS_LEFT_OUT = frozenset("the a an of and mr mrs ms dr sen rep gov president 's s".split())
_WORD = re.compile(r"[\w.'-]+")


def measured(name: str) -> pd.DataFrame:
    """The figures `make evaluate-stance` last measured on the gold set, as shipped with the package.

    Args:
        name: "statements" (precision and recall with 95% intervals), "rules" (precision per rule), "quotes"
            (speaker found and right) or "agreement" (between the two coders).
    """
    if name not in RESULT_FILES:
        raise ValueError(f"name: expected one of {sorted(RESULT_FILES)}, got {name!r}")
    return pd.read_csv(GOLDSET_DIR / RESULT_FILES[name])


def allsides_path(shared_dir: str | Path | None = None) -> Path:
    """The AllSides corpus in the shared data; FileNotFoundError saying what is missing when it is absent."""
    path = Path(shared_dir or config.SHARED_DIR) / ALLSIDES
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: the gold sets' article texts come from the AllSides "
                                "corpus of the shared data (set PRESSLENS_SHARED_DIR to its folder)")
    return path


def allsides_records(wanted: set[str], *, shared_dir: str | Path | None = None) -> list[dict]:
    """The AllSides articles with these ids, as records `read_corpus` reads (ID, title, date, source,
    content_original), in the corpus's order."""
    records = []
    with gzip.open(allsides_path(shared_dir), "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["ID"] in wanted:
                records.append({key: record[key] for key in ("ID", "title", "date", "source", "content_original")})
    return records


def write_records(path: Path, records: list[dict]) -> Path:
    """Write records (articles for `read_corpus`, or rows of a gold set) as JSON lines (UTF-8)."""
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def gold_articles(shared_dir: str | Path | None = None) -> pd.DataFrame:
    """The coded articles as records `read_corpus` reads: ID, title, date, source, content_original, plus
    split and topic."""
    listed = pd.read_csv(GOLDSET_DIR / "articles.csv", dtype=str, keep_default_na=False)
    records = allsides_records(set(listed["article_id"]), shared_dir=shared_dir)
    found = pd.DataFrame(records).rename(columns={"ID": "article_id"})
    return listed[["article_id", "split", "topic"]].merge(found, on="article_id").sort_values("article_id",
                                                                                                ignore_index=True)


def write_gold_corpus(folder: str | Path, *, shared_dir: str | Path | None = None, split: str | None = None) -> Path:
    """Write the coded articles (of one split, or all) as `gold-<split>.jsonl` in `folder` for `read_corpus`."""
    articles = gold_articles(shared_dir)
    if split is not None:
        articles = articles[articles["split"] == split]
    records = articles.drop(columns=["split", "topic"]).rename(columns={"article_id": "ID"}).to_dict("records")
    return write_records(Path(folder) / f"gold-{split or 'all'}.jsonl", records)


def gold_table(name: str, *, shared_dir: str | Path | None = None) -> pd.DataFrame:
    """One coding file of the gold set with each row's sentence (or quote opening) text restored.

    Args:
        name: "statements-adjudicated", "statements-coder-a", "statements-coder-b", "quotes-coder-a" or
            "quotes-coder-b".
    """
    rows = pd.read_json(GOLDSET_DIR / f"{name}.jsonl", lines=True, dtype={"article_id": str})
    texts = gold_articles(shared_dir).set_index("article_id")
    def text_of(row) -> str:
        article = texts.loc[row.article_id]
        source = article["title"] if row.field == "title" else article["content_original"]
        return source[row.start: row.end]
    rows["text"] = [text_of(row) for row in rows.itertuples(index=False)]
    return rows


def normalise(text: str) -> str:
    """Text compared across tools: NFKC, straight quotes and dashes, single spaces."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text or "").translate(TYPOGRAPHY)).strip()


def name_words(name: str) -> set[str]:
    """The words of a name that identify it (lower case; titles, articles and possessives set aside)."""
    words = {word.strip(".'").removesuffix("'s") for word in _WORD.findall(normalise(name).lower())}
    return {word for word in words if word and word not in _NAME_WORDS_LEFT_OUT}


def same_actor(one: Sequence[str], other: Sequence[str]) -> bool:
    """Whether two ways of naming an actor (each some names or words for it) agree: they share a name word, or
    one is written as the initials of the other ("IOC", "International Olympic Committee")."""
    words_one = set().union(*(name_words(name) for name in one))
    words_other = set().union(*(name_words(name) for name in other))
    return bool(words_one & words_other) or any(
        _initials_of(short, name) or _initials_of(name, short) for short in one for name in other)


def _initials_of(short: str, name: str) -> bool:
    """Whether `short` is an acronym in capitals ("IOC", "U.N.") of the words of `name`."""
    letters = re.sub(r"[.\s]", "", normalise(short))
    if not 2 <= len(letters) <= 6 or not letters.isalpha() or not letters.isupper():
        return False
    words = [word for word in _WORD.findall(normalise(name)) if word.lower() not in _NAME_WORDS_LEFT_OUT]
    return len(words) == len(letters) and "".join(word[0] for word in words).lower() == letters.lower()


def same_sentence(one: str, other: str) -> bool:
    """Two sentence texts are the same unit when one contains the other or they share 60% of their words."""
    one, other = normalise(one), normalise(other)
    if not one or not other:
        return False
    if one in other or other in one:
        return True
    words_one, words_other = set(one.split()), set(other.split())
    return len(words_one & words_other) >= 0.6 * min(len(words_one), len(words_other))


def head_in(head: str, words: str) -> bool:
    """Whether a head word is one of the words (singular and plural alike)."""
    head = normalise(head).lower().strip(".,'\"")
    found = {word.strip(".,'\"").rstrip("s") for word in normalise(words).lower().split()}
    return bool(head) and head.rstrip("s") in found


def statements_match(gold: dict, tool: dict) -> bool:
    """The matching rule of the module docstring, for one gold and one tool statement (dicts with sentence,
    holder, holder_text, target_text, target_head, sign)."""
    return (same_sentence(gold["sentence"], tool["sentence"])
            and same_actor([gold["holder"], gold.get("holder_text", "")], [tool["holder"], tool.get("holder_text", "")])
            and (head_in(gold["target_head"], tool["target_text"]) or head_in(tool["target_head"], gold["target_text"]))
            and int(gold["sign"]) == int(tool["sign"]))


def match(gold: pd.DataFrame, tool: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Which gold rows and which tool rows are matched (each gold row to at most one tool row), article by
    article; both tables need article_id, sentence, holder, holder_text, target_text, target_head, sign."""
    gold_hit, tool_hit = np.zeros(len(gold), bool), np.zeros(len(tool), bool)
    tool_rows = tool.reset_index(drop=True).to_dict("records")
    by_article: dict[str, list[int]] = {}
    for index, row in enumerate(tool_rows):
        by_article.setdefault(row["article_id"], []).append(index)
    for g_index, g_row in enumerate(gold.reset_index(drop=True).to_dict("records")):
        for t_index in by_article.get(g_row["article_id"], []):
            if not tool_hit[t_index] and statements_match(g_row, tool_rows[t_index]):
                gold_hit[g_index] = tool_hit[t_index] = True
                break
    return gold_hit, tool_hit


def precision_recall(gold: pd.DataFrame, tool: pd.DataFrame, *, resamples: int = 2000,
                     seed: int = 0) -> pd.DataFrame:
    """Precision, recall and F1 of `tool` against `gold`, with 95% intervals resampled by article.

    Returns:
        One row: gold, tool, matched, precision, recall, f1, and `<measure>_low` / `<measure>_high` bounds
        (percentile bootstrap over articles, `resamples` draws).
    """
    gold_hit, tool_hit = match(gold, tool)
    articles = sorted(set(gold["article_id"]) | set(tool["article_id"]))
    per_article = pd.DataFrame({"article_id": articles}).set_index("article_id")
    per_article["gold"] = gold.groupby("article_id").size()
    per_article["tool"] = tool.groupby("article_id").size()
    per_article["gold_hit"] = pd.Series(gold_hit, index=gold["article_id"].to_numpy()).groupby(level=0).sum()
    per_article["tool_hit"] = pd.Series(tool_hit, index=tool["article_id"].to_numpy()).groupby(level=0).sum()
    counts = per_article.fillna(0).to_numpy(float)
    rng = np.random.default_rng(seed)
    draws = counts[rng.integers(0, len(counts), size=(resamples, len(counts)))].sum(axis=1)
    def measures(total: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        with np.errstate(invalid="ignore", divide="ignore"):
            precision = total[..., 3] / total[..., 1]
            recall = total[..., 2] / total[..., 0]
            return precision, recall, 2 * precision * recall / (precision + recall)
    point = measures(counts.sum(axis=0))
    spread = measures(draws)
    row = {"gold": len(gold), "tool": len(tool), "matched": int(gold_hit.sum())}
    for name, value, values in zip(("precision", "recall", "f1"), point, spread):
        row[name] = round(float(value), 3)
        row[f"{name}_low"], row[f"{name}_high"] = (round(float(bound), 3) for bound in np.nanpercentile(values, [2.5, 97.5]))
    return pd.DataFrame([row])


def tool_statements_for_matching(stances: pd.DataFrame) -> pd.DataFrame:
    """The columns `match` reads, from a table of `presslens.stance.extract_stances`."""
    return pd.DataFrame({"article_id": stances["article_id"], "sentence": stances["sentence"],
                         "holder": stances["holder"].fillna(""), "holder_text": stances["holder_mention"].fillna(""),
                         "target_text": stances["target_mention"].fillna("") + " " + stances["target"].fillna(""),
                         "target_head": stances["target_head"].fillna(""), "sign": stances["stance"],
                         "rule": stances["rule"]})


def gold_statements_for_matching(gold: pd.DataFrame) -> pd.DataFrame:
    """The columns `match` reads, from `gold_table("statements-...")`."""
    return gold.rename(columns={"text": "sentence"})[["article_id", "split", "topic", "sentence", "holder", "holder_text",
                                                      "target_text", "target_head", "sign"]]


def quote_scores(gold_quotes: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """How well direct quotes get their speaker, on the quotes whose speaker a reader can tell.

    A gold quote is found when a direct quote of the tool starts with its opening words; its speaker is
    *found* when the tool gives a speaker or a description, and *right* when a word of the tool's speaker
    (or of the words naming them) is a word of the gold speaker's name.

    Returns:
        One row per split: quotes (gold, speaker known), located, speaker_found, speaker_right, found_share
        (speaker_found / quotes), right_share (speaker_right / speaker_found).
    """
    direct = quotes[quotes["kind"] == "direct"]
    by_article = {article_id: list(group.itertuples(index=False)) for article_id, group in direct.groupby("article_id")}
    rows = []
    for split, group in gold_quotes[gold_quotes["speaker_status"] != "unknown"].groupby("split"):
        located = found = right = 0
        for gold in group.itertuples(index=False):
            opening = normalise(gold.quote_start).lower()[:20]
            hit = next((q for q in by_article.get(gold.article_id, []) if normalise(q.quote).lower().startswith(opening)), None)
            if hit is None:
                continue
            located += 1
            words = [value for value in (hit.speaker, hit.speaker_mention, hit.speaker_description)
                     if isinstance(value, str)]
            if words:
                found += 1
                right += same_actor(words, [gold.speaker])
        rows.append({"split": split, "quotes": len(group), "located": located, "speaker_found": found,
                     "speaker_right": right, "found_share": round(found / len(group), 3),
                     "right_share": round(right / found, 3) if found else float("nan")})
    return pd.DataFrame(rows)
