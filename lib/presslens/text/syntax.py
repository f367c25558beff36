"""English syntax and named entities: the spaCy pipeline trained in this project, loaded offline.

The pipeline (PTB tags, universal POS, UD dependency parse, PERSON / ORG / LOC entities) ships in
`presslens/models/syntax/`; `tools/syntax/train.py` (`make train-syntax`) rebuilds it from UD English EWT
and UNER English EWT, and its MODEL_CARD.md gives data, licences, scores and speed. Before loading, every
file of the folder is checked against the sha256 manifest written with it, so a changed model is refused
rather than silently used.

A headline in title case ("Trump Slams Democrats Over Border Wall") reads to a parser trained on ordinary
sentences as a string of names: `headline_reading` lowers the capitals that do not start a name of the article,
and `parse(..., read_as=...)` parses that reading and hands its analysis to the words as written.

`parse` parses the asides of news sentences (`ASIDES`: a party and state after a name, ", D-Conn.,"; an age; a phrase
between dashes) apart from their sentence and hangs them back on the name before them (`joined`), and mends three
errors the small parser makes in news sentences, each a main verb read as part of a noun phrase
(`mend_verbs_read_as_modifiers`): "Montana eliminated restrictions" parsed as a noun phrase ("eliminated
restrictions", with Montana its subject), "CEO Dimon has expressed concerns" parsed with "has" as the main verb
owning "expressed concerns", and "Blumenthal plans to introduce a bill" with "plans" a plural noun.

Example:
    >>> from presslens.text import syntax
    >>> doc = syntax.parse(["Russia rejected the proposal."])[0]
    >>> [(token.text, token.dep_) for token in doc]  # doctest: +SKIP
    [('Russia', 'nsubj'), ('rejected', 'ROOT'), ('the', 'det'), ('proposal', 'obj'), ('.', 'punct')]
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from presslens import config

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

MODEL_DIR = config.PACKAGE_DIR / "models" / "syntax"
MANIFEST_FILE = "sha256"
SPACY_REQUIREMENT = "spacy>=3.8,<3.9"


class ModelFilesMismatch(RuntimeError):
    """A file of the syntax model is missing, changed or not listed in its sha256 manifest."""


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def model_files(model_dir: Path) -> list[str]:
    """Every file under `model_dir` but the manifest, as sorted POSIX paths relative to it."""
    return sorted(path.relative_to(model_dir).as_posix() for path in model_dir.rglob("*")
                  if path.is_file() and path.name != MANIFEST_FILE)


def write_manifest(model_dir: str | Path) -> Path:
    """Write `model_dir/sha256`: one `<hex digest>  <relative path>` line per file (`sha256sum` format)."""
    model_dir = Path(model_dir)
    lines = [f"{file_sha256(model_dir / name)}  {name}\n" for name in model_files(model_dir)]
    manifest = model_dir / MANIFEST_FILE
    manifest.write_text("".join(lines), encoding="utf-8")
    return manifest


def read_manifest(model_dir: Path) -> dict[str, str]:
    """The manifest of `model_dir` as {relative path: hex digest}."""
    manifest = model_dir / MANIFEST_FILE
    if not manifest.is_file():
        raise ModelFilesMismatch(f"{manifest}: sha256 manifest not found; the syntax model cannot be verified "
                                 "(rebuild it with `make train-syntax`)")
    entries = (line.split("  ", 1) for line in manifest.read_text(encoding="utf-8").splitlines() if line)
    return {name: digest for digest, name in entries}


def verify_model_files(model_dir: str | Path | None = None) -> Path:
    """Check every file of the model folder against its sha256 manifest.

    Args:
        model_dir: the pipeline folder (default: the one shipped with presslens).

    Returns:
        The verified folder.

    Raises:
        ModelFilesMismatch: when a listed file is missing or its digest differs, or a file is not listed.
    """
    model_dir = Path(model_dir) if model_dir is not None else MODEL_DIR
    expected = read_manifest(model_dir)
    present = set(model_files(model_dir))
    missing = sorted(set(expected) - present)
    unlisted = sorted(present - set(expected))
    changed = sorted(name for name in set(expected) & present if file_sha256(model_dir / name) != expected[name])
    problems = [f"{label}: {', '.join(names)}" for label, names in
                (("missing", missing), ("changed", changed), ("not in the manifest", unlisted)) if names]
    if problems:
        raise ModelFilesMismatch(f"{model_dir}: the syntax model's files do not match {MANIFEST_FILE} "
                                 f"({'; '.join(problems)}); refusing to load a changed model")
    return model_dir


def _import_spacy():
    try:
        import spacy
    except ImportError:
        raise ModuleNotFoundError(f"the syntax pipeline needs spaCy: pip install '{SPACY_REQUIREMENT}'") from None
    return spacy


def load(*, model_dir: str | Path | None = None) -> Language:
    """The verified spaCy pipeline, loaded once per folder and then served from a cache.

    Args:
        model_dir: the pipeline folder (default: the one shipped with presslens).

    Returns:
        A spaCy `Language` with tok2vec, tagger, morphologizer (universal POS), parser and ner.

    Raises:
        ModuleNotFoundError: when spaCy is not installed (names the package to install).
        ModelFilesMismatch: when a model file is missing, changed or unlisted.
    """
    return _load_verified(Path(model_dir or MODEL_DIR).resolve())


@functools.lru_cache(maxsize=4)
def _load_verified(model_dir: Path) -> Language:
    return _import_spacy().load(verify_model_files(model_dir))


def parse(texts: Sequence[str], *, nlp: Language | None = None, batch_size: int = 256,
          disable: Sequence[str] = (), read_as: Sequence[str | None] | None = None) -> list[Doc]:
    """Parse pre-split sentences (or any short texts) in batches, in this process.

    Args:
        texts: the sentences, one string each.
        nlp: a pipeline from `load()` (default: the shipped one).
        batch_size: texts handed to the pipeline at once.
        disable: components to skip, e.g. `("ner",)` when only the parse is read.
        read_as: for each text, a spelling of it that differs only in letter case to parse instead (None: the
            text itself), such as `headline_reading`; the Doc keeps the words as written in `texts`.

    Returns:
        One spaCy `Doc` per text, in order. When the parse is wanted, the asides of news sentences that the
        parser misreads (`ASIDES`: ", D-Conn.,", "– now secretary of state –") are parsed apart from their
        sentence and joined back to the word before them.
    """
    nlp = nlp if nlp is not None else load()
    readings = [reading or text for text, reading in zip(texts, read_as)] if read_as is not None else list(texts)
    asides = [[found.span() for found in ASIDES.finditer(reading)] if "parser" not in disable else []
              for reading in readings]
    main = [_without(reading, spans) for reading, spans in zip(readings, asides)]
    parts = [reading[start:end].lstrip() for reading, spans in zip(readings, asides) for start, end in spans]
    parsed = list(nlp.pipe(main + parts, batch_size=batch_size, n_process=1, disable=list(disable)))
    aside_docs = iter(parsed[len(main):])
    docs = []
    for text, spans, doc in zip(texts, asides, parsed[:len(main)]):
        pieces = [next(aside_docs) for _ in spans]
        if doc.text != text:   # parsed from another spelling, or without its asides: back to the words of `text`
            doc = joined(doc, text, spans, pieces) or nlp(text, disable=list(disable))
        docs.append(doc)
    if "parser" not in disable:
        for doc in docs:
            mend_verbs_read_as_modifiers(doc)
    return docs


# Asides a parser trained on web text misreads in news sentences: a party and state after a name (", D-Conn.," or
# " (R-S.D.)"), an age after a name ("Dees, 82, told"), and a phrase between dashes ("Clinton – now secretary of
# state – complained"), never one holding a quotation mark.
ASIDES = re.compile(r",\s\(?[DRI]-[A-Z][\w.]*(?:\s[A-Z][\w.]*)?\)?,(?=\s)|\s\([DRI]-[A-Z][\w.]*(?:\s[A-Z][\w.]*)?\)"
                    r"|(?<=[a-z]),\s\d{1,3},(?=\s)"
                    r"|\s[–—]\s[^–—\"“”\n]{1,120}?\s[–—](?=\s)")


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the character spans left out."""
    kept, position = [], 0
    for start, end in spans:
        kept.append(text[position:start])
        position = end
    return "".join(kept) + text[position:]


