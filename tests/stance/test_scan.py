"""The RE2 prefilter of the scans: a speed-up that must not change a result."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

import presslens as pl
from presslens import stance
from presslens.stance import mentions, scan


def test_the_case_insensitive_prefilter_keeps_every_character_python_would_match():
    """Over all of Unicode, each checked character's prefilter keeps every character that Python's
    case-insensitive engine matches, or that lower-cases to it (the scan of lower-cased text)."""
    characters = [chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF]
    one_per_line = "\n".join(characters)
    by_lower_case: dict[str, set[str]] = {}
    for character in characters:
        by_lower_case.setdefault(character.lower(), set()).add(character)
    for checked in sorted(scan.CASE_CHECKED_CHARACTERS):
        python_matches = sorted(set(re.findall(re.escape(checked), one_per_line, re.IGNORECASE))
                                | by_lower_case[checked.lower()])
        pattern = scan.prefilter_pattern([checked.lower()], ignore_case=True)
        kept = scan.rows_containing(python_matches, range(len(python_matches)), pattern, ignore_case=True)
        missed = [python_matches[row] for row in sorted(set(range(len(python_matches))) - set(kept))]
        assert not missed, f"{checked!r}: RE2 misses {missed}"


def test_the_prefilter_keeps_every_row_when_it_cannot_judge():
    texts = ["Kyiv said no.", "nothing here", "Kyiv\ud800 said yes."]  # a lone surrogate cannot go to Arrow
    pattern = scan.prefilter_pattern(["Kyiv"])
    assert scan.rows_containing(texts[:2], range(2), pattern) == [0]
    assert list(scan.rows_containing(texts, range(3), pattern)) == [0, 1, 2]
    assert scan.prefilter_pattern(["Zürich"], ignore_case=True) is None
    assert scan.prefilter_pattern(["Zürich"]) is not None


def test_prefiltered_scans_give_what_scanning_every_sentence_gives(shared_dir: Path,
                                                                   monkeypatch: pytest.MonkeyPatch):
    articles, _ = pl.clean_articles(pl.load_articles(shared_dir / "corpora" / "allsides" / "ukraine-subset.jsonl"))
    corpus = pl.split_sentences(articles)
    prefiltered = stance.find_mentions(corpus)
    monkeypatch.setattr(mentions, "rows_containing", lambda texts, rows, pattern, ignore_case=False: rows)
    assert len(prefiltered) > 10000 and prefiltered.equals(stance.find_mentions(corpus))
    # the sentences parsed: every sentence with a stance or speech word passes the prefilter
    codebook = stance.load_codebook()
    texts = corpus["text"].tolist()
    kept = set(scan.rows_containing(texts, range(len(texts)), codebook.parse_prefilter, ignore_case=True))
    token = re.compile(r"[\w'’-]+")
    with_word = {row for row, text in enumerate(texts)
                 if any(word.lower() in codebook.parse_words for word in token.findall(text))}
    assert len(with_word) > 1000 and with_word <= kept
