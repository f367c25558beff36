"""Stance statements of a corpus: who (holder) supports or opposes what (target), with the evidence.

`extract_stances` parses the sentences that hold a stance or speech word (`presslens.stance.articles`), reads each
with the rules of `presslens.stance.rules`, resolves the holder's words to an actor
(`presslens.stance.resolution`) and the target's words to a codebook issue, a named actor or their head
noun, and attributes a statement inside a direct quote to the quote's speaker (`presslens.stance.quotes`), or,
when the speaker quotes someone else in single marks ("he said ‘we don’t need X’"), to whoever said those words.
Every row keeps its evidence: the sentence, the cue, the holder's and the target's words, and the rule.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import pandas as pd

from presslens.engine import collector_paused
from presslens.stance.articles import ArticleView, SentenceView, article_views
from presslens.stance.clauses import CIRCUMSTANCE_NOUNS, named_by_number, reporting_subject
from presslens.stance.codebook import Codebook, default_codebook
from presslens.stance.cues import Lexicon, lemma_candidates
from presslens.stance.quotes import Quote, inner_quotations, inner_speaker, quote_table, quotes_of_views
from presslens.stance.resolution import (CONTEXT_SENTENCES, FIRST_PERSON, GROUP_PRONOUNS, PERSON_PRONOUNS, Resolved,
                                        covering, group_heads, last_named, phrase, resolve)
from presslens.stance.rules import Reading, read_sentence
from presslens.text.inputs import as_sentences
from presslens.text.instruments import word_list

if TYPE_CHECKING:   # spaCy is imported where a sentence is parsed (presslens.text.syntax), not here
    from spacy.tokens import Token

THING_PRONOUNS = frozenset({"it", "them", "this", "that", "these", "those"})
DEMONSTRATIVES = frozenset({"this", "that", "these", "those", "such"})
ACCOMPANYING_ADVERBS = frozenset({"along", "together"})   # "X, along with Y, ...": Y shares X's position
NEEDS = frozenset({"need"})   # a need is the position of whoever states it, not of who the sentence says has it
REFLEXIVES = frozenset("himself herself themselves itself myself ourselves yourself".split())   # the holder
STANCE_COLUMNS = ["article_id", "sentence_id", "holder", "holder_actor", "holder_kind", "holder_mention",
                  "holder_via", "target", "target_kind", "target_mention", "target_head", "target_resolved",
                  "stance", "cue", "cue_mention", "rule", "negated", "quoted", "attributed_to", "sentence"]


@dataclasses.dataclass(frozen=True)
class Target:
    """What a statement is about: canonical name, kind ("issue", "actor" or "unlisted"), words and head."""

    name: str
    kind: str
    words: str
    head: str
    resolved: bool


@collector_paused
def extract_stances(source: object, *, codebook: Codebook | None = None, mentions: pd.DataFrame | None = None,
                    headlines: bool = True, nlp=None) -> pd.DataFrame:
    """Stance statements, sentence by sentence (the rules: `presslens.stance.rules`).

    Args:
        source: a string, a list of strings (one article each), a Corpus or a sentence table.
        codebook: from `load_codebook` (default: the project's data/ files).
        mentions: the actor mentions of the same source (`find_mentions`); default: found here.
        headlines: read each article's headline too, as a unit of its own (`sentence_id` -1; only a Corpus
            has headlines).
        nlp: a spaCy pipeline (default: `presslens.text.syntax.load()`).

    Returns:
        One row per statement (one per holder, target and sign in a sentence): article_id, sentence_id (-1:
        the headline), holder (the actor: a person, organisation, state ...), holder_actor (the actor it counts for: a
        person's state or party when known, else the holder), holder_kind, holder_mention (the words that
        name the holder in the sentence), holder_via ("name", "pronoun", "description", "speaker", "proper
        noun"), target (a codebook issue, a named actor, else the head noun of the target's words), target_kind
        ("issue" | "actor" | "unlisted"), target_mention (the target's words), target_head, target_resolved
        (bool: reached through a pronoun), stance (+1 support, -1 oppose), cue (lemma), cue_mention, rule,
        negated (bool), quoted (bool: inside a direct quote or reported speech), attributed_to (the speaker
        of that quote), sentence (text).
    """
    return extract_quotes_and_stances(source, codebook=codebook, mentions=mentions, headlines=headlines, nlp=nlp)[1]


@collector_paused
def extract_quotes_and_stances(source: object, *, codebook: Codebook | None = None,
                               mentions: pd.DataFrame | None = None, headlines: bool = True,
                               nlp=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tables of `presslens.stance.extract_quotes` and `extract_stances` from one parse of `source`
    (arguments as for `extract_stances`): (quotes, statements)."""
    from presslens.stance.mentions import find_mentions

    codebook = codebook or default_codebook()
    sentences = as_sentences(source, offsets=True, headlines=headlines)
    mentions = find_mentions(sentences, codebook=codebook) if mentions is None else mentions
    views = article_views(sentences, codebook, mentions=mentions, nlp=nlp)
    quotes = quotes_of_views(views, codebook.lexicon, nlp=nlp)
    rows = []
    for view in views:
        rows += statements_of(view, quotes[view.article_id], codebook)
    table = pd.DataFrame(rows, columns=STANCE_COLUMNS)
    statements = table.astype({"sentence_id": "int64", "stance": "int64", "negated": "bool", "quoted": "bool",
                               "target_resolved": "bool"})
    return quote_table([quote for view in views for quote in quotes[view.article_id]]), statements


def statements_of(view: ArticleView, quotes: list[Quote], codebook: Codebook) -> list[tuple]:
    """The rows of one article's statements (its quotes, from `quotes_of_views`, give the speakers)."""
    lexicon = codebook.lexicon
    rows: list[tuple] = []
    recent: Target | None = None   # the last target read, for "it" and "them" in this sentence or the next
    for position, sentence in enumerate(view.sentences):
        if sentence.doc is None:
            recent = None
            continue
        before = [s.names for s in view.sentences[max(0, position - CONTEXT_SENTENCES):position]]
        previous = view.sentences[position - 1].text if position > 0 else ""
        seen = set()
        inner = inner_quotations(sentence.text) if any(
            quote.kind == "direct" and quote.start < sentence.start + len(sentence.text)
            and sentence.start < quote.end for quote in quotes) else []
        for reading in read_sentence(sentence.doc, lexicon):
            quote = quote_over(quotes, sentence, sentence.doc[reading.cue])
            speaker = quote.speaker if quote is not None else None
            inner_holder = _inner_holder(reading, sentence, inner, quote, before, lexicon) \
                if quote is not None and quote.kind == "direct" else None
            target = _target(sentence.doc[reading.target], sentence, before, codebook)
            if (target is None and sentence.doc[reading.target].lower_ in THING_PRONOUNS) or (
                    target is not None and target.kind == "unlisted" and refers_back(sentence.doc[reading.target])):
                target = _antecedent(sentence.doc[reading.target], sentence, previous, recent, codebook) or target
            elif target is not None:
                recent = target
            holders = [inner_holder] if inner_holder is not None else _holders(
                reading, sentence, before, speaker, earlier=view.sentences[:position], lexicon=lexicon)
            reflexive = sentence.doc[reading.target].lower_ in REFLEXIVES
            for holder in holders:
                held = target
                if reflexive:   # "Yiannopoulos has defended himself": the holder's position on themself
                    word = sentence.doc[reading.target].text
                    held = Target(holder.named.name, "actor", word, word, True)
                elif held is None or (holder.named.name == held.name and held.resolved):
                    held = _other_person(sentence.doc[reading.target], sentence, before, holder.named.name)
                if held is None or (holder.named.name == held.name and not reflexive):
                    continue
                key = (holder.named.name, held.name, reading.sign)
                if key in seen:
                    continue
                seen.add(key)
                cue = sentence.doc[reading.cue]
                rows.append((view.article_id, sentence.sentence_id, holder.named.name, holder.named.actor,
                             holder.named.kind, holder.words, holder.how, held.name, held.kind, held.words,
                             held.head, held.resolved, reading.sign, lemma_candidates(cue.lower_, cue.pos_)[0],
                             cue.text, reading.rule, reading.negated, quote is not None,
                             speaker.named.name if speaker is not None else None, sentence.text))
    return rows


def _inner_holder(reading: Reading, sentence: SentenceView, inner: list[tuple[int, int]], quote: Quote,
                   before: list, lexicon: Lexicon) -> Resolved | None:
    """The speaker of the inner quotation a reading's cue lies in ("‘we don’t need more fire fighters,’" inside
    Woodhouse's quote about Romney: Romney), when the reading is held by whoever speaks; None otherwise."""
    cue = sentence.doc[reading.cue]
    span = next(((start, end) for start, end in inner if start <= cue.idx < end), None)
    if span is None or not (reading.holder is None or sentence.doc[reading.holder].lower_ in FIRST_PERSON):
        return None
    token = inner_speaker(sentence.doc, span[0], lexicon, quote_start=max(0, quote.start - sentence.start))
    if token is None or token.lower_ in FIRST_PERSON:
        return None
    return resolve(token, here=sentence.names, before=before, speaker=quote.speaker)


def quote_over(quotes: list[Quote], sentence: SentenceView, token: Token) -> Quote | None:
    """The direct quote or reported speech the token lies in, if any."""
    at = sentence.start + token.idx
    return next((quote for quote in quotes if quote.start <= at < quote.end), None)


def _holders(reading: Reading, sentence: SentenceView, before: list, speaker: Resolved | None, *,
             earlier: list[SentenceView], lexicon: Lexicon) -> list[Resolved]:
    """The actors holding a reading's position: the holder's phrase resolved, each of several coordinated
    holders ("Smith and Jones oppose X"), and the names an apposition gives ("two senators, Smith and Jones,");
    `earlier` are the article's sentences before this one (for "the governor": `resolution.titled_person`)."""
    if reading.holder is None:   # an evaluation in a direct quote: the quote's speaker holds it
        return [speaker] if speaker is not None else []
    token = sentence.doc[reading.holder]
    cue = sentence.doc[reading.cue]
    stated_need = lemma_candidates(cue.lower_, cue.pos_)[0] in NEEDS
    if token.lower_ in FIRST_PERSON or stated_need:   # "He says we need X" (in Romney's quote): "we" is who says
        reporter = reporting_subject(token, lexicon)    # it, not Romney; "Miller said the veterans needed X": Miller
        if reporter is not None and reporter.lower_ not in FIRST_PERSON:
            token = reporter
        elif stated_need and token.lower_ not in FIRST_PERSON:
            # "‘The country needs a change,’ Sanders said": Sanders; "Europe needs a policy" with no one saying
            # it is the writer's view, not Europe's position
            return [speaker] if speaker is not None else []
    # "two senators, Smith and Jones,"; "One of the lawyers, Ted Olson,"; "two U.S. Defense Secretaries, Leon
    # Panetta and James Mattis," (a plural proper noun), not "CVS Health Corp (CVS.N)"
    apposition = next((child for child in token.children if child.dep_ == "appos" and child.pos_ == "PROPN"
                       and child.lower_ not in CIRCUMSTANCE_NOUNS), None) \
        if token.pos_ in ("NOUN", "NUM", "PRON") or token.tag_ == "NNPS" else None   # not "a letter Wednesday"
    if apposition is None and token.tag_ in ("NNS", "NNPS") and token.nbor(1).text == "," \
            and any(dependent.dep_ in ("det", "nummod") for dependent in token.children):
        apposition = next((conjunct for conjunct in token.conjuncts   # "Two Secretaries, Leon Panetta and James
                           if conjunct.i > token.i and conjunct.ent_type_ == "PERSON"), None)   # Mattis," as conjuncts
    if token.pos_ == "NOUN" and token.lower_ in group_heads():   # "leaders from France, Germany and Poland"
        members = [dependent for dependent in token.children if dependent.dep_ == "nmod" and dependent.pos_ == "PROPN"]
        apposition = apposition or (members[0] if members else None)
    heads = [apposition or token]
    heads += [conjunct for conjunct in heads[0].conjuncts if conjunct.i > heads[0].i and conjunct.pos_ in ("PROPN", "NOUN")]
    heads += companions(token) + members_among(token)
    titled = [(s.text, s.names) for s in earlier]
    resolved = [resolve(head, here=sentence.names, before=before, speaker=speaker, earlier=titled) for head in heads]
    return [holder for holder in resolved if holder is not None]


def members_among(holder: Token) -> list[Token]:
    """The subject of "X was among the Democrats who voted against Y" (or "is one of"): a member of the
    holding group holds the position too."""
    among = any(dependent.dep_ == "case" and dependent.lower_ == "among" for dependent in holder.children)
    one_of = holder.dep_ == "nmod" and holder.head.lower_ == "one" and any(
        dependent.dep_ == "case" and dependent.lower_ == "of" for dependent in holder.children)
    predicate = holder.head if one_of else holder
    if not (among or one_of) or not any(dependent.dep_ == "cop" for dependent in predicate.children):
        return []
    return [dependent for dependent in predicate.children if dependent.dep_ in ("nsubj", "nsubj:outer")]


def companions(holder: Token) -> list[Token]:
    """Names joined to a holder by "along with" or "together with" ("Rubio, along with Sen. Roy Blunt,
    criticized X"; "Germany, together with France, rejected X"): they hold the position too."""
    def joined(word: Token) -> bool:
        cases = {dependent.lower_ for dependent in word.children if dependent.dep_ in ("case", "fixed")}
        return word.pos_ == "PROPN" and "with" in cases
    direct = [dependent for dependent in holder.children if dependent.dep_ == "nmod" and joined(dependent)
              and not ACCOMPANYING_ADVERBS.isdisjoint(word.lower_ for word in dependent.children)]
    through_adverb = [word for adverb in holder.children
                      if adverb.dep_ == "advmod" and adverb.lower_ in ACCOMPANYING_ADVERBS
                      for word in adverb.children if word.dep_ in ("obl", "nmod") and joined(word)]
    return direct + through_adverb


def _other_person(token: Token, sentence: SentenceView, before: list, holder: str) -> Target | None:
    """What "him"/"her" stands for, the clause's own holder left out ("Jeff Younger ... his ex-wife Anne Georgulas,
    who has accused *him* of abuse": not Georgulas; "herself" would be): the last person named before it in the
    sentence, else in the nearest previous sentence naming one, other than the holder."""
    if token.lower_ not in PERSON_PRONOUNS or token.lower_.endswith("self"):
        return None
    named = last_named("person", at=token.idx, here=sentence.names, before=before, other_than=holder)
    return Target(named.name, "actor", token.text, token.text, True) if named is not None else None


def refers_back(token: Token) -> bool:
    """Whether a target is a generic noun with a demonstrative ("this idea", "such a deal"):
    `data/stance-generic-nouns.txt`."""
    return token.lower_ in word_list("stance-generic-nouns.txt") and any(
        dependent.lower_ in DEMONSTRATIVES and dependent.dep_ in ("det", "amod", "predet") for dependent in token.children)


def _antecedent(token: Token, sentence: SentenceView, previous: str, recent: Target | None,
                codebook: Codebook) -> Target | None:
    """What "it", "them", "this idea" stand for as a target ("Ukraine welcomed the proposal, but Russia rejected it"):
    the last codebook issue named before it in its sentence, else the last target read in this sentence or the
    one before, else the first issue named in the sentence before; None when there is none (nothing guessed)."""
    first, last = phrase(token)
    words = token.doc[first:last].text
    before = list(codebook.issue_pattern.finditer(sentence.text[:token.doc[first].idx]))
    if before:
        return Target(codebook.issue_index[before[-1].group().lower()], "issue", words, token.text, True)
    if recent is not None and not (token.lower_ in DEMONSTRATIVES and recent.kind == "actor"):
        # "That's regrettable": a demonstrative stands for a situation or a thing said, not for an actor
        return dataclasses.replace(recent, words=words, head=token.text, resolved=True)
    topic = codebook.issue_pattern.search(previous)   # the sentence before: its first issue, usually its topic
    if topic is not None:
        return Target(codebook.issue_index[topic.group().lower()], "issue", words, token.text, True)
    return None


def _target(token: Token, sentence: SentenceView, before: list, codebook: Codebook) -> Target | None:
    """The target phrase headed by `token`: an issue of the codebook, a named actor, else its head noun."""
    lower = token.lower_
    if lower in PERSON_PRONOUNS | GROUP_PRONOUNS:   # "criticized her": not the sentence's own subject
        resolved = resolve(token, here=[], before=before, speaker=None)
        if resolved is None:
            return None
        return Target(resolved.named.name, "actor", token.text, token.text, True)
    if token.pos_ == "PRON":
        return None
    if token.pos_ in ("VERB", "AUX"):   # a clause: "demanded that advocates focus on X"
        words = token.doc[token.left_edge.i: token.right_edge.i + 1]
        return Target(lemma_candidates(token.lower_, token.pos_)[0], "unlisted", words.text, token.text, False)
    first, last = phrase(token)
    words = token.doc[first:last]
    issue = codebook.issue_pattern.search(words.text)
    if issue is not None:
        return Target(codebook.issue_index[issue.group().lower()], "issue", words.text, token.text, False)
    named = covering(sentence.names, token.idx, token.idx + len(token))
    if named is not None:
        return Target(named.name, "actor", words.text, token.text, False)
    if token.dep_ == "appos":   # "a ceasefire, a proposal backed by X": the proposal is the ceasefire
        renamed = _target(token.head, sentence, before, codebook)
        if renamed is not None and renamed.kind == "issue":
            return dataclasses.replace(renamed, words=words.text, head=token.text)
    label = lemma_candidates(token.lower_, token.pos_)[0]
    number = next((child for child in token.rights if child.dep_ in ("flat", "nummod") and child.pos_ == "NUM"), None)
    if number is not None:   # "Prop 8", "Resolution 2334": the number is part of the name
        label = f"{label} {number.text}"
    elif named_by_number(token):   # the same name with the number as its head
        label = f"{token.nbor(-1).lower_} {token.text}"
    return Target(label, "unlisted", words.text, token.text, False)
