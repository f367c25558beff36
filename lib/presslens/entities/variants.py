"""Spelling variants: the researcher's file (`data/entity-variants.csv`) and conservative automatic merging.

The file decides first: "Kiev" is "Kyiv" wherever it stands, "Al Qaeda" is "al-Qaeda" as a whole name. Then two
names the file does not know are merged automatically only when all of these hold (`AUTOMATIC_RULE`):

1. they are of the same kind and have the same number of words, and differ in exactly one word;
2. in that word both spellings have at least 6 letters, start with the same letter, and are one edit apart (one
   letter changed, added or dropped, or two neighbours swapped: "Yanukovich"/"Yanukovych", "Sergei"/"Sergey");
3. no article names both (a writer who uses both spellings in one text means two names);
4. neither is a name of the curated tables (places, groups, codebook, variants file).

The rarer spelling joins the more frequent one (ties: the first in alphabetical order), and each such merge is
reported, so `discover` can flag it in `merged_by`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping

from presslens.entities.instruments import variants

AUTOMATIC_RULE = ("same kind and word count, one word differing by one edit (change, insertion, deletion or "
                  "swap of neighbours), both spellings of that word at least 6 letters with the same first "
                  "letter, never both in one article")
MIN_LETTERS = 6


def canonical_spelling(name: str, mapping: Mapping[str, str] | None = None) -> str:
    """`name` with the variants file applied: a whole-name variant, else each one-word variant inside it."""
    mapping = variants() if mapping is None else mapping
    if name in mapping:
        return mapping[name]
    words = name.split(" ")
    if len(words) == 1:
        return name
    replaced = [mapping.get(word, word) if " " not in mapping.get(word, "") else word for word in words]
    return " ".join(replaced)


def one_edit_apart(first: str, second: str) -> bool:
    """Whether two different strings are one edit apart (substitution, insertion, deletion or adjacent swap)."""
    if first == second or abs(len(first) - len(second)) > 1:
        return False
    if len(first) == len(second):
        differ = [index for index, (a, b) in enumerate(zip(first, second)) if a != b]
        if len(differ) == 1:
            return True
        return (len(differ) == 2 and differ[1] == differ[0] + 1
                and first[differ[0]] == second[differ[1]] and first[differ[1]] == second[differ[0]])
    shorter, longer = sorted((first, second), key=len)
    index = next((i for i, (a, b) in enumerate(zip(shorter, longer)) if a != b), len(shorter))
    return shorter[index:] == longer[index + 1:]


def automatic_merges(names: Mapping[str, tuple[str, int, Collection[str]]], *, curated: Collection[str] = ()
                     ) -> dict[str, str]:
    """Near-identical names to merge by `AUTOMATIC_RULE`.

    Args:
        names: name -> (kind, mentions, the article ids it occurs in).
        curated: names of the curated tables, never merged automatically.

    Returns:
        {rarer name: the name it joins}, the target being the most frequent name of each merged set.
    """
    curated = set(curated)
    by_frame: dict[tuple, list[tuple[str, str]]] = defaultdict(list)
    for name, (kind, _, _) in names.items():
        if name in curated:
            continue
        words = name.split(" ")
        for index, word in enumerate(words):
            if sum(char.isalpha() for char in word) >= MIN_LETTERS:
                by_frame[(kind, len(words), index, tuple(words[:index]), tuple(words[index + 1:]))].append((word, name))
    parent: dict[str, str] = {}

    def root(name: str) -> str:
        while parent.get(name, name) != name:
            name = parent[name]
        return name

    for members in by_frame.values():
        if len(members) < 2:
            continue
        members.sort()
        for position, (word, name) in enumerate(members):
            for other_word, other in members[position + 1:]:
                if word[0] != other_word[0] or not one_edit_apart(word, other_word):
                    continue
                if set(names[name][2]) & set(names[other][2]):
                    continue
                first, second = root(name), root(other)
                if first != second:
                    keep, join = sorted((first, second), key=lambda n: (-names[n][1], n))
                    parent[join] = keep
    return {name: root(name) for name in parent}
