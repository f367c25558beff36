"""What the words around a mention say about it: titles, a stated affiliation, a party tag, an acronym defined,
and whether a capital is the city or its government.

- In front: "Russian Foreign Minister Sergei Lavrov", "White House spokesman Jay Carney", "Ukraine's President
  Viktor Yanukovych", "Republican Sen. John McCain" (`presslens.entities.names.title_and_affiliation`).
- A party tag after a name: "Sen. John McCain, R-Ariz.", "Rep. Nancy Pelosi (D-Calif.)": the letter names a
  party of `data/entity-groups.csv` (column `tag`), the state must be a US state or its abbreviation.
- An apposition: "Sergei Lavrov, the Russian foreign minister,", "John McCain, a Republican,".
- An acronym defined: "the North Atlantic Treaty Organization (NATO)".
- A capital after a preposition of place (`LOCATIVE_WORDS`: "in Moscow", "the streets of Kyiv") is the city;
  elsewhere ("Moscow said", "Moscow's offer", "talks between Moscow and Kyiv") it stands for its government.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import NamedTuple

from presslens.entities.instruments import groups, places
from presslens.entities.names import acronym_key, is_title_word, title_and_affiliation
from presslens.stance.words import PREPOSITIONS

LOCATIVE_WORDS = frozenset("""in at to from near outside around across throughout into inside within via toward
towards of visit visited visiting visits arrived arrive arriving reached leave left leaving downtown fled flee
fleeing flew fly flying travel traveled travelled traveling travelling returned return returning went go going
came come coming moved""".split())
WINDOW = 90  # characters read before a mention
_WORDS_BEFORE = re.compile(r"[\w.'’&-]+|[^\w\s]")
_PARTY_TAG = re.compile(r"\s*[,(]\s*(?P<party>[A-Z])-(?P<state>[A-Z][A-Za-z.]*(?:\s?[A-Z][A-Za-z.]*)?)\s*[),]")
_APPOSITION = re.compile(r",\s+(?:the|a|an)\s+(?P<words>[^,;:()\"“”]{1,60}?)\s*(?=[,;.)]|\s(?:who|which|said|says)\b)")
_ACRONYM_AFTER = re.compile(r"\s*\((?P<acronym>[A-Z][A-Z.&]{1,9})\)")


class Stated(NamedTuple):
    """What the context of one mention states: title, affiliation (as written) and where it was read."""

    title: str
    affiliation: str
    evidence: str  # the words read, e.g. "Russian Foreign Minister", "R-Ariz."


def words_before(text: str, start: int) -> list[str]:
    """The words right before `start`, nearest last, stopping at punctuation (a comma ends the phrase)."""
    tokens = _WORDS_BEFORE.findall(text[max(0, start - WINDOW):start])
    if start > WINDOW and tokens:
        tokens = tokens[1:]  # the first may be cut
    words: list[str] = []
    for token in reversed(tokens):
        if not (token[0].isalnum() or token[0] in "'’"):
            break
        words.append(token)
    return words[::-1]


def may_state_before(text: str, start: int) -> bool:
    """A quick test before `stated_before`: the word before the mention is capitalised or a title ("said Putin"
    states nothing; "President Putin", "Russia's Putin" may)."""
    space = text.rfind(" ", 0, max(0, start - 1))
    word = text[space + 1:start].strip()
    return bool(word) and (word[:1].isupper() or is_title_word(word) or word.lower().endswith(("'s", "’s")))


def stated_before(text: str, start: int, *, is_affiliation: Callable[[str], bool]) -> Stated | None:
    """Title and affiliation stated in front of a mention ("Russian Foreign Minister Sergei Lavrov"), or None."""
    words = words_before(text, start)
    if not words:
        return None
    title, affiliation, used = title_and_affiliation(words, is_affiliation=is_affiliation)
    if not used:
        return None
    if affiliation and used < len(words) and words[-used - 1].lower() in PREPOSITIONS | LOCATIVE_WORDS:
        # "a trip to Europe President Obama": the place is the preposition's, not the person's
        title, affiliation, used = title_and_affiliation(words[len(words) - used + len(affiliation.split()):])
        if not used:
            return None
    return Stated(title, affiliation, " ".join(words[len(words) - used:]))


@functools.cache
def party_tags() -> dict[str, str]:
    """Party letter -> group ("R" -> "Republican Party"), from the `tag` column of `data/entity-groups.csv`."""
    return {group.tag: group.group for group in groups() if group.tag}


@functools.cache
def us_state_names() -> frozenset[str]:
    """Every name and abbreviation of a US state, as written, for reading party tags."""
    names = set()
    for place in places():
        if place.type == "us-state":
            names.update((place.place, *place.aliases, *place.abbreviations))
            names.update(abbreviation.replace(". ", ".") for abbreviation in place.abbreviations)
    return frozenset(names)


def party_tag_after(text: str, end: int) -> Stated | None:
    """A party tag right after a mention (", R-Ariz.", " (D-N.Y.)"): the party's group as affiliation."""
    match = _PARTY_TAG.match(text, end)
    if not match or match.group("party") not in party_tags():
        return None
    state = match.group("state")
    if state not in us_state_names() and state.rstrip(".") not in us_state_names() \
            and state + "." not in us_state_names():
        return None
    tag = f"{match.group('party')}-{state}"
    return Stated("", party_tags()[match.group("party")], tag)


def apposition_after(text: str, end: int, *, is_affiliation: Callable[[str], bool]) -> Stated | None:
    """An apposition naming an affiliation (", the Russian foreign minister,", ", a Republican,"), or None."""
    match = _APPOSITION.match(text, end)
    if not match:
        return None
    words = match.group("words").split()
    title, affiliation, used = title_and_affiliation(words, is_affiliation=is_affiliation)
    if used != len(words) or not affiliation:
        return None
    return Stated(title, affiliation, ", " + " ".join(words))


def acronym_after(text: str, end: int) -> str | None:
    """The acronym defined right after a name ("... Organization (NATO)" -> "NATO"), or None."""
    match = _ACRONYM_AFTER.match(text, end)
    return acronym_key(match.group("acronym")) if match else None


def is_locative(text: str, start: int) -> bool:
    """Whether the word before `start` is a preposition of place ("in", "to", "of", "visited")."""
    words = words_before(text, start)
    return bool(words) and words[-1].lower() in LOCATIVE_WORDS
