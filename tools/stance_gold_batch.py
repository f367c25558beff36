"""Add a batch of articles to the stance and quote gold set: `python tools/stance_gold_batch.py STEP ...`.

Steps, in order (each reads the AllSides corpus of the shared data: `../shared` or PRESSLENS_SHARED_DIR):
1. `draw --topics T1 T2 --per-topic 3 --seed N --split dev --out FOLDER`: draws unseen articles (not in any gold
   set, 2,500-6,000 characters, a different outlet for each article of a topic) and writes one coding packet per
   article (`[TITLE]`, `[P1]`, ... as GUIDELINES.md describes) and `batch.csv` (the rows for `articles.csv`).
2. Two coders, each working alone from GUIDELINES.md, write `<ARTICLE ID>.json` files into a folder of their own.
3. `convert --batch FOLDER --coder-dir DIR --coder A17 --out FILE`: turns one coder's files into the gold set's
   rows (character offsets into the article, a hash of the sentence); a sentence or quote opening that is not a
   word-for-word copy of the packet is an error naming the file and the item.
4. `disputes --batch FOLDER --a FILE --b FILE --out FILE`: the statements only one coder gave, for a third reading
   (each line gets a "decision": "accept" or "reject" from the adjudicator), and the coders' F1.
5. `adjudicate --a FILE --disputes FILE --out FILE`: the adjudicated rows: coder A's statements that coder B
   also gave ("agreed") and the accepted disputes ("adjudicated").
The rows of steps 3 and 5 are appended by hand to the gold set's jsonl files and `batch.csv` to `articles.csv`,
once the batch has been scored with the rules of the day (its README records each batch's first figures).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import sys
from pathlib import Path

import pandas as pd

from presslens.evaluation import entity_gold
from presslens.evaluation import stance_gold as gold

LENGTH_RANGE = (2500, 6000)
ROW_KEYS = ("article_id", "split", "topic", "coder")


def paragraphs(text: str) -> list[tuple[int, str]]:
    """The non-empty lines of an article body with the offset of their first non-blank character."""
    found, offset = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            found.append((offset + len(line) - len(line.lstrip()), stripped))
        offset += len(line) + 1
    return found


def packet(record: dict) -> str:
    """The coding packet of one article: headline and numbered paragraphs."""
    lines = [f"ARTICLE ID: {record['ID']}", f"[TITLE] {record['title'].strip()}"]
    lines += [f"[P{number}] {text}" for number, (_, text) in enumerate(paragraphs(record["content_original"]), 1)]
    return "\n\n".join(lines) + "\n"


def coded_ids() -> set[str]:
    """Every article id already in a gold set (stance or entities)."""
    stance_ids = set(pd.read_csv(gold.GOLDSET_DIR / "articles.csv", dtype=str)["article_id"])
    return stance_ids | set(entity_gold.articles()["article_id"])


def draw(topics: list[str], *, per_topic: int, seed: int, split: str, out: Path) -> pd.DataFrame:
    """Draw unseen articles of each topic (one per outlet) and write their packets and `batch.csv` to `out`."""
    taken = coded_ids()
    candidates: dict[str, list[dict]] = {topic: [] for topic in topics}
    with gzip.open(gold.allsides_path(), "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if (record["topic"] in candidates and record["ID"] not in taken
                    and LENGTH_RANGE[0] <= len(record["content_original"]) <= LENGTH_RANGE[1]):
                candidates[record["topic"]].append(record)
    rng = random.Random(seed)
    chosen = []
    for topic in topics:
        pool = sorted(candidates[topic], key=lambda record: record["ID"])
        rng.shuffle(pool)
        outlets: set[str] = set()
        for record in pool:
            if record["source"] not in outlets:
                outlets.add(record["source"])
                chosen.append(record)
            if len(outlets) == per_topic:
                break
        else:
            raise SystemExit(f"topic {topic!r}: only {len(outlets)} outlets have unseen articles of the right length")
    out.mkdir(parents=True, exist_ok=True)
    for record in chosen:
        (out / f"{record['ID']}.txt").write_text(packet(record), encoding="utf-8")
    batch = pd.DataFrame([{"article_id": record["ID"], "split": split, "topic": record["topic"],
                           "source": record["source"], "date": record["date"]} for record in chosen])
    batch.to_csv(out / "batch.csv", index=False)
    return batch


def _locate(text: str, base: int, wanted: str) -> tuple[int, int] | None:
    """Offsets of `wanted` in `text` (which starts at `base`), exact or after typographic normalisation."""
    index = text.find(wanted)
    if index >= 0:
        return base + index, base + index + len(wanted)
    plain = text.translate(gold.TYPOGRAPHY)
    index = plain.find(wanted.translate(gold.TYPOGRAPHY))
    return (base + index, base + index + len(wanted)) if index >= 0 else None


def convert(batch_dir: Path, coder_dir: Path, *, coder: str) -> tuple[list[dict], list[dict]]:
    """One coder's statement rows and quote rows, with offsets into the articles; errors name file and item."""
    batch = pd.read_csv(batch_dir / "batch.csv", dtype=str, keep_default_na=False)
    records = {record["ID"]: record for record in gold.allsides_records(set(batch["article_id"]))}
    statements, quotes = [], []
    for row in batch.itertuples(index=False):
        path = coder_dir / f"{row.article_id}.json"
        if not path.is_file():
            raise SystemExit(f"{path}: missing (every article of the batch needs a coding)")
        coding = json.loads(path.read_text(encoding="utf-8"))
        record = records[row.article_id]
        title = record["title"]
        units = {"title": (len(title) - len(title.lstrip()), title.strip(), "title")}
        units |= {f"P{number}": (offset, text, "body")
                  for number, (offset, text) in enumerate(paragraphs(record["content_original"]), 1)}
        base = dict(zip(ROW_KEYS, (row.article_id, row.split, row.topic, coder)))
        for number, item in enumerate(coding.get("statements", []), 1):
            offset, text, field = _unit(units, item, path, f"statement {number}")
            span = _locate(text, offset, item["sentence"].strip())
            if span is None:
                raise SystemExit(f"{path}: statement {number}: sentence not found word for word in {item['unit']}")
            source = record["title"] if field == "title" else record["content_original"]
            statements.append(base | {
                "origin": "coded", "unit": item["unit"], "field": field, "start": span[0], "end": span[1],
                "sentence_sha1": hashlib.sha1(source[span[0]:span[1]].encode("utf-8")).hexdigest()[:12],
                "holder": item["holder"], "holder_text": item["holder_text"], "target_text": item["target_text"],
                "target_head": item["target_head"], "target_resolved": bool(item.get("target_resolved", False)),
                "sign": int(item["sign"])})
        for number, item in enumerate(coding.get("quotes", []), 1):
            offset, text, field = _unit(units, item, path, f"quote {number}")
            opening = item["quote_start"].strip().lstrip("\"“'‘").strip()
            span = _locate(text, offset, opening)
            if span is None:
                raise SystemExit(f"{path}: quote {number}: opening words not found word for word in {item['unit']}")
            quotes.append(base | {"unit": item["unit"], "field": field, "start": span[0], "end": span[1],
                                  "quote_start": opening, "speaker": item["speaker"],
                                  "speaker_status": item["speaker_status"]})
    return statements, quotes


