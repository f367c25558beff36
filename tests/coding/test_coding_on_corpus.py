"""`coding.corpus_validation`: the filled sheets of a corpus found in its coding folder and scored."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from simulated_coders import accept_everything, fill_sheet

from presslens import coding, config


def test_the_coding_folder_is_named_after_the_corpus_folder_file_or_glob(monkeypatch, tmp_path: Path):
    monkeypatch.setattr(config, "CODING_DIR", tmp_path / "coding")
    (tmp_path / "my-corpus").mkdir()

    assert coding.coding_folder(tmp_path / "my-corpus") == tmp_path / "coding" / "my-corpus"
    assert coding.coding_folder(tmp_path / "articles.jsonl") == tmp_path / "coding" / "articles"
    assert coding.coding_folder(f"{tmp_path}/my-corpus/*.txt") == tmp_path / "coding" / "my-corpus"


def test_without_sheets_it_says_where_to_put_them_and_has_no_figures(tmp_path: Path):
    found = coding.corpus_validation("corpus", folder=tmp_path / "nothing-here")

    assert found.scores is None and found.sheets == []
    assert "No coded sheets in" in found.describe() and "presslens code export" in found.describe()
    assert found.accuracy().empty and list(found.accuracy().columns) == coding.on_corpus.ACCURACY_COLUMNS


def test_two_coders_sheets_in_the_folder_are_scored_and_still_found_by_the_tool(seed_items, seed_tables,
                                                                                  tmp_path: Path):
    for coder in ("ann", "bob"):
        fill_sheet(seed_items, tmp_path / f"{coder}.xlsx", accept_everything, coder=coder)

    found = coding.corpus_validation("seeds", tables=seed_tables, folder=tmp_path)

    assert [sheet.name for sheet in found.sheets] == ["ann.xlsx", "bob.xlsx"]
    accuracy = found.accuracy()
    assert accuracy["task"].tolist() == ["stance", "quote", "sentiment"]
    assert accuracy["precision"].tolist() == [1.0, 1.0, 1.0]
    assert (found.agreement()["coders"] == 2).all()
    assert (found.still_found["still_found"] == found.still_found["items"]).all()
    assert found.describe().startswith("2 coded sheet(s) in") and "(ann, bob)" in found.describe()


def test_items_the_tool_no_longer_finds_are_counted_and_named_in_the_description(seed_items, seed_tables,
                                                                                  tmp_path: Path):
    fill_sheet(seed_items, tmp_path / "ann.xlsx", accept_everything, coder="ann")
    dropped = seed_tables["stances"].iloc[1:]  # the tool of a later version finds one statement less

    found = coding.corpus_validation("seeds", tables={**seed_tables, "stances": dropped}, folder=tmp_path)

    stance_row = found.still_found.set_index("task").loc["stance"]
    assert stance_row["still_found"] == stance_row["items"] - 1
    assert "no longer found by this version" in found.describe()


def test_sheets_of_another_corpus_are_refused_naming_the_sheet(seed_items, seed_tables, tmp_path: Path):
    path = fill_sheet(seed_items, tmp_path / "ann.xlsx", accept_everything, coder="ann")
    other_corpus = {**seed_tables, "sentences": pd.DataFrame({"article_id": ["other"], "sentence_id": [0],
                                                             "text": ["Another article."]})}

    with pytest.raises(ValueError, match=rf"{path}: its sample holds 1 article\(s\) that are not in this corpus"):
        coding.corpus_validation("seeds", tables=other_corpus, folder=tmp_path)


def test_a_bad_sheet_in_the_folder_is_refused_naming_file_sheet_and_row(seed_items, tmp_path: Path):
    import openpyxl

    path = fill_sheet(seed_items, tmp_path / "ann.xlsx", accept_everything, coder="ann")
    workbook = openpyxl.load_workbook(path)
    workbook["stance"].cell(2, 12).value = "maybe"
    workbook.save(path)

    with pytest.raises(coding.SheetError, match=r"ann\.xlsx, sheet 'stance', row 2"):
        coding.corpus_validation("seeds", folder=tmp_path)


def test_the_seed_s_own_coded_sheets_are_found_and_agree_on_the_stance_judgements():
    found = coding.corpus_validation(config.DEFAULT_CORPUS)

    assert [sheet.name for sheet in found.sheets] == ["coder1.xlsx", "coder2.xlsx"]
    agreement = found.agreement().set_index(["task", "field"])
    assert agreement.loc[("stance", "judgement"), "items"] > 10
    assert agreement["agreed_share"].min() > 0.8
