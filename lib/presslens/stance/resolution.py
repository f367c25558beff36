"""Who a holder's or speaker's words stand for: a name in the phrase, a pronoun, or a description.

A newcomer told "this statement's holder is the wrong person" reads this file. The phrase headed by a token
of the parse is resolved, in this order:

1. **First person** ("I", "we", "our") — the speaker of the quote the sentence is in.
2. **Personal pronoun** — "he/she/him/his/her": the last person named before it in the sentence, else in the
   nearest of the previous sentences that names one; "they/them/their" and "it/its": the noun before it in its
   own sentence whose clause holds it ("Cuban-Americans said they ...", "citizens who thought they ...": what
   that noun stands for, if anyone), else the last organisation, state or group named so.
3. **A name in the phrase** — a codebook actor, a discovered entity or an entity the recogniser found: the
   name that is the phrase's head, or attached to it ("Arizona Sen. *John McCain*", "*White House*
   spokesman", "*U.S.* officials", "members of *Congress*" — "of X" only after a noun of an actor's own people,
   `data/stance-group-heads.txt`: "critics of Obama" are not Obama).
4. **A definite description** — "the senator", "the agency", "the country" (`data/actor-nouns.csv`): for a
   title, the person the article titled so ("Gov. Brian Sandoval" for "the governor"), else the last name of
   that kind before it.
5. **A proper noun** the recogniser missed — its words.
6. **An actor described but not named** — a description of `data/actor-nouns.csv` that nothing above resolves,
   definite or narrowed by a modifier ("the air traffic controllers' union", "a veteran campaign strategist"):
   the description stands for the actor (kind from the noun). A bare "a reporter" names no one.
Anything else ("critics", "experts", "some lawmakers", `data/vague-holders.txt`; also a population the codebook
lists as its state's alias: "Americans") names no one, and the statement is left out.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

import pandas as pd

from presslens import config
from presslens.stance.cues import hyphen_prefix
from presslens.stance.words import is_speaker_title
from presslens.text.instruments import read_table, word_list

if TYPE_CHECKING:   # spaCy is imported where a sentence is parsed (presslens.text.syntax), not here
    from spacy.tokens import Doc, Token

QUOTATION_MARKS = frozenset('"“”„«»')
SUBJECT_LIKE = ("nsubj", "nsubj:pass", "obj", "obl", "nmod", "appos", "conj")
FIRST_PERSON = frozenset("i me my mine myself we us our ours ourselves".split())
PERSON_PRONOUNS = frozenset("he him his she her hers himself herself".split())
GROUP_PRONOUNS = frozenset("they them their theirs themselves".split())
THING_PRONOUNS = frozenset("it its itself".split())
PRONOUNS = PERSON_PRONOUNS | GROUP_PRONOUNS | THING_PRONOUNS
PERSON_KINDS = frozenset({"person"})
CONTEXT_SENTENCES = 3   # previous sentences searched for the person a pronoun stands for
UNSPECIFIC_DETERMINERS = frozenset("any every each no neither".split())
NARROWING = frozenset({"amod", "compound", "nmod", "nmod:poss"})   # "a *Republican* strategist", "the *union's* leader"
COMPANY_SUFFIXES = frozenset("Corp Inc Co Ltd LLC PLC Plc AG SA".split())   # never a name on their own
ATTACHED = ("compound", "flat", "nmod:poss", "amod", "appos", "nmod:desc", "nmod:unmarked")
MEMBERSHIP_PREPOSITIONS = frozenset("of from at for in".split())
# phrase parts left out of a holder's or target's words
# relations whose words are not part of the phrase a nominal heads; a subject, copula or auxiliary hangs on a
# nominal only when it is a predicate ("Kyiv and Moscow are against *the plan*")
DETACHED = frozenset("acl:relcl acl appos punct parataxis advcl ccomp conj cc dep dislocated nsubj nsubj:pass cop aux"
                     .split())


@dataclasses.dataclass(frozen=True)
class Named:
    """A named actor in a sentence: character span, surface words, canonical name, kind and the actor it
    counts for (a person's state or party, a codebook affiliation; the name itself when none is known)."""

    start: int
    end: int
    mention: str
    name: str
    kind: str
    actor: str
    source: str


@dataclasses.dataclass(frozen=True)
class Resolved:
    """A holder or speaker: the actor, the words in the sentence that stand for it, and how it was reached."""

    named: Named
    words: str
    how: str   # "name", "pronoun", "description", "speaker", "proper noun"


def phrase(token: Token) -> tuple[int, int]:
    """The token span (start, end) of the phrase a nominal heads, without clauses, appositions and punctuation,
    and never reaching back across a quotation mark."""
    kept = [token]
    stack = [dependent for dependent in token.children if dependent.dep_ not in DETACHED]
    while stack:
        dependent = stack.pop()
        kept.append(dependent)
        stack.extend(dependent.children)
    indices = sorted(t.i for t in kept)
    start, end = indices[0], indices[-1] + 1
    doc = token.doc
    marks = [i for i in range(start, token.i) if doc[i].text in QUOTATION_MARKS]
    if marks:   # a phrase never runs back across a quotation mark: '"Yes," Sen. Rubio' is "Sen. Rubio"
        start = marks[-1] + 1
    while start < end - 1 and (doc[start].is_punct or doc[start].dep_ == "case" and start != token.i):
        start += 1
    while end - 1 > start and doc[end - 1].is_punct:
        end -= 1
    return start, end


def resolve(token: Token, *, here: Sequence[Named], before: Sequence[Sequence[Named]],
            speaker: Resolved | None, earlier: Sequence[tuple[str, Sequence[Named]]] = (),
            descriptions: bool = True) -> Resolved | None:
    """The actor the phrase headed by `token` stands for (see the module docstring), or None.

    Args:
        token: the head of the holder's or speaker's phrase in a parsed sentence.
        here: the names in this sentence (character spans within it).
        before: the names of the previous sentences of the article, nearest last.
        speaker: the speaker of the quote the sentence is in, if it is in one.
        earlier: every earlier sentence of the article as (text, names), for a title ("the governor") that
            refers back to the person the article titled so (`titled_person`).
        descriptions: whether an actor described but not named stands for itself (step 6 of the module
            docstring); quote speakers keep such words as a description instead (`presslens.stance.quotes`).
    """
    lower = token.lower_
    if lower in FIRST_PERSON:
        return Resolved(speaker.named, token.text, "speaker") if speaker is not None else None
    if lower in PRONOUNS:
        antecedent = clause_antecedent(token) if lower not in PERSON_PRONOUNS else None
        if antecedent is not None:   # "Cuban-Americans said they favor X": they are the Cuban-Americans
            return resolve(antecedent, here=here, before=before, speaker=speaker, earlier=earlier,
                           descriptions=descriptions)
        wanted = "person" if lower in PERSON_PRONOUNS else "other"
        named = last_named(wanted, at=token.idx, here=here, before=before)
        return Resolved(named, token.text, "pronoun") if named is not None else None
    if any(dependent.dep_ == "det" and dependent.lower_ in UNSPECIFIC_DETERMINERS for dependent in token.children):
        return None   # "any California Republican who votes for X": no one in particular
    if lower in vague_holders():
        return None   # "a change supported by most Americans": a population, not the state the codebook names so
    known = covering(here, token.idx, token.idx + len(token))
    if known is None or known.source == "recogniser":   # "the White House and ...": a known name, not a title
        token = titled_name(token)
    start, end = phrase(token)
    doc = token.doc
    words = doc[start:end].text
    named = named_in_phrase(token, here)
    if named is not None and named.kind not in PERSON_KINDS and description_kind(token) == "person" \
            and is_definite(token):   # "the GOP leader" after "Senate Majority Leader Mitch McConnell": McConnell
        member = last_named("person", at=token.idx, here=here, before=before, member_of=named.actor)
        if member is not None:
            return Resolved(member, words, "description")
    if named is not None and named.kind in PERSON_KINDS and description_kind(token) == "person" \
            and covering(here, token.idx, token.idx + len(token)) is None:
        named = None   # "a longtime Obama adviser", "Trump's lawyer": someone else than the person named
    if named is not None and not (token.pos_ == "PROPN" and covering(here, token.idx, token.idx + len(token)) is None):
        return Resolved(named, words, "name")
    author = author_of(token)
    if author is not None:   # "a video by the Obama campaign", "a Washington Post column": who published it
        found = resolve(author, here=here, before=before, speaker=speaker, earlier=earlier)
        if found is not None:
            return Resolved(found.named, words, found.how)
    members = membership_of(token)
    if members is not None:   # "a majority of Senate members": the members
        found = resolve(members, here=here, before=before, speaker=speaker)
        if found is not None:
            return Resolved(found.named, words, found.how)
    kind = description_kind(token)
    if kind is not None and is_definite(token):
        titled = titled_person(token, earlier=[*earlier, (doc.text, [n for n in here if n.end <= token.idx])]) \
            if kind == "person" else None
        named = titled or last_named("person" if kind == "person" else "other", at=token.idx, here=here,
                                     before=before, kind=None if kind == "person" else kind)
        if named is not None:
            return Resolved(named, words, "description")
        if token.pos_ != "PROPN":   # "the 9th Circuit Court of Appeals" is a name of its own (read below)
            return described(token, kind) if descriptions else None
    if descriptions and kind is not None and token.pos_ == "NOUN" \
            and any(dependent.dep_ in NARROWING for dependent in token.children):
        return described(token, kind)
    if is_identified_group(token, here):
        name = doc[start:end]
        while len(name) > 1 and name[0].dep_ in ("det", "nummod", "amod") and not name[0].text[:1].isupper():
            name = name[1:]
        named = Named(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), words, name.text, "group", name.text,
                      "description")
        return Resolved(named, words, "group")
    if token.pos_ == "PROPN" and (token.tag_ == "NNP" or token.i > 0 and not doc[token.i - 1].is_punct
                                  or end - start > 1) or _capitalised_noun(token):
        # a name the recogniser missed: the proper nouns joined to the head (a capitalised first word alone is
        # too often a common noun the tagger took for a name)
        name_tokens = [t for t in doc[start:end] if t == token or t.head == token
                       and (t.pos_ == "PROPN" or t.pos_ == "NOUN" and t.text[:1].isupper())
                       and t.dep_ in ("flat", "compound", "ROOT", *SUBJECT_LIKE)]
        name_tokens = without_titles(name_tokens)
        text = " ".join(t.text for t in name_tokens)
        if len(text) < 2 or text.rstrip(".") in COMPANY_SUFFIXES:   # "D" of "D-Conn.", "Corp" of a broken name
            return None
        first, last = name_tokens[0], name_tokens[-1]
        named = Named(first.idx, last.idx + len(last), text, text, "unknown", text, "parse")
        return Resolved(named, words, "proper noun")
    return None


