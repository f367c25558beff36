"""The frame of a quote (`Frame`): the sentences around it, each quote replaced by a short stand-in, parsed;
`presslens.stance.quotes` reads the speaker from it."""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from presslens.stance.articles import ArticleView
from presslens.stance.cues import Lexicon

if TYPE_CHECKING:   # spaCy is imported where a sentence is parsed (presslens.text.syntax), not here
    from spacy.tokens import Doc

# a sentence after a quote that says whose words they were ('"...." That's what Boehner had to say.')
CLEFT_ATTRIBUTION = re.compile(r"(?:That|This)(?:[’']s| is| was) (?:what|how) ")
DASHES = ("—", "–", "--")   # '"...." — Greisa Martinez Rosas to HuffPost': a dash and a name sign a quote
# the words a speaker's name (with its title and an aside: "Rep. Trey Gowdy, R-South Carolina,") may take before
# the speech verb of an attribution the sentence splitter cut off
ATTRIBUTION_OPENING_WORDS = 6


@dataclasses.dataclass(frozen=True)
class Frame:
    """The text around one quote, with every quote in it replaced by a short stand-in ('"Yes,"'), parsed.

    A parser trained on web text misreads long quotations ("'...,' Sen. X said"); with the quote's words set
    aside, the attribution around it is a short, ordinary sentence.

    Attributes:
        doc: the parse of the frame text.
        quote: token span (start, end) of the quote's stand-in in `doc`.
        stand_ins: token indices of every stand-in in `doc`.
        pieces: (frame offset, article offset, length) of each stretch of article text kept as it is.
        first: the position (in the article's sentences) of the frame's first sentence.
    """

    doc: Doc
    quote: tuple[int, int]
    stand_ins: frozenset[int]
    pieces: tuple[tuple[int, int, int], ...]
    first: int

    def article_offset(self, offset: int) -> int | None:
        """The article offset of a frame offset, None inside a stand-in."""
        for frame_start, article_start, length in self.pieces:
            if frame_start <= offset < frame_start + length:
                return article_start + offset - frame_start
        return None


def frame_text(view: ArticleView, start: int, end: int, lexicon: Lexicon) -> tuple[str, tuple]:
    """The frame of the quote at start..end: the sentences it touches (and the one before, when that ends with
    a colon; the one after, when the splitter cut the attribution off, it says whose words these were: "That's
    what X said", or it is a dash and a name signing the quote), each quote replaced by a stand-in keeping its
    last punctuation mark; and how to map it back."""
    touched = view.sentences_over(start, end)
    first = view.position_of(touched[0])
    if first > 0 and view.sentences[first - 1].text.rstrip().endswith(":"):
        first -= 1
    last = touched[-1]
    following = view.position_of(last) + 1
    if following < len(view.sentences) and (
            _attribution_cut_off(last.text, view.sentences[following].text, lexicon)
            or (not view.text[end:last.start + len(last.text)].strip()
                and (CLEFT_ATTRIBUTION.match(view.sentences[following].text)
                     or view.sentences[following].text.startswith(DASHES)))):
        last = view.sentences[following]
    frame_start = view.sentences[first].start
    frame_end = last.start + len(last.text)
    pieces, parts, position, length, quote = [], [], frame_start, 0, None
    for passage_start, passage_end in view.passages:
        if passage_end <= frame_start or passage_start >= frame_end:
            continue
        passage_start, passage_end = max(passage_start, frame_start), min(passage_end, frame_end)
        kept = view.text[position:passage_start]
        pieces.append((length, position, len(kept)))
        parts.append(kept)
        length += len(kept)
        passage = view.text[passage_start:passage_end]
        closing = passage.rstrip("”\"'’")[-1:] if passage.rstrip("”\"'’") != passage else ""
        stand_in = f'"Yes{closing if closing in ",.?!" else ""}"'
        glued = view.text[passage_end:passage_end + 1]
        if glued.isalnum() or glued in ("—", "–", "-"):   # a mark glued to the next word ('..."Our', '..."—people')
            stand_in += " "
        if (passage_start, passage_end) == (max(start, frame_start), min(end, frame_end)):
            quote = (length, length + len(stand_in))
        parts.append(stand_in)
        length += len(stand_in)
        position = passage_end
    kept = view.text[position:frame_end]
    pieces.append((length, position, len(kept)))
    parts.append(kept)
    return "".join(parts).replace("\n", " "), (tuple(pieces), quote, first)


def _attribution_cut_off(sentence: str, following: str, lexicon: Lexicon) -> bool:
    """Whether the sentence splitter cut a quote's attribution off after '?"' or '!"': the next sentence opens
    in lower case ('"Why?" asked Smith.'), or, after a quote ending in a question or exclamation, is a short
    clause ('"Why?" Smith asked.') or opens with a speaker and a speech verb ('"Why?" Rep. Trey Gowdy,
    R-South Carolina, asked at the hearing, pointing out ...')."""
    if following[:1].islower():
        return True
    if sentence.rstrip()[-2:-1] not in ("?", "!"):
        return False
    words = following.split()
    return len(words) <= 8 or any(lexicon.is_speech_verb(word.strip(",.")) for word in
                                  words[:ATTRIBUTION_OPENING_WORDS])


def make_frame(doc: Doc, pieces: tuple, quote: tuple[int, int], first: int) -> Frame:
    stand_ins = frozenset(token.i for token in doc
                          if not any(fs <= token.idx < fs + n for fs, _, n in pieces))
    quote_tokens = [token.i for token in doc if quote[0] <= token.idx < quote[1]]
    return Frame(doc, (quote_tokens[0], quote_tokens[-1] + 1) if quote_tokens else (0, 0), stand_ins, pieces, first)