TITLE_CASE_SHARE = 0.7   # of a headline's words of three letters or more after the first: "title case" from here
_WORD = re.compile(r"[A-Za-z][\w'’-]*")


def headline_reading(headline: str, body: Sequence[str]) -> str | None:
    """A title-case headline as a parser reads it best: each capitalised word lowered unless the article's
    body writes it with a capital inside a sentence (a name: "Rice" in "Susan Rice" stays, "Keep" and
    "Pressure" become "keep" and "pressure"); the first word and words in capitals ("GOP") are kept. None when
    the headline is not in title case ("Trump criticizes Trudeau").

    Args:
        headline: the headline as written.
        body: the article's sentences.
    """
    words = [match for match in _WORD.finditer(headline)][1:]
    long_words = [match.group() for match in words if len(match.group()) >= 3]
    if len(long_words) < 2 or sum(word[0].isupper() for word in long_words) < TITLE_CASE_SHARE * len(long_words):
        return None
    names = {match.group() for sentence in body for match in list(_WORD.finditer(sentence))[1:]
             if match.group()[0].isupper()}
    reading = list(headline)
    for match in words:
        word = match.group()
        for part in re.finditer(r"[^-]+", word):   # "Ex-Wife": each part of a hyphenated word
            if part.group()[0].isupper() and part.group()[1:].islower() and word not in names:
                reading[match.start() + part.start()] = part.group()[0].lower()
    return "".join(reading)


