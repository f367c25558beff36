"""Who says what about whom: actor mentions, quotes and stance statements from rules and a codebook.

No parser or named-entity model is available offline, so stance is recovered by transparent rules over the
sentence table, with the vocabulary in three editable files under ``data/`` (see ``data/README-stance.md``):
``codebook-actors.csv`` (who), ``codebook-issues.csv`` (about what) and ``stance-cues.csv`` (the words that
express a position, as lemmas). Every alias, issue and cue list is compiled once into a trie-shaped regular
expression, so a sentence is scanned in one pass per list; the clause rules run only on sentences that hold
a cue.

The rules, in the order they apply to a sentence:

1. **Clauses.** A sentence is cut at ``;``, at "but / while / whereas / although / though / yet", at a comma
   that closes a sentence-opening subordinate clause ("While Kyiv welcomed it, Moscow ..."), and at
   "and / or" when a cue has already occurred and an actor follows ("Kyiv welcomed it and Moscow rejected it").
   Holder and target are bound within one clause.
2. **Holder** (who takes the position) is, for each cue: the actor after "by" for a passive ("the ceasefire
   was rejected by Moscow"); the possessor or adjective right before a noun cue ("Washington's endorsement",
   "European pressure for"); the actor before "of/for" of a gerund ("accused Israel of violating"); otherwise
   the leftmost actor of the clause before the cue that is not the object of a preposition ("talks in Kyiv"),
   starting after a speech verb ("Trump said Zelensky accepted") or a relative pronoun when an actor follows
   it ("a move that Trump lauded"), or at its antecedent when none does ("Putin, who called for talks"); a cue
   sharing a subject with the previous cue ("lauded and urged") inherits its holder. A person counts for
   their affiliation; the words that named the holder are kept in ``holder_mention``. Several actors named
   together ("France, Germany and the UK") are each a holder, unless two or more of them belong to one group
   in the codebook, which then holds the position instead (-> Europe). "we/our/I" inside a quote is the
   quoted speaker.
3. **Target** (the position's object) is the first issue after the cue, up to the next verb cue; a referring
   expression ("it", "this idea", "the proposal") is resolved to the previous statement's target in the same
   sentence, else to the first issue of the nearest of the two previous sentences that names one, and is
   flagged ``target_resolved``; a generic noun that cannot be resolved ("the plan") becomes an ``unlisted``
   target; an actor is the target only when no issue or reference follows the cue.
4. **Chains.** A controlling cue passes its holder to the cue it governs ("urged Kyiv to accept X" = the urger
   supports X; "an ultimatum: agree to X"; "refused to back X").
5. **Polarity.** support +1, oppose -1. Negation ("not", "n't", "never", "no longer", "no", "refused to",
   "failed to", "reluctance to", ...) flips support to oppose (-1, "did not back"), but only cancels an
   opposition: "did not reject" is recorded with stance 0 (non-committal), never as support. The exception is
   a wish: "urged Hungary not to block X" is support for X (+1).
6. **Quotes.** A stance inside a direct quote or reported speech is kept, marked ``quoted`` and
   ``attributed_to`` the speaker: it is the speaker's account of the holder's position, not the narrator's.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from presslens import config
from presslens.corpus import collector_paused

ACTORS_FILE = config.DATA_DIR / "codebook-actors.csv"
ISSUES_FILE = config.DATA_DIR / "codebook-issues.csv"
CUES_FILE = config.DATA_DIR / "stance-cues.csv"

ACTOR_KINDS = frozenset({"state", "bloc", "organisation", "party", "person"})
CUE_ROLES = frozenset({"support", "oppose", "negator", "speech"})
POLARITY = {"support": 1, "oppose": -1}

MENTION_COLUMNS = ["article_id", "sentence_id", "sentence", "start", "end", "mention", "actor", "actor_kind",
                   "affiliation", "resolved"]
QUOTE_COLUMNS = ["article_id", "sentence_id", "sentence_id_end", "kind", "speaker", "speaker_mention",
                 "speaker_description", "speaker_actor", "cue", "quote", "continuation", "start", "end"]
STANCE_COLUMNS = ["article_id", "sentence_id", "holder", "holder_mention", "holder_kind", "target",
                  "target_kind", "target_mention", "target_resolved", "stance", "cue", "cue_mention", "negated",
                  "passive", "quoted", "attributed_to", "sentence"]
MATRIX_COLUMNS = ["holder", "target", "target_kind", "support", "oppose", "neutral", "statements", "articles",
                  "net", "net_share"]


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex alternation shaped as a trie, so matching costs one branch per character, not per word."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            body = f"(?:{body})?"
        return body

    return build(trie)


# Characters of the word lists that `_rows_containing` passes to RE2 to match in any case: for these, RE2's
# case-insensitive matching (with `_PYTHON_ONLY_CASES` added) lets through every character Python's does
# (tested over all of Unicode).
_CASE_CHECKED_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -'’.&/")
# Python's `re.IGNORECASE` matches the Turkish dotted and dotless i to "i"; RE2's case folding does not.
_PYTHON_ONLY_CASES = {ord("i"): "[iİı]", ord("I"): "[iİı]"}


def _prefilter_pattern(words: Iterable[str], *, ignore_case: bool = False) -> str | None:
    """The trie of `words` for `_rows_containing`, or None (keep every row) when, matching in any case, RE2 could
    miss a text that Python's engine matches (a word has a character outside `_CASE_CHECKED_CHARACTERS`)."""
    words = list(words)
    if not ignore_case:
        return _trie_pattern(words)
    if not set("".join(words)) <= _CASE_CHECKED_CHARACTERS:
        return None
    return _trie_pattern(words).translate(_PYTHON_ONLY_CASES)  # "i" only ever stands for itself in the trie


def _rows_containing(texts: Sequence[str], rows: Sequence[int], pattern: str | None, *,
                     ignore_case: bool = False) -> Sequence[int]:
    """The rows whose text contains a match of `pattern` (from `_prefilter_pattern`), in order.

    A first pass before `_scan`: Arrow's RE2 engine runs a whole word list as one automaton, in linear time,
    and leaves out the texts that cannot hold a match, where Python's engine would try the list at every
    position. All rows are kept when `pattern` is None or a text cannot be stored by Arrow (a lone surrogate).
    """
    if pattern is None:
        return rows
    try:
        selected = pa.array([texts[row] for row in rows], type=pa.large_string())
    except UnicodeEncodeError:
        return rows
    found = pc.match_substring_regex(selected, pattern, ignore_case=ignore_case)
    return list(itertools.compress(rows, found.to_numpy(zero_copy_only=False)))


# --- grammar word lists (closed-class words; the open vocabulary lives in data/) ---
_PREPOSITIONS = frozenset("""in at on to with against about into toward towards over between after before during
than like including despite under across within without through for via near among of from upon beyond
behind amid around regarding""".split())
_GROUP_HEADS = frozenset("""leaders leader officials official delegation delegations diplomats diplomat ministers
minister government governments representatives representative envoys envoy negotiators negotiator spokesman
spokeswoman spokesperson president members forces troops side authorities lawmakers
team army military people citizens parliament embassy ministry head chief heads chiefs presidents office
cabinet administration navy diplomat""".split())
_DETERMINERS = frozenset("the a an this that these those any such no every each another".split())
_POSSESSIVE_PRONOUNS = frozenset("its their his her our my".split())
_BACK_ADVERB_SKIP = frozenset("""to will would not n't also did does do could should might may must we they i
you both fully strongly firmly publicly openly shall can""".split())
_GENERIC_NOUNS = ("proposal|proposals|plan|plans|offer|offers|idea|ideas|move|moves|deal|deals|agreement|"
                  "agreements|initiative|initiatives|request|requests|demand|demands|pressure|measure|measures|"
                  "step|steps|decision|decisions|resolution|resolutions|bill|bills|framework|scheme|approach|"
                  "call|calls|ultimatum|option|options|policy|policies|effort|efforts|project|solution|terms")
_NOT_ACTOR_BEFORE = tuple("Post Times Independent Journal Herald Tribune Examiner Standard".split())  # for startswith

_WORD = re.compile(r"[\w’'.-]+")
_NEGATION = re.compile(r"\b(?:not|never|no longer|no|neither|nor|hardly|cannot|without)\b|n['’]t\b",
                       re.IGNORECASE)
# the look-ahead for the letters a match can start with rejects most positions at once
_REFERENCE = re.compile(
    r"(?=[tsai])\b(?:(?P<det>this|that|these|those|the|such|such an?|a|an)\s+(?:[\w-]+\s+){0,2}?"
    rf"(?P<noun>{_trie_pattern(_GENERIC_NOUNS.split('|'))})|(?P<pron>it|this|these|them))\b(?!['’])", re.IGNORECASE)
_OF_ISSUE = re.compile(r"^\s+(?:for|on|of|to)\s+(?:[\w-]+\s+){0,3}?$", re.IGNORECASE)
_OBJECT = re.compile(
    r"\s+(?:(?:the|a|an|this|these|those|any|such|its|their|his|her|our|new|further|all)\s+)?"
    r"(?:[a-z-]+\s+){0,2}?(?P<noun>[a-z][a-z-]{2,})"
    r"(?=\s*(?:[,.;:!?—]|$)|\s+(?:of|for|on|to|by|from|in|with|against|that|which|and|as|at|over|after|before|because|since|if|when|while|during)\b)")
_NOT_OBJECTS = frozenset("""it this that them these those him her us me you what which who whom whose whether
the a an to and or but not also any all some more most much many further one ones way time""".split())
_RELATIVE = re.compile(r"\b(?:who|which|that|whom)\b", re.IGNORECASE)
# each opens with a look-ahead for its possible first characters, so most positions fail at once
_UNCONDITIONAL_SPLIT = re.compile(
    r"(?=[;,\s])(?:;\s*|\s\|\s|,?\s+(?:but|whereas|while|although|though)\s+|,\s+(?:yet|however)\s+)",
    re.IGNORECASE)
_CONDITIONAL_SPLIT = re.compile(r"(?=[,\s]),?\s+(?:and|or)\s+", re.IGNORECASE)
_OPTIONAL_THE = re.compile(r"(?:the\s+)?", re.IGNORECASE)
_SUBORDINATE_OPENING = re.compile(
    r"^\s*(?:While|Whereas|Although|Though|Even though|After|Before|Because|If|When|Since|Once|As)\b[^,]{3,}?,\s+")
_BRIDGE = re.compile(r"^[^.;!?]{0,60}?(?:\bto|:|\bthat\b[^,;.]{0,40}?)\s*(?:not\s+|never\s+)?$", re.IGNORECASE)
_COORDINATION = re.compile(r"^(?:\s*,\s*|,?\s+(?:and|or)\s+|\s*&\s*)(?:the\s+)?$", re.IGNORECASE)
_TITLE_GAP = re.compile(r"^(?:\s+(?:[A-Z][\w.’'-]*|of|the|for))*\s+$")
_NAME_TAIL = re.compile(r"(?:\s+[A-Z][\w.’'-]*){1,5}")
_PASSIVE_AGENT = re.compile(r"\s+(?:\w+ly\s+)?by\s+(?:the\s+)?", re.IGNORECASE)
_NOMINAL_AGENT = re.compile(r"\s+(?:by|from)\s+(?:the\s+)?", re.IGNORECASE)
# \b(?:he|she|him|his|her|He|She|His|Her)\b, with each branch opening on its letter and the left edge checked after
# it ((?<!\w.)): a pattern that opens on letters lets the regex engine skip all other characters without trying a
# match there, where a leading \b costs an attempt at every position
_PERSON_PRONOUN = re.compile(r"(?:h(?<!\w.)(?:e|im|is|er)|H(?<!\w.)(?:e|is|er)|s(?<!\w.)he|S(?<!\w.)he)\b")

