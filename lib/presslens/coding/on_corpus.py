"""The coders' verdict on the corpus at hand: the filled sheets in `data/coding/<corpus name>/`, scored.

Notebooks 03-05 and the report index call `corpus_validation(corpus)`: when the coders' filled sheets of a corpus
are in its coding folder (see `coding_folder`), they show the tool's precision and recall on that corpus next to
its figures; when they are not, they say how to make them.
"""

from __future__ import annotations

import glob
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from presslens import config
from presslens.coding.sample import population, tool_tables
from presslens.coding.scoring import ALL_RULES, Scores, score
from presslens.coding.sheets import SAMPLE_SHEET, read_sample, read_sheets

ACCURACY_COLUMNS = ["task", "rule", "items", "judged", "precision", "precision_low", "precision_high", "recall",
                    "recall_low", "recall_high", "f1", "f1_low", "f1_high", "resampled_by", "clusters"]
_GLOB_CHARACTERS = set("*?[")


def coding_folder(corpus: str | Path) -> Path:
    """Where the coders' filled sheets of `corpus` are looked for: ``<coding dir>/<corpus name>/``.

    The corpus name is the name of its folder or the stem of its file (for a glob, the folder it starts
    from); the coding dir is `presslens.config.CODING_DIR` (``data/coding`` in a checkout).
    """
    parts = Path(str(corpus)).parts
    first_glob = next((i for i, part in enumerate(parts) if _GLOB_CHARACTERS & set(part)), len(parts))
    path = Path(*parts[:first_glob]) if first_glob else Path(".")
    name = (path.stem if path.suffix and not path.is_dir() else path.resolve().name) or "corpus"
    return config.CODING_DIR / name


@dataclass(repr=False)
class CorpusValidation:
    """The filled coding sheets found for a corpus and what they say.

    Attributes:
        folder: the folder searched (`coding_folder`).
        sheets: the coders' files read from it, sorted.
        scores: agreement, adjudicated answers and accuracy (`coding.score`), None without sheets.
        still_found: per task, the coded items the tool still finds in the corpus (`items`, `still_found`);
            empty unless the tool's tables were given. Fewer than all means the sheets judge an earlier
            version of the tool's findings: export and code a new sample.
    """

    folder: Path
    sheets: list[Path]
    scores: Scores | None
    still_found: pd.DataFrame = field(default_factory=pd.DataFrame)

    def accuracy(self, tasks: Iterable[str] | None = None, *, by_rule: bool = False) -> pd.DataFrame:
        """The tool's precision, recall and F1 on this corpus with 95% intervals, rounded to 3 places.

        Args:
            tasks: the tasks to keep ("stance", "quote", "sentiment"); default all.
            by_rule: keep a row per rule (or per sentiment label) beside each task's overall row.

        Returns:
            `ACCURACY_COLUMNS`, one row per task (and rule); no rows when no sheets were found.
        """
        if self.scores is None:
            return pd.DataFrame(columns=ACCURACY_COLUMNS)
        table = self.scores.accuracy
        if tasks is not None:
            table = table[table["task"].isin(list(tasks))]
        if not by_rule:
            table = table[table["rule"] == ALL_RULES]
        return table.reindex(columns=ACCURACY_COLUMNS).round(3).reset_index(drop=True)

    def agreement(self) -> pd.DataFrame:
        """Krippendorff's alpha and the share of items coded alike, per task and field, rounded to 3 places."""
        if self.scores is None:
            return pd.DataFrame(columns=["task", "field", "coders", "items", "agreed_share", "alpha"])
        return self.scores.agreement.round(3).reset_index(drop=True)

    def describe(self) -> str:
        """One paragraph: which sheets were read, or how to make them."""
        shown = _shown(self.folder)
        if self.scores is None:
            return (f"No coded sheets in {shown}/ yet. To measure how right the tool is on this corpus, draw a "
                    f"sample and give each coder their own copy: `presslens code export --corpus <corpus> --out "
                    f"{shown}/<coder>.xlsx --coder <coder>`; the filled sheets in that folder are then scored "
                    "here and in the report.")
        coders = ", ".join(sheet.stem for sheet in self.sheets)
        text = f"{len(self.sheets)} coded sheet(s) in {shown}/ ({coders})."
        if not self.still_found.empty and (self.still_found["still_found"] < self.still_found["items"]).any():
            stale = self.still_found[self.still_found["still_found"] < self.still_found["items"]]
            text += (" Some coded items are no longer found by this version of the tool ("
                     + "; ".join(f"{row.task}: {row.still_found} of {row.items}" for row in stale.itertuples())
                     + "): the figures judge its earlier findings; code a new sample to measure this one.")
        return text

    def _repr_markdown_(self) -> str:
        return self.describe()

    def __str__(self) -> str:
        return self.describe()

    def __repr__(self) -> str:  # a notebook saves the plain text too: no machine paths in it
        return self.describe()


