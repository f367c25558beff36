"""`tables.export` and `tables.browse` on the seed's real stance statements and quotes."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

import presslens as pl
from presslens import stance
from presslens.report import tables


@pytest.fixture(scope="module")
def statements() -> pd.DataFrame:
    return stance.extract_stances(pl.read_corpus(pl.config.DEFAULT_CORPUS))


@pytest.fixture(scope="module")
def quotes() -> pd.DataFrame:
    return stance.extract_quotes(pl.read_corpus(pl.config.DEFAULT_CORPUS))


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_each_format_reads_back_the_same_rows_and_values(statements, tmp_path: Path, suffix: str):
    assert len(statements) > 5
    written = tables.export(statements, tmp_path / "out" / f"statements{suffix}")

    if suffix == ".csv":
        back = pd.read_csv(written, keep_default_na=False)
    elif suffix == ".xlsx":
        back = pd.read_excel(written, keep_default_na=False)
    else:
        back = pd.read_parquet(written)
    assert list(back.columns) == list(statements.columns)
    assert back["sentence"].tolist() == statements["sentence"].tolist()
    assert back["stance"].tolist() == statements["stance"].tolist()
    assert back["negated"].astype(str).str.lower().tolist() == statements["negated"].astype(str).str.lower().tolist()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_same_table_is_not_written_again_but_a_changed_table_or_an_edited_file_is(
        statements, tmp_path: Path, suffix: str, monkeypatch: pytest.MonkeyPatch):
    def stances_in(path: Path) -> list[int]:
        return (pd.read_csv(path) if suffix == ".csv" else pd.read_excel(path))["stance"].tolist()

    path = tmp_path / f"statements{suffix}"
    tables.export(statements, path)
    written = path.stat()

    with monkeypatch.context() as patched:
        def refuse(*args, **kwargs):
            raise AssertionError("the same table was written again")
        patched.setattr(pd.DataFrame, "to_csv", refuse)
        patched.setattr(tables, "_write_xlsx", refuse)
        tables.export(statements.copy(), path)
    assert path.stat().st_mtime_ns == written.st_mtime_ns

    flipped = statements.assign(stance=-statements["stance"])
    tables.export(flipped, path)
    assert stances_in(path) == flipped["stance"].tolist()

    path.write_bytes(b"edited by hand")  # the file changed since: the next export writes it again
    tables.export(flipped, path)
    assert stances_in(path) == flipped["stance"].tolist()


def test_parquet_keeps_plain_column_types_that_r_reads(statements, tmp_path: Path):
    schema = pq.read_schema(tables.export(statements, tmp_path / "statements.parquet"))

    assert str(schema.field("sentence_id").type) == "int64"
    assert str(schema.field("negated").type) == "bool"
    assert str(schema.field("sentence").type) in ("string", "large_string")


def test_nested_values_are_written_as_json_text_in_every_format(quotes, tmp_path: Path):
    table = quotes.assign(span=[(start, end) for start, end in zip(quotes["start"], quotes["end"], strict=True)])
    first = f"[{table['start'].iloc[0]}, {table['end'].iloc[0]}]"

    assert pd.read_csv(tables.export(table, tmp_path / "q.csv"))["span"].iloc[0] == first
    assert pd.read_parquet(tables.export(table, tmp_path / "q.parquet"))["span"].iloc[0] == first
    assert pd.read_excel(tables.export(table, tmp_path / "q.xlsx"))["span"].iloc[0] == first


def test_xlsx_gets_one_sheet_named_after_the_file_and_control_characters_as_visible_escapes(tmp_path: Path):
    table = pd.DataFrame({"text": ["bell\x07 here", "plain"], "n": [1, 2]})

    path = tables.export(table, tmp_path / "evidence.xlsx")

    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["evidence"]
    assert book["evidence"]["A2"].value == "bell\\x07 here"


def test_chosen_columns_are_written_in_their_order(statements, tmp_path: Path):
    path = tables.export(statements, tmp_path / "cells.csv", columns=["target", "holder", "stance"])

    assert list(pd.read_csv(path).columns) == ["target", "holder", "stance"]


def test_another_suffix_an_unknown_column_or_an_oversized_cell_is_refused_naming_the_file(statements,
                                                                                           tmp_path: Path):
    with pytest.raises(ValueError, match=r"statements\.json: cannot export to \.json"):
        tables.export(statements, tmp_path / "statements.json")
    with pytest.raises(ValueError, match="no column 'speaker'"):
        tables.export(statements, tmp_path / "statements.csv", columns=["holder", "speaker"])
    huge = pd.DataFrame({"text": ["short", "x" * 40_000]})
    with pytest.raises(ValueError, match=r"huge\.xlsx: column 'text', row 3 holds more than 32,767"):
        tables.export(huge, tmp_path / "huge.xlsx")
    assert not (tmp_path / "huge.xlsx").exists()


def test_browse_shows_every_row_escaped_under_its_id_with_the_browser_script(statements, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr("IPython.display.display", lambda html: shown.append(html.data))
    payload = statements.assign(sentence=statements["sentence"].where(statements.index > 0,
                                                                      "<script>window.__pwned = 1</script>"))

    tables.browse(payload, name="statements", columns=["holder", "stance", "target", "sentence"])

    (page,) = shown
    assert page.count('<table class="presslens-browse" id="browse-statements">') == 1
    assert page.count("<tr>") == len(statements) + 1  # the header and one row per statement
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page and "<script>window.__pwned" not in page
    assert page.endswith(tables.inline_script())
    assert "<th>holder</th><th>stance</th><th>target</th><th>sentence</th>" in page


def test_browse_says_when_it_shows_only_the_first_rows_and_refuses_a_name_that_is_no_id(statements):
    page = tables.browser_html(statements, name="statements", max_rows=3, caption="Statements.")

    assert f"Statements. Showing the first 3 of {len(statements)} rows" in page
    assert page.count("<tr>") == 4
    with pytest.raises(ValueError, match="kebab-case"):
        tables.browser_html(statements, name="Statements table")


def test_each_matrix_cell_links_to_exactly_its_holder_and_target(statements):
    matrix = stance.stance_matrix(statements)
    top = matrix.sort_values(["statements", "holder", "target"], ascending=[False, True, True]).iloc[0]

    page = tables.linked_matrix_html(matrix, rows="holder", columns="target", values="statements", name="statements")

    link = (f'<a href="#browse-statements?holder=%3D{quote(top["holder"])}&amp;target=%3D{quote(top["target"])}">'
            f'{top["statements"]}</a>')
    assert link in page
    assert page.count("<a href=") == len(matrix[matrix["statements"] > 0].drop_duplicates(["holder", "target"]))
