"""Cleaning: boilerplate removal with an audit, metadata from page furniture, Unicode normalisation."""

from __future__ import annotations

import re
import warnings

import pandas as pd
import pytest

import presslens
from presslens.io.load import load_articles
from presslens.text.clean import (
    _ASCII_CASE_LOOKALIKES, audit_summary, clean_articles, clean_text, line_report, load_rules, normalize_text,
)

SEED_TITLE = "Deception and Tension: Unveiling the Events of the Istanbul Negotiations"


def _articles(text: str, *, title: str | None = None, source: str | None = None) -> pd.DataFrame:
    return pd.DataFrame({"article_id": ["a1"], "title": [title], "source": [source], "text": [text]})


@pytest.fixture(scope="module")
def cleaned_seed(seed_path):
    articles = _articles(seed_path.read_text(encoding="utf-8"), title=SEED_TITLE)
    return clean_articles(articles)


def test_seed_body_keeps_every_news_paragraph_and_nothing_else(cleaned_seed):
    articles, _ = cleaned_seed
    body = articles.loc[0, "body"]
    assert body.startswith("In a highly anticipated meeting")
    assert body.endswith("as both sides move forward.")
    assert body.count("\n\n") == 15  # 16 news paragraphs
    for furniture in ["Advertisement", "Edited By Ali Musa", "Axadle Times International – Monitoring.",
                      "banner", "uses cookies", SEED_TITLE]:
        assert furniture not in body


def test_seed_editor_and_source_come_from_the_trailer_lines(cleaned_seed):
    articles, _ = cleaned_seed
    assert articles.loc[0, "editor"] == "Ali Musa"
    assert articles.loc[0, "source"] == "Axadle Times International"


def test_seed_audit_has_one_row_per_removed_or_moved_line_with_its_rule(cleaned_seed):
    _, audit = cleaned_seed
    assert audit[["line_number", "rule", "action"]].values.tolist() == [
        [0, "title-line", "metadata"],
        [4, "advertisement-marker", "drop"],
        [36, "editor-trailer", "metadata"],
        [37, "source-monitoring", "metadata"],
        [39, "lone-banner", "drop"],
        [41, "cookie-notice", "drop"],
    ]


def test_source_already_known_is_not_overwritten_by_a_trailer_line():
    articles, audit = clean_articles(_articles("News text here.\n\nSource: Reuters", source="AP"))
    assert articles.loc[0, "source"] == "AP"
    assert audit.loc[0, "rule"] == "source-trailer"
    assert articles.loc[0, "body"] == "News text here."


def test_news_sentences_that_mention_boilerplate_words_are_kept():
    rules = load_rules()
    text = ("Watchdogs said the advertisement broke the rules.\n\n"
            "Writing by hand is a dying art, the minister said.\n\n"
            "Shares in the company fell after the subscribe button vanished.")
    body, audit, _ = clean_text(text, rules=rules)
    assert audit == []
    assert body == text


def test_lines_without_blank_lines_between_them_are_each_a_paragraph():
    body, _, _ = clean_text("First paragraph.\nSecond paragraph.\nAdvertisement", rules=load_rules())
    assert body == "First paragraph.\n\nSecond paragraph."


def test_wrapped_lines_within_a_paragraph_are_joined():
    body, _, _ = clean_text("A sentence that\nwraps here.\n\nNext paragraph.", rules=load_rules())
    assert body == "A sentence that wraps here.\n\nNext paragraph."


def test_normalisation_handles_nfkc_nonbreaking_spaces_dashes_and_apostrophes():
    assert normalize_text("Kyiv\u00a0said\u200b ﬁnal \u2212 Russia\u2019s \u201cB\u2011team\u201d") == (
        "Kyiv said final - Russia's \u201cB-team\u201d")


def test_audit_summary_counts_lines_per_rule(cleaned_seed):
    _, audit = cleaned_seed
    summary = audit_summary(audit)
    assert summary["lines"].sum() == 6
    assert set(summary["rule"]) == {"title-line", "advertisement-marker", "editor-trailer",
                                    "source-monitoring", "lone-banner", "cookie-notice"}


def test_line_report_marks_every_raw_line_kept_or_removed(cleaned_seed):
    articles, audit = cleaned_seed
    report = line_report(articles, audit, "a1")
    assert report["outcome"].value_counts().to_dict() == {"kept": 16, "metadata": 3, "drop": 3}


