"""The tables in `data/` that the entity rules read: places, groups, spelling variants, kind words, family names.

Each is a `#`-commented CSV a researcher edits (see `data/README.md`); each is read and checked once per process,
and a bad row stops with an error naming the file and the row. The word list of titles is shared with quote
attribution (`data/speaker-titles.txt`, through `presslens.stance.words.speaker_titles`).
"""

from __future__ import annotations

import dataclasses
import functools

import pandas as pd

from presslens import config
from presslens.stance.words import speaker_titles
from presslens.text.instruments import read_table

PLACES_FILE = "places.csv"
GROUPS_FILE = "entity-groups.csv"
VARIANTS_FILE = "entity-variants.csv"
KIND_WORDS_FILE = "entity-kind-words.csv"
FAMILY_NAMES_FILE = "entity-family-names.csv"
NICKNAMES_FILE = "entity-nicknames.csv"

PLACE_TYPES = frozenset({"country", "territory", "region", "us-state"})
KINDS = ("person", "organisation", "place/state", "group")
# Honorifics are split off a name like titles but are not roles: they never enter the `titles` column.
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "madam", "mme"})


@dataclasses.dataclass(frozen=True)
class Place:
    """One row of `data/places.csv`."""

    place: str
    type: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]
    capitals: tuple[str, ...]
    abbreviations: tuple[str, ...]


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


@functools.cache
def places() -> tuple[Place, ...]:
    """The rows of `data/places.csv`, checked: known types, and each name, adjective or capital in one row only
    (a place name shared by a country and a US state excepted, see the file's header).

    Raises:
        ValueError: naming the file and the row.
    """
    path = config.instrument(PLACES_FILE)
    table = read_table(path, ["place", "type", "aliases", "adjectives", "capital", "abbreviations"],
                       what="places table")
    rows, owner = [], {}
    for row in table.itertuples(index=False):
        where = f"{path}, place {row.place!r}"
        if row.type not in PLACE_TYPES:
            raise ValueError(f"{where}: type {row.type!r} is not one of {sorted(PLACE_TYPES)}")
        place = Place(row.place, row.type, _split(row.aliases), _split(row.adjectives), _split(row.capital),
                      _split(row.abbreviations))
        names = [place.place, *place.aliases]
        for name in (*names, *place.adjectives, *place.capitals):
            if name in owner and owner[name].place != place.place:
                other = owner[name]
                shared_name = name in names and name in (other.place, *other.aliases) \
                    and {other.type, place.type} == {"country", "us-state"}
                if not shared_name:
                    raise ValueError(f"{where}: {name!r} is also given for {other.place!r}")
            owner.setdefault(name, place)
        rows.append(place)
    return tuple(rows)


@dataclasses.dataclass(frozen=True)
class Group:
    """One row of `data/entity-groups.csv`."""

    group: str
    kind: str
    tag: str
    aliases: tuple[str, ...]


@functools.cache
def groups() -> tuple[Group, ...]:
    """The rows of `data/entity-groups.csv` (parties, caucuses, movements, collectives), each alias in one row
    only.

    Raises:
        ValueError: naming the file and the row.
    """
    path = config.instrument(GROUPS_FILE)
    table = read_table(path, ["group", "kind", "tag", "aliases"], what="groups table")
    rows, owner = [], {}
    for row in table.itertuples(index=False):
        aliases = _split(row.aliases)
        if not aliases:
            raise ValueError(f"{path}, group {row.group!r}: no aliases")
        if row.kind not in ("organisation", "group"):
            raise ValueError(f"{path}, group {row.group!r}: kind must be organisation or group, not {row.kind!r}")
        for alias in aliases:
            if owner.setdefault(alias, row.group) != row.group:
                raise ValueError(f"{path}, group {row.group!r}: alias {alias!r} is also given for {owner[alias]!r}")
        rows.append(Group(row.group, row.kind, row.tag, aliases))
    return tuple(rows)


@functools.cache
def variants() -> dict[str, str]:
    """`data/entity-variants.csv` as {variant: canonical}.

    Raises:
        ValueError: naming the file and the row of a variant given twice or a canonical name that is a variant.
    """
    path = config.instrument(VARIANTS_FILE)
    table = read_table(path, ["variant", "canonical"], what="variants file")
    mapping: dict[str, str] = {}
    for row in table.itertuples(index=False):
        if not row.variant or not row.canonical or row.variant == row.canonical:
            raise ValueError(f"{path}, variant {row.variant!r}: needs a variant and a different canonical name")
        if mapping.setdefault(row.variant, row.canonical) != row.canonical:
            raise ValueError(f"{path}: variant {row.variant!r} is given for {mapping[row.variant]!r} and "
                             f"{row.canonical!r}")
    chained = sorted(set(mapping) & set(mapping.values()))
    if chained:
        raise ValueError(f"{path}: {chained} are both variants and canonical names; give the final name")
    return mapping


@functools.cache
def kind_words() -> dict[str, str]:
    """`data/entity-kind-words.csv` as {word: kind}."""
    path = config.instrument(KIND_WORDS_FILE)
    table = read_table(path, ["word", "kind"], what="kind words file")
    bad = table.loc[~table["kind"].isin(["organisation", "place/state"])]
    if len(bad):
        raise ValueError(f"{path}, word {bad.iloc[0]['word']!r}: kind must be organisation or place/state")
    return dict(zip(table["word"], table["kind"]))


@functools.cache
def family_names() -> dict[str, bool]:
    """`data/entity-family-names.csv` as {family name: whether two plain words suffice}."""
    path = config.instrument(FAMILY_NAMES_FILE)
    table = read_table(path, ["family_name", "two_words"], what="family names file")
    if not table["two_words"].isin(["", "yes"]).all():
        raise ValueError(f"{path}: two_words must be 'yes' or empty")
    return dict(zip(table["family_name"], table["two_words"].eq("yes")))


@functools.cache
def nicknames() -> frozenset[tuple[str, str]]:
    """`data/entity-nicknames.csv` as a set of (nickname, name) pairs."""
    path = config.instrument(NICKNAMES_FILE)
    table = read_table(path, ["nickname", "name"], what="nicknames file")
    if (table["nickname"].eq("") | table["name"].eq("")).any():
        raise ValueError(f"{path}: every row needs a nickname and a name")
    return frozenset(zip(table["nickname"], table["name"]))


@functools.cache
def title_words() -> frozenset[str]:
    """The title words of `data/speaker-titles.txt`, lower case (entities match them in any case)."""
    return frozenset(word.lower() for word in speaker_titles())


def places_table() -> pd.DataFrame:
    """`data/places.csv` as a table (one row per place), for display."""
    return pd.DataFrame([dataclasses.asdict(place) for place in places()])
