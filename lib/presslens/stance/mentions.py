"""Mentions of the codebook's actors, sentence by sentence.

Aliases match case-sensitively as written in the codebook; "he/she/him/his/her" is resolved to the one person
named just before.
"""

from __future__ import annotations

import dataclasses
import re
from typing import NamedTuple

import pandas as pd

from presslens.engine import collector_paused
from presslens.stance.codebook import Codebook, default_codebook
from presslens.stance.scan import ACTOR_EDGE, rows_containing, scan
from presslens.stance.words import newspaper_words
from presslens.text.inputs import as_sentences

MENTION_COLUMNS = ["article_id", "sentence_id", "sentence", "start", "end", "mention", "actor", "actor_kind",
                   "affiliation", "resolved"]
_WORD = re.compile(r"[\w’'.-]+")
# \b(?:he|she|him|his|her|He|She|His|Her)\b, each branch opening on its letter with the left edge checked after it
# ((?<!\w.)), so that the regex engine skips to those letters instead of trying a match at every position. With the
# other patterns spelt so (clause splits, references, "as X said"), the stance stage on the first 5,000 AllSides
# articles takes about 5.25 s of CPU instead of 5.75 s with plain patterns (interleaved runs).
_PERSON_PRONOUN = re.compile(r"(?:h(?<!\w.)(?:e|im|is|er)|H(?<!\w.)(?:e|is|er)|s(?<!\w.)he|S(?<!\w.)he)\b")


class Mention(NamedTuple):
    start: int
    end: int
    text: str
    actor: str
    kind: str
    affiliation: str
    group: str
    possessive: bool
    resolved: bool = False


class Span(NamedTuple):
    start: int
    end: int
    text: str
    name: str


@dataclasses.dataclass(slots=True)
class Sentence:
    article_id: str
    sentence_id: int
    position: int
    start: int  # offset in the article
    text: str
    mentions: list[Mention]


def analyse_sentences(sentences: pd.DataFrame, codebook: Codebook) -> list[Sentence]:
    """Every sentence that mentions an actor (he/she resolved), with its mentions, in table order.

    `Sentence.position` is the row in the sorted table, so the caller can still tell which sentences precede one.
    """
    sentences = sentences.sort_values(["article_id", "sentence_id"], kind="stable").reset_index(drop=True)
    texts = sentences["text"].astype(str).tolist()
    article_ids, sentence_ids = sentences["article_id"].tolist(), sentences["sentence_id"].tolist()
    starts = sentences["start"].astype("int64").tolist()
    mentions_by_row = _mentions_by_row(texts, article_ids, codebook)
    return [Sentence(article_ids[row], int(sentence_ids[row]), row, starts[row], texts[row], mentions_by_row[row])
            for row in sorted(mentions_by_row)]


def _mentions_by_row(texts: list[str], article_ids: list[str], codebook: Codebook) -> dict[int, list[Mention]]:
    """Actor mentions of each text (row) that has one, in text order.

    "he/she/him/his/her" is resolved when exactly one person was named before it in the same text, or, failing
    that, in the text just before it (same article); so pronouns are only looked for in the texts that name a
    person or follow one that does.
    """
    rows = rows_containing(texts, range(len(texts)), codebook.prefilters["actor"])
    actor_hits = scan(codebook.actor_scan_pattern, texts, rows, edge=ACTOR_EDGE)
    actor_fields = {alias: (record["actor"], record["actor_kind"], record["affiliation"], record["group"])
                    for alias, record in codebook.actor_index.items()}
    newspapers = newspaper_words()
    found: dict[int, list[Mention]] = {}
    upcoming = sorted(actor_hits, reverse=True)  # the rows with an actor mention, the next one last
    previous_row, previous_persons = -1, {}
    while True:
        # the next row: the one after a row naming a person (its pronouns may refer back), else the next actor's
        if previous_persons and previous_row + 1 < len(texts) \
                and article_ids[previous_row + 1] == article_ids[previous_row]:
            row = previous_row + 1
        elif upcoming:
            row = upcoming[-1]
        else:
            break
        if upcoming and upcoming[-1] == row:
            upcoming.pop()
        text = texts[row]
        mentions = []
        for start, end, surface, (alias, possessive) in actor_hits.get(row, ()):
            if text.startswith(" ", end) and text.startswith(newspapers, end + 1) \
                    and _WORD.match(text, end + 1).group().rstrip(".") in newspapers:
                continue
            mentions.append(Mention(start, end, surface, *actor_fields[alias], bool(possessive)))
        persons_here = [mention for mention in mentions if mention.kind == "person"]
        persons_before = previous_persons if previous_row == row - 1 and article_ids[row - 1] == article_ids[row] \
            else {}
        named = len(mentions)
        if persons_here or persons_before:
            for pronoun in _PERSON_PRONOUN.finditer(text):
                start = pronoun.start()
                pool = {m.actor: m for m in persons_here if m.end <= start} or persons_before
                if len(pool) == 1:
                    person = next(iter(pool.values()))
                    resolved = Mention(start, pronoun.end(), pronoun.group(), person.actor, person.kind,
                                       person.affiliation, person.group, pronoun.group().lower() in ("his", "her"),
                                       resolved=True)
                    mentions.append(resolved)
                    persons_here.append(resolved)
        if len(mentions) > named:
            mentions.sort(key=lambda mention: mention.start)
        previous_row, previous_persons = row, {m.actor: m for m in persons_here}
        if mentions:
            found[row] = mentions
    return found


@collector_paused
def find_mentions(source: object, *, codebook: Codebook | None = None) -> pd.DataFrame:
    """Every mention of a codebook actor, with its character span inside the sentence.

    Aliases match case-sensitively as written in the codebook, possessives ("Russia's") included; "he/she/
    him/his/her" is resolved to a person of the codebook only when exactly one person was named before it in
    the same sentence (or, failing that, in the previous sentence), and flagged `resolved`.

    Args:
        source: a string, a list of strings (one article each), a Corpus or a sentence table.
        codebook: from `load_codebook` (default: the project's data/ files).

    Returns:
        One row per mention: article_id, sentence_id, sentence (the sentence text), start, end (offsets within
        `sentence`), mention (the surface text), actor (canonical name), actor_kind, affiliation (the actor a
        person counts for, else the actor itself), resolved (bool).
    """
    codebook = codebook or default_codebook()
    analysed = analyse_sentences(as_sentences(source, offsets=True), codebook)
    rows = [(s.article_id, s.sentence_id, s.text, m.start, m.end, m.text, m.actor, m.kind, m.affiliation,
             m.resolved) for s in analysed for m in s.mentions]
    table = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    return table.astype({"start": "int64", "end": "int64", "sentence_id": "int64", "resolved": "bool"})
