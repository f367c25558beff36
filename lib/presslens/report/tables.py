"""Reading and handing on the evidence: any table browsed interactively, or written to CSV, XLSX or parquet.

- `browse(table, name=...)` shows a table with a search box, a filter under each column and sortable columns,
  in JupyterLab and in the HTML report, offline. The table is plain HTML (readable without any script); the
  small script `templates/browse.js` adds the controls. In JupyterLab it runs inline in a trusted notebook
  (rerun the cell, or trust the notebook, after opening a committed one); the report does not run inline
  scripts at all (its Content-Security-Policy forbids them, so no text of an article can ever run), and loads
  the same file as `assets/browse.js` instead. A table longer than `max_rows` shows its first rows and says
  so; `export` writes all of them.
- `linked_matrix(long, rows=..., columns=..., values=..., name=...)` shows a count grid (the stance matrix)
  whose every cell links to its rows in a browsed table; `cell_link` is one such link.
- `export(table, path)` writes the table in the format its suffix names (`.csv`, `.xlsx`, `.parquet`), in
  forms that R reads as they are (`readr::read_csv`, `readxl::read_excel`, `arrow::read_parquet`). A file that
  already holds the same table, untouched since it was written, is not written again (a report rebuilt from the
  kept tables would otherwise spend most of its time rewriting large XLSX files).
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import os
import re
from pathlib import Path
from urllib.parse import quote, urlencode

import pandas as pd

DEFAULT_MAX_ROWS = 5000
EXPORT_FORMATS = (".csv", ".xlsx", ".parquet")
XLSX_MAX_ROWS = 1_048_575  # one row of the sheet is the header
XLSX_MAX_CELL = 32_767
BROWSER_SCRIPT = Path(__file__).parent / "templates" / "browse.js"
BROWSER_STYLE = (".presslens-browse-wrap{max-height:32rem;overflow:auto;margin:.5rem 0}"
                 ".presslens-browse{border-collapse:collapse;font-size:.85rem}"
                 ".presslens-browse th,.presslens-browse td{text-align:left;vertical-align:top;padding:.2rem .5rem;"
                 "border-bottom:1px solid #eaeef2}"
                 ".presslens-browse thead{position:sticky;top:0;background:#fff}"
                 ".presslens-browse thead input{width:100%;min-width:4rem;box-sizing:border-box;font-size:.8rem}"
                 ".presslens-browse-bar{margin:.25rem 0}.presslens-browse-count{color:#59636e;font-size:.85rem}")
# The characters an XLSX file cannot hold (XML 1.0 forbids them); written as visible \xNN escapes.
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_TABLE_NAME = re.compile(r"[a-z][a-z0-9-]*")


def browse(table: pd.DataFrame, *, name: str, columns: list[str] | None = None, caption: str | None = None,
           max_rows: int = DEFAULT_MAX_ROWS) -> None:
    """Show `table` as an interactive table: a search box, a filter box under each column, sortable columns.

    Args:
        table: the table to show (its index is not shown).
        name: a short kebab-case name, unique in the notebook; the HTML table's id is `browse-<name>`.
        columns: the columns to show, in order (default: all).
        caption: a line shown above the table.
        max_rows: at most this many rows are written into the page; a longer table says how many it holds
            and shows its first `max_rows` (export the whole table with `export`).

    Raises:
        ValueError: if `name` is not kebab-case or a column is not in the table.
    """
    from IPython.display import HTML, display

    display(HTML(browser_html(table, name=name, columns=columns, caption=caption, max_rows=max_rows)
                 + inline_script()))


def browser_html(table: pd.DataFrame, *, name: str, columns: list[str] | None = None, caption: str | None = None,
                 max_rows: int = DEFAULT_MAX_ROWS) -> str:
    """The HTML of a browsed table without its script: every value escaped, so article text stays text."""
    if not _TABLE_NAME.fullmatch(name):
        raise ValueError(f"browse: name must be kebab-case (letters, digits, '-'), not {name!r}")
    shown = _plain_columns(_select(table, columns)).reset_index(drop=True)
    notes = [caption] if caption else []
    if len(shown) > max_rows:
        notes.append(f"Showing the first {max_rows:,} of {len(shown):,} rows; export(table, path) writes them all.")
        shown = shown.head(max_rows)
    head = "".join(f"<th>{html.escape(str(column))}</th>" for column in shown.columns)
    body = "\n".join("<tr>" + "".join(f"<td>{_cell_html(value)}</td>" for value in row) + "</tr>"
                      for row in shown.itertuples(index=False, name=None))
    note = f'<p class="presslens-browse-note">{html.escape(" ".join(notes))}</p>' if notes else ""
    return (f"<style>{BROWSER_STYLE}</style>{note}<div class=\"presslens-browse-wrap\">"
            f'<table class="presslens-browse" id="browse-{name}"><thead><tr>{head}</tr></thead>'
            f"<tbody>\n{body}\n</tbody></table></div>")


def inline_script() -> str:
    """The browser's script as an inline `<script>` element (what `browse` appends for JupyterLab)."""
    return f"<script>\n{BROWSER_SCRIPT.read_text(encoding='utf-8')}</script>"