def _capitalised_noun(token: Token) -> bool:
    """A capitalised word inside a sentence that the tagger took for a common noun and no title: a name it
    missed ("PJ Media reported", "writes Allahpundit")."""
    return token.pos_ == "NOUN" and token.i > 0 and token.text[:1].isupper() and not token.doc[token.i - 1].is_punct \
        and description_kind(token) is None and not is_speaker_title(token.text)


def described(token: Token, kind: str) -> Resolved:
    """An actor the article describes without naming it ("the air traffic controllers' union", "a veteran
    Republican campaign strategist"): the description itself, without its article, stands for the actor."""
    start, end = phrase(token)
    doc = token.doc
    name = doc[start:end]
    if len(name) > 1 and name[0].dep_ == "det":
        name = name[1:]
    named = Named(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), doc[start:end].text, name.text, kind,
                  name.text, "description")
    return Resolved(named, doc[start:end].text, "description")


def clause_antecedent(pronoun: Token) -> Token | None:
    """The noun "they" or "it" stands for in its own sentence: the noun a relative clause holding it modifies
    ("private citizens who thought they had the virus"), or the subject of a verb whose clause holds it ("All sides
    say they want X", "The administration suggests it has high hopes"), when that noun comes before it and agrees
    in number; None when there is none (then the pronoun is the last organisation or group named)."""
    plural = pronoun.lower_ in GROUP_PRONOUNS
    node = pronoun.head
    while True:   # up to the root of the parse tree
        if node.dep_ == "acl:relcl" and node.head.i < pronoun.i and _agrees(node.head, plural=plural):
            return node.head
        subject = next((child for child in node.children if child.dep_ == "nsubj"), None)
        if subject is not None and subject.i < pronoun.i and _agrees(subject, plural=plural):
            return subject
        if node.head == node:
            return None
        node = node.head


