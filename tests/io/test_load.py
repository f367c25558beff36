"""Loading articles: every format, the metadata each one carries, and every kind of bad input."""

from __future__ import annotations

import gzip
import json
import os
import pickle
import warnings
from pathlib import Path

import pandas as pd
import pytest

from presslens import CorpusError, load_articles
from presslens.io.load import COLUMNS, CorpusWarning, load_articles_with_report

FIXTURES = Path(__file__).parent.parent / "fixtures" / "load"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    """Write a small fixture file (str as UTF-8) and return its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def jsonl(*records: dict) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


# --- The seed and the shared corpus ------------------------------------------------------------


def test_seed_gets_its_file_stem_as_id_and_its_first_line_as_title(seed_path):
    articles = load_articles(seed_path)

    assert list(articles.columns) == list(COLUMNS)
    assert articles.loc[0, "article_id"] == "000_ca096e530bf6cc93"
    assert articles.loc[0, "title"] == "Deception and Tension: Unveiling the Events of the Istanbul Negotiations"
    assert articles.loc[0, "text"] == seed_path.read_text(encoding="utf-8")
    assert articles.loc[0, "format"] == "txt"
    assert pd.isna(articles.loc[0, "published"]) and pd.isna(articles.loc[0, "duplicate_of"])


def test_ukraine_subset_loads_every_article_under_its_own_id(shared_dir):
    path = shared_dir / "corpora" / "allsides" / "ukraine-subset.jsonl"
    ids_in_file = [json.loads(line)["ID"] for line in path.read_text(encoding="utf-8").splitlines()]

    articles, skipped = load_articles_with_report(path)

    assert len(articles) == 840 and skipped.empty
    assert articles["article_id"].tolist() == ids_in_file
    assert articles["article_id"].is_unique
    assert (articles["text"].str.strip().str.len() > 0).all()
    assert articles["format"].eq("jsonl").all()


# --- Formats and metadata ----------------------------------------------------------------------


def test_column_dtypes_are_str_and_naive_datetime(tmp_path):
    articles = load_articles(write(tmp_path, "a.txt", "Title\n\nBody."))

    string_columns = [column for column in COLUMNS if column != "published"]
    assert all(articles[column].dtype == "str" for column in string_columns)
    assert articles["published"].dtype == "datetime64[us]"


def test_txt_title_is_first_non_empty_line_and_text_is_the_file_with_unix_newlines(tmp_path):
    path = write(tmp_path, "storm.txt", "\r\n  Storm Hits Coast  \r\n\r\nWinds reached 120 km/h.\r\n")

    article = load_articles(path).iloc[0]

    assert article["title"] == "Storm Hits Coast"
    assert article["text"] == "\n  Storm Hits Coast  \n\nWinds reached 120 km/h.\n"
    assert article["article_id"] == "storm"


def test_markdown_front_matter_gives_metadata_and_the_body_is_the_text():
    article = load_articles(FIXTURES / "lighthouse-keeper.md").iloc[0]

    assert article["title"] == "Last Lighthouse Keeper Retires"
    assert article["source"] == "The Coastal Courier"  # from `sitename`
    assert article["author"] == "Ann Berg, Tom Hale"  # a YAML list joined
    assert article["published"] == pd.Timestamp("2023-11-02")
    assert article["url"] == "https://example.org/news/lighthouse-keeper"
    assert article["text"].startswith("# A different heading")
    assert "---" not in article["text"]


def test_markdown_without_front_matter_takes_the_first_heading_as_title(tmp_path):
    path = write(tmp_path, "note.md", "Intro line before the heading.\n\n# Ferry Timetable Changes\n\nText.\n")

    article = load_articles(path).iloc[0]

    assert article["title"] == "Ferry Timetable Changes"
    assert pd.isna(article["source"]) and pd.isna(article["published"])


def test_markdown_front_matter_accepts_published_and_source(tmp_path):
    path = write(tmp_path, "a.md", "---\npublished: 2021-06-01T12:00:00Z\nsource: Daily\n---\nFirst line\n")

    article = load_articles(path).iloc[0]

    assert (article["title"], article["source"]) == ("First line", "Daily")
    assert article["published"] == pd.Timestamp("2021-06-01 12:00:00")


def test_html_main_text_and_metadata_come_from_the_page():
    article = load_articles(FIXTURES / "harbour-reopens.html").iloc[0]

    assert article["title"] == "Harbour Reopens After Storm Repairs"
    assert article["author"] == "Maria Lind"
    assert article["source"] == "The Coastal Courier"
    assert article["published"] == pd.Timestamp("2024-03-14")
    assert article["url"] == "https://example.org/news/harbour-reopens"
    assert "two hundred concrete blocks" in article["text"]
    assert "Subscribe now" not in article["text"] and "Cookie settings" not in article["text"]
    assert "\n\nEngineers replaced" in article["text"]  # paragraphs separated by a blank line


def test_json_object_is_one_article_and_a_list_is_one_per_element(tmp_path):
    write(tmp_path, "one.json", json.dumps({"headline": "Solo", "content": "Only text."}))
    write(tmp_path, "many.json", json.dumps([{"text": "First."}, {"id": 7, "text": "Second."}], indent=2))

    articles = load_articles(tmp_path)  # sorted: many.json before one.json

    assert articles["article_id"].tolist() == ["many-1", "7", "one"]
    assert articles["text"].tolist() == ["First.", "Second.", "Only text."]
    assert articles.loc[2, "title"] == "Solo"


def test_jsonl_maps_the_documented_field_names(tmp_path):
    path = write(tmp_path, "feed.jsonl", jsonl(
        {"ID": "a1", "Headline": "Rates Rise", "outlet": "Ledger", "byline": ["Kim", "Ode"],
         "published_at": "2020-02-03T23:30:00-05:00", "link": "https://x.test/a1", "body": "Rates rose."},
        {"article_id": "b2", "title": "Rates Hold", "source": {"id": "gz", "name": "Gazette"},
         "author": "Lee", "date": "not a date", "url": "https://x.test/b2", "text": "Rates held."},
    ))

    articles = load_articles(path)

    first, second = articles.iloc[0], articles.iloc[1]
    assert (first["article_id"], first["title"], first["source"], first["author"]) == ("a1", "Rates Rise", "Ledger", "Kim, Ode")
    assert first["published"] == pd.Timestamp("2020-02-04 04:30:00")  # 23:30 at UTC-5 is 04:30 UTC next day
    assert first["url"] == "https://x.test/a1" and first["text"] == "Rates rose."
    assert (second["article_id"], second["source"], second["author"]) == ("b2", "Gazette", "Lee")
    assert pd.isna(second["published"])  # malformed date -> NaT


def test_free_form_dates_parse_only_when_they_name_a_year(tmp_path):
    dates = ["5/16/19", "16 May 2025", "10:00", "16 May", "", "2019-02-30"]
    path = write(tmp_path, "d.jsonl", jsonl(*({"date": date, "text": f"t{n}"} for n, date in enumerate(dates))))

    published = load_articles(path)["published"].tolist()

    assert published[:2] == [pd.Timestamp("2019-05-16"), pd.Timestamp("2025-05-16")]
    assert all(pd.isna(value) for value in published[2:])  # no year, empty, or impossible day


def test_jsonl_gz_is_read_directly(tmp_path):
    path = write(tmp_path, "feed.jsonl.gz", gzip.compress(jsonl({"text": "A."}, {"text": "B."}).encode()))

    articles = load_articles(path)

    assert articles["article_id"].tolist() == ["feed-1", "feed-2"]
    assert articles["format"].tolist() == ["jsonl", "jsonl"]


@pytest.mark.parametrize("max_bytes", [None, 10_000])
def test_a_damaged_gzip_file_is_refused_with_its_name(tmp_path, max_bytes):
    compressed = gzip.compress(jsonl(*({"text": f"Article {n}."} for n in range(50))).encode())
    cut = write(tmp_path, "cut.jsonl.gz", compressed[:-20])  # the end of the stream is missing
    garbled = write(tmp_path, "garbled.jsonl.gz", compressed[:12] + b"\xff" * 40 + compressed[52:])

    for path in (cut, garbled):
        with pytest.raises(CorpusError, match=rf"{path.name}: unreadable gzip file"):
            load_articles(path, max_bytes=max_bytes)


def test_csv_finds_a_documented_text_column_or_the_one_named(tmp_path):
    documented = write(tmp_path, "a.csv", 'headline,content_original\nFirst,"Line one\nline two"\nSecond,Two\n')
    named = write(tmp_path, "b.csv", "title,story\nOnly,The story.\n")

    articles = load_articles(documented)
    named_articles = load_articles(named, text_column="story")

    assert articles["article_id"].tolist() == ["a-1", "a-2"]
    assert articles["text"].tolist() == ["Line one\nline two", "Two"]
    assert named_articles.loc[0, "text"] == "The story."


# --- Ids, duplicates, discovery ----------------------------------------------------------------


def test_repeated_ids_are_made_unique_in_order_and_nothing_is_dropped(tmp_path):
    write(tmp_path, "a/x.txt", "First x")
    write(tmp_path, "b/x.txt", "Second x")
    write(tmp_path, "c.jsonl", jsonl({"id": "x", "text": "Third"}, {"id": "x-2", "text": "Fourth"}))

    articles = load_articles(tmp_path)

    # a/x.txt keeps "x"; b/x.txt would be "x-2" but c.jsonl line 2 claims it, so it becomes "x-3";
    # c.jsonl line 1 ("x" again) becomes "x-4".
    assert articles["article_id"].tolist() == ["x", "x-3", "x-4", "x-2"]
    assert len(articles.attrs["warnings"]) == 2


def test_identical_texts_point_to_the_first_article(tmp_path):
    write(tmp_path, "a.txt", "Same words.")
    write(tmp_path, "b.txt", "Different words.")
    write(tmp_path, "c.txt", "Same words.")

    articles = load_articles(tmp_path)

    assert articles["duplicate_of"].tolist()[2] == "a"
    assert articles["duplicate_of"].iloc[:2].isna().all()
    assert articles.loc[0, "sha256"] == articles.loc[2, "sha256"] != articles.loc[1, "sha256"]


def test_folder_is_read_recursively_in_sorted_order_and_hidden_files_are_ignored(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ["corpus/b.txt", "corpus/a/z.txt", "corpus/a.md", "corpus/.draft.txt", "corpus/.git/c.txt"]:
        write(tmp_path, name, f"Text of {name}")

    articles = load_articles("corpus")

    # sorted by path components (folder "a" before file "a.md"), paths relative as given
    assert articles["path"].tolist() == ["corpus/a/z.txt", "corpus/a.md", "corpus/b.txt"]


def test_globs_and_lists_combine_and_a_file_named_twice_loads_once(tmp_path):
    first = write(tmp_path, "one.txt", "One")
    write(tmp_path, "two.txt", "Two")

    articles = load_articles([first, str(tmp_path / "*.txt")])

    assert articles["article_id"].tolist() == ["one", "two"]


def test_utf8_bom_is_stripped(tmp_path):
    path = write(tmp_path, "bom.txt", b"\xef\xbb\xbfCaf\xc3\xa9 reopens")

    assert load_articles(path).loc[0, "text"] == "Café reopens"


def test_cp1252_text_loads_with_a_recorded_warning(tmp_path):
    path = write(tmp_path, "win.txt", "Caf\u00e9 \u201cquoted\u201d \u2013 done".encode("cp1252"))

    with pytest.warns(CorpusWarning, match="win.txt"):
        articles = load_articles(path)

    assert articles.loc[0, "text"] == "Café “quoted” – done"
    assert articles.attrs["warnings"] == [
        {"path": str(path), "line": None, "warning": "not valid UTF-8; decoded as cp1252 (Windows-1252)"}
    ]


# --- Bad input ---------------------------------------------------------------------------------

BAD_FILES = [
    # (file name, content, words the reason must contain, line in the message or None)
    ("blank.txt", "  \n\t\n", "empty article", None),
    ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file", None),
    ("latin.txt", b"caf\xe9 \x01\x02", "not UTF-8", None),  # control bytes: not cp1252 text either
    ("undefined.txt", b"caf\x81", "not UTF-8", None),  # 0x81 is undefined in cp1252
    ("wide.txt", "hi".encode("utf-16"), "UTF-16", None),
    ("broken.json", '[\n {"text": "a"},\n {"text": }\n]', "malformed JSON", 3),
    ("hollow.json", json.dumps([{"text": "a"}, {"text": ""}], indent=1), "empty article", 5),  # 2nd "{" on line 5
    ("broken.jsonl", jsonl({"text": "ok"}) + '{"text": "no end"\n', "malformed JSON line", 2),
    ("list.jsonl", jsonl({"text": "ok"}) + "[1, 2]\n", "not an object", 2),
    ("missing.jsonl", jsonl({"text": "ok"}, {"title": "no text"}), "no text field", 2),
    ("notext.jsonl", jsonl({"title": "a"}, {"title": "b"}), "no text field", None),
    ("hollow.jsonl", jsonl({"text": "ok"}, {"text": "   "}), "empty article", 2),
    ("notext.csv", "title,summary\nA,B\n", "no text column", None),
    ("hollow.csv", "title,text\nA,fine\nB,\n", "empty article", 3),
    ("ragged.csv", "title,text\nA,fine\nB,x,extra\n", "3 fields", 3),
    ("bad-yaml.md", "---\ntitle: [unclosed\n---\nBody\n", "malformed YAML front matter", None),
    ("scripts.html", "<html><body><script>var x = 1;</script></body></html>", "empty article", None),
    ("report.pdf", "%PDF-1.4", "unsupported format", None),
]


@pytest.mark.parametrize(("name", "content", "reason", "line"), BAD_FILES, ids=[case[0] for case in BAD_FILES])
def test_bad_file_raises_naming_the_file_the_line_and_the_reason(tmp_path, name, content, reason, line):
    path = write(tmp_path, name, content)

    with pytest.raises(CorpusError) as caught:
        load_articles(path)

    error = caught.value
    assert (error.path, error.line) == (str(path), line)
    assert reason in error.reason
    where = str(path) if line is None else f"{path}, line {line}"
    assert str(error).startswith(f"{where}: ")


def test_missing_path_names_the_path(tmp_path):
    with pytest.raises(CorpusError, match=r"nowhere\.txt: no such file or folder"):
        load_articles(tmp_path / "nowhere.txt")


def test_folder_without_supported_files_is_an_error(tmp_path):
    write(tmp_path, "notes.docx", "x")

    with pytest.raises(CorpusError, match="no supported files in this folder"):
        load_articles(tmp_path)


def test_glob_matching_nothing_is_an_error(tmp_path):
    with pytest.raises(CorpusError, match="no files match"):
        load_articles(str(tmp_path / "*.jsonl"))


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = write(tmp_path, "big.txt", "x" * 101)

    with pytest.raises(CorpusError, match=r"big\.txt: file is 101 bytes, over the limit of 100"):
        load_articles(path, max_bytes=100)
    assert len(load_articles(path, max_bytes=None)) == 1


def test_gzip_over_the_size_limit_once_decompressed_is_refused(tmp_path):
    path = write(tmp_path, "big.jsonl.gz", gzip.compress(jsonl({"text": "x" * 500}).encode()))

    with pytest.raises(CorpusError, match="decompressed file is over the limit"):
        load_articles(path, max_bytes=200)  # about 40 bytes on disk, 515 decompressed


def test_unreadable_file_names_the_file(tmp_path, monkeypatch):
    path = write(tmp_path, "locked.txt", "Secret")

    real_open = os.open

    def refuse(file, *args, **kwargs):
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)  # chmod does not stop root, who may run the tests
    with pytest.raises(CorpusError, match=r"locked\.txt: unreadable file \(Permission denied\)"):
        load_articles(path)


def test_unknown_errors_option_is_rejected(seed_path):
    with pytest.raises(ValueError, match="errors must be"):
        load_articles(seed_path, errors="ignore")


def test_corpus_error_survives_pickling():
    error = pickle.loads(pickle.dumps(CorpusError("a.jsonl", "malformed JSON line", 4)))

    assert (error.path, error.line, str(error)) == ("a.jsonl", 4, "a.jsonl, line 4: malformed JSON line")


# --- errors="report" ---------------------------------------------------------------------------


def test_report_mode_accounts_for_every_file_seen(tmp_path):
    write(tmp_path, "good1.txt", "Good one")
    write(tmp_path, "good2.md", "# Good two\n\nText")
    write(tmp_path, "blank.txt", "   ")
    write(tmp_path, "binary.txt", b"\x00\x01")
    write(tmp_path, "image.png", b"\x89PNG")
    write(tmp_path, "mixed.jsonl", jsonl({"text": "ok 1"}) + "{oops\n" + jsonl({"text": "ok 3"}))
    files_seen = 6

    articles, skipped = load_articles_with_report(tmp_path)

    assert skipped.to_dict("records") == [
        {"path": str(tmp_path / "image.png"), "line": None, "reason": "unsupported format"},
        {"path": str(tmp_path / "binary.txt"), "line": None, "reason": "binary file (contains NUL bytes), not text"},
        {"path": str(tmp_path / "blank.txt"), "line": None, "reason": "empty article (the file holds only whitespace)"},
        {"path": str(tmp_path / "mixed.jsonl"), "line": 2,
         "reason": "malformed JSON line: Expecting property name enclosed in double quotes (column 2)"},
    ]
    assert articles["article_id"].tolist() == ["good1", "good2", "mixed-1", "mixed-3"]
    # every file either loaded (good1, good2, mixed) or was reported whole (image, binary, blank)
    whole_file_problems = skipped.loc[skipped["line"].isna(), "path"]
    assert articles["path"].nunique() + whole_file_problems.nunique() == files_seen
    assert set(articles["path"]).isdisjoint(whole_file_problems)
    assert articles.attrs["skipped"][0] == {"path": str(tmp_path / "image.png"), "line": None, "reason": "unsupported format"}
    assert skipped["line"].dtype == "Int64"


def test_report_mode_reports_missing_sources_and_loads_the_rest(tmp_path):
    good = write(tmp_path, "good.txt", "Good")

    articles = load_articles([good, tmp_path / "gone.txt"], errors="report")

    assert articles["article_id"].tolist() == ["good"]
    assert articles.attrs["skipped"] == [{"path": str(tmp_path / "gone.txt"), "line": None, "reason": "no such file or folder"}]


def test_report_mode_still_raises_when_nothing_loads(tmp_path):
    write(tmp_path, "blank.txt", "")

    with pytest.raises(CorpusError, match="no articles could be loaded") as caught:
        load_articles(tmp_path, errors="report")
    assert caught.value.skipped["reason"].tolist() == ["empty article (the file holds only whitespace)"]


def test_loaded_tables_can_still_be_concatenated_and_merged(tmp_path):
    first = load_articles(write(tmp_path, "a.txt", "A"), errors="report")
    second = load_articles(write(tmp_path, "b.txt", "B"), errors="report")

    both = pd.concat([first, second], ignore_index=True)  # attrs hold plain records, not DataFrames
    merged = both.merge(first[["article_id"]], on="article_id")

    assert both["article_id"].tolist() == ["a", "b"] and merged["article_id"].tolist() == ["a"]


def test_cp1252_jsonl_lists_a_bad_line_once_and_loads_the_rest(tmp_path):
    content = jsonl({"text": "ok"}) + "{bad\n" + json.dumps({"text": "Caf\u00e9 \u201cx\u201d"}, ensure_ascii=False)
    path = write(tmp_path, "win.jsonl", content.encode("cp1252"))

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # reported, so not raised as a warning as well
        articles, skipped = load_articles_with_report(path)

    assert articles["text"].tolist() == ["ok", "Café “x”"]
    assert skipped["line"].tolist() == [2]
    assert [note["warning"] for note in articles.attrs["warnings"]] == [
        "not valid UTF-8; decoded as cp1252 (Windows-1252)"]


def test_lone_surrogate_escapes_become_replacement_characters(tmp_path):
    path = write(tmp_path, "odd.jsonl", '{"text": "broken \\ud800 pair"}\n')

    articles = load_articles(path)

    assert articles.loc[0, "text"] == "broken \ufffd pair"
    assert articles.attrs["warnings"][0]["line"] == 1


# --- Hostile input: nothing hangs, nothing escapes as another exception, nothing is left out silently ----------


def _front_matter_file(folder: Path, name: str, front_matter: str) -> Path:
    return write(folder, name, f"---\n{front_matter}\n---\nThe body of the article.\n")


LAUGHS = "\n".join(["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
                   + [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 9)])  # 9**9 strings


@pytest.mark.parametrize("front_matter", [
    LAUGHS,
    "base: &base {title: T, source: S}\nnews:\n  <<: *base\n  author: A",  # a merge key
    "title: &t Headline\nsource: *t",  # even a harmless alias
    "a: &a {b: &b {c: [x, x]}}\nd: [*b, *b, *a]",  # aliases of mappings nested in anchors
], ids=["billion-laughs", "merge-key", "scalar-alias", "nested-anchors"])
def test_yaml_aliases_in_front_matter_are_refused_before_anything_expands(tmp_path, front_matter):
    path = _front_matter_file(tmp_path, "bomb.md", front_matter)

    with pytest.raises(CorpusError, match=r"YAML front matter refused \(line \d+\): it uses an alias \(\*\w+\)"
                       ) as caught:
        load_articles(path)
    assert caught.value.path == str(path)


@pytest.mark.parametrize(("front_matter", "reason"), [
    ("title: " + "[" * 5_000 + "]" * 5_000, "nested more than 20 levels deep"),
    ("".join(f"{'  ' * level}k{level}:\n" for level in range(40)) + "  " * 40 + "x: 1", "nested more than 20"),
    ("date: 2024-13-45", "holds a value that cannot be read (month must be in 1..12)"),
    ("date: 0000-01-01", "holds a value that cannot be read (year 0 is out of range)"),
    ("views: " + "9" * 5_000, "holds a value that cannot be read (Exceeds the limit (4300 digits)"),
    ("title: " + "x" * 100_000, "100,008 characters long, over the limit of 100,000"),
], ids=["deep-flow", "deep-block", "month-13", "year-0", "huge-integer", "too-long"])
def test_front_matter_that_cannot_be_read_safely_is_a_corpus_error(tmp_path, front_matter, reason):
    path = _front_matter_file(tmp_path, "odd.md", front_matter)

    with pytest.raises(CorpusError) as caught:
        load_articles(path)
    assert caught.value.path == str(path) and reason in caught.value.reason


def test_json_nested_beyond_any_depth_is_a_corpus_error_never_a_recursion_error(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    whole = write(tmp_path, "deep.json", f'{{"text": "t", "tags": {deep}}}')
    lines = write(tmp_path, "deep.jsonl", jsonl({"text": "first"}) + f'{{"text": {deep}}}\n' + jsonl({"text": "third"}))
    objects = write(tmp_path, "objects.json", '{"a":' * 50_000 + '"t"' + "}" * 50_000)

    for path in (whole, objects):
        with pytest.raises(CorpusError, match="JSON nested too deeply to be read") as caught:
            load_articles(path)
        assert caught.value.path == str(path)
    articles, skipped = load_articles_with_report(lines)
    assert articles["text"].tolist() == ["first", "third"]
    assert skipped[["line", "reason"]].values.tolist() == [
        [2, "JSON line nested too deeply to be read (arrays or objects nested too many levels deep)"]]


def test_metadata_nested_deep_but_parsable_is_read_to_a_few_levels(tmp_path):
    title = {"name": "Kept"}
    author: object = "Lost"
    for _ in range(600):  # well within json's limit, far beyond what a field means
        author = [author]
    path = write(tmp_path, "odd.jsonl",
                 jsonl({"text": "Body.", "title": title, "author": author, "source": [["A"], "B"]}))

    article = load_articles(path).iloc[0]

    assert (article["title"], article["source"]) == ("Kept", "A, B") and pd.isna(article["author"])


def _fifo_guard(fifo: Path, seconds: float = 10.0):
    """Opens the FIFO for writing after `seconds`, so that a loader that (wrongly) opened it is released."""
    import threading

    def release() -> None:
        try:
            descriptor = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            os.close(descriptor)
        except OSError:
            pass

    timer = threading.Timer(seconds, release)
    timer.daemon = True
    timer.start()
    return timer


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and device files (POSIX)")
def test_special_files_in_a_folder_are_listed_with_their_reason_and_never_opened(tmp_path, monkeypatch):
    import socket
    import time

    monkeypatch.chdir(tmp_path)  # a socket's path must be short
    corpus = Path("corpus")
    write(corpus, "good.txt", "A good article.")
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "zero.txt").symlink_to("/dev/zero")  # its size reads 0 and it never ends
    (corpus / "null.jsonl").symlink_to("/dev/null")
    (corpus / "gone.md").symlink_to(tmp_path / "nowhere.md")
    listening = socket.socket(socket.AF_UNIX)
    listening.bind(str(corpus / "sock.csv"))
    guard = _fifo_guard(corpus / "pipe.txt")
    started = time.monotonic()

    articles, skipped = load_articles_with_report(corpus)

    guard.cancel()
    listening.close()
    assert time.monotonic() - started < 5
    assert articles["path"].tolist() == ["corpus/good.txt"]
    assert skipped.to_dict("records") == [
        {"path": "corpus/gone.md", "line": None, "reason": "broken symbolic link (its target does not exist)"},
        {"path": "corpus/null.jsonl", "line": None, "reason": "a character device, not a regular file; never opened"},
        {"path": "corpus/pipe.txt", "line": None, "reason": "a FIFO (named pipe), not a regular file; never opened"},
        {"path": "corpus/sock.csv", "line": None, "reason": "a socket, not a regular file; never opened"},
        {"path": "corpus/zero.txt", "line": None, "reason": "a character device, not a regular file; never opened"},
    ]
    for named in (corpus / "pipe.txt", corpus / "zero.txt", str(corpus / "[pz]*.txt")):
        with pytest.raises(CorpusError, match="not a regular file; never opened"):
            load_articles(named)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")
def test_a_fifo_put_in_place_of_a_listed_file_is_refused_without_waiting(tmp_path, monkeypatch):
    from presslens.io import sources

    fifo = tmp_path / "swapped.txt"
    os.mkfifo(fifo)
    monkeypatch.setattr(sources, "file_kind", lambda path: "file")  # as if it was a file when the folder was listed
    guard = _fifo_guard(fifo)

    with pytest.raises(CorpusError, match=r"swapped\.txt: a FIFO \(named pipe\), not a regular file; never opened"):
        load_articles(fifo)
    guard.cancel()


def test_symlinked_and_unreadable_subfolders_are_listed_and_loops_end(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    write(corpus, "a/one.txt", "One")
    write(corpus, "locked/two.txt", "Two")
    write(tmp_path, "elsewhere/three.txt", "Three")
    (corpus / "a" / "up").symlink_to(corpus, target_is_directory=True)  # loops back
    (corpus / "a" / "up-again").symlink_to("..", target_is_directory=True)
    (corpus / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    real_scandir = os.scandir

    def refuse_locked(path="."):  # chmod does not stop root, who may run the tests
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refuse_locked)
    not_followed = "symbolic link to a folder; not followed (name the folder itself to read it)"

    for source in (corpus, str(corpus / "**" / "*.txt")):
        articles, skipped = load_articles_with_report(source)

        assert articles["article_id"].tolist() == ["one"]
        assert sorted(skipped[["path", "reason"]].values.tolist()) == [
            [str(corpus / "a" / "up"), not_followed], [str(corpus / "a" / "up-again"), not_followed],
            [str(corpus / "linked"), not_followed], [str(corpus / "locked"), "unreadable folder (Permission denied)"]]
    with pytest.raises(CorpusError, match=r"locked: unreadable folder \(Permission denied\)"):
        load_articles(corpus)
    assert load_articles(corpus / "linked")["article_id"].tolist() == ["three"]  # named, a link is followed


@pytest.mark.parametrize(("content", "text", "warning"), [
    ("<p>Talks <b>resumed</b> in Istanbul.</p><p>Both sides &amp; mediators met.</p>\n",
     "Talks resumed in Istanbul.\n\nBoth sides & mediators met.\n", "6 tag(s) removed"),
    ("Talks resumed.<br>\n<script>var tracking = 'never a word';</script><div class=\"ad\">Buy</div>\n",
     "Talks resumed.\n\nBuy\n", "tag(s) removed"),
])
def test_html_markup_in_a_txt_file_is_not_read_as_words(tmp_path, content, text, warning):
    path = write(tmp_path, "pasted.txt", content)

    with pytest.warns(CorpusWarning, match="HTML markup in a .txt file"):
        articles = load_articles(path)

    assert articles.loc[0, "text"] == text
    assert warning in articles.attrs["warnings"][0]["warning"]


def test_a_txt_file_holding_a_whole_web_page_is_read_as_html(tmp_path):
    page = ("<!DOCTYPE html><html><head><title>Ferry news</title><script>var x = 1;</script></head><body><article>"
            "<h1>Ferry news</h1><p>The harbour ferry will run every hour from Monday, the council said on Friday "
            "after a long debate about the timetable.</p></article></body></html>")
    path = write(tmp_path, "saved-page.txt", page)

    with pytest.warns(CorpusWarning, match="read as HTML"):
        article = load_articles(path).iloc[0]

    assert article["format"] == "html" and "var x" not in article["text"] and "<p>" not in article["text"]
    assert "The harbour ferry will run every hour" in article["text"]


def test_angle_brackets_that_are_not_markup_stay_text(tmp_path):
    path = write(tmp_path, "maths.txt", "Turnout was < 40% and support > 60% <3\n")

    assert load_articles(path).loc[0, "text"] == "Turnout was < 40% and support > 60% <3\n"


def test_html_comments_in_a_txt_file_go_with_the_markup(tmp_path):
    path = write(tmp_path, "comment.txt", "<p>Talks resumed.</p><!-- tracking pixel, ad slot 3 -->\n<p>Then ended.</p>")

    with pytest.warns(CorpusWarning):
        assert load_articles(path).loc[0, "text"] == "Talks resumed.\n\nThen ended.\n"


@pytest.mark.parametrize(("content", "text"), [
    ("Turnout was a<b and b>c.\n", "Turnout was a<b and b>c.\n"),  # tag-like, but no sign of markup
    ("<TABLE><TR><TD>Cell one</TD><TD>Cell two</TD></TR></TABLE>\n", "Cell one Cell two\n"),
    # a <body> but no main text trafilatura finds: read as text, without its markup
    ("Notes\n" + "x " * 20 + "<BODY><p>Short.</p></BODY>\n", "Notes\n" + "x " * 19 + "x\nShort.\n"),
])
def test_markup_is_removed_only_where_a_txt_file_shows_html(tmp_path, content, text):
    path = write(tmp_path, "odd.txt", content)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        assert load_articles(path).loc[0, "text"] == text
