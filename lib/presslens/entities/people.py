"""When two names are one person: "Donald Trump" / "Donald J. Trump", "Bill Barr" / "William P. Barr",
"P. Manafort" / "Paul Manafort", "Kim Jong Un" / "Kim Jong-un"; and names that are page furniture, not people.

Two full names of people are one person (`same_person`) when they share their short form (the surname, or the
family name written first) and their other parts agree:

- first names: the same, or one is the other's initial ("P."), or a nickname of it (`data/entity-nicknames.csv`:
  "Bill"/"William"), or one edit apart with at least 5 letters each ("Vlodymyr"/"Volodymyr": a typo);
- middle parts: the same, or absent from one of them, or an initial of the other's ("J." / "John");
- a family name written first: the given names alike once hyphens, spaces and case are ignored ("Jong-un").

`merge_people` joins such names, most mentioned first, and never puts two names that disagree into one person:
"George W. Bush" and "George H.W. Bush" stay apart even though "George Bush" agrees with both (then it joins
neither).
"""

from __future__ import annotations

from collections.abc import Mapping

from presslens.entities.instruments import family_names, nicknames
from presslens.entities.names import NAME_SUFFIXES, short_forms
from presslens.entities.variants import one_edit_apart


def _parts(name: str) -> tuple[str, list[str], str] | None:
    """(first name, middle parts, short form) of a full name, or None for one word."""
    forms = short_forms(name)
    if not forms:
        return None
    words = [word for word in name.split() if word.rstrip(".,") not in NAME_SUFFIXES]
    short = forms[0]
    if words[0] == short and words[0] in family_names():
        return "", words[1:], short
    given = words[: len(words) - len(short.split())]
    if not given:
        return None
    return given[0], given[1:], short


def _initial_of(short: str, full: str) -> bool:
    return len(short.rstrip(".")) == 1 and full[:1] == short[:1] and len(full.rstrip(".")) > 1


def first_names_agree(first: str, second: str) -> bool:
    if first == second or _initial_of(first, second) or _initial_of(second, first):
        return True
    if (first, second) in nicknames() or (second, first) in nicknames():
        return True
    return (min(len(first), len(second)) >= 5 and first[0] == second[0] and one_edit_apart(first, second))


def _middles_agree(first: list[str], second: list[str]) -> bool:
    if not first or not second or first == second:
        return True
    if len(first) != len(second):
        return False
    return all(a == b or _initial_of(a, b) or _initial_of(b, a) for a, b in zip(first, second))


def _suffix(name: str) -> str:
    last = name.split()[-1].rstrip(".,")
    return last if last in NAME_SUFFIXES else ""


def same_person(first: str, second: str) -> bool:
    """Whether two full names of people name one person (see the module docstring); a suffix must agree
    ("Donald Trump Jr." is not "Donald Trump")."""
    if first == second:
        return True
    if _suffix(first) != _suffix(second):
        return False
    parts, other = _parts(first), _parts(second)
    if parts is None or other is None or parts[2] != other[2]:
        return False
    if not parts[0] and not other[0]:  # family name first: compare the given names as one string
        return "".join(parts[1]).replace("-", "").lower() == "".join(other[1]).replace("-", "").lower()
    if not parts[0] or not other[0]:
        return False
    return first_names_agree(parts[0], other[0]) and _middles_agree(parts[1], other[1])


def merge_people(counts: Mapping[str, int]) -> dict[str, str]:
    """People's names to merge: {name: the most mentioned name of its person}, for the names that join another.

    Args:
        counts: full names of people -> mentions.
    """
    by_short: dict[str, list[str]] = {}
    for name in counts:
        parts = _parts(name)
        if parts is not None:
            by_short.setdefault(parts[2], []).append(name)
    joined: dict[str, str] = {}
    for names in by_short.values():
        if len(names) < 2:
            continue
        names.sort(key=lambda name: (-counts[name], name))
        people: list[list[str]] = []
        for name in names:
            agreeing = [person for person in people if all(same_person(name, member) for member in person)]
            conflicting = [person for person in people if person not in agreeing
                           and any(same_person(name, member) for member in person)]
            if len(agreeing) == 1 and not conflicting:
                agreeing[0].append(name)
            elif not agreeing and not conflicting:
                people.append([name])
            # a name that agrees with two people, or only partly with one, joins none
        for person in people:
            for name in person[1:]:
                joined[name] = person[0]
    return joined


def furniture_names(names: set[str]) -> set[str]:
    """Page furniture that runs people's names together ("Mitch McConnell Addison", "Trump Donald John"): names of
    three or more words that are another person's full name followed by a first name (a first word of two or more
    of the names, or a name of the nicknames file), or whose first word is the surname of a person whose first
    name follows it."""
    firsts: dict[str, int] = {}
    surname_first = set()
    for person in names:
        words = person.split()
        if len(words) >= 2:
            firsts[words[0]] = firsts.get(words[0], 0) + 1
            surname_first.add((words[-1], words[0]))
    first_names = {word for word, count in firsts.items() if count > 1}
    first_names |= {word for pair in nicknames() for word in pair}
    found = set()
    for name in names:
        words = name.split()
        if len(words) < 3:
            continue
        if (" ".join(words[:-1]) in names and words[-1] in first_names) or (words[0], words[1]) in surname_first:
            found.add(name)
    return found
