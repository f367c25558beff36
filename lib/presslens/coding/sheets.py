"""Coding sheets out and back in: XLSX (or CSV) a coder fills in a spreadsheet program, read back and checked.

A workbook holds an ``instructions`` sheet, one sheet per task (the evidence in grey columns, the answers in
drop-down cells) and a hidden, protected ``sample`` sheet with the sample's id, its seed and its items, so that
a filled sheet can be scored on its own. `read_sheets` opens the coder's file read-only and refuses a sheet that
cannot be trusted, naming the file, the sheet and the row.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from presslens.coding.tasks import GENERAL_INSTRUCTIONS, TASKS, Task

SAMPLE_SHEET = "sample"
INSTRUCTIONS_SHEET = "instructions"
# the columns of the sample sheet: enough to score without the corpus
SAMPLE_COLUMNS = ["item_id", "task", "article_id", "sentence_id", "source", "rule", "stratum", "weight",
                  "tool_answer", "label"]
META_KEYS = ("sample_id", "seed", "coder", "presslens")
MAX_PROBLEMS_SHOWN = 20
WIDTHS = {"before": 40, "sentence": 80, "after": 40, "quote": 60, "tool_answer": 40, "correction": 30, "note": 40}


class SheetError(ValueError):
    """A filled coding sheet that cannot be scored; `problems` lists each one as 'file, sheet, row: what'."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        shown = self.problems[:MAX_PROBLEMS_SHOWN]
        more = len(self.problems) - len(shown)
        super().__init__("\n".join(shown + ([f"... and {more} more"] if more else [])))


def sheet_columns(task: Task) -> list[str]:
    """The columns of a task's sheet: the item id, what the coder reads, then what the coder fills."""
    return ["item_id", *task.shown, *(field.name for field in task.fields)]


def export_sheets(items: pd.DataFrame, path: str | Path, *, coder: str | None = None) -> list[Path]:
    """Write the coding sheets of a sample: an XLSX workbook, or one CSV per task.

    Nothing is overwritten: when any file to be written exists, none is written.

    Args:
        items: a sample from `sample_items`.
        path: ``FILE.xlsx`` for a workbook; ``NAME.csv`` for ``NAME-<task>.csv`` per task and ``NAME-sample.csv``.
        coder: the coder's name, kept in the sheet (default: the file's name stands for the coder).

    Returns:
        The files written.

    Raises:
        FileExistsError: a file to be written exists already.
        ValueError: `path` is neither .xlsx nor .csv, or `items` holds more than one sample.
    """
    path = Path(path)
    if items["sample_id"].nunique() != 1:
        raise ValueError("items must be one sample from sample_items (one sample_id)")
    meta = {"sample_id": items["sample_id"].iloc[0], "seed": int(items["seed"].iloc[0]), "coder": coder or "",
            "presslens": _version()}
    tasks = [task for name, task in TASKS.items() if (items["task"] == name).any()]
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        targets = [path]
    elif suffix == ".csv":
        targets = [_csv_path(path, task.name) for task in tasks] + [_csv_path(path, SAMPLE_SHEET)]
    else:
        raise ValueError(f"{path}: write coding sheets to a .xlsx or .csv file")
    existing = [str(target) for target in targets if target.exists()]
    if existing:
        raise FileExistsError(f"will not overwrite {', '.join(existing)}: choose another name or move it away")
    if suffix == ".xlsx":
        buffer = io.BytesIO()
        _workbook(items, tasks, meta).save(buffer)
        with open(path, "xb") as out:  # "x": fails rather than overwrite a file made meanwhile
            out.write(buffer.getvalue())
        return targets
    for task in tasks:
        frame = items[items["task"] == task.name].reindex(columns=sheet_columns(task))
        frame.insert(0, "sample_id", meta["sample_id"])
        with open(_csv_path(path, task.name), "x", encoding="utf-8", newline="") as out:
            frame.to_csv(out, index=False)
    sample = items.reindex(columns=SAMPLE_COLUMNS).assign(**{k: v for k, v in meta.items()})
    with open(_csv_path(path, SAMPLE_SHEET), "x", encoding="utf-8", newline="") as out:
        sample.to_csv(out, index=False)
    return targets