# what may not precede an actor alias, and a cue, an issue alias or a speech verb
_ACTOR_EDGE = r"(?<![\w’'])"
_WORD_EDGE = r"(?<![\w-])"
# A pattern opening with a look-behind costs the regex engine a match attempt at every position; one opening with
# a character class lets it skip to the next character of the class in a tight loop. So the patterns that scan
# long texts for cues, issues and speech verbs open with this class instead of `_WORD_EDGE`: it consumes the
# character before the match, and lets through a few more than `_WORD_EDGE` does ("é"), which `_scan` refuses.
_EDGE_CHARACTER = "[^a-zA-Z0-9_-]"


def _edge_consuming(pattern: re.Pattern, *, flags: int | None = None) -> re.Pattern:
    """`pattern`, which opens with `_WORD_EDGE`, opening with `_EDGE_CHARACTER` instead (for `_scan(...,
    consumes_edge=True)`), with the same flags or with `flags`."""
    return re.compile(_EDGE_CHARACTER + pattern.pattern.removeprefix(_WORD_EDGE),
                      pattern.flags if flags is None else flags)


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
        return re.compile(rf"{_ACTOR_EDGE}(?P<alias>{_trie_pattern(self.actor_index)})(?P<poss>['’]s?(?!\w))?(?![\w’'])")

    @functools.cached_property
    def actor_scan_pattern(self) -> re.Pattern:
        """`actor_pattern` without its leading look-behind `_ACTOR_EDGE`, which `_scan` checks instead: the
        pattern then opens with the first letters of the aliases, which the regex engine skips to in a tight loop."""
        return re.compile(self.actor_pattern.pattern.removeprefix(_ACTOR_EDGE))

    @functools.cached_property
    def issue_index(self) -> dict[str, str]:
        """Lower-case alias -> issue."""
        return {alias.lower(): row.issue for row in self.issues.itertuples(index=False)
                for alias in row.aliases.split("|")}

    @functools.cached_property
    def issue_pattern(self) -> re.Pattern:
        """One case-insensitive regex for every issue alias."""
        return re.compile(rf"{_WORD_EDGE}(?:{_trie_pattern(self.issue_index)})(?![\w-])", re.IGNORECASE)

    @functools.cached_property
    def issue_scan_patterns(self) -> tuple[re.Pattern, re.Pattern]:
        """`issue_pattern` for `_scan` (see `_edge_consuming`), and the same for lower-cased text (case-sensitive
        matching is about twice as fast)."""
        return _edge_consuming(self.issue_pattern), _edge_consuming(self.issue_pattern, flags=0)

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
        return re.compile(rf"{_WORD_EDGE}(?:{_trie_pattern(self.cue_index)})(?![\w-])", re.IGNORECASE)

    @functools.cached_property
    def cue_scan_patterns(self) -> tuple[re.Pattern, re.Pattern]:
        """`cue_pattern` for `_scan` (see `_edge_consuming`), and the same for lower-cased text."""
        return _edge_consuming(self.cue_pattern), _edge_consuming(self.cue_pattern, flags=0)

    @functools.cached_property
    def prefilters(self) -> dict[str, str | None]:
        """The RE2 patterns of `_rows_containing` for actor aliases ("actor"), and in any case for the forms of
        support and oppose cues ("polarity") and issue aliases ("issue")."""
        polarity_forms = [form for form, record in self.cue_index.items() if record["role"] in POLARITY]
        return {"actor": _prefilter_pattern(self.actor_index),
                "polarity": _prefilter_pattern(polarity_forms, ignore_case=True),
                "issue": _prefilter_pattern(self.issue_index, ignore_case=True)}

    @functools.cached_property
    def speech_forms(self) -> str:
        """Regex alternation of the surface forms of speech cues (for quote attribution)."""
        forms = [form for form, record in self.cue_index.items() if record["role"] == "speech"]
        forms += [form for row in self.cues.itertuples(index=False) if row.role == "speech"
                  for form in inflections(row.cue)]
        return _trie_pattern(set(forms))


def inflections(lemma: str) -> list[str]:
    """Regular English forms of a (possibly multiword) verb lemma: the first word is inflected.

    Over-generation is harmless ("dodgeing" never occurs); irregular forms go in the cue file's `forms`.

    Returns:
        The lemma, -s/-es, -ed/-d, -ing forms, y -> ies/ied, and doubled final consonants.
    """
    head, _, rest = lemma.lower().partition(" ")
    tail = f" {rest}" if rest else ""
    if head in _PREPOSITIONS:
        return [lemma.lower()]
    forms = {head, head + "s", head + "ed", head + "ing", head + head[-1] + "ed", head + head[-1] + "ing"}
    if head.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(head + "es")
    if head.endswith("e"):
        forms |= {head + "d", head[:-1] + "ing"}
    if head.endswith("y") and head[-2:-1] not in set("aeiou"):
        forms |= {head[:-1] + "ies", head[:-1] + "ied"}
    return sorted(form + tail for form in forms)


def _read_codebook_file(path: Path, required: list[str]) -> pd.DataFrame:
    """Read one `#`-commented codebook CSV and check its columns."""
    if not Path(path).is_file():
        raise FileNotFoundError(f"codebook file {path} does not exist")
    table = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
    table.columns = [column.strip() for column in table.columns]
    missing = [column for column in required if column not in table.columns]
    if missing:
        raise ValueError(f"codebook file {path} lacks the column(s) {missing}; it needs {required}")
    for column in table.columns:
        table[column] = table[column].str.strip()
    return table.reset_index(drop=True)


def load_codebook(path: str | Path | None = None, *, actors: str | Path | None = None,
                  issues: str | Path | None = None, cues: str | Path | None = None) -> Codebook:
    """Read and check the stance codebook.

    Args:
        path: a folder holding codebook-actors.csv, codebook-issues.csv and stance-cues.csv
            (default: the project's data/ folder).
        actors, issues, cues: a different file for one part of the codebook.

    Returns:
        A `Codebook` with three tables: `actors` (actor, kind, affiliation, group, aliases), `issues` (issue,
        aliases, description) and `cues` (cue, role, control, forms, note).

    Raises:
        FileNotFoundError / ValueError naming the file and the row when a file is missing or inconsistent.
    """
    folder = Path(path) if path is not None else config.DATA_DIR
    actors_path = Path(actors) if actors else folder / ACTORS_FILE.name
    issues_path = Path(issues) if issues else folder / ISSUES_FILE.name
    cues_path = Path(cues) if cues else folder / CUES_FILE.name
    actor_table = _read_codebook_file(actors_path, ["actor", "kind", "affiliation", "group", "aliases"])
    issue_table = _read_codebook_file(issues_path, ["issue", "aliases"])
    cue_table = _read_codebook_file(cues_path, ["cue", "role", "control", "forms"])
    if "description" not in issue_table:
        issue_table["description"] = ""
    if "note" not in cue_table:
        cue_table["note"] = ""
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
    cue_table["control"] = cue_table["control"].eq("yes")
    return Codebook(actors=actor_table, issues=issue_table, cues=cue_table)


@functools.cache
def _default_codebook() -> Codebook:
    return load_codebook()


# --- input handling ---

def _as_sentences(source: object) -> pd.DataFrame:
    """A sentence table (article_id, sentence_id, paragraph, text, start, end) from any accepted source."""
    if isinstance(source, str):
        from presslens.segment import sentence_table_from_texts
        return sentence_table_from_texts([source])
    if isinstance(source, pd.DataFrame):
        needed = ["article_id", "sentence_id", "text"]
        missing = [column for column in needed if column not in source.columns]
        if missing:
            raise ValueError(f"source: a sentence table needs the columns {needed}; {missing} missing")
        table = source.reset_index(drop=True)
        if "start" not in table or "end" not in table:
            table = table.sort_values(["article_id", "sentence_id"], kind="stable").reset_index(drop=True)
            lengths = table["text"].str.len().to_numpy() + 1
            starts = np.cumsum(lengths) - lengths
            first = table.groupby("article_id", sort=False)["sentence_id"].transform("idxmin").to_numpy()
            table["start"] = starts - starts[first]
            table["end"] = table["start"] + lengths - 1
        if "paragraph" not in table:
            table["paragraph"] = 0
        return table
    if hasattr(source, "sentences") and isinstance(source.sentences, pd.DataFrame):
        return _as_sentences(source.sentences)
    if isinstance(source, Iterable) and not isinstance(source, (bytes, dict)):
        texts = list(source)
        if all(isinstance(text, str) for text in texts):
            from presslens.segment import sentence_table_from_texts
            return sentence_table_from_texts(texts)
    raise TypeError(f"source: expected a string, a list of strings, a Corpus or a sentence table, "
                    f"not {type(source).__name__}")


_Hit = tuple[int, int, str, tuple]  # start, end (within the text), matched text, the match's groups


def _scan(pattern: re.Pattern, texts: Sequence[str], rows: Sequence[int], *, chunk: int = 20000,
          lower: re.Pattern | None = None, edge: str = "", consumes_edge: bool = False) -> dict[int, list[_Hit]]:
    """Matches of `pattern` in the texts at `rows`, joined by newlines so that one regex call scans a chunk.

    `lower` is the same pattern for lower-cased text, used when lower-casing keeps every offset. `edge` is a
    look-behind a match must pass, checked here instead of in the pattern (see `_EDGE_CHARACTER`); with
    `consumes_edge`, the pattern opens by consuming the character before the match, which is not part of the
    match returned (the chunk is scanned after a newline, so that a text's first character can start a match),
    and must end before a character that cannot open a match (as a closing look-ahead for a word character
    does), so that the next match is looked for after this one's end. A match refused at its edge does not hide
    a later one it overlaps: the search goes on from the character after its start ("thatthe Kremlin" still
    names "Kremlin"). Matches are kept as plain tuples, so no `re.Match` object outlives the scan.

    Returns:
        Row -> [(start, end within the row's text, matched text, groups)], for the rows with a match.
    """
    found: dict[int, list[_Hit]] = {}
    lead = 1 if consumes_edge else 0  # the characters of a match before the one returned
    for first in range(0, len(rows), chunk):
        part = rows[first:first + chunk]
        part_texts = [texts[row] for row in part]
        joined = "\n" * lead + "\n".join(part_texts)
        offsets = list(itertools.accumulate([len(text) + 1 for text in part_texts[:-1]], initial=lead))
        if lower is not None and len(lowered := joined.lower()) == len(joined):
            scanner, searched = lower, lowered
        else:
            scanner, searched = pattern, joined
        edge_match = re.compile(edge, scanner.flags).match if edge else None
        offset, next_offset, hits = 0, lead, []  # where the current row's text starts, where the next one's
        position: int | None = 0
        while position is not None:
            resume = None
            for match in scanner.finditer(searched, position):  # one C-level loop; left only when an edge refuses
                start, end = match.span()
                start += lead
                if edge_match and not edge_match(searched, start):
                    resume = start + 1 - lead
                    break
                if start >= next_offset:  # a match in a later row
                    index = bisect.bisect_right(offsets, start) - 1
                    offset, hits = offsets[index], found.setdefault(part[index], [])
                    next_offset = offsets[index + 1] if index + 1 < len(offsets) else len(searched)
                hits.append((start - offset, end - offset, searched[start:end] if lead else match.group(),
                             match.groups()))
            position = resume
    return found