def _agrees(noun: Token, *, plural: bool) -> bool:
    """Whether a noun is plural ("they") or singular ("it") as the pronoun is."""
    return noun.pos_ in ("NOUN", "PROPN") and (noun.tag_ in ("NNS", "NNPS")) == plural


def titled_name(token: Token) -> Token:
    """The name a capitalised title heads ("Berkshire Hathaway *Chairman* and CEO Buffett", parsed with Buffett
    coordinated to the title): the name, else the token itself."""
    if token.pos_ != "PROPN" or not _is_title(token):
        return token
    return next((dependent for dependent in token.children if dependent.dep_ in ("conj", "flat", "appos")
                 and dependent.pos_ == "PROPN" and not _is_title(dependent)), token)


def _is_title(token: Token) -> bool:
    return is_speaker_title(token.text) or description_kind(token) == "person"


def titled_person(token: Token, *, earlier: Sequence[tuple[str, Sequence[Named]]]) -> Named | None:
    """The person the article last titled with a description's noun ("Gov. Brian Sandoval", "Nevada Governor
    Sandoval" for "the governor"; title forms in `data/actor-nouns.csv`), from `earlier` sentences given as
    (text, names), nearest last; None when no one was titled so (or the noun is plural)."""
    patterns = title_patterns().get(token.lower_)
    if patterns is None or token.tag_ not in ("NN", "NNP"):
        return None
    before_name, opening_name = patterns
    for text, names in reversed(earlier):
        for named in reversed(names):
            if named.kind == "person" and (before_name.search(text[max(0, named.start - 60):named.start])
                                           or opening_name.match(named.mention)):
                return named
    return None


