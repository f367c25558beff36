"""entities.discover: aliases merged, kinds, titles and affiliations, and what stays ambiguous.

The names are found by spaCy's rule-based EntityRuler (conftest.ruler), so each test checks presslens's rules.
"""

from __future__ import annotations

from conftest import articles, ruler

from presslens import entities


def by_entity(table):
    return {row.entity: row for row in table.itertuples(index=False)}


def test_a_surname_possessives_and_titles_join_the_full_name():
    corpus = articles("President Vladimir Putin's spokesman spoke.\nPutin’s aides met.",
                      "Putin said no.\nVladimir Putin left.")
    table = entities.discover(corpus, nlp=ruler({"Vladimir Putin": "PERSON", "Putin": "PERSON"}))
    putin = by_entity(table)["Vladimir Putin"]
    assert (putin.kind, putin.aliases, putin.mentions, putin.articles) == ("person", "Putin|Vladimir Putin", 4, 2)
    assert putin.titles == "President"
    assert putin.merged_by == "surname: Putin"
    assert putin.codebook_actor == "Vladimir Putin"


def test_a_shared_surname_goes_to_the_full_name_of_its_article_else_to_the_one_named_most_and_is_flagged():
    corpus = articles("Jay Carney spoke for the White House.\nCarney said no.",
                      "Mark Carney spoke for the Bank of England.\nCarney said yes.",
                      "Mark Carney met bankers.",
                      "Carney declined to comment.")
    found = entities.discover_all(corpus, nlp=ruler({"Jay Carney": "PERSON", "Mark Carney": "PERSON"}),
                                  min_mentions=1)
    carney = found.mentions[found.mentions["alias"] == "Carney"]
    article_of = found.sentences["article_id"].to_numpy()
    assert sorted(zip(article_of[carney["row"]], carney["entity"])) == [
        ("a1", "Jay Carney"), ("a2", "Mark Carney"), ("a4", "Mark Carney")]
    rows = by_entity(found.entities)
    assert rows["Jay Carney"].ambiguous and rows["Mark Carney"].ambiguous
    shared = found.ambiguities[found.ambiguities["reason"] == "shared surname"]
    assert shared[["alias", "entity", "other", "articles"]].values.tolist() == [
        ["Carney", "Mark Carney", "Jay Carney", 2], ["Carney", "Jay Carney", "Mark Carney", 1]]
    # the codebook's Carney is Mark Carney: in a1 "Carney" is another person
    other = found.ambiguities[found.ambiguities["reason"] == "codebook: another person"]
    assert other[["alias", "entity", "other", "article_ids"]].values.tolist() == [
        ["Carney", "Jay Carney", "Mark Carney (codebook)", "a1"]]
    assert other["example"].tolist() == ["Jay Carney spoke for the White House."]


def test_korean_names_are_shortened_to_the_family_name_written_first():
    corpus = articles("Kim Jong Un fired a missile.\nKim said it worked.",
                      "Kim Yo Jong visited Seoul.\nKim met officials.",
                      "Kim Jong Un spoke.\nKim Jong-un smiled.")
    found = entities.discover_all(corpus, nlp=ruler({"Kim Jong Un": "PERSON", "Kim Yo Jong": "PERSON",
                                                     "Kim Jong-un": "PERSON"}), min_mentions=1)
    rows = by_entity(found.entities)
    assert rows["Kim Jong Un"].aliases == "Kim Jong Un|Kim|Kim Jong-un"
    assert rows["Kim Yo Jong"].aliases == "Kim|Kim Yo Jong"  # as often, then in alphabetical order
    assert rows["Kim Jong Un"].ambiguous and rows["Kim Yo Jong"].ambiguous


def test_the_variants_file_and_the_automatic_rule_merge_spellings_and_automatic_merges_are_flagged():
    corpus = articles("Viktor Yanukovich fled.\nNaftogaz raised prices.\nNaftogaz said so.",
                      "Viktor Yanukovych spoke.\nViktor Yanukovych left.",
                      "Naftohaz paid its debt.")
    table = entities.discover(corpus, nlp=ruler({"Viktor Yanukovich": "PERSON", "Viktor Yanukovych": "PERSON",
                                                 "Naftogaz": "ORG", "Naftohaz": "ORG"}))
    rows = by_entity(table)
    assert rows["Viktor Yanukovych"].aliases == "Viktor Yanukovych|Viktor Yanukovich"
    assert rows["Viktor Yanukovych"].merged_by == "variants file: Viktor Yanukovich"
    assert (rows["Naftogaz"].aliases, rows["Naftogaz"].mentions) == ("Naftogaz|Naftohaz", 3)
    assert rows["Naftogaz"].merged_by == "one edit (automatic): Naftohaz"
    assert rows["Naftogaz"].note == "automatic merge, check: Naftohaz"


def test_acronyms_join_the_name_defined_with_them_or_the_only_name_with_their_initials():
    corpus = articles("Leaders of the North Atlantic Treaty Organization (NATO) met.\nThe U.N. watched.",
                      "NATO said no.\nThe United Nations and the UN agencies agreed.")
    table = entities.discover(corpus, nlp=ruler({"North Atlantic Treaty Organization": "ORG", "NATO": "ORG",
                                                 "U.N.": "ORG", "UN": "ORG", "United Nations": "ORG"}))
    rows = by_entity(table)
    assert (rows["North Atlantic Treaty Organization"].aliases, rows["United Nations"].aliases) == (
        "NATO|North Atlantic Treaty Organization", "U.N.|UN|United Nations")
    assert rows["North Atlantic Treaty Organization"].merged_by == "acronym (defined in the text): NATO"
    assert rows["United Nations"].merged_by == "acronym (initials): U.N., UN"


