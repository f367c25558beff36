"""The stance matrix, its evidence and its chart."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import presslens as pl
from presslens import plots, stance


@pytest.fixture(scope="module")
def seed() -> pl.Corpus:
    return pl.read_corpus()


def test_matrix_counts_and_net_stance_worked_by_hand():
    stances = pd.DataFrame({
        "article_id": ["a", "a", "b", "b", "b"], "holder": ["Russia", "Russia", "Russia", "Ukraine", "Russia"],
        "target": ["ceasefire"] * 4 + ["Ukraine"], "target_kind": ["issue"] * 4 + ["actor"],
        "stance": [-1, -1, 0, 1, -1], "quoted": [False, True, False, False, False]})
    matrix = stance.stance_matrix(stances)
    # Russia on the ceasefire: 0 support, 2 oppose, 1 neutral; net = 0 - 2 = -2; net_share = -2 / 2 = -1.0
    assert matrix.values.tolist() == [
        ["Russia", "Ukraine", "actor", 0, 1, 0, 1, 1, -1, -1.0],
        ["Russia", "ceasefire", "issue", 0, 2, 1, 3, 2, -2, -1.0],
        ["Ukraine", "ceasefire", "issue", 1, 0, 0, 1, 1, 1, 1.0]]
    unquoted = stance.stance_matrix(stances, include_quoted=False, target_kinds=["issue"])
    assert unquoted[["holder", "oppose", "statements"]].values.tolist() == [["Russia", 1, 2], ["Ukraine", 0, 1]]
    assert stance.disagreements(matrix).values.tolist() == [["ceasefire", "Ukraine", 1, "Russia", -2]]


def test_evidence_names_an_unknown_holder():
    stances = stance.extract_stances("Germany backed the sanctions.")
    assert stance.evidence(stances, "Germany", "sanctions")["cue"].tolist() == ["back"]
    with pytest.raises(ValueError, match="holder: 'Narnia' is not a holder"):
        stance.evidence(stances, "Narnia", "sanctions")


def test_stance_charts_write_png_and_csv(seed: pl.Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PRESSLENS_REPORTS_DIR", str(tmp_path))
    matrix = stance.stance_matrix(stance.extract_stances(seed))
    plots.stance_heatmap(matrix)
    plots.quotes_per_speaker(stance.extract_quotes(seed))
    plots.mentions_per_actor(stance.find_mentions(seed))
    written = sorted(path.name for path in (tmp_path / "figures").iterdir())
    assert written == ["stance-heatmap.csv", "stance-heatmap.png", "stance-mentions-per-actor.csv",
                       "stance-mentions-per-actor.png", "stance-quotes-per-speaker.csv",
                       "stance-quotes-per-speaker.png"]
    heatmap = pd.read_csv(tmp_path / "figures" / "stance-heatmap.csv")
    assert len(heatmap) == len(matrix)


def test_one_rule_counts_a_person_as_themselves_or_under_the_state_they_speak_for(seed: pl.Corpus):
    mentions = stance.find_mentions(seed)
    stances = stance.extract_stances(seed)
    assert "Vladimir Putin" in set(mentions["actor"]) and "Vladimir Putin" in set(stances["holder"])

    assert stance.at_actor_level(mentions, "person") is mentions
    grouped = stance.at_actor_level(mentions, "affiliation")
    assert "Vladimir Putin" not in set(grouped["actor"])
    putin = mentions["actor"].eq("Vladimir Putin")
    assert set(grouped.loc[putin, "actor"]) == {"Russia"}
    assert grouped["actor"].eq("Russia").sum() == mentions["affiliation"].eq("Russia").sum()
    holders = stance.at_actor_level(stances, "affiliation")["holder"]
    assert set(holders[stances["holder"].eq("Vladimir Putin")]) == {"Russia"}
    with pytest.raises(ValueError, match="actor_level must be one of"):
        stance.at_actor_level(mentions, "state")
