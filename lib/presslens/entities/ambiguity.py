"""What stays ambiguous, flagged rather than guessed: shared short forms, and codebook aliases the corpus contradicts.

Reasons, as written in the `reason` column of the ambiguity table:

- "shared surname": a short form that names two people of the corpus ("Carney": Jay and Mark Carney; "Kim": Kim
  Jong Un and Kim Yo Jong); each mention went to the person the same article names in full (see `matching`).
- "shared place name": a place name of a country and a US state ("Georgia").
- "codebook: another person": a codebook alias of a person that names someone else here: the article's full name
  differs ("Carney" of an article about Jay Carney, against the codebook's Mark Carney).
- "codebook: another affiliation": a codebook person's alias whose stated affiliation here differs from the
  codebook's ("White House spokesman Carney" against Mark Carney of Canada), when no full name says more.
- "codebook: not a person here": a codebook person's alias used for an organisation or place ("Kellogg").
- "codebook: outside its years": an alias of a codebook row with `from`/`to` years found in an article dated more
  than `YEARS_SLACK` year(s) outside them.
- "codebook alias inside a longer name": a codebook alias inside a longer discovered name, not at its start
  ("Democrats" in "Christian Democrats"): the mention belongs to the longer name. A name that opens with the
  alias ("U.S. Navy", "Russian Foreign Ministry") is the alias's own body and is not listed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

import pandas as pd

from presslens.entities.names import short_forms
from presslens.stance.codebook import Codebook
from presslens.stance.scan import ACTOR_EDGE, prefilter_pattern, rows_containing, scan, trie_pattern

AMBIGUITY_COLUMNS = ["reason", "alias", "entity", "other", "articles", "mentions", "example", "article_ids"]
YEARS_SLACK = 1
EXAMPLE_IDS = 5


def codebook_years(codebook: Codebook) -> dict[str, tuple[int | None, int | None]]:
    """Actor -> (from, to) years of the codebook rows that give them."""
    years = {}
    actors = codebook.actors
    for position in range(len(actors)):
        row = actors.iloc[position]
        start, end = (int(row[column]) if column in actors and str(row[column]).strip() else None
                      for column in ("from", "to"))
        if start is not None or end is not None:
            years[row["actor"]] = (start, end)
    return years


def codebook_actor_of(table: pd.DataFrame, codebook: Codebook) -> list[str]:
    """The codebook actor each entity is, by its name or an alias: for a person, a full-name alias, or a one-word
    name the codebook gives a person whom nothing here contradicts ("Obama")."""
    index = codebook.actor_index
    aliases_of_actor, kind_of, affiliation_of = _lookups(table, codebook)
    found = []
    for row in table.itertuples(index=False):
        aliases = [row.entity, *str(row.aliases).split("|")]
        if row.kind == "person":
            if " " not in row.entity and row.entity in index and index[row.entity]["actor_kind"] == "person":
                record = index[row.entity]
                conflict = person_conflict(row.entity, record["actor"], row.entity, kind_of, affiliation_of,
                                           aliases_of_actor, index)
                found.append("" if conflict else record["actor"])
                continue
            aliases = [alias for alias in aliases if " " in alias]
        found.append(next((index[alias]["actor"] for alias in aliases if alias in index), ""))
    return found


def flag(table: pd.DataFrame, *, mentions: pd.DataFrame, sentences: pd.DataFrame, dates: pd.Series,
         codebook: Codebook) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Flag the ambiguous entities of a `discover` table and list the cases.

    The codebook is checked against the discovered mentions themselves (a codebook alias that is a discovered
    alias is decided by the discovered entity), against the discovered aliases (a codebook alias inside a longer
    one), and, for rows with years, by matching their aliases in the sentences.

    Args:
        table: the entity table.
        mentions: the mentions of its entities: row (position in `sentences`), start, end, alias, entity.
        sentences: the sentence table the rows refer to.
        dates: article_id -> date.
        codebook: the stance codebook.

    Returns:
        (the table with `ambiguous`, `note` and `codebook_actor` filled, the ambiguity table: reason, alias,
        entity, other, articles, mentions, example (a sentence), article_ids (up to five, "|"-joined)).
    """
    table = table.copy()
    texts = sentences["text"].astype(str).tolist()
    article_of_row = sentences["article_id"].astype(str).tolist()
    cases: dict[tuple[str, str, str, str], list[int]] = defaultdict(list)  # (reason, alias, entity, other) -> rows
    pairs = mentions.groupby(["alias", "entity"], sort=False)["row"].agg(list)
    for (reason, alias, entity, other), rows in _shared_names(table, pairs):
        cases[(reason, alias, entity, other)].extend(rows)
    for (reason, alias, entity, other), rows in _codebook_cases(table, pairs, codebook):
        cases[(reason, alias, entity, other)].extend(rows)
    for key, rows in _period_cases(texts, article_of_row, mentions, dates, codebook).items():
        cases[key].extend(rows)
    listing = _listing(cases, texts, article_of_row)
    notes: dict[str, list[str]] = defaultdict(list)
    for case in listing.itertuples(index=False):
        if case.entity:
            notes[case.entity].append(f"{case.reason}: '{case.alias}' / {case.other} ({case.articles} articles)")
    for position, row in table.iterrows():
        found = notes.get(row["entity"])
        if found:
            table.at[position, "ambiguous"] = True
            table.at[position, "note"] = "; ".join(filter(None, [*found, row["note"]]))
    table["codebook_actor"] = codebook_actor_of(table, codebook)
    return table, listing


