"""Noun phrases naming actors, and clause boundaries: the units the stance reader binds holders within.

`units_of` merges adjacent mentions joined by titles ("U.S. President Donald Trump") and marks the objects of
prepositions ("talks in Kyiv") as unable to hold a stance; `clauses_of` cuts a sentence at ";", "but", "while",
... and at "and/or" between two stance cues.
"""

from __future__ import annotations

import dataclasses
import re

from presslens.stance.codebook import POLARITY
from presslens.stance.mentions import Sentence
from presslens.stance.words import PREPOSITIONS, group_heads

_TITLE_GAP = re.compile(r"^(?:\s+(?:[A-Z][\w.’'-]*|of|the|for))*\s+$")
_NAME_TAIL = re.compile(r"(?:\s+[A-Z][\w.’'-]*){1,5}")
COORDINATION = re.compile(r"^(?:\s*,\s*|,?\s+(?:and|or)\s+|\s*&\s*)(?:the\s+)?$", re.IGNORECASE)
# each opens with a look-ahead for its possible first characters, so most positions fail at once (see the note on
# `presslens.stance.mentions._PERSON_PRONOUN` for what these patterns buy together)
_UNCONDITIONAL_SPLIT = re.compile(
    r"(?=[;,\s])(?:;\s*|\s\|\s|,?\s+(?:but|whereas|while|although|though)\s+|,\s+(?:yet|however)\s+)",
    re.IGNORECASE)
_CONDITIONAL_SPLIT = re.compile(r"(?=[,\s]),?\s+(?:and|or)\s+", re.IGNORECASE)
_OPTIONAL_THE = re.compile(r"(?:the\s+)?", re.IGNORECASE)
_SUBORDINATE_OPENING = re.compile(
    r"^\s*(?:While|Whereas|Although|Though|Even though|After|Before|Because|If|When|Since|Once|As)\b[^,]{3,}?,\s+")


@dataclasses.dataclass
class Unit:
    """One noun phrase naming an actor: merged mentions ("U.S. President Donald Trump")."""

    start: int
    end: int
    actor: str
    affiliation: str
    possessive: bool
    eligible: bool = True


def units_of(sentence: Sentence) -> list[Unit]:
    """Merge adjacent mentions joined by titles into one unit and mark objects of prepositions ineligible."""
    text, units = sentence.text, []
    for mention in sentence.mentions:
        if mention.resolved and mention.text.lower() in ("his", "her", "him"):
            continue
        if units:
            last = units[-1]
            gap = text[last.end: mention.start]
            if not last.possessive and _TITLE_GAP.match(gap) and (mention.kind == "person"
                                                                 or mention.affiliation == last.affiliation):
                last.end, last.possessive = mention.end, mention.possessive
                if mention.kind == "person":
                    last.actor, last.affiliation = mention.actor, mention.affiliation
                continue
        units.append(Unit(mention.start, mention.end, mention.actor, mention.affiliation, mention.possessive))
    for unit in units:
        if not unit.possessive:
            tail = _NAME_TAIL.match(text, unit.end)
            if tail and not sentence.mentions[-1].start < tail.end() <= sentence.mentions[-1].start:
                words = tail.group().split()
                if len(words) >= 2 or words[0][0].isupper() and words[0] not in ("The", "A"):
                    unit.end = tail.end()
                    unit.possessive = tail.group().endswith(("'s", "’s"))
        before = text[: unit.start].rsplit(None, 3)  # the last three words are all that is looked at
        if before and before[-1].lower() == "the":
            before = before[:-1]
        if before and before[-1].lower() in PREPOSITIONS:
            unit.eligible = before[-1].lower() in ("of", "from", "in") and len(before) > 1 \
                and before[-2].lower() in group_heads()
    return units


def coordination(units: list[Unit], first: int, text: str) -> list[Unit]:
    """The units coordinated with `units[first]` ("France, Germany, and the UK"), left to right."""
    group = [units[first]]
    for unit in units[first + 1:]:
        if COORDINATION.match(text[group[-1].end: unit.start]):
            group.append(unit)
        else:
            break
    return group


def clauses_of(sentence: Sentence) -> list[tuple[int, int]]:
    """Clause boundaries (start, end) within the sentence text."""
    text = sentence.text
    starts = {0}
    opening = _SUBORDINATE_OPENING.match(text)
    if opening:
        starts.add(opening.end())
    for match in _UNCONDITIONAL_SPLIT.finditer(text):
        starts.add(match.end())
    stance_cues = [cue for cue in sentence.cues if cue.role in POLARITY]
    if len(stance_cues) > 1:  # "and/or" only splits between two stance cues
        for match in _CONDITIONAL_SPLIT.finditer(text):
            clause_start = max(start for start in starts if start <= match.start())
            follows = _OPTIONAL_THE.match(text, match.end()).end()
            if any(clause_start <= cue.start < match.start() for cue in stance_cues) \
                    and any(mention.start == follows for mention in sentence.mentions) \
                    and any(cue.start > match.end() for cue in stance_cues):
                starts.add(match.end())
    ordered = sorted(starts)
    return list(zip(ordered, ordered[1:] + [len(text)]))
