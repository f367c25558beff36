"""Held-out check of `presslens.entities.discover` against two coders (issue 17's acceptance): `make evaluate-entities`.

Usage: python tools/evaluate_entities.py [--corpora NAME ...] [--write]

Reads the entity gold set (`presslens/evaluation/goldsets/entities-news/`: small AllSides corpora nobody here had
read, each article coded by two coders following its GUIDELINES.md) and the articles' texts from the shared data
(`../shared`, or PRESSLENS_SHARED_DIR). `--write` stores the figures, never any text, in the gold set's
`results-entities.csv`, which notebook 03 shows.

What is measured, and the rules used:

1. Coder agreement, per article: two codings of one article name the same entity when their canonical names are
   equal once case, spaces, dots and hyphens are ignored ("Kim Jong-un" = "Kim Jong Un"), or, failing that, when
   they share a surface form; F1 over all articles (matches counted once, micro-averaged), and Cohen's kappa on
   the kind of the matched entities.
2. The human list: the codings of both coders, across articles, grouped into entities by the same rule (canonical
   name, else a shared form). Its main actors are the entities named in at least 3 articles by either coder (the
   union); the top 20 are the main actors ranked by articles, then by codings. An entity's kind is the one most
   codings give (ties: either counts as right); its affiliation the one most codings give, when any does.
3. `discover` runs on the corpus with its defaults. A human entity is found when a discovered entity has one of
   its forms as an alias (forms normalised as discover normalises names: possessive, "the" and titles off); the
   discovered entity that holds most of its forms is its match (apostrophes compared as "'"). Aliases merged
   right: the share of the human forms (normalised, distinct) that this one discovered entity holds; the forms
   it misses are printed. Kind right: the match's kind is the human kind. Affiliation right (where the humans
   gave one): the match's affiliation is it, or one of its aliases is.
4. Precision@20: of discover's 20 most mentioned entities, the share that are entities of the human list (any
   coder, any article), and the share that are its main actors.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
import warnings
from collections import Counter

import pandas as pd

import presslens
from presslens import entities
from presslens.entities.names import clean_surface, parse_name
from presslens.evaluation import entity_gold

MAIN_ACTOR_ARTICLES = 3
TOP = 20


def key(name: str) -> str:
    return re.sub(r"[\s.\-’']", "", name).lower()


def normalised_forms(forms: list[str], kind: str) -> set[str]:
    found = set()
    for form in forms:
        name = parse_name(form, person=kind == "person").name if kind == "person" else clean_surface(form)[0]
        if name:
            found.add(name.replace("’", "'"))  # the cleaner may have straightened the text's apostrophes
    return found


def match(first: list[dict], second: list[dict]) -> list[tuple[int, int]]:
    """One-to-one pairs of codings naming the same entity: equal canonical keys first, then a shared form."""
    pairs, used = [], set()
    for rule in ("name", "form"):
        for i, a in enumerate(first):
            if any(i == p for p, _ in pairs):
                continue
            for j, b in enumerate(second):
                if j in used:
                    continue
                same = key(a["entity"]) == key(b["entity"]) if rule == "name" else \
                    bool(set(a.get("forms", [])) & set(b.get("forms", [])))
                if same:
                    pairs.append((i, j))
                    used.add(j)
                    break
    return pairs


def kappa(first: list[str], second: list[str]) -> float:
    n = len(first)
    if not n:
        return float("nan")
    observed = sum(a == b for a, b in zip(first, second)) / n
    count_a, count_b = Counter(first), Counter(second)
    expected = sum(count_a[label] * count_b[label] for label in set(first) | set(second)) / n / n
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def agreement(coder_a: dict, coder_b: dict) -> dict:
    matched = total_a = total_b = 0
    kinds_a, kinds_b = [], []
    for article in sorted(set(coder_a) & set(coder_b)):
        a, b = coder_a[article], coder_b[article]
        pairs = match(a, b)
        matched += len(pairs)
        total_a += len(a)
        total_b += len(b)
        kinds_a += [a[i]["kind"] for i, _ in pairs]
        kinds_b += [b[j]["kind"] for _, j in pairs]
    return {"articles": len(set(coder_a) & set(coder_b)), "entities_a": total_a, "entities_b": total_b,
            "matched": matched, "f1": 2 * matched / (total_a + total_b) if total_a + total_b else float("nan"),
            "kind_kappa": kappa(kinds_a, kinds_b)}


def human_entities(coder_a: dict, coder_b: dict) -> list[dict]:
    """The codings of both coders grouped into entities (canonical key, else a shared form)."""
    groups: list[dict] = []
    by_key: dict[str, int] = {}
    by_form: dict[str, int] = {}
    for coder, codings in (("A", coder_a), ("B", coder_b)):
        for article, listed in codings.items():
            for coding in listed:
                forms = set(coding.get("forms", []))
                number = by_key.get(key(coding["entity"]))
                if number is None:
                    number = next((by_form[form] for form in forms if form in by_form), None)
                if number is None:
                    number = len(groups)
                    groups.append({"names": Counter(), "kinds": Counter(), "affiliations": Counter(),
                                   "forms": set(), "articles": set(), "codings": 0})
                group = groups[number]
                group["names"][coding["entity"]] += 1
                group["kinds"][coding["kind"]] += 1
                if coding.get("affiliation"):
                    group["affiliations"][coding["affiliation"]] += 1
                group["forms"] |= forms
                group["articles"].add(article)
                group["codings"] += 1
                by_key.setdefault(key(coding["entity"]), number)
                for form in forms:
                    by_form.setdefault(form, number)
    for group in groups:
        group["entity"] = group["names"].most_common(1)[0][0]
        best = max(group["kinds"].values())
        group["kind_set"] = {kind for kind, count in group["kinds"].items() if count == best}
        group["kind"] = sorted(group["kind_set"])[0]
        group["affiliation"] = group["affiliations"].most_common(1)[0][0] if group["affiliations"] else ""
    return groups


def evaluate(corpus_name: str) -> tuple[dict, pd.DataFrame]:
    """The figures of one coded corpus (see the module docstring) and its table of the human top 20."""
    coder_a, coder_b = entity_gold.codings("a", corpus_name), entity_gold.codings("b", corpus_name)
    figures = {"corpus": corpus_name, **agreement(coder_a, coder_b)}
    people = human_entities(coder_a, coder_b)
    main = [group for group in people if len(group["articles"]) >= MAIN_ACTOR_ARTICLES]
    main.sort(key=lambda group: (-len(group["articles"]), -group["codings"], group["entity"]))
    top = main[:TOP]
    with tempfile.TemporaryDirectory() as folder:
        corpus = presslens.read_corpus(entity_gold.write_corpus(folder, corpus_name))
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = entities.discover(corpus)
    figures["discover_seconds"] = round(time.perf_counter() - started, 1)
    aliases = [set(str(row).replace("’", "'").split("|")) | {name}
               for row, name in zip(found["aliases"], found["entity"])]
    rows = []
    for group in top:
        forms = normalised_forms(sorted(group["forms"]), group["kind"])
        holding = [(len(forms & alias_set), -found.at[number, "mentions"], number)
                   for number, alias_set in enumerate(aliases) if forms & alias_set or
                   key(found.at[number, "entity"]) == key(group["entity"])]
        row = {"human_entity": group["entity"], "articles": len(group["articles"]), "kind": group["kind"],
               "affiliation": group["affiliation"], "forms": len(forms), "found": bool(holding)}
        if holding:
            best = max(holding)[2]
            entity = found.loc[best]
            row.update({"discovered": entity["entity"], "merged": len(forms & aliases[best]) / len(forms) if forms
                        else 1.0, "missed_forms": "|".join(sorted(forms - aliases[best])),
                        "kind_right": entity["kind"] in group["kind_set"],
                        "discovered_kind": entity["kind"], "discovered_affiliation": entity["affiliation"]})
            if group["affiliation"]:
                human = key(group["affiliation"])
                affiliation_aliases = next((alias_set for number, alias_set in enumerate(aliases)
                                            if found.at[number, "entity"] == entity["affiliation"]), set())
                row["affiliation_right"] = key(entity["affiliation"]) == human or any(
                    key(alias) == human for alias in affiliation_aliases)
        else:
            row.update({"discovered": "", "merged": 0.0, "kind_right": False})
        rows.append(row)
    table = pd.DataFrame(rows)
    all_forms = [normalised_forms(sorted(group["forms"]), group["kind"]) | {group["entity"]} for group in people]
    main_forms = [normalised_forms(sorted(group["forms"]), group["kind"]) | {group["entity"]} for group in main]

    def in_list(number: int, listed: list[set[str]]) -> bool:
        return any(aliases[number] & forms or key(found.at[number, "entity"]) in {key(f) for f in forms}
                   for forms in listed)

    top_found = list(range(min(TOP, len(found))))
    figures.update({
        "human_entities": len(people), "main_actors": len(main), "top": len(top),
        "found": table["found"].mean(), "aliases_merged": table["merged"].mean(),
        "kind_right": table["kind_right"].mean(),
        "affiliation_right": table["affiliation_right"].dropna().astype(bool).mean()
        if "affiliation_right" in table else float("nan"),
        "affiliations_given": int(table["affiliation_right"].notna().sum()) if "affiliation_right" in table else 0,
        "precision_at_20_listed": sum(in_list(n, all_forms) for n in top_found) / len(top_found),
        "precision_at_20_main": sum(in_list(n, main_forms) for n in top_found) / len(top_found),
        "discovered": len(found),
    })
    figures["top20_discovered"] = [(found.at[n, "entity"], found.at[n, "kind"], in_list(n, all_forms))
                                   for n in top_found]
    return figures, table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", nargs="+", choices=entity_gold.corpora(), default=entity_gold.corpora())
    parser.add_argument("--write", action="store_true", help="store the figures in the gold set's folder")
    args = parser.parse_args(argv)
    pd.set_option("display.width", 200)
    pd.set_option("display.max_colwidth", 40)
    summaries = []
    for corpus_name in args.corpora:
        figures, table = evaluate(corpus_name)
        print(f"\n== {figures['corpus']}: {figures['articles']} articles coded by both coders")
        print(f"coder agreement: F1 {figures['f1']:.3f} ({figures['matched']} matched of {figures['entities_a']} "
              f"and {figures['entities_b']} codings), kappa on kind {figures['kind_kappa']:.3f}")
        print(f"human list: {figures['human_entities']} entities, {figures['main_actors']} main actors "
              f"(in >= {MAIN_ACTOR_ARTICLES} articles); discover: {figures['discovered']} entities in "
              f"{figures['discover_seconds']} s")
        print(table.to_string(index=False))
        print(f"top {figures['top']} human entities: found {figures['found']:.2f}, aliases merged "
              f"{figures['aliases_merged']:.2f}, kind right {figures['kind_right']:.2f}, affiliation right "
              f"{figures['affiliation_right']:.2f} (of {figures['affiliations_given']} given)")
        print(f"discover's top 20: precision {figures['precision_at_20_listed']:.2f} against the human list, "
              f"{figures['precision_at_20_main']:.2f} against its main actors")
        for name, kind, listed in figures.pop("top20_discovered"):
            print(f"   {'+' if listed else '-'} {name} ({kind})")
        summaries.append(figures)
    if args.write:
        results = pd.DataFrame(summaries).drop(columns="discover_seconds").round(3)
        results.to_csv(entity_gold.GOLDSET_DIR / entity_gold.RESULTS, index=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
