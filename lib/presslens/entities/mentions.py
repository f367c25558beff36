"""Every mention of a codebook actor or a discovered entity, in the table stance and target sentiment read.

Codebook mentions come from `presslens.stance.find_mentions` (aliases as written, he/she resolved); discovered
mentions from string matching the entity table (`presslens.entities.matching`). Where both find a name:

- the same span: one row, the codebook's actor, with the discovered entity beside it; but when the discovered
  entity contradicts the codebook row (another person's full name in the article, another stated affiliation,
  a person's alias used for an organisation: see `presslens.entities.ambiguity`), the row counts for the
  discovered entity and is flagged `ambiguous`;
- a codebook alias inside a longer discovered name, not at its start ("Democrats" in "Christian Democrats"): the
  longer name's row, for the discovered entity; at its start ("U.S." of "U.S. Navy") the codebook's actor, with
  the longer name as its entity;
- a mention of a codebook row with years, in an article dated outside them, keeps its actor and is flagged.

The `sentence` column is categorical: each sentence's text is stored once and a row holds a small code, so memory
grows with the number of mentions, not with their sentences' length (pandas 3 stores a plain text column as one
copy per row); `presslens.sentiment.score_targets` reads it as it reads text.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from presslens.engine import collector_paused
from presslens.entities import ambiguity, checks
from presslens.entities.discovery import discover, known_from_table
from presslens.entities.matching import AliasIndex
from presslens.stance.codebook import Codebook, default_codebook
from presslens.stance.mentions import MENTION_COLUMNS, analyse_sentences

ENTITY_MENTION_COLUMNS = [*MENTION_COLUMNS, "actor_source", "entity", "entity_kind", "ambiguous"]
# the codebook kind a discovered entity's actor gets
CODEBOOK_KIND = {"person": "person", "organisation": "organisation", "place/state": "state", "group": "group"}


@collector_paused
def find_mentions(source: object, *, codebook: Codebook | None = None, entities: pd.DataFrame | None = None,
                  nlp: object | None = None) -> pd.DataFrame:
    """Every mention of a codebook actor or of a discovered entity, saying which one it came from.

    Args:
        source: a Corpus, a sentence table, a list of strings (one article each) or one string.
        codebook: from `presslens.stance.load_codebook` (default: the project's data/ files).
        entities: a table from `entities.discover` on this corpus (default: discovered now, which runs the
            name recogniser).
        nlp: the spaCy pipeline for `discover` when `entities` is not given.

    Returns:
        One row per mention, in text order: the columns of `presslens.stance.find_mentions` (article_id,
        sentence_id, sentence, start, end, mention, actor, actor_kind, affiliation, resolved), then
        actor_source ("codebook" | "discovered"), entity and entity_kind (the discovered entity at this place,
        "" when none) and ambiguous (bool: the codebook's reading was overridden, or its row's years do not
        cover the article). `actor` is the actor the mention counts for: the codebook's, else the entity itself;
        `affiliation` the actor that one counts for (a discovered person's stated affiliation, as the codebook
        names it when it knows it).
    """
    sentences = checks.sentence_table(source, caller="find_mentions")
    codebook = codebook if codebook is not None else default_codebook()
    if entities is None:
        entities = discover(source, nlp=nlp, codebook=codebook)
    dates = checks.article_dates(source, sentences)
    texts = sentences["text"].astype(str).tolist()
    article_ids = sentences["article_id"].astype(str).tolist()
    row_of = {(article, int(sentence)): row for row, (article, sentence)
              in enumerate(zip(article_ids, sentences["sentence_id"].tolist()))}
    found = AliasIndex(known_from_table(entities)).find(texts, article_ids, read_context=False)
    discovered: dict[int, list[tuple[int, int, str, str]]] = defaultdict(list)
    names = entities["entity"].tolist()
    for row, start, end, number in zip(found.rows, found.starts, found.ends, found.entities):
        discovered[row].append((start, end, names[number], texts[row][start:end]))
    info = _Entities(entities, codebook)
    years = ambiguity.codebook_years(codebook)
    year_of = {article: (None if pd.isna(date) else pd.Timestamp(date).year) for article, date in dates.items()}
    rows = []
    used: set[tuple[int, int]] = set()
    for sentence in analyse_sentences(sentences, codebook):
        row = row_of[(sentence.article_id, sentence.sentence_id)]
        here = discovered.get(row, [])
        for mention in sentence.mentions:
            entity, kind, source_, ambiguous = "", "", "codebook", False
            actor, actor_kind, affiliation = mention.actor, mention.kind, mention.affiliation
            start, end, text = mention.start, mention.end, mention.text
            for d_start, d_end, d_entity, d_text in here:
                if mention.resolved or d_end <= start or end <= d_start:
                    continue
                used.add((row, d_start))
                entity, kind = d_entity, info.kind[d_entity]
                if d_start < start and d_end >= end:  # inside a longer name, not at its start
                    actor, actor_kind, affiliation = info.as_actor(d_entity)
                    start, end, text, source_ = d_start, d_end, d_text, "discovered"
                elif info.contradicts(d_entity, mention.actor, mention.text.removesuffix("'s").removesuffix("’s")):
                    actor, actor_kind, affiliation = info.as_actor(d_entity)
                    source_, ambiguous = "discovered", True
                break
            if mention.resolved:
                entity = info.entity_of_actor.get(actor, "")
                kind = info.kind.get(entity, "")
            year = year_of.get(sentence.article_id)
            if mention.actor in years and year is not None and ambiguity.outside(year, years[mention.actor]):
                ambiguous = True
            rows.append((sentence.article_id, sentence.sentence_id, texts[row], start, end, text, actor,
                         actor_kind, affiliation, mention.resolved, source_, entity, kind, ambiguous))
    for row, spans in discovered.items():
        for d_start, d_end, d_entity, d_text in spans:
            if (row, d_start) in used:
                continue
            actor, actor_kind, affiliation = info.as_actor(d_entity)
            rows.append((article_ids[row], int(sentences.at[row, "sentence_id"]), texts[row], d_start, d_end, d_text,
                         actor, actor_kind, affiliation, False, "discovered", d_entity, info.kind[d_entity], False))
    table = pd.DataFrame(rows, columns=ENTITY_MENTION_COLUMNS)
    table = table.astype({"start": "int64", "end": "int64", "sentence_id": "int64", "resolved": "bool",
                          "ambiguous": "bool"})
    table["sentence"] = pd.Categorical(table["sentence"])  # each sentence's text once, however many mentions
    return table.sort_values(["article_id", "sentence_id", "start"], kind="stable", ignore_index=True)


class _Entities:
    """What the mention table needs of the entity table: kinds, affiliations, and codebook conflicts."""

    def __init__(self, entities: pd.DataFrame, codebook: Codebook):
        self.kind = dict(zip(entities["entity"], entities["kind"]))
        self.affiliation = dict(zip(entities["entity"], entities["affiliation"]))
        self.records = codebook.actor_index
        self.aliases_of_actor: dict[str, set[str]] = defaultdict(set)
        for alias, record in self.records.items():
            self.aliases_of_actor[record["actor"]].add(alias)
        actors = entities["codebook_actor"] if "codebook_actor" in entities else pd.Series([""] * len(entities))
        self.entity_of_actor = {actor: entity for entity, actor in zip(entities["entity"], actors) if actor}

    def as_actor(self, entity: str) -> tuple[str, str, str]:
        """(actor, actor_kind, affiliation) of a discovered entity that counts for itself."""
        kind = self.kind.get(entity, "organisation")
        stated = self.affiliation.get(entity, "") or ""
        if stated in self.records:
            stated = self.records[stated]["affiliation"]   # a body ("White House") counts for its state
        return entity, CODEBOOK_KIND.get(kind, "organisation"), stated or entity

    def contradicts(self, entity: str, actor: str, alias: str) -> bool:
        if alias not in self.records or self.records[alias]["actor_kind"] != "person":
            return False
        return ambiguity.person_conflict(entity, actor, alias, self.kind, self.affiliation, self.aliases_of_actor,
                                         self.records) is not None
