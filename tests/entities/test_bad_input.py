"""Bad input: a clear error or warning naming what is wrong, never a crash."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import ruler

from presslens import entities
from presslens.entities.recognise import RecogniserUnavailable


def test_an_empty_corpus_is_an_error_that_says_so():
    with pytest.raises(ValueError, match="discover: the corpus has no sentences to read"):
        entities.discover([], nlp=ruler({}))
    with pytest.raises(ValueError, match="the corpus has no sentences"):
        entities.discover(pd.DataFrame({"text": []}), nlp=ruler({}))


def test_a_corpus_without_entities_warns_and_gives_an_empty_table_with_every_column():
    with pytest.warns(entities.EntityWarning, match="no entity was found in 2 sentences"):
        table = entities.discover("It rained all day. Nobody went out.", nlp=ruler({}))
    assert table.empty and table.columns.tolist() == entities.ENTITY_COLUMNS


@pytest.mark.filterwarnings("ignore:discover. no entity was found")
def test_text_that_is_not_english_warns():
    russian = "Президент заявил, что переговоры продолжатся. Киев ответил отказом."
    with pytest.warns(entities.EntityWarning, match="does not look like English"):
        entities.discover(russian, nlp=ruler({}))
    german = " ".join(["Die Regierung in Berlin hat am Montag neue Gespräche mit der Ukraine angekündigt, "
                       "wie ein Sprecher des Auswärtigen Amtes sagte."] * 4)
    with pytest.warns(entities.EntityWarning, match="does not look like English"):
        entities.discover(german, nlp=ruler({"Berlin": "LOC"}))


def test_a_missing_recogniser_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path):
    monkeypatch.setenv("PRESSLENS_NER_MODEL", str(tmp_path / "no-model"))
    with pytest.raises(RecogniserUnavailable, match="no spaCy pipeline in .*no-model"):
        entities.discover("Vladimir Putin spoke in Moscow.")


def test_something_that_is_no_corpus_is_refused_with_what_was_expected():
    with pytest.raises(TypeError, match="discover: corpus: expected a Corpus"):
        entities.discover(42)