def _unit(units: dict, item: dict, path: Path, what: str) -> tuple[int, str, str]:
    if item.get("unit") not in units:
        raise SystemExit(f"{path}: {what}: unit {item.get('unit')!r} is not a unit of the packet")
    return units[item["unit"]]


def with_text(rows: list[dict]) -> pd.DataFrame:
    """Statement rows with their sentence text, as `stance_gold.match` reads them."""
    table = pd.DataFrame(rows)
    records = {record["ID"]: record for record in gold.allsides_records(set(table["article_id"]))}
    table["sentence"] = [(records[row.article_id]["title"] if row.field == "title"
                          else records[row.article_id]["content_original"])[row.start:row.end]
                         for row in table.itertuples(index=False)]
    return table


def disputes(rows_a: list[dict], rows_b: list[dict]) -> tuple[list[dict], float]:
    """The statements only one coder gave (each with its sentence and `coder`), and the coders' F1."""
    table_a, table_b = with_text(rows_a), with_text(rows_b)
    hit_a, hit_b = gold.match(table_a, table_b)
    f1 = 2 * hit_a.sum() / (len(table_a) + len(table_b))
    alone = pd.concat([table_a[~hit_a], table_b[~hit_b]], ignore_index=True)
    return alone.sort_values(["article_id", "start"], kind="stable").to_dict("records"), f1


