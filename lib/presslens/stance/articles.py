"""Articles as the stance rules see them: sentences in order, the parse of those that need one, and the names
in every sentence.

Parsing is the costly step, so only the sentences a later rule reads are parsed: those holding a stance word
(a cue or an evaluative word of the codebook) or a speech verb (reported speech), and those a direct quote
starts or ends in, with the sentence
before a quote that opens a sentence (its attribution may end there: "Smith said:"). The names of a sentence
are the codebook actors and discovered entities of the mention table, and in a parsed sentence the entities
the recogniser finds; where two overlap, the longer wins ("Christian Democrats" over "Democrats"), and a
person named by surname alone takes the full name given earlier in the article ("McCain" -> "John McCain").
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from presslens.stance.codebook import Codebook
from presslens.stance.resolution import CONTEXT_SENTENCES, PERSON_KINDS, PERSON_PRONOUNS, Named, names_of_doc
from presslens.stance.scan import rows_containing
from presslens.text import syntax
from presslens.text.inputs import HEADLINE_ID

if TYPE_CHECKING:   # spaCy is imported where a sentence is parsed (presslens.text.syntax), not here
    from spacy.tokens import Doc

OPENING_MARKS = frozenset({"“", "‘‘", "``"})
CLOSING_MARKS = frozenset({"”", "’’", "''"})
SENTENCE_START = re.compile(r"[.?!]\s+(?=[A-Z])")   # the end of a sentence, up to the next one's capital
# words in single marks: an opening mark not after a letter, a closing one not before a letter (so "don’t",
# "Obama’s" and "’60s" are no marks), two words or more
SINGLE_QUOTED = re.compile(r"(?<![\w’'])[‘'](?=\w)[^‘’']*?\w[\s,;:]+\w.*?(?<=[\w.,!?])[’'](?![\w’'])")
DOUBLE_QUOTE_MARK = re.compile(r"‘‘|``|’’|''|[“”\"]")   # a straight " opens or closes, whichever is due
_TOKEN = re.compile(r"[\w’'-]+")


@dataclasses.dataclass
class SentenceView:
    """One sentence: where it is, its parse (None when not parsed) and its names (spans within `text`)."""

    article_id: str
    sentence_id: int
    text: str
    start: int
    doc: Doc | None
    names: list[Named]


@dataclasses.dataclass
class ArticleView:
    """An article's sentences in order, its text rebuilt from their offsets, and its direct-quote passages."""

    article_id: str
    sentences: list[SentenceView]
    text: str
    passages: list[tuple[int, int]]

    def sentences_over(self, start: int, end: int) -> list[SentenceView]:
        """The sentences that overlap characters start..end of the article text."""
        return [s for s in self.sentences if s.start < end and start < s.start + len(s.text)]

    def position_of(self, sentence: SentenceView) -> int:
        return self.sentences.index(sentence)


def article_views(sentences: pd.DataFrame, codebook: Codebook, *, mentions: pd.DataFrame | None = None,
                  nlp=None, parse_everything: bool = False) -> list[ArticleView]:
    """Every article of a sentence table, with the sentences the rules read parsed.

    Args:
        sentences: a sentence table (article_id, sentence_id, text, start, paragraph).
        codebook: gives the stance and speech words that make a sentence worth parsing.
        mentions: the mention table of `find_mentions` (article_id, sentence_id, start, end, mention, actor,
            actor_kind, affiliation) for the names of every sentence; None: only the recogniser's names.
        nlp: a spaCy pipeline (default: `presslens.text.syntax.load()`).
        parse_everything: parse every sentence (small corpora, tests), not only those the rules read.
    """
    ordered = sentences.sort_values(["article_id", "sentence_id"], kind="stable").reset_index(drop=True)
    texts = ordered["text"].astype(str).tolist()
    views = _views(ordered, texts, _names_by_row(ordered, mentions))
    rows = range(len(texts)) if parse_everything else sorted(_rows_to_parse(views, texts, codebook))
    flat = [sentence for view in views for sentence in view.sentences]
    view_of = {view.article_id: view for view in views}
    readings = [_reading(flat[row], view_of[flat[row].article_id]) for row in rows]
    docs = syntax.parse([texts[row] for row in rows], nlp=nlp, read_as=readings)
    for row, doc in zip(rows, docs):
        sentence = flat[row]
        sentence.doc = doc
        sentence.names = merge_names(sentence.names, names_of_doc(doc))
    for view in views:
        spread_names(view.sentences)
        name_people_in_full(view.sentences)
        drop_ambiguous_pronouns(view.sentences)
        for sentence in view.sentences:
            sentence.names = [named for named in sentence.names if not in_compound(sentence.text, named)]
    return views


