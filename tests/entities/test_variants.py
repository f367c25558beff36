"""Spelling variants: the researcher's file, and the conservative automatic rule."""

from __future__ import annotations

from presslens.entities.variants import automatic_merges, canonical_spelling, one_edit_apart


def test_the_variants_file_decides_single_words_anywhere_and_whole_names_as_a_whole():
    assert canonical_spelling("Kiev") == "Kyiv"
    assert canonical_spelling("Viktor Yanukovich") == "Viktor Yanukovych"
    assert canonical_spelling("Qaddafi") == canonical_spelling("Gadhafi") == canonical_spelling("Kadhafi") == "Gaddafi"
    assert canonical_spelling("Zelenskiy") == canonical_spelling("Zelenskyy") == "Zelensky"
    assert canonical_spelling("Al Qaeda") == canonical_spelling("al-Qaida") == "al-Qaeda"
    assert canonical_spelling("Al Qaeda in Iraq") == "Al Qaeda in Iraq"  # a whole-name variant only as a whole


def test_one_edit_is_a_change_an_insertion_a_deletion_or_a_swap_of_neighbours():
    assert one_edit_apart("Yanukovich", "Yanukovych")
    assert one_edit_apart("Zelenskiy", "Zelensky")
    assert one_edit_apart("Lavorv", "Lavrov")
    assert not one_edit_apart("Austria", "Australia")


def test_near_identical_names_merge_only_under_every_condition_of_the_rule():
    names = {
        "Viktor Yanukovich": ("person", 3, {"a1"}), "Viktor Yanukovych": ("person", 30, {"a2", "a3"}),
        "Sergey Lavrov": ("person", 2, {"a4"}), "Sergei Lavrov": ("person", 10, {"a5"}),
        # two people: the first names differ too
        "Tucker Carlson": ("person", 5, {"a6"}), "Magnus Carlsen": ("person", 2, {"a7"}),
        # named in one article: two people
        "Johnson": ("person", 10, {"a8"}), "Johnston": ("person", 3, {"a8"}),
        # fewer than six letters, and kinds that differ
        "Iran": ("place/state", 9, {"a1"}), "Iraq": ("place/state", 9, {"a2"}),
        "Kharkov": ("place/state", 4, {"a9"}), "Kharkiv": ("organisation", 2, {"a10"}),
    }
    assert automatic_merges(names) == {"Viktor Yanukovich": "Viktor Yanukovych", "Sergey Lavrov": "Sergei Lavrov"}
    assert automatic_merges(names, curated={"Sergey Lavrov"}) == {"Viktor Yanukovich": "Viktor Yanukovych"}
