"""The two set-up routes (pip via pyproject.toml, conda via environment.yml) install the same things."""

from __future__ import annotations

import re
import tomllib

import yaml

from presslens import config

# conda-forge spells a few packages differently from PyPI.
CONDA_TO_PYPI = {"pytorch": "torch", "python-isal": "isal"}


def _name_and_version(requirement: str) -> tuple[str, str]:
    """Split 'name>=1.0', conda's 'name=1.0' or 'name[extra]==1.0' into a normalised name and version rule."""
    match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?\s*(.*)", requirement)
    name = match.group(1).lower().replace("_", "-")
    version_rule = re.sub(r"^=(?!=)", "==", match.group(2).strip())  # conda's "=" pins like pip's "=="
    return CONDA_TO_PYPI.get(name, name), version_rule


def _pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((config.PROJECT_DIR / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        requirements += [r for r in extra if not r.startswith("presslens")]
    return dict(_name_and_version(r) for r in requirements)


def _environment_requirements() -> dict[str, str]:
    environment = yaml.safe_load((config.PROJECT_DIR / "environment.yml").read_text())
    conda, pip = [], []
    for entry in environment["dependencies"]:
        if isinstance(entry, dict):
            pip += [r for r in entry["pip"] if not r.startswith("-e")]
        elif not entry.startswith(("python=", "pip")):
            conda.append(entry)
    return dict(_name_and_version(r) for r in conda + pip)


def test_environment_yml_lists_the_same_packages_and_versions_as_pyproject():
    assert _environment_requirements() == _pyproject_requirements()


def test_environment_yml_installs_the_project_itself_in_editable_mode():
    environment = yaml.safe_load((config.PROJECT_DIR / "environment.yml").read_text())
    pip_section = next(entry["pip"] for entry in environment["dependencies"] if isinstance(entry, dict))
    assert "-e ." in pip_section


def test_version_rule_parsing_reads_conda_and_pip_spellings_alike():
    assert _name_and_version("pytorch=2.13.0") == _name_and_version("torch==2.13.0") == ("torch", "==2.13.0")
    assert _name_and_version("dask[dataframe]>=2024.8") == ("dask", ">=2024.8")
