"""The project's command-line tools (`tools/*.py`), imported by path for the tests that call their functions."""

from __future__ import annotations

import importlib.util
from types import ModuleType

from presslens import config


def load(name: str) -> ModuleType:
    """The module of `tools/<name>.py`."""
    spec = importlib.util.spec_from_file_location(name, config.PROJECT_DIR / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
