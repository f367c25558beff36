"""The stance rules: holder, target and sign read from the dependency parse of one sentence.

A newcomer told "the target of this statement is wrong" reads this file. Each rule starts from a cue of
`data/stance-cues.csv` or an evaluative word of `data/stance-evaluations.csv` and reads the Universal
Dependencies parse of `presslens.text.syntax` around it:

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
clause ("to win support for the bill"),
"as opposed to", or what a hypothetical or negated report says ("may suggest that X backs Y", "did not say that X
backs Y"). What someone says ought to happen ("Congress should pass the bill," Smith said) is the
speaker's position. Negation on the cue or on a verb governing it flips support ("did not back X", "refused to
back X" = -1) and cancels opposition ("did not reject X" is no statement).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING


from presslens.stance.cues import SIGNS, Lexicon, lemma_candidates
from presslens.stance.resolution import description_kind, is_document

if TYPE_CHECKING:   # spaCy is imported where a sentence is parsed (presslens.text.syntax), not here
    from spacy.tokens import Doc, Token

SUBJECTS = ("nsubj", "nsubj:outer", "csubj")
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
NOMINALS = ("NOUN", "PROPN", "PRON", "NUM", "X")
HYPOTHETICAL_AUXILIARIES = frozenset("would could might may".split())
DEONTIC_AUXILIARIES = frozenset("should must ought".split())   # "Congress should pass X": the speaker's position
CONDITIONAL_MARKS = frozenset("if unless whether lest".split())
INVERTED_CONDITIONALS = frozenset("should had were".split())   # "should the union accept ..."
ABILITY_AUXILIARIES = frozenset("can".split())   # "can press for X" is an ability; "can't accept X" a refusal
CONDITIONAL_VERBS = frozenset("assuming supposing provided providing".split())
SPECULATIVE_ADVERBS = frozenset("possibly probably likely perhaps maybe".split())
# "is unlikely to favor X", "is expected to back X", "have been unable to reach a deal": a prediction or an
# ability, not a position
SPECULATIVE_ADJECTIVES = frozenset("likely unlikely expected poised able unable".split())
# "will fight for it each day", "insisted on the House floor": a time or the place of speaking, never a target,
# whatever the parser attached it as
CIRCUMSTANCE_NOUNS = frozenset("""day days week weeks month months year years today tonight yesterday tomorrow morning
afternoon evening night weekend monday tuesday wednesday thursday friday saturday sunday floor podium""".split())
ASPECTUAL_VERBS = frozenset("begin start continue help force move try".split())   # control verbs that want nothing
DELIBERATION_VERBS = frozenset("consider weigh mull contemplate ponder explore debate".split())
NEGATIONS = frozenset("not n't never no".split())
RELATIVE_PRONOUNS = frozenset("which who that whom whose".split())
RECEIVED_FROM = frozenset("from of by".split())   # "drew criticism *from* X", "won the backing *of* Y"
JOINT_ACTS = frozenset("strike reach sign negotiate conclude".split())   # done *with* a partner, who shares it
MAX_CLIMB = 10   # heads followed up from a token, more than any sentence needs


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
        targets = [dependent for dependent in noun.children
                   if dependent.dep_ in ("nmod", "acl") and preposition_of(dependent) == cue.preposition]
        if not targets and light:   # "threw his support Tuesday behind X": the phrase hangs on the verb
            targets = [dependent for dependent in governor.children
                       if dependent.dep_ == "obl" and preposition_of(dependent) == cue.preposition]
        if not targets:
            continue
        holder, sign, negated = child(noun, "nmod:poss"), cue.sign, False
        if noun.dep_ == "obj" and governor.pos_ in ("VERB", "AUX"):
            if blocked(governor, lexicon):
                continue
            if lexicon.has_role(governor, "withdraw"):
                sign, negated = (-sign if sign > 0 else 0), True
            elif holder is None and not lexicon.has_role(governor, "light"):
                continue
            if holder is None or holder.pos_ == "PRON":
                holder = subject_of(governor, lexicon) or holder
            sign, flipped = polarity(sign, governor, lexicon, negation_opposes=cue.negation_opposes)
            determiner = child(noun, "det")
            if not flipped and determiner is not None and determiner.lower_ == "no":   # "has no objection to X"
                sign, flipped = (-sign if sign > 0 and cue.negation_opposes else 0), True
            negated = negated or flipped
            if holder is None and not is_imperative(governor):
                continue
        elif holder is None:
            continue
        if not sign:
            continue
        readings += [Reading(holder.i if holder is not None else None, target.i, sign, noun.i, "noun", negated)
                     for target in with_conjuncts(targets)]
    return readings


def agent_readings(noun: Token, lexicon: Lexicon) -> list[Reading]:
    """Statements of a noun for someone who holds a position ("critic of", "supporter of"), held by who it
    describes (`agent_holder`)."""
    readings = []
    for cue in lexicon.cues_of(noun, "supporter", "opponent"):
        targets = [dependent for dependent in noun.children
                   if dependent.dep_ in ("nmod", "acl") and preposition_of(dependent) == cue.preposition]
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


# --- reading the parse -----------------------------------------------------------------------------------

def child(token: Token, relation: str) -> Token | None:
    """The first dependent of `token` with this relation."""
    return next((dependent for dependent in token.children if dependent.dep_ == relation), None)


def first_child(token: Token, relations: tuple[str, ...]) -> Token | None:
    """The first dependent of `token` with one of these relations."""
    return next((dependent for dependent in token.children if dependent.dep_ in relations), None)


def preposition_of(token: Token) -> str | None:
    """The preposition that introduces a nominal ("for" in "call for X"), lower case."""
    case = first_child(token, ("case", "mark"))
    return case.lower_ if case is not None else None


def subject_of(verb: Token, lexicon: Lexicon) -> Token | None:
    """The subject of a verb: its own, or inherited through "vowed to ...", coordination and relative clauses.

    "The group, which opposes the accord": the relative pronoun stands for the noun the clause modifies. A time
    the parser read as a subject ("events Sunday calling for X") is none.
    """
    node = verb
    for _ in range(MAX_CLIMB):
        subject = first_child(node, SUBJECTS)
        if subject is not None and subject.lower_ in CIRCUMSTANCE_NOUNS:
            subject = None
        if subject is not None:
            relative = subject.lower_ in RELATIVE_PRONOUNS and node.dep_ in ("acl:relcl", "advcl:relcl")
            return node.head if relative else subject
        if node.dep_ == "acl:relcl" or (node.dep_ == "acl" and node.tag_ == "VBG" and (
                node.head.pos_ == "PROPN" or is_document(node.head))):
            return node.head   # "the group, which opposes X"; "the NRA, opposing X"; "an ad attacking X"
        inherits = node.dep_ in ("xcomp", "conj") or (node.dep_ in ("advcl", "obl") and (
            (is_infinitive(node) and bool(lexicon.cues_of(node.head)))   # "moved to block X"
            or (node.tag_ == "VBG" and _participle_mark(node))))          # "..., dubbing the plan a bailout"
        if not inherits or node.head == node:
            return None
        node = node.head
    return None


def name_before(verb: Token) -> Token | None:
    """The subject of a main verb the parser left without one: the proper name right before it, its auxiliaries,
    adverbs and commas aside ("Republicans, from King to Mitt Romney to John McCain, have accused Obama": the
    parser read the names as modifiers of an earlier word)."""
    finite = verb.tag_ in FINITE_TAGS or any(dependent.dep_ == "aux" and dependent.i < verb.i
                                            for dependent in verb.children)
    if not finite or verb.dep_ not in ("ROOT", "conj", "ccomp", "parataxis") or (
            verb.dep_ == "conj" and first_child(verb.head, SUBJECTS) is not None):
        return None
    for word in reversed(verb.doc[:verb.i]):
        if word.dep_ in ("aux", "aux:pass", "advmod", "punct") or word.pos_ in ("AUX", "ADV", "PUNCT"):
            continue
        return word if word.pos_ == "PROPN" else None
    return None


def _participle_mark(clause: Token) -> bool:
    """Whether a participle clause shares its subject with the verb it depends on: no mark, or "by", "in",
    "while", "after", "before", "when" ("rejected X, saying ..."; "joined Y in introducing X")."""
    marks = [dependent.lower_ for dependent in clause.children if dependent.dep_ in ("mark", "case")]
    return all(mark in ("by", "in", "while", "after", "before", "when") for mark in marks)


def is_infinitive(token: Token) -> bool:
    """Whether a verb is a to-infinitive ("to accept")."""
    return any(dependent.dep_ == "mark" and dependent.lower_ == "to" for dependent in token.children)


def controlling_verb(verb: Token, lexicon: Lexicon) -> Token | None:
    """The verb that hands down its subject's position ("*urged* Kyiv to accept X"), if one governs `verb`."""
    head = verb.head
    if verb.dep_ in ("xcomp", "advcl") and is_infinitive(verb) and lexicon.has_role(head, "control") \
            and first_child(head, ("obj", "iobj")) is not None:
        return head
    return None


