"""Segmenting: sentences within paragraphs with quotation status, tokens with spans, lemmas and flags."""

from __future__ import annotations

import pandas as pd
import pytest

from presslens.segment import (
    FORM_COUNT_COLUMNS, sentence_lengths, sentence_table_from_texts, split_sentences, token_counts, tokenize)


def _sentences(*texts: str) -> list[str]:
    return sentence_table_from_texts(list(texts))["text"].tolist()


def test_titles_and_dotted_abbreviations_do_not_end_sentences():
    assert _sentences("As political analyst Mr. Dickinson remarked, it was serious. Then talks began.") == [
        "As political analyst Mr. Dickinson remarked, it was serious.", "Then talks began."]
    assert _sentences("It was U.S. President Donald Trump who spoke. Dr. Smith agreed.") == [
        "It was U.S. President Donald Trump who spoke.", "Dr. Smith agreed."]


def test_sentences_never_span_a_paragraph_break():
    table = sentence_table_from_texts("A heading without a full stop\n\nThe first sentence. The second one.")
    assert table[["paragraph", "sentence_id", "text"]].values.tolist() == [
        [0, 0, "A heading without a full stop"], [1, 1, "The first sentence."], [1, 2, "The second one."]]


def test_sentence_spans_point_into_the_body():
    body = "First paragraph here.\n\n  Second  paragraph. And more."
    sentences = split_sentences(pd.DataFrame({"article_id": ["a"], "body": [body]}))
    assert [body[start:end] for start, end in zip(sentences["start"], sentences["end"])] == sentences[
        "text"].tolist()


def test_quotation_status_follows_quotes_across_sentences():
    table = sentence_table_from_texts(
        "“Medinsky is a hardliner. He believes Ukraine is no nation,” noted an expert. "
        "Talks went on. Kraiev said: “It failed.” “Nothing changed.”")
    assert table["quotation"].tolist() == ["full", "partial", "none", "partial", "full"]


def test_an_unclosed_quote_runs_to_the_end_of_its_paragraph_only():
    table = sentence_table_from_texts("“This quote goes on. And on.\n\nNarration resumes here.")
    assert table["quotation"].tolist() == ["full", "full", "none"]


def test_tokens_split_clitics_punctuation_and_keep_hyphenated_words_and_abbreviations():
    tokens = tokenize(sentence_table_from_texts("Russia’s face-to-face talks didn't start in the U.S. on 1,000 days."))
    assert tokens["token"].tolist() == ["Russia", "’s", "face-to-face", "talks", "did", "n't", "start", "in",
                                        "the", "U.S.", "on", "1,000", "days", "."]
    assert tokens.loc[tokens["token"] == "’s", "lower"].item() == "'s"


def test_token_flags_lemmas_and_positions():
    tokens = tokenize(sentence_table_from_texts(["The talks were held. Delegations met.", "Ceasefire now!"]))
    talks = tokens[tokens["token"] == "talks"].iloc[0]
    assert (talks["lemma"], talks["is_stop"], talks["is_alpha"], talks["is_punct"]) == ("talk", False, True, False)
    the = tokens[tokens["token"] == "The"].iloc[0]
    assert (the["lower"], the["is_stop"]) == ("the", True)
    assert tokens.loc[tokens["token"] == "!", "is_punct"].item()
    assert tokens["position"].tolist() == [0, 1, 2, 3, 4, 0, 1, 2, 0, 1, 2]
    assert tokens["token_index"].tolist() == [0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2]
    assert tokens["sentence_id"].tolist() == [0] * 5 + [1] * 3 + [0] * 3


def test_token_spans_point_into_the_body():
    body = "Putin—who called for talks—did not attend.\n\nZelensky’s team went to snake_case.org… ½ ok."
    sentences = split_sentences(pd.DataFrame({"article_id": ["a"], "body": [body]}))
    tokens = tokenize(sentences)
    assert [body[start:end] for start, end in zip(tokens["start"], tokens["end"])] == tokens["token"].tolist()
    assert tokens.loc[tokens["token"] == "Zelensky", "paragraph"].item() == 1


