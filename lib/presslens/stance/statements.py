"""Who says what about whom: actor mentions, quotes and stance statements from rules and a codebook.

No parser or named-entity model is available offline, so stance is recovered by transparent rules over the
sentence table, with the vocabulary in three editable files under ``data/`` (see ``data/README-stance.md``):
``codebook-actors.csv`` (who), ``codebook-issues.csv`` (about what) and ``stance-cues.csv`` (the words that
express a position, as lemmas). Every alias, issue and cue list is compiled once into a trie-shaped regular
expression, so a sentence is scanned in one pass per list; the clause rules run only on sentences that hold
a cue.

The rules, in the order they apply to a sentence:

1. **Clauses.** A sentence is cut at ``;``, at "but / while / whereas / although / though / yet", at a comma
   that closes a sentence-opening subordinate clause ("While Kyiv welcomed it, Moscow ..."), and at
   "and / or" when a cue has already occurred and an actor follows ("Kyiv welcomed it and Moscow rejected it").
   Holder and target are bound within one clause.
2. **Holder** (who takes the position) is, for each cue: the actor after "by" for a passive ("the ceasefire
   was rejected by Moscow"); the possessor or adjective right before a noun cue ("Washington's endorsement",
   "European pressure for"); the actor before "of/for" of a gerund ("accused Israel of violating"); otherwise
   the leftmost actor of the clause before the cue that is not the object of a preposition ("talks in Kyiv"),
   starting after a speech verb ("Trump said Zelensky accepted") or a relative pronoun when an actor follows
   it ("a move that Trump lauded"), or at its antecedent when none does ("Putin, who called for talks"); a cue
   sharing a subject with the previous cue ("lauded and urged") inherits its holder. A person counts for
   their affiliation; the words that named the holder are kept in ``holder_mention``. Several actors named
   together ("France, Germany and the UK") are each a holder, unless two or more of them belong to one group
   in the codebook, which then holds the position instead (-> Europe). "we/our/I" inside a quote is the
   quoted speaker.
3. **Target** (the position's object; in `presslens.stance.targets`) is the first issue after the cue, up to the
   next verb cue; a referring expression ("it", "this idea", "the proposal") is resolved to the previous
   statement's target in the same sentence, else to the first issue of the nearest of the two previous
   sentences that names one, and is flagged ``target_resolved``; a generic noun that cannot be resolved
   ("the plan") becomes an ``unlisted`` target; an actor is the target only when no issue or reference follows
   the cue.
4. **Chains.** A controlling cue passes its holder to the cue it governs ("urged Kyiv to accept X" = the urger
   supports X; "an ultimatum: agree to X"; "refused to back X").
5. **Polarity.** support +1, oppose -1. Negation ("not", "n't", "never", "no longer", "no", "refused to",
   "failed to", "reluctance to", ...) flips support to oppose (-1, "did not back"), but only cancels an
   opposition: "did not reject" is recorded with stance 0 (non-committal), never as support. The exception is
   a wish: "urged Hungary not to block X" is support for X (+1).
6. **Quotes.** A stance inside a direct quote or reported speech is kept, marked ``quoted`` and
   ``attributed_to`` the speaker: it is the speaker's account of the holder's position, not the narrator's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import pandas as pd

from presslens.engine import collector_paused
from presslens.stance.clauses import COORDINATION, Unit, clauses_of, coordination, units_of
from presslens.stance.codebook import POLARITY, Codebook, default_codebook
from presslens.stance.mentions import Cue, Sentence, analyse_sentences
from presslens.stance.quotes import quote_records
from presslens.stance.targets import Target, TargetRules
from presslens.stance.words import DETERMINERS, POSSESSIVE_PRONOUNS, generic_nouns, group_heads, light_verbs
from presslens.text.inputs import as_sentences

STANCE_COLUMNS = ["article_id", "sentence_id", "holder", "holder_mention", "holder_kind", "target",
                  "target_kind", "target_mention", "target_resolved", "stance", "cue", "cue_mention", "negated",
                  "passive", "quoted", "attributed_to", "sentence"]
_NEGATION = re.compile(r"\b(?:not|never|no longer|no|neither|nor|hardly|cannot|without)\b|n['’]t\b",
                       re.IGNORECASE)
_BRIDGE = re.compile(r"^[^.;!?]{0,60}?(?:\bto|:|\bthat\b[^,;.]{0,40}?)\s*(?:not\s+|never\s+)?$", re.IGNORECASE)
_PASSIVE_AGENT = re.compile(r"\s+(?:\w+ly\s+)?by\s+(?:the\s+)?", re.IGNORECASE)
_NOMINAL_AGENT = re.compile(r"\s+(?:by|from)\s+(?:the\s+)?", re.IGNORECASE)
_NOUN_ENDINGS = ("ion", "ions", "ment", "ments", "al", "als", "ance", "ence", "ism", "ship")
_CONNECTIVES = frozenset("and or but to who which that the a an then".split())
_AT_MOST_ONE_WORD = re.compile(r"\s+(?:[a-z-]+\s+)?")
_AT_MOST_TWO_WORDS = re.compile(r"\s*(?:[\w-]+\s+){0,2}")
_OF_OR_FOR_BEFORE = re.compile(r"(?:of|for)\s+(?:\w+ly\s+)?$")


class _StanceReader(TargetRules):
    """Applies the clause rules to the sentences of one article in order."""

    def __init__(self, codebook: Codebook):
        self.codebook = codebook
        actors = codebook.actors.set_index("actor")
        self.group_of = actors["group"].to_dict()
        self.kind_of = actors["kind"].to_dict()
        self.generic = generic_nouns()
        self.group_heads = group_heads()

    def read(self, sentence: Sentence, context: list[Sentence], quotes: list[tuple[int, int, object, object]]
             ) -> list[dict]:
        """Stance statements of one sentence (context: the previous sentences of the article)."""
        self.sentence, self.context, self.quotes = sentence, context, quotes
        self.text = sentence.text
        self.units = units_of(sentence)
        self.statements: list[dict] = []
        for clause_start, clause_end in clauses_of(sentence):
            self._read_clause(clause_start, clause_end)
        unique, seen = [], set()
        for statement in self.statements:
            key = (statement["holder"], statement["target"], statement["stance"])
            if key not in seen:
                seen.add(key)
                unique.append(statement)
        return unique

    def _is_nominal(self, cue: Cue) -> bool:
        """Whether the cue is used as a noun ("the rejection", "calls for" after a verb): it needs its own holder
        (a possessor or a "by/from" agent) and does not end the previous cue's object."""
        if cue.role == "negator":
            return True
        if cue.text.split()[0].lower().endswith(_NOUN_ENDINGS) or cue.cue in ("ultimatum",) \
                or cue.text.lower().startswith(("proposal", "request", "interest")):
            return True
        words = self.text[: cue.start].rsplit(None, 1)
        previous = words[-1].lower() if words else ""
        if previous in DETERMINERS or previous in ("its", "their", "our", "my"):
            return True
        for other in self.sentence.cues:
            gap = self.text[other.end: cue.start] if other.end <= cue.start else None
            if gap is not None and other.role in POLARITY and not other.control \
                    and _AT_MOST_ONE_WORD.fullmatch(gap) and gap.strip() not in _CONNECTIVES:
                return True
        immediate = self._immediate_unit(cue)
        return bool(immediate) and immediate.possessive

    def _immediate_unit(self, cue: Cue) -> Unit | None:
        for unit in reversed(self.units):
            if unit.end <= cue.start:
                gap = self.text[unit.end: cue.start]
                words = gap.split()
                if any(unit.end <= other.start < cue.start for other in self.sentence.cues):
                    return None
                if not gap.strip() and (unit.eligible or unit.possessive or not cue.text.lower().endswith("ed")):
                    return unit
                if unit.possessive and cue.text.lower().endswith("ed") and not self._heads_possessed(unit):
                    return None
                if _AT_MOST_TWO_WORDS.fullmatch(gap) and not {w.lower() for w in words} & _CONNECTIVES \
                        and not {w.lower() for w in words} & self.generic \
                        and not self._issues_between(unit.end, cue.start) and (unit.eligible or unit.possessive):
                    return unit
                return None
        return None

    def _gerund_subject(self, cue: Cue) -> Unit | None:
        """The actor doing a gerund cue after "of"/"for": "accused Israel of violating", "praised Kyiv for backing"."""
        if not cue.text.lower().endswith("ing"):
            return None
        before = _OF_OR_FOR_BEFORE.search(self.text[: cue.start])
        if not before:
            return None
        for unit in reversed(self.units):
            if unit.end <= before.start():
                return unit if not self.text[unit.end: before.start()].strip() else None
        return None

    def _heads_possessed(self, unit: Unit) -> bool:
        """Whether "X's ..." names X's own people ("Russia's foreign ministry"), not others ("Ukraine's allies")."""
        following = {word.lower().strip(",.") for word in self.text[unit.end:].split(None, 2)[:2]}
        return bool(following & self.group_heads)

    def _quote_at(self, position: int) -> tuple | None:
        for start, end, speaker, actor in self.quotes:
            if start <= position < end:
                return speaker, actor
        return None

    def _holders(self, units: list[Unit]) -> tuple[list[tuple[str, str]], str]:
        """(holder, holder_kind) pairs for coordinated units, collapsing members of one group, and the words."""
        affiliations = list(dict.fromkeys(unit.affiliation for unit in units))
        groups: dict[str, list[str]] = {}
        for affiliation in affiliations:
            group = self.group_of.get(affiliation) or ""
            if group:
                groups.setdefault(group, []).append(affiliation)
        holders = []
        for affiliation in affiliations:
            group = self.group_of.get(affiliation) or ""
            name = group if group and len(groups[group]) >= 2 else affiliation
            if name not in [holder for holder, _ in holders]:
                holders.append((name, self.kind_of.get(name, "bloc")))
        mention = self.text[units[0].start: units[-1].end]
        return holders, mention

    def _unit_index(self, unit: Unit) -> int:
        return next(index for index, candidate in enumerate(self.units) if candidate is unit)

    def _subject(self, cue: Cue, clause_start: int, previous: dict | None
                 ) -> tuple[list[Unit] | None, re.Match | None, int]:
        """The units in subject position before `cue`, the relative pronoun that bounded the search, and the
        offset where negation may start."""
        region_start = max(clause_start, previous["consumed_end"]) if previous else clause_start
        speech = [other for other in self.sentence.cues
                  if other.role == "speech" and region_start <= other.start and other.end <= cue.start]
        if speech and any(speech[-1].end <= unit.start and unit.end <= cue.start and unit.eligible
                          for unit in self.units):
            region_start = speech[-1].end
        relative = self._last_relative(region_start, cue.start)
        if relative:
            after = [index for index, unit in enumerate(self.units)
                     if relative.end() <= unit.start and unit.end <= cue.start and unit.eligible]
            if after:
                region_start = relative.end()
            elif relative.group().lower() in ("who", "which"):
                before = [index for index, unit in enumerate(self.units)
                          if clause_start <= unit.start and unit.end <= relative.start()]
                if before:
                    first = before[-1]
                    while first > 0 and COORDINATION.match(
                            self.text[self.units[first - 1].end: self.units[first].start]):
                        first -= 1
                    return coordination(self.units, first, self.text), relative, relative.end()
            else:
                pronoun = re.search(r"\b(?:it|they)\b", self.text[relative.end(): cue.start], re.IGNORECASE)
                earlier = [index for index, unit in enumerate(self.units)
                           if clause_start <= unit.start and unit.end <= relative.start() and unit.eligible]
                if pronoun and earlier:
                    return coordination(self.units, earlier[0], self.text), relative, relative.end()
                return None, relative, relative.end()
        candidates = [index for index, unit in enumerate(self.units)
                      if region_start <= unit.start and unit.end <= cue.start and unit.eligible
                      and (not unit.possessive or self._heads_possessed(unit))]
        if candidates:
            group = coordination(self.units, candidates[0], self.text)
            return group, relative, group[-1].end
        if previous and previous["units"]:
            return previous["units"], relative, region_start
        return None, relative, region_start

    def _read_clause(self, clause_start: int, clause_end: int) -> None:
        """Read every cue chain of one clause, in order; a chain's holder may pass to the next ("lauded and urged")."""
        cues = [cue for cue in self.sentence.cues if clause_start <= cue.start < clause_end and cue.role != "speech"]
        previous: dict | None = None
        for chain, later in _chains(cues, self.text):
            if chain[-1].role == "negator":
                continue
            previous = self._read_chain(chain, later, clause_start, clause_end, previous)

    def _read_chain(self, chain: list[Cue], later: list[Cue], clause_start: int, clause_end: int,
                    previous: dict | None) -> dict | None:
        """Add the statements of one cue chain; return what the next chain of the clause inherits."""
        text = self.text
        head, final = chain[0], chain[-1]
        nominal = self._is_nominal(head)
        units, relative, negation_from, passive, first_person = self._holder_units(head, final, clause_start,
                                                                                   nominal, previous)
        if units is None and first_person is None:
            return {"units": None, "consumed_end": head.start} if not nominal and not passive else previous
        holders, holder_mention = self._holders(units) if units else (
            [(first_person, self.kind_of.get(first_person, "bloc"))], "we")
        negated = bool(_NEGATION.search(text[max(negation_from, head.start - 40): head.start]))
        window_end = next((cue.start for cue in later if not self._is_nominal(cue)), clause_end)
        target = self._chain_target(chain, clause_start, window_end, passive=passive, nominal=nominal,
                                    relative=relative, holders=[holder for holder, _ in holders], previous=previous)
        polarity, is_negated = _polarity(chain, text, negated=negated, target=target)
        if not nominal or units is not None:
            consumed = target.end if target and not target.resolved and target.end > final.end else window_end
            previous = {"units": units, "consumed_end": consumed} if units else previous
        if target is None:
            return previous
        quote = self._quote_at(head.start)
        cue_name = " > ".join(dict.fromkeys(cue.cue for cue in chain))
        for holder, holder_kind in holders:
            if target.kind == "actor" and target.name == holder:
                continue
            self.statements.append({
                "article_id": self.sentence.article_id, "sentence_id": self.sentence.sentence_id,
                "holder": holder, "holder_mention": holder_mention, "holder_kind": holder_kind,
                "target": target.name, "target_kind": target.kind, "target_mention": target.mention,
                "target_resolved": target.resolved, "stance": polarity, "cue": cue_name,
                "cue_mention": text[head.start: final.end], "negated": is_negated, "passive": passive,
                "quoted": quote is not None, "attributed_to": quote[0] if quote else None,
                "sentence": text})
        return previous

    def _holder_units(self, head: Cue, final: Cue, clause_start: int, nominal: bool, previous: dict | None
                      ) -> tuple[list[Unit] | None, re.Match | None, int, bool, str | None]:
        """Who holds the chain's position: the "by" agent of a passive, the actor of a gerund, the actor right
        before the cue (with those coordinated with it), the "by/from" agent of a noun cue, else the subject.

        Returns:
            The holder's units (None when none is found), the relative pronoun that bounded the subject search,
            the offset where negation may start, whether the cue is passive, and the quoted speaker's actor when
            "we/our/I" inside their quote holds the position.
        """
        text = self.text
        units, relative, negation_from, passive, first_person = None, None, head.start, False, None
        agent = _PASSIVE_AGENT.match(text, final.end)
        agent_units = [i for i, unit in enumerate(self.units) if agent and unit.start == agent.end()]
        immediate = self._immediate_unit(head)
        words = text[: head.start].rsplit(None, 2)
        previous_word = words[-1].lower() if words else ""
        before_previous = words[-2].lower() if len(words) > 1 else ""
        gerund_subject = self._gerund_subject(head)
        if agent_units:
            units, passive = coordination(self.units, agent_units[0], text), True
            negation_from = max(clause_start, head.start - 25)
        elif gerund_subject is not None:
            units, negation_from = [gerund_subject], gerund_subject.end
        elif immediate is not None:
            units = coordination(self.units, self._unit_index(immediate), text)
            negation_from = immediate.end
            if not immediate.possessive:
                first = self._unit_index(immediate)
                while first > 0 and COORDINATION.match(text[self.units[first - 1].end: self.units[first].start]):
                    first -= 1
                units = coordination(self.units, first, text)
        elif (previous_word in DETERMINERS and before_previous not in light_verbs()) or (
                nominal and previous_word not in POSSESSIVE_PRONOUNS and previous_word not in DETERMINERS):
            nominal_agent = _NOMINAL_AGENT.match(text, head.end)
            found = [i for i, unit in enumerate(self.units) if nominal_agent and unit.start == nominal_agent.end()]
            if found:
                units = coordination(self.units, found[0], text)
        else:
            units, relative, negation_from = self._subject(head, clause_start, previous)
            if units is None:
                quote = self._quote_at(head.start)
                region = text[max(clause_start, previous["consumed_end"] if previous else 0): head.start]
                if quote and quote[1] and re.search(r"\b(?:we|our|i|my|us)\b", region, re.IGNORECASE):
                    first_person = quote[1]
        return units, relative, negation_from, passive, first_person


