"""Names the recogniser misses, spotted by rule in the sentences it reads, each only with a cue of its kind.

A small statistical recogniser misses names it has rarely seen ("Korean Peninsula", "House of Representatives",
"Barack Obama" where it only learnt "Obama"). These rules add candidates from the same sentences, and only when
something says what they are:

- a run of two or more capitalised words (joined by "of", "the", "and", "for" or a particle) seen at least
  `MIN_SPOTTED` times, whose head (last word, or the word before "of") is a kind word of
  `data/entity-kind-words.csv` ("Korean Peninsula", "House of Representatives"), or which follows a title
  ("President Barack Obama"), or opens with a known first name (of the nicknames file, or of a recognised
  person: "Barack" of "Barack Obama" when "Barack" opens a recognised name);
- "<name> administration", where the name is a recognised person's short form ("Trump administration");
- one capitalised word that is a kind word ("Congress", "Senate", "Treasury", "House"), when it stands alone
  mid-sentence at least `MIN_SPOTTED` times and at least twice as often as its lower-case form (so "Committee",
  also written "the committee", stays out).

They vote like the recogniser's labels (`LABEL`), one vote per occurrence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from presslens.entities.instruments import kind_words, nicknames
from presslens.entities.names import PARTICLES, parse_name, short_forms
from presslens.text.instruments import stopwords

MIN_SPOTTED = 2
_WORD = r"[A-Z][\w’'.&-]*"
_JOIN = r"(?:of|of the|for|de|del|da|von|van|der|bin|al)"
_RUN = re.compile(rf"(?<![\w’'.-]){_WORD}(?:\s+(?:{_JOIN}\s+)*{_WORD})*")
_ADMINISTRATION = re.compile(r"(?<![\w’'.-])([A-Z][\w’'-]+) administration\b")


def spot(texts: Iterable[str], *, people: set[str]) -> tuple[list[tuple[str, str]], set[str]]:
    """Names spotted by rule in `texts`, as (surface, label) pairs, one per occurrence, and the one-word names
    of institutions among them (which the discovery keeps although they are kind words).

    Args:
        texts: the sentences the recogniser read.
        people: full names the recogniser took for people (their first words count as first names, their
            short forms name administrations).
    """
    texts = list(texts)
    small = stopwords()
    kinds = kind_words()
    first_names = {word for pair in nicknames() for word in pair} | {name.split()[0] for name in people}
    surnames = {form for name in people for form in short_forms(name)}
    runs: Counter = Counter()
    singles: Counter = Counter()
    for text in texts:
        for match in _RUN.finditer(text):
            words = match.group().split()
            while words and words[0].lower() in small:  # "The Korean Peninsula", "But Obama"
                words = words[1:]
            while words and words[-1].lower() in small | {"of", "and", "for"}:
                words = words[:-1]
            if len(words) >= 2:
                runs[" ".join(words)] += 1
            elif len(words) == 1 and match.start() > 0 and words[0].rstrip(".,") in kinds:
                singles[words[0].rstrip(".,")] += 1
        for match in _ADMINISTRATION.finditer(text):
            if match.group(1) in surnames:
                runs[match.group()] += 1
    found: list[tuple[str, str]] = []
    for run, count in runs.items():
        if count < MIN_SPOTTED:
            continue
        label = _label(run, kinds, first_names)
        if label:
            found += [(run, label)] * count
    lower = Counter()
    if singles:
        pattern = re.compile(r"\b(" + "|".join(re.escape(word.lower()) for word in singles) + r")\b")
        for text in texts:
            lower.update(pattern.findall(text))
    institutions = set()
    for word, count in singles.items():
        if count >= MIN_SPOTTED and count >= 2 * lower[word.lower()]:
            found += [(word, kinds[word])] * count
            institutions.add(word)
    return found, institutions


LABEL = {"organisation": "organisation", "place/state": "place/state", "person": "person"}


def _label(run: str, kinds: dict[str, str], first_names: set[str]) -> str | None:
    """The kind a spotted run's cue gives it, or None when nothing says."""
    words = run.split()
    if words[-1] == "administration":
        return "organisation"
    head = words[words.index("of") - 1] if "of" in words[1:] else words[-1]
    if head in kinds:
        return kinds[head]
    parts = parse_name(run)
    name_words = parts.name.split()
    if parts.title and len(name_words) >= 2 and all(word not in kinds for word in name_words):
        return "person"
    if len(words) in (2, 3) and words[0] in first_names and all(word[:1].isupper() or word.lower() in PARTICLES
                                                                for word in words):
        return "person"
    return None
