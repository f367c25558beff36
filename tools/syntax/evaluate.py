"""Scores and speed of a syntax pipeline, on gold tokens.

Attachment scores follow the CoNLL 2018 shared task: every word counts, punctuation included; UAS is the
share of words with the right head; LAS also needs the right relation. `las` compares the full UD label
(`nsubj:pass`, `obl:tmod`), `las_conll18` only its universal part before the colon, as the CoNLL 2018
evaluation script does. Entities are scored by exact span and type.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin

PARSE_COMPONENTS = ("tok2vec", "tagger", "morphologizer", "parser")
ENTITY_COMPONENTS = ("ner",)


def read_docs(nlp: Language, path: Path) -> list[Doc]:
    """The gold Docs of a DocBin written by convert.py."""
    return list(DocBin().from_disk(path).get_docs(nlp.vocab))


def predict_on_gold_tokens(nlp: Language, gold: Sequence[Doc], *, batch_size: int = 256) -> list[Doc]:
    """Run the pipeline on Docs made of the gold words and spaces (no re-tokenisation).

    Each gold Doc is one sentence, so the input is marked as one sentence too.
    """
    inputs = [Doc(nlp.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc],
                  sent_starts=[True] + [False] * (len(doc) - 1)) for doc in gold]
    return list(nlp.pipe(inputs, batch_size=batch_size))


def _universal(label: str) -> str:
    return label.split(":")[0]


def attachment_scores(gold: Sequence[Doc], predicted: Sequence[Doc]) -> dict[str, float]:
    """UAS, LAS (full labels) and LAS (CoNLL 2018, universal relation) over every word, and tag accuracy."""
    counts = Counter()
    for gold_doc, pred_doc in zip(gold, predicted, strict=True):
        for gold_token, pred_token in zip(gold_doc, pred_doc, strict=True):
            counts["words"] += 1
            head_right = gold_token.head.i == pred_token.head.i
            gold_label, pred_label = gold_token.dep_.lower(), pred_token.dep_.lower()
            counts["uas"] += head_right
            counts["las"] += head_right and gold_label == pred_label
            counts["las_conll18"] += head_right and _universal(gold_label) == _universal(pred_label)
            counts["tag"] += gold_token.tag_ == pred_token.tag_
            counts["upos"] += gold_token.pos_ == pred_token.pos_
    words = counts.pop("words")
    return {name: count / words for name, count in counts.items()} | {"words": words}


def _spans(doc: Doc) -> set[tuple[int, int, str]]:
    return {(ent.start, ent.end, ent.label_) for ent in doc.ents}


def entity_scores(gold: Sequence[Doc], predicted: Sequence[Doc]) -> dict[str, float]:
    """Precision, recall and F1 of entity spans (exact boundaries and type), overall and per type."""
    found, expected, right = Counter(), Counter(), Counter()
    for gold_doc, pred_doc in zip(gold, predicted, strict=True):
        gold_spans, pred_spans = _spans(gold_doc), _spans(pred_doc)
        for spans, counter in ((gold_spans, expected), (pred_spans, found), (gold_spans & pred_spans, right)):
            for _start, _end, label in spans:
                counter[label] += 1
                counter["ALL"] += 1
    scores = {}
    for label in sorted(expected | found):
        precision = right[label] / found[label] if found[label] else 0.0
        recall = right[label] / expected[label] if expected[label] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        prefix = "ents" if label == "ALL" else f"ents_{label}"
        scores |= {f"{prefix}_p": precision, f"{prefix}_r": recall, f"{prefix}_f": f1}
    return scores | {"entities": expected["ALL"]}


def words_per_second(nlp: Language, texts: Sequence[str], *, components: Iterable[str] | None = None,
                     batch_size: int = 256, repeats: int = 2) -> float:
    """Words (tokens) a second when `nlp.pipe` reads `texts` with only `components` enabled.

    `components=()` times the tokenizer alone. The best of `repeats` runs is kept, which discounts
    other work on a shared machine.
    """
    names = list(nlp.pipe_names) if components is None else [n for n in nlp.pipe_names if n in components]
    best = float("inf")
    with nlp.select_pipes(enable=names):
        for _ in range(repeats):
            start = time.perf_counter()
            words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
            best = min(best, time.perf_counter() - start)
    return words / best


def speed_report(nlp: Language, texts: Sequence[str]) -> dict[str, float]:
    """Words a second of the tokenizer, the parsing components, the entity components and all of them."""
    return {
        "wps_tokenizer": words_per_second(nlp, texts, components=()),
        "wps_parse": words_per_second(nlp, texts, components=PARSE_COMPONENTS),
        "wps_entities": words_per_second(nlp, texts, components=ENTITY_COMPONENTS),
        "wps_all": words_per_second(nlp, texts),
    }
