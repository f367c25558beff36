"""Finding every mention of known names in every sentence, and deciding which entity each one names.

All aliases are compiled into one case-sensitive pattern (a trie, `presslens.stance.scan`), with an optional
possessive, and matched in all sentences after an RE2 prefilter, as the codebook's aliases are. The longest
alias wins where several start at one place, and a name inside a longer one is not matched ("Democrats" in
"Christian Democrats"). An alias that several entities share is decided per mention (`AliasIndex.resolve`):

- a short form shared by people ("Carney": Jay and Mark Carney; "Kim": Kim Jong Un and Kim Yo Jong) goes to the
  person whose full name the same article uses (if several, the one the corpus names most), else to the place or
  group of that name if there is one ("Jordan"), else to the person the corpus names most;
- a capital goes to its city after a preposition of place, else to its state (`presslens.entities.context`);
- a place name of a country and a US state ("Georgia") goes to the US state when the article names more US states
  than other countries, else to the country;
- any other shared alias goes to the entity with the most mentions.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from presslens.entities import context
from presslens.entities.instruments import places
from presslens.entities.names import is_title_word, short_forms
from presslens.stance.scan import ACTOR_EDGE, scan, trie_pattern

AFFILIATION_KINDS = frozenset({"place/state", "organisation", "group"})


@dataclasses.dataclass(frozen=True)
class Known:
    """What the index needs to know of one entity."""

    name: str
    kind: str
    aliases: tuple[str, ...]
    mentions: int = 0
    gazetteer: bool = False  # from the places or groups table


@dataclasses.dataclass
class Matches:
    """The mentions found: parallel lists, one item per mention, in table order; plus what their context says."""

    rows: list[int] = dataclasses.field(default_factory=list)
    starts: list[int] = dataclasses.field(default_factory=list)
    ends: list[int] = dataclasses.field(default_factory=list)
    entities: list[int] = dataclasses.field(default_factory=list)
    aliases: list[str] = dataclasses.field(default_factory=list)
    possessive: list[bool] = dataclasses.field(default_factory=list)
    # (entity, row, title, affiliation entity or -1, affiliation as written, evidence)
    stated: list[tuple[int, int, str, int, str, str]] = dataclasses.field(default_factory=list)
    acronyms: list[tuple[int, str]] = dataclasses.field(default_factory=list)  # (entity, acronym key) defined


class AliasIndex:
    """Every alias of a list of entities, and how a shared alias is decided (see the module docstring)."""

    def __init__(self, known: Sequence[Known]):
        self.known = list(known)
        owners: dict[str, list[int]] = defaultdict(list)
        for number, entity in enumerate(self.known):
            for alias in dict.fromkeys(_with_apostrophes(entity.aliases)):
                owners[alias].append(number)
        self.fixed: dict[str, int] = {}
        self.surnames: dict[str, tuple[list[int], int]] = {}  # alias -> (people, fallback)
        self.capitals: dict[str, tuple[int, int]] = {}  # alias -> (state, city)
        self.shared_places: dict[str, tuple[int, int]] = {}  # alias -> (country, US state)
        capital_of = {capital: place.place for place in places() for capital in place.capitals}
        place_type = {place.place: place.type for place in places()}
        for alias, numbers in owners.items():
            if len(numbers) == 1:
                self.fixed[alias] = numbers[0]
                continue
            by_name = {self.known[number].name: number for number in numbers}
            people = [number for number in numbers if self.known[number].kind == "person"
                      and alias in short_forms(self.known[number].name)]
            state = by_name.get(capital_of.get(alias, ""))
            if state is not None and len(numbers) == 2:
                self.capitals[alias] = (state, next(number for number in numbers if number != state))
            elif people:
                others = [number for number in numbers if number not in people]
                self.surnames[alias] = (people, others[0] if others else -1)
            elif len(numbers) == 2 and {place_type.get(self.known[n].name) for n in numbers} == {"country", "us-state"}:
                country, us_state = sorted(numbers, key=lambda n: place_type[self.known[n].name] != "country")
                self.shared_places[alias] = (country, us_state)
            else:
                self.fixed[alias] = max(numbers, key=lambda number: self.known[number].mentions)

    @functools.cached_property
    def pattern(self) -> re.Pattern:
        """One case-sensitive regex for every alias, with an optional possessive (as the codebook's)."""
        return re.compile(rf"(?P<alias>{trie_pattern(self.all_aliases)})(?P<poss>['’]s?(?!\w))?(?![\w’'])")

    @functools.cached_property
    def all_aliases(self) -> list[str]:
        return sorted({*self.fixed, *self.surnames, *self.capitals, *self.shared_places})

    @functools.cached_property
    def affiliation_names(self) -> dict[str, int]:
        """Phrases that state an affiliation in front of a name: the fixed aliases of places, organisations and
        groups; a phrase made of title words only ("House", "Senate") only when it is a place or group."""
        names = {}
        for alias, number in self.fixed.items():
            entity = self.known[number]
            if entity.kind not in AFFILIATION_KINDS:
                continue
            if entity.gazetteer or not all(is_title_word(word) for word in alias.split()):
                names[alias] = number
        for alias, (state, _) in self.capitals.items():
            names[alias] = state
        return names

    def is_affiliation(self, phrase: str) -> bool:
        return phrase in self.affiliation_names

    def find(self, texts: Sequence[str], article_ids: Sequence[str], *, read_context: bool = True) -> Matches:
        """Every mention in `texts` (sorted by article), each decided for one entity.

        Args:
            texts: sentence texts, grouped by article in reading order.
            article_ids: the article of each text.
            read_context: read titles, affiliations and acronym definitions around the mentions of people and
                organisations.
        """
        matches = Matches()
        if not self.all_aliases:
            return matches
        # no RE2 prefilter (`rows_containing`) here: three news sentences in four name something, so it costs
        # more than it saves (on the 840-article subset, 0.5 s of CPU to leave out a quarter of a 0.6 s scan)
        hits = scan(self.pattern, texts, range(len(texts)), edge=ACTOR_EDGE)
        by_article: dict[str, list[int]] = defaultdict(list)
        fixed = self.fixed
        self.dominance = Counter(fixed[alias] for row_hits in hits.values() for _, _, _, (alias, _) in row_hits
                                 if alias in fixed)
        for row in sorted(hits):
            by_article[article_ids[row]].append(row)
        for article_rows in by_article.values():
            self._resolve_article(texts, article_rows, hits, matches, read_context)
        return matches

    def _resolve_article(self, texts: Sequence[str], article_rows: list[int], hits: dict, matches: Matches,
                         read_context: bool) -> None:
        present: Counter = Counter()
        for row in article_rows:
            for _, _, _, (alias, _) in hits[row]:
                if alias in self.fixed:
                    present[self.fixed[alias]] += 1
        us_states = countries = 0
        for number, count in present.items():
            kind = _place_types().get(self.known[number].name)
            if kind == "us-state":
                us_states += count
            elif kind == "country" and self.known[number].name != "United States":
                countries += count
        for row in article_rows:
            text = texts[row]
            for start, end, _, (alias, possessive) in hits[row]:
                number = self.fixed.get(alias)
                if number is None:
                    number = self._decide(alias, text, start, present, us_states > countries)
                matches.rows.append(row)
                matches.starts.append(start)
                matches.ends.append(end)
                matches.entities.append(number)
                matches.aliases.append(alias)
                matches.possessive.append(bool(possessive))
                if read_context and self.known[number].kind in ("person", "organisation"):
                    self._read_context(number, row, text, start, end, alias, matches)

    dominance: Counter = Counter()  # fixed-alias mentions of each entity in the corpus last matched

    def _decide(self, alias: str, text: str, start: int, present: Counter, mostly_us: bool) -> int:
        if alias in self.surnames:
            people, fallback = self.surnames[alias]
            named = [number for number in people if present[number]]
            if named:
                return max(named, key=lambda number: (self.dominance[number], self.known[number].mentions))
            if fallback >= 0:
                return fallback
            return max(people, key=lambda number: (self.dominance[number], self.known[number].mentions))
        if alias in self.capitals:
            state, city = self.capitals[alias]
            return city if context.is_locative(text, start) else state
        if alias in self.shared_places:
            country, us_state = self.shared_places[alias]
            return us_state if mostly_us else country
        raise KeyError(alias)

    def _read_context(self, number: int, row: int, text: str, start: int, end: int, alias: str,
                      matches: Matches) -> None:
        entity = self.known[number]
        if entity.kind == "person":
            after = end + (1 if text.startswith(("'s", "’s"), end) else 0)
            found = []
            if context.may_state_before(text, start):
                found.append(context.stated_before(text, start, is_affiliation=self.is_affiliation))
            if after < len(text) and text[after] in ",( ":
                found.append(context.party_tag_after(text, after))
                if text[after] == ",":
                    found.append(context.apposition_after(text, after, is_affiliation=self.is_affiliation))
            for stated in found:
                if stated is not None:
                    affiliation = self.affiliation_names.get(stated.affiliation, -1) if stated.affiliation else -1
                    if affiliation == -1 and stated.affiliation:
                        affiliation = self._group_number(stated.affiliation)
                    matches.stated.append((number, row, stated.title, affiliation, stated.affiliation,
                                           stated.evidence))
        elif " " in alias:
            acronym = context.acronym_after(text, end)
            if acronym:
                matches.acronyms.append((number, acronym))

    def _group_number(self, name: str) -> int:
        for number, entity in enumerate(self.known):
            if entity.name == name:
                return number
        return -1


@functools.cache
def _place_types() -> dict[str, str]:
    return {place.place: place.type for place in places()}


def _with_apostrophes(aliases: Iterable[str]) -> list[str]:
    """The aliases, each with its apostrophes also written the other way ("People's" and "People’s")."""
    found = []
    for alias in aliases:
        found.append(alias)
        if "'" in alias:
            found.append(alias.replace("'", "’"))
        elif "’" in alias:
            found.append(alias.replace("’", "'"))
    return found


def person_alias_forms(name: str) -> list[str]:
    """A person's full name and its short forms, the aliases string matching looks for."""
    return [name, *short_forms(name)]


def unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
