"""The stance lexicon on the parse: which tokens are cues, with which role, and which words evaluate.

The words themselves are in `data/stance-cues.csv` and `data/stance-evaluations.csv` (read and checked by
`presslens.stance.codebook.load_codebook`); this module indexes them by part of speech and lemma, and tells
for a parsed token which cue rows it can be. A token matches a row when its universal part of speech maps
to the row's `pos`, one of its lemma candidates is the row's lemma, and its particle (if the row has one:
"rule *out*") is attached to it.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import TYPE_CHECKING

import pandas as pd
import simplemma

if TYPE_CHECKING:   # spaCy is imported where a sentence is parsed (presslens.text.syntax), not here
    from spacy.tokens import Token

CUE_ROLES = ("support", "oppose", "enact", "supporter", "opponent", "negator", "control", "light", "withdraw",
             "receive", "labelling", "speech")
CUE_PARTS_OF_SPEECH = ("verb", "noun", "adj")
# an enacting verb is read only where someone wants it done; a supporter or opponent noun names the holder
SIGNS = {"support": 1, "oppose": -1, "enact": 1, "supporter": 1, "opponent": -1}
# universal POS -> the cue file's part of speech ("against" is tagged ADP: "are against X")
_CUE_POS = {"VERB": "verb", "AUX": "verb", "NOUN": "noun", "PROPN": "noun", "ADJ": "adj", "ADP": "adj"}
# Past forms of verbs that simplemma leaves as they are, because they are also nouns or adjectives ("the won",
# "a shot"); read only on a token the parser tags as a verb ("the bill won the backing of Y").
VERB_FORMS_SIMPLEMMA_KEEPS = {"won": "win", "shot": "shoot", "broke": "break", "thought": "think", "felt": "feel",
                              "bore": "bear"}


@dataclasses.dataclass(frozen=True)
class Cue:
    """One row of the cue file: a lemma (and a verb particle), its part of speech, role and preposition."""

    lemma: str
    particle: str | None
    pos: str
    role: str
    preposition: str | None
    negation_opposes: bool = False
    targets: frozenset[str] | None = None

    @property
    def sign(self) -> int:
        """+1 for a support or enact cue, -1 for an oppose cue, 0 for the other roles."""
        return SIGNS.get(self.role, 0)


@dataclasses.dataclass(frozen=True, eq=False)
class Lexicon:
    """Cues by (part of speech, lemma), and evaluative words by (part of speech, lemma) -> sign."""

    cues: dict[tuple[str, str], tuple[Cue, ...]]
    evaluations: dict[tuple[str, str], int]

    @classmethod
    def from_tables(cls, cues: pd.DataFrame, evaluations: pd.DataFrame) -> Lexicon:
        """Index the codebook's `cues` (cue, pos, role, preposition) and `evaluations` (word, pos, sign)."""
        index: dict[tuple[str, str], list[Cue]] = {}
        for row in cues.itertuples(index=False):
            lemma, _, particle = row.cue.lower().partition(" ")
            targets = frozenset(row.targets.lower().split("|")) if getattr(row, "targets", "") else None
            cue = Cue(lemma, particle or None, row.pos, row.role, row.preposition.lower() or None,
                      getattr(row, "negated", "") == "oppose", targets)
            index.setdefault((row.pos, lemma), []).append(cue)
        signs = {(row.pos, row.word.lower()): int(row.sign) for row in evaluations.itertuples(index=False)}
        return cls({key: tuple(found) for key, found in index.items()}, signs)

    def cues_of(self, token: Token, *roles: str) -> tuple[Cue, ...]:
        """The cue rows `token` can be, with one of `roles` (any role when none is given)."""
        pos = _CUE_POS.get(token.pos_)
        if pos is None:
            return ()
        particles = particles_of(token)
        for lemma in lemma_candidates(token.lower_, token.pos_):
            rows = self.cues.get((pos, lemma), ())
            phrasal = {cue.particle for cue in rows if cue.particle in particles}
            # "come out against X" is the "come out" row, never a bare "come" row
            found = tuple(cue for cue in rows if (not roles or cue.role in roles)
                          and (cue.particle in particles if phrasal else cue.particle is None))
            if found:
                return found
        return ()

    def has_role(self, token: Token, role: str) -> bool:
        """Whether `token` is a cue of this role."""
        return bool(self.cues_of(token, role))

    def is_speech_verb(self, word: str) -> bool:
        """Whether a word, unparsed, can be a form of a speech verb ("asked", "says")."""
        return any(cue.role == "speech" for lemma in lemma_candidates(word.lower(), "VERB")
                   for cue in self.cues.get(("verb", lemma), ()))

    def evaluation_of(self, token: Token) -> int:
        """+1 or -1 for an evaluative adjective or noun ("illegal", "a fiasco", "non-starters"), else 0."""
        pos = _CUE_POS.get(token.pos_)
        prefix = hyphen_prefix(token)
        for lemma in lemma_candidates(token.lower_, token.pos_):
            sign = self.evaluations.get((pos, lemma)) or (self.evaluations.get((pos, f"{prefix}-{lemma}"))
                                                          if prefix else 0)
            if sign:
                return sign
        return 0



def hyphen_prefix(token: Token) -> str | None:
    """The first part of a hyphenated word the tokenizer split at its hyphen ("non" of "non-starters", "op" of
    "op-ed"), lower case; None for a word without one."""
    if token.i < 2 or token.nbor(-1).text != "-" or token.nbor(-1).whitespace_ or token.nbor(-2).whitespace_:
        return None
    return token.nbor(-2).lower_


def particles_of(token: Token) -> frozenset[str]:
    """The particles a verb may have ("rule *out*", "come *out* against"): attached as a particle, or as an
    adverb (parsers disagree on which)."""
    return frozenset(child.lower_ for child in token.children
                     if child.dep_ in ("compound:prt", "advmod") and child.i > token.i)


@cache
def lemma_candidates(lower: str, pos: str) -> tuple[str, ...]:
    """The lemmas a word form may have, most likely first.

    simplemma does not know the part of speech, so an adjective keeps its own form first ("concerned"), and a
    verb form it leaves unchanged ("backing") is also tried without its -ing/-ed ending ("back", "vote").
    """
    lemma = simplemma.lemmatize(lower, lang="en")
    if pos in ("VERB", "AUX"):
        lemma = VERB_FORMS_SIMPLEMMA_KEEPS.get(lemma, lemma)
    candidates = [lower, lemma] if pos in ("ADJ", "ADP") else [lemma, lower]
    if pos in ("VERB", "AUX") and lemma == lower:
        for ending in ("ing", "ed"):
            if lower.endswith(ending) and len(lower) > len(ending) + 2:
                stem = lower[: -len(ending)]
                candidates += [stem, stem + "e", stem[:-1]]
    return tuple(dict.fromkeys(candidates))
