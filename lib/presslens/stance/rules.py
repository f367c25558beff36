"""The stance rules: holder, target and sign read from the dependency parse of one sentence.

A newcomer told "the target of this statement is wrong" reads this file, then `presslens.stance.clauses`, which
reads a clause for the rules (its subject, its targets, negation, and whether it states a position at all). Each
rule starts from a cue of `data/stance-cues.csv` or an evaluative word of `data/stance-evaluations.csv` and reads
the Universal Dependencies parse of `presslens.text.syntax` around it:

- **verb** — a support/oppose verb: holder = its subject (inherited through "vowed to ...", coordination
  and relative clauses: "the group, which opposes the accord"), or the "by" agent of a passive ("was
  rejected by the cabinet"); target = its object, or the object of its preposition ("call *for* X",
  "vote *against* X"); a passive's subject is its target. Partners hold it too: "A joined B in introducing X",
  "A struck a deal with B".
- **control** — "urged Kyiv to accept X", "called on Congress to pass X": the subject of the controlling
  verb holds the inner verb's position on X. An enacting verb ("keep", "extend", "fund") is a position only
  there: "wants to keep the tax cuts" supports the tax cuts.
- **noun** — "support for X", "opposition to X", "criticism of X": holder = the possessor ("Obama's
  support") or the subject of a light verb ("voiced support for X"; the phrase may hang on the verb: "threw
  its support on Monday behind X"); a withdrawal verb turns support into opposition ("withdrew its support for
  X" = -1). A receiving verb turns it round: "the plan drew criticism from X", "the bill won the backing of Y"
  (holder X, Y; target the plan, the bill).
  A noun for someone who holds a position names its holder: "X is a critic of Y", "X, a supporter of Y,", "X was
  viewed as a crusader for Y".
- **adjective** — "X is critical of Y", "X is opposed to Y", "X are against Y".
- **labelling** — "X called the rollout a fiasco", "described X as reckless".
- **evaluation** — an evaluative predicate ("Y is illegal", "Y is a mistake") said by someone: the holder is
  the speaker of the reported speech that holds it ("McCain said the rollout was a fiasco"), or, when the
  sentence is a direct quote, the quote's speaker (`Reading.holder` is None: the caller supplies it).

No statement is read from a conditional ("if the city signs the deal", anything after a sentence's opening
condition, or a verb with a condition after it: "would vote for X if given a chance"), a hypothetical ("would
oppose", "could back"), speculation or a prediction ("possibly siding with X", "is unlikely to favor X"), an
inability ("unable to reach a deal"), a deliberation ("is considering eliminating X"), a question, a purpose
clause ("to win support for the bill"), an act of force on a place ("the terrorists who attacked Paris"),
"as opposed to", or what a hypothetical or negated report says ("may suggest that X backs Y", "did not say that X
backs Y"). What someone says ought to happen ("Congress should pass the bill," Smith said; a subjunctive,
"suggested that the U.S. sign X") is the speaker's position, and so is a need someone states ("Miller said the
veterans needed X": `presslens.stance.statements`). Negation on the cue or on a verb governing it flips support
("did not back X", "refused to back X" = -1) and cancels opposition ("did not reject X" is no statement); "has
yet to pass X" negates like "not".
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from presslens.stance.clauses import (NOMINALS, RELATIVE_PRONOUNS, SUBJECTS, as_opposed_to, blocked, child,
                                      controlling_verb, first_child, hands_down, is_imperative, modifier_evaluation,
                                      name_before, negated, obliged, polarity, preposition_of, reporting_subject,
                                      subject_of, verb_targets, wanted, with_conjuncts)
from presslens.stance.cues import Lexicon, lemma_candidates

if TYPE_CHECKING:   # spaCy is imported where a sentence is parsed (presslens.text.syntax), not here
    from spacy.tokens import Doc, Token

RECEIVED_FROM = frozenset("from of by".split())   # "drew criticism *from* X", "won the backing *of* Y"
# cues that are acts of force, not positions, when their target is a place ("the terrorists who attacked Paris",
# "an assault on Fallujah"); on a person or a policy they are words ("attacked the reporters", "an assault on
# religious freedom")
FORCE_ON_PLACES = frozenset({"attack", "assault", "fight", "aim", "shot"})
JOINT_ACTS = frozenset("strike reach sign negotiate conclude".split())   # done *with* a partner, who shares it


@dataclasses.dataclass(frozen=True)
class Reading:
    """One statement in a parsed sentence, as token indices.

    Attributes:
        holder: the token heading the holder's phrase, or None when the holder is the sentence's speaker (an
            evaluation or an imperative in a quote).
        target: the token heading the target's phrase.
        sign: +1 support, -1 oppose.
        cue: the cue or evaluative word.
        rule: which rule read it ("verb", "control", "noun", "adjective", "labelling", "evaluation").
        negated: whether negation or a withdrawal changed the cue's sign.
    """

    holder: int | None
    target: int
    sign: int
    cue: int
    rule: str
    negated: bool


def read_sentence(doc: Doc, lexicon: Lexicon) -> list[Reading]:
    """Every statement the rules read in one parsed sentence, in token order, each once."""
    readings: list[Reading] = []
    for token in doc:
        if token.pos_ in ("VERB", "AUX"):
            readings += verb_readings(token, lexicon) + labelling_readings(token, lexicon)
        if token.pos_ in ("NOUN", "PROPN"):
            readings += noun_readings(token, lexicon) + agent_readings(token, lexicon)
        if token.pos_ in ("ADJ", "ADP", "VERB"):
            readings += adjective_readings(token, lexicon)
        if token.pos_ in ("ADJ", "NOUN"):
            readings += evaluation_readings(token, lexicon)
    return list(dict.fromkeys(readings))


# --- the rules ---------------------------------------------------------------------------------------------

def verb_readings(verb: Token, lexicon: Lexicon) -> list[Reading]:
    """Statements of a support/oppose verb (rules "verb" and "control")."""
    readings = []
    for cue in lexicon.cues_of(verb, "support", "oppose", "enact"):
        if cue.pos != "verb" or blocked(verb, lexicon) or hands_down(verb, lexicon):
            continue
        if cue.role == "enact" and not wanted(verb, lexicon):   # "wants to keep X", not "kept X"
            continue
        controller = controlling_verb(verb, lexicon)
        passive = child(verb, "nsubj:pass")
        if passive is None and verb.dep_ == "conj" and child(verb, "obl:agent") is not None:
            passive = child(verb.head, "nsubj:pass")   # "X was accepted by A but rejected by B"
        if passive is not None:   # "the deal was rejected by X"; "an exchange that was hailed by X"
            relative = passive.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "acl:relcl"
            holder, targets = child(verb, "obl:agent"), [verb.head if relative else passive]
        elif verb.dep_ == "acl" and verb.tag_ == "VBN":   # "a change supported by most Americans"
            holder, targets = child(verb, "obl:agent"), [verb.head]
        else:
            holder = subject_of(controller if controller is not None else verb, lexicon) \
                or name_before(controller if controller is not None else verb)
            targets = verb_targets(verb, cue.preposition, lexicon)
        if obliged(verb):   # "Congress should pass the bill," Smith said: Smith's position, not Congress's
            holder = None
        if verb.dep_ == "acl:relcl":   # "the ban that California voters adopted": the target is the ban
            targets = [verb.head if target.lower_ in RELATIVE_PRONOUNS else target for target in targets]
        if cue.targets is not None:   # singular or plural: "denied the allegations"
            targets = [target for target in targets
                       if not cue.targets.isdisjoint(lemma_candidates(target.lower_, target.pos_))]
        targets = [target for target in targets if not force_on_a_place(cue.lemma, target)]
        if controller is not None and negated(verb):   # "urged Hungary not to block X": the urging supports X
            sign, flipped = -cue.sign, True
        else:
            sign, flipped = polarity(cue.sign, verb, lexicon, negation_opposes=cue.negation_opposes)
        if not sign or (holder is None and not (is_imperative(verb) or obliged(verb))):
            continue
        rule = "control" if controller is not None else "verb"
        holders = [holder] + (partners(verb, cue.lemma, targets) if holder is not None else [])
        readings += [Reading(holder.i if holder is not None else None, target.i, sign, verb.i, rule, flipped)
                     for holder in holders for target in with_conjuncts(targets)]
    return readings


def force_on_a_place(lemma: str, target: Token) -> bool:
    """Whether a cue and its target are an act of force on a place (`FORCE_ON_PLACES`: "attacked Paris"), which
    states no position."""
    return lemma in FORCE_ON_PLACES and target.ent_type_ == "LOC"


def partners(verb: Token, lemma: str, targets: list[Token]) -> list[Token]:
    """Names that share the subject's position: "Inhofe joined *Manchin and Blunt* in introducing X", and the
    other party of a joint act ("struck a deal *with China*", the phrase on the verb or on the deal)."""
    joins = lemma_candidates(verb.head.lower_, "VERB")[0] == "join"
    if verb.dep_ == "advcl" and preposition_of(verb) == "in" and joins:
        joined = child(verb.head, "obj")
        return with_conjuncts([joined], kinds=("PROPN",)) if joined is not None and joined.pos_ == "PROPN" else []
    if lemma in JOINT_ACTS:
        return with_conjuncts([dependent for word in (verb, *targets) for dependent in word.children
                               if dependent.dep_ in ("obl", "nmod") and preposition_of(dependent) == "with"
                               and dependent.pos_ == "PROPN"], kinds=("PROPN",))
    return []


def noun_readings(noun: Token, lexicon: Lexicon) -> list[Reading]:
    """Statements of a support/oppose noun with its preposition ("support for X"), and of a noun its target
    receives ("the plan drew criticism from X")."""
    readings = []
    for cue in lexicon.cues_of(noun, "support", "oppose"):
        if cue.pos != "noun" or blocked(noun, lexicon):
            continue
        governor = noun.head
        if noun.dep_ == "obj" and lexicon.has_role(governor, "receive"):   # "won the backing of Y": Y holds it
            one_sign = len({other.sign for other in lexicon.cues_of(noun, "support", "oppose")}) == 1   # not "votes"
            received = received_readings(noun, cue.sign, lexicon) if one_sign else []
            if received or not lexicon.has_role(governor, "light"):   # "has the backing of Y" / "has respect for X"
                readings += received
                continue
        light = noun.dep_ == "obj" and governor.pos_ in ("VERB", "AUX") and (
            lexicon.has_role(governor, "light") or lexicon.has_role(governor, "withdraw"))
        targets = [target for target in nominal_targets(noun, cue.preposition)
                   if not force_on_a_place(cue.lemma, target)]
        if not targets and light:   # "threw his support Tuesday behind X": the phrase hangs on the verb
            targets = [dependent for dependent in governor.children
                       if dependent.dep_ == "obl" and preposition_of(dependent) == cue.preposition
                       and not force_on_a_place(cue.lemma, dependent)]
        if not targets:
            continue
        holder, sign, was_negated = child(noun, "nmod:poss"), cue.sign, False
        if noun.dep_ == "obl" and preposition_of(noun) == "in" and governor.pos_ == "VERB":
            # "tweeted in support of X", "resigned in protest of Y": whoever does it holds the position
            holder = holder or subject_of(governor, lexicon)
            if holder is None or blocked(governor, lexicon) or negated(governor):   # not "did not speak in support"
                continue
        elif noun.dep_ == "obj" and governor.pos_ in ("VERB", "AUX"):
            if blocked(governor, lexicon):
                continue
            if lexicon.has_role(governor, "withdraw"):
                sign, was_negated = (-sign if sign > 0 else 0), True
            elif holder is None and not lexicon.has_role(governor, "light"):
                continue
            if holder is None or holder.pos_ == "PRON":
                holder = subject_of(governor, lexicon) or holder
            sign, flipped = polarity(sign, governor, lexicon, negation_opposes=cue.negation_opposes)
            determiner = child(noun, "det")
            if not flipped and determiner is not None and determiner.lower_ == "no":   # "has no objection to X"
                sign, flipped = (-sign if sign > 0 and cue.negation_opposes else 0), True
            was_negated = was_negated or flipped
            if holder is None and not is_imperative(governor):
                continue
        elif holder is None:
            continue
        if not sign:
            continue
        readings += [Reading(holder.i if holder is not None else None, target.i, sign, noun.i, "noun", was_negated)
                     for target in with_conjuncts(targets)]
    return readings


def nominal_targets(noun: Token, preposition: str | None) -> list[Token]:
    """The phrases a noun cue's preposition introduces ("support *for* X", "critic *of* Y")."""
    return [dependent for dependent in noun.children
            if dependent.dep_ in ("nmod", "acl") and preposition_of(dependent) == preposition]


