"""Fixtures shared by the ONNX scorer's tests: one model cache folder and one loaded scorer per test module."""

from __future__ import annotations

from pathlib import Path

import pytest

from presslens.sentiment import onnx_runtime


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="module")
def scorer(cache):
    return onnx_runtime.TargetSentimentOnnx.load(cache_dir=cache)