def wanted(verb: Token, lexicon: Lexicon) -> bool:
    """Whether a verb is what someone wants, plans, promises or urges to be done: the to-infinitive of a control
    verb other than one of beginning, going on, helping or forcing ("wants to keep X", "urged Congress to extend
    X", "plans to try to add X"; not "began to implement X")."""
    node = verb
    for _ in range(MAX_CLIMB):
        if node.dep_ != "xcomp" or not is_infinitive(node) or node.head == node:
            return False
        node = node.head
        if not lexicon.has_role(node, "control"):
            return False
        if lemma_candidates(node.lower_, node.pos_)[0] not in ASPECTUAL_VERBS:   # "try to" asks the verb above
            return True
    return False


def obliged(verb: Token) -> bool:
    """Whether "should", "must" or "ought" makes the verb's clause what someone says ought to happen: then the
    position is the speaker's (of the quote or reported speech it is in), never the clause subject's."""
    node = verb
    for _ in range(MAX_CLIMB):
        if any(dependent.dep_ == "aux" and dependent.lower_ in DEONTIC_AUXILIARIES for dependent in node.children):
            return True
        if node.dep_ not in ("xcomp", "conj", "advcl") or node.head == node:
            return False
        node = node.head
    return False


def hands_down(verb: Token, lexicon: Lexicon) -> bool:
    """Whether a verb that is also a control verb is used as one ("wants Republicans to scrap X", "want a stimulus
    package to include X", "needs a bare majority to ignore X", the infinitive read as the object's modifier):
    then its object is not its target; the position is read on the verb it governs."""
    obj = first_child(verb, ("obj", "iobj"))
    if obj is None or not lexicon.has_role(verb, "control"):
        return False
    return any(dependent.dep_ == "xcomp" and is_infinitive(dependent) for dependent in verb.children) or any(
        dependent.dep_ == "acl" and is_infinitive(dependent) for dependent in obj.children)