def agent_readings(noun: Token, lexicon: Lexicon) -> list[Reading]:
    """Statements of a noun for someone who holds a position ("critic of", "supporter of"), held by who it
    describes (`agent_holder`)."""
    readings = []
    for cue in lexicon.cues_of(noun, "supporter", "opponent"):
        targets = [target for target in nominal_targets(noun, cue.preposition)
                   if not force_on_a_place(cue.lemma, target)]
        holder = agent_holder(noun, lexicon)
        if not targets or holder is None or blocked(noun, lexicon):
            continue
        sign, negated_here = polarity(cue.sign, noun, lexicon, negation_opposes=cue.negation_opposes)
        if sign:
            readings += [Reading(holder.i, target.i, sign, noun.i, "noun", negated_here)
                         for target in with_conjuncts(targets)]
    return readings


def agent_holder(noun: Token, lexicon: Lexicon) -> Token | None:
    """Who a supporter or opponent noun describes: the subject of its copula ("Smith is a staunch supporter of X"),
    the noun its apposition describes ("Jones, a longtime critic of X,"), or who is seen "as" one ("Ryan was
    viewed as a crusader for X", "praised Ryan as a champion of X"); None for other uses ("critics of X say")."""
    if noun.dep_ == "appos":
        return noun.head
    if child(noun, "cop") is not None:
        return first_child(noun, ("nsubj",))
    if preposition_of(noun) == "as" or any(dependent.dep_ == "mark" and dependent.lower_ == "as"
                                            for dependent in noun.children):
        head = noun.head
        return child(head, "nsubj:pass") or child(head, "obj") or subject_of(head, lexicon)
    return None


