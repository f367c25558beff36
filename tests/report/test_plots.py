"""Charts save a PNG with the CSV of their data, and say so instead of failing when there is nothing to draw."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from presslens import plots, stance, terms
from presslens.text import sentence_table_from_texts, tokenize

NO_ACTORS = "The town council met on Tuesday. It approved the budget."


@pytest.fixture(autouse=True)
def figures_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("PRESSLENS_REPORTS_DIR", str(tmp_path))
    return tmp_path / "figures"


def test_save_writes_the_png_and_the_data_behind_it(figures_in_tmp):
    fig, ax = plots.new_figure()
    ax.plot([1, 2], [3, 4])
    data = pd.DataFrame({"x": [1, 2], "y": [3, 4]})
    png = plots.save(fig, "a-line", data=data)
    assert png == figures_in_tmp / "a-line.png" and png.stat().st_size > 1000
    pd.testing.assert_frame_equal(pd.read_csv(figures_in_tmp / "a-line.csv"), data)


@pytest.mark.parametrize("draw", [
    lambda: plots.stance_heatmap(stance.stance_matrix(stance.extract_stances(NO_ACTORS))),
    lambda: plots.quotes_per_speaker(stance.extract_quotes(NO_ACTORS)),
    lambda: plots.mentions_per_actor(stance.find_mentions(NO_ACTORS)),
    lambda: plots.top_terms(terms.term_frequencies(tokenize(sentence_table_from_texts("The a.")))),
    lambda: plots.word_cloud(terms.term_frequencies(tokenize(sentence_table_from_texts("The a.")))),
], ids=["stance-heatmap", "quotes-per-speaker", "mentions-per-actor", "top-terms", "word-cloud"])
def test_charts_of_empty_tables_draw_a_note_without_warnings(draw, figures_in_tmp):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = draw()
    assert "nothing" in fig.axes[0].texts[0].get_text().lower() or "no " in fig.axes[0].texts[0].get_text().lower()
    assert len(list(figures_in_tmp.glob("*.png"))) == len(list(figures_in_tmp.glob("*.csv"))) == 1
