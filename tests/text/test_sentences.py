"""Sentences: split within paragraphs, with spans into the body and each sentence's quotation status."""

from __future__ import annotations

import pandas as pd

from presslens.text import sentence_table_from_texts, split_sentences


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