class _Mention(NamedTuple):
    start: int
    end: int
    text: str
    actor: str
    kind: str
    affiliation: str
    group: str
    possessive: bool
    resolved: bool = False


class _Span(NamedTuple):
    start: int
    end: int
    text: str
    name: str


class _Cue(NamedTuple):
    start: int
    end: int
    text: str
    cue: str
    role: str
    control: bool


@dataclasses.dataclass(slots=True)
class _Sentence:
    article_id: str
    sentence_id: int
    position: int
    start: int  # offset in the article
    text: str
    mentions: list[_Mention]
    issues: list[_Span]
    cues: list[_Cue]


def _analyse(sentences: pd.DataFrame, codebook: Codebook, *, with_cues: bool = True) -> list[_Sentence]:
    """The sentences a stance is read from, with their mentions, issues and cues, and their context, in table order.

    A stance is read from a sentence that mentions an actor (he/she resolved) and holds a stance cue; its
    context is the two sentences before it, kept when they name an issue. `_Sentence.position` is the row in
    the sorted table, so the caller can still tell which sentences precede one. Cues are only looked for in
    sentences that mention an actor and hold a support or oppose form (so a context sentence without one has
    no cues: the reader only reads a context's issues); issues only where they are used: in the sentences with
    a cue (a cue that overlaps an issue is none) and in the context. With `with_cues=False`: every sentence
    that mentions an actor, with its mentions only.
    """
    sentences = sentences.sort_values(["article_id", "sentence_id"], kind="stable").reset_index(drop=True)
    texts = sentences["text"].astype(str).tolist()
    article_ids, sentence_ids = sentences["article_id"].tolist(), sentences["sentence_id"].tolist()
    starts = sentences["start"].astype("int64").tolist()
    mentions_by_row = _mentions_by_row(texts, article_ids, codebook)
    issues_by_row: dict[int, list[_Span]] = {}
    cues_by_row: dict[int, list[_Cue]] = {}
    rows: Iterable[int] = mentions_by_row.keys()
    if with_cues:
        cue_pattern, cue_lower = codebook.cue_scan_patterns
        cue_rows = _rows_containing(texts, list(mentions_by_row), codebook.prefilters["polarity"], ignore_case=True)
        cue_hits = _scan(cue_pattern, texts, cue_rows, lower=cue_lower, edge=_WORD_EDGE, consumes_edge=True)
        issues_by_row = _issues_by_row(texts, list(cue_hits), codebook)
        cues_by_row = {row: _cues(texts[row], hits, mentions_by_row[row], issues_by_row.get(row, []),
                                  codebook.cue_index) for row, hits in cue_hits.items()}
        stance_rows = [row for row, cues in cues_by_row.items() if any(cue.role in POLARITY for cue in cues)]
        context = {row - back for row in stance_rows for back in (1, 2) if row >= back}
        issues_by_row.update(_issues_by_row(texts, sorted(context - cue_hits.keys()), codebook))
        rows = set(stance_rows) | (context & issues_by_row.keys())
    return [_Sentence(article_ids[row], int(sentence_ids[row]), row, starts[row], texts[row],
                      mentions_by_row.get(row, []), issues_by_row.get(row, []), cues_by_row.get(row, []))
            for row in sorted(rows)]


def _issues_by_row(texts: list[str], rows: Sequence[int], codebook: Codebook) -> dict[int, list[_Span]]:
    """Issue mentions of the texts at `rows`, for the rows that have one."""
    issue_index = codebook.issue_index
    pattern, lower = codebook.issue_scan_patterns
    rows = _rows_containing(texts, rows, codebook.prefilters["issue"], ignore_case=True)
    return {row: [_Span(start, end, texts[row][start:end], issue_index[found.lower()])
                  for start, end, found, _ in hits]
            for row, hits in _scan(pattern, texts, rows, lower=lower, edge=_WORD_EDGE, consumes_edge=True).items()}


def _mentions_by_row(texts: list[str], article_ids: list[str], codebook: Codebook) -> dict[int, list[_Mention]]:
    """Actor mentions of each text (row) that has one, in text order.

    "he/she/him/his/her" is resolved when exactly one person was named before it in the same text, or, failing
    that, in the text just before it (same article); so pronouns are only looked for in the texts that name a
    person or follow one that does.
    """
    rows = _rows_containing(texts, range(len(texts)), codebook.prefilters["actor"])
    actor_hits = _scan(codebook.actor_scan_pattern, texts, rows, edge=_ACTOR_EDGE)
    actor_fields = {alias: (record["actor"], record["actor_kind"], record["affiliation"], record["group"])
                    for alias, record in codebook.actor_index.items()}
    found: dict[int, list[_Mention]] = {}
    upcoming = sorted(actor_hits, reverse=True)  # the rows with an actor mention, the next one last
    previous_row, previous_persons = -1, {}
    while True:
        # the next row: the one after a row naming a person (its pronouns may refer back), else the next actor's
        if previous_persons and previous_row + 1 < len(texts) \
                and article_ids[previous_row + 1] == article_ids[previous_row]:
            row = previous_row + 1
        elif upcoming:
            row = upcoming[-1]
        else:
            break
        if upcoming and upcoming[-1] == row:
            upcoming.pop()
        text = texts[row]
        mentions = []
        for start, end, surface, (alias, possessive) in actor_hits.get(row, ()):
            if text.startswith(" ", end) and text.startswith(_NOT_ACTOR_BEFORE, end + 1) \
                    and _WORD.match(text, end + 1).group().rstrip(".") in _NOT_ACTOR_BEFORE:
                continue
            mentions.append(_Mention(start, end, surface, *actor_fields[alias], bool(possessive)))
        persons_here = [mention for mention in mentions if mention.kind == "person"]
        persons_before = previous_persons if previous_row == row - 1 and article_ids[row - 1] == article_ids[row] \
            else {}
        named = len(mentions)
        if persons_here or persons_before:
            for pronoun in _PERSON_PRONOUN.finditer(text):
                start = pronoun.start()
                pool = {m.actor: m for m in persons_here if m.end <= start} or persons_before
                if len(pool) == 1:
                    person = next(iter(pool.values()))
                    resolved = _Mention(start, pronoun.end(), pronoun.group(), person.actor, person.kind,
                                        person.affiliation, person.group, pronoun.group().lower() in ("his", "her"),
                                        resolved=True)
                    mentions.append(resolved)
                    persons_here.append(resolved)
        if len(mentions) > named:
            mentions.sort(key=lambda mention: mention.start)
        previous_row, previous_persons = row, {m.actor: m for m in persons_here}
        if mentions:
            found[row] = mentions
    return found


def _cues(text: str, hits: Iterable[_Hit], mentions: list[_Mention], issues: list[_Span],
          cue_index: dict[str, dict]) -> list[_Cue]:
    """The cues of one sentence that overlap no actor or issue mention ("back" only after "to", "will", ...)."""
    cues = []
    taken = [(m.start, m.end) for m in mentions if not m.resolved] + [(s.start, s.end) for s in issues]
    for start, end, found, _ in hits:
        if any(start < span_end and span_start < end for span_start, span_end in taken):
            continue
        found = found.lower()
        record = cue_index[found]
        if record["cue"] == "back" and found == "back":
            previous = text[:start].rsplit(None, 1)
            if not previous or previous[-1].lower() not in _BACK_ADVERB_SKIP:
                continue
        cues.append(_Cue(start, end, text[start:end], record["cue"], record["role"], record["control"]))
    return cues


@collector_paused
def find_mentions(source: object, *, codebook: Codebook | None = None) -> pd.DataFrame:
    """Every mention of a codebook actor, with its character span inside the sentence.

    Aliases match case-sensitively as written in the codebook, possessives ("Russia's") included; "he/she/
    him/his/her" is resolved to a person of the codebook only when exactly one person was named before it in
    the same sentence (or, failing that, in the previous sentence), and flagged `resolved`.

    Args:
        source: a string, a list of strings (one article each), a Corpus or a sentence table.
        codebook: from `load_codebook` (default: the project's data/ files).

    Returns:
        One row per mention: article_id, sentence_id, sentence (the sentence text), start, end (offsets within
        `sentence`), mention (the surface text), actor (canonical name), actor_kind, affiliation (the actor a
        person counts for, else the actor itself), resolved (bool).
    """
    codebook = codebook or _default_codebook()
    analysed = _analyse(_as_sentences(source), codebook, with_cues=False)
    rows = [(s.article_id, s.sentence_id, s.text, m.start, m.end, m.text, m.actor, m.kind, m.affiliation,
             m.resolved) for s in analysed for m in s.mentions]
    table = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    return table.astype({"start": "int64", "end": "int64", "sentence_id": "int64", "resolved": "bool"})


# --- quotes ---

# greedy runs: the class stops at the closing mark, so they end where lazy ones would, and cost less
_QUOTE = re.compile(r"“(?P<curly>[^“”\n]{1,3000})”|\"(?P<straight>[^\"\n]{1,3000})\"")
_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Sir|Lord|Dame)[.\u2024]?\s+")
_CAPITALISED_RUN = re.compile(
    r"(?:(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Sir)[.\u2024]?\s+)?[A-Z][\w’'\u2024-]+"
    r"(?:\s+(?:(?:de|van|von|der|bin|al|la|le)\s+)?[A-Z][\w’'\u2024-]+)*")
_ABBREVIATED_WORDS = ("Mr Mrs Ms Dr Prof Sen Rep Gov Gen Col Lt Sgt Capt Adm Rev St Jr Sr Mt No Inc Corp Co Ltd "
                      "Jan Feb Aug Sept Sep Oct Nov Dec").split()
# the full stop of an abbreviation ("Sen.", "U.S.", "R."): the regex starts at the full stop, which the engine finds
# fast, and looks back for the word, with one look-behind per word length (a look-behind has a fixed width)
_ABBREVIATION_STOP = re.compile(
    r"\.(?:" + "|".join(rf"(?<=\b(?:{'|'.join(words)})\.)"
                        for _, words in itertools.groupby(sorted(_ABBREVIATED_WORDS, key=len), key=len))
    + r"|(?<=\b[A-Z]\.)(?=[A-Z]\.|,|\s+[A-Z]))")
