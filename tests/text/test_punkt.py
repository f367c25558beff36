"""The fast Punkt port: the same sentence spans as plain nltk Punkt, with the same patterns."""

from __future__ import annotations

import pytest

from presslens.text import punkt


def test_fast_punkt_gives_plain_punkt_spans_on_tricky_paragraphs():
    from presslens.text import punkt

    paragraphs = [
        "Mr. Smith went to Washington. He met Sen. Jones at 5 p.m. Then he left!",
        "“Is this it?” she asked. “Yes.” The U.S. side (led by J. Bach) agreed... Later, in 2015. talks.",
        "Very bad acting!!! I promise. (Sent1.) Sent2. He said: “No.” It ended -- finally.",
        "A. B. Smith and co. left at No. 5. e.g. this. U.N. officials said so.",
        # characters on which Python's `re` and nltk's `regex` engine disagree (letter? space?)
        "Tea with ½. Then more. It was No.\n\x1c item.",
        "The line ends here.\n\x1c And then ½. b. c.",
        "",
        "   ",
    ]
    fast, plain = punkt.punkt_tokenizer(), punkt.reference_punkt_tokenizer()
    for paragraph in paragraphs:
        assert fast.span_tokenize(paragraph) == list(plain.span_tokenize(paragraph)), paragraph


def test_fast_punkt_refuses_trained_parameters_it_does_not_port():
    from nltk.tokenize.punkt import PunktParameters

    from presslens.text import punkt

    parameters = PunktParameters()
    parameters.collocations = {("st", "louis")}
    with pytest.raises(ValueError, match="untrained parameters"):
        punkt.FastPunktSentenceTokenizer(parameters)


@pytest.mark.shared
def test_fast_punkt_gives_plain_punkt_spans_on_the_ukraine_subset(shared_dir):
    from presslens.io import load
    from presslens.text import clean, punkt

    articles, _ = clean.clean_articles(load.load_articles(shared_dir / "corpora/allsides/ukraine-subset.jsonl"))
    fast, plain = punkt.punkt_tokenizer(), punkt.reference_punkt_tokenizer()
    paragraphs = [paragraph for body in articles["body"] for paragraph in body.split("\n\n")]
    assert len(paragraphs) > 10_000
    assert [fast.span_tokenize(p) for p in paragraphs] == [list(plain.span_tokenize(p)) for p in paragraphs]


def _paragraph_spans(body: str) -> list[tuple[int, int]]:
    import re

    breaks = [found.span() for found in re.finditer(r"\n\s*\n", body)]
    return list(zip([0] + [end for _, end in breaks], [start for start, _ in breaks] + [len(body)]))


def test_fast_punkt_spans_of_paragraphs_are_plain_punkt_spans_of_each_paragraph():
    import random

    from presslens.text import punkt

    # made-up bodies: abbreviations, initials, numbers, "?!", quotes and brackets, marks right before
    # paragraph breaks, breaks with spaces or \x1c (whitespace to `re` but not to nltk's `regex`)
    words = ["Mr.", "Dr.", "U.S.", "J.", "A.", "No.", "5.", "3.5", "e.g.", "etc.", "said", "Smith", "talks",
             "end.", "it?", "no!", "?!", "...", "“Yes.”", "(led", "by)", "again.)", "'quoted'", "--", "»", "«",
             "x.y", "1,000.", "p.m.", "Inc.", "co.", "½.", "\x1c", "b.", "Then", "(Sent1.)", "!!!", "\"No.\""]
    separators = [" ", " ", " ", "  ", "\n", " \n", "\t"]
    breaks = ["\n\n", "\n \n", " \n\n", "\n\x1c\n", "\n\n  ", "\n\n\n"]
    rng = random.Random(8)
    fast, plain = punkt.punkt_tokenizer(), punkt.reference_punkt_tokenizer()
    for _ in range(400):
        body = "".join(rng.choice(words) + (rng.choice(breaks) if rng.random() < 0.15 else rng.choice(separators))
                       for _ in range(rng.randint(1, 30)))
        parts = _paragraph_spans(body)
        expected = [[(start + begin, start + stop) for begin, stop in plain.span_tokenize(body[start:end])]
                    for start, end in parts]
        assert fast.span_tokenize_parts(body, parts) == expected, body
        unaligned = [[(start + begin, start + stop) for begin, stop in
                      plain.span_tokenize(body[start:end], realign_boundaries=False)] for start, end in parts]
        assert fast.span_tokenize_parts(body, parts, realign_boundaries=False) == unaligned, body