@cache
def title_patterns() -> dict[str, tuple[re.Pattern, re.Pattern]]:
    """{noun: two patterns for its title forms written before a name}, from the `titles` of
    `data/actor-nouns.csv`: one searched in the text before a name (it must end there, perhaps after "of State"
    or a few capitalised words), one matched at the start of a name's mention ("Gov. Brian Sandoval")."""
    table = read_table(config.instrument("actor-nouns.csv"), ["noun", "kind"], what="instrument file")
    titles = table["titles"] if "titles" in table else pd.Series("", index=table.index)
    patterns = {}
    for noun, forms in zip(table["noun"].str.lower(), titles):
        forms = [form.strip() for form in forms.split("|") if form.strip()]
        if forms:
            title = r"(?<![\w-])(?:" + "|".join(map(re.escape, forms)) + r")\.?\s+"
            patterns[noun] = (re.compile(title + r"(?:(?:of|the|[A-Z][\w.'’-]*)\s+){0,3}$"),
                              re.compile(title + "(?=[A-Z])"))
    return patterns


def is_document(token: Token) -> bool:
    """Whether a noun names a published thing (`data/stance-document-nouns.txt`: "ad", "statement", "column",
    "op-ed", which the tokenizer splits at its hyphen)."""
    documents = word_list("stance-document-nouns.txt")
    prefix = hyphen_prefix(token)
    return token.pos_ == "NOUN" and (token.lower_ in documents or f"{prefix}-{token.lower_}" in documents)


def author_of(token: Token) -> Token | None:
    """The author of a published thing (`data/stance-document-nouns.txt`): its "by", "from" or "of" phrase, its
    possessor, a proper noun joined to it, or the subject of the verb that puts it out ("Mayors Against Illegal
    Guns aired an ad ...", "Davis has written an op-ed ...")."""
    if not is_document(token):
        return None
    return next((dependent for dependent in token.children if dependent.dep_ == "nmod:poss" or (
                 dependent.dep_ == "nmod" and _preposition(dependent) in ("by", "from", "of"))), None) \
        or next((dependent for dependent in token.children
                 if dependent.dep_ == "compound" and dependent.pos_ == "PROPN"), None) \
        or (next((dependent for dependent in token.head.children if dependent.dep_ in ("nsubj", "nsubj:outer")), None)
            if token.dep_ == "obj" else None)


def membership_of(token: Token) -> Token | None:
    """The members a quantity or group noun stands for ("a majority *of Senate members*"), if it has them."""
    if token.lower_ not in group_heads() or token.lower_ in vague_holders():
        return None
    return next((dependent for dependent in token.children if dependent.dep_ == "nmod"
                 and _preposition(dependent) == "of" and dependent.pos_ in ("NOUN", "PROPN")), None)