def received_readings(noun: Token, sign: int, lexicon: Lexicon) -> list[Reading]:
    """"The plan drew criticism from X", "the bill won the backing of Y": the object of a receiving verb is a
    position held by the noun's "from", "of" or "by" phrase (X, Y) on the verb's subject (the plan, the bill)."""
    governor = noun.head
    if negated(governor) or blocked(governor, lexicon):
        return []
    holders = [dependent for dependent in [*noun.children, *governor.children]
               if dependent.dep_ in ("nmod", "obl") and preposition_of(dependent) in RECEIVED_FROM
               and dependent.pos_ in NOMINALS]
    target = subject_of(governor, lexicon) or child(governor, "nsubj:pass")
    if not holders or target is None:
        return []
    return [Reading(holder.i, target.i, sign, noun.i, "noun", False) for holder in with_conjuncts(holders[:1])]


def adjective_readings(word: Token, lexicon: Lexicon) -> list[Reading]:
    """Statements of a relational adjective: "X is critical of Y", "X is opposed to Y", "X are against Y"."""
    readings = []
    for cue in lexicon.cues_of(word, "support", "oppose"):
        if cue.pos != "adj":
            continue
        if cue.preposition is None:   # "against" heads no phrase of its own: it is the case of its object
            predicate, targets = word.head, ([word.head] if word.dep_ == "case" else [])
        else:
            predicate = word
            targets = [dependent for dependent in word.children
                       if dependent.dep_ in ("obl", "nmod") and preposition_of(dependent) == cue.preposition]
        holder = first_child(predicate, SUBJECTS) or described_by(predicate, lexicon)
        if not targets or holder is None or blocked(predicate, lexicon) or as_opposed_to(word):
            continue
        sign, negated = polarity(cue.sign, predicate, lexicon, negation_opposes=True)
        if sign:
            readings += [Reading(holder.i, target.i, sign, word.i, "adjective", negated)
                         for target in with_conjuncts(targets)]
    return readings