def test_fast_punkt_tries_realignment_only_after_the_characters_it_can_start_with():
    import sys

    from presslens.text import punkt

    fast = punkt.punkt_tokenizer()
    starters = {chr(code) for code in range(sys.maxunicode + 1)
                if not 0xD800 <= code < 0xE000 and fast._realignment.match(chr(code) + " ")}
    assert starters == fast._CLOSING_CHARACTERS and len(starters) == 11  # " ' ) ] } ‘ ’ “ ” « »


def test_fast_punkt_forgets_its_answers_at_the_limit_and_still_splits_the_same(monkeypatch):
    from presslens.text import punkt

    paragraph = "Mr. Smith went to Washington. He met Sen. Jones at 5 p.m. Then he left! “Why?” (He knew.) Fine."
    fast = punkt.FastPunktSentenceTokenizer(punkt._punkt_parameters())
    monkeypatch.setattr(fast, "_MAX_ANSWERS", 3)
    expected = list(punkt.reference_punkt_tokenizer().span_tokenize(paragraph))
    assert fast.span_tokenize(paragraph) == expected and fast.span_tokenize(paragraph) == expected
    assert 0 < len(fast._answers) <= 3


def test_fast_punkt_end_marks_take_the_whitespace_nltk_takes():
    # the end-mark pattern runs on `re`, with the whitespace of nltk's `regex` engine spelt out
    import re
    import sys

    import regex

    from presslens.text import punkt

    whitespace = re.compile(f"[{punkt.FastPunktSentenceTokenizer._WHITESPACE}]")
    characters = [chr(code) for code in range(sys.maxunicode + 1)]
    assert ([character for character in characters if whitespace.match(character)]
            == [character for character in characters if regex.match(r"\s", character, regex.UNICODE)])
    fast, plain = punkt.punkt_tokenizer(), punkt.reference_punkt_tokenizer()
    # 9 end marks: all but the first (followed by \x1c, no whitespace to `regex`); the last token runs to \x1f
    text = "End.\x1cNext. End.\u3000Next? x.\x85y! (a.) [b?] Fin.\u2009“Q.”\x1f"
    spans = [match.regs for match in plain._lang_vars.period_context_re().finditer(text)]
    assert [match.regs for match in fast._period_context.finditer(text)] == spans
    assert len(spans) == 9 and spans[0][0] == (9, 10) and spans[-2][1] == (42, 48)


def test_the_ported_patterns_are_nltks_own():
    """The port spells out nltk's English patterns instead of reading nltk's private attributes: they must agree."""
    from nltk.tokenize.punkt import PunktLanguageVars, PunktToken

    variables = PunktLanguageVars()

    def same(ours: str, nltks: str) -> bool:
        # nltk builds the class of "?" and "!" from a set, so their order follows the process's hash seed
        return ours.replace(r"!\?", r"\?!") == nltks.replace(r"!\?", r"\?!")

    assert same(punkt.NON_WORD, variables._re_non_word_chars)
    assert punkt.SENTENCE_END_MARKS == variables._re_sent_end_chars
    assert punkt.MULTI_CHARACTER_PUNCTUATION == variables._re_multi_char_punct
    assert punkt.WORD_START == variables._re_word_start
    assert same(punkt.PERIOD_CONTEXT, variables._period_context_fmt % {
        "NonWord": variables._re_non_word_chars, "SentEndChars": variables._re_sent_end_chars})
    assert same(punkt.WORD_TOKENIZE, variables._word_tokenize_fmt % {
        "NonWord": variables._re_non_word_chars, "MultiChar": variables._re_multi_char_punct,
        "WordStart": variables._re_word_start})
    assert punkt.BOUNDARY_REALIGNMENT == variables.re_boundary_realignment.pattern
    assert (punkt.NUMERIC, punkt.INITIAL) == (PunktToken._RE_NUMERIC.pattern, PunktToken._RE_INITIAL.pattern)
