"""Cleaning: from the raw article text to a clean `body`, with an audit of every line removed or moved.

The rules live in `data/boilerplate-rules.csv` (editable). Each rule is a regular expression matched
against a whole line; a matching line is dropped, or moved into a metadata column (`editor`, `source`,
`author`) when the article does not have that field yet. Text is Unicode-normalised (NFKC, which also
turns non-breaking spaces into spaces), invisible characters are removed, dash variants are unified and
apostrophes between letters become "'". Paragraph breaks are kept as blank lines.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from presslens import config

AUDIT_COLUMNS = ["article_id", "line_number", "line", "rule", "action", "field", "value"]
RULE_ACTIONS = ("drop", "metadata")

# Invisible characters are removed; dash variants become the hyphen, en dash or em dash.
_REPLACEMENTS = {**dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", ""),
                 "\u2010": "-", "\u2011": "-", "\u2012": "–", "\u2015": "—", "\u2212": "-"}
_TO_REPLACE = re.compile(f"[{''.join(_REPLACEMENTS)}]")
# The quote mark comes first (the look-behind after it) so that `re` skips to quote marks: cleaning the 840-article
# subset takes about 0.24 s of CPU instead of 0.41 s with the look-behind first.
_APOSTROPHE_BETWEEN_LETTERS = re.compile(r"[’‘`´](?<=[^\W\d_][’‘`´])(?=[^\W\d_])")
# Two or more spaces/tabs, or one tab, form feed or vertical tab.
_EXTRA_SPACES = re.compile(r" [ \t\f\v]+|[\t\f\v][ \t\f\v]*")
# Characters besides the ASCII letters that a case-insensitive ASCII letter matches in `re`, and whose
# `str.lower()` is not that letter (checked over all of Unicode by tests/test_clean.py). A string, looked
# for character by character with `in`: many times faster than a regex character class over a long text.
_ASCII_CASE_LOOKALIKES = "\u0130\u0131\u017f"


@dataclass(frozen=True)
class BoilerplateRule:
    """One line of `data/boilerplate-rules.csv`."""

    name: str
    action: str
    field: str | None
    pattern: re.Pattern[str]
    description: str


_QUANTIFIER = re.compile(r"[*+?]|\{\d*(?:,\d*)?\}")
_REGEX_SPECIALS = frozenset(".^$|()[]\\")


def _required_text(pattern: re.Pattern[str]) -> str | None:
    """Lower-case ASCII text that every match of `pattern` contains, the longest found; None when none is.

    Only the literal characters at the pattern's top level count (outside groups, classes and alternatives,
    and not under a quantifier), so the text is contained in every match whatever the rest does. A pattern
    with an alternative at its top level, or written in verbose mode, gives None (every line may match).
    """
    text = pattern.pattern
    if pattern.flags & re.VERBOSE:
        return None
    runs, run = [], []
    index = 0
    while index < len(text):
        character = text[index]
        quantifier = _QUANTIFIER.match(text, index)
        if quantifier:  # the literal before it may be absent or repeated: it ends the run without counting
            if run and text[index - 1] != ")" and text[index - 1] != "]":
                run.pop()
            runs.append("".join(run))
            run = []
            index = quantifier.end() + (text.startswith("?", quantifier.end()) and quantifier.group() != "?")
            continue
        if character == "|":
            return None
        if character in "([":
            runs.append("".join(run))
            run = []
            index = _closing(text, index)
            continue
        if character == "\\":
            escaped = text[index + 1: index + 2]
            if escaped.isascii() and not escaped.isalnum():  # "\." is a plain full stop
                run.append(escaped)
            else:  # a class (\d, \s, \w), an anchor (\b) or a back-reference
                runs.append("".join(run))
                run = []
            index += 2
            continue
        if character in _REGEX_SPECIALS or not character.isascii():
            runs.append("".join(run))
            run = []
        else:
            run.append(character)
        index += 1
    longest = max([*runs, "".join(run)], key=len)
    return longest.lower() or None


def _closing(text: str, start: int) -> int:
    """The offset just after the group or character class that opens at `text[start]`."""
    depth, index, in_class = 0, start, False
    while index < len(text):
        character = text[index]
        if character == "\\":
            index += 2
            continue
        if in_class:
            if character == "]" and text[index - 1] != "[" and text[index - 2: index] != "[^":
                in_class = False
                if depth == 0:
                    return index + 1
        elif character == "[":
            in_class = True
        elif character == "(":
            depth += 1
        elif character == ")":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return index


class BoilerplateRules(list[BoilerplateRule]):
    """The rules in file order, with one combined pattern so that each line is matched once.

    Rules that cannot match any line of a text (a text they require is not in it) are left out of the
    combined pattern used for that text: `for_text` gives it.
    """

    def __init__(self, rules: list[BoilerplateRule]) -> None:
        super().__init__(rules)
        self._required_texts = [_required_text(rule.pattern) for rule in rules]
        self._combined_by_rules: dict[tuple[int, ...], re.Pattern[str]] = {}
        self._combined = self._combined_of(tuple(range(len(rules))))

    def _combined_of(self, numbers: tuple[int, ...]) -> re.Pattern[str]:
        """One pattern for the rules with these numbers, in order, each in a group named after its number."""
        if numbers not in self._combined_by_rules:
            alternatives = [
                f"(?P<rule{number}>{self[number].pattern.pattern.replace('(?P<value>', f'(?P<value{number}>')})"
                for number in numbers]
            self._combined_by_rules[numbers] = re.compile("|".join(alternatives) or "(?!)", re.IGNORECASE)
        return self._combined_by_rules[numbers]

    def for_text(self, text: str) -> re.Pattern[str]:
        """The combined pattern of the rules that may match some line of `text`, for `match_line`."""
        if any(character in text for character in _ASCII_CASE_LOOKALIKES):
            return self._combined
        lowered = text.lower()
        return self._combined_of(tuple(number for number, required in enumerate(self._required_texts)
                                       if required is None or required in lowered))

    def match_line(
        self, line: str, *, combined: re.Pattern[str] | None = None
    ) -> tuple[BoilerplateRule, str | None] | None:
        """The first rule matching the whole line, with its metadata value; None when no rule matches.

        Args:
            line: one line of normalised text.
            combined: `for_text(text)` of the text the line is in (faster); all rules by default.
        """
        found = (combined or self._combined).fullmatch(line)
        if found is None:
            return None
        number = int(found.lastgroup.removeprefix("rule"))
        value = found.group(f"value{number}") if f"value{number}" in found.re.groupindex else None
        return self[number], value.strip() if value else None


def load_rules(path: Path | str | None = None) -> BoilerplateRules:
    """Read the boilerplate rules file.

    Args:
        path: a rules CSV (columns rule, action, field, pattern, description; `#` lines are comments).
            Defaults to `data/boilerplate-rules.csv`.

    Returns:
        The rules in file order (the first matching rule wins).

    Raises:
        ValueError: naming the file and row when an action is unknown, a metadata rule has no field or
            no `(?P<value>...)` group, or a pattern does not compile.
    """
    path = Path(path) if path is not None else config.instrument("boilerplate-rules.csv")
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    rules = []
    for row_number, row in enumerate(csv.DictReader(lines), start=2):
        where = f"{path}: rule {row.get('rule')!r} (data row {row_number - 1})"
        if row["action"] not in RULE_ACTIONS:
            raise ValueError(f"{where}: action must be one of {RULE_ACTIONS}, not {row['action']!r}")
        try:
            pattern = re.compile(row["pattern"], re.IGNORECASE)
        except re.error as error:
            raise ValueError(f"{where}: the pattern does not compile ({error})") from error
        field = row["field"] or None
        if row["action"] == "metadata" and (field is None or "value" not in pattern.groupindex):
            raise ValueError(f"{where}: a metadata rule needs a field and a (?P<value>...) group")
        rules.append(BoilerplateRule(row["rule"], row["action"], field, pattern, row["description"]))
    return BoilerplateRules(rules)


def normalize_text(text: str) -> str:
    """Unicode-normalise one text: NFKC, no invisible characters, unified dashes and apostrophes.

    Line breaks are kept; runs of spaces and tabs within a line become one space.
    """
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    text = _TO_REPLACE.sub(lambda found: _REPLACEMENTS[found.group()], text)
    text = _APOSTROPHE_BETWEEN_LETTERS.sub("'", text)
    if "  " in text or "\t" in text or "\f" in text or "\v" in text:  # most texts have nothing to collapse
        text = _EXTRA_SPACES.sub(" ", text)
    return "\n".join(line.strip() for line in text.replace("\r\n", "\n").split("\n"))


def _paragraphs(lines: list[tuple[int, str]], *, has_blank_lines: bool) -> list[str]:
    """Join kept lines into paragraphs: blocks between blank lines, or one line each when none are blank."""
    if not has_blank_lines:
        return [line for _, line in lines]
    paragraphs: list[str] = []
    previous_number = None
    for number, line in lines:
        if previous_number is not None and number == previous_number + 1:
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
        previous_number = number
    return paragraphs


def clean_text(
    text: str, *, title: str | None = None, rules: BoilerplateRules
) -> tuple[str, list[dict[str, object]], dict[str, str]]:
    """Clean one article's text.

    Args:
        text: the raw text.
        title: the article's title; a line equal to it at the top is moved out of the body.
        rules: from `load_rules`.

    Returns:
        The clean body (paragraphs separated by a blank line), the audit rows (line_number, line, rule,
        action, field, value) and the metadata found ({field: value}, first match per field).
    """
    normalized_title = normalize_text(title).strip() if title else None
    normalized = normalize_text(text)
    combined = rules.for_text(normalized)
    lines = normalized.split("\n")
    kept: list[tuple[int, str]] = []
    audit: list[dict[str, object]] = []
    metadata: dict[str, str] = {}
    for number, line in enumerate(lines):
        if not line:
            continue
        if not kept and normalized_title and line == normalized_title:
            audit.append({"line_number": number, "line": line, "rule": "title-line", "action": "metadata",
                          "field": "title", "value": line})
            continue
        dateline = DATELINE.match(line) if not kept else None
        if dateline and dateline.end() < len(line):
            # "WASHINGTON (AP) — The Senate ..." / "(CNN) – Sen. X ...": the place and agency are no part of the lead
            audit.append({"line_number": number, "line": line, "rule": "dateline", "action": "drop",
                          "field": None, "value": dateline.group().strip()})
            line = line[dateline.end():]
        if not kept and normalized_title and _glued_title(line, normalized_title):
            # "Headline First sentence of the lead ...": the headline is its own unit, not part of the lead
            audit.append({"line_number": number, "line": line, "rule": "title-glued-to-lead", "action": "metadata",
                          "field": "title", "value": normalized_title})
            line = line[len(normalized_title):].lstrip()
        matched = rules.match_line(line, combined=combined)
        if matched is None:
            kept.append((number, line))
            continue
        rule, value = matched
        if rule.field is not None and value:
            metadata.setdefault(rule.field, value)
        audit.append({"line_number": number, "line": line, "rule": rule.name, "action": rule.action,
                      "field": rule.field, "value": value})
    body = "\n\n".join(_paragraphs(kept, has_blank_lines="" in lines[: len(lines) - 1]))
    return body, audit, metadata


# A dateline opening the first paragraph: an optional place (capitalised, "WASHINGTON", "Washington, D.C.") and a
# news agency in brackets, or a place in capitals, then a dash or colon.
DATELINE = re.compile(
    r"(?:[A-Z][A-Za-z.'’-]*(?: [A-Z][A-Za-z.'’-]*){0,3}(?:, [A-Z][A-Za-z.]*){0,2} ?)?"
    r"\((?:CNN|AP|Reuters|AFP|UPI|Bloomberg|CNBC|Xinhua|dpa|The Hill|Politico|CNSNews\.com|Fox News)\) ?[-–—:]* ?"
    r"|[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}(?:, [A-Z][A-Za-z.]+){0,2} [-–—] ")


def _glued_title(line: str, title: str) -> bool:
    """Whether a line starts with the title and goes on with a new sentence ("Title The lead says ...")."""
    rest = line[len(title):]
    return line.startswith(title) and rest[:1].isspace() and rest.lstrip()[:1].isupper()


def clean_articles(
    articles: pd.DataFrame, *, rules_path: Path | str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add the clean `body` and the metadata found in the page furniture, with an audit table.

    Args:
        articles: the table from `load_articles`.
        rules_path: a boilerplate rules CSV; defaults to `data/boilerplate-rules.csv`.

    Returns:
        `(articles, audit)`. `articles` is a copy with `body` (str) added, plus one column per metadata
        field of the rules (`editor`, and `source`/`author` filled where they were empty). `audit` has one
        row per removed or moved line: article_id, line_number (0-based, in the raw text), line (after
        normalisation), rule, action ("drop" or "metadata"), field and value (for moved lines).
        An article whose body comes out empty is kept; `presslens.Corpus.notes` lists it, and says whether its
        record held any text beyond its headline.
    """
    rules = load_rules(rules_path)
    cleaned = articles.copy()
    bodies, audit_rows = [], []
    found: dict[str, list[str | None]] = {rule.field: [] for rule in rules if rule.field}
    for article_id, text, title in zip(cleaned["article_id"], cleaned["text"], cleaned["title"]):
        body, rows, metadata = clean_text(text, title=title if isinstance(title, str) else None, rules=rules)
        bodies.append(body)
        audit_rows.extend({"article_id": article_id, **row} for row in rows)
        for field, values in found.items():
            values.append(metadata.get(field))
    cleaned["body"] = pd.Series(bodies, index=cleaned.index, dtype="str")
    for field, values in found.items():
        extracted = pd.Series(values, index=cleaned.index, dtype="str")
        cleaned[field] = cleaned[field].fillna(extracted) if field in cleaned else extracted
    audit = pd.DataFrame(audit_rows, columns=AUDIT_COLUMNS).astype(
        {"article_id": "str", "line_number": "int64", "line": "str", "rule": "str", "action": "str",
         "field": "str", "value": "str"}
    )
    return cleaned, audit