def _shared_names(table: pd.DataFrame, pairs: pd.Series):
    """Short forms shared by people, and place names shared by a country and a US state, with their mentions."""
    people_by_form: dict[str, list[str]] = defaultdict(list)
    owners: dict[str, list[str]] = defaultdict(list)
    for row in table.itertuples(index=False):
        aliases = str(row.aliases).split("|")
        for alias in aliases:
            owners[alias].append(row.entity)
        if row.kind == "person":
            for form in short_forms(row.entity):
                if form in aliases:
                    people_by_form[form].append(row.entity)
    shared = {form: names for form, names in people_by_form.items() if len(names) > 1}
    kind_of = dict(zip(table["entity"], table["kind"]))
    places = {alias: names for alias, names in owners.items() if len(names) > 1 and alias not in shared
              and all(kind_of[name] == "place/state" for name in names) and "(US state)" in " ".join(names)}
    for (alias, entity), rows in pairs.items():
        for by_name, reason in ((shared, "shared surname"), (places, "shared place name")):
            if alias in by_name and entity in by_name[alias]:
                yield (reason, alias, entity, ", ".join(name for name in by_name[alias] if name != entity)), rows


def _codebook_cases(table: pd.DataFrame, pairs: pd.Series, codebook: Codebook):
    """Codebook aliases whose discovered entity contradicts their codebook row, and codebook aliases inside a
    longer discovered alias (not at its start)."""
    records = codebook.actor_index
    aliases_of_actor, kind_of, affiliation_of = _lookups(table, codebook)
    pattern = codebook.actor_pattern
    for (alias, entity), rows in pairs.items():
        record = records.get(alias)
        if record is not None and record["actor_kind"] == "person":
            reason = person_conflict(entity, record["actor"], alias, kind_of, affiliation_of, aliases_of_actor,
                                      records)
            if reason:
                yield (reason, alias, entity, f"{record['actor']} (codebook)"), rows
        if " " in alias:
            for inner in pattern.finditer(alias):
                inside = records[inner.group("alias")]
                if inner.start() > 0 and entity != inside["actor"] and entity not in aliases_of_actor[inside["actor"]]:
                    reason = "codebook: another person" if inside["actor_kind"] == "person" \
                        and kind_of.get(entity) == "person" else "codebook alias inside a longer name"
                    yield (reason, inner.group("alias"), entity, f"{inside['actor']} (codebook)"), rows