def described_by(predicate: Token, lexicon: Lexicon) -> Token | None:
    """Who a subjectless adjective phrase describes: the noun it modifies ("Mr. Trump, frustrated with Republicans,
    ..."), or the subject of the clause it opens ("Frustrated with Congress, the president acted alone")."""
    if predicate.dep_ in ("amod", "acl") and predicate.head.pos_ in ("NOUN", "PROPN"):
        return predicate.head
    if predicate.dep_ == "advcl" and first_child(predicate, ("mark",)) is None \
            and predicate.head.pos_ in ("VERB", "AUX"):
        return subject_of(predicate.head, lexicon)
    return None


def labelling_readings(verb: Token, lexicon: Lexicon) -> list[Reading]:
    """Statements of a labelling verb with an evaluative label: "called the rollout a fiasco"."""
    if not lexicon.has_role(verb, "labelling") or blocked(verb, lexicon):
        return []
    target, holder = child(verb, "obj"), subject_of(verb, lexicon)
    if target is None or holder is None:
        return []
    readings = []
    for label in labels_of(verb, target):
        sign, negated = polarity(lexicon.evaluation_of(label) or modifier_evaluation(label, lexicon), verb, lexicon,
                                 negation_opposes=True)
        if sign:
            readings.append(Reading(holder.i, target.i, sign, label.i, "labelling", negated))
    return readings


