"""Near-copies: copies up to furniture, headline, trimming and light edits group; different articles do not."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from presslens import stories
from presslens.stories import copies

WIRE = ("KYIV, Ukraine - Russian and Ukrainian delegations met in Istanbul on Friday for their first direct talks "
        "in three years, but the meeting ended after less than two hours without a ceasefire.\n\n"
        "Ukraine's defence minister said Moscow had demanded that Kyiv withdraw its troops from four regions "
        "before any truce, a condition the Ukrainian side called unacceptable.\n\n"
        "Both sides agreed to exchange one thousand prisoners of war each in the coming days, the largest swap "
        "since the start of the full-scale invasion, Turkish officials said.\n\n"
        "The head of the Russian delegation said Moscow was satisfied with the talks and ready to continue "
        "contacts, while European leaders called for new sanctions if Russia refused an unconditional truce.")
OTHER_TALKS = ("Ukraine's president flew to Ankara on Thursday and said he would not sit down with a low-level "
               "Russian team, accusing the Kremlin of treating the talks as theatre.\n\n"
               "Officials in Washington said the American secretary of state would travel to Istanbul to meet "
               "the Ukrainian delegation, and that the president might join if progress was made.\n\n"
               "Analysts in Moscow said the Kremlin wanted to show that it was open to diplomacy while its army "
               "pressed on along the front line in the east of the country.")


def _articles(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["article_id", "source", "published", "body"]).assign(
        published=lambda table: pd.to_datetime(table["published"]))


def test_copies_with_other_furniture_group_and_a_different_article_on_the_topic_does_not():
    with_furniture = "ADVERTISEMENT\n\n" + WIRE + "\n\nFollow us on Twitter for more.\n\nPhoto: Reuters"
    groups = stories.near_duplicates(_articles([
        ("ap", "Associated Press", "2025-05-16", WIRE),
        ("post", "Daily Post", "2025-05-16", with_furniture),
        ("other", "Daily Post", "2025-05-16", OTHER_TALKS),
    ]))
    assert groups.columns.tolist() == ["article_id", "copy_group", "similarity", "first_published"]
    assert groups["copy_group"].tolist() == [1, 1, 2]
    assert groups["first_published"].tolist() == ["ap", "ap", "other"]
    # every shingle of the wire text is in the copy: the shorter set (the wire's) is wholly contained
    assert groups["similarity"].tolist() == [1.0, 1.0, 1.0]


def test_a_trimmed_and_lightly_edited_copy_groups_with_its_similarity_to_the_first():
    paragraphs = WIRE.split("\n\n")
    edited = "\n\n".join(paragraphs[:3]).replace("less than two hours", "under two hours")
    groups = stories.near_duplicates(_articles([("ap", "AP", "2025-05-16", WIRE),
                                                ("short", "Herald", "2025-05-17", edited)]))
    assert groups["copy_group"].tolist() == [1, 1]
    trimmed_shingles = copies.shingle_sets([edited], words=5)[0]
    wire_shingles = copies.shingle_sets([WIRE], words=5)[0]
    containment, _ = copies.overlap(trimmed_shingles, wire_shingles)
    # "less than two hours" -> "under two hours" breaks the 5 + 5 - 1 shingles around it and adds 3 new ones
    assert groups.loc[1, "similarity"] == round(containment, 4) < 1.0
    assert containment > copies.copy_thresholds().min_containment


def test_first_published_is_the_earliest_by_date_then_by_corpus_order():
    groups = stories.near_duplicates(_articles([
        ("late", "A", "2025-05-18", WIRE),
        ("first-on-the-day", "B", "2025-05-16", WIRE + "\n\nRead more at our website."),
        ("second-on-the-day", "C", "2025-05-16", "Photo: AFP\n\n" + WIRE),
        ("undated", "D", None, WIRE),
    ]))
    assert groups["first_published"].tolist() == ["first-on-the-day"] * 4
    assert groups["copy_group"].nunique() == 1


def test_groups_are_numbered_by_their_first_article_in_date_order():
    groups = stories.near_duplicates(_articles([
        ("other", "A", "2025-05-20", OTHER_TALKS),
        ("wire", "B", "2025-05-16", WIRE),
        ("wire-copy", "C", "2025-05-17", WIRE),
    ]))
    assert groups.set_index("article_id")["copy_group"].to_dict() == {"other": 2, "wire": 1, "wire-copy": 1}


def test_short_items_group_only_when_their_wording_is_identical():
    groups = stories.near_duplicates(_articles([
        ("a", "A", "2025-05-16", "Talks end without a truce."),
        ("b", "B", "2025-05-16", "TALKS end, without a truce!"),
        ("c", "C", "2025-05-16", "Talks end without a deal."),
    ]))
    assert groups["copy_group"].tolist() == [1, 1, 2]
    assert groups["similarity"].tolist() == [1.0, 1.0, 1.0]


def test_keep_first_copies_keeps_the_rows_of_each_groups_first_article():
    groups = pd.DataFrame({"article_id": ["a", "b", "c", "d"], "copy_group": [1, 1, 2, 3],
                           "similarity": [1.0, 0.9, 1.0, 1.0], "first_published": ["a", "a", "c", "d"]})
    sentences = pd.DataFrame({"article_id": ["a", "a", "b", "b", "c", "x"], "sentence_id": [0, 1, 0, 1, 0, 0]})
    kept = stories.keep_first_copies(sentences, groups)
    assert kept.to_dict("list") == {"article_id": ["a", "a", "c", "x"], "sentence_id": [0, 1, 0, 0]}
    assert stories.dedupe(sentences, groups, "none") is sentences
    assert stories.dedupe(sentences, groups, "first").equals(kept)
    with pytest.raises(ValueError, match="needs the copy groups"):
        stories.dedupe(sentences, None, "first")
    with pytest.raises(ValueError, match="'none' or 'first'"):
        stories.dedupe(sentences, groups, "all")


def test_copy_group_summary_lists_groups_of_two_or_more():
    articles = _articles([("ap", "AP", "2025-05-16", WIRE), ("post", "Post", "2025-05-17", WIRE),
                          ("other", "Post", "2025-05-16", OTHER_TALKS)]).assign(title=["Talks", "Talks end", "Ankara"])
    summary = stories.copy_group_summary(stories.near_duplicates(articles), articles)
    assert summary[["copy_group", "articles", "sources", "first_published", "first_source", "title"]].to_dict(
        "records") == [{"copy_group": 1, "articles": 2, "sources": 2, "first_published": "ap", "first_source": "AP",
                        "title": "Talks"}]


def test_the_thresholds_file_is_read_and_checked(tmp_path):
    assert stories.copy_thresholds() == copies.CopyThresholds()
    bad = tmp_path / "near-copies.csv"
    bad.write_text("# a comment\nsetting,value\nshingle_words,5\nnum_perm,128\nlsh_threshold,0.3\n"
                   "min_containment,1.5\nmin_jaccard,0.2\nmin_shingles,25\n", encoding="utf-8")
    with pytest.raises(ValueError, match="in \\(0, 1\\]"):
        stories.copy_thresholds(str(bad))
    bad.write_text("setting,value\nshingle_words,5\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing"):
        stories.copy_thresholds(str(bad))


def test_signatures_are_the_same_in_any_chunking():
    sets = copies.shingle_sets([WIRE, OTHER_TALKS, ""], words=5)
    together = copies.minhash_signatures(sets, num_perm=32)
    apart = [copies.minhash_signatures([values], num_perm=32)[0] for values in sets]
    assert (together == apart).all()
    assert (together[2] == 2**32 - 1).all()  # no shingles: the empty signature


def test_lsh_bands_find_the_pairs_datasketchs_index_finds():
    from datasketch import LeanMinHash, MinHashLSH

    texts = [WIRE, WIRE + " Extra closing line of the wire story.", OTHER_TALKS, WIRE[:400], OTHER_TALKS + " Update."]
    signatures = copies.minhash_signatures(copies.shingle_sets(texts, words=5), num_perm=128)
    usable = np.ones(len(texts), dtype=bool)
    ours = copies.candidate_pairs(signatures, usable, threshold=0.3)
    index = MinHashLSH(threshold=0.3, num_perm=128)
    sketches = [LeanMinHash(seed=copies.MINHASH_SEED, hashvalues=row, scheme="affine32") for row in signatures]
    for number, sketch in enumerate(sketches):
        index.insert(number, sketch)
    theirs = sorted({(i, j) for i, sketch in enumerate(sketches) for j in index.query(sketch) if j > i})
    assert [tuple(pair) for pair in ours.tolist()] == theirs == [(0, 1), (0, 3), (1, 3), (2, 4)]