_MASKED_DOT = "\u2024"
# the end of a sentence: what follows the last one is the sentence a text ends with (the full stop is taken too,
# rather than looked behind for, so that the regex engine skips to the next [.!?] instead of trying every position)
_SENTENCE_BREAK = re.compile(r"[.!?]\s+")
_PARENTHETICAL = re.compile(r"\s*\([^()\n]{1,30}\)")
_PASSIVE_REPORTING = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_SENTENCE_OPENER = r"(?:But|And|The|He|She|It|They|We|I|In|On|At|A|An|This|That|His|Her|Their|Yet|So)\b"
_HONORIFIC_ANYWHERE = re.compile(r"(?:^|(?<=\s))(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov)[.\u2024]?(?=\s|$)")
_TITLES = frozenset("""President Vice Prime Minister Foreign Defence Defense Secretary State Ambassador Senator Sen
Representative Rep Congressman Congresswoman Chairman Chairwoman Chair Speaker Leader Majority Minority Governor Gov
Mayor Judge Justice General Gen Colonel Col Admiral Deputy Former Acting Attorney House Senate Press Spokesman
Spokeswoman Spokesperson Chancellor King Queen Prince Pope Ayatollah Sheikh Commissioner Envoy Special Chief
Director Officer Lt Sgt Captain Capt Dr Professor Prof Mr Mrs Ms Sir Lord Dame Democratic Republican""".split())
_NP = r"(?P<who>(?:[\w’'.\u2024-]+\s+){0,5}?[\w’'.\u2024-]+?)"
_APPOSITIVE = r"(?:,\s*(?P<app>[^,“”\"]{2,80}),)?"
_ADVERBS = r"(?:(?:\w+ly|further|also|later|again|then|once)\s+){0,2}"
_RELATIVE_CLAUSE_START = re.compile(r"\s+(?:who|which|that|whose)\b")
_AFFILIATION_PREPOSITION = re.compile(r"\s+(from|of|at|with|in|for)\s+")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_REPORTED_WITHOUT_THAT = frozenset("say says said tell tells told warn warns warned claim claims claimed insist "
                                   "insists insisted argue argues argued add adds added".split())


@dataclasses.dataclass(frozen=True)
class _Speaker:
    name: str | None
    mention: str
    description: str | None
    actor: str | None


_PREVIOUS_SPEAKER = _Speaker(None, "he/she", None, None)  # stands for whoever spoke last


@functools.cache
def _quote_patterns(speech: str) -> dict[str, re.Pattern]:
    """Attribution patterns around quotes and for reported speech, built on the speech-verb alternation."""
    verb = rf"(?P<verb>(?:{speech}))(?![\w-])"
    return {
        "after_inverted": re.compile(rf"^\s*{verb}\s+(?P<who>(?:[^.\n“”\"\u2024]|\u2024(?!\s+{_SENTENCE_OPENER}))"
                                     rf"{{2,300}}?)\s*(?:[.!?](?:\s|$)|\u2024(?=\s+{_SENTENCE_OPENER})|$)",
                                     re.IGNORECASE),
        "after": re.compile(rf"^\s*{_NP}{_APPOSITIVE}\s+{_ADVERBS}{verb}[^.\n“”\"]{{0,120}}",
                            re.IGNORECASE),
        "before_tail": re.compile(r"(?:\s+[\w’'-]+){0,3}?(?:\s*[:,]|\s+that)\s*$"),
        "according": re.compile(r"\b[Aa]ccording to\s+(?P<who>[^,“”\"]{2,80}),\s*$"),
        "speech": re.compile(rf"{_WORD_EDGE}(?:{speech})(?![\w-])"),
        "speech_scan": re.compile(rf"{_EDGE_CHARACTER}(?:{speech})(?![\w-])"),  # for `_scan`
        # \b[Aa]s..., with the left edge checked after the first letter, so that the pattern opens with a class
        "as_before": re.compile(rf"[Aa](?<!\w.)s\s+{_NP}\s+{_ADVERBS}$"),
        "as_after": re.compile(r"(?:\s+\w+)?\s*,\s*(?P<content>.+)$"),
        "np_before": re.compile(rf"(?:^|(?<=[,;]\s)|(?<=—)){_NP}{_APPOSITIVE}(?:\s*—[^—]{{1,60}}—\s*|\s+)"
                                rf"{_ADVERBS}$"),
        # np_before after ", " / "; " / "—" only, consuming them (see `_speaker_words_before`)
        "np_after_break": re.compile(rf"[,;—](?:(?<=[,;])\s|(?<=—)){_NP}{_APPOSITIVE}"
                                     rf"(?:\s*—[^—]{{1,60}}—\s*|\s+){_ADVERBS}$"),
        "that_after": re.compile(r"(?:(?:\s+[\w’'-]+){0,3}?\s+(?P<that>that)\s+|\s+)(?P<content>[^“”\"]+)$"),
        "according_reported": re.compile(r"^(?P<lead>.*?)\b[Aa]ccording to\s+(?P<who>[^,“”\"]{2,80}),\s*"
                                         r"(?P<content>[^“”\"]+)$"),
    }


def _article_texts(sentences: pd.DataFrame) -> dict[str, tuple[str, list[int], list[int]]]:
    """Per article: its text rebuilt from the sentence offsets, sentence starts and sentence ids."""
    ordered = sentences.sort_values(["article_id", "sentence_id"], kind="stable")
    article_ids, texts = ordered["article_id"].tolist(), ordered["text"].tolist()
    starts, paragraphs = ordered["start"].astype("int64").tolist(), ordered["paragraph"].tolist()
    sentence_ids = ordered["sentence_id"].tolist()
    result = {}
    for article_id, rows in itertools.groupby(range(len(article_ids)), key=article_ids.__getitem__):
        rows = list(rows)
        first, stop = rows[0], rows[-1] + 1
        pieces, position, paragraph = [], 0, None
        for text, start, para in zip(texts[first:stop], starts[first:stop], paragraphs[first:stop]):
            gap = start - position
            if gap > 0:
                pieces.append(("\n" if paragraph is not None and para != paragraph else " ") + " " * (gap - 1))
            elif gap < 0:
                raise ValueError(f"source: sentences of article {article_id!r} overlap at offset {start}")
            pieces.append(text)
            position, paragraph = start + len(text), para
        result[article_id] = ("".join(pieces), starts[first:stop], sentence_ids[first:stop])
    return result


@functools.cache
def _function_words() -> frozenset[str]:
    """Stopwords that cannot be part of a speaker's description ("the", "a", "of", "for" and "from" can)."""
    from presslens.resources import stopwords
    return stopwords() - {"of", "for", "from", "on", "at"}


def _mask(text: str) -> str:
    """Replace the full stop of abbreviations ("Sen.", "U.S.", "R.") by a look-alike, keeping every offset."""
    return _ABBREVIATION_STOP.sub(_MASKED_DOT, text)


def _unmask(text: str | None) -> str | None:
    return text.replace(_MASKED_DOT, ".") if text else text


def _speaker_from(phrase: str, appositive: str | None, codebook: Codebook, known: dict[str, _Speaker],
                  last: _Speaker | None) -> _Speaker | None:
    """Resolve the words naming a speaker to a name, a description and an actor.

    "he"/"she" is the previous speaker (`last`); a single word that is the surname of a speaker named in full
    earlier in the article (`known`, updated here) is that speaker.
    """
    speaker = _described_speaker(phrase, appositive, codebook)
    if speaker is _PREVIOUS_SPEAKER:
        return last
    if speaker is None:
        return None
    if " " not in speaker.name and speaker.name in known:
        earlier = known[speaker.name]
        return _Speaker(earlier.name, speaker.mention, speaker.description or earlier.description, earlier.actor)
    if " " in speaker.name:
        known[speaker.name.split()[-1]] = speaker
    return speaker


@functools.lru_cache(maxsize=8192)
def _described_speaker(phrase: str, appositive: str | None, codebook: Codebook) -> _Speaker | None:
    """What the words naming a speaker say on their own, cached: speakers are named alike again and again.

    Returns:
        The speaker (name, the words naming them, description, actor), `_PREVIOUS_SPEAKER` for "he"/"she", or
        None when the words name nobody.
    """
    phrase, appositive = _unmask(phrase).strip(" ,—"), _unmask(appositive)
    phrase = _RELATIVE_CLAUSE_START.split(phrase)[0]
    words = phrase.split()
    function = [index for index, word in enumerate(words[:-1])
                if word.lower().strip(",") in _function_words() and word.lower() not in ("the", "a", "an")]
    if function:
        phrase = " ".join(words[function[-1] + 1:])
    if phrase.lower() in ("he", "she"):
        return _PREVIOUS_SPEAKER
    if not phrase or all(word.lower() in _function_words() for word in phrase.split()):
        return None
    if appositive and _name_runs(appositive, codebook) and not _name_runs(phrase, codebook):
        phrase, appositive = appositive, phrase
    split = _AFFILIATION_PREPOSITION.split(phrase, maxsplit=1)
    if len(split) == 3 and _name_runs(split[0], codebook):
        phrase = split[0]
        appositive = ", ".join(part for part in (f"{split[1]} {split[2]}", appositive) if part)
    mentions = [(match, codebook.actor_index[match.group("alias")])
                for match in codebook.actor_pattern.finditer(phrase)]
    persons = [(match, record) for match, record in mentions if record["actor_kind"] == "person"]
    description_parts = []
    if persons:
        match, record = persons[-1]
        name, actor = record["actor"], record["affiliation"]
        description_parts.append((phrase[:match.start()] + phrase[match.end():]).strip(" ,"))
    else:
        runs = _name_runs(phrase, codebook)
        if runs:
            run = runs[-1]
            words = _HONORIFIC.sub("", run.group()).split()
            while len(words) > 1 and (words[0].rstrip(".") in _TITLES or words[0] in codebook.actor_index):
                words.pop(0)
            name = " ".join(words)
            rest = (phrase[:run.start()] + run.group()[: run.group().rfind(name)] + phrase[run.end():]).strip(" ,")
            description_parts.append(_LEADING_ARTICLE.sub("", rest))
        else:
            name = phrase
        actor = None
    if appositive:
        description_parts.append(appositive.strip())
    description = ", ".join(_HONORIFIC_ANYWHERE.sub("", part).strip(" ,") for part in description_parts
                            if _HONORIFIC_ANYWHERE.sub("", part).strip(" ,")) or None
    if actor is None:
        for text in (description or "", phrase):
            found = codebook.actor_pattern.search(text)
            if found:
                actor = codebook.actor_index[found.group("alias")]["affiliation"]
                break
    return _Speaker(name, phrase, description, actor)


