"""The word lists of the stance rules.

Closed-class words (prepositions) are constants here. The open-class lists a researcher may extend are files
in `data/` (see `data/README.md`), read once per process by the functions below.
"""

from __future__ import annotations

from functools import cache

from presslens.text.instruments import word_list

PREPOSITIONS = frozenset("""in at on to with against about into toward towards over between after before during
than like including despite under across within without through for via near among of from upon beyond
behind amid around regarding""".split())


@cache
def newspaper_words() -> tuple[str, ...]:
    """Words that after an actor alias name a newspaper ("Post", "Times"), as written:
    `data/stance-newspaper-words.txt`."""
    return tuple(sorted(word_list("stance-newspaper-words.txt", lower=False)))


def speaker_titles() -> frozenset[str]:
    """Titles and ranks taken off the front of a person's name ("Minister", "Sen"), as written:
    `data/speaker-titles.txt`."""
    return word_list("speaker-titles.txt", lower=False)


def is_speaker_title(word: str) -> bool:
    """Whether a word, with or without its dot, is one of `speaker_titles` ("Sen.", "Mr")."""
    return word.rstrip(".") in speaker_titles()


def speaker_nouns() -> frozenset[str]:
    """Nouns that describe a quote's speaker by role or relation and never refer back to a named actor ("the
    prosecutor said", "her father wrote"): `data/speaker-nouns.txt`."""
    return word_list("speaker-nouns.txt")
