"""Read UD English EWT (CoNLL-U) and UNER English EWT (IOB2) into spaCy Docs with the gold tokens.

Each sentence becomes one Doc whose words are the treebank's syntactic words (a multiword token such as
"don't" gives "do" + "n't" with no space between them), so that scores are computed on gold tokens.
`doc.user_data["sent_id"]` and `doc.user_data["doc_id"]` keep the `# sent_id` and `# newdoc id` comments,
which is how the UNER labels are matched to EWT sentences and split by document.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc
from spacy.vocab import Vocab

PROJECT_DIR = Path(__file__).resolve().parents[2]
EWT_DIR = Path("gold") / "ud-english-ewt"
UNER_DIR = Path("gold") / "uner-english-ewt"
ALLSIDES_FILE = Path("corpora") / "allsides" / "articles.jsonl.gz"
UNER_TO_SPACY = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}


def shared_dir() -> Path:
    """The read-only shared data folder: `$PRESSLENS_SHARED_DIR` or `<project>/../shared`."""
    return Path(os.environ.get("PRESSLENS_SHARED_DIR", PROJECT_DIR.parent / "shared"))


def shared_file(relative: str | Path, *, root: Path | None = None) -> Path:
    """The path of a file in the shared folder, after checking it is there.

    Raises:
        FileNotFoundError: naming the missing file and how to point at another copy.
    """
    path = (root or shared_dir()) / relative
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: the syntax model is built from the shared data; "
                                "set PRESSLENS_SHARED_DIR to the folder holding gold/ and corpora/")
    return path


def ewt_file(split: str, *, root: Path | None = None) -> Path:
    """`en_ewt-ud-{split}.conllu` in the shared folder (split: train, dev or test)."""
    return shared_file(EWT_DIR / f"en_ewt-ud-{split}.conllu", root=root)


def uner_file(split: str, *, root: Path | None = None) -> Path:
    """`en_ewt-ud-{split}.iob2` in the shared folder (split: dev or test)."""
    return shared_file(UNER_DIR / f"en_ewt-ud-{split}.iob2", root=root)


@dataclass
class Sentence:
    """One annotated sentence: its ids and one list entry per syntactic word."""

    sent_id: str
    doc_id: str
    words: list[str] = field(default_factory=list)
    spaces: list[bool] = field(default_factory=list)
    columns: dict[str, list[str]] = field(default_factory=dict)


def _blocks(path: Path):
    """Yield (comment lines, token lines) for each blank-line separated sentence of a file."""
    comments: list[str] = []
    tokens: list[list[str]] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line:
                if tokens:
                    yield comments, tokens
                comments, tokens = [], []
            elif line.startswith("#"):
                comments.append(line)
            else:
                tokens.append(line.split("\t"))
    if tokens:
        yield comments, tokens


def _comment_value(comments: list[str], key: str) -> str | None:
    prefix = f"# {key} = "
    return next((line[len(prefix):] for line in comments if line.startswith(prefix)), None)


def read_conllu(path: Path) -> list[Sentence]:
    """The sentences of a CoNLL-U file with words, spaces, UPOS, XPOS, heads and relations.

    Empty nodes (ids like 8.1, enhanced graph only) are left out; a multiword token's words get no
    space between them and the token's SpaceAfter after the last one.
    """
    sentences = []
    doc_id = ""
    for comments, rows in _blocks(path):
        doc_id = _comment_value(comments, "newdoc id") or doc_id
        sentence = Sentence(_comment_value(comments, "sent_id") or "", doc_id,
                            columns={"pos": [], "tag": [], "head": [], "dep": []})
        token_end, token_space = 0, True
        for row in rows:
            word_id, form, _lemma, upos, xpos, _feats, head, deprel, _deps, misc = row
            if "." in word_id:
                continue
            if "-" in word_id:
                token_end = int(word_id.split("-")[1])
                token_space = "SpaceAfter=No" not in misc
                continue
            inside_token = int(word_id) < token_end
            sentence.words.append(form)
            if int(word_id) == token_end:
                sentence.spaces.append(token_space)
            else:
                sentence.spaces.append(not inside_token and "SpaceAfter=No" not in misc)
            sentence.columns["pos"].append(upos)
            sentence.columns["tag"].append(xpos)
            sentence.columns["head"].append(head)
            sentence.columns["dep"].append(deprel)
        sentences.append(sentence)
    return sentences


def read_iob2(path: Path) -> list[Sentence]:
    """The sentences of a UNER IOB2 file: words and their IOB2 tags (PER/ORG/LOC), no spaces."""
    sentences = []
    doc_id = ""
    for comments, rows in _blocks(path):
        doc_id = _comment_value(comments, "newdoc id") or doc_id
        sentence = Sentence(_comment_value(comments, "sent_id") or "", doc_id, columns={"iob": []})
        for row in rows:
            sentence.words.append(row[1])
            sentence.columns["iob"].append(row[2])
        sentences.append(sentence)
    return sentences


def parse_doc(vocab: Vocab, sentence: Sentence) -> Doc:
    """A Doc with the gold tags, POS, heads and relations of one CoNLL-U sentence."""
    heads = [int(head) - 1 if head != "0" else position
             for position, head in enumerate(sentence.columns["head"])]
    deps = ["ROOT" if head == "0" else dep for head, dep in zip(sentence.columns["head"],
                                                                 sentence.columns["dep"])]
    doc = Doc(vocab, words=sentence.words, spaces=sentence.spaces, tags=sentence.columns["tag"],
              pos=sentence.columns["pos"], heads=heads, deps=deps, sent_starts=_one_sentence(sentence))
    return _with_ids(doc, sentence)


def entity_doc(vocab: Vocab, sentence: Sentence, *, spaces: list[bool] | None = None) -> Doc:
    """A Doc with one UNER sentence's entities as PERSON / ORG / LOC spans (every other token O)."""
    iob = [tag if tag == "O" else f"{tag[:2]}{UNER_TO_SPACY[tag[2:]]}" for tag in sentence.columns["iob"]]
    doc = Doc(vocab, words=sentence.words, spaces=spaces, ents=iob)
    return _with_ids(doc, sentence)


def _one_sentence(sentence: Sentence) -> list[bool]:
    return [True] + [False] * (len(sentence.words) - 1)


def _with_ids(doc: Doc, sentence: Sentence) -> Doc:
    doc.user_data["sent_id"] = sentence.sent_id
    doc.user_data["doc_id"] = sentence.doc_id
    return doc