def test_a_bad_rule_names_the_file_and_the_rule(tmp_path):
    rules = tmp_path / "rules.csv"
    rules.write_text("rule,action,field,pattern,description\nbroken,drop,,(unclosed,oops\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"rules\.csv: rule 'broken'.*does not compile"):
        load_rules(rules)


def test_an_article_left_empty_by_cleaning_is_kept_and_noted_not_warned_about(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        articles, audit = clean_articles(_articles("Advertisement\n\nbanner"))
    assert articles.loc[0, "body"] == ""
    assert len(audit) == 2
    (tmp_path / "furniture.txt").write_text("Talks\n\nAdvertisement\n\nbanner", encoding="utf-8")
    notes = presslens.read_corpus(tmp_path, errors="report").notes()
    assert notes[["file", "what"]].values.tolist() == [["furniture.txt", "empty"]]
    assert notes["why"].iloc[0].startswith("no text left after the boilerplate rules")


@pytest.mark.parametrize("furniture", ["hide caption", "168 photos", "Photos: Ukraine crisis", "ADVERTISEMENT",
                                       "Read more: Talks collapse in Istanbul", "Follow Kevin on Twitter",
                                       "Copyright 2018 The Associated Press. All rights reserved."])
def test_common_news_site_furniture_lines_are_removed(furniture):
    body, audit, _ = clean_text(f"The talks went on.\n\n{furniture}\n\nThey ended.", rules=load_rules())
    assert body == "The talks went on.\n\nThey ended."
    assert [row["line"] for row in audit] == [furniture]


def test_only_the_listed_characters_match_an_ascii_letter_case_insensitively_without_lowering_to_it():
    # `BoilerplateRules.for_text` looks for a rule's required ASCII text in `text.lower()`; that is exact
    # unless the text holds a character that `re` matches to an ASCII letter while `str.lower()` does not
    # give that letter: dotted capital I (lowers to "i" + combining dot), dotless i and long s.
    every_other_character = "".join(map(chr, range(0x80, 0x110000)))
    for letter in "abcdefghijklmnopqrstuvwxyz":
        for character in set(re.findall(letter, every_other_character, re.IGNORECASE)):
            assert character.lower() == letter or character in _ASCII_CASE_LOOKALIKES, character


def test_rules_left_out_for_a_text_change_no_line_of_real_articles(shared_dir):
    rules = load_rules()
    articles = load_articles(shared_dir / "corpora" / "allsides" / "ukraine-subset.jsonl")
    for text in articles["text"].head(300):
        normalized = normalize_text(text)
        combined = rules.for_text(normalized)
        for line in normalized.split("\n"):
            assert rules.match_line(line, combined=combined) == rules.match_line(line), line


def test_a_rule_is_kept_for_a_text_whose_required_word_has_a_case_lookalike():
    # "cookİes" (dotted capital I) matches " cookies" case-insensitively, but its lower case does not.
    rules = load_rules()
    body, audit, _ = clean_text("The talks went on.\n\nThis website uses cook\u0130es.", rules=rules)
    assert body == "The talks went on."
    assert [row["rule"] for row in audit] == ["cookie-notice"]


@pytest.mark.parametrize(("lead", "dateline"), [
    ("WASHINGTON (AP) — The Senate passed the bill.", "WASHINGTON (AP) —"),
    ("(CNN) – Sen. John McCain said the rollout was a fiasco.", "(CNN) –"),
    ("KYIV, Ukraine — Talks resumed on Monday.", "KYIV, Ukraine —"),
])
def test_a_dateline_is_taken_off_the_lead_and_audited(lead: str, dateline: str):
    body, audit, _ = clean_text(f"{lead}\n\nSecond paragraph.", rules=load_rules())
    assert body.startswith(lead[len(dateline):].lstrip())
    assert [(row["rule"], row["value"]) for row in audit] == [("dateline", dateline)]


def test_a_dateline_word_later_in_the_text_or_a_plain_lead_is_kept():
    text = "The talks went on.\n\nWASHINGTON (AP) — a line quoted later stays."
    body, audit, _ = clean_text(text, rules=load_rules())
    assert body == "The talks went on.\n\nWASHINGTON (AP) — a line quoted later stays." and audit == []


def test_a_title_glued_to_the_lead_becomes_the_title_not_the_first_sentence():
    body, audit, _ = clean_text("Senate rejects the bill The Senate voted 52-48 on Tuesday.",
                                title="Senate rejects the bill", rules=load_rules())
    assert body == "The Senate voted 52-48 on Tuesday."
    assert [row["rule"] for row in audit] == ["title-glued-to-lead"]
