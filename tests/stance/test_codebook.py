"""The stance codebook: loading, checking, and the generated inflections of cues."""

from __future__ import annotations

from pathlib import Path

import pytest

import presslens as pl
from presslens import stance


def test_codebook_loads_the_three_project_files():
    codebook = stance.load_codebook()
    assert {"Russia", "Ukraine", "United States", "Europe", "China", "Hamas", "NATO"} <= set(codebook.actors["actor"])
    assert {"ceasefire", "direct talks", "sanctions", "prisoner exchange"} <= set(codebook.issues["issue"])
    assert set(codebook.cues["role"]) == {"support", "oppose", "enact", "supporter", "opponent", "negator", "control",
                                          "light", "withdraw", "receive", "labelling", "speech"}
    assert set(codebook.evaluations["sign"]) == {-1, 1}
    people = codebook.actors.set_index("actor")
    assert people.loc["Vladimir Putin", "affiliation"] == "Russia"
    assert people.loc["Donald Trump", "affiliation"] == "United States"
    assert people.loc["France", "group"] == "Europe"


def test_codebook_errors_name_the_file_and_the_row(tmp_path: Path):
    folder = tmp_path / "codebook"
    folder.mkdir()
    for name in ("codebook-issues.csv", "stance-cues.csv"):
        (folder / name).write_text((pl.config.DATA_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    actors = folder / "codebook-actors.csv"
    actors.write_text("actor,kind,affiliation,group,aliases\nPutin,person,Russia,,Putin\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"codebook-actors.csv, actor 'Putin'.*'Russia' is not an actor"):
        stance.load_codebook(folder)
    actors.write_text("actor,kind,affiliation,group,aliases\nRussia,country,Russia,,Russia\n", encoding="utf-8")
    with pytest.raises(ValueError, match="kind 'country'"):
        stance.load_codebook(folder)
    actors.write_text("actor,kind,aliases\nRussia,state,Russia\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"lacks the column\(s\) \['affiliation', 'group'\]"):
        stance.load_codebook(folder)
    with pytest.raises(FileNotFoundError, match="nowhere.csv"):
        stance.load_codebook(folder, actors=pl.config.DATA_DIR / "codebook-actors.csv", cues=tmp_path / "nowhere.csv")


def test_a_bad_cue_row_is_refused_with_the_file_and_the_cue(tmp_path: Path):
    cues = tmp_path / "cues.csv"
    cues.write_text("cue,pos,role,preposition,negated,targets,reporting\nback,verb,endorse,,,,\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"cues.csv.*'back'.*role must be one of"):
        stance.load_codebook(cues=cues)
    cues.write_text("cue,pos,role,preposition,negated,targets,reporting\nback,verb,oppose,,oppose,,\n",
                    encoding="utf-8")
    with pytest.raises(ValueError, match="negated is 'oppose'"):
        stance.load_codebook(cues=cues)


def test_inflections_cover_regular_verb_forms_and_multiword_cues():
    assert {"push for", "pushes for", "pushed for", "pushing for"} <= set(stance.inflections("push for"))
    assert {"denies", "denied", "denying"} <= set(stance.inflections("deny"))
    assert {"dodges", "dodged", "dodging"} <= set(stance.inflections("dodge"))


def test_an_alias_gains_its_spelling_variants_which_match_with_possessives():
    # data/entity-variants.csv lists Lukashenka -> Lukashenko and Zelenski -> Zelensky; the codebook writes only
    # "Lukashenko" and "Zelensky"
    aliases = stance.load_codebook().actors.set_index("actor")["aliases"].str.split("|")
    assert aliases["Alexander Lukashenko"] == ["Alexander Lukashenko", "Lukashenko", "Lukashenka"]
    assert "Zelenski" in aliases["Volodymyr Zelensky"]
    mentions = stance.find_mentions("Lukashenka's envoy met Zelenski in Minsk.")
    assert mentions[["mention", "actor"]].values.tolist() == [["Lukashenka's", "Alexander Lukashenko"],
                                                             ["Zelenski", "Volodymyr Zelensky"]]


def test_an_alias_that_is_a_variant_gains_its_canonical_form_unless_another_actor_has_it(tmp_path: Path):
    actors = tmp_path / "actors.csv"
    actors.write_text("actor,kind,affiliation,group,aliases\nUkraine,state,Ukraine,,Ukraine|Kiev\n"
                      "Hezbollah,organisation,Hezbollah,,Hizballah\nHizbullah,organisation,Hizbullah,,Hizbullah\n",
                      encoding="utf-8")
    codebook = stance.load_codebook(actors=actors)
    aliases = codebook.actors.set_index("actor")["aliases"]
    assert aliases["Ukraine"] == "Ukraine|Kiev|Kyiv"
    # "Hizbullah" is another actor's written alias, so Hezbollah gains the canonical form and the other variants
    assert aliases["Hezbollah"] == "Hizballah|Hezbollah|Hizbollah"
    assert aliases["Hizbullah"] == "Hizbullah"
    mentions = stance.find_mentions("Kyiv’s offer reached Hezbollah.", codebook=codebook)
    assert mentions[["mention", "actor"]].values.tolist() == [["Kyiv’s", "Ukraine"], ["Hezbollah", "Hezbollah"]]