def _quote_rows(article_id: str, body: str, starts: list[int], sentence_ids: list[int], codebook: Codebook,
                *, reported_until: int | None = None) -> list[dict]:
    """Direct quotes and reported speech of one article, in text order.

    With `reported_until` (a sentence id), reported speech is looked for only up to that sentence: the rows
    that start there or before are the same, as each sentence is read with what came before it.
    """
    patterns = _quote_patterns(codebook.speech_forms)
    known: dict[str, _Speaker] = {}
    rows: list[dict] = []
    last_speaker: _Speaker | None = None
    previous_end = -1
    attributions: list[tuple[int, int]] = []

    def sentence_of(offset: int) -> int:
        return int(sentence_ids[max(0, bisect.bisect_right(starts, offset) - 1)])

    body = _mask(body)
    for match in _QUOTE.finditer(body):
        inner = match.group("curly") if match.group("curly") is not None else match.group("straight")
        inner_start = match.start() + 1
        paragraph_end = body.find("\n", match.end())
        tail = body[match.end(): paragraph_end if paragraph_end >= 0 else len(body)]
        if "(" in tail:
            tail = _PARENTHETICAL.sub(lambda found: " " * len(found.group()), tail)
        paragraph_start = body.rfind("\n", 0, match.start()) + 1
        head = body[paragraph_start: match.start()]
        head = _SENTENCE_BREAK.split(head[-200:])[-1]
        speaker, cue, continuation, attribution = None, None, False, None
        runs_on = inner.rstrip().endswith((",", "?", "!"))  # “…,” said X: the attribution may follow
        found = patterns["after_inverted"].match(tail) if runs_on else None
        if found and not codebook.cue_pattern.fullmatch(found.group("who").split()[0]):
            phrase, _, appositive = found.group("who").partition(",")
            speaker = _speaker_from(phrase, appositive.strip() or None, codebook, known, last_speaker)
            cue, attribution = found.group("verb"), (match.end(), match.end() + found.end())
        if speaker is None and runs_on:
            found = patterns["after"].match(tail)
            if found:
                speaker = _speaker_from(found.group("who"), found.group("app"), codebook, known, last_speaker)
                cue, attribution = found.group("verb"), (match.end(), match.end() + found.end())
        if speaker is None and head.strip():
            found = _attribution_before(head, patterns)
            if found:
                who, appositive, cue, offset = found
                speaker = _speaker_from(who, appositive, codebook, known, last_speaker)
                attribution = (match.start() - len(head) + offset, match.start())
        if speaker is None and last_speaker is not None and previous_end >= 0 \
                and not body[previous_end: match.start()].strip(" .,;:\n"):
            speaker, continuation = last_speaker, True
            cue = rows[-1]["cue"] if rows else None
        if speaker is None and len(inner.split()) < 4:
            continue
        if attribution:
            attributions.append(attribution)
        previous_end = attribution[1] if attribution and attribution[1] > match.end() else match.end()
        if speaker is not None:
            last_speaker = speaker
        rows.append(_quote_row(article_id, "direct", speaker, cue, inner.strip().rstrip(","), inner_start,
                               inner_start + len(inner), continuation, sentence_of))
    last = len(starts) if reported_until is None else bisect.bisect_right(sentence_ids, reported_until)
    rows.extend(_reported_rows(article_id, body, starts, codebook, rows, attributions, known, sentence_of,
                               sentences=last))
    return sorted(rows, key=lambda row: (row["start"], row["kind"]))


def _passive_before(text: str, end: int) -> bool:
    """Whether `text[:end]` ends in "is/was/been (adverb)": "was told" is no one reporting speech.

    Such an ending spans at most the last two words, so the regex is only tried from the word before the last.
    """
    words = text[:end].rsplit(None, 2)
    return _PASSIVE_REPORTING.search(text, len(words[0]) if len(words) == 3 else 0, end) is not None


def _speaker_words_before(text: str, end: int, patterns: dict[str, re.Pattern]) -> re.Match | None:
    """The leftmost match of `np_before` in `text[:end]` (the words naming a speaker right before a verb).

    It is tried at the start of the text, then looked for after ", ", "; " and "—" by `np_after_break`, which
    opens with the class of their first characters: the regex engine skips to those in a tight loop, where a
    search for `np_before` itself tries a match at every position. Its group `who` starts where `np_before`'s
    match would.
    """
    return patterns["np_before"].match(text, 0, end) or patterns["np_after_break"].search(text, 0, end)


def _attribution_before(head: str, patterns: dict[str, re.Pattern]) -> tuple[str, str | None, str, int] | None:
    """Speaker words, appositive, verb and offset of an attribution that opens a quote ("Kraiev said: “")."""
    if "ccording to" in head:
        according = patterns["according"].search(head)
        if according:
            return according.group("who"), None, "according to", according.start()
    for verb in reversed(list(patterns["speech"].finditer(head.lower()))):
        if patterns["before_tail"].match(head, verb.end()):
            speaker_part = _speaker_words_before(head, verb.start(), patterns)
            if speaker_part:
                return speaker_part.group("who"), speaker_part.group("app"), verb.group(), speaker_part.start("who")
            if verb.group().endswith("ing") and head[: verb.start()].rstrip().endswith(","):
                subject = _first_name(head[: verb.start()])
                if subject:
                    return subject.group(), None, verb.group(), subject.start()
    return None


def _name_runs(text: str, codebook: Codebook) -> list[re.Match]:
    """Capitalised runs that may be a person's name: not an actor alias, not starting with a function word."""
    runs = []
    for run in _CAPITALISED_RUN.finditer(text):
        alias = codebook.actor_pattern.fullmatch(run.group())
        if alias and codebook.actor_index[alias.group("alias")]["actor_kind"] != "person":
            continue
        if run.group().split()[0].lower() not in _function_words():
            runs.append(run)
    return runs


def _first_name(text: str) -> re.Match | None:
    """The first capitalised run that does not start with a function word ("Trump", not "The")."""
    for run in _CAPITALISED_RUN.finditer(text):
        if run.group().split()[0].lower() not in _function_words():
            return run
    return None


def _quote_row(article_id: str, kind: str, speaker: _Speaker | None, cue: str | None, quote: str, start: int,
               end: int, continuation: bool, sentence_of) -> dict:
    return {"article_id": article_id, "sentence_id": sentence_of(start), "sentence_id_end": sentence_of(end - 1),
            "kind": kind, "speaker": speaker.name if speaker else None,
            "speaker_mention": speaker.mention if speaker else None,
            "speaker_description": speaker.description if speaker else None,
            "speaker_actor": speaker.actor if speaker else None, "cue": cue.lower() if cue else None,
            "quote": _unmask(quote), "continuation": continuation, "start": start, "end": end}


def _reported_rows(article_id: str, body: str, starts: list[int], codebook: Codebook, direct: list[dict],
                   attributions: list[tuple[int, int]], known: dict[str, _Speaker], sentence_of, *,
                   sentences: int) -> list[dict]:
    """Reported speech: "as X remarked, ...", "X said (that) ...", "according to X, ...", in the first
    `sentences` sentences.

    The speech verbs of all sentences outside quotes are found by one regex call; each is checked for a
    speaker right before it and content right after it, so the patterns only ever run on the words next to a
    verb.
    """
    patterns = _quote_patterns(codebook.speech_forms)
    quoted = [(row["start"] - 1, row["end"] + 1) for row in direct] + attributions
    inside_quote = [False] * len(starts)
    for q_start, q_end in quoted:
        for index in range(max(0, bisect.bisect_right(starts, q_start) - 1), bisect.bisect_left(starts, q_end)):
            inside_quote[index] = True
    ends = starts[1:] + [len(body)]
    outside = [(start, body[start:end].rstrip())
               for start, end, inside in zip(starts[:sentences], ends, inside_quote) if not inside]
    lowered = [sentence.lower() for _, sentence in outside]
    verbs_by_sentence = _scan(patterns["speech_scan"], lowered, range(len(lowered)), edge=_WORD_EDGE,
                              consumes_edge=True)
    rows = []
    for index, (start, sentence) in enumerate(outside):
        verbs = verbs_by_sentence.get(index, ())
        if not verbs and "ccording to" not in sentence:
            continue
        found = None
        for verb_start, verb_end, verb, _ in verbs:
            if _passive_before(sentence, verb_start) or sentence.startswith(" to ", verb_end):
                continue
            cut = sentence.rfind(" ", 0, max(0, verb_start - 120)) + 1 if verb_start > 120 else 0
            before, after = sentence[cut: verb_start], sentence[verb_end:]
            speaker_part = patterns["as_before"].search(before)
            content_part = patterns["as_after"].match(after) if speaker_part else None
            if not content_part:
                speaker_part = _speaker_words_before(before, len(before), patterns)
                content_part = patterns["that_after"].match(after) if speaker_part else None
                if content_part and not content_part.group("that") and verb not in _REPORTED_WITHOUT_THAT:
                    content_part = None
            if content_part:
                found = (speaker_part.group("who"), speaker_part.groupdict().get("app"), verb,
                         verb_end + content_part.start("content"), content_part.group("content"))
                break
        if found is None and "ccording to" in sentence:
            according = patterns["according_reported"].search(sentence)
            if according:
                found = (according.group("who"), None, "according to", according.start("content"),
                         according.group("content"))
        if found is None:
            continue
        who, appositive, cue, content_offset, content = found
        if not (codebook.actor_pattern.search(_unmask(who)) or _CAPITALISED_RUN.search(who)
                or who.lower() in ("he", "she")):
            continue
        speaker = _speaker_from(who, appositive, codebook, known, None)
        if speaker is None:
            continue
        content_start = int(start) + content_offset
        content = content.rstrip()
        rows.append(_quote_row(article_id, "reported", speaker, cue, content, content_start,
                               content_start + len(content), False, sentence_of))
    return rows


@collector_paused
def extract_quotes(source: object, *, codebook: Codebook | None = None) -> pd.DataFrame:
    """Direct quotes with their speakers, and reported speech.

    Direct quotes are text between quotation marks (“…” or "…", within a paragraph), attributed by the
    sentence around them: after the quote ("…,” noted Witold Rodkiewicz, a Polish expert" / "…,” Rodkiewicz
    pointed out"), before it ("Kraiev said: “…”", "According to X, “…”"), or, with no attribution of its own,
    to the speaker of a quote that ends right before it (`continuation`). A quote of fewer than four words
    with no speaker is a scare quote ("the “B-team”") and is left out. Reported speech is "as X remarked,
    …", "X (further) observed that …", "X said …" and "according to X, …". A single surname is linked to the
    full name used earlier in the article; "he"/"she" to the previous speaker.

    Args:
        source: a string, a list of strings, a Corpus or a sentence table.
        codebook: from `load_codebook` (default: the project's data/ files).

    Returns:
        One row per quote: article_id, sentence_id (where it starts), sentence_id_end, kind ("direct" |
        "reported"), speaker (name, NA when unknown), speaker_mention (the words naming them),
        speaker_description (appositive or title, e.g. "a Polish expert on Russian foreign policy"),
        speaker_actor (the codebook actor the speaker counts for, from the codebook or the description),
        cue (the speech verb), quote (the quoted or reported words), continuation (bool), start, end
        (offsets of the quote in the article text rebuilt from the sentences).
    """
    codebook = codebook or _default_codebook()
    table = pd.DataFrame(_quote_records(_as_sentences(source), codebook), columns=QUOTE_COLUMNS)
    return table.astype({"sentence_id": "int64", "sentence_id_end": "int64", "continuation": "bool",
                         "start": "int64", "end": "int64"})


def _quote_records(sentences: pd.DataFrame, codebook: Codebook, *,
                   reported_until: dict[str, int] | None = None) -> list[dict]:
    """The rows of `extract_quotes`, as dicts; `reported_until` maps an article to the last sentence id in which
    reported speech is needed (see `_quote_rows`)."""
    rows = []
    for article_id, (body, starts, ids) in _article_texts(sentences).items():
        until = reported_until.get(article_id) if reported_until is not None else None
        rows.extend(_quote_rows(article_id, body, starts, ids, codebook, reported_until=until))
    return rows