def _chains(cues: list[Cue], text: str) -> Iterator[tuple[list[Cue], list[Cue]]]:
    """The cue chains of a clause, in order, each with the cues after it: a controlling or negating cue takes the
    next cue into its chain when only a bridge ("to", ":", "that ...") or nothing lies between them."""
    index = 0
    while index < len(cues):
        chain = [cues[index]]
        while (chain[-1].control or chain[-1].role == "negator") and index + 1 < len(cues) \
                and (_BRIDGE.match(text[chain[-1].end: cues[index + 1].start])
                     or not text[chain[-1].end: cues[index + 1].start].strip()):
            index += 1
            chain.append(cues[index])
        index += 1
        yield chain, cues[index:]


def _polarity(chain: list[Cue], text: str, *, negated: bool, target: Target | None) -> tuple[int, bool]:
    """The chain's stance (+1, -1 or 0) and whether anything negated it.

    Support +1, oppose -1; negation flips support and cancels opposition (`_negate`), except that a negated
    wish through a controlling cue is a full flip ("urged Kyiv not to block X" supports X).
    """
    final = chain[-1]
    polarity = POLARITY[final.role]
    inner_negated = len(chain) > 1 and bool(_NEGATION.search(text[chain[-2].end: final.start]))
    if inner_negated:
        # "urged Kyiv not to block X": a wish, so a full flip (for X); elsewhere opposition is only cancelled
        polarity = -polarity if chain[-2].role == "support" else _negate(polarity)
    for outer in reversed(chain[:-1]):
        if outer.role == "negator" or outer.role == "oppose":
            polarity = _negate(polarity)
    if negated:
        polarity = _negate(polarity)
    addressee_negated = bool(target) and final.control and target.end > final.end and bool(
        re.search(r"\bnot\s+to\b", text[final.end: target.end]))
    if addressee_negated:
        polarity = _negate(polarity)
    is_negated = negated or inner_negated or addressee_negated \
        or any(c.role in ("negator", "oppose") for c in chain[:-1])
    return polarity, is_negated