def test_sentence_lengths_count_tokens_and_words():
    tokens = tokenize(sentence_table_from_texts("One, two three. Four!"))
    assert sentence_lengths(tokens)[["sentence_id", "tokens", "words"]].values.tolist() == [[0, 5, 3], [1, 2, 1]]


def test_fast_punkt_gives_plain_punkt_spans_on_tricky_paragraphs():
    from presslens import resources

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
    fast, plain = resources.punkt_tokenizer(), resources.reference_punkt_tokenizer()
    for paragraph in paragraphs:
        assert fast.span_tokenize(paragraph) == list(plain.span_tokenize(paragraph)), paragraph


def test_fast_punkt_refuses_trained_parameters_it_does_not_port():
    from nltk.tokenize.punkt import PunktParameters

    from presslens import resources

    parameters = PunktParameters()
    parameters.collocations = {("st", "louis")}
    with pytest.raises(ValueError, match="untrained parameters"):
        resources.FastPunktSentenceTokenizer(parameters)


@pytest.mark.shared
def test_fast_punkt_gives_plain_punkt_spans_on_the_ukraine_subset(shared_dir):
    from presslens import clean, load, resources

    articles, _ = clean.clean_articles(load.load_articles(shared_dir / "corpora/allsides/ukraine-subset.jsonl"))
    fast, plain = resources.punkt_tokenizer(), resources.reference_punkt_tokenizer()
    paragraphs = [paragraph for body in articles["body"] for paragraph in body.split("\n\n")]
    assert len(paragraphs) > 10_000
    assert [fast.span_tokenize(p) for p in paragraphs] == [list(plain.span_tokenize(p)) for p in paragraphs]


def _summed_token_table(sentences: pd.DataFrame) -> pd.DataFrame:
    """The token table of `tokenize` summed per article and lower form: what `token_counts` must give."""
    keys = ["article_id", "lower", "lemma", "is_stop", "is_alpha", "is_punct"]
    return (tokenize(sentences).groupby(keys, sort=True).size().rename("count").reset_index()
            [FORM_COUNT_COLUMNS].astype({"count": "int64"}))


def test_token_counts_sum_the_token_table_of_tricky_text():
    sentences = sentence_table_from_texts([
        "The U.S. didn't say it. They DON’T, won't—can't! Aren't 'they' \"right\"?\u00a0Yes:\u2009no 1,000.5 $",
        "Didn't he? isn'tn't x'tn 3-day face‐to‐face… didn’t didn\u200at",
    ])
    counts = token_counts(sentences)
    # first text: didn't, DON’T, won't, can't, Aren't -> five "n't" after did, do, wo, ca, are
    first = counts[counts["article_id"] == "text-1"].set_index("lower")["count"]
    assert first["n't"] == 5 and first["did"] == 1 and first["do"] == 1 and first["u.s."] == 1
    pd.testing.assert_frame_equal(counts, _summed_token_table(sentences))


def test_whitespace_that_cuts_pieces_is_the_whitespace_tokens_skip():
    # token_counts cuts text with str.split(); tokenize's pattern skips \s: both must agree on every character
    import re
    import sys

    splitting = {chr(code) for code in range(sys.maxunicode + 1) if len(f"a{chr(code)}b".split()) == 2}
    spaces = {chr(code) for code in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(code))}
    assert splitting == spaces and "\u00a0" in spaces


@pytest.mark.shared
def test_token_counts_sum_the_token_table_on_the_ukraine_subset(shared_dir):
    from presslens import clean, load

    articles, _ = clean.clean_articles(load.load_articles(shared_dir / "corpora/allsides/ukraine-subset.jsonl"))
    sentences = split_sentences(articles)
    pd.testing.assert_frame_equal(token_counts(sentences), _summed_token_table(sentences))