def is_identified_group(token: Token, here: Sequence[Named]) -> bool:
    """A plural common noun that "the" or an identifying word narrows to a group ("the protesters", "gun control
    advocates", "Conservative politicians in Arkansas", "Republican senators"); "critics", "some lawmakers" and
    "many people" name no one (`data/vague-holders.txt`)."""
    if token.pos_ != "NOUN" or token.tag_ != "NNS" or token.lower_ in vague_holders():
        return False
    if any(dependent.dep_ == "det" and dependent.lower_ == "the" for dependent in token.children):
        return True   # "the protesters", "the senators": a group the article has named
    if token.dep_ in ("nsubj", "nsubj:pass") and token.head.dep_ == "ROOT" and not any(
            dependent.dep_ in ("det", "nummod", "acl:relcl", "amod") for dependent in token.children):
        return True   # "Protesters were calling for X", "Lawmakers urge Y": the subject of the main clause
    for dependent in token.children:
        if dependent.dep_ == "compound" and dependent.pos_ in ("NOUN", "PROPN"):
            return True
        if dependent.dep_ == "amod" and dependent.text[:1].isupper():
            return True
        if dependent.dep_ == "nmod" and covering(here, dependent.idx, dependent.idx + len(dependent)) is not None:
            return True
    return False


def named_in_phrase(token: Token, here: Sequence[Named]) -> Named | None:
    """The name that heads the phrase or is attached to its head (see the module docstring)."""
    head_name = covering(here, token.idx, token.idx + len(token))
    if head_name is not None:
        return head_name
    heads_group = token.lower_ in group_heads()
    if not heads_group and description_kind(token) is None:
        return None   # "Boston's forecast", "critics of Obama": a name attached to a noun that names no actor
    for dependent in token.children:
        attached = dependent.dep_ in ATTACHED or (
            heads_group and dependent.dep_ == "nmod" and _preposition(dependent) in MEMBERSHIP_PREPOSITIONS)
        if not attached:
            continue
        for part in dependent.subtree:
            named = covering(here, part.idx, part.idx + len(part))
            if named is not None:
                return named
    return None


def covering(names: Sequence[Named], start: int, end: int) -> Named | None:
    """The name whose span overlaps the characters start..end, the longest if several."""
    found = [named for named in names if named.start < end and start < named.end]
    return max(found, key=lambda named: named.end - named.start) if found else None


def last_named(wanted: str, *, at: int, here: Sequence[Named], before: Sequence[Sequence[Named]],
               kind: str | None = None, other_than: str | None = None, member_of: str | None = None) -> Named | None:
    """The last person ("person") or other actor ("other") named before character `at` of this sentence, else
    the first one named in the nearest previous sentence naming one; `kind` narrows "other" to one kind
    ("state", ...); `other_than` leaves out one actor (by name); `member_of` keeps only those counting for that
    actor."""
    def fits(named: Named) -> bool:
        if named.name == other_than or (member_of is not None and named.actor != member_of):
            return False
        if wanted == "person":
            return named.kind in PERSON_KINDS
        return named.kind not in PERSON_KINDS and (kind is None or _kind_family(named.kind) == kind)
    earlier = [named for named in here if named.end <= at and fits(named)]
    if earlier:
        return earlier[-1]
    for sentence in reversed(before):
        found = [named for named in sentence if fits(named)]
        by_name = [named for named in found if named.mention.lower() not in PRONOUNS]
        if found:   # the first: a sentence's subject comes before its objects; a name before a pronoun the mention
            return (by_name or found)[0]   # table resolved ("as he emerged, Boehner said": "he" may be Boehner)
    return None


def _kind_family(kind: str) -> str:
    return "state" if kind in ("state", "place", "place/state", "bloc", "LOC") else "organisation"


def description_kind(token: Token) -> str | None:
    """The kind of actor a common noun refers back to ("senator" -> person), from `data/actor-nouns.csv`."""
    return actor_nouns().get(token.lower_)


def is_definite(token: Token) -> bool:
    """"the senator", "the agency's": a definite article or a possessive before the noun."""
    return any(dependent.dep_ in ("det", "nmod:poss") and dependent.lower_ in ("the", "this", "that", "its", "their")
               for dependent in token.children)


def _preposition(token: Token) -> str | None:
    case = next((dependent for dependent in token.children if dependent.dep_ == "case"), None)
    return case.lower_ if case is not None else None


