"""Normalising a name: possessives, a leading "the", titles and the affiliation stated in front of a name.

"President Vladimir Putin's" is the name "Vladimir Putin" with the title "President"; "Russian Foreign Minister
Sergei Lavrov" is "Sergei Lavrov", title "Foreign Minister", stated affiliation "Russian"; "White House spokesman
Jay Carney" is "Jay Carney", title "spokesman", affiliation "White House". Title words come from
`data/speaker-titles.txt` and are matched in any case; a run of them may be joined by "of" or "of the"
("Secretary of State"). What counts as an affiliation (a place, a party, a known organisation) is the caller's
to say, through `is_affiliation`.

Example:
    >>> parse_name("President Vladimir Putin's")
    NameParts(name='Vladimir Putin', title='President', affiliation='', possessive=True)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from presslens.entities.instruments import HONORIFICS, family_names, title_words
from presslens.text.instruments import abbreviations

# closed classes: words joining title words ("Secretary of State"), particles inside surnames ("von der Leyen"),
# name suffixes, and the small words skipped when a name's initials are read ("Treaty of the ...")
TITLE_JOINERS = frozenset({"of", "the"})
# title words that qualify a title but are none on their own ("former", "Foreign", "press"): a run of title words
# must end with another one ("Foreign Minister", "press secretary"), so "White House press" or "defense" is no title
TITLE_MODIFIERS = frozenset("""former acting deputy vice prime foreign defence defense state house senate press
special chief majority minority national security homeland intelligence interior treasury finance economy trade
commerce health energy education labor transportation agriculture environment affairs staff presidential supreme
crown interim incoming outgoing ousted deposed executive assistant senior then ex democratic republican""".split())
TITLE_PREFIXES = ("then-", "ex-", "Then-", "Ex-")
TITLE_SUFFIXES = ("-elect", "-designate", "-Elect", "-Designate")
# words that qualify a name in front without a title after them ("Former Obama", "the late McCain")
LEADING_MODIFIERS = frozenset({"former", "then", "ex", "late", "current", "incoming", "outgoing", "acting"})
# page furniture a recogniser glues to the front of a name ("WATCH What NATO needs", "VIDEO: Putin"), written in
# capitals, and the question words of a headline that follow it; taken off the front of a surface form
FURNITURE_WORDS = frozenset({"WATCH", "WATCHED", "JUST", "VIDEO", "PHOTOS", "PHOTO", "READ", "MORE", "BREAKING",
                             "UPDATE", "UPDATED", "LIVE", "EXCLUSIVE", "RELATED", "ADVERTISEMENT", "OPINION"})
HEADLINE_WORDS = frozenset({"What", "Why", "How", "When", "Where"})
PARTICLES = frozenset({"de", "da", "di", "du", "dos", "das", "del", "della", "van", "von", "der", "den", "ter",
                       "bin", "ibn", "al", "el", "la", "le", "abu"})
NAME_SUFFIXES = frozenset({"Jr", "Sr", "II", "III", "IV"})
INITIALS_SKIP = frozenset({"of", "the", "and", "for", "on", "in", "&", "to", "de", "du", "des", "at"})

_POSSESSIVE = re.compile(r"(?<=\w)['’]s?$|(?<=s)['’]$")
_EDGE_PUNCTUATION = " \t\n,;:!?\"“”‘'()[]{}—–-"
_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,6}$|^[A-Z][A-Z&]{1,6}$")
_CAPITALISED = re.compile(r"^(?:[A-Z]|\d|[a-z]{1,3}-[A-Z]|Mc|Mac|O['’])")
_DOTTED_CAPITALS_END = re.compile(r"(?:^|[\s-])(?:[A-Z]\.)+$")


class NameParts(NamedTuple):
    """A name taken apart: the name itself, the title(s) and stated affiliation in front of it, a possessive."""

    name: str
    title: str
    affiliation: str
    possessive: bool


def strip_possessive(text: str) -> tuple[str, bool]:
    """"Putin's" -> ("Putin", True); "Ukrainians'" -> ("Ukrainians", True); "Kyiv" -> ("Kyiv", False)."""
    stripped = _POSSESSIVE.sub("", text)
    return stripped, stripped != text


def clean_surface(text: str) -> tuple[str, bool]:
    """A surface form without surrounding punctuation, white space runs, page furniture in capitals in front
    ("WATCH What NATO" -> "NATO"), a leading "the" or a possessive.

    A final full stop is kept when it ends an abbreviation ("U.S.", "Jr.", "Corp.").

    Returns:
        (the cleaned text, whether it was possessive).
    """
    text = " ".join(text.split()).lstrip(_EDGE_PUNCTUATION).rstrip(_EDGE_PUNCTUATION.replace("'", ""))
    if text.endswith(".") and not _ends_with_abbreviation(text):
        text = text[:-1]
    text, possessive = strip_possessive(text)
    text = text.strip(_EDGE_PUNCTUATION)
    words = text.split(" ")
    if len(words) > 1 and words[0].rstrip(":") in FURNITURE_WORDS:
        while len(words) > 1 and (words[0].rstrip(":") in FURNITURE_WORDS or words[0] in HEADLINE_WORDS):
            words.pop(0)
        text = " ".join(words).strip(_EDGE_PUNCTUATION)
    if text[:4] in ("the ", "The "):
        text = text[4:]
    return text, possessive


def _ends_with_abbreviation(text: str) -> bool:
    """Whether the final full stop of `text` belongs to an abbreviation: dotted capitals ("U.S.") or a word of
    `data/abbreviations-en.txt` ("Jr.", "Corp.")."""
    last = text.rsplit(None, 1)[-1]
    return bool(_DOTTED_CAPITALS_END.search(text)) or last[:-1].lower() in abbreviations()


def is_title_word(word: str) -> bool:
    """A title or honorific ("President", "Sen.", "spokesman", "then-President", "Vice-President", "Mr.")."""
    for prefix in TITLE_PREFIXES:
        if word.startswith(prefix):
            word = word[len(prefix):]
    for suffix in TITLE_SUFFIXES:
        word = word.removesuffix(suffix)
    bare = word.rstrip(".").lower()
    if "-" in bare:
        return all(part in title_words() for part in bare.split("-") if part)
    return bare in title_words() or bare in HONORIFICS or (bare.endswith("s") and bare[:-1] in title_words())


def _without_prefix(word: str) -> str:
    """A title word without "then-" or "ex-" ("then-Secretary" -> "Secretary")."""
    for prefix in TITLE_PREFIXES:
        word = word.removeprefix(prefix)
    return word


def is_title_head(word: str) -> bool:
    """A title word that can end a title ("Minister", "secretary", "Sen."), not a modifier ("Foreign", "press")
    nor a plural ("senators": a title before one name is singular)."""
    bare = word.rstrip(".").lower()
    for prefix in ("then-", "ex-"):
        bare = bare.removeprefix(prefix)
    for suffix in ("-elect", "-designate"):
        bare = bare.removesuffix(suffix)
    last = bare.rsplit("-", 1)[-1]
    return (last in title_words() or last in HONORIFICS) and last not in TITLE_MODIFIERS


def is_honorific(word: str) -> bool:
    return word.rstrip(".").lower() in HONORIFICS


def _title_run_start(words: Sequence[str], *, need_head: bool = True) -> int:
    """Where the run of title words that ends `words` starts (len(words) when there is none).

    "of" or "of the" may join two title words when the one before is capitalised ("Secretary of State", not
    "defense of President"). With `need_head`, the run must hold a title head, a title word that is no modifier
    (`TITLE_MODIFIERS`), at its end or before its "of" ("Foreign Minister", "Secretary of State"; not "White
    House press").
    """
    start = index = len(words)
    index -= 1
    while index >= 0:
        if is_title_word(words[index]):
            start = index
            index -= 1
            continue
        if words[index].lower() in TITLE_JOINERS and start == index + 1 < len(words):
            joined = index
            while joined >= 0 and words[joined].lower() in TITLE_JOINERS:
                joined -= 1
            if joined >= 0 and words[joined + 1].lower() == "of" and is_title_word(words[joined]) \
                    and _without_prefix(words[joined])[:1].isupper():
                start = joined
                index = joined - 1
                continue
        break
    if start == len(words) or not need_head:
        return start
    run = words[start:]
    if is_title_head(run[-1]) or any(word.lower() == "of" and is_title_head(run[position - 1])
                                     for position, word in enumerate(run) if position):
        return start
    return len(words)


def title_and_affiliation(words: Sequence[str], *, is_affiliation: Callable[[str], bool] = lambda _: False
                          ) -> tuple[str, str, int]:
    """Read the title and stated affiliation from the words right before a name.

    The words end with a run of title words ("Foreign Minister"), which may be preceded by an affiliation
    (`is_affiliation` of a phrase of up to four words, a possessive taken off: "Russian", "Ukraine's", "White
    House"). When a word could be either ("House" in "White House spokesman"), the split that finds an
    affiliation wins. Title words before the affiliation join the title ("former Ukrainian President").

    Args:
        words: the words before the name, nearest last.
        is_affiliation: whether a phrase names an affiliation (a place, a party, a known organisation).

    Returns:
        (title, affiliation as written, how many of the last words were read).
    """
    words = list(words)
    end = len(words)
    run_start = _title_run_start(words)
    best: tuple[int, int] | None = None  # (affiliation start, title start)
    for title_start in range(run_start, end + 1):
        if title_start < end and words[title_start].lower() in TITLE_JOINERS:
            continue
        for affiliation_start in range(max(0, title_start - 4), title_start):
            phrase, _ = strip_possessive(" ".join(words[affiliation_start:title_start]))
            if phrase and is_affiliation(phrase):
                best = (affiliation_start, title_start)
                break
        if best:
            break
    if best is None:
        title_words_read = [word for word in words[run_start:]]
        return _join_title(title_words_read), "", end - run_start
    affiliation_start, title_start = best
    before = _title_run_start(words[:affiliation_start], need_head=False)
    title = _join_title(words[before:affiliation_start] + words[title_start:])
    affiliation, _ = strip_possessive(" ".join(words[affiliation_start:title_start]))
    return title, affiliation, end - before


def _join_title(words: Sequence[str]) -> str:
    """Title words as one title, honorifics left out ("Mr." is no role)."""
    return " ".join(word for word in words if not is_honorific(word))


def parse_name(text: str, *, person: bool = True, is_affiliation: Callable[[str], bool] = lambda _: False
               ) -> NameParts:
    """Take a surface form apart into name, title, stated affiliation and possessive.

    Titles (and an affiliation before them) are split off the front only for a person (`person=True`), and only
    while a capitalised word remains: "Justice Department" keeps its name when `person=False`.

    Args:
        text: the surface form ("President Vladimir Putin's", "the Kremlin").
        person: whether titles may be split off.
        is_affiliation: see `title_and_affiliation`.
    """
    cleaned, possessive = clean_surface(text)
    words = cleaned.split()
    while len(words) > 1 and words[0].lower().rstrip("-") in LEADING_MODIFIERS and is_capitalised(words[1]):
        words = words[1:]  # "Former White House", "Former Obama": no part of the name
    cleaned = " ".join(words)
    if not person:
        return NameParts(cleaned, "", "", possessive)
    for split in range(len(words) - 1, 0, -1):
        if not is_capitalised(words[split]) or is_title_word(words[split]):
            continue
        title, affiliation, used = title_and_affiliation(words[:split], is_affiliation=is_affiliation)
        if used == split:
            return NameParts(" ".join(words[split:]), title, affiliation, possessive)
        if title and used < split <= used + 4 and all(is_capitalised(word) for word in words[:split - used]):
            # a name the recogniser took with an organisation in front ("EU Ambassador Gordon Sondland")
            prefix, _ = strip_possessive(" ".join(words[:split - used]))
            return NameParts(" ".join(words[split:]), title, prefix, possessive)
    return NameParts(cleaned, "", "", possessive)


def is_capitalised(word: str) -> bool:
    """A word that may be part of a name: capitalised, a digit, "al-Assad", "McCain", "O'Neill"."""
    return bool(_CAPITALISED.match(word))


def looks_like_name(name: str) -> bool:
    """A name with a letter, opening with a capitalised word (or a particle before one: "al-Qaeda", "de Blasio"),
    every word capitalised or a particle or joiner, and not titles alone."""
    words = name.split()
    if not words or not any(char.isalpha() for char in name):
        return False
    if all(is_title_word(word) for word in words):
        return False
    if not is_capitalised(words[0]) and not (words[0].lower() in PARTICLES and len(words) > 1) \
            and not re.match(r"^[a-z]{1,3}-[A-Z]", words[0]):
        return False
    return all(is_capitalised(word) or word.lower() in PARTICLES or word.lower() in INITIALS_SKIP
               or word in ("'s", "’s") for word in words)


def short_forms(name: str) -> list[str]:
    """The forms a person's full name is shortened to: the surname with its particles ("von der Leyen",
    "al-Assad", and "Assad" too), or the family name written first ("Kim" of "Kim Jong Un", see
    `data/entity-family-names.csv`). Suffixes ("Jr.") and middle initials are skipped. One word: none."""
    words = name.split()
    if len(words) < 2:
        return []
    families = family_names()
    first = words[0]
    if first in families and (len(words) >= 3 or "-" in words[1] or families[first]):
        return [first]
    while len(words) > 1 and words[-1].rstrip(".,") in NAME_SUFFIXES:
        words = words[:-1]
    if len(words) < 2:
        return []
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    surname = " ".join(words[start:])
    forms = [surname]
    bare = re.sub(r"^(?:al|el|Al|El)-", "", surname)
    if bare != surname and bare[:1].isupper():
        forms.append(bare)
    return forms


def acronym_key(text: str) -> str | None:
    """The letters of an acronym ("U.N." -> "UN", "NATO" -> "NATO"), or None for a text that is not one."""
    if _ACRONYM.match(text):
        return text.replace(".", "")
    return None


def initials(name: str) -> str | None:
    """The initials of a name of two or more capitalised words, small words skipped ("North Atlantic Treaty
    Organization" -> "NATO"), or None."""
    words = [word for word in name.replace("-", " ").split() if word.lower() not in INITIALS_SKIP]
    if len(words) < 2 or not all(word[:1].isupper() for word in words):
        return None
    return "".join(word[0] for word in words)