def _negate(polarity: int) -> int:
    """Negation flips support to opposition but only cancels opposition (0: "did not reject")."""
    return -1 if polarity == 1 else 0


@collector_paused
def extract_stances(source: object, *, codebook: Codebook | None = None,
                    quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Stance statements: who (holder) supports or opposes what (target), sentence by sentence.

    The rules are listed in the module docstring and in notebooks/03-stance.ipynb: clause splitting, holder in
    subject position (or the "by" agent of a passive, or the possessor of a noun cue), target after the cue,
    referring expressions resolved and flagged, controlling cues chained, negation flipping support (-1) and
    cancelling opposition (0), stances inside quotes attributed to the speaker. One statement per holder,
    target and polarity per sentence.

    Args:
        source: a string, a list of strings, a Corpus or a sentence table.
        codebook: from `load_codebook` (default: the project's data/ files).
        quotes: the quotes of the same source from `extract_quotes`, to attribute statements inside quotes
            without finding the quotes again (default: found here).

    Returns:
        One row per statement: article_id, sentence_id, holder (canonical actor; a person counts for their
        affiliation), holder_mention (the words that named the holder), holder_kind, target (issue, actor or
        an unlisted generic noun), target_kind ("issue" | "actor" | "unlisted"), target_mention,
        target_resolved (bool: reached through "it", "this idea", ...), stance (+1 support, -1 oppose,
        0 negated opposition), cue (lemma; "urge > accept" for a chain), cue_mention, negated, passive,
        quoted (bool: inside a direct quote or reported speech), attributed_to (the speaker, NA for the
        narrator), sentence (text).
    """
    codebook = codebook or default_codebook()
    sentences = as_sentences(source)
    analysed = analyse_sentences(sentences, codebook)
    candidates = [sentence for sentence in analysed
                  if sentence.mentions and any(cue.role in POLARITY for cue in sentence.cues)]
    if quotes is None:
        # quotes are found article by article, and only those over a candidate sentence are used: so only the
        # articles with a candidate sentence, and reported speech only up to an article's last candidate sentence
        last_candidate = {sentence.article_id: sentence.sentence_id for sentence in candidates}
        records = quote_records(sentences[sentences["article_id"].isin(last_candidate)], codebook,
                                reported_until=last_candidate)
        quote_fields = [(row["article_id"], row["sentence_id"], row["sentence_id_end"], row["start"], row["end"],
                         row["speaker"], row["speaker_actor"]) for row in records]
    else:
        quote_fields = _quote_fields(quotes)
    quote_spans = _quote_spans_by_sentence(candidates, quote_fields)
    reader = _StanceReader(codebook)
    rows: list[dict] = []
    at_position = {sentence.position: sentence for sentence in analysed}
    for sentence in candidates:
        context = [at_position[position] for position in (sentence.position - 2, sentence.position - 1)
                   if position in at_position and at_position[position].article_id == sentence.article_id]
        rows.extend(reader.read(sentence, context,
                                quote_spans.get((sentence.article_id, sentence.sentence_id), [])))
    table = pd.DataFrame(rows, columns=STANCE_COLUMNS)
    return table.astype({"sentence_id": "int64", "stance": "int64", "negated": "bool", "passive": "bool",
                         "quoted": "bool", "target_resolved": "bool"})


def _quote_fields(quotes: pd.DataFrame) -> list[tuple[str, int, int, int, int, object, object]]:
    """(article_id, sentence_id, sentence_id_end, start, end, speaker, speaker_actor) of each row of a quote
    table, None where the speaker or their actor is missing."""
    integers = [quotes[column].astype(int).tolist() for column in ("sentence_id", "sentence_id_end", "start", "end")]
    return list(zip(quotes["article_id"].tolist(), *integers, _values_or_none(quotes["speaker"]),
                    _values_or_none(quotes["speaker_actor"])))


def _quote_spans_by_sentence(sentences: list[Sentence],
                             quotes: Iterable[tuple[str, int, int, int, int, object, object]]
                             ) -> dict[tuple[str, int], list[tuple[int, int, object, object]]]:
    """Quote spans (start, end within the sentence, speaker, speaker_actor) over the given sentences, keyed by
    (article_id, sentence_id); `quotes` as from `_quote_fields`."""
    sentence_starts = {(sentence.article_id, sentence.sentence_id): sentence.start for sentence in sentences}
    spans: dict[tuple[str, int], list] = {}
    for article_id, first, last, start, end, speaker, actor in quotes:
        for sentence_id in range(first, last + 1):
            offset = sentence_starts.get((article_id, sentence_id))
            if offset is not None:
                spans.setdefault((article_id, sentence_id), []).append((start - offset, end - offset, speaker, actor))
    return spans


def _values_or_none(column: pd.Series) -> list:
    """The values of a column as a list, None where a value is missing."""
    return [value if present else None for value, present in zip(column.tolist(), column.notna().tolist())]
