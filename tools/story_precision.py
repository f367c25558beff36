"""How far stories move when the story encoder runs in int8 instead of fp32 (the README's agreement figures).

Usage: python tools/story_precision.py [--corpus PATH]

Loads and cleans the corpus (default: the AllSides Ukraine subset in ../shared; pass the full
`corpora/allsides/articles.jsonl.gz` for the full-corpus figure, about ten minutes), groups copies, embeds each
copy group's first article with both precisions (`stories.embed_articles`) and runs `stories.find_stories` on each.
Prints the adjusted Rand index of the two story partitions (articles in no story counted as singletons) and the
share of articles, and of articles in a story in either run, whose story holds the same articles both ways.
"""

from __future__ import annotations

import argparse
import sys
import warnings

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

from presslens import config, stories
from presslens.io.load import load_articles
from presslens.text.clean import clean_articles

UKRAINE_SUBSET = "corpora/allsides/ukraine-subset.jsonl"


def partition_agreement(first: pd.DataFrame, second: pd.DataFrame) -> dict[str, float]:
    """ARI and identical-membership shares of two `find_stories` tables over the same articles, in the same order."""
    labels = [found["story"].astype("float64").fillna(-1).to_numpy() for found in (first, second)]
    singletons = [np.where(label < 0, -1 - np.arange(len(label)), label) for label in labels]
    members = [found["story"].map(found.groupby("story")["article_id"].agg(frozenset)) for found in (first, second)]
    same = np.array([a == b if isinstance(a, frozenset) or isinstance(b, frozenset) else True
                     for a, b in zip(*members, strict=True)])
    in_a_story = (labels[0] >= 0) | (labels[1] >= 0)
    return {"ari": adjusted_rand_score(*singletons), "same_story": float(same.mean()),
            "same_story_in_a_story": float(same[in_a_story].mean()) if in_a_story.any() else float("nan")}


def main(argv: list[str] | None = None) -> int:
    """Entry point: print the agreement of int8 and fp32 stories on a corpus."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=str(config.SHARED_DIR / UKRAINE_SUBSET), help="the articles to group")
    options = parser.parse_args(argv)
    try:
        articles = load_articles(options.corpus, max_bytes=None)
    except FileNotFoundError:
        print(f"needs the corpus {options.corpus} (the AllSides files of ../shared are not part of a clone)",
              file=sys.stderr)
        return 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # articles left empty by cleaning do not change the comparison
        cleaned, _ = clean_articles(articles)
    groups = stories.near_duplicates(cleaned)
    firsts = stories.keep_first_copies(cleaned, groups)
    found = {precision: stories.find_stories(cleaned, groups=groups,
                                             embeddings=stories.embed_articles(firsts, precision=precision))
             for precision in ("fp32", "int8")}
    agreement = partition_agreement(found["fp32"], found["int8"])
    print(f"{len(cleaned):,} articles; stories fp32 {found['fp32']['story'].nunique():,}, "
          f"int8 {found['int8']['story'].nunique():,}")
    print(f"adjusted Rand index {agreement['ari']:.3f}; same story {agreement['same_story']:.1%} of all articles, "
          f"{agreement['same_story_in_a_story']:.1%} of those in a story in either run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
