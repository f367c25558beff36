"""Write the training, development and test DocBins of the syntax pipeline.

Parser and tagger: EWT train / dev / test as released. Entities: UNER has labels for EWT dev and test
only, so its sentences are split by document (`# newdoc id`), with a fixed seed:
- `ner-train`: 80 % of the dev documents + half of the test documents;
- `ner-dev`:   the other 20 % of the dev documents (to choose the checkpoint);
- `ner-test`:  the other half of the test documents (held out; reported in the model card).
The parser never sees an EWT test sentence; the entity recogniser has its own tok2vec.

News entities (news_ner.py): AllSides sentences rebuilt from committed offsets, 300 of them held out by
article (`news-test`), the rest (`news-train`). EWT train entities (ewt_ner.py): EWT train sentences annotated
here (`ewt-train-silver`). Both are added to the UNER training part in `ner-train-all`, which is what the
entity recogniser learns from.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from pathlib import Path

from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

import corpus
import ewt_ner
import news_ner

SPLIT_SEED = 17
NER_DEV_SHARE = 0.2
NER_TEST_SHARE = 0.5


def split_documents(doc_ids: Iterable[str], share: float, *, seed: int) -> tuple[set[str], set[str]]:
    """Split document ids in two with a seeded shuffle: (the rest, a `share` of them)."""
    ordered = sorted(set(doc_ids))
    random.Random(seed).shuffle(ordered)
    cut = round(len(ordered) * share)
    return set(ordered[cut:]), set(ordered[:cut])


def entity_docs(vocab: Vocab, split: str, *, root: Path | None = None) -> list[Doc]:
    """UNER sentences of one split as Docs, with EWT's spaces where the words agree."""
    treebank = {sentence.sent_id: sentence for sentence in corpus.read_conllu(corpus.ewt_file(split, root=root))}
    docs = []
    for sentence in corpus.read_iob2(corpus.uner_file(split, root=root)):
        gold = treebank.get(sentence.sent_id)
        spaces = gold.spaces if gold is not None and gold.words == sentence.words else None
        docs.append(corpus.entity_doc(vocab, sentence, spaces=spaces))
    return docs


def ner_splits(vocab: Vocab, *, root: Path | None = None) -> dict[str, list[Doc]]:
    """The UNER train / dev / test Docs, split by document as the module docstring says."""
    dev_docs = entity_docs(vocab, "dev", root=root)
    test_docs = entity_docs(vocab, "test", root=root)
    dev_train, dev_held = split_documents((d.user_data["doc_id"] for d in dev_docs), NER_DEV_SHARE,
                                          seed=SPLIT_SEED)
    test_train, test_held = split_documents((d.user_data["doc_id"] for d in test_docs), NER_TEST_SHARE,
                                            seed=SPLIT_SEED)
    return {
        "ner-train": [d for d in dev_docs if d.user_data["doc_id"] in dev_train]
        + [d for d in test_docs if d.user_data["doc_id"] in test_train],
        "ner-dev": [d for d in dev_docs if d.user_data["doc_id"] in dev_held],
        "ner-test": [d for d in test_docs if d.user_data["doc_id"] in test_held],
    }


def parse_splits(vocab: Vocab, *, root: Path | None = None) -> dict[str, list[Doc]]:
    """The EWT train / dev / test Docs with gold tags and trees."""
    return {f"ewt-{split}": [corpus.parse_doc(vocab, s) for s in corpus.read_conllu(corpus.ewt_file(split, root=root))]
            for split in ("train", "dev", "test")}


def write_corpora(out_dir: Path, *, root: Path | None = None) -> dict[str, int]:
    """Write every split as `out_dir/<name>.spacy` and return the number of sentences in each."""
    out_dir.mkdir(parents=True, exist_ok=True)
    vocab = Vocab()
    splits = parse_splits(vocab, root=root) | ner_splits(vocab, root=root)
    news, dropped = news_ner.news_splits(vocab, root=root)
    if dropped:
        print(f"news entities: {dropped} annotated spans left out (boundary inside a word)")
    splits |= news | {"ewt-train-silver": ewt_ner.silver_docs(vocab, root=root)}
    splits["ner-train-all"] = splits["ner-train"] + splits["news-train"] + splits["ewt-train-silver"]
    for name, docs in splits.items():
        DocBin(docs=docs, store_user_data=True).to_disk(out_dir / f"{name}.spacy")
    return {name: len(docs) for name, docs in splits.items()}