def is_imperative(verb: Token) -> bool:
    """"Keep up the fight against X!", "Move the piles!": a base-form verb opening its clause without a subject;
    its holder is whoever says it (the speaker of the quote). A coordinated verb is one when the verb it joins
    is ("Stop and reverse X!", not "legislation to repeal and replace X")."""
    return verb.tag_ == "VB" and first_child(verb, SUBJECTS + ("nsubj:pass", "aux", "mark")) is None \
        and verb.dep_ in ("ROOT", "parataxis", "ccomp", "conj") and verb.left_edge.i >= verb.i - 1 \
        and (verb.dep_ != "conj" or is_imperative(verb.head))


def verb_targets(verb: Token, preposition: str | None, lexicon: Lexicon) -> list[Token]:
    """A verb's targets: its direct objects (or those of a coordinated verb that is no cue of its own: "denounced and
    then shelved X"; in "need to ..., replace X" *replace* has its own position), or the nominals its
    preposition introduces; without either, the clause it takes ("demanded that advocates focus on X": the
    clause's verb stands for the clause)."""
    if preposition is None:
        objects = [dependent for dependent in verb.children if dependent.dep_ == "obj" and is_target_word(dependent)]
        if not objects:   # "repealing and replacing Obamacare": a verb shares the object of its conjunct
            objects = [dependent for conjunct in verb.children if conjunct.dep_ == "conj" and conjunct.pos_ == "VERB"
                       and first_child(conjunct, SUBJECTS) is None and not lexicon.cues_of(conjunct, *SIGNS)
                       for dependent in conjunct.children if dependent.dep_ == "obj" and is_target_word(dependent)]
        return objects or [dependent for dependent in verb.children if dependent.dep_ == "ccomp"]
    return [dependent for dependent in verb.children if dependent.dep_ in ("obl", "nmod", "obj")
            and preposition_of(dependent) == preposition and is_target_word(dependent)
            and not _subject_of_infinitive(dependent, verb)]


