"""A draft codebook: `codebook-actors` rows for the actors of a corpus that the codebook does not know yet.

The file holds the codebook's own rows first (`status` "codebook", with their counts in this corpus), then one
row per discovered entity the codebook does not cover (`status` "new"), in the codebook's columns (actor, kind,
affiliation, group, aliases, from, to) and with `mentions`, `articles`, `example` (a sentence) and `note` for
review. `presslens.stance.load_codebook(actors=path)` reads it as it is (extra columns are ignored); after review,
delete the rows you do not want, fix the rest, and either keep pointing `actors=` at the file or copy the new rows
into `data/codebook-actors.csv`.

How a discovered entity becomes a row:

- kind: person -> person; organisation -> organisation ("party" when its name ends with "Party"); a group ->
  "party" when it has a party tag in `data/entity-groups.csv`, else "group"; a country, territory or US state of
  `data/places.csv` -> "state". Other places (cities, regions) are locations rather than actors and get no row.
- affiliation: for a person, the stated affiliation as the codebook names it ("White House" -> United States,
  "Republican Party" -> Republicans), or a new row of the draft; else the actor itself (with a note).
- aliases: the entity's aliases, less those the codebook gives another actor and those two new rows share (a
  shared surname): an alias may belong to one actor only. An entity left without aliases gets no row.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from presslens.entities import checks
from presslens.entities.discovery import discover, known_from_table
from presslens.entities.instruments import groups, places
from presslens.entities.matching import AliasIndex
from presslens.stance.codebook import Codebook, default_codebook

DRAFT_COLUMNS = ["actor", "kind", "affiliation", "group", "aliases", "from", "to", "status", "mentions", "articles",
                 "example", "note"]
STATE_TYPES = frozenset({"country", "territory", "us-state"})


def draft_codebook(corpus: object, path: str | Path, *, codebook: Codebook | None = None, min_articles: int = 2,
                   entities: pd.DataFrame | None = None, nlp: object | None = None) -> pd.DataFrame:
    """Write a draft `codebook-actors` file: the codebook's rows, then rows for the entities it lacks.

    Args:
        corpus: a Corpus, a sentence table, a list of strings or one string.
        path: the CSV file to write (its folder must exist).
        codebook: the codebook to extend (default: the project's).
        min_articles: entities named in fewer articles get no row.
        entities: a `discover` table of this corpus (default: discovered now, which runs the name recogniser).
        nlp: the spaCy pipeline for `discover` when `entities` is not given.

    Returns:
        The rows written: actor, kind, affiliation, group, aliases, from, to (the codebook's columns), status
        ("codebook" | "new"), mentions, articles, example (a sentence naming the entity), note.
    """
    codebook = codebook if codebook is not None else default_codebook()
    if entities is None:
        entities = discover(corpus, nlp=nlp, codebook=codebook)
    sentences = checks.sentence_table(corpus, caller="draft_codebook")
    examples = _examples(entities, sentences)
    index = codebook.actor_index
    existing = _codebook_rows(codebook, entities)
    state_places = {place.place for place in places() if place.type in STATE_TYPES}
    party_groups = {group.group for group in groups() if group.tag}
    new = entities[(entities["codebook_actor"] == "") & (entities["articles"] >= min_articles)]
    new = new[(new["kind"] != "place/state") | new["entity"].isin(state_places)]
    new_names = set(new["entity"])
    alias_owners: dict[str, int] = {}
    for aliases in new["aliases"]:
        for alias in str(aliases).split("|"):
            alias_owners[alias] = alias_owners.get(alias, 0) + 1
    rows = []
    for entity in new.itertuples(index=False):
        notes = [entity.note] if entity.note else []
        aliases, dropped = [], []
        for alias in [entity.entity, *str(entity.aliases).split("|")]:
            if alias in aliases:
                continue
            if (alias in index and index[alias]["actor"] != entity.entity) or alias_owners.get(alias, 0) > 1:
                dropped.append(alias)
            else:
                aliases.append(alias)
        if not aliases:
            continue  # every name of it is another actor's: nothing to add
        if dropped:
            notes.append("left out, an alias of another actor: " + ", ".join(dropped))
        affiliation = entity.entity
        if entity.kind == "person" and entity.affiliation:
            stated = entity.affiliation
            if stated in index:
                affiliation = index[stated]["affiliation"]   # a body counts for its state
            elif stated in new_names:
                affiliation = stated
            else:
                notes.append(f"stated affiliation {stated!r} is neither in the codebook nor in this draft")
        rows.append({"actor": entity.entity, "kind": _codebook_kind(entity.entity, entity.kind, party_groups),
                     "affiliation": affiliation, "group": "", "aliases": "|".join(aliases), "from": "", "to": "",
                     "status": "new", "mentions": entity.mentions, "articles": entity.articles,
                     "example": examples.get(entity.entity, ""), "note": "; ".join(notes)})
    table = pd.concat([existing, pd.DataFrame(rows, columns=DRAFT_COLUMNS)], ignore_index=True)
    _write(table, Path(path))
    return table


def _codebook_kind(name: str, kind: str, party_groups: set[str]) -> str:
    if kind == "person":
        return "person"
    if kind == "place/state":
        return "state"
    if kind == "group":
        return "party" if name in party_groups else "group"
    return "party" if name.endswith(" Party") else "organisation"


def _codebook_rows(codebook: Codebook, entities: pd.DataFrame) -> pd.DataFrame:
    """The codebook's rows with their counts in this corpus (summed over the entities that are each actor)."""
    actors = codebook.actors.copy()
    counted = entities[entities["codebook_actor"] != ""].groupby("codebook_actor").agg(
        mentions=("mentions", "sum"), articles=("articles", "max"))
    actors["status"] = "codebook"
    actors["mentions"] = actors["actor"].map(counted["mentions"]).fillna(0).astype("int64")
    actors["articles"] = actors["actor"].map(counted["articles"]).fillna(0).astype("int64")
    actors["example"] = ""
    actors["note"] = ""
    for column in DRAFT_COLUMNS:
        if column not in actors:
            actors[column] = ""
    return actors[DRAFT_COLUMNS]


def _examples(entities: pd.DataFrame, sentences: pd.DataFrame) -> dict[str, str]:
    """A sentence naming each entity, by its longest alias where one is found."""
    texts = sentences["text"].astype(str).tolist()
    found = AliasIndex(known_from_table(entities)).find(texts, sentences["article_id"].astype(str).tolist(),
                                                         read_context=False)
    names = entities["entity"].tolist()
    best: dict[str, tuple[int, str]] = {}
    for row, number, alias in zip(found.rows, found.entities, found.aliases):
        name = names[number]
        if name not in best or len(alias) > best[name][0]:
            best[name] = (len(alias), " ".join(texts[row].split()))
    return {name: text for name, (_, text) in best.items()}


def _write(table: pd.DataFrame, path: Path) -> None:
    header = ("# Draft codebook of actors written by presslens.entities.draft_codebook: the codebook's rows "
              "(status codebook), then\n# the corpus's entities it lacks (status new). Review the new rows: "
              "delete those you do not want, fix kind,\n# affiliation and aliases (an alias may belong to one actor "
              "only), then load it with\n# presslens.stance.load_codebook(actors=this file) or copy the rows into "
              "data/codebook-actors.csv.\n# status, mentions, articles, example and note are for review and are "
              "ignored when the file is loaded.\n")
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(header)
        table.to_csv(handle, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