def cell_link(name: str, text: str, **filters: object) -> str:
    """An HTML link that opens the browsed table `name` with each column filter set to a whole cell value.

    Example: ``cell_link("statements", "3", holder="Russia", target="ceasefire")``.
    """
    query = urlencode({column: f"={value}" for column, value in filters.items()}, quote_via=quote)
    return f'<a href="#browse-{html.escape(name)}?{html.escape(query)}">{html.escape(text)}</a>'


def linked_matrix(long: pd.DataFrame, *, rows: str, columns: str, values: str, name: str,
                  max_rows: int = 12, max_columns: int = 12) -> None:
    """Show a count table as a grid whose every cell links to its rows in the browsed table `name`.

    Rows and columns are the `max_rows` / `max_columns` values with the largest totals (ties by name); a
    cell's link filters the browsed table to exactly that row and column value (see `cell_link`).

    Args:
        long: one row per (row value, column value) with the count in `values`, e.g. `stance.stance_matrix`.
        rows, columns: the columns of `long` that name the grid's rows and columns, and of the browsed table.
        values: the column of counts.
        name: the browsed table the cells lead to (as given to `browse`).
        max_rows, max_columns: the size of the grid.
    """
    from IPython.display import HTML, display

    display(HTML(linked_matrix_html(long, rows=rows, columns=columns, values=values, name=name,
                                    max_rows=max_rows, max_columns=max_columns)))


def linked_matrix_html(long: pd.DataFrame, *, rows: str, columns: str, values: str, name: str,
                       max_rows: int = 12, max_columns: int = 12) -> str:
    """The HTML of `linked_matrix`: every value escaped, every non-empty cell a link."""
    def largest(column: str, n: int) -> list[str]:
        totals = long.groupby(column)[values].sum().reset_index()
        return totals.sort_values([values, column], ascending=[False, True])[column].head(n).tolist()

    kept_rows, kept_columns = largest(rows, max_rows), largest(columns, max_columns)
    counts = long.groupby([rows, columns])[values].sum()
    head = "".join(f"<th>{html.escape(str(column))}</th>" for column in kept_columns)
    body = []
    for row in kept_rows:
        cells = []
        for column in kept_columns:
            count = int(counts.get((row, column), 0))
            cells.append(f"<td>{cell_link(name, str(count), **{rows: row, columns: column})}</td>" if count
                         else "<td></td>")
        body.append(f"<tr><th>{html.escape(str(row))}</th>{''.join(cells)}</tr>")
    return (f'<table class="presslens-matrix"><thead><tr><th>{html.escape(rows)} \\ {html.escape(columns)}</th>'
            f"{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")


