"""Direct quotes and reported speech, with their speakers: who said it, in which words, with which verb.

A reader told "the speaker of this quote is wrong" finds the rules here: attribution after the quote
(`after_inverted`, `after`), before it (`_attribution_before`), continuation of the previous speaker, and
reported speech ("X said (that) ...", "as X remarked, ...", "according to X, ..."). A speaker's words are
resolved to a name, a description and a codebook actor by `_described_speaker`.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import re

import pandas as pd

from presslens.engine import collector_paused
from presslens.stance.codebook import Codebook, default_codebook
from presslens.stance.scan import EDGE_CHARACTER, WORD_EDGE, scan
from presslens.stance.words import quote_abbreviations, speaker_titles, speech_without_that
from presslens.text.inputs import as_sentences
from presslens.text.instruments import stopwords

QUOTE_COLUMNS = ["article_id", "sentence_id", "sentence_id_end", "kind", "speaker", "speaker_mention",
                 "speaker_description", "speaker_actor", "cue", "quote", "continuation", "start", "end"]
# greedy runs: the class stops at the closing mark, so they end where lazy ones would, and cost less
_QUOTE = re.compile(r"“(?P<curly>[^“”\n]{1,3000})”|\"(?P<straight>[^\"\n]{1,3000})\"")
_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Sir|Lord|Dame)[.\u2024]?\s+")
_CAPITALISED_RUN = re.compile(
    r"(?:(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Sir)[.\u2024]?\s+)?[A-Z][\w’'\u2024-]+"
    r"(?:\s+(?:(?:de|van|von|der|bin|al|la|le)\s+)?[A-Z][\w’'\u2024-]+)*")
_MASKED_DOT = "\u2024"
# the end of a sentence: what follows the last one is the sentence a text ends with (the full stop is taken too,
# rather than looked behind for, so that the regex engine skips to the next [.!?] instead of trying every position)
_SENTENCE_BREAK = re.compile(r"[.!?]\s+")
_PARENTHETICAL = re.compile(r"\s*\([^()\n]{1,30}\)")
_PASSIVE_REPORTING = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_SENTENCE_OPENER = r"(?:But|And|The|He|She|It|They|We|I|In|On|At|A|An|This|That|His|Her|Their|Yet|So)\b"
_HONORIFIC_ANYWHERE = re.compile(r"(?:^|(?<=\s))(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov)[.\u2024]?(?=\s|$)")
_NP = r"(?P<who>(?:[\w’'.\u2024-]+\s+){0,5}?[\w’'.\u2024-]+?)"
_APPOSITIVE = r"(?:,\s*(?P<app>[^,“”\"]{2,80}),)?"
_ADVERBS = r"(?:(?:\w+ly|further|also|later|again|then|once)\s+){0,2}"
_RELATIVE_CLAUSE_START = re.compile(r"\s+(?:who|which|that|whose)\b")
_AFFILIATION_PREPOSITION = re.compile(r"\s+(from|of|at|with|in|for)\s+")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


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
        "speech": re.compile(rf"{WORD_EDGE}(?:{speech})(?![\w-])"),
        "speech_scan": re.compile(rf"{EDGE_CHARACTER}(?:{speech})(?![\w-])"),  # for `scan`
        # \b[Aa]s..., with the left edge checked after the first letter, so that the pattern opens with a class
        # (see the note on `presslens.stance.mentions._PERSON_PRONOUN`)
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
    return stopwords() - {"of", "for", "from", "on", "at"}


@functools.cache
def _abbreviation_stop() -> re.Pattern:
    """The full stop of an abbreviation ("Sen.", "U.S.", "R."), for `_mask`.

    The words are those of `data/quote-abbreviations.txt`; dotted capitals ("U.S.", "R.") need no list. The regex
    starts at the full stop, which the engine finds fast, and looks back for the word, with one look-behind per
    word length (a look-behind has a fixed width).
    """
    words = sorted(quote_abbreviations(), key=len)
    return re.compile(
        r"\.(?:" + "|".join(rf"(?<=\b(?:{'|'.join(group)})\.)" for _, group in itertools.groupby(words, key=len))
        + r"|(?<=\b[A-Z]\.)(?=[A-Z]\.|,|\s+[A-Z]))")


def _mask(text: str) -> str:
    """Replace the full stop of abbreviations ("Sen.", "U.S.", "R.") by a look-alike, keeping every offset."""
    return _abbreviation_stop().sub(_MASKED_DOT, text)


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
            while len(words) > 1 and (words[0].rstrip(".") in speaker_titles() or words[0] in codebook.actor_index):
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
    verbs_by_sentence = scan(patterns["speech_scan"], lowered, range(len(lowered)), edge=WORD_EDGE,
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
                if content_part and not content_part.group("that") and verb not in speech_without_that():
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
    codebook = codebook or default_codebook()
    table = pd.DataFrame(quote_records(as_sentences(source), codebook), columns=QUOTE_COLUMNS)
    return table.astype({"sentence_id": "int64", "sentence_id_end": "int64", "continuation": "bool",
                         "start": "int64", "end": "int64"})


def quote_records(sentences: pd.DataFrame, codebook: Codebook, *,
                  reported_until: dict[str, int] | None = None) -> list[dict]:
    """The rows of `extract_quotes`, as dicts; `reported_until` maps an article to the last sentence id in which
    reported speech is needed (see `_quote_rows`)."""
    rows = []
    for article_id, (body, starts, ids) in _article_texts(sentences).items():
        until = reported_until.get(article_id) if reported_until is not None else None
        rows.extend(_quote_rows(article_id, body, starts, ids, codebook, reported_until=until))
    return rows
