"""entities.find_mentions: codebook actors and discovered entities in one table, for stance and sentiment."""

from __future__ import annotations

from conftest import articles, ruler

from presslens import entities, sentiment, stance


def test_each_mention_says_whether_its_actor_came_from_the_codebook_or_from_discovery():
    corpus = articles("Ukrainian President Viktor Yanukovych met Vladimir Putin.\nYanukovych thanked Putin.",
                      "Viktor Yanukovych fled Kyiv.")
    names = {"Viktor Yanukovych": "PERSON", "Vladimir Putin": "PERSON"}
    found = entities.discover(corpus, nlp=ruler(names))
    mentions = entities.find_mentions(corpus, entities=found)
    assert mentions.columns.tolist() == [*stance.find_mentions("Putin").columns, "actor_source", "entity",
                                         "entity_kind", "ambiguous"]
    assert mentions[["mention", "actor", "actor_kind", "affiliation", "actor_source", "entity"]].values.tolist() == [
        ["Ukrainian", "Ukraine", "state", "Ukraine", "codebook", ""],
        ["Viktor Yanukovych", "Viktor Yanukovych", "person", "Ukraine", "discovered", "Viktor Yanukovych"],
        ["Vladimir Putin", "Vladimir Putin", "person", "Russia", "codebook", "Vladimir Putin"],
        ["Yanukovych", "Viktor Yanukovych", "person", "Ukraine", "discovered", "Viktor Yanukovych"],
        ["Putin", "Vladimir Putin", "person", "Russia", "codebook", "Vladimir Putin"],
        ["Viktor Yanukovych", "Viktor Yanukovych", "person", "Ukraine", "discovered", "Viktor Yanukovych"],
        ["Kyiv", "Ukraine", "state", "Ukraine", "codebook", ""]]


def test_the_longer_name_wins_over_a_codebook_alias_inside_it():
    corpus = articles("The Christian Democrats won the Dutch election.",
                      "The Christian Democrats formed a coalition.\nDemocrats in Washington reacted.")
    found = entities.discover(corpus, nlp=ruler({"Christian Democrats": "ORG"}))
    mentions = entities.find_mentions(corpus, entities=found)
    parties = mentions[mentions["mention"].str.contains("Democrats")]
    assert parties[["mention", "actor", "actor_source"]].values.tolist() == [
        ["Christian Democrats", "Christian Democrats", "discovered"],
        ["Christian Democrats", "Christian Democrats", "discovered"],
        ["Democrats", "Democrats", "codebook"]]


def test_a_codebook_alias_that_names_another_person_here_counts_for_that_person_and_is_flagged():
    corpus = articles("White House press secretary Jay Carney spoke.\nCarney said no.", dates=["2013-05-01"])
    found = entities.discover(corpus, nlp=ruler({"Jay Carney": "PERSON", "White House": "ORG"}))
    carney = entities.find_mentions(corpus, entities=found).query("mention == 'Carney'")
    assert carney[["actor", "affiliation", "actor_source", "ambiguous"]].values.tolist() == [
        ["Jay Carney", "United States", "discovered", True]]  # the White House is the United States' in the codebook


def test_rows_share_their_sentence_and_target_sentiment_reads_them():
    corpus = articles("Viktor Yanukovych praised Vladimir Putin warmly.", "Viktor Yanukovych fled.")
    found = entities.discover(corpus, nlp=ruler({"Viktor Yanukovych": "PERSON", "Vladimir Putin": "PERSON"}))
    mentions = entities.find_mentions(corpus, entities=found)
    # each sentence's text once, however many mentions it holds
    assert mentions["sentence"].dtype == "category" and len(mentions["sentence"].cat.categories) == 2
    assert len(mentions) == 3
    scored = sentiment.score_targets(mentions, method="lexicon")
    assert scored["label"].notna().all() and len(scored) == len(mentions)
