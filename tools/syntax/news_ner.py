"""News sentences with PER / ORG / LOC entities, rebuilt from AllSides at training time.

`ner-news-annotations.jsonl` (beside this module, committed) holds no text: one JSON object a line with
the AllSides `article_id` (the corpus' `ID`), the `start` / `end` character offsets of one sentence in that
article's `content_original`, and the sentence's `entities` as `[start, end, label]` relative to the
sentence (labels PER, ORG, LOC). The sentences were annotated by AI coder sessions following
Universal-NER-like guidelines (titles left out of PER spans, demonyms not tagged; the conventions written out in
`ner-ewt-guidelines.md`), one annotation each, no adjudication. The texts are read back from
`../shared/corpora/allsides/articles.jsonl.gz` when the model is trained; they are never committed.

Splitting: identical sentence texts are kept once (a newsletter line occurs in three articles); then the
articles are shuffled with a fixed seed and whole articles are taken into `news-test` until it holds
exactly `NEWS_TEST_SENTENCES` sentences, so no article has sentences on both sides.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc
from spacy.vocab import Vocab

import news

ANNOTATIONS_FILE = Path(__file__).resolve().parent / "ner-news-annotations.jsonl"
NEWS_TEST_SENTENCES = 300
SPLIT_SEED = 17
NEWS_TO_SPACY = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}


@dataclass
class NewsSentence:
    """One annotated news sentence: where it comes from, its text and its entities (offsets in the text)."""

    article_id: str
    start: int
    text: str
    entities: list[tuple[int, int, str]]


def read_annotations(path: Path = ANNOTATIONS_FILE) -> list[dict]:
    """The offset records of the annotation file, in file order."""
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: the news entity annotations (offsets only) belong beside "
                                "tools/syntax/news_ner.py")
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def rebuild(records: list[dict], *, root: Path | None = None) -> list[NewsSentence]:
    """The annotated sentences with their texts cut from the AllSides articles in the shared folder.

    Raises:
        FileNotFoundError: when the AllSides file is missing (names it and PRESSLENS_SHARED_DIR).
        ValueError: when an article is missing from it or an offset falls outside its text.
    """
    allsides = news.allsides_file(root=root)
    wanted = {record["article_id"] for record in records}
    bodies = {article["ID"]: article.get("content_original") or ""
              for article in news.articles(allsides) if article.get("ID") in wanted}
    missing = sorted(wanted - set(bodies))
    if missing:
        raise ValueError(f"{allsides}: {len(missing)} annotated articles not found (first: {missing[0]}); "
                         f"{ANNOTATIONS_FILE.name} was made from another copy of the corpus")
    sentences = []
    for record in records:
        body = bodies[record["article_id"]]
        start, end = record["start"], record["end"]
        if not 0 <= start < end <= len(body):
            raise ValueError(f"{ANNOTATIONS_FILE.name}: offsets {start}-{end} outside article "
                             f"{record['article_id']} ({len(body)} characters)")
        text = body[start:end]
        entities = [(s, e, label) for s, e, label in record["entities"]]
        if any(not 0 <= s < e <= len(text) for s, e, _ in entities):
            raise ValueError(f"{ANNOTATIONS_FILE.name}: an entity falls outside its sentence in article "
                             f"{record['article_id']} at {start}")
        sentences.append(NewsSentence(record["article_id"], start, text, entities))
    return sentences


def _inside_word(text: str, offset: int) -> bool:
    """Whether a span boundary at `offset` cuts a run of letters or digits in two."""
    return 0 < offset < len(text) and text[offset - 1].isalnum() and text[offset].isalnum()


def to_doc(vocab: Vocab, sentence: NewsSentence, tokenizer) -> tuple[Doc, int]:
    """The sentence as a Doc of spaCy tokens with its entities, and how many entities were dropped.

    A token that an entity boundary cuts ("U.S.-China", "@realDonaldTrump" around "realDonaldTrump") is
    split there. An entity whose boundary falls inside a word ("US" in "JUST") is an annotation slip and is
    left out.
    """
    text = sentence.text
    kept = [(s, e, label) for s, e, label in sentence.entities if not (_inside_word(text, s) or _inside_word(text, e))]
    cuts = {offset for s, e, _ in kept for offset in (s, e)}
    words, spaces = [], []
    for token in tokenizer(text):
        pieces = [token.idx] + sorted(c for c in cuts if token.idx < c < token.idx + len(token.text))
        ends = pieces[1:] + [token.idx + len(token.text)]
        for position, (piece_start, piece_end) in enumerate(zip(pieces, ends)):
            words.append(text[piece_start:piece_end])
            spaces.append(bool(token.whitespace_) if position == len(pieces) - 1 else False)
    doc = Doc(vocab, words=words, spaces=spaces)
    spans = [doc.char_span(s, e, label=NEWS_TO_SPACY[label]) for s, e, label in kept]
    doc.ents = [span for span in spans if span is not None]
    doc.user_data["sent_id"] = f"{sentence.article_id}:{sentence.start}"
    doc.user_data["doc_id"] = sentence.article_id
    return doc, len(sentence.entities) - len(doc.ents)


def split(sentences: list[NewsSentence], *, test_size: int = NEWS_TEST_SENTENCES,
          seed: int = SPLIT_SEED) -> tuple[list[NewsSentence], list[NewsSentence]]:
    """(train, test): unique texts only, whole articles drawn with a seed into test until it has `test_size`."""
    seen: set[str] = set()
    unique = []
    for sentence in sentences:
        if sentence.text not in seen:
            seen.add(sentence.text)
            unique.append(sentence)
    by_article: dict[str, list[NewsSentence]] = {}
    for sentence in unique:
        by_article.setdefault(sentence.article_id, []).append(sentence)
    articles = sorted(by_article)
    random.Random(seed).shuffle(articles)
    test_articles: set[str] = set()
    taken = 0
    for article in articles:
        if taken + len(by_article[article]) <= test_size:
            test_articles.add(article)
            taken += len(by_article[article])
        if taken == test_size:
            break
    train = [s for s in unique if s.article_id not in test_articles]
    test = [s for s in unique if s.article_id in test_articles]
    return train, test


def news_splits(vocab: Vocab, *, root: Path | None = None) -> tuple[dict[str, list[Doc]], int]:
    """`news-train` and `news-test` Docs, and the number of annotated entities left out as slips."""
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    train, test = split(rebuild(read_annotations(), root=root))
    splits, dropped = {}, 0
    for name, part in (("news-train", train), ("news-test", test)):
        docs = []
        for sentence in part:
            doc, lost = to_doc(vocab, sentence, tokenizer)
            docs.append(doc)
            dropped += lost
        splits[name] = docs
    return splits, dropped
