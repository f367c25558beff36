"""Who speaks a quote: the words its attribution gives for the speaker, resolved to an actor or kept as a description.

`presslens.stance.quotes` finds the words (the subject of a speech verb, the name after "according to" or a dash,
...); this module says whom they stand for. A name is the person or body it names; "he"/"she" (and "it"/"they" for
an organisation, state or group) continue the speaker of the quote or reported speech just before, unless another
actor of that sort was named as a subject in between; otherwise a pronoun or a definite description ("the senator")
is resolved by `presslens.stance.resolution`. Words that describe someone without naming them ("a senior official",
"the prosecutor", "the ruling") are kept as the speaker's description; words that describe no one ("the video
says" does; "the meeting" does not) give no speaker.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from presslens.stance.articles import ArticleView, SentenceView, merge_names
from presslens.stance.clauses import CIRCUMSTANCE_NOUNS
from presslens.stance.frames import Frame
from presslens.stance.resolution import (CONTEXT_SENTENCES, GROUP_PRONOUNS, PERSON_KINDS, PERSON_PRONOUNS,
                                         THING_PRONOUNS, Named, Resolved, author_of, covering, described,
                                         description_kind, group_heads, is_document, names_of_doc, resolve)
from presslens.stance.words import speaker_nouns

if TYPE_CHECKING:
    from spacy.tokens import Token

    from presslens.stance.quotes import Quote

HYPHENATED_MODIFIER = re.compile(r"-[a-z]")   # what follows a name that is part of a modifier ("Bush-era")


def speaker_of(view: ArticleView, frame: Frame, token: Token | None, *, previous: Quote | None = None
               ) -> tuple[Resolved | None, str | None]:
    """The speaker a subject in a frame stands for, or the words that describe an unnamed one ("a senior
    official"). "he"/"she" is the previous quote's speaker when that is a person within a few sentences."""
    if token is None:
        return None, None
    here = frame_names(view, frame)
    speaker, description = resolve_speaker(view, token, here=here, position=frame.first, previous=previous)
    if speaker is not None and speaker.named.kind == "person" and speaker.named.actor == speaker.named.name:
        affiliation = _described_affiliation(token, here)
        if affiliation is not None:
            speaker = dataclasses.replace(speaker, named=dataclasses.replace(speaker.named, actor=affiliation))
    return speaker, description


def _described_affiliation(token: Token, here: list[Named]) -> str | None:
    """The state or organisation an appositive names for a speaker of unknown affiliation ("said Anna Berg, a
    Polish analyst" -> Poland), if it names one."""
    for apposition in (dependent for dependent in token.children if dependent.dep_ == "appos"):
        for word in apposition.subtree:
            named = covering(here, word.idx, word.idx + len(word))
            if named is not None and named.kind != "person":
                return named.actor
    return None


def resolve_speaker(view: ArticleView, token: Token, *, here: list[Named], position: int,
                    previous: Quote | None) -> tuple[Resolved | None, str | None]:
    """The speaker the subject `token` stands for (names `here` in its doc's offsets; `position`: the article
    sentence its text starts in), or the words describing an unnamed one.

    A description named by an apposition is that name ("His son, Donald Trump Jr., commented"), and so is one
    the parser coordinated with the name it precedes ("Former NBA star and current TNT analyst Charles Barkley
    said", no determiner before it). "he"/"she" and a published thing without an author of its own ("The
    statement added") continue the previous quote's speaker when it is recent."""
    if token.pos_ == "NOUN":
        undetermined = not any(dependent.dep_ in ("det", "nmod:poss") for dependent in token.children)
        token = next((dependent for dependent in token.children if dependent.pos_ == "PROPN"
                      and dependent.lower_ not in CIRCUMSTANCE_NOUNS   # not "a letter Wednesday"
                      and (dependent.dep_ == "appos" or (dependent.dep_ == "conj" and undetermined))), token)
    recent = previous is not None and previous.speaker is not None \
        and position - view.position_of(previous.last) <= CONTEXT_SENTENCES
    if recent and _pronoun_of(token, previous.speaker.named) \
            and not _other_named_since(view, previous, position, here=here, at=token.idx):
        return Resolved(previous.speaker.named, token.text, "pronoun"), previous.description   # still unnamed
    if recent and is_document(token) and author_of(token) is None:
        return Resolved(previous.speaker.named, token.text, "description"), None
    before = [outside_quotes(view, s) for s in view.sentences[max(0, position - CONTEXT_SENTENCES):position]]
    earlier = [(s.text, s.names) for s in view.sentences[:position]]
    resolved = resolve(token, here=here, before=before, speaker=None, earlier=earlier, descriptions=False)
    if resolved is not None:
        return resolved, None
    if description_kind(token) is None and token.lower_ not in group_heads() | speaker_nouns() \
            and not is_document(token):
        return None, None   # words that describe no speaker ("the video says" and "the prosecutor said" do)
    speaker = described(token, "description")
    return speaker, speaker.words


def _pronoun_of(token: Token, speaker: Named) -> bool:
    """Whether `token` is a pronoun that can stand for this speaker: "he"/"she" for a person, "it"/"they" for an
    organisation, state or group ('The company said in a statement that ... | "...," it said.')."""
    if speaker.kind in PERSON_KINDS:
        return token.lower_ in PERSON_PRONOUNS
    return token.lower_ in THING_PRONOUNS | GROUP_PRONOUNS


def _other_named_since(view: ArticleView, previous: Quote, position: int, *, here: list[Named], at: int) -> bool:
    """Whether another actor of the previous speaker's sort (a person, or else any organisation, state or group)
    is named, outside quotes, after the previous quote's sentence and before the pronoun at `at` ("..., Brown
    added. Donald Trump Jr. weighed in. '...,' he tweeted": he is Trump Jr.)."""
    speaker = previous.speaker.named
    between = [named for sentence in view.sentences[view.position_of(previous.last) + 1:position]
               for named in outside_quotes(view, sentence) if _may_be_subject(sentence, named)]
    between += [named for named in here if named.end <= at]
    return any((named.kind in PERSON_KINDS) == (speaker.kind in PERSON_KINDS) and named.name != speaker.name
               for named in between)


def _may_be_subject(sentence: SentenceView, named: Named) -> bool:
    """Whether a name may be the subject of its sentence's clauses (always, when the sentence is not parsed): a
    name inside another phrase ("the legacy of Jim Crow has left lasting barriers") does not take over "he"."""
    if sentence.doc is None:
        return True
    span = sentence.doc.char_span(named.start, named.end, alignment_mode="expand")
    return span is None or span.root.dep_ in ("nsubj", "nsubj:pass", "ROOT", "conj", "appos")


def frame_names(view: ArticleView, frame: Frame) -> list[Named]:
    """The names in a frame (outside its stand-ins): the recogniser's on the frame's parse, and the article's
    names mapped into the frame's offsets."""
    mapped = []
    for sentence in view.sentences[frame.first:]:
        for named in sentence.names:
            start, end = sentence.start + named.start, sentence.start + named.end
            for frame_start, article_start, length in frame.pieces:
                if article_start <= start and end <= article_start + length:
                    shift = frame_start - article_start
                    mapped.append(dataclasses.replace(named, start=start + shift, end=end + shift))
        if sentence.start > frame.pieces[-1][1] + frame.pieces[-1][2]:
            break
    recognised = [named for named in names_of_doc(frame.doc)
                  if not any(token.i in frame.stand_ins for token in frame.doc.char_span(named.start, named.end,
                                                                                         alignment_mode="expand"))]
    return merge_names(mapped, recognised)


def outside_quotes(view: ArticleView, sentence: SentenceView) -> list[Named]:
    """The names of a sentence that may be who speaks: not inside a quote (a name in someone's words is not who
    speaks), nor the first part of a hyphenated modifier ("the Bush-era tax cuts")."""
    return [named for named in sentence.names
            if not any(start <= sentence.start + named.start < end for start, end in view.passages)
            and not HYPHENATED_MODIFIER.match(sentence.text, named.end)]