def read_sample(path: str | Path) -> pd.DataFrame:
    """The items of the sample a coding sheet was written from (its hidden ``sample`` sheet, or NAME-sample.csv).

    Returns:
        The `SAMPLE_COLUMNS` of each item, with `sample_id` and `seed`.
    """
    path = Path(path)
    meta, sample = _read_sample(path)
    return sample.assign(sample_id=meta["sample_id"], seed=int(meta["seed"]))


def read_sheets(paths: str | Path | Iterable[str | Path]) -> pd.DataFrame:
    """Read the filled coding sheets of one or more coders, and check them; the files are only read.

    Refused, with every problem named by file, sheet and row: a file that is not a coding sheet, sheets of
    different samples, a missing task sheet, a sheet with no rows, missing or unexpected columns, unknown or
    edited item ids, an id twice, items left out, a missing answer, an answer that is not one of the drop-down's.

    Args:
        paths: XLSX workbooks from `export_sheets`; for CSV, NAME.csv as given to `export_sheets` or any one file
            of a coder's set (NAME-stance.csv, ...).

    Returns:
        One row per coder, item and answer field: `coder` (the name in the sheet, else the file's name), `file`,
        `task`, `item_id`, `field`, `value` (None where a free-text field is blank), `sample_id`.

    Raises:
        SheetError: (a ValueError) listing the problems.
    """
    paths = [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]
    if not paths:
        raise ValueError("no coding sheets given")
    problems: list[str] = []
    frames, coders, sample_of = [], {}, {}
    for path in paths:
        try:
            meta, sample = _read_sample(path)
        except SheetError as error:
            problems += error.problems
            continue
        coder = meta["coder"] or _stem(path)
        if coder in coders:
            problems.append(f"{path}: coder {coder!r} again (also {coders[coder]}); one file per coder")
        coders[coder] = path
        sample_of[path] = meta["sample_id"]
        for task_name in sample["task"].unique():
            task = TASKS[task_name]
            ids = list(sample.loc[sample["task"] == task_name, "item_id"])
            table, where = _read_task(path, task, problems)
            if table is not None:
                frames.append(_check(table, task, ids, where, problems).assign(
                    coder=coder, file=str(path), task=task_name, sample_id=meta["sample_id"]))
    if len(set(sample_of.values())) > 1:
        first = next(iter(sample_of))
        problems += [f"{path}, sheet {SAMPLE_SHEET!r}: from sample {sample_id}, not {sample_of[first]} "
                     f"like {first}: sheets of another sample" for path, sample_id in sample_of.items()
                     if sample_id != sample_of[first]]
    if problems:
        raise SheetError(problems)
    codings = pd.concat(frames, ignore_index=True)
    return codings[["coder", "file", "task", "item_id", "field", "value", "sample_id"]]


def _check(table: pd.DataFrame, task: Task, ids: list[str], where: str, problems: list[str]) -> pd.DataFrame:
    """The answers of one task sheet as long rows; what is wrong with it goes to `problems`."""
    missing = [c for c in sheet_columns(task) if c not in table.columns]
    extra = [c for c in table.columns if c not in sheet_columns(task) and c not in ("sample_id", "_row")]
    if missing or extra:
        problems.append(f"{where}, row 1: wrong columns: " + "; ".join(
            ([f"missing {missing}"] if missing else []) + ([f"unexpected {extra}"] if extra else [])))
        return pd.DataFrame(columns=["item_id", "field", "value"])
    if table.empty:
        problems.append(f"{where}: the sheet is empty; it should have {len(ids)} rows")
        return pd.DataFrame(columns=["item_id", "field", "value"])
    known, seen = set(ids), {}
    long = []
    for record in table.to_dict("records"):
        item, at = record["item_id"], f"{where}, row {record['_row']}"
        if item is None:
            problems.append(f"{at}: no item id")
            continue
        if item not in known:
            problems.append(f"{at}: unknown item id {item!r} (item ids must not be edited)")
            continue
        if item in seen:
            problems.append(f"{at}: item id {item!r} twice (also row {seen[item]})")
            continue
        seen[item] = record["_row"]
        for field in task.fields:
            value = record[field.name]
            if value is None and field.required:
                problems.append(f"{at}: no answer in {field.name!r}")
            elif value is not None and field.choices:
                match = {choice.lower(): choice for choice in field.choices}.get(value.lower())
                if match is None:
                    problems.append(f"{at}: {field.name!r} is {value!r}, not one of {', '.join(field.choices)}")
                value = match
            long.append({"item_id": item, "field": field.name, "value": value})
    left_out = [item for item in ids if item not in seen]
    if left_out:
        problems.append(f"{where}: {len(left_out)} item(s) of the sample are not in the sheet (rows deleted?): "
                        + ", ".join(left_out[:5]) + (" ..." if len(left_out) > 5 else ""))
    return pd.DataFrame(long, columns=["item_id", "field", "value"])


