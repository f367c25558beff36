"""Packaging: the two set-up routes (pip, conda) install the same things, and the built wheel works on its own."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml

import presslens
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


@pytest.mark.slow
def test_the_built_wheel_works_installed_where_the_checkout_is_out_of_sight(tmp_path):
    """Build the wheel (no network), install it in a fresh venv that sees only the project venv's dependencies,
    and read the seed article and its stances there, from a folder outside the project."""
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(config.PROJECT_DIR / name, source / name)
    shutil.copytree(config.PROJECT_DIR / "lib", source / "lib", symlinks=True,
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copytree(config.DATA_DIR, source / "data", ignore=shutil.ignore_patterns("raw", "processed"))
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                    "--quiet", "-w", str(wheels), str(source)], check=True, cwd=tmp_path)
    (wheel,) = wheels.glob("presslens-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name for name in archive.namelist() if name.startswith("presslens/instruments/")}
    assert {f"presslens/instruments/{path.name}" for path in config.DATA_DIR.glob("*.csv")} <= shipped

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site_packages = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                        check=True, capture_output=True, text=True).stdout.strip())
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", "--target",
                    str(site_packages), str(wheel)], check=True)
    # the dependencies only: a path line is added to sys.path, the project venv's own .pth files are not run
    (site_packages / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    seed = config.SEEDS_DIR / "000_ca096e530bf6cc93.txt"
    script = (
        "import presslens, presslens.config as config\n"
        f"assert {str(config.PROJECT_DIR)!r} not in presslens.__file__, presslens.__file__\n"
        "assert config.INSTRUMENTS_DIR == config.SHIPPED_INSTRUMENTS_DIR, config.INSTRUMENTS_DIR\n"
        f"corpus = presslens.read_corpus({str(seed)!r})\n"
        "stances = presslens.stance.extract_stances(corpus)\n"
        "print(len(corpus.sentences), len(stances))\n")
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith("PRESSLENS_") and key != "PYTHONPATH"}
    run = subprocess.run([str(python), "-c", script], check=True, capture_output=True, text=True, cwd=tmp_path,
                         env=environment)
    expected = presslens.read_corpus(seed)
    assert run.stdout.split() == [str(len(expected.sentences)),
                                  str(len(presslens.stance.extract_stances(expected)))]


def test_reading_kept_tables_imports_neither_nltk_nor_torch():
    # A notebook that reads the kept tables imports these modules; nltk (Punkt, VADER) takes about a second to
    # import and is only needed to split sentences or score them, torch only to train.
    code = ("import sys; import presslens; "
            "from presslens import analyse, clean, coding, config, entities, plots, segment, sentiment, stance, "
            "stories, terms, validation; from presslens.report import tables; "
            "print(sorted(name for name in ('nltk', 'torch', 'transformers') if name in sys.modules))")
    finished = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert finished.stdout.strip() == "[]"


MACHINE_PATH = re.compile(r"PosixPath\(|(?<![\w:/.~-])/(?:[\w.-]+/){2,}")


def test_committed_notebook_outputs_show_no_machine_paths():
    # nbval's sanitize file hides paths when it compares outputs, so it cannot catch one: this does
    import nbformat

    shown = []
    for notebook in sorted(config.NOTEBOOKS_DIR.glob("[0-9]*.ipynb")):
        for number, cell in enumerate(nbformat.read(notebook, as_version=4).cells):
            for output in cell.get("outputs", []):
                texts = [output.get("text", "")] + [value for key, value in output.get("data", {}).items()
                                                     if key.startswith("text/")]
                for text in texts:
                    text = "".join(text) if isinstance(text, list) else str(text)
                    shown += [f"{notebook.name} cell {number}: {found.group()}"
                              for found in MACHINE_PATH.finditer(text)]
    assert shown == []