# --- stance statements ---

_LIGHT_VERBS = frozenset("""issue issued issues issuing make made makes making deliver delivered delivers give gave
gives given set sets send sent sends voice voiced voices express expressed expresses expressing reiterate
reiterated reiterates repeat repeated repeats renew renewed renews lend lent lends throw threw throws put puts
signal signaled signalled signals show showed shows has have had""".split())
_NOUN_ENDINGS = ("ion", "ions", "ment", "ments", "al", "als", "ance", "ence", "ism", "ship")
_CONNECTIVES = frozenset("and or but to who which that the a an then".split())
_AT_MOST_ONE_WORD = re.compile(r"\s+(?:[a-z-]+\s+)?")
_AT_MOST_TWO_WORDS = re.compile(r"\s*(?:[\w-]+\s+){0,2}")
_OF_OR_FOR_BEFORE = re.compile(r"(?:of|for)\s+(?:\w+ly\s+)?$")


@dataclasses.dataclass
class _Unit:
    """One noun phrase naming an actor: merged mentions ("U.S. President Donald Trump")."""

    start: int
    end: int
    actor: str
    affiliation: str
    possessive: bool
    eligible: bool = True


def _units(sentence: _Sentence) -> list[_Unit]:
    """Merge adjacent mentions joined by titles into one unit and mark objects of prepositions ineligible."""
    text, units = sentence.text, []
    for mention in sentence.mentions:
        if mention.resolved and mention.text.lower() in ("his", "her", "him"):
            continue
        if units:
            last = units[-1]
            gap = text[last.end: mention.start]
            if not last.possessive and _TITLE_GAP.match(gap) and (mention.kind == "person"
                                                                 or mention.affiliation == last.affiliation):
                last.end, last.possessive = mention.end, mention.possessive
                if mention.kind == "person":
                    last.actor, last.affiliation = mention.actor, mention.affiliation
                continue
        units.append(_Unit(mention.start, mention.end, mention.actor, mention.affiliation, mention.possessive))
    for unit in units:
        if not unit.possessive:
            tail = _NAME_TAIL.match(text, unit.end)
            if tail and not sentence.mentions[-1].start < tail.end() <= sentence.mentions[-1].start:
                words = tail.group().split()
                if len(words) >= 2 or words[0][0].isupper() and words[0] not in ("The", "A"):
                    unit.end = tail.end()
                    unit.possessive = tail.group().endswith(("'s", "’s"))
        before = text[: unit.start].rsplit(None, 3)  # the last three words are all that is looked at
        if before and before[-1].lower() == "the":
            before = before[:-1]
        if before and before[-1].lower() in _PREPOSITIONS:
            unit.eligible = before[-1].lower() in ("of", "from", "in") and len(before) > 1 \
                and before[-2].lower() in _GROUP_HEADS
    return units


def _coordination(units: list[_Unit], first: int, text: str) -> list[_Unit]:
    """The units coordinated with `units[first]` ("France, Germany, and the UK"), left to right."""
    group = [units[first]]
    for unit in units[first + 1:]:
        if _COORDINATION.match(text[group[-1].end: unit.start]):
            group.append(unit)
        else:
            break
    return group


def _clauses(sentence: _Sentence) -> list[tuple[int, int]]:
    """Clause boundaries (start, end) within the sentence text."""
    text = sentence.text
    starts = {0}
    opening = _SUBORDINATE_OPENING.match(text)
    if opening:
        starts.add(opening.end())
    for match in _UNCONDITIONAL_SPLIT.finditer(text):
        starts.add(match.end())
    stance_cues = [cue for cue in sentence.cues if cue.role in POLARITY]
    if len(stance_cues) > 1:  # "and/or" only splits between two stance cues
        for match in _CONDITIONAL_SPLIT.finditer(text):
            clause_start = max(start for start in starts if start <= match.start())
            follows = _OPTIONAL_THE.match(text, match.end()).end()
            if any(clause_start <= cue.start < match.start() for cue in stance_cues) \
                    and any(mention.start == follows for mention in sentence.mentions) \
                    and any(cue.start > match.end() for cue in stance_cues):
                starts.add(match.end())
    ordered = sorted(starts)
    return list(zip(ordered, ordered[1:] + [len(text)]))


@dataclasses.dataclass
class _Target:
    name: str
    kind: str
    mention: str
    resolved: bool
    end: int


