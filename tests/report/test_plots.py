"""Charts save a PNG with the CSV of their data, and say why in one line (no chart) when there is nothing to draw."""

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


@pytest.mark.parametrize("name, draw", [
    ("stance-heatmap", lambda: plots.stance_heatmap(stance.stance_matrix(stance.extract_stances(NO_ACTORS)))),
    ("stance-quotes-per-speaker", lambda: plots.quotes_per_speaker(stance.extract_quotes(NO_ACTORS))),
    ("stance-mentions-per-actor", lambda: plots.mentions_per_actor(stance.find_mentions(NO_ACTORS))),
    ("term-frequency-top-lemmas",
     lambda: plots.top_terms(terms.term_frequencies(tokenize(sentence_table_from_texts("The a."))))),
    ("term-frequency-word-cloud",
     lambda: plots.word_cloud(terms.term_frequencies(tokenize(sentence_table_from_texts("The a."))))),
])
def test_charts_of_empty_tables_say_why_in_one_line_and_publish_no_chart(name, draw, figures_in_tmp, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr("IPython.display.display", lambda html: shown.append(html.data))
    figures_in_tmp.mkdir(parents=True, exist_ok=True)
    for suffix in (".png", ".csv"):  # an earlier run's chart of the same name
        (figures_in_tmp / f"{name}{suffix}").write_text("old")

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = draw()

    assert result is None
    (line,) = shown
    assert line.startswith(f'<p class="presslens-nothing-to-draw" data-figure="{name}"><strong>')
    assert "No " in line or "Nothing" in line
    assert list(figures_in_tmp.glob("*")) == []


def test_the_arc_names_its_article_and_has_a_swatch_per_colour_and_mentions_only_drawn_paragraph_lines(
        figures_in_tmp):
    one_paragraph = pd.DataFrame({"article_id": "a-7", "sentence_id": [0, 1, 2], "paragraph": 0,
                                  "compound": [0.5, -0.4, 0.0], "rolling_mean": [0.05, 0.03, -0.2],
                                  "paragraph_start": [True, False, False]})

    fig = plots.sentiment_arc(one_paragraph)

    ax = fig.axes[0]
    assert ax.get_title() == "Sentence sentiment through article a-7"
    assert ax.get_xlabel() == "sentence"
    assert [text.get_text() for text in ax.get_legend().get_texts()] == [
        "rolling mean", "positive sentence", "negative sentence", "neutral sentence"]
    two_paragraphs = one_paragraph.assign(paragraph=[0, 0, 1], paragraph_start=[True, False, True])
    assert plots.sentiment_arc(two_paragraphs).axes[0].get_xlabel() == "sentence (dotted lines: paragraph starts)"