def corpus_validation(corpus: str | Path, *, tables: object | None = None, folder: str | Path | None = None,
                      resamples: int = 2000) -> CorpusValidation:
    """Find and score the coders' filled sheets of `corpus`.

    Args:
        corpus: the corpus path the notebooks were given (names the coding folder).
        tables: the tool's findings on the corpus, as for `coding.sample_items` (a `presslens.Corpus` or the
            mapping of `coding.tool_tables`): when given, the sample's articles must be in it, and
            `still_found` counts the coded items the tool still finds.
        folder: read the sheets from this folder instead of `coding_folder(corpus)`.
        resamples: bootstrap resamples for the intervals.

    Returns:
        A `CorpusValidation` (with `scores` None when the folder holds no sheets).

    Raises:
        SheetError: a sheet in the folder cannot be scored (named with its sheet and row).
        ValueError: the sheets' sample holds articles that are not in `tables`' corpus.
    """
    folder = Path(folder) if folder is not None else coding_folder(corpus)
    sheets = _sheets_in(folder)
    if not sheets:
        return CorpusValidation(folder=folder, sheets=[], scores=None)
    items = read_sample(sheets[0])
    scores = score(items, read_sheets(sheets), resamples=resamples)
    still_found = pd.DataFrame()
    if tables is not None:
        tables = tables if isinstance(tables, Mapping) else tool_tables(tables)
        _check_articles(items, tables, sheets[0])
        found = {task: set(findings["item_id"]) for task, findings in population(tables).items()}
        still_found = (items.assign(still_found=[item in found[task] for task, item
                                                 in zip(items["task"], items["item_id"], strict=True)])
                       .groupby("task", sort=False).agg(items=("item_id", "size"), still_found=("still_found", "sum"))
                       .reset_index())
    return CorpusValidation(folder=folder, sheets=sheets, scores=scores, still_found=still_found)


def _sheets_in(folder: Path) -> list[Path]:
    """The coders' files in `folder`: each workbook, and one file of each CSV set (its NAME-sample.csv)."""
    if not folder.is_dir():
        return []
    workbooks = [Path(p) for p in glob.glob(str(folder / "*.xlsx")) if not Path(p).name.startswith("~$")]
    csv_sets = [Path(p) for p in glob.glob(str(folder / f"*-{SAMPLE_SHEET}.csv"))]
    return sorted(workbooks + csv_sets)


def _check_articles(items: pd.DataFrame, tables: Mapping[str, pd.DataFrame], sheet: Path) -> None:
    known = set(tables["sentences"]["article_id"])
    foreign = sorted(set(items["article_id"]) - known)
    if foreign:
        raise ValueError(f"{sheet}: its sample holds {len(foreign)} article(s) that are not in this corpus "
                         f"(e.g. {foreign[0]}): sheets of another corpus; move them out of {sheet.parent}")


def _shown(folder: Path) -> str:
    """`folder` relative to the project when inside it (no machine paths in notebook outputs), else as is."""
    try:
        return folder.resolve().relative_to(config.PROJECT_DIR).as_posix()
    except ValueError:
        return folder.as_posix()
