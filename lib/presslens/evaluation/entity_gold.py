"""The entity gold set of unseen news: the named actors two coders listed in AllSides corpora nobody here had read.

`goldsets/entities-news/` holds, for each small corpus (`articles.csv`: article_id, corpus, topic, date,
source), two independent codings of every article (`coder-a.jsonl`, `coder-b.jsonl`: one line per article
with the actors it names, each with its canonical name, kind, every surface form, stated affiliation and role),
made following `GUIDELINES.md`. Only article ids and the coders' words are stored; the texts are read from the
AllSides corpus in the shared data (`../shared`) at run time. `tools/evaluate_entities.py` (`make
evaluate-entities`) compares `presslens.entities.discover` with the coders' main actors and stores its figures
here (`results-entities.csv`), which notebook 03 shows (`measured`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from presslens.evaluation.stance_gold import allsides_path, allsides_records, write_records

GOLDSET_DIR = Path(__file__).resolve().parent / "goldsets" / "entities-news"
CODERS = ("a", "b")
KINDS = ("person", "organisation", "place/state", "group")
RESULTS = "results-entities.csv"


def articles() -> pd.DataFrame:
    """The coded articles: article_id, corpus, topic, date, source."""
    return pd.read_csv(GOLDSET_DIR / "articles.csv", dtype=str, keep_default_na=False)


def corpora() -> list[str]:
    """The names of the coded corpora, in the order of `articles.csv`."""
    return list(dict.fromkeys(articles()["corpus"]))


def codings(coder: str, corpus: str) -> dict[str, list[dict]]:
    """One coder's lists of actors for the articles of one corpus: {article_id: [actor, ...]}.

    Each actor is a dict with entity, kind, forms (list), affiliation and role.

    Raises:
        ValueError: naming the file and line of an actor without a name, with an unknown kind or without forms.
    """
    if coder not in CODERS:
        raise ValueError(f"coder: expected one of {CODERS}, got {coder!r}")
    wanted = set(articles().query("corpus == @corpus")["article_id"])
    if not wanted:
        raise ValueError(f"corpus {corpus!r} is not in {GOLDSET_DIR / 'articles.csv'}: expected one of {corpora()}")
    path = GOLDSET_DIR / f"coder-{coder}.jsonl"
    found: dict[str, list[dict]] = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            record = json.loads(line)
            if record["article_id"] not in wanted:
                continue
            for actor in record["entities"]:
                if not actor.get("entity") or actor.get("kind") not in KINDS or not actor.get("forms"):
                    raise ValueError(f"{path}, line {number}: actor {actor.get('entity')!r} needs a name, a kind "
                                     f"of {KINDS} and at least one form")
            found[record["article_id"]] = record["entities"]
    return found


def write_corpus(folder: str | Path, corpus: str, *, shared_dir: str | Path | None = None) -> Path:
    """Write the articles of one coded corpus as `<corpus>.jsonl` in `folder`, for `read_corpus`.

    Raises:
        FileNotFoundError: when the shared AllSides corpus is missing, or lacks a coded article.
    """
    wanted = set(articles().query("corpus == @corpus")["article_id"])
    records = sorted(allsides_records(wanted, shared_dir=shared_dir), key=lambda record: record["ID"])
    missing = sorted(wanted - {record["ID"] for record in records})
    if missing:
        raise FileNotFoundError(f"{allsides_path(shared_dir)} lacks coded articles of {corpus!r}: {missing}")
    return write_records(Path(folder) / f"{corpus}.jsonl", records)


def measured() -> pd.DataFrame:
    """The figures `make evaluate-entities` last measured, one row per corpus, as shipped with the package."""
    return pd.read_csv(GOLDSET_DIR / RESULTS)
