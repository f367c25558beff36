"""Report builds shared by tests/test_report.py and tests/browser/: each one runs every notebook, so it
is built at most once per test session (cached here by name) and reused by every test that needs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from presslens.report import build as report

SCRIPT_PAYLOAD = "<script>window.__pwned = 1</script>"
IMG_PAYLOAD = '<img src=x onerror="window.__pwned=2">'
# The corpus folder's name is shown in the index header, so it carries a payload too.
FOLDER_PAYLOAD = "<img src=x onerror=window.__pwned=3>"

# Two articles with dates, so the index shows a date range: 2022-03-29 – 2022-03-30.
TWO_ARTICLES = [
    {
        "title": f"{SCRIPT_PAYLOAD} Talks in Istanbul end without a ceasefire",
        "date": "2022-03-29",
        "source": "Example Wire",
        "author": "Jane Reporter",
        "text": (
            f"{SCRIPT_PAYLOAD} Talks in Istanbul end without a ceasefire\n\n"
            "Russian and Ukrainian negotiators met in Istanbul on Tuesday for the first face-to-face talks "
            "in weeks. Turkish President Recep Tayyip Erdogan welcomed both delegations and urged them to "
            "end the war.\n\n"
            f"Ukraine said the talks were constructive. {IMG_PAYLOAD} \"We want guarantees for our security,\" "
            "said Ukrainian negotiator David Arakhamia. Russia promised to reduce military activity near Kyiv.\n\n"
            "Vladimir Putin did not attend. Volodymyr Zelensky warned that Ukraine would judge Russia by its "
            "actions, not its words. The United States and the European Union remained sceptical."
        ),
    },
    {
        "title": "Negotiators agree to meet again",
        "date": "2022-03-30",
        "source": "Example Daily",
        "author": "John Writer",
        "text": (
            "Negotiators agree to meet again\n\n"
            "A day after the Istanbul talks, officials in Moscow said no breakthrough had been reached. "
            "Dmitry Peskov, the Kremlin spokesman, called the meeting positive but said much work remained.\n\n"
            "\"Nothing very promising,\" said Sergei Lavrov, the Russian foreign minister. NATO said Russia was "
            "regrouping its forces rather than withdrawing them. Ukraine welcomed the support of its allies.\n\n"
            "The delegations plan to meet again next week, and both sides say a meeting between the presidents "
            "is possible."
        ),
    },
]

_BUILDS: dict[str, report.ReportBuild] = {}


def two_article_corpus(folder: Path) -> Path:
    """Write the two-article JSONL corpus (with the script payloads) into `folder`; return the file."""
    corpus_dir = folder / FOLDER_PAYLOAD
    corpus_dir.mkdir(parents=True, exist_ok=True)
    corpus = corpus_dir / "articles.jsonl"
    corpus.write_text("".join(json.dumps(article) + "\n" for article in TWO_ARTICLES), encoding="utf-8")
    return corpus


def two_article_report(tmp_path_factory: pytest.TempPathFactory) -> report.ReportBuild:
    """The report of every notebook on the two-article corpus, built once per session."""
    if "two-articles" not in _BUILDS:
        folder = tmp_path_factory.mktemp("two-article-report")
        _BUILDS["two-articles"] = report.build_reports(two_article_corpus(folder), out_dir=folder / "reports")
    return _BUILDS["two-articles"]


def seed_report(tmp_path_factory: pytest.TempPathFactory) -> report.ReportBuild:
    """The report of every notebook on the bundled seed article, built once per session."""
    if "seed" not in _BUILDS:
        _BUILDS["seed"] = report.build_reports(out_dir=tmp_path_factory.mktemp("seed-report") / "reports")
    return _BUILDS["seed"]