class _StanceReader:
    """Applies the clause rules to the sentences of one article in order."""

    def __init__(self, codebook: Codebook):
        self.codebook = codebook
        actors = codebook.actors.set_index("actor")
        self.group_of = actors["group"].to_dict()
        self.kind_of = actors["kind"].to_dict()
        self.generic = frozenset(_GENERIC_NOUNS.split("|"))

    def read(self, sentence: _Sentence, context: list[_Sentence], quotes: list[tuple[int, int, object, object]]
             ) -> list[dict]:
        """Stance statements of one sentence (context: the previous sentences of the article)."""
        self.sentence, self.context, self.quotes = sentence, context, quotes
        self.text = sentence.text
        self.units = _units(sentence)
        self.statements: list[dict] = []
        for clause_start, clause_end in _clauses(sentence):
            self._read_clause(clause_start, clause_end)
        unique, seen = [], set()
        for statement in self.statements:
            key = (statement["holder"], statement["target"], statement["stance"])
            if key not in seen:
                seen.add(key)
                unique.append(statement)
        return unique

    def _is_nominal(self, cue: _Cue) -> bool:
        """Whether the cue is used as a noun ("the rejection", "calls for" after a verb): it needs its own holder
        (a possessor or a "by/from" agent) and does not end the previous cue's object."""
        if cue.role == "negator":
            return True
        if cue.text.split()[0].lower().endswith(_NOUN_ENDINGS) or cue.cue in ("ultimatum",) \
                or cue.text.lower().startswith(("proposal", "request", "interest")):
            return True
        words = self.text[: cue.start].rsplit(None, 1)
        previous = words[-1].lower() if words else ""
        if previous in _DETERMINERS or previous in ("its", "their", "our", "my"):
            return True
        for other in self.sentence.cues:
            gap = self.text[other.end: cue.start] if other.end <= cue.start else None
            if gap is not None and other.role in POLARITY and not other.control \
                    and _AT_MOST_ONE_WORD.fullmatch(gap) and gap.strip() not in _CONNECTIVES:
                return True
        immediate = self._immediate_unit(cue)
        return bool(immediate) and immediate.possessive

    def _immediate_unit(self, cue: _Cue) -> _Unit | None:
        for unit in reversed(self.units):
            if unit.end <= cue.start:
                gap = self.text[unit.end: cue.start]
                words = gap.split()
                if any(unit.end <= other.start < cue.start for other in self.sentence.cues):
                    return None
                if not gap.strip() and (unit.eligible or unit.possessive or not cue.text.lower().endswith("ed")):
                    return unit
                if unit.possessive and cue.text.lower().endswith("ed") and not self._heads_possessed(unit):
                    return None
                if _AT_MOST_TWO_WORDS.fullmatch(gap) and not {w.lower() for w in words} & _CONNECTIVES \
                        and not {w.lower() for w in words} & self.generic \
                        and not self._issues_between(unit.end, cue.start) and (unit.eligible or unit.possessive):
                    return unit
                return None
        return None

    def _gerund_subject(self, cue: _Cue) -> _Unit | None:
        """The actor doing a gerund cue after "of"/"for": "accused Israel of violating", "praised Kyiv for backing"."""
        if not cue.text.lower().endswith("ing"):
            return None
        before = _OF_OR_FOR_BEFORE.search(self.text[: cue.start])
        if not before:
            return None
        for unit in reversed(self.units):
            if unit.end <= before.start():
                return unit if not self.text[unit.end: before.start()].strip() else None
        return None

    def _heads_possessed(self, unit: _Unit) -> bool:
        """Whether "X's ..." names X's own people ("Russia's foreign ministry"), not others ("Ukraine's allies")."""
        following = {word.lower().strip(",.") for word in self.text[unit.end:].split(None, 2)[:2]}
        return bool(following & _GROUP_HEADS)

    def _quote_at(self, position: int) -> tuple | None:
        for start, end, speaker, actor in self.quotes:
            if start <= position < end:
                return speaker, actor
        return None

    def _holders(self, units: list[_Unit]) -> tuple[list[tuple[str, str]], str]:
        """(holder, holder_kind) pairs for coordinated units, collapsing members of one group, and the words."""
        affiliations = list(dict.fromkeys(unit.affiliation for unit in units))
        groups: dict[str, list[str]] = {}
        for affiliation in affiliations:
            group = self.group_of.get(affiliation) or ""
            if group:
                groups.setdefault(group, []).append(affiliation)
        holders = []
        for affiliation in affiliations:
            group = self.group_of.get(affiliation) or ""
            name = group if group and len(groups[group]) >= 2 else affiliation
            if name not in [holder for holder, _ in holders]:
                holders.append((name, self.kind_of.get(name, "bloc")))
        mention = self.text[units[0].start: units[-1].end]
        return holders, mention

    def _unit_index(self, unit: _Unit) -> int:
        return next(index for index, candidate in enumerate(self.units) if candidate is unit)

    def _issues_between(self, start: int, end: int) -> list[_Span]:
        return [span for span in self.sentence.issues if start <= span.start and span.end <= end]

    def _resolve(self, position: int) -> tuple[str, str] | None:
        for statement in reversed(self.statements):
            if statement["target_kind"] in ("issue", "unlisted"):
                return statement["target"], statement["target_kind"]
        earlier = [span for span in self.sentence.issues if span.end <= position]
        if earlier:
            return earlier[-1].name, "issue"
        for previous in reversed(self.context):
            if previous.issues:
                return previous.issues[0].name, "issue"
        return None

    def _reference_target(self, match: re.Match, *, antecedent: bool = False) -> _Target | None:
        """An issue named right after a generic noun, the resolved referent, or the generic noun itself."""
        after = [span for span in self.sentence.issues if match.end() <= span.start <= match.end() + 40
                 and _OF_ISSUE.match(self.text[match.end(): span.start] + " ")]
        if after:
            return _Target(after[0].name, "issue", after[0].text, False, after[0].end)
        determiner = (match.group("det") or "").lower()
        if match.group("pron") or antecedent or determiner not in ("a", "an"):
            resolved = self._resolve(match.start())
            if resolved:
                return _Target(resolved[0], resolved[1], match.group(), True, match.end())
        if match.group("noun"):
            noun = match.group("noun").lower()
            noun = noun[:-1] if noun.endswith("s") and noun[:-1] in self.generic else noun
            return _Target(noun, "unlisted", match.group(), False, match.end())
        return None

    def _target_after(self, start: int, end: int, *, skip_addressee: bool, holders: list[str]) -> _Target | None:
        candidates: list[tuple[int, object]] = [(span.start, span) for span in self._issues_between(start, end)]
        candidates += [(match.start(), match) for match in self._references(start, end)]
        for _, candidate in sorted(candidates, key=lambda pair: pair[0]):
            if isinstance(candidate, _Span):
                return _Target(candidate.name, "issue", candidate.text, False, candidate.end)
            if skip_addressee and candidate.group("pron") and re.match(
                    r"(?:\s+[\w’'-]+){0,5}?\s+(?:not\s+)?to\b", self.text[candidate.end():]):
                continue
            target = self._reference_target(candidate)
            if target:
                return target
        obj = _OBJECT.match(self.text, start, end)
        for unit in self.units:
            if start <= unit.start and unit.end <= end and unit.affiliation not in holders:
                gap = self.text[start: unit.start]
                if len(gap.split()) > 2 or re.search(r"\b(?:to|that|if|whether|how|why)\b|[,;:—]", gap):
                    break
                if skip_addressee and re.match(r"\s+(?:[\w’'-]+\s+){0,2}?(?:not\s+)?to\b", self.text[unit.end:]):
                    continue
                if obj and obj.start("noun") < unit.start:
                    break
                return _Target(unit.affiliation, "actor", self.text[unit.start: unit.end], False, unit.end)
        if obj and obj.group("noun").lower() not in _NOT_OBJECTS:
            return _Target(obj.group("noun").lower(), "unlisted", obj.group().strip(), False, obj.end())
        return None

    def _references(self, start: int, end: int) -> list[re.Match]:
        """Referring expressions between start and end that do not overlap an issue mention."""
        return [match for match in _REFERENCE.finditer(self.text, start, end)
                if not any(span.start < match.end() and match.start() < span.end for span in self.sentence.issues)]

    def _target_before(self, start: int, end: int, holders: list[str]) -> _Target | None:
        issues = self._issues_between(start, end)
        if issues:
            return _Target(issues[-1].name, "issue", issues[-1].text, False, issues[-1].end)
        for match in reversed(self._references(start, end)):
            target = self._reference_target(match)
            if target:
                return target
        for unit in reversed(self.units):
            if start <= unit.start and unit.end <= end and unit.affiliation not in holders:
                return _Target(unit.affiliation, "actor", self.text[unit.start: unit.end], False, unit.end)
        return None

    def _antecedent_target(self, relative: re.Match | None) -> _Target | None:
        if relative is None:
            return None
        before = self.text[: relative.start()].rstrip(" ,—")
        issues = [span for span in self.sentence.issues if span.end == len(before)]
        if issues:
            return _Target(issues[0].name, "issue", issues[0].text, False, issues[0].end)
        references = [match for match in _REFERENCE.finditer(self.text, 0, len(before))
                      if match.end() == len(before)]
        return self._reference_target(references[-1], antecedent=True) if references else None

    def _last_relative(self, start: int, end: int) -> re.Match | None:
        """The last relative pronoun between start and end ("that" followed by a noun is a determiner)."""
        relative = None
        for match in _RELATIVE.finditer(self.text, start, end):
            following = self.text[match.end():].split(None, 1)[:1]
            if match.group().lower() == "that" and following and (
                    following[0].lower().strip(",.") in self.generic
                    or any(span.start == match.end() + 1 for span in self.sentence.issues)):
                continue
            relative = match
        return relative

    def _subject(self, cue: _Cue, clause_start: int, previous: dict | None
                 ) -> tuple[list[_Unit] | None, re.Match | None, int]:
        """The units in subject position before `cue`, the relative pronoun that bounded the search, and the
        offset where negation may start."""
        region_start = max(clause_start, previous["consumed_end"]) if previous else clause_start
        speech = [other for other in self.sentence.cues
                  if other.role == "speech" and region_start <= other.start and other.end <= cue.start]
        if speech and any(speech[-1].end <= unit.start and unit.end <= cue.start and unit.eligible
                          for unit in self.units):
            region_start = speech[-1].end
        relative = self._last_relative(region_start, cue.start)
        if relative:
            after = [index for index, unit in enumerate(self.units)
                     if relative.end() <= unit.start and unit.end <= cue.start and unit.eligible]
            if after:
                region_start = relative.end()
            elif relative.group().lower() in ("who", "which"):
                before = [index for index, unit in enumerate(self.units)
                          if clause_start <= unit.start and unit.end <= relative.start()]
                if before:
                    first = before[-1]
                    while first > 0 and _COORDINATION.match(
                            self.text[self.units[first - 1].end: self.units[first].start]):
                        first -= 1
                    return _coordination(self.units, first, self.text), relative, relative.end()
            else:
                pronoun = re.search(r"\b(?:it|they)\b", self.text[relative.end(): cue.start], re.IGNORECASE)
                earlier = [index for index, unit in enumerate(self.units)
                           if clause_start <= unit.start and unit.end <= relative.start() and unit.eligible]
                if pronoun and earlier:
                    return _coordination(self.units, earlier[0], self.text), relative, relative.end()
                return None, relative, relative.end()
        candidates = [index for index, unit in enumerate(self.units)
                      if region_start <= unit.start and unit.end <= cue.start and unit.eligible
                      and (not unit.possessive or self._heads_possessed(unit))]
        if candidates:
            group = _coordination(self.units, candidates[0], self.text)
            return group, relative, group[-1].end
        if previous and previous["units"]:
            return previous["units"], relative, region_start
        return None, relative, region_start

    def _read_clause(self, clause_start: int, clause_end: int) -> None:
        cues = [cue for cue in self.sentence.cues if clause_start <= cue.start < clause_end and cue.role != "speech"]
        text = self.text
        previous: dict | None = None
        index = 0
        while index < len(cues):
            chain = [cues[index]]
            while (chain[-1].control or chain[-1].role == "negator") and index + 1 < len(cues) \
                    and (_BRIDGE.match(text[chain[-1].end: cues[index + 1].start])
                         or not text[chain[-1].end: cues[index + 1].start].strip()):
                index += 1
                chain.append(cues[index])
            index += 1
            head, final = chain[0], chain[-1]
            if final.role == "negator":
                continue
            units, relative, negation_from, passive, first_person = None, None, head.start, False, None
            agent = _PASSIVE_AGENT.match(text, final.end)
            agent_units = [i for i, unit in enumerate(self.units) if agent and unit.start == agent.end()]
            immediate = self._immediate_unit(head)
            words = text[: head.start].rsplit(None, 2)
            previous_word = words[-1].lower() if words else ""
            before_previous = words[-2].lower() if len(words) > 1 else ""
            nominal = self._is_nominal(head)
            gerund_subject = self._gerund_subject(head)
            if agent_units:
                units, passive = _coordination(self.units, agent_units[0], text), True
                negation_from = max(clause_start, head.start - 25)
            elif gerund_subject is not None:
                units, negation_from = [gerund_subject], gerund_subject.end
            elif immediate is not None:
                units = _coordination(self.units, self._unit_index(immediate), text)
                negation_from = immediate.end
                if not immediate.possessive:
                    first = self._unit_index(immediate)
                    while first > 0 and _COORDINATION.match(text[self.units[first - 1].end: self.units[first].start]):
                        first -= 1
                    units = _coordination(self.units, first, text)
            elif (previous_word in _DETERMINERS and before_previous not in _LIGHT_VERBS) or (
                    nominal and previous_word not in _POSSESSIVE_PRONOUNS and previous_word not in _DETERMINERS):
                nominal_agent = _NOMINAL_AGENT.match(text, head.end)
                found = [i for i, unit in enumerate(self.units) if nominal_agent and unit.start == nominal_agent.end()]
                if found:
                    units = _coordination(self.units, found[0], text)
            else:
                units, relative, negation_from = self._subject(head, clause_start, previous)
                if units is None:
                    quote = self._quote_at(head.start)
                    region = text[max(clause_start, previous["consumed_end"] if previous else 0): head.start]
                    if quote and quote[1] and re.search(r"\b(?:we|our|i|my|us)\b", region, re.IGNORECASE):
                        first_person = quote[1]
            if units is None and first_person is None:
                if not nominal and not passive:
                    previous = {"units": None, "consumed_end": head.start}
                continue
            holders, holder_mention = self._holders(units) if units else (
                [(first_person, self.kind_of.get(first_person, "bloc"))], "we")
            holder_names = [holder for holder, _ in holders]
            negated = bool(_NEGATION.search(text[max(negation_from, head.start - 40): head.start]))
            window_end = next((cue.start for cue in cues[index:] if not self._is_nominal(cue)), clause_end)
            if passive:
                target = self._target_before(clause_start, head.start, holder_names)
                resolved = None if target else self._resolve(head.start)
                if resolved:
                    target = _Target(resolved[0], resolved[1], "", True, head.start)
            else:
                target = self._target_after(final.end, window_end, skip_addressee=any(c.control for c in chain),
                                            holders=holder_names)
            if target is None and not nominal:
                region_start = max(clause_start, previous["consumed_end"]) if previous else clause_start
                relative = relative or self._last_relative(region_start, head.start)
                if relative and any(relative.end() <= unit.start and unit.end <= head.start for unit in self.units):
                    target = self._antecedent_target(relative)
            polarity = POLARITY[final.role]
            inner_negated = len(chain) > 1 and bool(_NEGATION.search(text[chain[-2].end: final.start]))
            if inner_negated:
                # "urged Kyiv not to block X": a wish, so a full flip (for X); elsewhere opposition is only cancelled
                polarity = -polarity if chain[-2].role == "support" else _negate(polarity)
            for outer in reversed(chain[:-1]):
                if outer.role == "negator" or outer.role == "oppose":
                    polarity = _negate(polarity)
            if negated:
                polarity = _negate(polarity)
            addressee_negated = bool(target) and final.control and target.end > final.end and bool(
                re.search(r"\bnot\s+to\b", text[final.end: target.end]))
            if addressee_negated:
                polarity = _negate(polarity)
            is_negated = negated or inner_negated or addressee_negated \
                or any(c.role in ("negator", "oppose") for c in chain[:-1])
            if not nominal or units is not None:
                consumed = target.end if target and not target.resolved and target.end > final.end else window_end
                previous = {"units": units, "consumed_end": consumed} if units else previous
            if target is None:
                continue
            quote = self._quote_at(head.start)
            cue_name = " > ".join(dict.fromkeys(cue.cue for cue in chain))
            for holder, holder_kind in holders:
                if target.kind == "actor" and target.name == holder:
                    continue
                self.statements.append({
                    "article_id": self.sentence.article_id, "sentence_id": self.sentence.sentence_id,
                    "holder": holder, "holder_mention": holder_mention, "holder_kind": holder_kind,
                    "target": target.name, "target_kind": target.kind, "target_mention": target.mention,
                    "target_resolved": target.resolved, "stance": polarity, "cue": cue_name,
                    "cue_mention": text[head.start: final.end], "negated": is_negated, "passive": passive,
                    "quoted": quote is not None, "attributed_to": quote[0] if quote else None,
                    "sentence": text})


def _negate(polarity: int) -> int:
    """Negation flips support to opposition but only cancels opposition (0: "did not reject")."""
    return -1 if polarity == 1 else 0