def _cell_html(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    return html.escape(str(value))


def export(table: pd.DataFrame, path: str | Path, *, columns: list[str] | None = None) -> Path:
    """Write `table` (without its index) as CSV, XLSX or parquet, as the suffix of `path` says.

    Values that are lists, tuples or dicts are written as JSON text, so every column holds one plain type.
    CSV is UTF-8 with a header row. XLSX has one sheet named after the file; characters an XLSX file cannot
    hold (control characters) are written as visible `\\xNN` escapes. Parquet keeps the column types.

    Args:
        table: the table to write.
        path: the file to write; its folder is made if missing. An existing file is replaced, unless it holds
            this same table as `export` wrote it (its digest, size and modification time are recorded in a
            hidden `.<name>.export` file beside it): then it is left as it is.
        columns: the columns to write, in order (default: all).

    Returns:
        The path written.

    Raises:
        ValueError: for another suffix, an unknown column, or a table too long or a cell too large for XLSX
            (the message names the file and says to write CSV or parquet instead).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in EXPORT_FORMATS:
        raise ValueError(f"{path}: cannot export to {suffix or 'a file without a suffix'}; "
                         f"name the file .csv, .xlsx or .parquet")
    plain = _plain_columns(_select(table, columns)).reset_index(drop=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    digest = _table_digest(plain)
    record = path.with_name(f".{path.name}.export")
    if _recorded(record, path) == digest:
        return path
    if suffix == ".csv":
        plain.to_csv(path, index=False, encoding="utf-8")
    elif suffix == ".parquet":
        plain.to_parquet(path, index=False)
    else:
        _write_xlsx(plain, path)
    _record(record, path, digest)
    return path


def _table_digest(table: pd.DataFrame) -> str:
    """A digest of the columns, their types and every value of `table`."""
    digest = hashlib.sha256(json.dumps([[str(name), str(dtype)] for name, dtype in table.dtypes.items()]).encode())
    digest.update(pd.util.hash_pandas_object(table.astype(str), index=False).to_numpy().tobytes())
    return digest.hexdigest()


def _recorded(record: Path, path: Path) -> str | None:
    """The digest of the table `path` holds, when `record` says `export` wrote it and it has not changed since."""
    try:
        recorded = json.loads(record.read_text(encoding="utf-8"))
        status = path.stat()
    except (OSError, ValueError):
        return None
    unchanged = (isinstance(recorded, dict) and recorded.get("size") == status.st_size
                 and recorded.get("mtime_ns") == status.st_mtime_ns)
    return recorded.get("table") if unchanged else None


def _record(record: Path, path: Path, digest: str) -> None:
    status = path.stat()
    partial = record.with_name(f"{record.name}.{os.getpid()}.partial")
    partial.write_text(json.dumps({"table": digest, "size": status.st_size, "mtime_ns": status.st_mtime_ns}),
                       encoding="utf-8")
    partial.replace(record)


def _select(table: pd.DataFrame, columns: list[str] | None) -> pd.DataFrame:
    if columns is None:
        return table
    unknown = [column for column in columns if column not in table.columns]
    if unknown:
        raise ValueError(f"no column {', '.join(map(repr, unknown))} in the table; it has {list(table.columns)}")
    return table[columns]


def _plain_columns(table: pd.DataFrame) -> pd.DataFrame:
    """`table` with every list, tuple or dict value written as JSON text (the other values untouched)."""
    plain = table.copy()
    for column in plain.columns:
        if plain[column].dtype == object:
            plain[column] = plain[column].map(_json_if_nested)
    return plain


def _json_if_nested(value: object) -> object:
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def _write_xlsx(table: pd.DataFrame, path: Path) -> None:
    if len(table) > XLSX_MAX_ROWS:
        raise ValueError(f"{path}: {len(table):,} rows do not fit in an XLSX sheet ({XLSX_MAX_ROWS:,} at most); "
                         f"write .csv or .parquet instead")
    cells = table.copy()
    for column in cells.columns:
        if isinstance(cells[column].dtype, pd.DatetimeTZDtype):  # Excel has no time zones: ISO 8601 text
            cells[column] = cells[column].map(lambda value: value.isoformat() if pd.notna(value) else None)
        elif cells[column].dtype == object or pd.api.types.is_string_dtype(cells[column]):
            texts = cells[column].map(lambda value: _XLSX_ILLEGAL.sub(_escape, value) if isinstance(value, str)
                                      else value)
            too_long = texts.map(lambda value: isinstance(value, str) and len(value) > XLSX_MAX_CELL)
            if too_long.any():
                row = int(too_long.to_numpy().argmax())
                raise ValueError(f"{path}: column {column!r}, row {row + 2} holds more than {XLSX_MAX_CELL:,} "
                                 f"characters, more than an XLSX cell can; write .csv or .parquet instead")
            cells[column] = texts
    sheet = re.sub(r"[\[\]:*?/\\]", "-", path.stem)[:31] or "table"
    cells.to_excel(path, index=False, sheet_name=sheet, engine="openpyxl")


def _escape(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"