def _reading(sentence: SentenceView, view: ArticleView) -> str | None:
    """How the parser reads a headline in title case (`syntax.headline_reading`); None for other sentences."""
    if sentence.sentence_id != HEADLINE_ID:
        return None
    return syntax.headline_reading(sentence.text, [s.text for s in view.sentences if s.sentence_id != HEADLINE_ID])


def in_compound(text: str, named: Named) -> bool:
    """Whether a name is the second part of a hyphenated word ("Cuban-*Americans*", "anti-*Bush*"), where it does
    not stand for that actor."""
    return named.start >= 2 and text[named.start - 1] == "-" and text[named.start - 2].isalpha()


def _views(ordered: pd.DataFrame, texts: list[str], names: dict[int, list[Named]]) -> list[ArticleView]:
    article_ids = ordered["article_id"].tolist()
    sentence_ids = ordered["sentence_id"].astype("int64").tolist()
    starts = ordered["start"].astype("int64").tolist()
    paragraphs = ordered["paragraph"].tolist()
    views = []
    for article_id, rows in itertools.groupby(range(len(texts)), key=article_ids.__getitem__):
        pieces, position, paragraph, views_here = [], 0, None, []
        for row in rows:
            start = max(starts[row], position + 1 if pieces else 0)
            gap = start - position
            if gap:   # a new paragraph starts on a new line: quotes never run across it unclosed
                pieces.append(("\n" if paragraph is not None and paragraphs[row] != paragraph else " ") + " " * (gap - 1))
            pieces.append(texts[row])
            views_here.append(SentenceView(article_id, sentence_ids[row], texts[row], start, None, names.get(row, [])))
            position, paragraph = start + len(texts[row]), paragraphs[row]
        text = "".join(pieces)
        headline_end = len(views_here[0].text) if views_here[0].sentence_id == HEADLINE_ID else 0
        views.append(ArticleView(article_id, views_here, text, quote_passages(text, headline_end=headline_end)))
    return views


def quote_passages(text: str, *, headline_end: int = 0) -> list[tuple[int, int]]:
    """The direct quotes of a text as (start, end) spans, marks included; `text[:headline_end]` is a headline,
    whose quotes are in single marks, as headline style has them ("Bloomberg says black neighborhoods are 'where
    the real crime is'").

    Quotation marks are paired in reading order within a line (paragraph): “ opens, ” closes, a straight "
    does whichever is due, so mixed marks ('“In the past," Brown said') pair up. Doubled single marks stand for
    double ones, as in some wire and New York Times copy (‘‘ or `` opens, ’’ or '' closes: “He’s wrong,’’ Smith
    said). A quote left open at the end of a paragraph runs to it (news style for a quote continued in the next
    paragraph). Scare quotes are left out (`is_quote`).
    """
    passages = []
    for line in re.finditer(r"[^\n]+", text):
        opened, resume = None, line.start()   # resume: where the text after the last mark starts
        for mark in DOUBLE_QUOTE_MARK.finditer(text, line.start(), line.end()):
            if opened is None:
                if mark.group() not in CLOSING_MARKS:
                    opened = mark.start()
                else:
                    unopened = _unopened_start(text, resume, mark.start(), line_start=line.start())
                    if unopened is not None:
                        passages.append((unopened, mark.end()))
            elif mark.group() in OPENING_MARKS:   # a new opening before a closing one: the first quote ends here
                passages.append((opened, mark.start()))
                opened = mark.start()
            else:
                passages.append((opened, mark.end()))
                opened = None
            resume = mark.end()
        if opened is not None:
            passages.append((opened, line.end()))
    passages += [match.span() for match in SINGLE_QUOTED.finditer(text, 0, headline_end)
                 if not any(start < match.end() and match.start() < end for start, end in passages)]
    return sorted((start, end) for start, end in passages if is_quote(text[start:end]))


