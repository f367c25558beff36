"""entities.draft_codebook: rows for the actors the codebook lacks, which load_codebook reads back."""

from __future__ import annotations

from pathlib import Path

from conftest import articles, ruler

from presslens import entities, stance


def test_a_draft_codebook_loads_as_it_is_and_adds_only_what_the_codebook_lacks(tmp_path: Path):
    corpus = articles("Ukrainian President Viktor Yanukovych met Vladimir Putin.\nNaftogaz raised prices.",
                      "Viktor Yanukovych fled.\nNaftogaz paid Gazprom.\nWhite House spokesman Jay Carney spoke.",
                      "Gazprom cut supplies.\nJay Carney said no.\nCarney left.")
    names = {"Viktor Yanukovych": "PERSON", "Vladimir Putin": "PERSON", "Naftogaz": "ORG", "Gazprom": "ORG",
             "Jay Carney": "PERSON", "White House": "ORG"}
    path = tmp_path / "draft-actors.csv"
    draft = entities.draft_codebook(corpus, path, entities=entities.discover(corpus, nlp=ruler(names)))
    new = draft[draft["status"] == "new"]
    # most mentioned first; Jay Carney counts for the United States, as the codebook names the White House
    assert new[["actor", "kind", "affiliation", "aliases", "mentions", "articles"]].values.tolist() == [
        ["Jay Carney", "person", "United States", "Jay Carney", 3, 2],
        ["Gazprom", "organisation", "Gazprom", "Gazprom", 2, 2],
        ["Naftogaz", "organisation", "Naftogaz", "Naftogaz", 2, 2],
        ["Viktor Yanukovych", "person", "Ukraine", "Viktor Yanukovych", 2, 2]]
    assert new.set_index("actor").at["Jay Carney", "note"].endswith("left out, an alias of another actor: Carney")
    assert new.set_index("actor").at["Naftogaz", "example"] == "Naftogaz raised prices."
    codebook = stance.load_codebook(actors=path)
    assert len(codebook.actors) == len(stance.load_codebook().actors) + 4
    assert codebook.actor_index["Naftogaz"]["actor"] == "Naftogaz"
    assert path.read_text(encoding="utf-8").startswith("# Draft codebook of actors")
