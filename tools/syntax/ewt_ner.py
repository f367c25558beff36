"""EWT train sentences with PER / ORG / LOC entities annotated here (UNER labels only EWT dev and test).

`ner-ewt-annotations.jsonl` (beside this module, committed) holds no text: one JSON object a line with the
`sent_id` of a UD English EWT train sentence and its `entities` as `[first, end, label]`, word positions in
the treebank's words (end exclusive; labels PER, ORG, LOC). Whole documents of EWT train, drawn with a seed,
were annotated by AI coder sessions following `ner-ewt-guidelines.md` (Universal NER's conventions, with sixty
UNER sentences of `ner-train` as worked examples), one annotation each, no adjudication (silver quality). Forty
UNER sentences were hidden in each coder's packet; what the coders marked in them is in
`ner-ewt-coder-check.jsonl` (same format, with the coder's number), and `coder_check` scores it against UNER's
own annotators for the model card. The words are read from EWT (train, and for the check
UNER's dev and test) in the shared data when the model is trained.
"""

from __future__ import annotations

import json
from pathlib import Path

from spacy.tokens import Doc
from spacy.vocab import Vocab

import corpus

ANNOTATIONS_FILE = Path(__file__).resolve().parent / "ner-ewt-annotations.jsonl"
CODER_CHECK_FILE = ANNOTATIONS_FILE.with_name("ner-ewt-coder-check.jsonl")
LABELS = ("PER", "ORG", "LOC")


def read_records(path: Path) -> list[dict]:
    """The records of an annotation file, checked: each sentence once, labels PER / ORG / LOC only.

    Raises:
        FileNotFoundError: when the file is missing.
        ValueError: when a line repeats a sentence or gives an unknown label (the message names the line).
    """
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: the EWT entity annotations belong beside tools/syntax/ewt_ner.py")
    records, seen = [], set()
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            record = json.loads(line)
            if record["sent_id"] in seen or any(label not in LABELS for _, _, label in record["entities"]):
                raise ValueError(f"{path.name}, line {number}: sentence {record['sent_id']} repeated or a label "
                                 f"other than {', '.join(LABELS)}")
            seen.add(record["sent_id"])
            records.append(record)
    return records


def read_annotations(path: Path = ANNOTATIONS_FILE) -> dict[str, list[tuple[int, int, str]]]:
    """The entities of each annotated sentence of `path`, by EWT `sent_id` (see `read_records`)."""
    return {record["sent_id"]: [(int(first), int(end), label) for first, end, label in record["entities"]]
            for record in read_records(path)}


def iob_tags(length: int, entities: list[tuple[int, int, str]], *, sent_id: str) -> list[str]:
    """IOB2 tags of a sentence of `length` words with the given entity spans.

    Raises:
        ValueError: when a span falls outside the sentence or two spans overlap.
    """
    tags = ["O"] * length
    for first, end, label in sorted(entities):
        if not 0 <= first < end <= length or any(tag != "O" for tag in tags[first:end]):
            raise ValueError(f"{ANNOTATIONS_FILE.name}: entity {first}-{end} of {sent_id} is outside its "
                             f"{length} words or overlaps another")
        tags[first:end] = [f"B-{label}"] + [f"I-{label}"] * (end - first - 1)
    return tags


def silver_docs(vocab: Vocab, *, root: Path | None = None) -> list[Doc]:
    """The annotated EWT train sentences as Docs of their gold words, in treebank order.

    Raises:
        ValueError: when an annotated sentence is not in the EWT train file of the shared data.
    """
    annotations = read_annotations()
    treebank = corpus.read_conllu(corpus.ewt_file("train", root=root))
    missing = set(annotations) - {sentence.sent_id for sentence in treebank}
    if missing:
        raise ValueError(f"{ANNOTATIONS_FILE.name}: {len(missing)} sentences not in EWT train "
                         f"(first: {sorted(missing)[0]}); it was made from another release")
    docs = []
    for sentence in treebank:
        if sentence.sent_id in annotations:
            sentence.columns["iob"] = iob_tags(len(sentence.words), annotations[sentence.sent_id],
                                               sent_id=sentence.sent_id)
            docs.append(corpus.entity_doc(vocab, sentence, spaces=sentence.spaces))
    return docs


def coder_check(vocab: Vocab, *, root: Path | None = None) -> dict[str, float]:
    """Precision, recall and F1 of the coders' entities on the UNER sentences hidden in their packets, and how
    many coders there were.

    Raises:
        ValueError: when a checked sentence is not among UNER's labelled sentences.
    """
    import evaluate

    marked = read_annotations(CODER_CHECK_FILE)
    uner = {sentence.sent_id: sentence for split in ("dev", "test")
            for sentence in corpus.read_iob2(corpus.uner_file(split, root=root))}
    missing = set(marked) - set(uner)
    if missing:
        raise ValueError(f"{CODER_CHECK_FILE.name}: {len(missing)} sentences not in UNER English EWT "
                         f"(first: {sorted(missing)[0]})")
    gold, coded = [], []
    for sent_id in sorted(marked):
        sentence = uner[sent_id]
        gold.append(corpus.entity_doc(vocab, sentence))
        sentence.columns["iob"] = iob_tags(len(sentence.words), marked[sent_id], sent_id=sent_id)
        coded.append(corpus.entity_doc(vocab, sentence))
    coders = {record["coder"] for record in read_records(CODER_CHECK_FILE)}
    return evaluate.entity_scores(gold, coded) | {"coders": len(coders)}
