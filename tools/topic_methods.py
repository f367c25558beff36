"""Which topic method reads better on AllSides: NMF over TF-IDF or MiniLM embedding clusters with class-based TF-IDF.

Usage: python tools/topic_methods.py [--sample 4000] [--topics 20 40] [--seed 0] [--out FOLDER]

Draws `--sample` articles at random from the AllSides corpus in ../shared (all of them with --sample 0), counts
each copy group once, and fits both methods with each number of topics. Prints per method: mean and median NPMI
of the top-10 terms against the sample (articles as the context window), topic diversity, topic sizes, and each
topic's top terms, so that the terms can be read as well as scored. Embedding the sample is the slow part.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from presslens import config
from presslens.stories import copies, documents, embed, topics
from presslens.stories.pairs import read_allsides
from presslens.text.clean import clean_articles

ALLSIDES = Path("corpora/allsides/articles.jsonl.gz")


def main(argv: list[str] | None = None) -> int:
    """Entry point: sample, fit both methods, print the comparison and the terms."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=int, default=4000, help="articles drawn at random (0 = all)")
    parser.add_argument("--topics", type=int, nargs="*", default=[20, 40], help="numbers of topics to fit")
    parser.add_argument("--seed", type=int, default=0, help="seed of the sample and of both methods")
    parser.add_argument("--out", type=Path, help="folder to write the comparison and the terms (CSV) into")
    options = parser.parse_args(argv)
    path = config.SHARED_DIR / ALLSIDES
    if not path.is_file():
        print(f"needs the AllSides corpus at {path} (set PRESSLENS_SHARED_DIR); it is not part of a clone.",
              file=sys.stderr)
        return 2
    articles = read_allsides(path)
    if options.sample:
        articles = articles.sample(n=options.sample, random_state=options.seed).reset_index(drop=True)
    cleaned, _ = clean_articles(articles)
    firsts = copies.keep_first_copies(cleaned, copies.near_duplicates(cleaned))
    started = time.perf_counter()
    vectors = embed.embed_articles(firsts)
    print(f"{len(firsts):,} articles (copy groups counted once); embedded with {embed.encoder_backend()} in "
          f"{time.perf_counter() - started:.0f} s")
    terms_of = documents.document_terms(firsts)
    comparisons, all_terms = [], []
    for count in options.topics:
        results = {"nmf": topics.nmf_topics(terms_of, n_topics=count, seed=options.seed),
                   "embedding": topics.embedding_topics(terms_of, vectors, n_topics=count, seed=options.seed)}
        comparison = topics.compare_topic_methods(terms_of, results).assign(n_topics=count)
        comparisons.append(comparison)
        print(f"\n{count} topics:\n{comparison.to_string(index=False)}")
        for method, (_, terms) in results.items():
            print(f"\n  {method}, {count} topics: top terms")
            for topic, words in topics.topic_terms_wide(terms, top_n=10).items():
                print(f"    {topic:>2}  {', '.join(words)}")
            all_terms.append(terms.assign(n_topics=count))
    if options.out:
        import pandas as pd

        options.out.mkdir(parents=True, exist_ok=True)
        pd.concat(comparisons).to_csv(options.out / "topic-methods.csv", index=False)
        pd.concat(all_terms).to_csv(options.out / "topic-terms.csv", index=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
