"""The stance codebook: reading and checking `codebook-actors.csv`, `codebook-issues.csv` and `stance-cues.csv`.

Who (actors and their aliases), about what (issues) and with which words (cues, as lemmas whose regular
inflections are generated); see `data/README-stance.md`. `Codebook` compiles each list into one pattern.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path

import pandas as pd

from presslens import config
from presslens.stance.scan import ACTOR_EDGE, WORD_EDGE, edge_consuming, prefilter_pattern, trie_pattern
from presslens.stance.words import PREPOSITIONS
from presslens.text.instruments import read_table

ACTORS_FILE = "codebook-actors.csv"
ISSUES_FILE = "codebook-issues.csv"
CUES_FILE = "stance-cues.csv"

ACTOR_KINDS = frozenset({"state", "bloc", "organisation", "party", "group", "person"})
YEAR_COLUMNS = ("from", "to")
CUE_ROLES = frozenset({"support", "oppose", "negator", "speech"})
POLARITY = {"support": 1, "oppose": -1}


@dataclasses.dataclass(frozen=True, eq=False)
class Codebook:
    """The stance vocabulary: actors, issues and cues, each a tidy table (see `load_codebook`)."""

    actors: pd.DataFrame
    issues: pd.DataFrame
    cues: pd.DataFrame

    @functools.cached_property
    def actor_index(self) -> dict[str, dict]:
        """Alias -> actor record (actor, actor_kind, affiliation, group)."""
        index = {}
        for row in self.actors.itertuples(index=False):
            record = {"actor": row.actor, "actor_kind": row.kind, "affiliation": row.affiliation,
                      "group": row.group}
            for alias in row.aliases.split("|"):
                index[alias] = record
                if alias.startswith("the "):
                    index["The " + alias[4:]] = record
        return index

    @functools.cached_property
    def actor_pattern(self) -> re.Pattern:
        """One case-sensitive regex for every actor alias, with an optional possessive ending."""
        return re.compile(rf"{ACTOR_EDGE}(?P<alias>{trie_pattern(self.actor_index)})(?P<poss>['’]s?(?!\w))?(?![\w’'])")

    @functools.cached_property
    def actor_scan_pattern(self) -> re.Pattern:
        """`actor_pattern` without its leading look-behind `ACTOR_EDGE`, which `scan` checks instead: the
        pattern then opens with the first letters of the aliases, which the regex engine skips to in a tight loop."""
        return re.compile(self.actor_pattern.pattern.removeprefix(ACTOR_EDGE))

    @functools.cached_property
    def issue_index(self) -> dict[str, str]:
        """Lower-case alias -> issue."""
        return {alias.lower(): row.issue for row in self.issues.itertuples(index=False)
                for alias in row.aliases.split("|")}

    @functools.cached_property
    def issue_pattern(self) -> re.Pattern:
        """One case-insensitive regex for every issue alias."""
        return re.compile(rf"{WORD_EDGE}(?:{trie_pattern(self.issue_index)})(?![\w-])", re.IGNORECASE)

    @functools.cached_property
    def issue_scan_patterns(self) -> tuple[re.Pattern, re.Pattern]:
        """`issue_pattern` for `scan` (see `edge_consuming`), and the same for lower-cased text (case-sensitive
        matching is about twice as fast)."""
        return edge_consuming(self.issue_pattern), edge_consuming(self.issue_pattern, flags=0)

    @functools.cached_property
    def cue_index(self) -> dict[str, dict]:
        """Lower-case surface form -> cue record (cue, role, control); support/oppose win over speech."""
        index: dict[str, dict] = {}
        rank = {"support": 0, "oppose": 0, "negator": 1, "speech": 2}
        for row in self.cues.itertuples(index=False):
            record = {"cue": row.cue, "role": row.role, "control": bool(row.control)}
            forms = inflections(row.cue) + [form.lower() for form in row.forms.split("|") if form]
            for form in forms:
                if form not in index or rank[row.role] < rank[index[form]["role"]]:
                    index[form] = record
        return index

    @functools.cached_property
    def cue_pattern(self) -> re.Pattern:
        """One case-insensitive regex for every cue form."""
        return re.compile(rf"{WORD_EDGE}(?:{trie_pattern(self.cue_index)})(?![\w-])", re.IGNORECASE)

    @functools.cached_property
    def cue_scan_patterns(self) -> tuple[re.Pattern, re.Pattern]:
        """`cue_pattern` for `scan` (see `edge_consuming`), and the same for lower-cased text."""
        return edge_consuming(self.cue_pattern), edge_consuming(self.cue_pattern, flags=0)

    @functools.cached_property
    def prefilters(self) -> dict[str, str | None]:
        """The RE2 patterns of `rows_containing` for actor aliases ("actor"), and in any case for the forms of
        support and oppose cues ("polarity") and issue aliases ("issue")."""
        polarity_forms = [form for form, record in self.cue_index.items() if record["role"] in POLARITY]
        return {"actor": prefilter_pattern(self.actor_index),
                "polarity": prefilter_pattern(polarity_forms, ignore_case=True),
                "issue": prefilter_pattern(self.issue_index, ignore_case=True)}

    @functools.cached_property
    def speech_words(self) -> frozenset[str]:
        """The surface forms of the speech cues (the one list of reporting verbs), lower case."""
        forms = [form for form, record in self.cue_index.items() if record["role"] == "speech"]
        forms += [form for row in self.cues.itertuples(index=False) if row.role == "speech"
                  for form in inflections(row.cue)]
        return frozenset(forms)

    @functools.cached_property
    def speech_forms(self) -> str:
        """Regex alternation of the surface forms of speech cues (for quote attribution)."""
        return trie_pattern(self.speech_words)


def inflections(lemma: str) -> list[str]:
    """Regular English forms of a (possibly multiword) verb lemma: the first word is inflected.

    Over-generation is harmless ("dodgeing" never occurs); irregular forms go in the cue file's `forms`.

    Returns:
        The lemma, -s/-es, -ed/-d, -ing forms, y -> ies/ied, and doubled final consonants.
    """
    head, _, rest = lemma.lower().partition(" ")
    tail = f" {rest}" if rest else ""
    if head in PREPOSITIONS:
        return [lemma.lower()]
    forms = {head, head + "s", head + "ed", head + "ing", head + head[-1] + "ed", head + head[-1] + "ing"}
    if head.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(head + "es")
    if head.endswith("e"):
        forms |= {head + "d", head[:-1] + "ing"}
    if head.endswith("y") and head[-2:-1] not in set("aeiou"):
        forms |= {head[:-1] + "ies", head[:-1] + "ied"}
    return sorted(form + tail for form in forms)


def load_codebook(path: str | Path | None = None, *, actors: str | Path | None = None,
                  issues: str | Path | None = None, cues: str | Path | None = None) -> Codebook:
    """Read and check the stance codebook.

    Args:
        path: a folder holding codebook-actors.csv, codebook-issues.csv and stance-cues.csv
            (default: `config.INSTRUMENTS_DIR`, the project's data/ folder).
        actors, issues, cues: a different file for one part of the codebook.

    Returns:
        A `Codebook` with three tables: `actors` (actor, kind, affiliation, group, aliases, from, to), `issues`
        (issue, aliases, description) and `cues` (cue, role, control, forms, reporting, note). Other columns of
        a file are kept and ignored (a reviewed `presslens.entities.draft_codebook` file loads as it is).

    Raises:
        FileNotFoundError / ValueError naming the file and the row when a file is missing or inconsistent.
    """
    folder = Path(path) if path is not None else config.INSTRUMENTS_DIR
    actors_path = Path(actors) if actors else folder / ACTORS_FILE
    issues_path = Path(issues) if issues else folder / ISSUES_FILE
    cues_path = Path(cues) if cues else folder / CUES_FILE
    actor_table = read_table(actors_path, ["actor", "kind", "affiliation", "group", "aliases"], what="codebook file")
    issue_table = read_table(issues_path, ["issue", "aliases"], what="codebook file")
    cue_table = read_table(cues_path, ["cue", "role", "control", "forms"], what="codebook file")
    if "description" not in issue_table:
        issue_table["description"] = ""
    for optional in ("reporting", "note"):
        if optional not in cue_table:
            cue_table[optional] = ""
    for optional in YEAR_COLUMNS:
        if optional not in actor_table:
            actor_table[optional] = ""
    known = set(actor_table["actor"])
    seen: dict[str, str] = {}
    for line, row in enumerate(actor_table.itertuples(index=False)):
        where = f"{actors_path}, actor {row.actor!r}"
        if row.kind not in ACTOR_KINDS:
            raise ValueError(f"{where}: kind {row.kind!r} is not one of {sorted(ACTOR_KINDS)}")
        if row.affiliation not in known:
            raise ValueError(f"{where}: affiliation {row.affiliation!r} is not an actor of the codebook")
        if not row.aliases:
            raise ValueError(f"{where}: no aliases")
        years = [actor_table.at[line, column] for column in YEAR_COLUMNS]
        if any(year and not (year.isdigit() and len(year) == 4) for year in years):
            raise ValueError(f"{where}: from/to must be years (four digits) or empty, not {years}")
        if all(years) and int(years[0]) > int(years[1]):
            raise ValueError(f"{where}: from {years[0]} is after to {years[1]}")
        for alias in row.aliases.split("|"):
            if alias in seen and seen[alias] != row.actor:
                raise ValueError(f"{where}: alias {alias!r} is also given for {seen[alias]!r}")
            seen[alias] = row.actor
    if actor_table["actor"].duplicated().any():
        raise ValueError(f"{actors_path}: duplicated actor(s) {sorted(actor_table.loc[actor_table['actor'].duplicated(), 'actor'])}")
    for row in issue_table.itertuples(index=False):
        if not row.aliases:
            raise ValueError(f"{issues_path}, issue {row.issue!r}: no aliases")
    for row in cue_table.itertuples(index=False):
        if row.role not in CUE_ROLES:
            raise ValueError(f"{cues_path}, cue {row.cue!r}: role {row.role!r} is not one of {sorted(CUE_ROLES)}")
        if row.control not in ("", "yes", "no"):
            raise ValueError(f"{cues_path}, cue {row.cue!r}: control must be 'yes', 'no' or empty")
        if row.reporting not in ("", "yes") or (row.reporting and row.role != "speech"):
            raise ValueError(f"{cues_path}, cue {row.cue!r}: reporting is 'yes' (for a speech cue) or empty")
    cue_table["control"] = cue_table["control"].eq("yes")
    return Codebook(actors=actor_table, issues=issue_table, cues=cue_table)


@functools.cache
def default_codebook() -> Codebook:
    return load_codebook()