def joined(doc: Doc, text: str, spans: list[tuple[int, int]], asides: list[Doc]) -> Doc | None:
    """A Doc of `text` carrying the analyses of `doc` (the parse of `text` with the character `spans` left out and
    its letter case perhaps changed) and of `asides` (the parses of those spans): each aside's root hangs on the
    word before it (the head of a name: "Richard" of "Richard Blumenthal, D-Conn.,") as a parenthetical
    (`parataxis`, as Universal Dependencies attaches one), outside the phrase of that word. None when the pieces
    do not add up to the words of `text`."""
    from spacy.tokens import Doc

    placed = []   # (offset in text, token, offset of its aside in text or None)
    shift = {}    # offset in doc.text -> offset in text
    position = removed = 0
    for start, end in spans + [(len(text), len(text))]:
        for offset in range(position - removed, start - removed):
            shift[offset] = offset + removed
        removed += end - start
        position = end
    placed += [(shift.get(token.idx, -1), token, None) for token in doc]
    for (_, end), aside in zip(spans, asides):
        start = end - len(aside.text)   # the aside was parsed without the space that opens it
        placed += [(start + token.idx, token, start) for token in aside]
    placed.sort(key=lambda item: item[0])
    index = {(id(token.doc), token.i): position for position, (_, token, _) in enumerate(placed)}
    words, spaces = [], []
    for position, (offset, token, _) in enumerate(placed):
        following = placed[position + 1][0] if position + 1 < len(placed) else len(text)
        gap = text[offset + len(token): following]
        if offset < 0 or gap not in ("", " ") or text[offset: offset + len(token)].lower() != token.lower_:
            return None
        words.append(text[offset: offset + len(token)])
        spaces.append(gap == " ")
    main_positions = [position for position, (_, _, start) in enumerate(placed) if start is None]
    heads, deps = [], []
    for offset, token, aside_start in placed:
        if aside_start is not None and token.head.i == token.i:   # an aside's root: on the word before it
            before = [position for position in main_positions if placed[position][0] < offset]
            anchor = placed[before[-1] if before else main_positions[0]][1]
            while anchor.dep_ in ("flat", "compound", "fixed") and anchor.head.i != anchor.i:
                anchor = anchor.head
            heads.append(index[(id(anchor.doc), anchor.i)])
            deps.append("parataxis")
        else:
            heads.append(index[(id(token.doc), token.head.i)])
            deps.append(token.dep_)
    return Doc(doc.vocab, words=words, spaces=spaces, heads=heads, deps=deps,
               tags=[token.tag_ for _, token, _ in placed], pos=[token.pos_ for _, token, _ in placed],
               morphs=[str(token.morph) for _, token, _ in placed], lemmas=[token.lemma_ for _, token, _ in placed],
               ents=[f"{token.ent_iob_}-{token.ent_type_}" if token.ent_type_ else "O" for _, token, _ in placed],
               sent_starts=[position == 0 or (start is None and bool(token.is_sent_start))
                            for position, (_, token, start) in enumerate(placed)])


FINITE_OR_PARTICIPLE = frozenset({"VBD", "VBN", "VBZ", "VBP"})


def mend_verbs_read_as_modifiers(doc: Doc) -> Doc:
    """Make the main verb of a sentence its root where the parser left it as a noun's modifier (in place).

    Three classes of error, each mended only where the sentence has no other main verb:

    - A noun root without a copula that has a past or present-tense verb as modifier: "Montana eliminated
      restrictions" (*eliminated* an `amod` of *restrictions*, Montana the noun's `nsubj`) becomes *eliminated*
      with subject Montana and object *restrictions*; "Sixteen senators sided with Democrats" (*sided* an `acl`
      of *senators*) becomes *sided* with subject *senators*. A verb with a subject or relative pronoun of its
      own, or a passive agent ("a law passed by the House"), is a relative clause and stays.
    - A main verb "have" whose object opens with a past participle: "has for years expressed concerns"
      becomes the perfect tense of *expressed*, with *concerns* its object (news rarely means possession here).
    - A verb in -s read as a plural noun before its to-infinitive: "Sen. Richard Blumenthal plans to introduce a
      bill", "Biden promises to act" (*plans* a plural noun with the name its modifier) becomes the present
      tense with the name its subject and the infinitive its complement; "His plans to ..." (a possessive) and
      "Republican plans to ..." (no name or noun before it) stay nouns.

    Returns:
        The same Doc.
    """
    for sentence in list(doc.sents):
        root = sentence.root
        if root.pos_ in ("NOUN", "PROPN") and not any(c.dep_ in ("cop", "case", "mark") for c in root.children):
            verb = next((c for c in root.children if c.pos_ == "VERB" and c.tag_ in FINITE_OR_PARTICIPLE
                         and _main_verb_read_as_modifier(c, root)), None)
            if verb is not None:
                _raise_verb_over_noun(verb, root)
                continue
        if _plural_noun_or_verb(root) and (subject := _subject_read_as_modifier(root)) is not None:
            _present_tense(root, subject)
        elif root.pos_ == "VERB" and root.lower_ in ("has", "have", "had"):
            obj = next((c for c in root.children if c.dep_ == "obj"), None)
            participle = obj.left_edge if obj is not None else None
            if participle is not None and participle.tag_ == "VBN" and participle.dep_ == "amod" \
                    and participle.head == obj:
                _perfect_tense(root, participle, obj)
    return doc


