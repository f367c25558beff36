"""Stance: codebook, actor mentions, quotes, stance statements and the matrix, rule by rule."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd
import pytest

import presslens as pl
from presslens import plots, stance
from presslens.segment import sentence_table_from_texts


def cells(stances: pd.DataFrame) -> set[tuple[str, str, int]]:
    """(holder, target, stance) triples, the part of a statement a reader checks first."""
    return set(zip(stances["holder"], stances["target"], stances["stance"]))


@pytest.fixture(scope="module")
def seed() -> pl.Corpus:
    return pl.read_corpus()


# --- codebook ---

def test_codebook_loads_the_three_project_files():
    codebook = stance.load_codebook()
    assert {"Russia", "Ukraine", "United States", "Europe", "China", "Hamas", "NATO"} <= set(codebook.actors["actor"])
    assert {"ceasefire", "direct talks", "sanctions", "prisoner exchange"} <= set(codebook.issues["issue"])
    assert set(codebook.cues["role"]) == {"support", "oppose", "negator", "speech"}
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


def test_inflections_cover_regular_verb_forms_and_multiword_cues():
    assert {"push for", "pushes for", "pushed for", "pushing for"} <= set(stance.inflections("push for"))
    assert {"denies", "denied", "denying"} <= set(stance.inflections("deny"))
    assert {"dodges", "dodged", "dodging"} <= set(stance.inflections("dodge"))


# --- mentions ---

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


# --- stance rules ---

def test_holder_and_target_are_bound_per_clause_so_swapping_swaps_the_result():
    assert cells(stance.extract_stances("Ukraine welcomed the proposal, but Russia rejected it.")) == {
        ("Ukraine", "proposal", 1), ("Russia", "proposal", -1)}
    assert cells(stance.extract_stances("Russia welcomed the proposal, but Ukraine rejected it.")) == {
        ("Russia", "proposal", 1), ("Ukraine", "proposal", -1)}
    assert cells(stance.extract_stances("While Hamas accepted the truce, Israel rejected it.")) == {
        ("Hamas", "ceasefire", 1), ("Israel", "ceasefire", -1)}
    assert cells(stance.extract_stances("Germany opposed the tariffs, whereas Poland backed them.")) == {
        ("Germany", "tariffs", -1), ("Poland", "tariffs", 1)}


def test_it_after_a_named_issue_is_resolved_and_flagged():
    stances = stance.extract_stances("Israel rejected a ceasefire and Hamas accepted it.")
    assert cells(stances) == {("Israel", "ceasefire", -1), ("Hamas", "ceasefire", 1)}
    assert stances.set_index("holder").loc["Hamas", "target_resolved"]


def test_this_idea_refers_back_to_the_first_issue_of_the_previous_sentence():
    stances = stance.extract_stances("Qatar proposed a prisoner swap. Israel has repeatedly dismissed this idea.")
    israel = stances[stances["holder"] == "Israel"]
    assert israel[["target", "stance", "target_resolved", "target_mention"]].values.tolist() == [
        ["prisoner exchange", -1, True, "this idea"]]


def test_passive_voice_takes_the_holder_after_by():
    stances = stance.extract_stances("The ceasefire was rejected by Moscow.")
    assert stances[["holder", "holder_mention", "target", "stance", "passive"]].values.tolist() == [
        ["Russia", "Moscow", "ceasefire", -1, True]]
    lifted = stance.extract_stances("The sanctions were lifted by Washington.")
    assert cells(lifted) == {("United States", "sanctions", -1)}


def test_a_second_passive_shares_the_subject_of_the_first():
    stances = stance.extract_stances("The truce was accepted by Hamas but rejected by Israel.")
    assert cells(stances) == {("Hamas", "ceasefire", 1), ("Israel", "ceasefire", -1)}
    assert stances["passive"].all()


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Russia did not reject the ceasefire.", 0),          # negated opposition is non-committal, never support
    ("Russia refused to back the ceasefire.", -1),        # negated support is opposition
    ("The Kremlin has never supported the truce.", -1),
    ("Moscow no longer supports the peace talks.", -1),
    ("Russia's reluctance to endorse a ceasefire is clear.", -1),
])
def test_negation_flips_support_and_cancels_opposition(sentence: str, expected: int):
    stances = stance.extract_stances(sentence)
    assert stances[["holder", "stance", "negated"]].values.tolist() == [["Russia", expected, True]]


def test_a_person_counts_for_their_affiliation_and_keeps_the_words_that_named_them():
    stances = stance.extract_stances("French President Emmanuel Macron called for more weapons deliveries.")
    assert stances[["holder", "holder_mention", "target", "stance"]].values.tolist() == [
        ["France", "French President Emmanuel Macron", "weapons deliveries", 1]]


def test_several_members_of_one_group_hold_the_position_as_the_group():
    grouped = stance.extract_stances("Leaders from France, Germany, Poland and the UK demanded a ceasefire.")
    assert cells(grouped) == {("Europe", "ceasefire", 1)}
    assert grouped["holder_mention"].tolist() == ["France, Germany, Poland and the UK"]
    alone = stance.extract_stances("France demanded a ceasefire.")
    assert cells(alone) == {("France", "ceasefire", 1)}
    mixed = stance.extract_stances("China and Iran condemned the sanctions.")
    assert cells(mixed) == {("China", "sanctions", -1), ("Iran", "sanctions", -1)}


def test_noun_cues_take_the_possessor_as_holder():
    stances = stance.extract_stances("Moscow's rejection of the ceasefire angered Kyiv.")
    assert cells(stances) == {("Russia", "ceasefire", -1)}
    both = stance.extract_stances("Hamas rejected Israel's proposal for a ceasefire.")
    assert cells(both) == {("Hamas", "ceasefire", -1), ("Israel", "ceasefire", 1)}


def test_a_controlling_cue_passes_its_holder_to_the_cue_it_governs():
    stances = stance.extract_stances("Trump urged Zelensky to accept the peace deal.")
    assert stances[["holder", "target", "stance", "cue"]].values.tolist() == [
        ["United States", "peace deal", 1, "urge > accept"]]
    ultimatum = stance.extract_stances("The EU issued an ultimatum to Iran: agree to a nuclear deal or face sanctions.")
    assert cells(ultimatum) == {("European Union", "nuclear deal", 1)}


def test_urging_someone_not_to_oppose_is_support():
    stances = stance.extract_stances("The EU urged Hungary not to block the sanctions.")
    assert stances[["holder", "target", "stance", "negated"]].values.tolist() == [
        ["European Union", "sanctions", 1, True]]


def test_a_noun_cue_right_after_a_verb_cue_is_its_object():
    stances = stance.extract_stances("Netanyahu rejected calls for a Palestinian state.")
    assert cells(stances) == {("Israel", "two-state solution", -1)}


def test_the_actor_before_of_or_for_does_a_gerund_cue():
    stances = stance.extract_stances("Hamas accused Israel of violating the ceasefire.")
    assert cells(stances) == {("Hamas", "Israel", -1), ("Israel", "ceasefire", -1)}


def test_a_speech_verb_starts_a_new_holder_search_and_marks_the_statement_as_reported():
    stances = stance.extract_stances("Trump said Zelensky was ready to accept a truce.")
    assert stances[["holder", "target", "stance", "quoted", "attributed_to"]].values.tolist() == [
        ["Ukraine", "ceasefire", 1, True, "Donald Trump"]]


def test_an_actor_is_the_target_when_no_issue_follows_the_cue():
    stances = stance.extract_stances("Trump criticised Zelensky.")
    assert stances[["holder", "target", "target_kind", "stance"]].values.tolist() == [
        ["United States", "Ukraine", "actor", -1]]


def test_first_person_inside_a_quote_is_the_speaker_and_the_statement_is_attributed():
    stances = stance.extract_stances("“We reject this ceasefire,” Netanyahu said.")
    assert stances[["holder", "holder_mention", "target", "stance", "quoted", "attributed_to"]].values.tolist() == [
        ["Israel", "we", "ceasefire", -1, True, "Benjamin Netanyahu"]]


# --- quotes ---

def test_quote_with_the_speaker_after_keeps_name_description_and_actor():
    quotes = stance.extract_quotes("“Sanctions are working well,” said Jana Novak, a German economist.")
    assert quotes[["kind", "speaker", "speaker_description", "speaker_actor", "cue", "quote"]].values.tolist() == [
        ["direct", "Jana Novak", "a German economist", "Germany", "said", "Sanctions are working well"]]


def test_quote_with_the_speaker_before():
    quotes = stance.extract_quotes("Peskov said: “Moscow will not accept these terms.”")
    assert quotes[["speaker", "speaker_actor", "quote"]].values.tolist() == [
        ["Dmitry Peskov", "Russia", "Moscow will not accept these terms."]]


def test_a_quote_over_two_sentences_is_one_quote_and_a_following_quote_continues_it():
    text = ("“We are ready to talk. We want a just peace,” Kuleba told reporters. "
            "“But nobody should expect us to give up land.”")
    quotes = stance.extract_quotes(text)
    assert quotes[["speaker", "sentence_id", "sentence_id_end", "continuation"]].values.tolist() == [
        ["Dmytro Kuleba", 0, 1, False], ["Dmytro Kuleba", 2, 2, True]]


def test_he_after_a_quote_is_the_previous_speaker_and_a_name_in_the_appositive_is_the_speaker():
    text = ("“Why should we trust them?” asked Zelensky. “They broke every promise,” he added. "
            "Ukraine's foreign minister, Andrii Sybiha, said that Kyiv was ready.")
    quotes = stance.extract_quotes(text).fillna({"speaker_description": ""})
    assert quotes[["kind", "speaker", "speaker_description", "cue", "continuation"]].values.tolist() == [
        ["direct", "Volodymyr Zelensky", "", "asked", False],
        ["direct", "Volodymyr Zelensky", "", "added", False],
        ["reported", "Andrii Sybiha", "Ukraine's foreign minister", "said", False]]


def test_reported_speech_and_scare_quotes():
    text = ("As analyst Jane Roe remarked, the truce is fragile. Lavrov said that Moscow rejected the plan. "
            "He called it a “special operation”.")
    quotes = stance.extract_quotes(text)
    assert quotes[["kind", "speaker", "quote"]].values.tolist() == [
        ["reported", "Jane Roe", "the truce is fragile."], ["reported", "Sergey Lavrov", "Moscow rejected the plan."]]
    assert quotes["speaker_description"].iloc[0] == "analyst"
    assert quotes["speaker_description"].isna().iloc[1]


# --- the seed article (acceptance) ---

def test_seed_positions(seed: pl.Corpus):
    stances = stance.extract_stances(seed)
    found = cells(stances)
    assert {("Ukraine", "ceasefire", 1), ("Russia", "ceasefire", -1), ("United States", "direct talks", 1),
            ("Europe", "ceasefire", 1)} <= found
    assert not {("Ukraine", "ceasefire", -1), ("Russia", "ceasefire", 1), ("Europe", "ceasefire", -1)} & found
    dismissal = stance.evidence(stances, "Russia", "ceasefire")
    assert dismissal["sentence"].str.contains("repeatedly dismissed this idea").any()
    ultimatum = stance.evidence(stances, "Europe", "ceasefire")
    assert ultimatum["holder_mention"].str.contains("France, Germany, Poland, and the UK").any()


def test_seed_quotes_and_speakers(seed: pl.Corpus):
    quotes = stance.extract_quotes(seed)
    direct = quotes[quotes["kind"] == "direct"]
    assert direct["speaker"].value_counts().to_dict() == {"Witold Rodkiewicz": 3, "Oleksandr Kraiev": 1}
    rodkiewicz = direct[direct["speaker"] == "Witold Rodkiewicz"]
    assert rodkiewicz["speaker_description"].unique().tolist() == ["a Polish expert on Russian foreign policy"]
    assert rodkiewicz["speaker_actor"].unique().tolist() == ["Poland"]
    assert rodkiewicz["continuation"].tolist() == [False, False, True]
    reported = quotes[quotes["kind"] == "reported"].set_index("speaker")
    assert reported.loc["Dickinson", "quote"] == "signaled Ukraine's serious approach to the talks."
    assert reported.loc["Dickinson", "speaker_description"] == "political analyst"


# --- inputs ---

def test_every_kind_of_source_gives_the_same_statements(seed: pl.Corpus):
    text = "Ukraine welcomed the truce, but Russia rejected it."
    from_string = stance.extract_stances(text)
    from_list = stance.extract_stances([text, "Germany backed the sanctions."])
    from_table = stance.extract_stances(sentence_table_from_texts([text]))
    assert from_string.equals(from_table)
    assert from_list["article_id"].tolist() == ["text-1", "text-1", "text-2"]
    assert stance.extract_stances(seed).equals(stance.extract_stances(seed.sentences))
    assert stance.extract_stances(seed, quotes=stance.extract_quotes(seed)).equals(stance.extract_stances(seed))
    with pytest.raises(TypeError, match="source: expected a string"):
        stance.extract_stances(42)
    with pytest.raises(ValueError, match=r"source: a sentence table needs.*\['text'\] missing"):
        stance.extract_stances(pd.DataFrame({"article_id": ["a"], "sentence_id": [0]}))


# --- summaries ---

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


# --- the RE2 prefilter of the scans (a speed-up that must not change a result) ---

def test_the_case_insensitive_prefilter_keeps_every_character_python_would_match():
    """Over all of Unicode, each checked character's prefilter keeps every character that Python's
    case-insensitive engine matches, or that lower-cases to it (the scan of lower-cased text)."""
    characters = [chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF]
    one_per_line = "\n".join(characters)
    by_lower_case: dict[str, set[str]] = {}
    for character in characters:
        by_lower_case.setdefault(character.lower(), set()).add(character)
    for checked in sorted(stance._CASE_CHECKED_CHARACTERS):
        python_matches = sorted(set(re.findall(re.escape(checked), one_per_line, re.IGNORECASE))
                                | by_lower_case[checked.lower()])
        pattern = stance._prefilter_pattern([checked.lower()], ignore_case=True)
        kept = stance._rows_containing(python_matches, range(len(python_matches)), pattern, ignore_case=True)
        missed = [python_matches[row] for row in sorted(set(range(len(python_matches))) - set(kept))]
        assert not missed, f"{checked!r}: RE2 misses {missed}"


def test_the_prefilter_keeps_every_row_when_it_cannot_judge():
    texts = ["Kyiv said no.", "nothing here", "Kyiv\ud800 said yes."]  # a lone surrogate cannot go to Arrow
    pattern = stance._prefilter_pattern(["Kyiv"])
    assert stance._rows_containing(texts[:2], range(2), pattern) == [0]
    assert list(stance._rows_containing(texts, range(3), pattern)) == [0, 1, 2]
    assert stance._prefilter_pattern(["Zürich"], ignore_case=True) is None
    assert stance._prefilter_pattern(["Zürich"]) is not None


def test_prefiltered_scans_give_what_scanning_every_sentence_gives(shared_dir: Path,
                                                                   monkeypatch: pytest.MonkeyPatch):
    articles, _ = pl.clean_articles(pl.load_articles(shared_dir / "corpora" / "allsides" / "ukraine-subset.jsonl"))
    corpus = pl.split_sentences(articles)
    prefiltered = (stance.extract_stances(corpus), stance.find_mentions(corpus))
    monkeypatch.setattr(stance, "_rows_containing", lambda texts, rows, pattern, ignore_case=False: rows)
    unfiltered = (stance.extract_stances(corpus), stance.find_mentions(corpus))
    assert len(prefiltered[0]) > 1000 and len(prefiltered[1]) > 10000
    assert prefiltered[0].equals(unfiltered[0]) and prefiltered[1].equals(unfiltered[1])
