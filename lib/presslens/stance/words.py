"""The word lists of the stance rules.

Closed-class words (prepositions, determiners, possessive pronouns) are constants here. The open-class lists a
researcher may extend are files in `data/` (see `data/README.md`), read once per process by the functions below.
"""

from __future__ import annotations

from functools import cache

from presslens.text.instruments import word_list

PREPOSITIONS = frozenset("""in at on to with against about into toward towards over between after before during
than like including despite under across within without through for via near among of from upon beyond
behind amid around regarding""".split())
DETERMINERS = frozenset("the a an this that these those any such no every each another".split())
POSSESSIVE_PRONOUNS = frozenset("its their his her our my".split())


def group_heads() -> frozenset[str]:
    """Nouns naming an actor's own people ("officials", "ministry"): `data/stance-group-heads.txt`."""
    return word_list("stance-group-heads.txt")


def generic_nouns() -> frozenset[str]:
    """Nouns that refer back to an issue ("proposal", "plan"): `data/stance-generic-nouns.txt`."""
    return word_list("stance-generic-nouns.txt")


def light_verbs() -> frozenset[str]:
    """Verb forms that take a noun cue as object ("issued", "voiced"): `data/stance-light-verbs.txt`."""
    return word_list("stance-light-verbs.txt")


@cache
def newspaper_words() -> tuple[str, ...]:
    """Words that after an actor alias name a newspaper ("Post", "Times"), as written:
    `data/stance-newspaper-words.txt`."""
    return tuple(sorted(word_list("stance-newspaper-words.txt", lower=False)))


def speaker_titles() -> frozenset[str]:
    """Titles taken off the front of a speaker's name ("Minister", "Sen"), as written: `data/speaker-titles.txt`."""
    return word_list("speaker-titles.txt", lower=False)


def quote_abbreviations() -> frozenset[str]:
    """Abbreviations whose full stop never ends the sentence before a quote ("Sen", "Jan"), as written:
    `data/quote-abbreviations.txt`."""
    return word_list("quote-abbreviations.txt", lower=False)


def speech_without_that() -> frozenset[str]:
    """Speech verb forms that report speech without "that" ("said", "told"): `data/speech-without-that.txt`."""
    return word_list("speech-without-that.txt")