def _plural_noun_or_verb(root: Token) -> bool:
    """Whether a root is a plural noun, or a verb in -s that the tagger and morphologizer disagree on ("plans":
    tag VBZ, universal POS NOUN): the same misreading of a verb as a noun."""
    return root.tag_ == "NNS" or (root.tag_ == "VBZ" and root.pos_ == "NOUN")


def _subject_read_as_modifier(noun: Token) -> Token | None:
    """The subject of a plural noun root that is a verb before its to-infinitive ("Pelosi plans to bring ..."):
    the nearest noun or name before it that it governs; None without a to-infinitive after it, with a possessive
    ("His plans to ...") or without such a word."""
    infinitive = any(child.dep_ in ("acl", "xcomp") and child.i > noun.i and child.pos_ == "VERB" and any(
        mark.dep_ == "mark" and mark.lower_ == "to" for mark in child.children) for child in noun.children)
    if not infinitive or any(child.dep_ == "nmod:poss" for child in noun.children):
        return None
    return next((child for child in reversed(list(noun.lefts)) if child.pos_ in ("NOUN", "PROPN")
                 and child.dep_ in ("compound", "nsubj", "appos", "flat")), None)


def _present_tense(noun: Token, subject: Token) -> None:
    """The plural noun root `noun` becomes a verb in the present tense, `subject` its subject (with the determiner
    the parser gave the noun: "The White House plans to ...") and its to-infinitive its complement."""
    noun.tag_, noun.pos_ = "VBZ", "VERB"
    for child in list(noun.children):
        if child.dep_ == "det" and child.i < subject.i:
            child.head = subject
        elif child.dep_ == "acl" and child.i > noun.i:
            child.dep_ = "xcomp"
    subject.head, subject.dep_ = noun, "nsubj"


def _main_verb_read_as_modifier(verb: Token, noun: Token) -> bool:
    """Whether `verb`, a dependent of the root `noun`, is the sentence's main verb: before the noun, as an
    `amod` with a subject ("Montana eliminated restrictions"); after it, as an `acl` without a subject,
    relative pronoun or passive agent of its own ("senators sided with Democrats", not "a law passed by the
    House")."""
    own = [c.dep_ for c in verb.children]
    if verb.dep_ == "amod" and verb.i < noun.i:
        return "nsubj" in own or any(c.dep_ == "nsubj" and c.i < verb.i for c in noun.children)
    return verb.dep_ == "acl" and verb.i > noun.i and not any(
        dep.startswith(("nsubj", "obl:agent")) for dep in own) and not any(
        c.lower_ in ("who", "which", "that") for c in verb.children)


def _raise_verb_over_noun(verb: Token, noun: Token) -> None:
    """`verb`, a modifier of the root `noun`, becomes the root: the noun its object (when it follows the verb)
    or its subject (when it comes first). The punctuation after the verb goes with the verb, and so do the
    noun's dependents before the verb ("Montana") when the noun is the object, but not its own determiners and
    modifiers."""
    noun_words = ("det", "amod", "nummod", "compound")
    moved = [c for c in noun.children if c.is_punct and c.i > verb.i]
    if noun.i > verb.i:
        moved += [c for c in noun.children if c.i < verb.i and c.dep_ not in noun_words]
    verb.head, verb.dep_ = verb, "ROOT"
    noun.head, noun.dep_ = verb, ("obj" if noun.i > verb.i else "nsubj")
    for dependent in moved:
        dependent.head = verb


def _perfect_tense(have: Token, participle: Token, obj: Token) -> None:
    """`have` becomes the auxiliary of `participle`, which takes its place and dependents; `obj` its object."""
    moved = [c for c in have.children if c is not obj]
    participle.head, participle.dep_ = (participle, "ROOT") if have.head == have else (have.head, have.dep_)
    have.head, have.dep_ = participle, "aux"
    have.pos_ = "AUX"
    obj.head, obj.dep_ = participle, "obj"
    participle.tag_ = "VBN"
    for dependent in moved:
        dependent.head = participle
