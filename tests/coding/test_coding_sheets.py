"""export_sheets and read_sheets: the coding sheet round trip, and bad sheets refused naming file, sheet and row."""

from __future__ import annotations

import hashlib

import openpyxl
import pandas as pd
import pytest

from presslens import coding
from presslens.coding.sheets import SAMPLE_SHEET

from simulated_coders import accept_everything, fill_sheet


def test_the_workbook_has_instructions_one_sheet_per_task_drop_downs_and_a_hidden_sample(seed_items, tmp_path):
    path = tmp_path / "sheet.xlsx"
    coding.export_sheets(seed_items, path, coder="ann")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["instructions", "stance", "quote", "sentiment", "missed", SAMPLE_SHEET]
    assert workbook[SAMPLE_SHEET].sheet_state == "veryHidden" and workbook[SAMPLE_SHEET].protection.sheet
    stance = workbook["stance"]
    assert stance.max_row == 1 + (seed_items["task"] == "stance").sum()
    drop_downs = [v.formula1 for v in stance.data_validations.dataValidation]
    assert '"correct,wrong holder,wrong target,wrong sign,not a statement"' in drop_downs
    assert coding.read_sample(path)["item_id"].tolist() == seed_items["item_id"].tolist()


def test_an_existing_file_is_never_overwritten(seed_items, tmp_path):
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(b"the coder's work")
    with pytest.raises(FileExistsError, match="will not overwrite"):
        coding.export_sheets(seed_items, path)
    assert path.read_bytes() == b"the coder's work"
    (tmp_path / "sheet-missed.csv").write_text("kept")
    with pytest.raises(FileExistsError):
        coding.export_sheets(seed_items, tmp_path / "sheet.csv")
    assert not (tmp_path / "sheet-stance.csv").exists()


def test_reading_a_filled_sheet_gives_every_answer_and_leaves_the_file_as_it_was(seed_items, tmp_path):
    path = fill_sheet(seed_items, tmp_path / "ann.xlsx", accept_everything)
    before = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    codings = coding.read_sheets([path])
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == before
    judgements = codings[codings["field"] == "judgement"]
    assert len(judgements) == seed_items["task"].isin(["stance", "quote"]).sum()
    assert set(codings["coder"]) == {"ann"}
    assert codings.loc[codings["field"] == "missed_quotes", "value"].eq("0").all()


def test_csv_sheets_round_trip_too(seed_items, tmp_path):
    coding.export_sheets(seed_items, tmp_path / "bob.csv")
    by_id = seed_items.set_index("item_id")
    for task in ("stance", "quote", "sentiment", "missed"):
        path = tmp_path / f"bob-{task}.csv"
        sheet = pd.read_csv(path, dtype=str)
        for field, _ in accept_everything(task, by_id.loc[sheet["item_id"].iloc[0]], 0).items():
            sheet[field] = [accept_everything(task, by_id.loc[i], 0)[field] for i in sheet["item_id"]]
        sheet.to_csv(path, index=False)
    codings = coding.read_sheets([tmp_path / "bob-stance.csv"])
    assert set(codings["coder"]) == {"bob"}
    assert len(codings) == len(coding.read_sheets([tmp_path / "bob.csv"]))


def _spoil(path, sheet_name, spoil):
    workbook = openpyxl.load_workbook(path)
    spoil(workbook[sheet_name])
    workbook.save(path)


def _wrong_columns(sheet):
    sheet.cell(1, 2).value = "article"


def _edited_id(sheet):
    sheet.cell(3, 1).value = sheet.cell(3, 1).value[:-1] + "x"


def _outside_drop_down(sheet):
    header = [c.value for c in sheet[1]]
    sheet.cell(4, header.index("judgement") + 1).value = "probably"


def _missing_answer(sheet):
    header = [c.value for c in sheet[1]]
    sheet.cell(5, header.index("judgement") + 1).value = None


def _empty(sheet):
    sheet.delete_rows(2, sheet.max_row)


@pytest.mark.parametrize("spoil, message", [
    (_wrong_columns, r"sheet 'stance', row 1: wrong columns: missing \['article_id'\]; unexpected \['article'\]"),
    (_edited_id, r"sheet 'stance', row 3: unknown item id '\w+x' \(item ids must not be edited\)"),
    (_outside_drop_down, r"sheet 'stance', row 4: 'judgement' is 'probably', not one of correct, wrong holder"),
    (_missing_answer, r"sheet 'stance', row 5: no answer in 'judgement'"),
    (_empty, r"sheet 'stance': the sheet is empty; it should have \d+ rows"),
])
def test_a_bad_sheet_is_refused_naming_file_sheet_and_row(seed_items, tmp_path, spoil, message):
    path = fill_sheet(seed_items, tmp_path / "ann.xlsx", accept_everything)
    _spoil(path, "stance", spoil)
    before = path.read_bytes()
    with pytest.raises(ValueError, match=str(path).replace(".", r"\.") + ", " + message):
        coding.read_sheets([path])
    assert path.read_bytes() == before


def test_a_sheet_of_another_sample_is_refused(seed_items, seed_tables, tmp_path):
    ours = fill_sheet(seed_items, tmp_path / "ann.xlsx", accept_everything)
    other_items = coding.sample_items(seed_tables, n=5, seed=99)
    theirs = fill_sheet(other_items, tmp_path / "bob.xlsx", accept_everything)
    with pytest.raises(ValueError, match=rf"bob\.xlsx, sheet 'sample': from sample {other_items['sample_id'][0]}"):
        coding.read_sheets([ours, theirs])


def test_a_file_that_is_not_a_coding_sheet_is_refused(tmp_path):
    path = tmp_path / "notes.xlsx"
    workbook = openpyxl.Workbook()
    workbook.save(path)
    with pytest.raises(ValueError, match="no 'sample' sheet: not a coding sheet"):
        coding.read_sheets([path])