def _unopened_start(text: str, resume: int, closing: int, *, line_start: int) -> int | None:
    """Where a quote closed at `closing` but never opened starts, when its opening mark was lost (a scraping slip
    common in web copy): the start of its paragraph, when no mark comes before in it ('It’s insulting,” said
    Craig.'), else the last sentence start after the previous mark ('..., said Sen. Ernst. Pelosi is playing a
    game.”'); None when there is none."""
    if resume == line_start:
        return line_start
    starts = [match.end() for match in SENTENCE_START.finditer(text, resume, closing)]
    return starts[-1] if starts else None


def is_quote(passage: str) -> bool:
    """Whether quoted words are a quote: four words or more, or two or more that end a clause inside the marks
    ('“Ukraine deserves praise,” noted Hale'); a shorter term ("a “fiasco”", a title) is a scare quote."""
    words = len(_TOKEN.findall(passage))
    return words >= 4 or (words >= 2 and passage.rstrip("”\"'’ ")[-1:] in (",", ".", "?", "!"))


def _rows_to_parse(views: list[ArticleView], texts: list[str], codebook: Codebook) -> set[int]:
    """Rows (in the sorted table) of the sentences with a stance or speech word, and those around each quote's
    edges."""
    words = codebook.parse_words
    prefiltered = rows_containing(texts, range(len(texts)), codebook.parse_prefilter, ignore_case=True)
    rows = {row for row in prefiltered if any(word.lower() in words for word in _TOKEN.findall(texts[row]))}
    offset = 0
    for view in views:
        for start, end in view.passages:
            touched = view.sentences_over(start, end)
            first, last = view.position_of(touched[0]), view.position_of(touched[-1])
            rows.update(offset + position for position in (first, last))
            if first > 0 and touched[0].start >= start - 1:
                rows.add(offset + first - 1)
        offset += len(view.sentences)
    return rows


def _names_by_row(ordered: pd.DataFrame, mentions: pd.DataFrame | None) -> dict[int, list[Named]]:
    if mentions is None or mentions.empty:
        return {}
    row_of = {key: row for row, key in enumerate(zip(ordered["article_id"], ordered["sentence_id"].astype("int64")))}
    names: dict[int, list[Named]] = {}
    kinds = mentions["entity_kind"] if "entity_kind" in mentions else mentions["actor_kind"]
    canonical = mentions["entity"] if "entity" in mentions else mentions["actor"]
    sources = mentions["actor_source"] if "actor_source" in mentions else pd.Series("codebook", index=mentions.index)
    for article_id, sentence_id, start, end, mention, name, kind, actor, source in zip(
            mentions["article_id"], mentions["sentence_id"].astype("int64"), mentions["start"], mentions["end"],
            mentions["mention"], canonical, kinds, mentions["affiliation"], sources):
        row = row_of.get((article_id, sentence_id))
        if row is not None:
            names.setdefault(row, []).append(Named(int(start), int(end), mention, name, kind, actor, source))
    return names


def merge_names(known: Sequence[Named], found: Iterable[Named]) -> list[Named]:
    """Known names and the recogniser's, in text order; of two overlapping spans the longer wins, a tie goes to
    the known name (codebook or discovered entity), and so does a span longer only by a title ("Mr Trump" found,
    "Trump" known: Donald Trump)."""
    merged = list(known)
    for named in found:
        overlapping = [other for other in merged if other.start < named.end and named.start < other.end]
        if all(named.end - named.start > other.end - other.start and other.mention != named.name
               for other in overlapping):
            merged = [other for other in merged if other not in overlapping] + [named]
    return sorted(merged, key=lambda named: named.start)