def test_token_counts_keep_clitics_of_separate_pieces_apart():
    # "can 't" is two pieces: the "n" stays with "can" (as in tokenize); "can't" is "ca" + "n't"
    sentences = sentence_table_from_texts(["I can 't go. We can't. 't"])
    counts = token_counts(sentences).set_index("lower")["count"]
    assert (counts["can"], counts["'t"], counts["ca"], counts["n't"]) == (1, 2, 1, 1)
    pd.testing.assert_frame_equal(token_counts(sentences), _summed_token_table(sentences))


def test_token_counts_are_the_same_when_remembered_forms_are_forgotten(monkeypatch):
    from presslens import segment

    # forms: the, talks, were, held, in, u.s., delegations, met, "." (9) and then ",", and, more, ";", nobody (5)
    first, second = "The talks were held in the U.S. Delegations met.", "Talks, talks and more talks; nobody met."
    monkeypatch.setattr(segment, "_MAX_REMEMBERED_FORMS", 10)
    monkeypatch.setattr(segment, "_REMEMBERED_FORMS", {})
    remembered = []
    for texts in ([first], [first, second], [second]):
        sentences = sentence_table_from_texts(texts)
        pd.testing.assert_frame_equal(token_counts(sentences), _summed_token_table(sentences))
        remembered.append(len(segment._REMEMBERED_FORMS))
    # 9 fit; 9 + 5 new do not, so all is forgotten and the chunk's 14 are kept; the last chunk adds none
    assert remembered == [9, 14, 14]


def test_arrow_cuts_pieces_at_the_whitespace_str_split_cuts_at():
    # token_counts cuts sentences with pyarrow's utf8_split_whitespace; tokenize joins them and uses \s
    import sys

    import pyarrow as pa
    import pyarrow.compute as pc

    characters = [chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code < 0xE000]
    arrow_pieces = pc.utf8_split_whitespace(pa.array([f"a{character}b" for character in characters]))
    arrow_cuts = {character for character, pieces in zip(characters, arrow_pieces.to_pylist())
                  if [piece for piece in pieces if piece] == ["a", "b"]}
    python_cuts = {character for character in characters if f"a{character}b".split() == ["a", "b"]}
    assert arrow_cuts == python_cuts and len(python_cuts) == 29  # 29 characters, \x1c-\x1f and \u3000 among them


def test_token_counts_refuses_missing_sentence_text():
    with pytest.raises(ValueError, match="'text' has missing values"):
        token_counts(pd.DataFrame({"article_id": ["a", "a"], "text": ["Fine.", None]}))


def _paragraph_spans(body: str) -> list[tuple[int, int]]:
    import re

    breaks = [found.span() for found in re.finditer(r"\n\s*\n", body)]
    return list(zip([0] + [end for _, end in breaks], [start for start, _ in breaks] + [len(body)]))


def test_fast_punkt_spans_of_paragraphs_are_plain_punkt_spans_of_each_paragraph():
    import random

    from presslens import resources

    # made-up bodies: abbreviations, initials, numbers, "?!", quotes and brackets, marks right before
    # paragraph breaks, breaks with spaces or \x1c (whitespace to `re` but not to nltk's `regex`)
    words = ["Mr.", "Dr.", "U.S.", "J.", "A.", "No.", "5.", "3.5", "e.g.", "etc.", "said", "Smith", "talks",
             "end.", "it?", "no!", "?!", "...", "“Yes.”", "(led", "by)", "again.)", "'quoted'", "--", "»", "«",
             "x.y", "1,000.", "p.m.", "Inc.", "co.", "½.", "\x1c", "b.", "Then", "(Sent1.)", "!!!", "\"No.\""]
    separators = [" ", " ", " ", "  ", "\n", " \n", "\t"]
    breaks = ["\n\n", "\n \n", " \n\n", "\n\x1c\n", "\n\n  ", "\n\n\n"]
    rng = random.Random(8)
    fast, plain = resources.punkt_tokenizer(), resources.reference_punkt_tokenizer()
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

    from presslens import resources

    fast = resources.punkt_tokenizer()
    starters = {chr(code) for code in range(sys.maxunicode + 1)
                if not 0xD800 <= code < 0xE000 and fast._realignment.match(chr(code) + " ")}
    assert starters == fast._CLOSING_CHARACTERS and len(starters) == 11  # " ' ) ] } ‘ ’ “ ” « »