def audit_summary(audit: pd.DataFrame) -> pd.DataFrame:
    """Lines removed or moved per rule, most frequent first.

    Returns:
        One row per rule: rule, action, lines (count), articles (how many articles it touched).
    """
    summary = audit.groupby(["rule", "action"], sort=False).agg(
        lines=("line", "size"), articles=("article_id", "nunique"))
    return summary.reset_index().sort_values(["lines", "rule"], ascending=[False, True], ignore_index=True)


def line_report(articles: pd.DataFrame, audit: pd.DataFrame, article_id: str) -> pd.DataFrame:
    """Raw and clean side by side for one article: every non-empty raw line and what cleaning did with it.

    Returns:
        One row per non-empty raw line: line_number, line (normalised text), outcome ("kept", "drop" or
        "metadata") and rule (the rule that matched, NA for kept lines).
    """
    text = articles.loc[articles["article_id"] == article_id, "text"].iloc[0]
    lines = pd.DataFrame({"line": normalize_text(text).split("\n")}).rename_axis("line_number").reset_index()
    lines = lines[lines["line"] != ""]
    touched = audit.loc[audit["article_id"] == article_id, ["line_number", "action", "rule"]]
    report = lines.merge(touched, on="line_number", how="left")
    report["outcome"] = report["action"].fillna("kept")
    return report[["line_number", "line", "outcome", "rule"]]