@collector_paused
def extract_stances(source: object, *, codebook: Codebook | None = None,
                    quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Stance statements: who (holder) supports or opposes what (target), sentence by sentence.

    The rules are listed in the module docstring and in notebooks/03-stance.ipynb: clause splitting, holder in
    subject position (or the "by" agent of a passive, or the possessor of a noun cue), target after the cue,
    referring expressions resolved and flagged, controlling cues chained, negation flipping support (-1) and
    cancelling opposition (0), stances inside quotes attributed to the speaker. One statement per holder,
    target and polarity per sentence.

    Args:
        source: a string, a list of strings, a Corpus or a sentence table.
        codebook: from `load_codebook` (default: the project's data/ files).
        quotes: the quotes of the same source from `extract_quotes`, to attribute statements inside quotes
            without finding the quotes again (default: found here).

    Returns:
        One row per statement: article_id, sentence_id, holder (canonical actor; a person counts for their
        affiliation), holder_mention (the words that named the holder), holder_kind, target (issue, actor or
        an unlisted generic noun), target_kind ("issue" | "actor" | "unlisted"), target_mention,
        target_resolved (bool: reached through "it", "this idea", ...), stance (+1 support, -1 oppose,
        0 negated opposition), cue (lemma; "urge > accept" for a chain), cue_mention, negated, passive,
        quoted (bool: inside a direct quote or reported speech), attributed_to (the speaker, NA for the
        narrator), sentence (text).
    """
    codebook = codebook or _default_codebook()
    sentences = _as_sentences(source)
    analysed = _analyse(sentences, codebook)
    candidates = [sentence for sentence in analysed
                  if sentence.mentions and any(cue.role in POLARITY for cue in sentence.cues)]
    if quotes is None:
        # quotes are found article by article, and only those over a candidate sentence are used: so only the
        # articles with a candidate sentence, and reported speech only up to an article's last candidate sentence
        last_candidate = {sentence.article_id: sentence.sentence_id for sentence in candidates}
        records = _quote_records(sentences[sentences["article_id"].isin(last_candidate)], codebook,
                                 reported_until=last_candidate)
        quote_fields = [(row["article_id"], row["sentence_id"], row["sentence_id_end"], row["start"], row["end"],
                         row["speaker"], row["speaker_actor"]) for row in records]
    else:
        quote_fields = _quote_fields(quotes)
    quote_spans = _quote_spans_by_sentence(candidates, quote_fields)
    reader = _StanceReader(codebook)
    rows: list[dict] = []
    at_position = {sentence.position: sentence for sentence in analysed}
    for sentence in candidates:
        context = [at_position[position] for position in (sentence.position - 2, sentence.position - 1)
                   if position in at_position and at_position[position].article_id == sentence.article_id]
        rows.extend(reader.read(sentence, context,
                                quote_spans.get((sentence.article_id, sentence.sentence_id), [])))
    table = pd.DataFrame(rows, columns=STANCE_COLUMNS)
    return table.astype({"sentence_id": "int64", "stance": "int64", "negated": "bool", "passive": "bool",
                         "quoted": "bool", "target_resolved": "bool"})


def _quote_fields(quotes: pd.DataFrame) -> list[tuple[str, int, int, int, int, object, object]]:
    """(article_id, sentence_id, sentence_id_end, start, end, speaker, speaker_actor) of each row of a quote
    table, None where the speaker or their actor is missing."""
    integers = [quotes[column].astype(int).tolist() for column in ("sentence_id", "sentence_id_end", "start", "end")]
    return list(zip(quotes["article_id"].tolist(), *integers, _values_or_none(quotes["speaker"]),
                    _values_or_none(quotes["speaker_actor"])))


def _quote_spans_by_sentence(sentences: list[_Sentence],
                             quotes: Iterable[tuple[str, int, int, int, int, object, object]]
                             ) -> dict[tuple[str, int], list[tuple[int, int, object, object]]]:
    """Quote spans (start, end within the sentence, speaker, speaker_actor) over the given sentences, keyed by
    (article_id, sentence_id); `quotes` as from `_quote_fields`."""
    sentence_starts = {(sentence.article_id, sentence.sentence_id): sentence.start for sentence in sentences}
    spans: dict[tuple[str, int], list] = {}
    for article_id, first, last, start, end, speaker, actor in quotes:
        for sentence_id in range(first, last + 1):
            offset = sentence_starts.get((article_id, sentence_id))
            if offset is not None:
                spans.setdefault((article_id, sentence_id), []).append((start - offset, end - offset, speaker, actor))
    return spans


def _values_or_none(column: pd.Series) -> list:
    """The values of a column as a list, None where a value is missing."""
    return [value if present else None for value, present in zip(column.tolist(), column.notna().tolist())]


# --- summaries ---

def stance_matrix(stances: pd.DataFrame, *, include_quoted: bool = True,
                  target_kinds: Iterable[str] = ("issue", "actor", "unlisted")) -> pd.DataFrame:
    """Holder x target cells with net stance and counts, one row per cell (tidy; pivot it for a grid).

    Args:
        stances: the table from `extract_stances`.
        include_quoted: count statements found inside quotes and reported speech (attributed to a speaker).
        target_kinds: which kinds of target to keep ("issue", "actor", "unlisted").

    Returns:
        One row per (holder, target): holder, target, target_kind, support, oppose, neutral (negated
        opposition), statements, articles (distinct articles), net (support - oppose) and net_share
        (net / (support + oppose), rounded to 3 places; 0 when there is no signed statement); sorted by holder
        and target.
    """
    missing = [column for column in ("holder", "target", "target_kind", "stance", "article_id", "quoted")
               if column not in stances.columns]
    if missing:
        raise ValueError(f"stances: needs the columns of extract_stances; {missing} missing")
    unknown = set(target_kinds) - {"issue", "actor", "unlisted"}
    if unknown:
        raise ValueError(f"target_kinds: {sorted(unknown)} not among 'issue', 'actor', 'unlisted'")
    table = stances[stances["target_kind"].isin(list(target_kinds))]
    table = table if include_quoted else table[~table["quoted"]]
    if table.empty:
        return pd.DataFrame({column: pd.Series(dtype="int64" if column not in ("holder", "target", "target_kind",
                                                                               "net_share") else
                                               ("float64" if column == "net_share" else "str"))
                             for column in MATRIX_COLUMNS})
    cells = (table.assign(support=table["stance"].eq(1), oppose=table["stance"].eq(-1),
                          neutral=table["stance"].eq(0))
             .groupby(["holder", "target", "target_kind"], as_index=False)
             .agg(support=("support", "sum"), oppose=("oppose", "sum"), neutral=("neutral", "sum"),
                  statements=("stance", "size"), articles=("article_id", "nunique")))
    cells = cells.astype({column: "int64" for column in ("support", "oppose", "neutral", "statements", "articles")})
    cells["net"] = cells["support"] - cells["oppose"]
    signed = cells["support"] + cells["oppose"]
    cells["net_share"] = (cells["net"] / signed.where(signed > 0)).fillna(0.0).round(3)
    return cells[MATRIX_COLUMNS].sort_values(["holder", "target"], kind="stable").reset_index(drop=True)


def evidence(stances: pd.DataFrame, holder: str, target: str) -> pd.DataFrame:
    """The statements behind one cell of the matrix, in text order.

    Returns:
        article_id, sentence_id, stance, cue, holder_mention, target_mention, negated, quoted,
        attributed_to, sentence for every statement of `holder` about `target`.

    Raises:
        ValueError when the holder or the target does not occur in `stances` (names the unknown one).
    """
    for argument, column, value in (("holder", "holder", holder), ("target", "target", target)):
        if value not in set(stances[column]):
            raise ValueError(f"{argument}: {value!r} is not a {column} in these stances; "
                             f"known: {sorted(set(stances[column]))[:20]}")
    rows = stances[(stances["holder"] == holder) & (stances["target"] == target)]
    columns = ["article_id", "sentence_id", "stance", "cue", "holder_mention", "target_mention", "negated",
               "quoted", "attributed_to", "sentence"]
    return rows[columns].sort_values(["article_id", "sentence_id"], kind="stable").reset_index(drop=True)


def disagreements(matrix: pd.DataFrame, *, min_statements: int = 1) -> pd.DataFrame:
    """Targets on which holders take opposite sides (one net positive, another net negative).

    Args:
        matrix: from `stance_matrix`.
        min_statements: ignore cells with fewer signed statements than this.

    Returns:
        One row per (target, supporter, opponent): target, supporter, supporter_net, opponent, opponent_net,
        sorted by target, supporter and opponent.
    """
    signed = matrix[(matrix["support"] + matrix["oppose"]) >= min_statements]
    supporters = signed.loc[signed["net"] > 0, ["target", "holder", "net"]]
    opponents = signed.loc[signed["net"] < 0, ["target", "holder", "net"]]
    pairs = supporters.merge(opponents, on="target", suffixes=("_supporter", "_opponent"))
    pairs = pairs.rename(columns={"holder_supporter": "supporter", "net_supporter": "supporter_net",
                                  "holder_opponent": "opponent", "net_opponent": "opponent_net"})
    columns = ["target", "supporter", "supporter_net", "opponent", "opponent_net"]
    return pairs[columns].sort_values(["target", "supporter", "opponent"], kind="stable").reset_index(drop=True)


def strongest_cells(matrix: pd.DataFrame, *, n: int = 3) -> pd.DataFrame:
    """The `n` cells with the largest absolute net stance (ties: more statements first, then by name).

    Returns:
        The matrix rows of those cells, strongest first.
    """
    ranked = matrix.assign(strength=matrix["net"].abs())
    ranked = ranked.sort_values(["strength", "statements", "holder", "target"],
                                ascending=[False, False, True, True], kind="stable")
    return ranked.drop(columns="strength").head(n).reset_index(drop=True)


def evidence_for(stances: pd.DataFrame, cells: pd.DataFrame, *, per_cell: int | None = None) -> pd.DataFrame:
    """The statements behind several cells (e.g. from `strongest_cells`), cell by cell.

    Args:
        stances: from `extract_stances`.
        cells: rows with `holder` and `target` (e.g. from `strongest_cells`).
        per_cell: keep at most this many statements per cell (the first in text order); None keeps all.

    Returns:
        holder and target, then the columns of `evidence`, in the order of `cells`.
    """
    keys = cells[["holder", "target"]].drop_duplicates().assign(cell=lambda frame: range(len(frame)))
    rows = stances.merge(keys, on=["holder", "target"]).sort_values(["cell", "article_id", "sentence_id"],
                                                                     kind="stable")
    if per_cell is not None:
        rows = rows.groupby("cell", sort=False).head(per_cell)
    columns = ["holder", "target", "article_id", "sentence_id", "stance", "cue", "holder_mention", "target_mention",
               "negated", "quoted", "attributed_to", "sentence"]
    return rows[columns].reset_index(drop=True)


def unlisted_targets(stances: pd.DataFrame) -> pd.DataFrame:
    """Targets that are not in the codebook (generic nouns such as "plan" or "attack"): candidates for new issues.

    Returns:
        target, statements, holders (distinct), support, oppose; most frequent first, ties by name.
    """
    unlisted = stances[stances["target_kind"] == "unlisted"]
    counts = unlisted.groupby("target", as_index=False).agg(
        statements=("stance", "size"), holders=("holder", "nunique"),
        support=("stance", lambda values: int((values == 1).sum())),
        oppose=("stance", lambda values: int((values == -1).sum())))
    return counts.sort_values(["statements", "target"], ascending=[False, True], kind="stable").reset_index(drop=True)