def adjudicate(rows_a: list[dict], rows_b: list[dict], decided: list[dict]) -> list[dict]:
    """Coder A's statements that B also gave, then the disputes the adjudicator accepted, as adjudicated rows."""
    for number, row in enumerate(decided, 1):
        if row.get("decision") not in ("accept", "reject"):
            raise SystemExit(f"disputes line {number}: decision must be 'accept' or 'reject', "
                             f"got {row.get('decision')!r}")
    hit_a, _ = gold.match(with_text(rows_a), with_text(rows_b))
    agreed = [row | {"coder": "adjudicated", "origin": "agreed"} for row, hit in zip(rows_a, hit_a, strict=True) if hit]
    accepted = [{key: row[key] for key in rows_a[0] if key in row} | {"coder": "adjudicated", "origin": "adjudicated"}
                for row in decided if row["decision"] == "accept"]
    return sorted(agreed + accepted, key=lambda row: (row["article_id"], row["start"]))


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    steps = parser.add_subparsers(dest="step", required=True)
    step = steps.add_parser("draw")
    step.add_argument("--topics", nargs="+", required=True)
    step.add_argument("--per-topic", type=int, default=3)
    step.add_argument("--seed", type=int, required=True)
    step.add_argument("--split", choices=gold.SPLITS, required=True)
    step.add_argument("--out", type=Path, required=True)
    step = steps.add_parser("convert")
    step.add_argument("--batch", type=Path, required=True)
    step.add_argument("--coder-dir", type=Path, required=True)
    step.add_argument("--coder", required=True)
    step.add_argument("--out", type=Path, required=True,
                      help="prefix: writes <out>-statements.jsonl and <out>-quotes.jsonl")
    step = steps.add_parser("disputes")
    step.add_argument("--a", type=Path, required=True)
    step.add_argument("--b", type=Path, required=True)
    step.add_argument("--out", type=Path, required=True)
    step = steps.add_parser("adjudicate")
    step.add_argument("--a", type=Path, required=True)
    step.add_argument("--b", type=Path, required=True)
    step.add_argument("--disputes", type=Path, required=True)
    step.add_argument("--out", type=Path, required=True)
    arguments = parser.parse_args(argv)
    if arguments.step == "draw":
        print(draw(arguments.topics, per_topic=arguments.per_topic, seed=arguments.seed, split=arguments.split,
                   out=arguments.out).to_string(index=False))
    elif arguments.step == "convert":
        statements, quotes = convert(arguments.batch, arguments.coder_dir, coder=arguments.coder)
        gold.write_records(Path(f"{arguments.out}-statements.jsonl"), statements)
        gold.write_records(Path(f"{arguments.out}-quotes.jsonl"), quotes)
        print(f"{len(statements)} statements, {len(quotes)} quotes")
    elif arguments.step == "disputes":
        alone, f1 = disputes(read_jsonl(arguments.a), read_jsonl(arguments.b))
        gold.write_records(arguments.out, alone)
        print(f"statement F1 between the coders {f1:.3f}; {len(alone)} disputes written to {arguments.out}")
    else:
        rows = adjudicate(read_jsonl(arguments.a), read_jsonl(arguments.b), read_jsonl(arguments.disputes))
        gold.write_records(arguments.out, rows)
        print(f"{len(rows)} adjudicated statements")
    return 0


if __name__ == "__main__":
    sys.exit(main())
