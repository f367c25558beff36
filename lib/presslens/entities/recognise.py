"""Named-entity recognition: the spaCy pipeline that finds names, and which sentences it reads.

The recogniser (a small CNN) is the costly step, about 10-20 thousand words a second on one core, so it reads
every sentence only of a small corpus. Above `READ_ALL_UP_TO` words it reads a sample of at most `SAMPLE_WORDS`
words, taken across the corpus in this order (`sample_rows`): each article's first sentence, then each
article's second, ... up to its `LEAD_SENTENCES`th (news introduces its actors early, with full names and
titles); then the sentences that quote or report speech, first ones first; then the rest. Every mention of a
name found in the sample is then found by string matching in all sentences (`presslens.entities.matching`),
so the sample decides which names are known, not how often they are counted.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from presslens import engine as chunk_engine
from presslens.text import syntax

if TYPE_CHECKING:
    from spacy.language import Language

# Names come from the project's own pipeline (`presslens.text.syntax`, its `ner` component), or from the spaCy
# pipeline folder named by $PRESSLENS_NER_MODEL (to try another model).
MODEL_ENV = "PRESSLENS_NER_MODEL"

READ_ALL_UP_TO = 150_000  # words: below this the recogniser reads every sentence
SAMPLE_WORDS = 150_000  # words the recogniser reads of a larger corpus
LEAD_SENTENCES = 3
PARALLEL_FROM_WORDS = 100_000  # words: below this, starting worker processes costs more than it saves
LABELS = {"PERSON": "person", "PER": "person", "ORG": "organisation", "LOC": "place/state", "GPE": "place/state",
          "FAC": "place/state", "NORP": "group"}
SPAN_COLUMNS = ["article_id", "sentence_id", "start", "end", "text", "label"]
_SPEECH = re.compile(r"\b(?:said|says|told|tells|according to|stated|added|warned|argued)\b|[\"“”]")
# a hyphenated given name the tokeniser cut off a name ("Moon Jae" + "-in", "Kim Jong" + "-un"), not a compound
# ("U.S.-led", "Kremlin-backed")
_HYPHENATED_TAIL = re.compile(r"-(?!(?:led|run|era|age|day|old|war|set|way|made|born|held|like|wide|free|only|type)\b)"
                              r"[a-z]{1,4}\b")
_WORKER_NLP: Language | None = None


class RecogniserUnavailable(RuntimeError):
    """spaCy or the entity model is missing."""


def load_nlp() -> Language:
    """The spaCy pipeline whose `ner` component finds the names (`presslens.text.syntax.load()`, or the folder
    named by $PRESSLENS_NER_MODEL; loaded once per process).

    Raises:
        RecogniserUnavailable: naming what is missing (spaCy, or the model folder, or a changed model file).
    """
    if os.environ.get(MODEL_ENV):
        return _load_folder(str(Path(os.environ[MODEL_ENV]).resolve()))
    try:
        return syntax.load()
    except (ModuleNotFoundError, syntax.ModelFilesMismatch) as missing:
        raise RecogniserUnavailable(f"entities.discover cannot load the syntax pipeline: {missing}") from None


@functools.lru_cache(maxsize=2)
def _load_folder(folder: str) -> Language:
    try:
        import spacy
    except ImportError:
        raise RecogniserUnavailable("entities.discover needs spaCy to find names: pip install 'spacy>=3.8,<3.9'") \
            from None
    if not Path(folder, "config.cfg").is_file():
        raise RecogniserUnavailable(f"no spaCy pipeline in {folder}: set ${MODEL_ENV} to a pipeline folder with "
                                    "an 'ner' component, or pass nlp= to discover")
    nlp = spacy.load(folder)
    if "ner" not in nlp.pipe_names:
        raise RecogniserUnavailable(f"the spaCy pipeline in {folder} has no 'ner' component")
    return nlp


def needed_components(nlp: Language) -> list[str]:
    """The components that finding names needs: `ner` and any tok2vec it listens to (the parser is skipped)."""
    if "ner" not in nlp.pipe_names:
        return list(nlp.pipe_names)
    names = ["ner"]
    for name, component in nlp.pipeline:
        listeners = getattr(component, "listening_components", None) or []
        if "ner" in listeners:
            names.append(name)
    return [name for name in nlp.pipe_names if name in names]


def sample_rows(sentences: pd.DataFrame, *, max_words: int | None = SAMPLE_WORDS,
                read_all_up_to: int = READ_ALL_UP_TO, lead: int = LEAD_SENTENCES) -> np.ndarray:
    """The rows (positions in `sentences`) the recogniser reads, in table order (see the module docstring).

    Args:
        sentences: a sentence table (article_id, sentence_id, text; `quotation` is used when present).
        max_words: the sample's size in words; None reads everything.
        read_all_up_to: a corpus of at most this many words is read whole.
        lead: the leading sentences of each article read first.
    """
    texts = sentences["text"].astype(str)
    words = texts.str.count(" ").to_numpy() + 1
    if max_words is None or words.sum() <= max(read_all_up_to, max_words):
        return np.arange(len(sentences))
    position = sentences.groupby("article_id", sort=False).cumcount().to_numpy()
    speech = texts.str.contains(_SPEECH).to_numpy().copy()
    if "quotation" in sentences:
        speech |= sentences["quotation"].astype(str).ne("none").to_numpy()
    rank = np.where(position < lead, 0, np.where(speech, 1, 2))
    article_order = pd.factorize(sentences["article_id"], sort=True)[0]
    order = np.lexsort((article_order, position, rank))
    kept = order[np.cumsum(words[order]) <= max_words]
    return np.sort(kept)


def recognise(sentences: pd.DataFrame, rows: Sequence[int] | np.ndarray, *, nlp: Language | None = None,
              n_jobs: int | None = None, batch_size: int = 256) -> pd.DataFrame:
    """Run the recogniser over the sentences at `rows`.

    Args:
        sentences: a sentence table.
        rows: the positions to read (e.g. from `sample_rows`).
        nlp: a spaCy pipeline with `ner` (default: `load_nlp()`).
        n_jobs: worker processes (default: all CPUs when the sample has `PARALLEL_FROM_WORDS` words or more,
            else this process).
        batch_size: sentences per spaCy batch.

    Returns:
        One row per name found: article_id, sentence_id, start, end (offsets in the sentence), text, label
        (person, organisation or place/state; the model's other labels are dropped).
    """
    global _WORKER_NLP
    nlp = nlp if nlp is not None else load_nlp()
    rows = np.asarray(rows, dtype="int64")
    texts = sentences["text"].astype(str).to_numpy()[rows].tolist()
    words = sum(text.count(" ") + 1 for text in texts)
    workers = n_jobs or (os.cpu_count() or 1)
    _WORKER_NLP = nlp
    try:
        if workers > 1 and words >= PARALLEL_FROM_WORDS and len(texts) >= 2 * workers:
            size = -(-len(texts) // (4 * workers))
            chunks = [texts[start:start + size] for start in range(0, len(texts), size)]
            parts = chunk_engine.map_chunks(functools.partial(_recognise_texts, batch_size=batch_size), chunks,
                                            engine="processes", n_jobs=workers)
            found = [spans for part in parts for spans in part]
        else:
            found = _recognise_texts(texts, batch_size=batch_size)
    finally:
        _WORKER_NLP = None
    article_ids = sentences["article_id"].to_numpy()[rows]
    sentence_ids = sentences["sentence_id"].to_numpy()[rows]
    records = [(article_ids[index], sentence_ids[index], start, end, text, label)
               for index, spans in enumerate(found) for start, end, text, label in spans]
    table = pd.DataFrame(records, columns=SPAN_COLUMNS)
    return table.astype({"sentence_id": "int64", "start": "int64", "end": "int64"})


def _recognise_texts(texts: list[str], *, batch_size: int = 256) -> list[list[tuple[int, int, str, str]]]:
    """The names of each text as (start, end, text, label) tuples (plain tuples travel cheaply between processes)."""
    nlp = _WORKER_NLP
    enabled = needed_components(nlp)
    disabled = [name for name in nlp.pipe_names if name not in enabled]
    found = []
    for doc in nlp.pipe(texts, batch_size=batch_size, disable=disabled):
        spans = []
        for ent in doc.ents:
            if ent.label_ not in LABELS:
                continue
            end = ent.end_char - (1 if ent.text.endswith("-") else 0)
            tail = _HYPHENATED_TAIL.match(doc.text, end)
            if tail and doc.text[ent.start_char:end].rsplit(None, 1)[-1][:1].isupper():
                end = tail.end()
            spans.append((ent.start_char, end, doc.text[ent.start_char:end], LABELS[ent.label_]))
        found.append(spans)
    return found
