"""The chart of a corpus's entities by kind (presslens.report.plots.entities_by_kind) and the data saved with it."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from presslens import plots


@pytest.fixture(autouse=True)
def figures_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("PRESSLENS_REPORTS_DIR", str(tmp_path))
    return tmp_path / "figures"


def test_entities_by_kind_keeps_the_most_named_of_each_kind_and_saves_them(figures_in_tmp):
    table = pd.DataFrame({"entity": ["Vladimir Putin", "Sergei Lavrov", "Russia", "NATO", "separatists"],
                          "kind": ["person", "person", "place/state", "organisation", "group"],
                          "articles": [5, 2, 7, 3, 1], "mentions": [9, 2, 12, 4, 1]})
    plots.entities_by_kind(table, n=1)
    saved = pd.read_csv(figures_in_tmp / "entities-top-by-kind.csv")
    assert saved.values.tolist() == [["group", "separatists", 1, 1], ["organisation", "NATO", 3, 4],
                                     ["person", "Vladimir Putin", 5, 9], ["place/state", "Russia", 7, 12]]


def test_no_entities_say_so_in_one_line_without_a_chart_or_warnings(figures_in_tmp, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr("IPython.display.display", lambda html: shown.append(html.data))
    empty = pd.DataFrame(columns=["entity", "kind", "articles", "mentions"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = plots.entities_by_kind(empty)
    assert fig is None and len(shown) == 1 and "No entities found in this corpus." in shown[0]
    assert not (figures_in_tmp / "entities-top-by-kind.png").exists()
