"""Reading a clause of the dependency parse for the stance rules (`presslens.stance.rules`): its subject (inherited
through control, coordination and relative clauses), its targets, negation and polarity, and whether the clause
states a position at all (`blocked`: a condition, a hypothetical, a prediction, a question, a purpose clause)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from presslens.stance.cues import SIGNS, Lexicon, lemma_candidates
from presslens.stance.resolution import description_kind, is_document
from presslens.stance.words import is_speaker_title

if TYPE_CHECKING:   # spaCy is imported where a sentence is parsed (presslens.text.syntax), not here
    from spacy.tokens import Token

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
# "is unlikely to favor X", "is expected to back X", "is set to approve X", "is about to pass X", "have been unable
# to reach a deal": a prediction, a schedule or an ability, not a position
SPECULATIVE_ADJECTIVES = frozenset("likely unlikely expected poised set about slated due able unable".split())
# "will fight for it each day", "insisted on the House floor": a time or the place of speaking, never a target,
# whatever the parser attached it as
CIRCUMSTANCE_NOUNS = frozenset("""day days week weeks month months year years today tonight yesterday tomorrow morning
afternoon evening night weekend monday tuesday wednesday thursday friday saturday sunday floor podium""".split())
ASPECTUAL_VERBS = frozenset("begin start continue help force move try".split())   # control verbs that want nothing
DELIBERATION_VERBS = frozenset("consider weigh mull contemplate ponder explore debate".split())
NEGATIONS = frozenset("not n't never no".split())
RELATIVE_PRONOUNS = frozenset("which who that whom whose".split())
MAX_CLIMB = 10   # heads followed up from a token, more than any sentence needs


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
        if subject is not None and _title_before_name(subject):
            subject = subject.doc[subject.i + 1]   # "Mr Trump had slammed X" with "Mr" and "Trump" both subjects
        if subject is not None and subject.dep_ == "csubj" and subject.tag_ == "VBG" and subject.is_sent_start:
            subject = _name_in_opening_participle(subject)
        if subject is not None:
            relative = subject.lower_ in RELATIVE_PRONOUNS and node.dep_ in ("acl:relcl", "advcl:relcl")
            return node.head if relative else subject
        if node.dep_ == "acl:relcl" or (node.dep_ == "acl" and node.tag_ == "VBG" and (
                node.head.pos_ == "PROPN" or is_document(node.head))):
            return node.head   # "the group, which opposes X"; "the NRA, opposing X"; "an ad attacking X"
        inherits = node.dep_ in ("xcomp", "conj") or (node.dep_ in ("advcl", "obl") and (
            (is_infinitive(node) and bool(lexicon.cues_of(node.head)))   # "moved to block X"
            or (node.tag_ == "VBG" and _participle_mark(node)))           # "..., dubbing the plan a bailout"
        ) or (node.dep_ == "ccomp" and node.tag_ == "VBG" and lexicon.has_role(node.head, "speech")
              and _participle_mark(node))   # "Sanders said, adding that ...", the participle read as what was said
        if not inherits or node.head == node:
            return None
        node = node.head
    return None


def _name_in_opening_participle(participle: Token) -> Token | None:
    """The subject the parser put inside a participle opening the sentence, which it read as a clausal subject:
    the name after the participle's comma ("Brushing aside demands of X, Congress approved Y") or the name it
    seemed to take as its object ("Neighboring New Jersey became ..."); None when there is neither."""
    names = [token for token in participle.subtree if token.pos_ == "PROPN" and (
        (token.dep_ == "appos" and token.left_edge.i > 0 and "," in (token.left_edge.text,
                                                                  token.doc[token.left_edge.i - 1].text))
        or (token.dep_ == "obj" and token.left_edge.i == participle.i + 1))]
    return names[-1] if names else None


def _title_before_name(token: Token) -> bool:
    """Whether a token is a title the parser made a subject of its own, the name after it ("Mr Trump", no dot)."""
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return following is not None and following.pos_ == "PROPN" and following.head == token.head \
        and is_speaker_title(token.text)


def name_before(verb: Token) -> Token | None:
    """The subject of a main verb the parser left without one: the proper name right before it, its auxiliaries,
    adverbs, commas and an apposition aside ("Republicans, from King to Mitt Romney to John McCain, have accused
    Obama"; "Sarah Sanders, the White House press secretary, said": the parser read the names as modifiers or
    conjuncts of an earlier word)."""
    finite = verb.tag_ in FINITE_TAGS or any(dependent.dep_ == "aux" and dependent.i < verb.i
                                            for dependent in verb.children)
    if not finite or verb.dep_ not in ("ROOT", "conj", "ccomp", "parataxis") or (
            verb.dep_ == "conj" and first_child(verb.head, SUBJECTS) is not None):
        return None
    position = verb.i - 1
    while position >= 0:
        word = verb.doc[position]
        if word.dep_ in ("aux", "aux:pass", "advmod", "punct") or word.pos_ in ("AUX", "ADV", "PUNCT"):
            position -= 1
        elif word.dep_ == "appos" and word.pos_ == "NOUN" and word.left_edge.i > 0 \
                and "," in (word.left_edge.text, verb.doc[word.left_edge.i - 1].text):
            position = word.left_edge.i - 1   # the name the apposition describes, before its comma
        else:
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
    """Whether "should", "must" or "ought", or a subjunctive ("suggested that the U.S. sign X", "asking that
    Congress pass X"), makes the verb's clause what someone says ought to happen: then the position is the
    speaker's (of the quote or reported speech it is in), never the clause subject's."""
    node = verb
    for _ in range(MAX_CLIMB):
        if any(dependent.dep_ == "aux" and dependent.lower_ in DEONTIC_AUXILIARIES for dependent in node.children):
            return True
        if _subjunctive(node):
            return True
        if node.dep_ not in ("xcomp", "conj", "advcl") or node.head == node:
            return False
        node = node.head
    return False


def _subjunctive(verb: Token) -> bool:
    """A that-clause verb in its base form after a singular subject, with no auxiliary: "that the U.S. sign" (the
    tagger may call it a plural present, "that Congress pass": with a singular subject that is no indicative)."""
    subject = first_child(verb, ("nsubj",))
    return verb.tag_ in ("VB", "VBP") and verb.dep_ in ("ccomp", "conj") and subject is not None \
        and subject.tag_ in ("NN", "NNP") and any(dependent.dep_ == "mark" and dependent.lower_ == "that"
                                                  for dependent in verb.children) \
        and not any(dependent.dep_ in ("aux", "aux:pass") for dependent in verb.children)


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
    return token.pos_ in NOMINALS and (token.pos_ != "NUM" or named_by_number(token)) \
        and token.lower_ not in CIRCUMSTANCE_NOUNS


def named_by_number(token: Token) -> bool:
    """Whether a number is the head of a name the parser built on it ("Prop 8", "Section 230", "Title IX")."""
    return token.pos_ == "NUM" and any(dependent.i == token.i - 1 and dependent.text[:1].isupper()
                                       and dependent.pos_ in ("NOUN", "PROPN") for dependent in token.children)


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
    """Whether a negation word depends on `token` ("did *not* back", "*no longer* supports"), or "yet" with a
    to-infinitive says it has not happened ("has *yet* to pass X", "is *yet* to be approved")."""
    return any((dependent.lower_.replace("’", "'") in NEGATIONS   # "don’t" as "don't"
                and dependent.dep_ in ("advmod", "det", "aux", "cc:preconj"))
               or (dependent.lower_ == "longer" and any(word.lower_ == "no" for word in dependent.children))
               or (dependent.lower_ == "yet" and dependent.dep_ == "advmod" and (
                   is_infinitive(token) or any(other.dep_ == "xcomp" and is_infinitive(other)
                                               for other in token.children)))
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