def test_fast_punkt_forgets_its_answers_at_the_limit_and_still_splits_the_same(monkeypatch):
    from presslens import resources

    paragraph = "Mr. Smith went to Washington. He met Sen. Jones at 5 p.m. Then he left! “Why?” (He knew.) Fine."
    fast = resources.FastPunktSentenceTokenizer(resources._punkt_parameters())
    monkeypatch.setattr(fast, "_MAX_ANSWERS", 3)
    expected = list(resources.reference_punkt_tokenizer().span_tokenize(paragraph))
    assert fast.span_tokenize(paragraph) == expected and fast.span_tokenize(paragraph) == expected
    assert 0 < len(fast._answers) <= 3


def test_fast_punkt_end_marks_take_the_whitespace_nltk_takes():
    # the end-mark pattern runs on `re`, with the whitespace of nltk's `regex` engine spelt out
    import re
    import sys

    import regex

    from presslens import resources

    whitespace = re.compile(f"[{resources.FastPunktSentenceTokenizer._WHITESPACE}]")
    characters = [chr(code) for code in range(sys.maxunicode + 1)]
    assert ([character for character in characters if whitespace.match(character)]
            == [character for character in characters if regex.match(r"\s", character, regex.UNICODE)])
    fast, plain = resources.punkt_tokenizer(), resources.reference_punkt_tokenizer()
    # 9 end marks: all but the first (followed by \x1c, no whitespace to `regex`); the last token runs to \x1f
    text = "End.\x1cNext. End.\u3000Next? x.\x85y! (a.) [b?] Fin.\u2009“Q.”\x1f"
    spans = [match.regs for match in plain._lang_vars.period_context_re().finditer(text)]
    assert [match.regs for match in fast._period_context.finditer(text)] == spans
    assert len(spans) == 9 and spans[0][0] == (9, 10) and spans[-2][1] == (42, 48)


def test_quotation_status_is_the_share_of_word_characters_inside_each_paragraphs_quoted_passages():
    import random
    import re

    from presslens import segment

    # made-up bodies: every kind of quote mark, closed or not, within and across sentences and paragraphs
    words = ["Talks", "said.", "“Yes.”", "“No", "way”", "«Non»", "„Ja“", "„So”", "\"Fine.\"", "\"Open", "it”", "no!",
             "“", "”", "»", "«", "\"", "—", "(x.)", "U.S.", "12.", "_", "’t", "Mr.", "“Why?”", "end."]
    rng = random.Random(11)
    for _ in range(300):
        body = "".join(rng.choice(words) + rng.choice([" ", " ", "  ", "\n", "\n\n", "\n \n"])
                       for _ in range(rng.randint(1, 25)))
        sentences = split_sentences(pd.DataFrame({"article_id": ["a"], "body": [body]}))
        paragraphs = _paragraph_spans(body)
        expected = []
        for paragraph, start, end in sentences[["paragraph", "start", "end"]].itertuples(index=False):
            quoted = {position for found in segment._QUOTED.finditer(body, *paragraphs[paragraph])
                      for position in range(*found.span())}
            word_positions = [position for position in range(start, end) if re.match(r"[^\W_]", body[position])]
            inside = [position in quoted for position in word_positions]
            expected.append("none" if not any(inside) else "full" if all(inside) else "partial")
        assert sentences["quotation"].tolist() == expected, body
