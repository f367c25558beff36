"""Normalising a name: possessives, "the", titles and the affiliation stated in front; short forms; acronyms."""

from __future__ import annotations

from presslens.entities.names import NameParts, acronym_key, clean_surface, initials, parse_name, short_forms

KNOWN = {"Russian", "White House", "Republican", "Ukraine", "U.S."}.__contains__


def test_possessives_and_a_leading_the_are_taken_off():
    assert clean_surface("Putin's") == ("Putin", True)
    assert clean_surface("Putin’s") == ("Putin", True)
    assert clean_surface("Ukrainians'") == ("Ukrainians", True)
    assert clean_surface("the Kremlin") == ("Kremlin", False)
    assert clean_surface("U.S.") == ("U.S.", False)  # an abbreviation keeps its full stop
    assert clean_surface("Kiev.") == ("Kiev", False)


def test_titles_are_split_off_into_their_own_value():
    assert parse_name("President Vladimir Putin") == NameParts("Vladimir Putin", "President", "", False)
    assert parse_name("Sen. John McCain") == NameParts("John McCain", "Sen.", "", False)
    assert parse_name("Secretary of State John Kerry") == NameParts("John Kerry", "Secretary of State", "", False)
    assert parse_name("President Vladimir Putin's").possessive


def test_the_affiliation_stated_before_the_title_is_read_when_it_is_known():
    assert parse_name("Russian Foreign Minister Sergei Lavrov", is_affiliation=KNOWN) == NameParts(
        "Sergei Lavrov", "Foreign Minister", "Russian", False)
    # "House" is a title word ("House Speaker"), but "White House" is a known affiliation: that split wins
    assert parse_name("White House spokesman Jay Carney", is_affiliation=KNOWN) == NameParts(
        "Jay Carney", "spokesman", "White House", False)
    assert parse_name("Republican Sen. John McCain", is_affiliation=KNOWN) == NameParts(
        "John McCain", "Sen.", "Republican", False)
    assert parse_name("Ukraine's President Viktor Yanukovych", is_affiliation=KNOWN).affiliation == "Ukraine"


def test_a_title_needs_a_head_and_honorifics_are_no_role():
    assert parse_name("Mr. Obama") == NameParts("Obama", "", "", False)
    assert parse_name("Former Obama") == NameParts("Obama", "", "", False)  # a modifier, not a title
    assert parse_name("Justice Department", person=False).name == "Justice Department"


def test_short_forms_are_surnames_or_family_names_written_first():
    assert short_forms("Vladimir Putin") == ["Putin"]
    assert short_forms("Donald J. Trump") == ["Trump"]
    assert short_forms("Ursula von der Leyen") == ["von der Leyen"]
    assert short_forms("Bashar al-Assad") == ["al-Assad", "Assad"]
    assert short_forms("Kim Jong Un") == ["Kim"]
    assert short_forms("Moon Jae-in") == ["Moon"]
    assert short_forms("Xi Jinping") == ["Xi"]
    assert short_forms("Kim Davis") == ["Davis"]  # two plain words: a Western name
    assert short_forms("Putin") == []


def test_acronyms_and_initials():
    assert acronym_key("U.N.") == acronym_key("UN") == "UN"
    assert acronym_key("Nato") is None
    assert initials("North Atlantic Treaty Organization") == "NATO"
    assert initials("Federal Bureau of Investigation") == "FBI"


def test_elect_designate_and_then_titles_are_titles():
    assert parse_name("President-elect Barack Obama") == NameParts("Barack Obama", "President-elect", "", False)
    assert parse_name("Defense Secretary-designate Chuck Hagel").title == "Defense Secretary-designate"
    assert parse_name("then-Secretary of State Hillary Clinton") == NameParts(
        "Hillary Clinton", "then-Secretary of State", "", False)


def test_page_furniture_in_capitals_is_taken_off_the_front_of_a_name():
    assert clean_surface("WATCH What NATO") == ("NATO", False)
    assert clean_surface("VIDEO: Vladimir Putin's") == ("Vladimir Putin", True)
    assert clean_surface("WATCH") == ("WATCH", False)  # nothing left to be the name: kept as it is
    assert clean_surface("What NATO") == ("What NATO", False)  # a question word alone is no furniture
