"""Finding words in many sentences fast: trie-shaped patterns, an RE2 prefilter, and one regex pass per chunk.

The stance rules look for actor aliases, issue aliases, cues and speech verbs in every sentence of a corpus.
`trie_pattern` compiles a word list into one alternation that costs one branch per character; `rows_containing`
leaves out, with Arrow's linear-time RE2 engine, the sentences that cannot hold a match; `scan` then runs
Python's regex over the remaining sentences joined into one text per chunk.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence

import pyarrow as pa
import pyarrow.compute as pc


def trie_pattern(words: Iterable[str]) -> str:
    """A regex alternation shaped as a trie, so matching costs one branch per character, not per word."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            body = f"(?:{body})?"
        return body

    return build(trie)


# Characters of the word lists that `rows_containing` passes to RE2 to match in any case: for these, RE2's
# case-insensitive matching (with `_PYTHON_ONLY_CASES` added) lets through every character Python's does
# (tested over all of Unicode).
CASE_CHECKED_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -'’.&/")
# Python's `re.IGNORECASE` matches the Turkish dotted and dotless i to "i"; RE2's case folding does not.
_PYTHON_ONLY_CASES = {ord("i"): "[iİı]", ord("I"): "[iİı]"}


def prefilter_pattern(words: Iterable[str], *, ignore_case: bool = False) -> str | None:
    """The trie of `words` for `rows_containing`, or None (keep every row) when, matching in any case, RE2 could
    miss a text that Python's engine matches (a word has a character outside `CASE_CHECKED_CHARACTERS`)."""
    words = list(words)
    if not ignore_case:
        return trie_pattern(words)
    if not set("".join(words)) <= CASE_CHECKED_CHARACTERS:
        return None
    return trie_pattern(words).translate(_PYTHON_ONLY_CASES)  # "i" only ever stands for itself in the trie


def rows_containing(texts: Sequence[str], rows: Sequence[int], pattern: str | None, *,
                    ignore_case: bool = False) -> Sequence[int]:
    """The rows whose text contains a match of `pattern` (from `prefilter_pattern`), in order.

    A first pass before `scan`: Arrow's RE2 engine runs a whole word list as one automaton, in linear time,
    and leaves out the texts that cannot hold a match, where Python's engine would try the list at every
    position. All rows are kept when `pattern` is None or a text cannot be stored by Arrow (a lone surrogate).
    """
    if pattern is None:
        return rows
    try:
        selected = pa.array([texts[row] for row in rows], type=pa.large_string())
    except UnicodeEncodeError:
        return rows
    found = pc.match_substring_regex(selected, pattern, ignore_case=ignore_case)
    return list(itertools.compress(rows, found.to_numpy(zero_copy_only=False)))


# what may not precede an actor alias, and a cue, an issue alias or a speech verb
ACTOR_EDGE = r"(?<![\w’'])"
WORD_EDGE = r"(?<![\w-])"
# A pattern opening with a look-behind costs the regex engine a match attempt at every position; one opening with
# a character class lets it skip to the next character of the class in a tight loop. So the patterns that scan
# long texts for cues, issues and speech verbs open with this class instead of `WORD_EDGE`: it consumes the
# character before the match, and lets through a few more than `WORD_EDGE` does ("é"), which `scan` refuses
# (measured: the stance stage on the 840-article subset takes about 3.0 s of CPU instead of 3.1 s).
EDGE_CHARACTER = "[^a-zA-Z0-9_-]"


def edge_consuming(pattern: re.Pattern, *, flags: int | None = None) -> re.Pattern:
    """`pattern`, which opens with `WORD_EDGE`, opening with `EDGE_CHARACTER` instead (for `scan(...,
    consumes_edge=True)`), with the same flags or with `flags`."""
    return re.compile(EDGE_CHARACTER + pattern.pattern.removeprefix(WORD_EDGE),
                      pattern.flags if flags is None else flags)


Hit = tuple[int, int, str, tuple]  # start, end (within the text), matched text, the match's groups


def scan(pattern: re.Pattern, texts: Sequence[str], rows: Sequence[int], *, chunk: int = 20000,
         lower: re.Pattern | None = None, edge: str = "", consumes_edge: bool = False) -> dict[int, list[Hit]]:
    """Matches of `pattern` in the texts at `rows`, joined by newlines so that one regex call scans a chunk.

    `lower` is the same pattern for lower-cased text, used when lower-casing keeps every offset. `edge` is a
    look-behind a match must pass, checked here instead of in the pattern (see `EDGE_CHARACTER`); with
    `consumes_edge`, the pattern opens by consuming the character before the match, which is not part of the
    match returned (the chunk is scanned after a newline, so that a text's first character can start a match),
    and must end before a character that cannot open a match (as a closing look-ahead for a word character
    does), so that the next match is looked for after this one's end. A match refused at its edge does not hide
    a later one it overlaps: the search goes on from the character after its start ("thatthe Kremlin" still
    names "Kremlin"). Matches are kept as plain tuples, so no `re.Match` object outlives the scan.

    Returns:
        Row -> [(start, end within the row's text, matched text, groups)], for the rows with a match.
    """
    found: dict[int, list[Hit]] = {}
    lead = 1 if consumes_edge else 0  # the characters of a match before the one returned
    for first in range(0, len(rows), chunk):
        part = rows[first:first + chunk]
        part_texts = [texts[row] for row in part]
        joined = "\n" * lead + "\n".join(part_texts)
        offsets = list(itertools.accumulate([len(text) + 1 for text in part_texts[:-1]], initial=lead))
        if lower is not None and len(lowered := joined.lower()) == len(joined):
            scanner, searched = lower, lowered
        else:
            scanner, searched = pattern, joined
        edge_match = re.compile(edge, scanner.flags).match if edge else None
        offset, next_offset, hits = 0, lead, []  # where the current row's text starts, where the next one's
        position: int | None = 0
        while position is not None:
            resume = None
            for match in scanner.finditer(searched, position):  # one C-level loop; left only when an edge refuses
                start, end = match.span()
                start += lead
                if edge_match and not edge_match(searched, start):
                    resume = start + 1 - lead
                    break
                if start >= next_offset:  # a match in a later row
                    index = bisect.bisect_right(offsets, start) - 1
                    offset, hits = offsets[index], found.setdefault(part[index], [])
                    next_offset = offsets[index + 1] if index + 1 < len(offsets) else len(searched)
                hits.append((start - offset, end - offset, searched[start:end] if lead else match.group(),
                             match.groups()))
            position = resume
    return found
