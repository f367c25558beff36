"""The lexicon method for sentiment toward a target: VADER's word valences in the mention's clause, by rule.

A sentence's tone cannot say whether it speaks well or ill of one mention in it: VADER scores "Ukraine welcomed
the proposal, but Russia rejected it" and its swap identically. `score_target_lexicon` reads the words around
the mention with a small, documented rule set (the constants below; the steps in its docstring).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from presslens import config
from presslens.sentiment.lexicon import sentiment_analyzer
from presslens.text.instruments import read_table, word_list
from presslens.text.tokens import lemma_of, lower_form

#: Words that end the clause a mention sits in: contrast and concession markers and the semicolon.
#: "Ukraine welcomed the proposal, but Russia rejected it" -> two clauses, one per country.
CLAUSE_BREAKS = frozenset({"but", "however", "while", "whereas", "although", "though", ";"})
#: Subordinators that, opening a sentence ("Although Russia rejected it, ..."), run to the next comma.
SUBORDINATORS = frozenset({"although", "though", "while", "whereas"})
#: A sentiment word this many words from the mention counts half as much as one next to it.
HALF_WEIGHT_DISTANCE = 4
#: How many words before a sentiment word a negator ("not", "never", "didn't", ...) reaches.
NEGATION_WINDOW = 3
#: Evaluation, contest and harm verbs (`target_verbs`, from `data/sentiment-target-verbs.csv`): an evaluation verb's
#: valence is a judgement OF the one acted on ("X condemned Russia" is negative toward Russia in full); toward X,
#: the one judging, it counts only `EVALUATOR_WEIGHT` as much.
EVALUATOR_WEIGHT = 0.5
TARGET_VERB_KINDS = ("evaluation", "contest", "harm")
#: Reporting verbs (`reporting_verbs`: the speech cues marked `reporting` in `data/stance-cues.csv`): when the mention is their speaker
#: ("X said ...", "..., said X", "according to X"), the words of what was said describe its topic, not the speaker:
#: they count `REPORTED_WEIGHT` (nothing).
REPORTED_WEIGHT = 0.0
#: Auxiliaries that, before a participle, make a passive ("Russia was condemned by X").
PASSIVE_AUXILIARIES = frozenset({"am", "is", "are", "was", "were", "be", "been", "being", "get", "gets",
                                 "got", "gotten", "getting"})
_VADER_ALPHA = 15.0  # VADER's normalisation constant: score = x / sqrt(x**2 + alpha)
# The rules read words as VADER's lexicon and negation list spell them, contractions and possessives whole ("didn't",
# "Russia's"), not the tokens of `presslens.text.tokens` ("did" + "n't"): reading those changed 4,184 of 68,376
# mention scores on the 840-article subset (127 labels) by moving distances and negation windows, for no gain on
# NewsMTSC.
_WORD_PATTERN = re.compile(r"\w+(?:['’]\w+)*(?:-\w+(?:['’]\w+)*)*|n['’]t|[^\w\s]")


@dataclass(frozen=True)
class _Token:
    text: str
    lower: str
    start: int
    end: int


def score_target_lexicon(sentence: str, start: int, end: int) -> float:
    """Lexicon sentiment toward the mention `sentence[start:end]`, in [-1, 1] (the `lexicon` method).

    The method, each step for a linguistic reason:

    1. Scope: only the mention's clause counts. Clauses end at contrast and concession markers
       (`CLAUSE_BREAKS`: but, however, while, whereas, although, though, ";"); a sentence-opening
       subordinator ("Although ...") runs to the next comma.
    2. Valence: each word's VADER valence (-4..+4), looked up as written and then as its simplemma lemma
       ("rejected" -> "reject"), with VADER's booster words ("very", "slightly") applied. The mention's
       own words do not count.
    3. Distance: a word `HALF_WEIGHT_DISTANCE` words from the mention counts half, nearer more, farther less
       (weight 1 / (1 + d / HALF_WEIGHT_DISTANCE)).
    4. Negation: a negator among the `NEGATION_WINDOW` words before a sentiment word flips and damps it
       (VADER's factor -0.74): "did not criticise Russia" is not negative toward Russia.
    5. Role: the mention is the one acting (agent) or acted on (patient), read from word order and the
       passive ("Russia was condemned by X": Russia is the patient). For evaluation verbs (`target_verbs`) the verdict
       falls on the patient; the agent gets `EVALUATOR_WEIGHT` of it. For contest verbs the agent gains
       and the patient loses. Other words count the same for agent and patient: "Russia rejected the
       proposal" is negative toward Russia, as "X condemned Russia" is.

    The weighted sum is squashed into [-1, 1] as VADER does (x / sqrt(x^2 + 15)).

    Args:
        sentence: the sentence text.
        start: first character of the mention in `sentence`.
        end: one past its last character.

    Returns:
        The score toward the mention; 0.0 when its clause carries no sentiment words.
    """
    return _squash(sum(cue.contribution for cue in _target_cues(sentence, start, end)))


def explain_target(sentence: str, start: int, end: int) -> pd.DataFrame:
    """The words behind `score_target_lexicon`'s score, one row per sentiment word in the mention's clause.

    Args:
        sentence: the sentence text.
        start: first character of the mention in `sentence`.
        end: one past its last character.

    Returns:
        One row per word, in sentence order: `word`, `valence` (VADER, after boosters), `distance`
        (words from the mention), `weight`, `negated` (bool), `role` ("agent"|"patient"|"other"),
        `contribution` (what it adds to the sum before squashing).
    """
    cues = _target_cues(sentence, start, end)
    columns = ["word", "valence", "distance", "weight", "negated", "role", "contribution"]
    return pd.DataFrame([[getattr(cue, column) for column in columns] for cue in cues], columns=columns)


@dataclass(frozen=True)
class _Cue:
    word: str
    valence: float
    distance: int
    weight: float
    negated: bool
    role: str
    contribution: float


def _target_cues(sentence: str, start: int, end: int) -> list[_Cue]:
    tokens = _tokenize(sentence)
    words = [i for i, token in enumerate(tokens) if token.text[0].isalnum() or token.lower in CLAUSE_BREAKS]
    mention = [i for i, token in enumerate(tokens) if token.start < end and token.end > start]
    if not tokens or not mention:
        return []
    first, last = mention[0], mention[-1]
    clause_start, clause_end = _clause_bounds(tokens, first, last)
    analyzer = sentiment_analyzer()
    verbs = target_verbs()
    speech_side = _reported_side(tokens, first, last, clause_start, clause_end)
    word_rank = {index: rank for rank, index in enumerate(words)}
    words_before_mention = sum(index < first for index in words)
    words_through_mention = sum(index <= last for index in words)
    cues = []
    for index in range(clause_start, clause_end + 1):
        if first <= index <= last or index not in word_rank:
            continue
        if _is_name_word(tokens, index) or tokens[index].lower in news_neutral_words():
            continue
        lemma = lemma_of(tokens[index].lower)
        contest = verbs.contest.get(lemma)
        valence = contest if contest is not None else _valence(tokens[index].lower)
        if valence is None:
            continue
        if index > clause_start and contest is None:
            valence = analyzer.constants.scalar_inc_dec(tokens[index - 1].text, valence, False) + valence
        rank = word_rank[index]  # words between it and the mention:
        distance = words_before_mention - rank - 1 if index < first else rank - words_through_mention
        weight = 1.0 / (1.0 + distance / HALF_WEIGHT_DISTANCE)
        window = [tokens[i].lower for i in range(max(clause_start, index - NEGATION_WINDOW), index)
                  if not first <= i <= last]
        negated = bool(window) and (analyzer.constants.negated(window) or "no" in window)
        role = _role(tokens, first, last, index)
        factor = analyzer.constants.N_SCALAR if negated else 1.0
        if speech_side and (index > last if speech_side == "after" else index < first):
            factor *= REPORTED_WEIGHT
        if contest is not None:
            factor *= {"agent": 1.0, "patient": -1.0}.get(role, 0.0)
        elif lemma in verbs.evaluation and role == "agent":
            factor *= EVALUATOR_WEIGHT
        elif lemma in verbs.harm and role != "agent":
            factor = 0.0
        cues.append(_Cue(tokens[index].text, round(valence, 4), distance, round(weight, 4), negated, role,
                         round(valence * weight * factor, 4)))
    return cues


def _tokenize(text: str) -> list[_Token]:
    return [_Token(match.group(), lower_form(match.group()), match.start(), match.end())
            for match in _WORD_PATTERN.finditer(text)]


def _clause_bounds(tokens: list[_Token], first: int, last: int) -> tuple[int, int]:
    """Token indices (inclusive) of the clause holding tokens first..last."""
    breaks = {i for i, token in enumerate(tokens) if token.lower in CLAUSE_BREAKS}
    for i, token in enumerate(tokens):
        opens_sentence = i == 0 or all(not t.text[0].isalnum() for t in tokens[:i])
        if token.lower in SUBORDINATORS and opens_sentence:
            comma = next((j for j in range(i + 1, len(tokens)) if tokens[j].text == ","), None)
            if comma is not None:
                breaks.add(comma)
    before = [i for i in breaks if i < first]
    after = [i for i in breaks if i > last]
    return (max(before) + 1 if before else 0), (min(after) - 1 if after else len(tokens) - 1)


@dataclass(frozen=True)
class TargetVerbs:
    """The verbs of `data/sentiment-target-verbs.csv`, by kind: evaluation and harm lemmas, contest lemmas with
    their strength."""

    evaluation: frozenset[str]
    contest: dict[str, float]
    harm: frozenset[str]


@cache
def target_verbs() -> TargetVerbs:
    """The evaluation, contest and harm verbs of `data/sentiment-target-verbs.csv`, read and checked once.

    Raises:
        ValueError: naming the file and the row of a lemma that is not one lower-case word, an unknown kind, a
            contest verb without a positive strength or another verb with one.
    """
    path = config.instrument("sentiment-target-verbs.csv")
    table = read_table(path, ["lemma", "kind", "strength"], what="target-verb file")
    for row, (lemma, kind, strength) in enumerate(table[["lemma", "kind", "strength"]].itertuples(index=False), 1):
        where = f"{path}, row {row} ({lemma!r})"
        if not lemma or lemma != lemma.lower() or len(lemma.split()) != 1:
            raise ValueError(f"{where}: a lemma is one lower-case word")
        if kind not in TARGET_VERB_KINDS:
            raise ValueError(f"{where}: kind {kind!r} is not one of {TARGET_VERB_KINDS}")
        if (kind == "contest") != bool(strength):
            raise ValueError(f"{where}: contest verbs, and only they, have a strength")
        if strength and not (strength.replace(".", "", 1).isdigit() and float(strength) > 0):
            raise ValueError(f"{where}: strength {strength!r} is not a positive number")
    of_kind = {kind: table[table["kind"] == kind] for kind in TARGET_VERB_KINDS}
    return TargetVerbs(evaluation=frozenset(of_kind["evaluation"]["lemma"]),
                       contest=dict(zip(of_kind["contest"]["lemma"], of_kind["contest"]["strength"].astype(float))),
                       harm=frozenset(of_kind["harm"]["lemma"]))


@cache
def reporting_verbs() -> frozenset[str]:
    """The reporting verbs, as lemmas (a word counts when its lemma is one of them): the one-word speech cues of
    `data/stance-cues.csv` marked `reporting`, and "according" (of "according to X")."""
    from presslens.stance.codebook import default_codebook

    cues = default_codebook().cues
    reporting = cues.loc[(cues["role"] == "speech") & cues["reporting"].eq("yes"), "cue"]
    return frozenset(cue.lower() for cue in reporting if " " not in cue) | {"according"}


def news_neutral_words() -> frozenset[str]:
    """Words the target method ignores though VADER scores them (`data/sentiment-news-neutral.txt`)."""
    return word_list("sentiment-news-neutral.txt")


def _is_name_word(tokens: list[_Token], index: int) -> bool:
    """A capitalised word inside a sentence is part of a name ("United Nations", "Justice Department")."""
    text = tokens[index].text
    if not text[0].isupper() or text.isupper():
        return False
    previous = next((t.text for t in reversed(tokens[:index])), None)
    return previous is not None and previous not in {'"', "“", "‘", "'", ":", "(", "-", "—", "–"}


def _reported_side(tokens: list[_Token], first: int, last: int, clause_start: int, clause_end: int) -> str:
    """Where the reported words lie ("after"/"before") when the mention speaks through a reporting verb."""
    following = [i for i in range(last + 1, min(clause_end, last + 2) + 1) if tokens[i].text[0].isalnum()]
    reporting = reporting_verbs()
    if following and lemma_of(tokens[following[0]].lower) in reporting:
        return "after"
    preceding = [i for i in range(max(clause_start, first - 2), first) if tokens[i].text[0].isalnum()]
    if preceding and lemma_of(tokens[preceding[-1]].lower) in reporting | {"to"}:
        if tokens[preceding[-1]].lower != "to" or (len(preceding) > 1 and tokens[preceding[-2]].lower == "according"):
            return "before"
    return ""


def _role(tokens: list[_Token], first: int, last: int, verb: int) -> str:
    """Is the mention the agent or the patient of the word at `verb` (by order and the passive)?"""
    passive = (tokens[verb].lower.endswith(("ed", "en")) and
               any(tokens[i].lower in PASSIVE_AUXILIARIES for i in range(max(0, verb - 3), verb)))
    if last < verb:
        return "patient" if passive else "agent"
    by_agent = "by" in {tokens[i].lower for i in range(max(0, first - 3), first)}
    if passive:
        return "agent" if by_agent else "other"
    return "patient"


def _valence(lower: str) -> float | None:
    lexicon = sentiment_analyzer().lexicon
    if lower in lexicon:
        return float(lexicon[lower])
    lemma = lemma_of(lower)
    return float(lexicon[lemma]) if lemma in lexicon else None


def _squash(total: float) -> float:
    return float(total / np.sqrt(total * total + _VADER_ALPHA)) if total else 0.0
