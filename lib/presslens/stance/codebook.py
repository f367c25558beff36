"""The stance codebook: reading and checking `codebook-actors.csv`, `codebook-issues.csv` and `stance-cues.csv`.

Who (actors and their aliases), about what (issues) and with which words (cues, as lemmas whose regular
inflections are generated); see `data/README-stance.md`. `Codebook` compiles each list into one pattern. An actor's
aliases gain their other spellings from `data/entity-variants.csv` ("Kiev" and "Kyiv"; `spelling_variants`).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import defaultdict
from pathlib import Path

import pandas as pd
import simplemma
import wordfreq

from presslens import config
from presslens.stance.cues import CUE_PARTS_OF_SPEECH, CUE_ROLES, Lexicon
from presslens.stance.scan import ACTOR_EDGE, WORD_EDGE, edge_consuming, prefilter_pattern, trie_pattern
from presslens.stance.words import PREPOSITIONS
from presslens.text.instruments import read_table

ACTORS_FILE = "codebook-actors.csv"
ISSUES_FILE = "codebook-issues.csv"
CUES_FILE = "stance-cues.csv"

ACTOR_KINDS = frozenset({"state", "bloc", "organisation", "party", "group", "person"})
YEAR_COLUMNS = ("from", "to")
EVALUATIONS_FILE = "stance-evaluations.csv"
POLARITY = {"support": 1, "oppose": -1}


@dataclasses.dataclass(frozen=True, eq=False)
class Codebook:
    """The stance vocabulary: actors, issues and cues, each a tidy table (see `load_codebook`)."""

    actors: pd.DataFrame
    issues: pd.DataFrame
    cues: pd.DataFrame
    evaluations: pd.DataFrame

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
        """One case-sensitive regex for every actor alias, with an optional possessive ending; an alias followed
        by a generational suffix names someone else ("Donald Trump Jr.")."""
        return re.compile(rf"{ACTOR_EDGE}(?P<alias>{trie_pattern(self.actor_index)})(?!,? (?:Jr|Sr)\b|,? I[IV]I?\b)"
                          rf"(?P<poss>['’]s?(?!\w))?(?![\w’'])")

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
    def prefilters(self) -> dict[str, str | None]:
        """The RE2 patterns of `rows_containing` for actor aliases ("actor") and issue aliases ("issue")."""
        return {"actor": prefilter_pattern(self.actor_index),
                "issue": prefilter_pattern(self.issue_index, ignore_case=True)}

    @functools.cached_property
    def lexicon(self) -> Lexicon:
        """The cues and evaluative words, indexed for the stance reader (`presslens.stance.cues`)."""
        return Lexicon.from_tables(self.cues, self.evaluations)

    @functools.cached_property
    def stance_words(self) -> frozenset[str]:
        """Lower-case surface forms of every word that can open a stance reading: support, oppose, enact, supporter,
        opponent and labelling cues (their first word, inflected) and evaluative words; a sentence without one is
        never parsed."""
        forms: set[str] = set()
        for row in self.cues.itertuples(index=False):
            if row.role in ("support", "oppose", "enact", "supporter", "opponent", "labelling"):
                head = row.cue.split()[0]
                forms.update(inflections(head) if row.pos == "verb" else noun_forms(head))
                forms.update(attested_forms().get(head, ()))   # "struck", "sought", "withdrew"
                forms.update(form.lower() for form in row.forms.split("|") if form)
        for row in self.evaluations.itertuples(index=False):
            forms.update(noun_forms(row.word))
            forms.update(attested_forms().get(row.word.lower(), ()))
        return frozenset(forms)

    @functools.cached_property
    def parse_words(self) -> frozenset[str]:
        """The words that get a sentence parsed: `stance_words` and `speech_words` (reported speech)."""
        return self.stance_words | self.speech_words

    @functools.cached_property
    def parse_prefilter(self) -> str | None:
        """The RE2 pattern of `rows_containing` for `parse_words`."""
        return prefilter_pattern(self.parse_words, ignore_case=True)

    @functools.cached_property
    def speech_words(self) -> frozenset[str]:
        """The surface forms of the speech verbs (the one list of reporting verbs), lower case."""
        return frozenset(form for row in self.cues.itertuples(index=False) if row.role == "speech"
                         for form in inflections(row.cue) + sorted(attested_forms().get(row.cue, ()))
                         + [form.lower() for form in row.forms.split("|") if form])


def noun_forms(word: str) -> list[str]:
    """A noun or adjective and its regular plurals ("concern", "concerns"; "fiasco", "fiascoes")."""
    word = word.lower()
    return [word, word + "s", word + "es", word[:-1] + "ies" if word.endswith("y") else word]


@functools.cache
def attested_forms() -> dict[str, frozenset[str]]:
    """English word forms by lemma: the 50,000 most frequent words of `wordfreq`'s English list, lemmatised by
    simplemma (as the rules lemmatise a parsed token), so that irregular forms ("struck", "sought", "withdrew")
    make a sentence worth parsing as their regular inflections do."""
    forms: dict[str, set[str]] = {}
    for word in wordfreq.top_n_list("en", 50_000):
        forms.setdefault(simplemma.lemmatize(word, lang="en"), set()).add(word)
    return {lemma: frozenset(words) for lemma, words in forms.items()}


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
                  issues: str | Path | None = None, cues: str | Path | None = None,
                  evaluations: str | Path | None = None) -> Codebook:
    """Read and check the stance codebook.

    Args:
        path: a folder holding codebook-actors.csv, codebook-issues.csv, stance-cues.csv and
            stance-evaluations.csv (default: `config.INSTRUMENTS_DIR`, the project's data/ folder).
        actors, issues, cues, evaluations: a different file for one part of the codebook.

    Returns:
        A `Codebook` with four tables: `actors` (actor, kind, affiliation, group, aliases, from, to), `issues`
        (issue, aliases, description), `cues` (cue, pos, role, preposition, negated, targets, forms, reporting)
        and `evaluations` (word, pos, sign). Other columns of a file are kept and ignored (a reviewed
        `presslens.entities.draft_codebook` file loads as it is). An actor's `aliases` are those written in the
        file followed by their other spellings in the project's `data/entity-variants.csv` (see
        `spelling_variants`), which then match as the written ones do, possessives included.

    Raises:
        FileNotFoundError / ValueError naming the file and the row when a file is missing or inconsistent.
    """
    folder = Path(path) if path is not None else config.INSTRUMENTS_DIR
    actors_path = Path(actors) if actors else folder / ACTORS_FILE
    issues_path = Path(issues) if issues else folder / ISSUES_FILE
    cues_path = Path(cues) if cues else folder / CUES_FILE
    evaluations_path = Path(evaluations) if evaluations else folder / EVALUATIONS_FILE
    actor_table = read_table(actors_path, ["actor", "kind", "affiliation", "group", "aliases"], what="codebook file")
    issue_table = read_table(issues_path, ["issue", "aliases"], what="codebook file")
    if "description" not in issue_table:
        issue_table["description"] = ""
    for optional in YEAR_COLUMNS:
        if optional not in actor_table:
            actor_table[optional] = ""
    _check_actors(actor_table, actors_path)
    actor_table["aliases"] = spelling_variants(actor_table)
    for row in issue_table.itertuples(index=False):
        if not row.aliases:
            raise ValueError(f"{issues_path}, issue {row.issue!r}: no aliases")
    cue_table = read_cues(cues_path)
    evaluation_table = read_evaluations(evaluations_path)
    return Codebook(actors=actor_table, issues=issue_table, cues=cue_table, evaluations=evaluation_table)


def spelling_variants(actor_table: pd.DataFrame) -> list[str]:
    """Each actor's aliases (the `aliases` cell, "|" between them) with their other spellings in the project's
    `data/entity-variants.csv` added.

    An alias that is a canonical name of the variants file gains its variants ("Zelensky": "Zelenskiy",
    "Zelenski", ...); an alias that is a variant gains its canonical name and that name's other variants
    ("Kiev": "Kyiv"), a one-word variant inside a longer alias included ("Volodymyr Zelenskiy": "Volodymyr
    Zelensky"), as `presslens.entities.variants.canonical_spelling` reads the file. Like the aliases, the
    spellings are matched case-sensitively as written. A spelling that is an alias of another actor is not added
    (the written alias decides), nor one already added to an earlier actor of the table.

    Args:
        actor_table: the actors table, with `actor` and `aliases`.

    Returns:
        The `aliases` cells, the written aliases first, in the table's order.
    """
    # presslens.entities imports this module, so its reader is imported when first needed
    from presslens.entities.variants import canonical_spelling, variants

    mapping = variants()
    spellings: dict[str, list[str]] = defaultdict(list)
    for variant, canonical in mapping.items():
        spellings[canonical].append(variant)
    written = [aliases.split("|") for aliases in actor_table["aliases"]]
    owner = {alias: actor for actor, aliases in zip(actor_table["actor"], written) for alias in aliases}
    cells = []
    for actor, aliases in zip(actor_table["actor"], written):
        canonical = [canonical_spelling(alias, mapping) for alias in aliases]
        others = [spelling for name in canonical for spelling in (name, *spellings[name])]
        added = [spelling for spelling in dict.fromkeys(others) if owner.setdefault(spelling, actor) == actor]
        cells.append("|".join(dict.fromkeys([*aliases, *added])))
    return cells


def _check_actors(actor_table: pd.DataFrame, actors_path: Path) -> None:
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
        raise ValueError(f"{actors_path}: duplicated actor(s) "
                         f"{sorted(actor_table.loc[actor_table['actor'].duplicated(), 'actor'])}")


def read_cues(path: Path) -> pd.DataFrame:
    """`stance-cues.csv` as a table (cue, pos, role, preposition, negated, targets, forms, reporting), checked row
    by row."""
    table = read_table(path, ["cue", "pos", "role", "preposition"], what="codebook file")
    for optional in ("negated", "targets", "forms", "reporting"):
        if optional not in table:
            table[optional] = ""
    for row in table.itertuples(index=False):
        where = f"{path}, cue {row.cue!r} ({row.pos}, {row.role})"
        if not row.cue or len(row.cue.split()) > 2:
            raise ValueError(f"{where}: a cue is one word, or a verb and its particle (\"rule out\")")
        if row.pos not in CUE_PARTS_OF_SPEECH:
            raise ValueError(f"{where}: pos must be one of {list(CUE_PARTS_OF_SPEECH)}")
        if row.role not in CUE_ROLES:
            raise ValueError(f"{where}: role must be one of {list(CUE_ROLES)}")
        if row.negated not in ("", "oppose") or (row.negated and row.role not in ("support", "enact")):
            raise ValueError(f"{where}: negated is 'oppose' (for a support cue) or empty")
        if row.reporting not in ("", "yes") or (row.reporting and row.role != "speech"):
            raise ValueError(f"{where}: reporting is 'yes' (for a speech verb) or empty")
    return table


def read_evaluations(path: Path) -> pd.DataFrame:
    """`stance-evaluations.csv` as a table (word, pos, sign as an int), checked row by row."""
    table = read_table(path, ["word", "pos", "sign"], what="codebook file")
    for row in table.itertuples(index=False):
        if row.pos not in ("adj", "noun") or row.sign not in ("1", "+1", "-1"):
            raise ValueError(f"{path}, word {row.word!r}: pos must be 'adj' or 'noun' and sign +1 or -1")
    return table.assign(sign=table["sign"].astype(int))


@functools.cache
def default_codebook() -> Codebook:
    return load_codebook()