def _subject_of_infinitive(nominal: Token, verb: Token) -> bool:
    """Whether the nominal of "called for the president to fire Y" is the subject of the active to-infinitive
    right after it (the parser hangs both on the verb): the position is about what an actor (a name, a pronoun, an
    actor noun) is to do, not the actor ("called for a ban to be passed" is about the ban; in "called for talks to
    circumvent the pressure" the infinitive is the caller's purpose)."""
    actor = nominal.pos_ in ("PROPN", "PRON") or description_kind(nominal) is not None
    after = nominal.doc[nominal.right_edge.i + 1] if nominal.right_edge.i + 1 < len(nominal.doc) else None
    if not actor or after is None or after.lower_ != "to" or after.dep_ != "mark":
        return False
    infinitive = after.head
    return infinitive.head.i == verb.i and not any(dependent.dep_ == "aux:pass" for dependent in infinitive.children)


def is_target_word(token: Token) -> bool:
    """Whether a verb's nominal dependent can be what a position is about: not a number ("needed 30,000 more")
    or a time or place of speaking ("will fight for it each day", "insisted on the House floor")."""
    return token.pos_ in NOMINALS and token.pos_ != "NUM" and token.lower_ not in CIRCUMSTANCE_NOUNS


def with_conjuncts(tokens: list[Token], *, kinds: tuple[str, ...] = NOMINALS) -> list[Token]:
    """The tokens and the words of these parts of speech coordinated with them ("X and Y")."""
    found = []
    for token in tokens:
        found.append(token)
        found += [dependent for dependent in token.conjuncts if dependent.pos_ in kinds and dependent.i > token.i]
    return list(dict.fromkeys(found))


def modifier_evaluation(label: Token, lexicon: Lexicon) -> int:
    """"called it *a huge mistake*": the sign of an evaluative modifier of a label, when the label is neutral."""
    return next((lexicon.evaluation_of(dependent) for dependent in label.children
                 if dependent.dep_ == "amod" and lexicon.evaluation_of(dependent)), 0)


def negated(token: Token) -> bool:
    """Whether a negation word depends on `token` ("did *not* back", "*no longer* supports")."""
    return any((dependent.lower_.replace("’", "'") in NEGATIONS   # "don’t" as "don't"
                and dependent.dep_ in ("advmod", "det", "aux", "cc:preconj"))
               or (dependent.lower_ == "longer" and any(word.lower_ == "no" for word in dependent.children))
               for dependent in token.children)


def polarity(sign: int, token: Token, lexicon: Lexicon, *, negation_opposes: bool) -> tuple[int, bool]:
    """The sign after negation on the cue or on the verbs whose infinitive it is ("refused to back").

    Args:
        negation_opposes: whether negated support is opposition ("does not support X") rather than a report that
            something did not happen ("Congress never approved the money"), from the cue file's `negated`.

    Returns:
        (sign, whether it was negated): negated support becomes -1 (or 0), negated opposition 0 (no statement).
    """
    is_negated = negated(token)
    node = token
    refused = False
    while node.dep_ in ("xcomp", "advcl") and is_infinitive(node) and node.head != node:
        node = node.head
        refused = refused or lexicon.has_role(node, "negator")
        is_negated = is_negated or negated(node) or refused
    if not is_negated:
        return sign, False
    return (-sign if sign > 0 and (negation_opposes or refused) else 0), True