def test_demonyms_go_to_their_state_and_a_capital_to_its_state_unless_it_is_a_place():
    corpus = articles("Russian officials met.\nMoscow said no.\nThe talks were held in Moscow.",
                      "Russia agreed.\nReporters in Moscow waited.")
    rows = by_entity(entities.discover(corpus, nlp=ruler({})))
    assert (rows["Russia"].aliases, rows["Russia"].mentions, rows["Russia"].kind) == (
        "Moscow|Russia|Russian", 3, "place/state")
    assert rows["Russia"].merged_by == "capital (government): Moscow; places table: Russian"
    assert (rows["Moscow"].aliases, rows["Moscow"].mentions) == ("Moscow", 2)


def test_parties_caucuses_and_groups_come_from_the_groups_table():
    corpus = articles("Republicans and Democrats argued.\nThe separatists attacked.\nHouse Republicans balked.",
                      "Separatists fired.\nRepublicans won. Democrats lost.\nThe GOP and House Republicans met.")
    rows = by_entity(entities.discover(corpus, nlp=ruler({})))
    assert {name: (row.kind, row.aliases, row.mentions) for name, row in rows.items()} == {
        "Republican Party": ("organisation", "Republicans|GOP", 3),
        "Democratic Party": ("organisation", "Democrats", 2),
        "House Republicans": ("group", "House Republicans", 2),
        "separatists": ("group", "Separatists|separatists", 2)}


def test_affiliations_are_read_from_titles_party_tags_and_appositions_and_the_most_stated_wins():
    corpus = articles("Russian Foreign Minister Sergei Lavrov spoke.\nLavrov left.",
                      "Sen. John McCain, R-Ariz., spoke.\nRepublican Sen. John McCain voted.",
                      "White House spokesman Jay Carney said no.\nThe White House agreed with Carney.",
                      "Democratic Sen. Joe Manchin spoke.\nJoe Manchin, D-W.Va., voted.\nRepublican Joe Manchin ...")
    names = {"Sergei Lavrov": "PERSON", "John McCain": "PERSON", "Jay Carney": "PERSON", "White House": "ORG",
             "Joe Manchin": "PERSON"}
    rows = by_entity(entities.discover(corpus, nlp=ruler(names)))
    assert (rows["Sergei Lavrov"].affiliation, rows["Sergei Lavrov"].titles) == ("Russia", "Foreign Minister")
    assert rows["Sergei Lavrov"].affiliation_evidence == "Russian Foreign Minister (1)"
    assert (rows["John McCain"].affiliation, rows["John McCain"].affiliation_evidence) == (
        "Republican Party", "R-Ariz. (1); Republican Sen. (1)")
    assert (rows["Jay Carney"].affiliation, rows["Jay Carney"].titles) == ("White House", "spokesman")
    assert (rows["Joe Manchin"].affiliation, rows["Joe Manchin"].affiliation_evidence) == (
        "Democratic Party", "Democratic Sen. (1); D-W.Va. (1); other affiliations stated 1 times")


def test_a_codebook_alias_inside_a_longer_name_belongs_to_the_longer_name():
    corpus = articles("The Christian Democrats won the Dutch election.",
                      "The Christian Democrats formed a coalition.\nDemocrats in Washington reacted.")
    found = entities.discover_all(corpus, nlp=ruler({"Christian Democrats": "ORG"}))
    assert by_entity(found.entities)["Christian Democrats"].kind == "organisation"
    inside = found.ambiguities[found.ambiguities["reason"] == "codebook alias inside a longer name"]
    assert inside[["alias", "entity", "other", "articles"]].values.tolist() == [
        ["Democrats", "Christian Democrats", "Democrats (codebook)", 2]]


def test_a_codebook_person_named_here_by_another_role_or_outside_its_years_is_flagged():
    # no full name anywhere: the White House spokesman "Carney" is not the codebook's Mark Carney of Canada,
    # and the articles are from 2013, long before the codebook's row (from 2025)
    corpus = articles("White House spokesman Carney said no.\nCarney left.",
                      "White House press secretary Carney spoke.", dates=["2013-05-01", "2013-06-01"])
    found = entities.discover_all(corpus, nlp=ruler({"Carney": "PERSON", "White House": "ORG"}))
    carney = by_entity(found.entities)["Carney"]
    assert (carney.affiliation, carney.ambiguous, carney.codebook_actor) == ("White House", True, "")
    cases = found.ambiguities[["reason", "alias", "entity", "other", "articles", "mentions"]].values.tolist()
    assert cases == [["codebook: another affiliation", "Carney", "Carney", "Mark Carney (codebook)", 2, 3],
                     ["codebook: outside its years", "Carney", "Carney", "Mark Carney (codebook, 2025-)", 2, 3]]


def test_a_name_with_an_apostrophe_is_found_with_either_apostrophe():
    corpus = articles("The People's Liberation Army moved.\nThe People’s Liberation Army drilled.",
                      "The People's Liberation Army fired.")
    table = entities.discover(corpus, nlp=ruler({"People's Liberation Army": "ORG"}))
    army = by_entity(table)["People's Liberation Army"]
    assert (army.aliases, army.mentions, army.articles) == (
        "People's Liberation Army|People’s Liberation Army", 3, 2)


def test_timings_receive_the_seconds_of_each_step():
    timings: dict[str, float] = {}
    entities.discover_all(articles("Vladimir Putin spoke.\nPutin left."), nlp=ruler({"Vladimir Putin": "PERSON"}),
                          timings=timings)
    assert list(timings) == ["recognise", "spot", "match", "count", "ambiguity"]
    assert all(seconds >= 0 for seconds in timings.values())