def spread_names(sentences: Sequence[SentenceView]) -> None:
    """Find the names the recogniser gave in an article's parsed sentences in its other sentences too, by their
    words ("Sebelius" named once in a parsed sentence is named wherever "Sebelius" stands), so that a pronoun in
    any sentence can refer back to them; a person's surname alone counts as the person, also for a person the
    mention table named in full ("Elon Musk" found as an entity, "Musk has long sought ..." missed by the
    recogniser), and where the recogniser took it alone for something else ("Burger said": an organisation)."""
    surfaces: dict[str, Named] = {}
    for sentence in sentences:
        for named in sentence.names:
            if named.source == "recogniser":
                surfaces.setdefault(named.name, named)
            words = named.name.split()
            if named.kind == "person" and named.source != "codebook" and len(words) > 1:
                surfaces.setdefault(words[-1], named)
    if not surfaces:
        return
    pattern = re.compile(r"(?<![\w’'-])(?:" + "|".join(sorted(map(re.escape, surfaces), key=len, reverse=True))
                         + r")(?![\w-])")
    for sentence in sentences:
        found = [Named(match.start(), match.end(), match.group(), surfaces[match.group()].name,
                       surfaces[match.group()].kind, surfaces[match.group()].actor, "recogniser")
                 for match in pattern.finditer(sentence.text)]
        people = {(named.start, named.end) for named in found if named.kind == "person"}
        # the surname of a person the article named in full is that person, whatever the recogniser made of it
        # alone ("..., Burger said": an organisation)
        kept = [named for named in sentence.names if not (
            named.source == "recogniser" and named.kind != "person" and (named.start, named.end) in people)]
        sentence.names = merge_names(kept, found)


def drop_ambiguous_pronouns(sentences: Sequence[SentenceView]) -> None:
    """Forget what the mention table made of "he" or "she" where the article names more people than it knew.

    The mention table resolves a pronoun when one codebook person was named just before it; the recogniser may
    have found another person there ("Grenier says ... Obama's policy shift. ..., he adds": the codebook knows
    only Obama). Such a pronoun is left to `presslens.stance.resolution`, which reads all the names (and prefers
    a sentence's first person, usually its subject)."""
    for position, sentence in enumerate(sentences):
        earlier = next(({other.name for other in previous.names if is_person_name(other)}
                        for previous in reversed(sentences[max(0, position - CONTEXT_SENTENCES):position])
                        if any(is_person_name(other) for other in previous.names)), set())
        kept = []
        for named in sentence.names:
            if named.mention.lower() in PERSON_PRONOUNS:
                pool = {other.name for other in sentence.names if other.end <= named.start and is_person_name(other)}
                if (pool or earlier) - {named.name}:
                    continue
            kept.append(named)
        sentence.names = kept


def is_person_name(named: Named) -> bool:
    """Whether a name names a person in words of its own (not a pronoun standing for one)."""
    return named.kind in PERSON_KINDS and named.mention.lower() not in PERSON_PRONOUNS


def name_people_in_full(sentences: Sequence[SentenceView]) -> None:
    """Give a person named by one word the full name used for them earlier in the article ("McCain" -> "John
    McCain"; "Kim" -> "Kim Jong Un": the first or last word of the full name)."""
    full: dict[str, Named] = {}
    for sentence in sentences:
        renamed = []
        for named in sentence.names:
            words = named.name.split()
            if named.kind == "person" and named.source != "codebook":
                if len(words) > 1:
                    full.setdefault(words[-1], named)
                    full.setdefault(words[0], named)
                elif words and words[0] in full:
                    earlier = full[words[0]]
                    named = dataclasses.replace(named, name=earlier.name, actor=earlier.actor)
            renamed.append(named)
        sentence.names = renamed