def blocked(token: Token, lexicon: Lexicon) -> bool:
    """Whether the token's clause states no position: conditional, hypothetical, question or purpose clause.

    The clause is the token's own and those of the verbs it is the infinitive or conjunct of ("would vow to
    fight X"); a relative or reported clause has its own mood ("Texas, which loosened X, may be next").
    """
    node = token
    for _ in range(MAX_CLIMB):
        for dependent in node.children:
            if dependent.dep_ == "aux" and (dependent.lower_ in HYPOTHETICAL_AUXILIARIES or (
                    dependent.lower_ in ABILITY_AUXILIARIES and not negated(node))) \
                    and not (dependent.lower_ == "would" and reported_by(node, lexicon)):
                return True
            if dependent.dep_ == "mark" and dependent.lower_ in CONDITIONAL_MARKS:
                return True
            if dependent.dep_ == "advmod" and dependent.lower_ in SPECULATIVE_ADVERBS:   # "possibly siding with X"
                return True
            if dependent.dep_ == "advcl" and dependent.lower_ in CONDITIONAL_VERBS:   # "Assuming X is true, ..."
                return True
            if dependent.dep_ == "advcl" and trailing_condition(dependent):   # "would vote for X if given a chance"
                return True
        if node.dep_ == "ccomp" and node.head.lower_ in CONDITIONAL_VERBS:   # "Assuming X backs Y, ..."
            return True
        if node.dep_ in ("xcomp", "ccomp", "advcl") \
                and lemma_candidates(node.head.lower_, "VERB")[0] in DELIBERATION_VERBS:
            return True   # "is considering eliminating X": not yet a position
        if node.dep_ == "xcomp" and node.head.lower_ in SPECULATIVE_ADJECTIVES:   # "is unlikely to favor X"
            return True
        if node.dep_ == "advcl" and (is_purpose_clause(node, lexicon) or (
                node.left_edge.lower_ in INVERTED_CONDITIONALS and node.left_edge.dep_.startswith("aux"))):
            return True
        if reported_by(node, lexicon) and (negated(node.head) or blocked(node.head, lexicon)):
            return True   # "may have been read to suggest that the U.S. supports X", "did not say she backs X"
        means = node.dep_ == "advcl" and preposition_of(node) == "by"   # "could set X back by upholding Y"
        if (node.dep_ not in ("xcomp", "conj") and not means) or node.head == node \
                or node.head.pos_ not in ("VERB", "AUX"):
            break
        node = node.head
    return in_question(token) or after_opening_condition(token)


def trailing_condition(clause: Token) -> bool:
    """Whether an adverbial clause is a condition ("if given the chance", "unless ..."), not a concession
    ("even if ...")."""
    marks = [dependent for dependent in clause.children if dependent.dep_ == "mark"]
    return any(mark.lower_ in CONDITIONAL_MARKS and not (mark.i > 0 and mark.nbor(-1).lower_ == "even")
               for mark in marks)


def after_opening_condition(token: Token) -> bool:
    """Whether the token follows an opening condition of its sentence ("If the reports are true, X is illegal";
    "Assuming ..., ..."), however the parser attached the two clauses."""
    words = [word for word in token.doc if word.is_alpha]
    return bool(words) and words[0].i < token.i and (
        words[0].lower_ in CONDITIONAL_MARKS or words[0].lower_ in CONDITIONAL_VERBS)


def reported_by(clause: Token, lexicon: Lexicon) -> bool:
    """Whether a clause is what a speech verb reports ("Kerry said the administration *would sign* the treaty"):
    there "would" is the past of "will", an intention, not a hypothesis."""
    return clause.dep_ == "ccomp" and lexicon.has_role(clause.head, "speech")


def is_purpose_clause(clause: Token, lexicon: Lexicon) -> bool:
    """"(in order) to win support": an adverbial to-infinitive without a subject of its own, under a verb that
    is no cue (under "urged", "refused", "vowed" the infinitive is the position itself)."""
    return is_infinitive(clause) and first_child(clause, SUBJECTS) is None and clause.head.pos_ in ("VERB", "AUX") \
        and not lexicon.cues_of(clause.head)


def in_question(token: Token) -> bool:
    """Whether the token's sentence is a question: it ends with "?" (closing quotation marks aside)."""
    return token.doc.text.rstrip().rstrip("”\"'’").rstrip().endswith("?")


def as_opposed_to(token: Token) -> bool:
    """"as opposed to": a comparison, never a position."""
    return token.lower_ == "opposed" and token.i > 0 and token.doc[token.i - 1].lower_ == "as"


def reporting_subject(token: Token, lexicon: Lexicon) -> Token | None:
    """The subject of the speech verb whose complement holds `token` ("McCain said the rollout was a fiasco")."""
    node = token
    for _ in range(MAX_CLIMB):
        head = node.head
        if head == node:
            return None
        if node.dep_ in ("ccomp", "parataxis") and lexicon.has_role(head, "speech"):
            return subject_of(head, lexicon)
        node = head
    return None
