"""Punkt's sentence splitter, untrained with the project's abbreviation list, and a lean port of it.

Punkt's pretrained English model cannot be downloaded here; the untrained splitter plus an explicit abbreviation
list (`data/abbreviations-en.txt`) keeps "Mr. Dickinson" and "U.S. President Donald Trump" in one sentence.
`punkt_tokenizer()` returns `FastPunktSentenceTokenizer`, which makes exactly nltk's decisions faster (an exact
re-implementation: `tests/text/test_punkt.py` compares its spans with plain Punkt's).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache
from itertools import repeat

import regex
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from presslens.text.instruments import abbreviations

# nltk's English `PunktLanguageVars` patterns (nltk 3.10), spelt out so that the port reads no private attribute
# of nltk; tests/text/test_punkt.py checks that they still equal nltk's.
NON_WORD = r"""(?:[)\";}\]\*:@\'\({\[\u2018\u2019\u201c\u201d\xab\xbb\?!])"""
SENTENCE_END_MARKS = r"[\.\?!]"
MULTI_CHARACTER_PUNCTUATION = r"(?:\-{2,}|\.{2,}|(?:\.\s){2,}\.)"
WORD_START = r"""[^\(\"\`{\[:;&\#\*@\)}\]\-,]"""
# a potential sentence end, then other punctuation or white space and the next token
PERIOD_CONTEXT = rf"""
        {SENTENCE_END_MARKS}             # a potential sentence ending
        (?=(?P<after_tok>
            {NON_WORD}              # either other punctuation
            |
            \s+(?P<next_tok>\S+)     # or whitespace and some other token
        ))"""
WORD_TOKENIZE = rf"""(
        {MULTI_CHARACTER_PUNCTUATION}
        |
        (?={WORD_START})\S+?  # Accept word characters until end is found
        (?= # Sequences marking a word's end
            \s|                                 # White-space
            $|                                  # End-of-string
            {NON_WORD}|{MULTI_CHARACTER_PUNCTUATION}|          # Punctuation
            ,(?=$|\s|{NON_WORD}|{MULTI_CHARACTER_PUNCTUATION}) # Comma if at end of word
        )
        |
        \S
    )"""
BOUNDARY_REALIGNMENT = r"""["\')\]}\u2018\u2019\u201c\u201d\xab\xbb]+?(?:\s+|(?=--)|$)"""
# `PunktToken`'s number and initial patterns
NUMERIC = r"^-?[\.,]?\d[\d,\.-]*\.?$"
INITIAL = r"[^\W\d]\.$"


def offsets_of(text: str, characters: str) -> list[int]:
    """The offsets in `text` of any of `characters`, in order.

    Found with `str.find`, which is several times faster than a regular expression scanning for a class.
    """
    offsets = []
    for character in characters:
        offset = text.find(character)
        while offset >= 0:
            offsets.append(offset)
            offset = text.find(character, offset + 1)
    return sorted(offsets) if len(characters) > 1 else offsets


class FastPunktSentenceTokenizer(PunktSentenceTokenizer):
    """Punkt's sentence spans for untrained parameters (an abbreviation list only), by a lean port.

    `span_tokenize` follows nltk's `_match_potential_end_contexts`, `_slices_from_text` and
    `_realign_boundaries` step by step. For each candidate break Punkt asks `text_contains_sentbreak`
    about its context: the word before, the end mark and what follows. Without collocations, sentence
    starters or orthographic context, Punkt's two annotation passes come down to `_ends_sentence`,
    which decides from a token and the one after it without building Punkt's token objects; answers are
    remembered per context. nltk's patterns are compiled with the `regex` engine that nltk uses (so
    letters, digits and spaces are the same characters), without nltk's per-call time limit; the
    end-mark pattern runs on Python's `re` with `regex`'s whitespace spelt out.
    `span_tokenize_parts` splits each paragraph of a text with one search for end marks in the whole text.
    `tests/text/test_punkt.py` checks the spans against plain Punkt's on real and made-up paragraphs.
    """

    # nltk's `_get_last_whitespace_index` looks for the characters of `string.whitespace`.
    _UP_TO_LAST_WHITESPACE = re.compile(r".*[ \t\n\r\x0b\x0c]", re.DOTALL)
    _NUMERIC = regex.compile(NUMERIC)
    _INITIAL = regex.compile(INITIAL, regex.UNICODE)
    # The characters nltk's `re_boundary_realignment` can start with.
    _CLOSING_CHARACTERS = frozenset("\"')]}\u2018\u2019\u201c\u201d\xab\xbb")
    _MAX_ANSWERS = 1_000_000  # about 90 MB
    # The characters the `regex` engine (nltk's) takes for whitespace (`\s`).
    _WHITESPACE = r"\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"

    def __init__(self, parameters: PunktParameters) -> None:
        """Args:
            parameters: Punkt parameters with abbreviations and nothing learned from training.

        Raises:
            ValueError: when the parameters hold collocations, sentence starters or orthographic context.
        """
        if parameters.collocations or parameters.sent_starters or any(parameters.ortho_context.values()):
            raise ValueError("parameters: FastPunktSentenceTokenizer takes untrained parameters "
                             "(abbreviations only), not collocations, sentence starters or orthographic context")
        super().__init__(parameters)
        self._abbreviations = frozenset(parameters.abbrev_types)
        # nltk's period context for Python's `re`, which finds its matches faster: `re` takes \x1c-\x1f
        # for whitespace and `regex` does not, so whitespace is spelt out as the characters `regex` takes.
        self._period_context = re.compile(
            PERIOD_CONTEXT.replace(r"\s", f"[{self._WHITESPACE}]").replace(r"\S", f"[^{self._WHITESPACE}]"),
            re.VERBOSE)
        self._word_tokenizer = regex.compile(WORD_TOKENIZE, regex.UNICODE | regex.VERBOSE)
        self._realignment = regex.compile(BOUNDARY_REALIGNMENT, regex.MULTILINE)
        # A word of two or more letters, an end mark and, on the same line, the token or punctuation mark
        # after it: the first token ("word." or "word") ends a sentence unless it is "word." with "word" a
        # known abbreviation (it is neither an initial nor a number). Python's `re` is faster here, and
        # what it takes for a letter or a non-space is never a digit or a space to `regex`.
        self._plain_break = re.compile(
            rf"(?P<word>[^\W\d_]{{2,}})(?P<mark>[.?!])(?:[^\S\n]+\S+|{NON_WORD})")
        # Answers per candidate context (about 20 new ones per news article, 90 bytes each), forgotten
        # all at once when _MAX_ANSWERS are held.
        self._answers: dict[str, bool] = {}

    def text_contains_sentbreak(self, text: str) -> bool:
        """Whether a token of the candidate context, other than its last, ends a sentence (as Punkt decides)."""
        answer = self._answers.get(text)
        if answer is None:
            plain = self._plain_break.fullmatch(text)
            if plain and (plain["mark"] != "." or plain["word"].lower() not in self._abbreviations):
                answer = True  # the most common context, decided without tokenizing it
            else:
                tokens = [token for line in text.split("\n") if line.strip()
                          for token in self._word_tokenizer.findall(line)]
                answer = any(map(self._ends_sentence, tokens, tokens[1:]))
            if len(self._answers) >= self._MAX_ANSWERS:
                self._answers.clear()
            self._answers[text] = answer
        return answer

    def _ends_sentence(self, token: str, following: str) -> bool:
        """Punkt's sentence-break annotation of `token`, followed by `following`, with untrained parameters.

        First pass: ".", "?", "!" end a sentence, and so does a word ending in one period that is not a
        known abbreviation (nor is its last hyphen part). Second pass: an initial or a number ending in a
        period does not end a sentence before punctuation or a lower-case word, nor an initial before a
        capitalised word (Punkt's orthographic heuristics, with no orthographic context).
        """
        if token in (".", "?", "!"):
            return True
        if not token.endswith(".") or token.endswith(".."):
            return False
        stem = token[:-1].lower()
        if stem in self._abbreviations or stem.split("-")[-1] in self._abbreviations:
            return False
        is_initial = self._INITIAL.match(token) is not None
        if is_initial or self._type_without_period(token) == "##number##":
            if following in self.PUNCTUATION or following[0].islower():
                return False
            if is_initial and following[0].isupper():
                return False
        return True

    def _type_without_period(self, token: str) -> str:
        """Punkt's `type_no_period`: the lower-case token, numbers as "##number##", minus a final period."""
        token_type = self._NUMERIC.sub("##number##", token.lower())
        return token_type[:-1] if len(token_type) > 1 and token_type.endswith(".") else token_type

    def _end_marks(self, text: str) -> list[tuple[int, int, int]]:
        """nltk's `_period_context` matches in `text`: a potential sentence end with what follows it.

        Returns:
            One (mark, after_end, next_start) per match: the mark's offset, the end of the punctuation or
            whitespace and token after it (group "after_tok"), and the start of that token ("next_tok";
            -1 when punctuation follows the mark). Read from `Match.regs` (numbered groups are much
            cheaper to read than named ones).
        """
        # `finditer` would scan the text for the class [.?!] one character at a time; `str.find` jumps to each
        # mark, where the pattern (one character and a look-ahead) is matched: the same matches, several times faster
        matches = filter(None, map(self._period_context.match, repeat(text), offsets_of(text, ".?!")))
        return [(mark, after_end, next_start)
                for (mark, _), (_, after_end), (next_start, _) in (match.regs for match in matches)]

    def _candidate_breaks(self, text: str, start: int, marks: list[tuple[int, int, int]]
                          ) -> list[tuple[tuple[int, int, int], str]]:
        """Candidate breaks with their contexts, as nltk's `_match_potential_end_contexts` yields them.

        Args:
            text: the text; the part split into sentences starts at `start`.
            marks: the part's end marks (`_end_marks`), in order.
        """
        candidates = []
        previous_start = previous_stop = start
        previous_mark = None
        for mark in marks:
            stop = mark[0]
            # The word before starts after the last whitespace since the previous candidate's word; nltk
            # treats whitespace right at that previous word's end as none found.
            up_to_space = self._UP_TO_LAST_WHITESPACE.match(text, previous_stop, stop)
            has_space = up_to_space is not None and up_to_space.end() > previous_stop + 1
            word_start = up_to_space.end() if has_space else previous_start
            if previous_mark and previous_stop <= word_start:
                # the word before, the end mark and what follows it are contiguous in the text
                candidates.append((previous_mark, text[previous_start : previous_mark[1]]))
            previous_mark, previous_start, previous_stop = mark, word_start, stop
        if previous_mark:
            candidates.append((previous_mark, text[previous_start : previous_mark[1]]))
        return candidates

    def span_tokenize(self, text: str, realign_boundaries: bool = True) -> list[tuple[int, int]]:
        """Sentence spans of `text`, identical to `PunktSentenceTokenizer.span_tokenize`."""
        return self.span_tokenize_parts(text, [(0, len(text))], realign_boundaries=realign_boundaries)[0]

    def span_tokenize_parts(self, text: str, parts: list[tuple[int, int]], *, realign_boundaries: bool = True
                            ) -> list[list[tuple[int, int]]]:
        """Sentence spans of each part of `text`: `span_tokenize(text[start:end])` shifted by `start`.

        End marks are searched once in the whole text, which is much cheaper than once per short part
        (each search has a fixed cost). A mark in a part is a candidate for the part alone exactly when
        the punctuation or the whitespace and token after it (Punkt's look-ahead) end within the part,
        given that the part ends before whitespace (as a paragraph does) or at the end of the text.

        Args:
            text: the whole text.
            parts: (start, end) offsets of the parts, in order and not overlapping, each ending at the end
                of `text` or before a whitespace character.

        Returns:
            For each part, its sentence spans as (start, end) offsets into `text`.
        """
        marks = self._end_marks(text)
        mark_positions = [mark for mark, _, _ in marks]
        spans_of_parts = []
        first = 0
        for start, end in parts:
            first = bisect_left(mark_positions, start, first)
            last = bisect_left(mark_positions, end, first)
            # Only the part's last mark can look past its end (over the whitespace there, to the next token)
            part_marks = marks[first:last] if first == last or marks[last - 1][1] <= end else marks[first:last - 1]
            spans_of_parts.append(self._part_spans(text, start, end, part_marks, realign_boundaries))
            first = last
        return spans_of_parts

    def _part_spans(self, text: str, start: int, end: int, marks: list[tuple[int, int, int]],
                    realign_boundaries: bool) -> list[tuple[int, int]]:
        """Sentence spans of `text[start:end]` as offsets into `text`, following nltk's `_slices_from_text`
        and `_realign_boundaries`, from the part's end marks (`_end_marks`)."""
        last_stop = start + len(text[start:end].rstrip())  # the last sentence has no trailing whitespace
        if not marks and realign_boundaries:
            return [(start, last_stop)] if start < last_stop else []
        breaks = [mark for mark, context in self._candidate_breaks(text, start, marks)
                  if self.text_contains_sentbreak(context)]
        # a sentence ends after its break's mark; the next starts at the token after it, or right after the mark
        slice_starts = [start] + [next_start if next_start >= 0 else mark + 1 for mark, _, next_start in breaks]
        slice_stops = [mark + 1 for mark, _, _ in breaks] + [last_stop]
        if not realign_boundaries:
            return list(zip(slice_starts, slice_stops))
        spans = []
        sentence_start = start
        for following_start, following_stop, sentence_stop in zip(slice_starts[1:], slice_stops[1:], slice_stops):
            # a closing quote or bracket that starts the next slice moves to this sentence (tested cheaply first)
            aligned = (following_start < following_stop and text[following_start] in self._CLOSING_CHARACTERS
                       and self._realignment.match(text[following_start:following_stop]))
            if aligned:
                spans.append((sentence_start, following_start + len(aligned.group(0).rstrip())))
                sentence_start = following_start + aligned.end()
            else:
                if sentence_start < sentence_stop:
                    spans.append((sentence_start, sentence_stop))
                sentence_start = following_start
        if sentence_start < last_stop:
            spans.append((sentence_start, last_stop))
        return spans


def _punkt_parameters() -> PunktParameters:
    parameters = PunktParameters()
    parameters.abbrev_types = set(abbreviations())
    return parameters


@cache
def punkt_tokenizer() -> PunktSentenceTokenizer:
    """The untrained Punkt sentence splitter that knows the project's abbreviation list (the fast port)."""
    return FastPunktSentenceTokenizer(_punkt_parameters())


def reference_punkt_tokenizer() -> PunktSentenceTokenizer:
    """Plain nltk Punkt with the same parameters: the reference the fast splitter is tested against."""
    return PunktSentenceTokenizer(_punkt_parameters())
