"""The target of a stance: what the position is about, found after the cue (or before a passive one).

The first issue after the cue, up to the next verb cue; a referring expression ("it", "this idea", "the proposal")
resolved to the previous statement's target in the same sentence or the first issue of the two sentences before
(flagged `target_resolved`); a generic noun that cannot be resolved ("the plan") as an `unlisted` target; an actor
only when no issue or reference follows the cue. `TargetRules` is the target half of the stance reader
(`presslens.stance.statements._StanceReader`), whose state it reads.
"""

from __future__ import annotations

import dataclasses
import functools
import re

from presslens.stance.clauses import Unit
from presslens.stance.mentions import Cue, Sentence, Span
from presslens.stance.scan import trie_pattern
from presslens.stance.words import generic_nouns

_OF_ISSUE = re.compile(r"^\s+(?:for|on|of|to)\s+(?:[\w-]+\s+){0,3}?$", re.IGNORECASE)
_OBJECT = re.compile(
    r"\s+(?:(?:the|a|an|this|these|those|any|such|its|their|his|her|our|new|further|all)\s+)?"
    r"(?:[a-z-]+\s+){0,2}?(?P<noun>[a-z][a-z-]{2,})"
    r"(?=\s*(?:[,.;:!?—]|$)|\s+(?:of|for|on|to|by|from|in|with|against|that|which|and|as|at|over|after|before|because|since|if|when|while|during)\b)")
_NOT_OBJECTS = frozenset("""it this that them these those him her us me you what which who whom whose whether
the a an to and or but not also any all some more most much many further one ones way time""".split())
_RELATIVE = re.compile(r"\b(?:who|which|that|whom)\b", re.IGNORECASE)


@functools.cache
def _reference_pattern() -> re.Pattern:
    """A referring expression: "this/the/such a (two words) <generic noun>" or "it/this/these/them".

    The generic nouns are `data/stance-generic-nouns.txt`. The look-ahead for the letters a match can start with
    rejects most positions at once (see the note on `presslens.stance.mentions._PERSON_PRONOUN`).
    """
    return re.compile(
        r"(?=[tsai])\b(?:(?P<det>this|that|these|those|the|such|such an?|a|an)\s+(?:[\w-]+\s+){0,2}?"
        rf"(?P<noun>{trie_pattern(generic_nouns())})|(?P<pron>it|this|these|them))\b(?!['’])", re.IGNORECASE)


@dataclasses.dataclass
class Target:
    name: str
    kind: str
    mention: str
    resolved: bool
    end: int


