"""An entity's kind (person, organisation, place/state, group) from its name and the recogniser's votes.

The places and groups tables decide for the names they hold (`discovery`); for any other name the kind words of
`data/entity-kind-words.csv` decide ("Party of Regions", "Justice Department": organisation), then the votes.
"""

from __future__ import annotations

import functools
from collections import Counter

from presslens.entities.instruments import KINDS, family_names, kind_words, nicknames
from presslens.entities.names import acronym_key, is_title_word


def decide_kind(name: str, votes: Counter, *, titled: int = 0) -> str:
    """The kind of a recognised name: the kind words file (last word, or the word before "of"), then votes
    (the recogniser's labels; a title before the name counts twice for a person); an acronym is no person."""
    words = name.split()
    head = words[words.index("of") - 1] if "of" in words[1:] else words[-1]
    if head in kind_words() and len(words) > 1:
        return kind_words()[head]
    if len(words) > 1 and is_title_word(words[-1]):
        return "organisation"  # "Obama White House", "Joint Chiefs": a title word does not end a person's name
    score = Counter({kind: votes.get(kind, 0) for kind in KINDS})
    score["person"] += 2 * titled + 2 * _family_first(words) + (len(words) > 1 and words[0] in first_names())
    if acronym_key(name):
        return "organisation"  # an acronym that is not in the places table names a body
    best = max(KINDS, key=lambda kind: (score[kind], -KINDS.index(kind)))
    return best if score[best] else "organisation"


def _family_first(words: list[str]) -> bool:
    """A Korean or Chinese name ("Chung Eui-yong", "Kim Jong Un"), by `data/entity-family-names.csv`."""
    families = family_names()
    return len(words) > 1 and words[0] in families and (len(words) >= 3 or "-" in words[1] or families[words[0]])


@functools.cache
def first_names() -> frozenset[str]:
    """First names known from the nicknames file, a weak sign of a person."""
    return frozenset(word for pair in nicknames() for word in pair)
