"""Charts of notebook 06 save a PNG with its CSV, and say why in one line instead of failing on an empty table."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from presslens import plots

TERMS = pd.DataFrame({"method": "nmf", "topic": [1, 1, 2, 2], "rank": [1, 2, 1, 2],
                      "term": ["talk", "truce", "budget", "vote"], "weight": [0.9, 0.5, 0.8, 0.4]})
SHARES = pd.DataFrame({"source": ["North", "North", "South"], "topic": [1, 2, 1], "articles": [3, 1, 2],
                       "group_articles": [4, 4, 2], "share": [0.75, 0.25, 1.0]})
PERIODS = pd.DataFrame({"period": pd.to_datetime(["2020-01-01", "2020-01-01", "2020-02-01"]).date, "topic": [1, 2, 1],
                        "articles": [3, 1, 2], "group_articles": [4, 4, 2], "share": [0.75, 0.25, 1.0]})


@pytest.fixture(autouse=True)
def figures_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("PRESSLENS_REPORTS_DIR", str(tmp_path))
    return tmp_path / "figures"


@pytest.mark.parametrize("name, draw", [
    ("topics-top-terms", lambda: plots.topic_terms(TERMS)),
    ("topics-share-by-source", lambda: plots.topic_shares_by_source(SHARES, labels={1: "talk", 2: "budget"})),
    ("topics-share-over-time", lambda: plots.topic_shares_over_time(PERIODS)),
])
def test_topic_charts_save_their_data(name, draw, figures_in_tmp):
    draw()
    assert (figures_in_tmp / f"{name}.png").stat().st_size > 1000
    assert len(pd.read_csv(figures_in_tmp / f"{name}.csv")) == {"topics-top-terms": 4}.get(name, 3)


@pytest.mark.parametrize("draw", [
    lambda: plots.copy_groups(pd.DataFrame(columns=["copy_group", "articles", "sources", "title"])),
    lambda: plots.story_timeline(pd.DataFrame(columns=["story", "articles", "first_date", "last_date",
                                                       "key_terms"])),
    lambda: plots.topic_terms(TERMS.head(0)),
    lambda: plots.topic_shares_by_source(SHARES.head(1)),
    lambda: plots.topic_shares_over_time(PERIODS.head(1)),
    lambda: plots.counting_once(pd.DataFrame({"measure": ["articles"], "all_articles": [1.0], "first_copies": [1.0],
                                              "change": [0.0], "change_percent": [0.0]})),
], ids=["copy-groups", "story-timeline", "topic-terms", "shares-by-source", "shares-over-time", "counting-once"])
def test_charts_with_nothing_to_draw_say_why_in_one_line_without_a_chart(draw, figures_in_tmp, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr("IPython.display.display", lambda html: shown.append(html.data))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure = draw()
    assert figure is None and len(shown) == 1 and "presslens-nothing-to-draw" in shown[0]
    assert not figures_in_tmp.exists() or list(figures_in_tmp.glob("*.png")) == []
