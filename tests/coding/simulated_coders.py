"""Simulated coders: they fill an exported XLSX with openpyxl, as a person would in a spreadsheet program."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd

from presslens import coding

ACCEPT = {"stance": {"judgement": "correct"}, "quote": {"judgement": "speaker right"},
          "missed": {"missed_statements": 0, "missed_quotes": 0}}


def accept_everything(task: str, item: pd.Series, position: int) -> dict[str, object]:
    """The answers of a coder who agrees with the tool on every item and finds nothing missed."""
    return {"sentiment": item["label"]} if task == "sentiment" else ACCEPT[task]


def fill_sheet(items: pd.DataFrame, path: Path, answer: Callable[[str, pd.Series, int], dict[str, object]],
               *, coder: str | None = None) -> Path:
    """Export the sample to `path` and write a simulated coder's answers into it with openpyxl."""
    coding.export_sheets(items, path, coder=coder)
    workbook = openpyxl.load_workbook(path)
    by_id = items.set_index("item_id")
    for task in items["task"].unique():
        sheet = workbook[task]
        header = [cell.value for cell in sheet[1]]
        for row in range(2, sheet.max_row + 1):
            item = by_id.loc[sheet.cell(row, 1).value]
            position = int((items[items["task"] == task]["item_id"] == item.name).to_numpy().nonzero()[0][0])
            for field, value in answer(task, item, position).items():
                sheet.cell(row, header.index(field) + 1).value = value
    workbook.save(path)
    return path