def _cell(value: object) -> str | None:
    """A cell as text: None when blank; whole numbers without '.0'."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _read_task(path: Path, task: Task, problems: list[str]) -> tuple[pd.DataFrame | None, str]:
    """A task sheet as text cells with each row's number in `_row`, or None (and a problem) when absent."""
    if path.suffix.lower() == ".xlsx":
        where = f"{path}, sheet {task.name!r}"
        workbook = _open(path)
        try:
            if task.name not in workbook.sheetnames:
                problems.append(f"{where}: the sheet is missing")
                return None, where
            rows = [[_cell(v) for v in row] for row in workbook[task.name].iter_rows(values_only=True)]
        finally:
            workbook.close()
    else:
        csv_path = _csv_path(_set_base(path), task.name)
        where = f"{csv_path}, sheet {task.name!r}"
        if not csv_path.exists():
            problems.append(f"{where}: the file is missing")
            return None, where
        raw = pd.read_csv(csv_path, dtype=str, keep_default_na=False, header=None)
        rows = [[_cell(v) for v in row] for row in raw.itertuples(index=False)]
    if not rows or not any(rows[0]):
        problems.append(f"{where}, row 1: no header row")
        return None, where
    header = [h if h is not None else f"column {i + 1}" for i, h in enumerate(rows[0])]
    body = [dict(zip(header, row), _row=number) for number, row in enumerate(rows[1:], start=2)
            if any(v is not None for v in row)]
    return pd.DataFrame(body, columns=[*header, "_row"]).astype(object).where(lambda f: f.notna(), None), where


def _read_sample(path: Path) -> tuple[dict[str, str], pd.DataFrame]:
    """The metadata and items of a sheet's sample; SheetError when the file is not a coding sheet."""
    if path.suffix.lower() == ".xlsx":
        if not path.exists():
            raise SheetError([f"{path}: no such file"])
        try:
            workbook = _open(path)
        except Exception as error:  # openpyxl raises several kinds for a file that is not a workbook
            raise SheetError([f"{path}: not an XLSX workbook ({error})"]) from error
        try:
            if SAMPLE_SHEET not in workbook.sheetnames:
                raise SheetError([f"{path}: no {SAMPLE_SHEET!r} sheet: not a coding sheet from presslens"])
            rows = [[_cell(v) for v in row] for row in workbook[SAMPLE_SHEET].iter_rows(values_only=True)]
        finally:
            workbook.close()
        meta = {row[0]: row[1] or "" for row in rows[:len(META_KEYS)] if row and row[0] in META_KEYS}
        header = rows[len(META_KEYS) + 1] if len(rows) > len(META_KEYS) + 1 else []
        sample = pd.DataFrame(rows[len(META_KEYS) + 2:], columns=header or None)
    elif path.suffix.lower() == ".csv":
        sample_path = _csv_path(_set_base(path), SAMPLE_SHEET)
        if not sample_path.exists():
            raise SheetError([f"{path}: no {sample_path.name} beside it: not a coding sheet from presslens"])
        sample = pd.read_csv(sample_path, dtype=str, keep_default_na=False)
        meta = {key: sample[key].iloc[0] if key in sample and len(sample) else "" for key in META_KEYS}
    else:
        raise SheetError([f"{path}: coding sheets are .xlsx or .csv files"])
    if not meta.get("sample_id") or list(sample.columns[:len(SAMPLE_COLUMNS)]) != SAMPLE_COLUMNS:
        raise SheetError([f"{path}, sheet {SAMPLE_SHEET!r}: damaged: no sample id or item table"])
    sample = sample[SAMPLE_COLUMNS].copy()
    sample["sentence_id"] = sample["sentence_id"].astype(int)
    sample["weight"] = sample["weight"].astype(float)
    unknown = set(sample["task"]) - set(TASKS)
    if unknown:
        raise SheetError([f"{path}, sheet {SAMPLE_SHEET!r}: unknown tasks {sorted(unknown)}"])
    return meta, sample