@cache
def actor_nouns() -> dict[str, str]:
    """`data/actor-nouns.csv` as {noun: kind}."""
    table = read_table(config.instrument("actor-nouns.csv"), ["noun", "kind"], what="instrument file")
    for row in table.itertuples(index=False):
        if row.kind not in ("person", "organisation", "state"):
            raise ValueError(f"{config.instrument('actor-nouns.csv')}, noun {row.noun!r}: kind must be person, "
                             "organisation or state")
    return dict(zip(table["noun"].str.lower(), table["kind"]))


def vague_holders() -> frozenset[str]:
    """Nouns that name no one in particular ("critics", "experts"): `data/vague-holders.txt`."""
    return word_list("vague-holders.txt")


def group_heads() -> frozenset[str]:
    """Nouns naming an actor's own people ("officials", "members"): `data/stance-group-heads.txt`."""
    return word_list("stance-group-heads.txt")


def names_of_doc(doc: Doc) -> list[Named]:
    """The entities the recogniser found in a parsed sentence, as `Named`.

    The name is the entity's words without a leading "the" or a possessive, widened to the whole proper-noun
    name the parse joins it to ("Sen. [John] McCain" -> "John McCain"), a person's without the titles and
    adjectives in front ("Turkish Foreign Minister Hakan Fidan" -> "Hakan Fidan"); the kind comes from the label (PERSON
    -> person, ORG -> organisation, LOC -> place), except that a title and a name are a person ("Pope Francis").
    """
    found = []
    for entity in doc.ents:
        if entity.label_ not in ENTITY_KINDS:
            continue
        start, end = _whole_name(entity.start, entity.end, doc)
        tokens = [t for t in doc[start:end] if not (t.i == start and t.lower_ == "the") and t.lower_ not in ("'s", "’s")]
        if len(tokens) == 1 and tokens[0].tag_ == "NNS":
            continue   # a capitalised plural noun the recogniser took for a name ("Moments later, he added")
        kind = "person" if _titled_name(tokens) else ENTITY_KINDS[entity.label_]
        if kind == "person":   # "Turkish Foreign Minister Hakan Fidan" -> "Hakan Fidan"
            tokens = without_titles(tokens)
        if not tokens:
            continue
        text = doc[tokens[0].i: tokens[-1].i + 1].text
        first, last = doc[start], doc[end - 1]
        found.append(Named(first.idx, last.idx + len(last), doc[start:end].text, text, kind, text, "recogniser"))
    return found


def _titled_name(tokens: list[Token]) -> bool:
    """Whether an entity's words are a person's title and name, whatever label the recogniser gave them ("Pope
    Francis" read as an organisation): a title, then singular proper nouns only, none of them a title."""
    if len(tokens) < 2 or not is_speaker_title(tokens[0].text):
        return False
    rest = without_titles(tokens)
    return len(rest) < len(tokens) and all(t.tag_ == "NNP" and not is_speaker_title(t.text)
                                           for t in rest)   # singular: "House Democrats" is no person


def without_titles(tokens: list[Token]) -> list[Token]:
    """A person's name words without the titles, ranks and adjectives in front ("Israeli Prime Minister Benjamin
    Netanyahu" -> "Benjamin Netanyahu"), keeping at least one word."""
    while len(tokens) > 1 and (is_speaker_title(tokens[0].text) or tokens[0].pos_ == "ADJ"
                               or tokens[0].tag_ in ("NNPS", "JJ")):
        tokens = tokens[1:]
    return tokens


ENTITY_KINDS = {"PERSON": "person", "PER": "person", "ORG": "organisation", "LOC": "place"}


def _whole_name(start: int, end: int, doc: Doc) -> tuple[int, int]:
    """Widen an entity to the proper nouns the parse joins to it by `flat` or `compound` on either side."""
    def joined(a: Token, b: Token) -> bool:
        return a.pos_ == "PROPN" and b.pos_ == "PROPN" and (
            (a.head == b and a.dep_ in ("flat", "compound")) or (b.head == a and b.dep_ in ("flat", "compound")))
    while start > 0 and joined(doc[start - 1], doc[start]) and doc[start - 1].ent_type_ in ("", doc[start].ent_type_):
        start -= 1
    while end < len(doc) and joined(doc[end - 1], doc[end]) and doc[end].ent_type_ in ("", doc[end - 1].ent_type_):
        end += 1
    return start, end
