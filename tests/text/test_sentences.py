"""Sentences: split within paragraphs, with spans into the body and each sentence's quotation status."""

from __future__ import annotations

import pandas as pd
import pytest

from presslens.text import sentence_table_from_texts, split_sentences
from presslens.text.sentences import MAX_SENTENCE_CHARACTERS, cut_long_span


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


def _paragraph_spans(body: str) -> list[tuple[int, int]]:
    import re

    breaks = [found.span() for found in re.finditer(r"\n\s*\n", body)]
    return list(zip([0] + [end for _, end in breaks], [start for start, _ in breaks] + [len(body)]))


def test_quotation_status_is_the_share_of_word_characters_inside_each_paragraphs_quoted_passages():
    import random
    import re

    from presslens.text import sentences as sentence_module

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
            quoted = {position for found in sentence_module._QUOTED.finditer(body, *paragraphs[paragraph])
                      for position in range(*found.span())}
            word_positions = [position for position in range(start, end) if re.match(r"[^\W_]", body[position])]
            inside = [position in quoted for position in word_positions]
            expected.append("none" if not any(inside) else "full" if all(inside) else "partial")
        assert sentences["quotation"].tolist() == expected, body


# --- Text without sentence ends ------------------------------------------------------------------


def _split(body: str) -> pd.DataFrame:
    return split_sentences(pd.DataFrame({"article_id": ["a"], "body": [body]}))


@pytest.mark.parametrize("run", [
    " ".join(["Russia rejected the proposal and Ukraine said"] * 2_000),  # 92,000 characters, no sentence end
    "\n".join(["the talks went on and on"] * 4_000),  # single line breaks, still one paragraph
    "x" * 10_001,  # no white space at all: cut mid-word, at exactly the limit
    "Mr. " * 3_000 + "Smith",  # every full stop belongs to an abbreviation
])
def test_a_run_without_sentence_ends_is_cut_into_pieces_no_longer_than_the_limit(run):
    body = f"Talks began. {run}. Talks ended."

    table = _split(body)

    assert table["text"].str.len().max() <= MAX_SENTENCE_CHARACTERS
    assert [body[start:end] for start, end in zip(table["start"], table["end"])] == table["text"].tolist()
    assert table["text"].iloc[0] == "Talks began." and table["text"].iloc[-1] == "Talks ended."
    assert table["cut"].tolist() == [False] + [True] * (len(table) - 2) + [False]
    pieces = table["text"].iloc[1:-1]
    assert "".join(pieces).replace(" ", "").replace("\n", "") == f"{run}.".replace(" ", "").replace("\n", "")
    if " " in run or "\n" in run:  # cut at white space: no word is split
        assert (pieces.str.len() > MAX_SENTENCE_CHARACTERS - 60).iloc[:-1].all()
        assert all(body[end].isspace() for end in table["end"].iloc[1:-2])
    assert table["sentence_id"].tolist() == list(range(len(table)))


def test_sentences_within_the_limit_are_never_cut():
    longest = "word " * (MAX_SENTENCE_CHARACTERS // 5 - 1) + "end."  # 3,999 characters
    table = _split(f"{longest} Next one.")

    assert table["text"].tolist() == [longest, "Next one."] and not table["cut"].any()
    assert cut_long_span(longest, 0, len(longest)) == [(0, len(longest))]


def test_the_sentence_table_stays_linear_in_the_length_of_an_unpunctuated_text():
    words = "Putin said Russia would talk to Ukraine "
    short, long = _split(words * 1_000), _split(words * 10_000)  # 40,000 and 400,000 characters

    # ten times the text, ten times the rows and characters: nothing repeats a whole run
    assert len(long) == pytest.approx(10 * len(short), rel=0.05)
    assert long["text"].str.len().sum() < 400_000 <= 10 * short["text"].str.len().sum() + 10_000


@pytest.mark.parametrize(("text", "expected"), [
    ('His father, who made stickers that read, "¡Basta ya!" (Enough already!), would not support him. He left.',
     ['His father, who made stickers that read, "¡Basta ya!" (Enough already!), would not support him.',
      "He left."]),
    ("He left (or did he?) and came back. Then he spoke.", ["He left (or did he?) and came back.", "Then he spoke."]),
    ('"Why?" asked Smith. Nobody answered.', ['"Why?" asked Smith.', "Nobody answered."]),
    ("Wow! (It was late.) Then more.", ["Wow!", "(It was late.)", "Then more."]),   # real sentences stay apart
])
def test_a_piece_cut_off_after_an_exclamation_or_question_inside_a_sentence_is_joined_back(text, expected):
    assert _sentences(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Illinois Governor J.B. Pritzker said so. Then he left.",
     ["Illinois Governor J.B. Pritzker said so.", "Then he left."]),
    ("The plan was drafted by A.B. Smith.", ["The plan was drafted by A.B. Smith."]),
    ("He moved to the A.B. Smith said so.", ["He moved to the A.B.", "Smith said so."]),   # after "the": an end
])
def test_a_surname_is_not_cut_off_after_a_names_initials(text, expected):
    assert _sentences(text) == expected
