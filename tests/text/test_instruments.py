"""The research instruments in data/: every file says what it is, is documented, and is checked when read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from presslens import config
from presslens.text.instruments import read_table, read_word_list

INSTRUMENTS = sorted(path for path in config.DATA_DIR.iterdir()
                     if path.is_file() and path.suffix in (".txt", ".csv"))


def test_every_instrument_opens_with_a_comment_saying_what_it_is():
    assert len(INSTRUMENTS) >= 8
    for path in INSTRUMENTS:
        assert path.read_text(encoding="utf-8").startswith("# "), f"{path.name} has no '#' header"


def test_every_instrument_is_documented_in_the_data_readme():
    readme = (config.DATA_DIR / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([\w.-]+\.(?:txt|csv))`", readme))
    assert {path.name for path in INSTRUMENTS} <= documented


def test_a_bad_word_list_entry_names_the_file_and_the_line(tmp_path: Path):
    words = tmp_path / "words.txt"
    words.write_text("# a list\nleaders\nforeign ministers\n", encoding="utf-8")
    assert read_word_list(words) == ["leaders", "foreign ministers"]
    with pytest.raises(ValueError, match=r"words\.txt, line 3: 'foreign ministers' is not one word"):
        read_word_list(words, single_words=True)
    with pytest.raises(FileNotFoundError, match="nowhere.txt does not exist"):
        read_word_list(tmp_path / "nowhere.txt")


def test_a_table_without_a_required_column_names_the_file_and_the_column(tmp_path: Path):
    table = tmp_path / "verbs.csv"
    table.write_text("# verbs\nlemma,kind\npraise,evaluation\n", encoding="utf-8")
    assert read_table(table, ["lemma", "kind"])["lemma"].tolist() == ["praise"]
    with pytest.raises(ValueError, match=r"verbs\.csv lacks the column\(s\) \['strength'\]"):
        read_table(table, ["lemma", "kind", "strength"])
