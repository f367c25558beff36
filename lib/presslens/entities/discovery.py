"""Who is in this corpus: one row per person, organisation, place or group, with its aliases merged.

The steps, each with its own rule module:

1. names are recognised in the sentences (`recognise`: all sentences of a small corpus, a sample of a large one;
   `spotting` adds, by rule, names with a cue of their kind that the recogniser missed) and normalised (`names`:
   possessive, "the", titles off; `variants`: the variants file);
2. the places and groups tables add the names they know (`instruments`), and every name, its variant spellings
   and a person's short forms ("Putin", "Kim") are found in all sentences by string matching (`matching`), which
   also reads titles, stated affiliations, party tags and acronym definitions around them (`context`);
3. entities are merged: an acronym with the name it abbreviates (defined in the text, "North Atlantic Treaty
   Organization (NATO)", or the only name of the corpus with those initials; "U.N." and "UN" by their letters),
   and near-identical spellings (`variants.AUTOMATIC_RULE`, flagged in `merged_by`);
4. each entity gets its kind (`kinds`; places and groups tables: a party is an organisation, its caucus or a movement a
   group; then the words of `data/entity-kind-words.csv`, then the recogniser's votes, a title before a name
   counting twice for a person), its titles, the affiliation stated most often, and flags for what stays
   ambiguous (`ambiguity`).
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections import Counter, defaultdict

import numpy as np
import pandas as pd

from presslens.engine import collector_paused
from presslens.entities import ambiguity, checks, recognise as ner
from presslens.entities.instruments import groups, kind_words, places, title_words, variants
from presslens.entities.kinds import decide_kind, first_names
from presslens.entities.matching import AliasIndex, Known, Matches
from presslens.entities.people import furniture_names, merge_people
from presslens.entities.spotting import spot
from presslens.entities.names import (acronym_key, initials, is_title_word, looks_like_name, parse_name,
                                      short_forms)
from presslens.entities.variants import AUTOMATIC_RULE, automatic_merges, canonical_spelling
from presslens.stance.codebook import Codebook, default_codebook
from presslens.text.instruments import stopwords

ENTITY_COLUMNS = ["entity", "kind", "aliases", "mentions", "articles", "first_date", "last_date", "titles",
                  "affiliation", "affiliation_evidence", "ambiguous", "note", "merged_by", "codebook_actor"]
# words a recogniser tags as names that name nothing on their own: days, months, compass points
HOLIDAYS = frozenset({"New Year", "New Year's Day", "New Year's Eve", "Christmas Eve", "Christmas Day", "Thanksgiving",
                      "Easter", "Labor Day", "Memorial Day", "Independence Day", "Election Day", "Veterans Day"})
CALENDAR_WORDS = frozenset("""Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
May June July August September October November December Today Yesterday Tomorrow North South East West Northern
Southern Eastern Western""".split())
MAX_NAME_WORDS = 7
_GLUED = re.compile(r"[A-Z][a-z]{3,}[A-Z]")  # "MuellerSpeier": two names run together by page furniture


@dataclasses.dataclass
class Candidate:
    """A name the recogniser found, with what the spans said about it."""

    name: str
    votes: Counter = dataclasses.field(default_factory=Counter)
    surfaces: set = dataclasses.field(default_factory=set)
    titles: Counter = dataclasses.field(default_factory=Counter)
    affiliations: Counter = dataclasses.field(default_factory=Counter)


@dataclasses.dataclass
class Discovery:
    """Everything `discover` found: the entity table, the ambiguity table, the mentions it counted (row: position
    in `sentences`, start, end, alias, entity, possessive) and the sentence table, sorted, they refer to."""

    entities: pd.DataFrame
    ambiguities: pd.DataFrame
    mentions: pd.DataFrame
    sentences: pd.DataFrame


def discover(corpus: object, *, nlp: object | None = None, min_mentions: int = 2, min_articles: int = 1,
             codebook: Codebook | None = None, sample_words: int | None = ner.SAMPLE_WORDS,
             spans: pd.DataFrame | None = None, n_jobs: int | None = None) -> pd.DataFrame:
    """The people, organisations, places and groups a corpus names, one row each, aliases merged.

    Args:
        corpus: a Corpus (dates are read from its articles), a sentence table, a list of strings (one article
            each) or one string.
        nlp: a spaCy pipeline with an `ner` component (default: `recognise.load_nlp()`).
        min_mentions: entities mentioned fewer times are left out.
        min_articles: entities named in fewer articles are left out.
        codebook: the stance codebook its aliases are checked against (default: the project's).
        sample_words: how many words the recogniser reads of a large corpus (None: every sentence); see
            `presslens.entities.recognise`.
        spans: names already recognised (article_id, sentence_id, start, end, text, label), e.g. by the syntax
            stage: then the recogniser does not run.
        n_jobs: worker processes for the recogniser (default: all CPUs for a large sample).

    Returns:
        One row per entity, most mentioned first: entity (canonical name), kind (person, organisation,
        place/state, group), aliases (the names it goes by in the corpus, possessives and titles off, "|"-joined),
        mentions, articles, first_date, last_date, titles (roles seen before the name, most frequent first,
        "|"-joined), affiliation (the one stated most often: "Russian Foreign Minister" -> Russia, "R-Ariz." ->
        Republican Party), affiliation_evidence (the words that stated it, with counts), ambiguous (bool), note
        (why it is ambiguous, and automatic merges to check), merged_by (the aliases joined by a rule, by rule)
        and codebook_actor (the codebook actor with the same name, if any). `entities.ambiguities` lists the
        ambiguous cases with examples.

    Raises:
        ValueError: for an empty corpus.
    """
    return discover_all(corpus, nlp=nlp, min_mentions=min_mentions, min_articles=min_articles, codebook=codebook,
                        sample_words=sample_words, spans=spans, n_jobs=n_jobs).entities


@collector_paused
def discover_all(corpus: object, *, nlp: object | None = None, min_mentions: int = 2, min_articles: int = 1,
                 codebook: Codebook | None = None, sample_words: int | None = ner.SAMPLE_WORDS,
                 spans: pd.DataFrame | None = None, n_jobs: int | None = None,
                 timings: dict[str, float] | None = None) -> Discovery:
    """`discover`, returning the ambiguity table and the counted mentions as well (see `Discovery`).

    `timings`, when given, receives the wall seconds of each step: "recognise" (loading the recogniser
    included), "spot", "match" (string matching and context), "count" (merges and the entity table),
    "ambiguity".
    """
    clock = _Clock(timings)
    sentences = checks.sentence_table(corpus, caller="discover")
    dates = checks.article_dates(corpus, sentences)
    rows = ner.sample_rows(sentences, max_words=sample_words)
    if spans is None:
        spans = ner.recognise(sentences, rows, nlp=nlp, n_jobs=n_jobs)
    candidates = collect_candidates(spans)
    clock("recognise")
    people = {name for name, candidate in candidates.items()
              if " " in name and candidate.votes.most_common(1)[0][0] == "person"}
    spotted, institutions = spot(sentences["text"].astype(str).to_numpy()[rows], people=people)
    add_candidates(candidates, pd.DataFrame(spotted, columns=["text", "label"]), institutions=institutions)
    known, rules = known_entities(candidates, institutions=institutions)
    clock("spot")
    texts = sentences["text"].astype(str).tolist()
    article_of_row = sentences["article_id"].astype(str).to_numpy()
    matches = AliasIndex(known).find(texts, article_of_row.tolist())
    clock("match")
    joined = merge_acronyms(known, matches)
    target = merge_spellings(known, joined, matches, article_of_row)
    table = entity_table(known, target, joined, rules, matches, candidates, article_of_row, dates)
    table = table[(table["mentions"] >= min_mentions) & (table["articles"] >= min_articles)].reset_index(drop=True)
    mentions = mention_frame(matches, target, known, set(table["entity"]))
    clock("count")
    codebook = codebook if codebook is not None else default_codebook()
    table, ambiguities = ambiguity.flag(table, mentions=mentions, sentences=sentences, dates=dates,
                                        codebook=codebook)
    clock("ambiguity")
    if table.empty:
        checks.warn_no_entities(len(sentences))
    return Discovery(table, ambiguities, mentions, sentences)


class _Clock:
    """Records the wall seconds since the previous call under each step's name (nothing without a dict)."""

    def __init__(self, timings: dict[str, float] | None):
        self.timings, self.last = timings, time.perf_counter()

    def __call__(self, step: str) -> None:
        if self.timings is not None:
            now = time.perf_counter()
            self.timings[step] = self.timings.get(step, 0.0) + now - self.last
            self.last = now


def ambiguities(corpus: object, *, entities: pd.DataFrame | None = None, codebook: Codebook | None = None,
                nlp: object | None = None) -> pd.DataFrame:
    """What stays ambiguous in a corpus, with counts and an example sentence each (see
    `presslens.entities.ambiguity` for the reasons).

    Args:
        corpus: as for `discover`.
        entities: a `discover` table of this corpus (default: discovered now, which runs the name recogniser).
        codebook: the stance codebook (default: the project's).
        nlp: the spaCy pipeline for `discover` when `entities` is not given.

    Returns:
        One row per case: reason, alias, entity, other (the other entity or the codebook row), articles,
        mentions, example (a sentence), article_ids (up to five, "|"-joined); most articles first.
    """
    codebook = codebook if codebook is not None else default_codebook()
    if entities is None:
        return discover_all(corpus, nlp=nlp, codebook=codebook).ambiguities
    sentences = checks.sentence_table(corpus, caller="ambiguities")
    dates = checks.article_dates(corpus, sentences)
    found = AliasIndex(known_from_table(entities)).find(sentences["text"].astype(str).tolist(),
                                                         sentences["article_id"].astype(str).tolist(),
                                                         read_context=False)
    names = entities["entity"].tolist()
    mentions = pd.DataFrame({"row": found.rows, "start": found.starts, "end": found.ends, "alias": found.aliases,
                             "entity": [names[number] for number in found.entities]})
    return ambiguity.flag(entities, mentions=mentions, sentences=sentences, dates=dates, codebook=codebook)[1]


def collect_candidates(spans: pd.DataFrame) -> dict[str, Candidate]:
    """The recognised names, normalised (possessive, "the" and titles off, variants applied), with their votes.

    Junk is left out: names that do not look like names, stopwords and calendar words alone, names of more than
    `MAX_NAME_WORDS` words, a person's name with a repeated word or two names run together ("MuellerSpeier").
    """
    candidates: dict[str, Candidate] = {}
    add_candidates(candidates, spans)
    return candidates


def add_candidates(candidates: dict[str, Candidate], spans: pd.DataFrame, *,
                   institutions: set[str] = frozenset()) -> None:
    """Add the names of `spans` (text, label) to `candidates` (see `collect_candidates`); `institutions` are
    one-word names kept although they are title or kind words ("Senate", "House": see `spotting`)."""
    affiliation_words = _gazetteer_affiliations()
    small = stopwords()
    for text, label in zip(spans["text"].astype(str), spans["label"].astype(str)):
        if label != "person" and _titled_name(text):
            label = "person"  # "Foreign Minister Ri Yong Ho" taken for an organisation
        person = label == "person"
        for piece in _compound_parts(text, affiliation_words):
            parts = parse_name(piece, person=person, is_affiliation=affiliation_words.__contains__)
            surface = parts.name
            if surface not in institutions and not _usable(surface, person=person, small=small):
                continue
            name = canonical_spelling(surface)
            candidate = candidates.setdefault(name, Candidate(name))
            candidate.votes[label] += 1
            candidate.surfaces.add(surface)
            if parts.title:
                candidate.titles[parts.title] += 1
            if parts.affiliation:
                candidate.affiliations[parts.affiliation] += 1


def _titled_name(text: str) -> bool:
    """A span that opens with a title and goes on with two or more capitalised words, none a kind word."""
    parts = parse_name(text)
    words = parts.name.split()
    return bool(parts.title) and len(words) >= 2 and not any(word in kind_words() for word in words)


def _compound_parts(text: str, known: set[str]) -> list[str]:
    """A span of places joined by hyphens ("U.S.-North Korea", "Russia-Ukraine") as its parts, when every part
    is a place or group of the tables; any other span as it is ("Guinea-Bissau", "Mar-a-Lago")."""
    if "-" not in text or text in known:
        return [text]
    parts = [part.strip() for part in re.split(r"(?<=[\w.])-(?=[A-Z])", text)]
    if len(parts) > 1 and all(part in known for part in parts):
        return parts
    return [text]


def _usable(name: str, *, person: bool, small: frozenset[str]) -> bool:
    words = name.split()
    if not looks_like_name(name) or len(words) > MAX_NAME_WORDS or len(name) > 60:
        return False
    if len(words) == 1 and (name.lower() in small or name in CALENDAR_WORDS or len(name) < 2):
        return False
    if name in HOLIDAYS or name.replace("’", "'") in HOLIDAYS:
        return False
    if person and (len(set(words)) < len(words) or any(_GLUED.search(word) for word in words)):
        return False
    return True


def _gazetteer_affiliations() -> set[str]:
    names = set()
    for place in places():
        names.update((place.place, *place.aliases, *place.adjectives, *place.capitals))
    for group in groups():
        names.update(group.aliases)
    return names


def gazetteer_entities() -> list[tuple[Known, dict[str, str]]]:
    """The places (with a city entity for each capital) and groups of the tables, with the rule of each alias."""
    found = []
    for place in places():
        rules = {alias: "places table" for alias in (*place.aliases, *place.adjectives)}
        rules.update({capital: "capital (government)" for capital in place.capitals})
        found.append((Known(place.place, "place/state", (place.place, *place.aliases, *place.adjectives,
                                                         *place.capitals), gazetteer=True), rules))
        if place.capitals:
            city = canonical_spelling(place.capitals[0])
            found.append((Known(city, "place/state", tuple(dict.fromkeys((city, *place.capitals))), gazetteer=True),
                          {capital: "variants file" for capital in place.capitals if capital != city}))
    for group in groups():
        aliases = list(group.aliases)
        aliases += [alias[0].upper() + alias[1:] for alias in group.aliases if alias[:1].islower()]
        found.append((Known(group.group, group.kind, tuple(dict.fromkeys(aliases)), gazetteer=True),
                      {alias: "groups table" for alias in aliases if alias != group.group}))
    return found


def spellings(name: str) -> list[str]:
    """`name` and its variant spellings from the variants file ("Kyiv" -> "Kiev"; "Viktor Yanukovych" ->
    "Viktor Yanukovich", ...), at most one word changed at a time."""
    reverse: dict[str, list[str]] = defaultdict(list)
    for variant, canonical in variants().items():
        reverse[canonical].append(variant)
    found = [name, *reverse.get(name, [])]
    words = name.split(" ")
    if len(words) > 1:
        for index, word in enumerate(words):
            for variant in reverse.get(word, []):
                if " " not in variant:
                    found.append(" ".join([*words[:index], variant, *words[index + 1:]]))
    return list(dict.fromkeys(found))


def known_entities(candidates: dict[str, Candidate], *, institutions: set[str] = frozenset()
                   ) -> tuple[list[Known], list[dict[str, str]]]:
    """The entities string matching looks for, with the rule that joined each alias.

    Recognised names that the places or groups tables know join those entries; a one-word name that is the
    short form of recognised people joins them (decided per mention, `matching`); every person's short forms
    and every name's variant spellings are added as aliases.
    """
    known: list[Known] = []
    rules: list[dict[str, str]] = []
    owner: dict[str, int] = {}
    for entity, alias_rules in gazetteer_entities():
        number = len(known)
        known.append(entity)
        rules.append(alias_rules)
        for alias in entity.aliases:
            owner.setdefault(alias, number)
    kinds = {name: decide_kind(name, candidate.votes, titled=sum(candidate.titles.values()))
             for name, candidate in candidates.items()}
    people = {name for name, kind in kinds.items() if kind == "person" and " " in name and name not in owner}
    not_names = _not_names() - set(institutions)
    junk = _junk_names(kinds, people, owner)
    short = {form for name in people - junk for form in short_forms(name) if form not in not_names}
    for name, candidate in sorted(candidates.items()):
        if name in owner or any(surface in owner for surface in candidate.surfaces):
            continue  # a place or group of the tables
        if " " not in name and (name in short or name in not_names):
            continue  # a short form, counted for the people it abbreviates; or a title or kind word alone
        if name in junk:
            continue
        aliases = [*spellings(name), *sorted(candidate.surfaces)]
        alias_rules = {alias: "variants file" for alias in aliases if alias != name}
        if kinds[name] == "person":
            for form in short_forms(name):
                if form in not_names:
                    continue
                aliases.append(form)
                alias_rules[form] = "surname" if form != name.split()[0] else "family name"
        known.append(Known(name, kinds[name], tuple(dict.fromkeys(aliases))))
        rules.append(alias_rules)
    return known, rules


def _junk_names(kinds: dict[str, str], people: set[str], gazetteer: dict[str, int]) -> set[str]:
    """Recognised names that are no entity of their own (`known_entities` leaves them out):

    - page furniture running names together (`people.furniture_names`);
    - a person's name with one or two capitalised words before another person's full name ("EU Gordon
      Sondland"): string matching finds the full name inside it;
    - a person's name ending with a place adjective, a group's name or an acronym ("Arizona Republican");
    - a first name alone ("John", "Hunter": the first word of a recognised person, or a name of the nicknames
      file), unless it is also someone's short form;
    - a US state's abbreviation ("Calif.", from party tags) and a family's plural ("the Bidens");
    - a name that is not a person's and ends with a first name ("Ukraine William": a span across two names).
    """
    junk = furniture_names(people)
    firsts = {name.split()[0] for name in people} | first_names()
    shorts = {form for name in people for form in short_forms(name)}
    abbreviations = {abbreviation for place in places() for abbreviation in place.abbreviations}
    gazetteer_words = {alias for alias in gazetteer if " " not in alias and (alias.isupper() or alias[:1].isupper())}
    place_names = {place.place for place in places()} | {alias for place in places() for alias in place.aliases}
    ending_words = (gazetteer_words - place_names) | {alias for alias in gazetteer if alias.isupper()}
    for name, kind in kinds.items():
        words = name.split()
        if kind == "person" and len(words) > 1:
            if words[-1] in ending_words:
                junk.add(name)
            elif any(" ".join(words[cut:]) in people for cut in (1, 2) if cut < len(words) - 1):
                junk.add(name)
        elif len(words) == 1:
            if (name in firsts and name not in shorts) or name in abbreviations \
                    or (name.endswith("s") and name[:-1] in shorts):
                junk.add(name)
        elif words[-1] in firsts and words[-1] not in shorts:
            junk.add(name)
    return junk


def _not_names() -> set[str]:
    """Words that are no name on their own: title and kind words, stopwords and calendar words, capitalised."""
    words = {word.capitalize() for word in title_words()} | set(kind_words()) | CALENDAR_WORDS
    return words | {word.capitalize() for word in stopwords()}


def merge_acronyms(known: list[Known], matches: Matches) -> dict[int, tuple[int, str]]:
    """Acronyms to merge with the name they stand for, once mentions are counted: the name defined with it in the
    text ("North Atlantic Treaty Organization (NATO)"), else the only multi-word name (not a person) with those
    initials; dotted and plain forms ("U.N.", "UN") join each other in any case.

    Returns:
        {entity: (the entity it joins, rule)}.
    """
    mentions = Counter(matches.entities)
    by_initials: dict[str, list[int]] = defaultdict(list)
    by_key: dict[str, list[int]] = defaultdict(list)
    for number in mentions:
        entity = known[number]
        key = initials(entity.name)
        if key and entity.kind != "person":
            by_initials[key].append(number)
        key = acronym_key(entity.name)
        if key and not entity.gazetteer:
            by_key[key].append(number)
    defined: dict[str, Counter] = defaultdict(Counter)
    for number, key in matches.acronyms:
        defined[key][number] += 1
    joined: dict[int, tuple[int, str]] = {}
    for key, numbers in by_key.items():
        numbers.sort(key=lambda number: (-mentions[number], known[number].name))
        if defined.get(key):
            target, rule = defined[key].most_common(1)[0][0], "acronym (defined in the text)"
        elif len(by_initials.get(key, [])) == 1:
            target, rule = by_initials[key][0], "acronym (initials)"
        else:
            target, rule = numbers[0], "acronym (dots)"
        for number in numbers:
            if number != target:
                joined[number] = (target, rule)
    return joined


def merge_spellings(known: list[Known], joined: dict[int, tuple[int, str]], matches: Matches,
                    article_of_row: np.ndarray) -> np.ndarray:
    """Apply the acronym merges and merge near-identical spellings (`variants.AUTOMATIC_RULE`, added to
    `joined`).

    Returns:
        For each entity number, the number of the entity it is counted for.
    """
    target = np.arange(len(known))
    for number, (into, _) in joined.items():
        target[number] = into
    per_entity: dict[int, list] = defaultdict(lambda: [0, set()])
    for number, row in zip(matches.entities, matches.rows):
        entry = per_entity[int(target[number])]
        entry[0] += 1
        entry[1].add(article_of_row[row])
    curated = {entity.name for entity in known if entity.gazetteer} | set(variants()) | set(variants().values())
    number_of = {known[number].name: number for number in per_entity}
    automatic = automatic_merges({known[number].name: (known[number].kind, count, articles)
                                  for number, (count, articles) in per_entity.items()}, curated=curated)
    for name, into in automatic.items():
        target[number_of[name]] = number_of[into]
        joined[number_of[name]] = (number_of[into], "one edit (automatic)")
    while not np.array_equal(target[target], target):
        target = target[target]
    people = {}
    for number, (count, _) in per_entity.items():
        if known[number].kind == "person" and target[number] == number and " " in known[number].name:
            people[known[number].name] = people.get(known[number].name, 0) + count
    for name, into in merge_people(people).items():
        target[number_of[name]] = number_of[into]
        joined[number_of[name]] = (number_of[into], "same person")
    while not np.array_equal(target[target], target):  # chains of merges
        target = target[target]
    return target


def mention_frame(matches: Matches, target: np.ndarray, known: list[Known], entities: set[str]) -> pd.DataFrame:
    """The mentions of the entities kept: row, start, end, alias, entity, possessive."""
    names = [known[int(number)].name for number in target[np.asarray(matches.entities, dtype="int64")]] \
        if matches.entities else []
    frame = pd.DataFrame({"row": matches.rows, "start": matches.starts, "end": matches.ends,
                          "alias": matches.aliases, "entity": names, "possessive": matches.possessive})
    return frame[frame["entity"].isin(entities)].reset_index(drop=True)


def entity_table(known: list[Known], target: np.ndarray, joined: dict[int, tuple[int, str]],
                 rules: list[dict[str, str]], matches: Matches, candidates: dict[str, Candidate],
                 article_of_row: np.ndarray, dates: pd.Series) -> pd.DataFrame:
    """Count each entity's mentions, articles, dates, aliases, titles and affiliation, after the merges."""
    entity_of = target[np.asarray(matches.entities, dtype="int64")] if matches.entities else np.zeros(0, "int64")
    rows_of = np.asarray(matches.rows, dtype="int64")
    frame = pd.DataFrame({"number": entity_of, "article_id": article_of_row[rows_of] if len(rows_of) else [],
                          "alias": matches.aliases})
    frame["date"] = pd.to_datetime(dates.reindex(frame["article_id"]).to_numpy()) if len(frame) \
        else pd.Series([], dtype="datetime64[ns]")
    counts = frame.groupby("number").agg(mentions=("alias", "size"), articles=("article_id", "nunique"),
                                         first_date=("date", "min"), last_date=("date", "max"))
    by_alias = frame.groupby(["number", "alias"]).size().reset_index(name="count")
    by_alias = by_alias.sort_values(["number", "count", "alias"], ascending=[True, False, True])
    aliases_of = by_alias.groupby("number")["alias"].agg(list)
    stated = _stated_by_entity(matches, target, known)
    members_of: dict[int, list[int]] = defaultdict(list)
    for member, number in enumerate(target.tolist()):
        members_of[number].append(member)
    rows = []
    for number, count in zip(counts.index.tolist(), counts.itertuples(index=False)):
        entity = known[number]
        members = members_of[number]
        aliases = aliases_of[number]
        titles, affiliations, evidence = stated.get(number, (Counter(), Counter(), Counter()))
        votes = Counter()
        for member in members:
            candidate = candidates.get(known[member].name)
            if candidate is not None:
                titles.update(candidate.titles)
                votes.update(candidate.votes)
        titled = sum(count for title, count in titles.items() if title)
        kind = entity.kind if entity.gazetteer else decide_kind(entity.name, votes, titled=titled)
        affiliation, affiliation_evidence = _affiliation(affiliations, evidence, known)
        rows.append({
            "entity": entity.name, "kind": kind, "aliases": "|".join(aliases), "mentions": count.mentions,
            "articles": count.articles, "first_date": count.first_date, "last_date": count.last_date,
            "titles": "|".join(title for title, _ in titles.most_common() if title),
            "affiliation": affiliation, "affiliation_evidence": affiliation_evidence,
            "ambiguous": False, "note": "",
            "merged_by": _merged_by(number, members, known, joined, rules, set(aliases)), "codebook_actor": "",
        })
    table = pd.DataFrame(rows, columns=ENTITY_COLUMNS)
    automatic_notes = {known[number].name for number, (_, rule) in joined.items() if rule == "one edit (automatic)"}
    for position, row in table.iterrows():
        flagged = [alias for alias in row["aliases"].split("|") if alias in automatic_notes]
        if flagged:
            table.at[position, "note"] = "automatic merge, check: " + ", ".join(flagged)
    table = table.astype({"mentions": "int64", "articles": "int64", "ambiguous": "bool"})
    return table.sort_values(["mentions", "entity"], ascending=[False, True], ignore_index=True)


def _stated_by_entity(matches: Matches, target: np.ndarray, known: list[Known]
                      ) -> dict[int, tuple[Counter, Counter, Counter]]:
    """Per entity: titles, affiliations (entity numbers, merged) and the words that stated them, counted."""
    stated: dict[int, tuple[Counter, Counter, Counter]] = {}
    for number, _, title, affiliation, written, words in matches.stated:
        titles, affiliations, evidence = stated.setdefault(int(target[number]), (Counter(), Counter(), Counter()))
        if title:
            titles[title] += 1
        if affiliation >= 0:
            affiliation = int(target[affiliation])
            affiliations[affiliation] += 1
            evidence[(affiliation, words)] += 1
    return stated


def _affiliation(affiliations: Counter, evidence: Counter, known: list[Known]) -> tuple[str, str]:
    """The affiliation stated most often (ties: by name), and the words that stated it with their counts."""
    if not affiliations:
        return "", ""
    best = min(affiliations, key=lambda number: (-affiliations[number], known[number].name))
    words = [(phrase, count) for (number, phrase), count in evidence.most_common() if number == best][:3]
    others = sum(count for number, count in affiliations.items() if number != best)
    text = "; ".join(f"{phrase} ({count})" for phrase, count in words)
    if others:
        text += f"; other affiliations stated {others} times"
    return known[best].name, text


def _merged_by(number: int, members: list[int], known: list[Known], joined: dict[int, tuple[int, str]],
               rules: list[dict[str, str]], seen: set[str]) -> str:
    """The aliases joined by a rule, grouped by rule ("surname: Putin; variants file: Kiev")."""
    by_rule: dict[str, list[str]] = defaultdict(list)
    for member in members:
        for alias, rule in rules[member].items():
            if alias in seen and alias not in by_rule[rule]:
                by_rule[rule].append(alias)
        if member != number and member in joined:
            rule = joined[member][1]
            for alias in known[member].aliases:
                if alias in seen and alias not in by_rule[rule]:
                    by_rule[rule].append(alias)
    return "; ".join(f"{rule}: {', '.join(aliases)}" for rule, aliases in sorted(by_rule.items()) if aliases)


def known_from_table(table: pd.DataFrame) -> list[Known]:
    """The entities of a `discover` table, for string matching (`matching.AliasIndex`)."""
    gazetteer = {place.place for place in places()} | {group.group for group in groups()}
    gazetteer |= {capital for place in places() for capital in place.capitals}
    known = []
    for row in table.itertuples(index=False):
        aliases = [alias for alias in str(row.aliases).split("|") if alias]
        known.append(Known(row.entity, row.kind, tuple(aliases), int(row.mentions), row.entity in gazetteer))
    return known


__all__ = ["AUTOMATIC_RULE", "ENTITY_COLUMNS", "Discovery", "discover", "discover_all", "is_title_word"]