def labels_of(verb: Token, target: Token) -> list[Token]:
    """The labels a labelling verb gives its object: "called X *a fiasco*" (parsed as a second object, a
    predicative complement or an unmarked oblique), "described X *as reckless*", and what they are coordinated
    with ("as obsolete *and unfair*")."""
    labels = [dependent for dependent in verb.children if dependent is not target and (
        dependent.dep_ in ("xcomp", "obl:unmarked", "obj", "advcl")
        or (dependent.dep_ in ("obl", "advcl") and preposition_of(dependent) == "as"))]
    labels += [dependent for dependent in target.children if dependent.dep_ == "appos"]   # "calls X 'a falsehood'"
    return with_conjuncts(labels, kinds=("NOUN", "ADJ", "PROPN"))


def evaluation_readings(word: Token, lexicon: Lexicon) -> list[Reading]:
    """A copular evaluative predicate ("Y is illegal", "Y is a bad idea", "hiking rates is the wrong approach"),
    held by whoever says it (see the module docstring)."""
    sign = lexicon.evaluation_of(word) or (modifier_evaluation(word, lexicon) if word.pos_ == "NOUN" else 0)
    target = first_child(word, SUBJECTS)
    gerund = target is not None and target.dep_ == "csubj" and target.tag_ == "VBG"   # not "it's fair to say"
    if not sign or word.tag_ == "JJR" or target is None or (target.pos_ not in NOMINALS and not gerund) \
            or target.lower_ == "there" \
            or not any(c.dep_ == "cop" for c in word.children) or blocked(word, lexicon):
        return []   # "it's fair to say ...": a clause is no target; "the aftershocks are greater": a comparison
    sign, negated = polarity(sign, word, lexicon, negation_opposes=False)
    if not sign:
        return []
    speaker = reporting_subject(word, lexicon)
    return [Reading(speaker.i if speaker is not None else None, target.i, sign, word.i, "evaluation", negated)]