def _open(path: Path):
    from openpyxl import load_workbook

    return load_workbook(path, read_only=True, data_only=True)


def _workbook(items: pd.DataFrame, tasks: list[Task], meta: dict[str, object]):
    """The coding workbook: instructions, one sheet per task, the hidden sample sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    grey, yellow = PatternFill("solid", fgColor="DDDDDD"), PatternFill("solid", fgColor="FFF2AA")
    workbook = Workbook()
    about = workbook.active
    about.title = INSTRUCTIONS_SHEET
    lines = [("presslens coding sheet", ""), ("sample", meta["sample_id"]), ("coder", meta["coder"] or "(your name)"),
             ("", ""), ("How to code", GENERAL_INSTRUCTIONS)]
    for task in tasks:
        answers = "; ".join(f"{f.name}: {' / '.join(f.choices)}" for f in task.fields if f.choices)
        lines += [("", ""), (f"sheet '{task.name}'", task.instructions), ("answers", answers)]
    for line in lines:
        about.append(list(line))
    about.column_dimensions["A"].width, about.column_dimensions["B"].width = 22, 120
    for row in about.iter_rows():
        row[0].font = Font(bold=True)
        row[1].alignment = Alignment(wrap_text=True, vertical="top")

    for task in tasks:
        sheet = workbook.create_sheet(task.name)
        columns = sheet_columns(task)
        rows = items[items["task"] == task.name].reindex(columns=columns)
        sheet.append(columns)
        for values in rows.itertuples(index=False):
            sheet.append([_plain(v) for v in values])
        answer_columns = {field.name: columns.index(field.name) + 1 for field in task.fields}
        last = len(rows) + 1
        for index, name in enumerate(columns, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = WIDTHS.get(name, 16)
            header = sheet.cell(row=1, column=index)
            header.font, header.fill = Font(bold=True), (yellow if name in answer_columns else grey)
        for row in sheet.iter_rows(min_row=2, max_row=last):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for field in task.fields:
            letter = get_column_letter(answer_columns[field.name])
            if field.choices:
                validation = DataValidation(type="list", formula1='"' + ",".join(field.choices) + '"',
                                            allow_blank=True, showErrorMessage=True, errorTitle="Not an answer",
                                            error="Pick one of the drop-down's answers.")
                validation.add(f"{letter}2:{letter}{last}")
                sheet.add_data_validation(validation)
        sheet.freeze_panes = "B2"

    sample = workbook.create_sheet(SAMPLE_SHEET)
    for key in META_KEYS:
        sample.append([key, meta[key]])
    sample.append([])
    sample.append(SAMPLE_COLUMNS)
    for values in items.reindex(columns=SAMPLE_COLUMNS).itertuples(index=False):
        sample.append([_plain(v) for v in values])
    sample.sheet_state = "veryHidden"
    sample.protection.sheet = True
    return workbook


def _plain(value: object) -> object:
    """A cell value openpyxl writes as such: None for missing, Python numbers for numpy's."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _csv_path(path: Path, part: str) -> Path:
    return path.with_name(f"{path.stem}-{part}.csv")


def _set_base(path: Path) -> Path:
    """NAME.csv for any file NAME-<task>.csv or NAME-sample.csv of a CSV set."""
    for part in (*TASKS, SAMPLE_SHEET):
        if path.stem.endswith(f"-{part}"):
            return path.with_name(f"{path.stem[:-len(part) - 1]}.csv")
    return path


def _stem(path: Path) -> str:
    return _set_base(path).stem if path.suffix.lower() == ".csv" else path.stem


def _version() -> str:
    import presslens

    return presslens.__version__