class TargetRules:
    """The target rules of the stance reader, as methods over the sentence it is reading.

    Reads `text`, `sentence`, `units`, `context`, `statements` and `generic`, which `_StanceReader.read` sets.
    """

    text: str
    sentence: Sentence
    units: list[Unit]
    context: list[Sentence]
    statements: list[dict]
    generic: frozenset[str]

    def _issues_between(self, start: int, end: int) -> list[Span]:
        return [span for span in self.sentence.issues if start <= span.start and span.end <= end]

    def _resolve(self, position: int) -> tuple[str, str] | None:
        for statement in reversed(self.statements):
            if statement["target_kind"] in ("issue", "unlisted"):
                return statement["target"], statement["target_kind"]
        earlier = [span for span in self.sentence.issues if span.end <= position]
        if earlier:
            return earlier[-1].name, "issue"
        for previous in reversed(self.context):
            if previous.issues:
                return previous.issues[0].name, "issue"
        return None

    def _reference_target(self, match: re.Match, *, antecedent: bool = False) -> Target | None:
        """An issue named right after a generic noun, the resolved referent, or the generic noun itself."""
        after = [span for span in self.sentence.issues if match.end() <= span.start <= match.end() + 40
                 and _OF_ISSUE.match(self.text[match.end(): span.start] + " ")]
        if after:
            return Target(after[0].name, "issue", after[0].text, False, after[0].end)
        determiner = (match.group("det") or "").lower()
        if match.group("pron") or antecedent or determiner not in ("a", "an"):
            resolved = self._resolve(match.start())
            if resolved:
                return Target(resolved[0], resolved[1], match.group(), True, match.end())
        if match.group("noun"):
            noun = match.group("noun").lower()
            noun = noun[:-1] if noun.endswith("s") and noun[:-1] in self.generic else noun
            return Target(noun, "unlisted", match.group(), False, match.end())
        return None

    def _target_after(self, start: int, end: int, *, skip_addressee: bool, holders: list[str]) -> Target | None:
        candidates: list[tuple[int, object]] = [(span.start, span) for span in self._issues_between(start, end)]
        candidates += [(match.start(), match) for match in self._references(start, end)]
        for _, candidate in sorted(candidates, key=lambda pair: pair[0]):
            if isinstance(candidate, Span):
                return Target(candidate.name, "issue", candidate.text, False, candidate.end)
            if skip_addressee and candidate.group("pron") and re.match(
                    r"(?:\s+[\w’'-]+){0,5}?\s+(?:not\s+)?to\b", self.text[candidate.end():]):
                continue
            target = self._reference_target(candidate)
            if target:
                return target
        obj = _OBJECT.match(self.text, start, end)
        for unit in self.units:
            if start <= unit.start and unit.end <= end and unit.affiliation not in holders:
                gap = self.text[start: unit.start]
                if len(gap.split()) > 2 or re.search(r"\b(?:to|that|if|whether|how|why)\b|[,;:—]", gap):
                    break
                if skip_addressee and re.match(r"\s+(?:[\w’'-]+\s+){0,2}?(?:not\s+)?to\b", self.text[unit.end:]):
                    continue
                if obj and obj.start("noun") < unit.start:
                    break
                return Target(unit.affiliation, "actor", self.text[unit.start: unit.end], False, unit.end)
        if obj and obj.group("noun").lower() not in _NOT_OBJECTS:
            return Target(obj.group("noun").lower(), "unlisted", obj.group().strip(), False, obj.end())
        return None

    def _references(self, start: int, end: int) -> list[re.Match]:
        """Referring expressions between start and end that do not overlap an issue mention."""
        return [match for match in _reference_pattern().finditer(self.text, start, end)
                if not any(span.start < match.end() and match.start() < span.end for span in self.sentence.issues)]

    def _target_before(self, start: int, end: int, holders: list[str]) -> Target | None:
        issues = self._issues_between(start, end)
        if issues:
            return Target(issues[-1].name, "issue", issues[-1].text, False, issues[-1].end)
        for match in reversed(self._references(start, end)):
            target = self._reference_target(match)
            if target:
                return target
        for unit in reversed(self.units):
            if start <= unit.start and unit.end <= end and unit.affiliation not in holders:
                return Target(unit.affiliation, "actor", self.text[unit.start: unit.end], False, unit.end)
        return None

    def _antecedent_target(self, relative: re.Match | None) -> Target | None:
        if relative is None:
            return None
        before = self.text[: relative.start()].rstrip(" ,—")
        issues = [span for span in self.sentence.issues if span.end == len(before)]
        if issues:
            return Target(issues[0].name, "issue", issues[0].text, False, issues[0].end)
        references = [match for match in _reference_pattern().finditer(self.text, 0, len(before))
                      if match.end() == len(before)]
        return self._reference_target(references[-1], antecedent=True) if references else None

    def _last_relative(self, start: int, end: int) -> re.Match | None:
        """The last relative pronoun between start and end ("that" followed by a noun is a determiner)."""
        relative = None
        for match in _RELATIVE.finditer(self.text, start, end):
            following = self.text[match.end():].split(None, 1)[:1]
            if match.group().lower() == "that" and following and (
                    following[0].lower().strip(",.") in self.generic
                    or any(span.start == match.end() + 1 for span in self.sentence.issues)):
                continue
            relative = match
        return relative

    def _chain_target(self, chain: list[Cue], clause_start: int, window_end: int, *, passive: bool, nominal: bool,
                      relative: re.Match | None, holders: list[str], previous: dict | None) -> Target | None:
        """The chain's target: before a passive cue, else after the last cue up to the next verb cue, else the
        antecedent of the relative pronoun before the cue ("a plan that Kyiv rejected")."""
        head, final = chain[0], chain[-1]
        if passive:
            target = self._target_before(clause_start, head.start, holders)
            resolved = None if target else self._resolve(head.start)
            if resolved:
                target = Target(resolved[0], resolved[1], "", True, head.start)
        else:
            target = self._target_after(final.end, window_end, skip_addressee=any(c.control for c in chain),
                                        holders=holders)
        if target is None and not nominal:
            region_start = max(clause_start, previous["consumed_end"]) if previous else clause_start
            relative = relative or self._last_relative(region_start, head.start)
            if relative and any(relative.end() <= unit.start and unit.end <= head.start for unit in self.units):
                target = self._antecedent_target(relative)
        return target