def _period_cases(texts: Sequence[str], article_of_row: Sequence[str], mentions: pd.DataFrame, dates: pd.Series,
                  codebook: Codebook) -> dict[tuple[str, str, str, str], list[int]]:
    """Aliases of codebook rows with years found in articles dated outside them (with the discovered entity at
    the same place, if any)."""
    years = codebook_years(codebook)
    bound = {alias: record for alias, record in codebook.actor_index.items() if record["actor"] in years}
    cases: dict[tuple[str, str, str, str], list[int]] = defaultdict(list)
    if not bound or dates.isna().all():
        return cases
    pattern = re.compile(rf"(?P<alias>{trie_pattern(bound)})(?![\w’'])")
    rows = rows_containing(texts, range(len(texts)), prefilter_pattern(bound))
    found_at: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for row, start, end, entity in zip(mentions["row"], mentions["start"], mentions["end"], mentions["entity"]):
        found_at[row].append((start, end, entity))
    year_of = {article: (None if pd.isna(date) else pd.Timestamp(date).year) for article, date in dates.items()}
    for row, hits in scan(pattern, texts, rows, edge=ACTOR_EDGE).items():
        year = year_of.get(article_of_row[row])
        if year is None:
            continue
        for start, _, _, (alias,) in hits:
            actor = bound[alias]["actor"]
            if outside(year, years[actor]):
                start_year, end_year = years[actor]
                other = f"{actor} (codebook, {start_year or ''}-{end_year or ''})"
                entity = next((name for found_start, found_end, name in found_at.get(row, ())
                               if found_start <= start < found_end), "")
                cases[("codebook: outside its years", alias, entity, other)].append(row)
    return cases


def person_conflict(entity: str, actor: str, alias: str, kind_of: dict, affiliation_of: dict,
                    aliases_of_actor: dict, records: dict) -> str | None:
    """The reason a codebook person's alias names something else here, or None: an organisation or place, a
    person with another full name, or a person whose stated affiliation is not the codebook row's."""
    if entity == actor:
        return None
    if kind_of.get(entity) != "person":
        return "codebook: not a person here"
    if " " in entity and entity not in aliases_of_actor[actor]:
        return "codebook: another person"
    stated = affiliation_of.get(entity) or ""
    codebook_affiliation = records[alias]["affiliation"]
    if stated and stated != codebook_affiliation:
        stated_actor = records.get(stated, {}).get("affiliation", stated)
        if stated_actor != codebook_affiliation:
            return "codebook: another affiliation"
    return None


def outside(year: int, period: tuple[int | None, int | None]) -> bool:
    start, end = period
    return (start is not None and year < start - YEARS_SLACK) or (end is not None and year > end + YEARS_SLACK)


def _listing(cases: dict[tuple[str, str, str, str], list[int]], texts: Sequence[str],
             article_of_row: Sequence[str]) -> pd.DataFrame:
    records = []
    for (reason, alias, entity, other), rows in cases.items():
        articles = list(dict.fromkeys(article_of_row[row] for row in rows))
        records.append({"reason": reason, "alias": alias, "entity": entity, "other": other,
                        "articles": len(articles), "mentions": len(rows), "example": texts[rows[0]],
                        "article_ids": "|".join(articles[:EXAMPLE_IDS])})
    listing = pd.DataFrame(records, columns=AMBIGUITY_COLUMNS).astype({"articles": "int64", "mentions": "int64"})
    return listing.sort_values(["articles", "reason", "alias", "entity"], ascending=[False, True, True, True],
                               ignore_index=True)


def _lookups(table: pd.DataFrame, codebook: Codebook) -> tuple[dict[str, set[str]], dict[str, str], dict[str, str]]:
    """The codebook's aliases of each actor, and each discovered entity's kind and affiliation."""
    aliases_of_actor: dict[str, set[str]] = defaultdict(set)
    for alias, record in codebook.actor_index.items():
        aliases_of_actor[record["actor"]].add(alias)
    return (aliases_of_actor, dict(zip(table["entity"], table["kind"])),
            dict(zip(table["entity"], table["affiliation"])))
