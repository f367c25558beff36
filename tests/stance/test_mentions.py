"""Actor mentions: aliases, possessives, people and their affiliation, he/she."""

from __future__ import annotations

from presslens import stance


def test_mentions_map_possessives_adjectives_and_metonyms_to_the_actor():
    text = ("Russia's envoy met Russian officials in Moscow, and the Kremlin said Kyiv's offer came from the "
            "Ukrainian side.")
    mentions = stance.find_mentions(text)
    assert mentions.columns.tolist() == ["article_id", "sentence_id", "sentence", "start", "end", "mention",
                                         "actor", "actor_kind", "affiliation", "resolved"]
    assert list(zip(mentions["mention"], mentions["actor"])) == [
        ("Russia's", "Russia"), ("Russian", "Russia"), ("Moscow", "Russia"), ("the Kremlin", "Russia"),
        ("Kyiv's", "Ukraine"), ("Ukrainian", "Ukraine")]
    assert all(row.sentence[row.start:row.end] == row.mention for row in mentions.itertuples())


def test_mentions_of_people_carry_their_affiliation_and_aliases_are_case_sensitive():
    mentions = stance.find_mentions("Let us see what Macron and Xi Jinping told the US.")
    assert list(zip(mentions["actor"], mentions["actor_kind"], mentions["affiliation"])) == [
        ("Emmanuel Macron", "person", "France"), ("Xi Jinping", "person", "China"),
        ("United States", "state", "United States")]


def test_a_name_glued_to_a_word_is_no_mention_but_does_not_hide_the_name_after_it():
    # "thatthe Kremlin": "the Kremlin" is refused (glued to "that"); "Kremlin" at offset 23 is still found.
    # "NonRussian": "Russian" glued to "Non" is refused and nothing else is there.
    mentions = stance.find_mentions("Officials said thatthe Kremlin would respond to NonRussian media.")
    assert mentions[["mention", "start", "actor"]].values.tolist() == [["Kremlin", 23, "Russia"]]


def test_he_is_resolved_only_to_a_single_person_named_just_before():
    resolved = stance.find_mentions("Erdogan arrived late. He said the talks would go on.")
    assert resolved[resolved["resolved"]][["mention", "actor"]].values.tolist() == [["He", "Recep Tayyip Erdoğan"]]
    ambiguous = stance.find_mentions("Erdogan met Putin. He said the talks would go on.")
    assert not ambiguous["resolved"].any()
