"""Direct quotes and reported speech, with their speakers, read from the dependency parse.

A newcomer told "the speaker of this quote is wrong" reads this file. A direct quote is a passage in double
quotation marks (or doubled single ones, ‘‘ ’’; in a headline, single ones, as headline style has them) of four
words or more (shorter ones are scare quotes, titles and terms); a closing mark whose opening one was lost in the
scrape closes a quote from its paragraph's or sentence's start (`presslens.stance.articles.quote_passages`). Its
speaker is found by the first of these rules that applies (`rule` column):

1. **speech verb** — a speech verb of `data/stance-cues.csv` outside the quote, in a sentence the quote starts
   or ends in, nearest to it: its subject is the speaker ("'...,' he said." / "Smith said: '...'" /
   "'...,' said Smith, a spokesman."). Also when the attribution stands between two halves of a quote, or in
   the sentence after a quote that is a sentence of its own and says whose words they were ("'....' That's
   what Boehner had to say."). A finite speech verb the parser left without a subject takes the name right
   before it.
2. **according to** — "according to X" in those sentences; **name and colon** — a quote opened by a name and
   a colon, as headlines and transcripts write it ("Pompeo: 'We continue to make progress'"); **dash** — a
   quote signed by a dash and a name after it, as round-ups and epigraphs write it ('"...." — Greisa Martinez
   Rosas to HuffPost').
3. **introduction** — the sentence before the quote ends with a colon and has a speech verb ("Smith told
   reporters:").
4. **governing cue** — a quote worked into the phrase of a stance or labelling verb ("condemned the attack,
   calling it a 'heinous attack'"; "denounced the ad as 'misleading'"): the verb's subject chose the words.
5. **continuation** — the quote has no attribution of its own and follows, within two sentences, a quote or
   reported speech whose speaker is known: news writing continues a speaker's words so, over sentences and
   paragraphs; failing those, a speech verb with no reported clause or a labelling verb ("Washington warned the
   nation of the danger of political factions. | '...'"; "Scalia called it folly to divide Americans. | '...'").

The speaker's words are resolved in `presslens.stance.speakers` (a speaker named wrongly from the right words is
fixed there): a name, a pronoun ("he said" -> the speaker just before, or the person named last), a definite
description ("the senator"). Words that name no one in particular ("a senior official") are kept as
`speaker_description`, with no `speaker`. An unattributed quote is one where no rule
applies. **Reported speech** is a speech verb with a clause as its complement, outside any quote ("McCain
said the rollout was a fiasco"): `kind` "reported", its content the clause.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import pandas as pd

from presslens.engine import collector_paused

from presslens.stance.articles import SINGLE_QUOTED, ArticleView, SentenceView, article_views
from presslens.stance.clauses import MAX_CLIMB, RELATIVE_PRONOUNS, first_child, name_before, subject_of
from presslens.stance.codebook import Codebook, default_codebook
from presslens.stance.frames import DASHES, Frame, frame_text, make_frame
from presslens.stance.cues import Lexicon, lemma_candidates
from presslens.stance.resolution import PERSON_KINDS, Resolved
from presslens.stance.speakers import outside_quotes, resolve_speaker, speaker_of
from presslens.stance.words import is_speaker_title
from presslens.text import syntax
from presslens.text.inputs import as_sentences

if TYPE_CHECKING:   # spaCy is imported where a sentence is parsed (presslens.text.syntax), not here
    from spacy.tokens import Doc, Token

QUOTE_COLUMNS = ["article_id", "sentence_id", "sentence_id_end", "kind", "speaker", "speaker_mention",
                 "speaker_description", "speaker_actor", "cue", "quote", "continuation", "rule", "start", "end"]
CONTINUATION_SENTENCES = 2  # how far back an unattributed quote looks for the quote it continues
QUOTING_PASSIVES = frozenset("quote hear overhear record tape film catch see".split())   # "is heard saying '...'"


@dataclasses.dataclass(frozen=True)
class Quote:
    """A direct quote or a piece of reported speech, with its speaker (None when none was found)."""

    article_id: str
    start: int
    end: int
    first: SentenceView
    last: SentenceView
    kind: str
    speaker: Resolved | None
    description: str | None
    cue: str | None
    rule: str | None
    text: str


@collector_paused
def extract_quotes(source: object, *, codebook: Codebook | None = None, mentions: pd.DataFrame | None = None,
                   headlines: bool = True, nlp=None) -> pd.DataFrame:
    """Direct quotes and reported speech with their speakers (rules in the module docstring).

    Args:
        source: a string, a list of strings (one article each), a Corpus or a sentence table.
        codebook: from `load_codebook` (default: the project's data/ files).
        mentions: the actor mentions of the same source (`find_mentions`), for the names of sentences that are
            not parsed (default: found here).
        headlines: read each article's headline too (`sentence_id` -1; only a Corpus has headlines).
        nlp: a spaCy pipeline (default: `presslens.text.syntax.load()`).

    Returns:
        One row per quote: article_id, sentence_id and sentence_id_end (the sentences it spans), kind
        ("direct" | "reported"), speaker (canonical name), speaker_mention (the words that name the speaker),
        speaker_description (words describing an unnamed speaker), speaker_actor (the actor the speaker counts
        for), cue (the speech verb's lemma), quote (the quoted words), continuation (bool: speaker carried over
        from the previous quote), rule (how the speaker was found), start, end (offsets in the article's body).
    """
    from presslens.stance.mentions import find_mentions

    codebook = codebook or default_codebook()
    sentences = as_sentences(source, offsets=True, headlines=headlines)
    mentions = find_mentions(sentences, codebook=codebook) if mentions is None else mentions
    views = article_views(sentences, codebook, mentions=mentions, nlp=nlp)
    quotes = quotes_of_views(views, codebook.lexicon, nlp=nlp)
    return quote_table([quote for view in views for quote in quotes[view.article_id]])


def quotes_of_views(views: list[ArticleView], lexicon: Lexicon, *, nlp=None) -> dict[str, list[Quote]]:
    """The quotes of every article, by article id: each quote's frame is parsed (all in one batch), then
    attributed (rules in the module docstring)."""
    texts, layouts = [], []
    for view in views:
        for start, end in view.passages:
            text, layout = frame_text(view, start, end, lexicon)
            texts.append(text)
            layouts.append(layout)
    docs = iter(syntax.parse(texts, nlp=nlp))
    layouts_iter = iter(layouts)
    found = {}
    for view in views:
        frames = [make_frame(next(docs), *next(layouts_iter)) for _ in view.passages]
        found[view.article_id] = quotes_of(view, frames, lexicon)
    return found


def quotes_of(view: ArticleView, frames: list[Frame], lexicon: Lexicon) -> list[Quote]:
    """The direct quotes of one article with their speakers, then its reported speech, in text order. A quote
    without an attribution of its own continues the quote or reported speech just before it."""
    direct: list[Quote] = []
    spoken = reported_speech(view, lexicon)
    reported = [speech for speech in spoken if speech.kind == "reported"]
    for (start, end), frame in zip(view.passages, frames):
        touched = view.sentences_over(start, end)
        before = sorted(direct + [speech for speech in reported if speech.end <= start], key=lambda quote: quote.end)
        fragment = without_marks(view.text[start:end])[:1].islower()
        attribution = attribute(view, frame, lexicon, previous=before[-1] if before else None, fragment=fragment)
        continuation = _continued(view, before, touched) if attribution is None else None
        if attribution is None and continuation is None:   # "Washington warned the nation of ... | '....'"
            continuation = _continued(view, [act for act in spoken if act.kind == "act" and act.end <= start],
                                      touched)
        if continuation is not None:
            speaker, description, cue, rule = continuation.speaker, continuation.description, None, "continuation"
        elif attribution is not None:
            speaker, description, cue, rule = attribution
        else:
            speaker, description, cue, rule = None, None, None, None
        direct.append(Quote(view.article_id, start, end, touched[0], touched[-1], "direct", speaker, description,
                            cue, rule, without_marks(view.text[start:end]).rstrip(",")))
    return _share_affiliations(direct + reported)


def without_marks(passage: str) -> str:
    """A quote's words without the quotation marks that open and close it (double, or doubled single ones)."""
    for opening in ("‘‘", "``"):
        passage = passage.removeprefix(opening)
    for closing in ("’’", "''"):
        passage = passage.removesuffix(closing)
    if passage[:1] in ("‘", "'") and passage[-1:] in ("’", "'"):   # a headline's quote
        return passage[1:-1]
    return passage.strip("“”\"")


def inner_quotations(text: str) -> list[tuple[int, int]]:
    """Quotations in single marks inside a quote's text, as (start, end) spans: what someone else said, quoted by
    the speaker ("he said ‘we don’t need more fire fighters’"; "saying that, 'US Tariffs were insulting'")."""
    return [match.span() for match in SINGLE_QUOTED.finditer(text)]


def inner_speaker(doc: Doc, start: int, lexicon: Lexicon, *, quote_start: int) -> Token | None:
    """Who speaks the inner quotation opening at character `start` of a quote's sentence: the subject of the
    nearest speech verb before it inside the quote, which opens at character `quote_start` of the sentence (0 when
    it opened before it): "he said ‘...’", "Trudeau ... saying that, '...'". None when there is none."""
    verbs = [token for token in doc if quote_start <= token.idx < start and token.pos_ == "VERB"
             and lexicon.has_role(token, "speech")]
    return subject_of(verbs[-1], lexicon) if verbs else None


def _share_affiliations(quotes: list[Quote]) -> list[Quote]:
    """Give every quote of a person the affiliation one of their attributions stated ("Anna Berg, a Polish
    analyst" -> Poland for all of Anna Berg's quotes in the article)."""
    stated = {quote.speaker.named.name: quote.speaker.named.actor for quote in quotes
              if quote.speaker is not None and quote.speaker.named.kind == "person"
              and quote.speaker.named.actor != quote.speaker.named.name}
    shared = []
    for quote in quotes:
        speaker = quote.speaker
        if speaker is not None and speaker.named.actor == speaker.named.name and speaker.named.name in stated:
            speaker = dataclasses.replace(speaker, named=dataclasses.replace(speaker.named,
                                                                             actor=stated[speaker.named.name]))
            quote = dataclasses.replace(quote, speaker=speaker)
        shared.append(quote)
    return shared


def attribute(view: ArticleView, frame: Frame, lexicon: Lexicon, *, previous: Quote | None, fragment: bool = False
              ) -> tuple[Resolved | None, str | None, str | None, str] | None:
    """(speaker, description, verb lemma, rule) for a quote from its frame, or None (rules 1-4).

    The nearest speech verb whose subject names or describes someone speaks; one whose subject stands for no
    one ("..., the Hill reports") gives way to the next ("Tlaib tweeted that Detroit 'should ...,' the Hill
    reports"). A `fragment` (a quote opening in lower case) whose speech verb has no speaker ("proponents are
    asking 'for ...'") is the wording of whoever reports that clause."""
    attributions = []
    for verb in speech_verbs(frame, lexicon):
        speaker, description = speaker_of(view, frame, speech_subject(verb, frame, lexicon), previous=previous)
        outer = outer_speech_verb(verb, frame, lexicon) if fragment and speaker is None else None
        if outer is not None:
            verb = outer
            speaker, description = speaker_of(view, frame, speech_subject(verb, frame, lexicon), previous=previous)
        attributions.append((verb, speaker, description))
        if speaker is not None:
            break
    if attributions:
        verb, speaker, description = next((found for found in attributions if found[1] is not None), attributions[0])
        rule = "introduction" if _in_sentence_before(view, frame, verb) else "speech verb"
        return speaker, description, lemma_candidates(verb.lower_, "VERB")[0], rule
    named = according_to(frame)
    if named is not None:
        return (*speaker_of(view, frame, named, previous=previous), "according to", "according to")
    named = name_and_colon(frame)
    if named is not None:
        return (*speaker_of(view, frame, named, previous=previous), None, "name and colon")
    named = signed_with_dash(frame)
    if named is not None:
        return (*speaker_of(view, frame, named, previous=previous), None, "dash")
    verb = governing_cue(frame, lexicon)
    if verb is not None:
        return (*speaker_of(view, frame, subject_of(verb, lexicon), previous=previous),
                lemma_candidates(verb.lower_, "VERB")[0], "governing cue")
    return None


def governing_cue(frame: Frame, lexicon: Lexicon) -> Token | None:
    """The stance or labelling verb whose phrase holds a quote worked into the sentence ("condemned the attack,
    calling it a 'heinous and barbaric terrorist attack'"; "denounced the ad as 'misleading, unfair, and untrue'"):
    its subject chose the quoted words. The nearest such verb above the quote with a subject outside quotes."""
    first, last = frame.quote
    if first == last:
        return None
    node = next((token for token in frame.doc[first:last] if not first <= token.head.i < last), frame.doc[first])
    for _ in range(MAX_CLIMB):
        if node.head == node:
            return None
        node = node.head
        if node.pos_ == "VERB" and node.i not in frame.stand_ins and lexicon.cues_of(node):
            subject = subject_of(node, lexicon)
            if subject is not None and subject.i not in frame.stand_ins:
                return node
    return None


def outer_speech_verb(verb: Token, frame: Frame, lexicon: Lexicon) -> Token | None:
    """The speech verb above `verb` in the parse, whose reported clause holds it ("Bauer told Fox News Sunday that
    proponents are asking 'for unelected judges to ...'": *told*, Bauer's words, whatever the parser attached the
    clause as), if there is one with a subject outside quotes."""
    node = verb
    for _ in range(MAX_CLIMB):
        head = node.head
        if head == node:
            return None
        if head.pos_ == "VERB" and head.i not in frame.stand_ins and lexicon.has_role(head, "speech"):
            subject = speech_subject(head, frame, lexicon)
            return head if subject is not None and subject.i not in frame.stand_ins else None
        node = head
    return None


def speech_verbs(frame: Frame, lexicon: Lexicon) -> list[Token]:
    """The speech verbs outside any quote whose subject is outside quotes too, nearest to the frame's quote
    first."""
    first, last = frame.quote
    found = []
    for token in frame.doc:
        if token.i in frame.stand_ins or token.pos_ != "VERB" or not lexicon.has_role(token, "speech"):
            continue
        subject = speech_subject(token, frame, lexicon)
        if subject is None or subject.i in frame.stand_ins:
            continue
        found.append((first - token.i if token.i < first else token.i - last, token.i, token))
    return [token for _, _, token in sorted(found)]


def speech_subject(verb: Token, frame: Frame, lexicon: Lexicon) -> Token | None:
    """Who speaks with a speech verb: its subject, or in an inverted attribution right after the quote ('"Why?"
    asked Smith', which the parser may read as asking Smith; '"...," says Fernando Miro, an office manager who
    ...', where it may make Miro the subject of a later clause) the name that follows the verb."""
    subject = quoted_subject(verb) or _subject_beside_quote(verb, frame) or _participle_subject(verb) \
        or subject_of(verb, lexicon)   # "X was quoted this month saying": X; "X suggested that Y will Z, telling": X
    if verb.i > 0 and verb.doc[verb.i - 1].i in frame.stand_ins and (subject is None or subject.i < verb.i - 1):
        # an inverted attribution, '"...," writes Allahpundit', also when the parser gave the verb the subject of
        # the quoted words ("The Phoenix meeting '...,' writes Allahpundit": the meeting is what the quote is about)
        return _named_after(verb) or subject
    if subject is not None or verb.i == 0:
        return subject
    # a finite verb the parser left without a subject, right after a name: "..., Israeli Prime Minister Benjamin
    # Netanyahu exulted, '...'" (the name was read as an apposition of an earlier one)
    return name_before(verb)


def _named_after(verb: Token) -> Token | None:
    """Who speaks in an inverted attribution ('"...," said Smith'): the verb's object that is a noun or name, or
    the name right after the verb, which the parser may attach elsewhere."""
    following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if following is not None and following.pos_ == "PROPN":
        while following.dep_ in ("compound", "flat") and following.head.pos_ == "PROPN":
            following = following.head
    return next((dependent for dependent in verb.rights
                 if dependent.dep_ in ("obj", "iobj") and dependent.pos_ in ("PROPN", "NOUN")),
                following if following is not None and following.pos_ == "PROPN" else None)


def _subject_beside_quote(verb: Token, frame: Frame) -> Token | None:
    """Of two subjects the parser gave a speech verb, the one no quote separates from it ('Ryan was "...," The
    New York Times says': it took the subject of the quoted clause for the verb's own); None unless exactly one
    of two is so separated."""
    subjects = [dependent for dependent in verb.children if dependent.dep_ == "nsubj"]
    if len(subjects) != 2:
        return None
    beside = [subject for subject in subjects
              if not any(min(subject.i, verb.i) < i < max(subject.i, verb.i) for i in frame.stand_ins)]
    return beside[0] if len(beside) == 1 else None


def _participle_subject(verb: Token) -> Token | None:
    """The speaker of a participle without a mark that hangs on a clause with no subject of its own: set off by a
    comma, the subject of the sentence's main clause ("Connolly chimed in to support the idea of appointing a
    non-lawyer, saying it would be '...'", wherever the parser attached it); else the subject of the first
    clause above it that has one, through purpose infinitives and coordination."""
    if verb.tag_ != "VBG" or verb.dep_ != "advcl" or any(dependent.dep_ == "mark" for dependent in verb.children):
        return None
    if verb.i > 0 and verb.doc[verb.i - 1].text == ",":
        return first_child(verb.sent.root, ("nsubj",))
    node = verb
    for _ in range(MAX_CLIMB):
        if node.dep_ not in ("advcl", "xcomp", "conj") or node.head == node:
            return None
        node = node.head
        subject = first_child(node, ("nsubj", "nsubj:pass"))
        if subject is not None and subject.lower_ in RELATIVE_PRONOUNS and node.dep_ == "acl:relcl":
            return node.head   # "a whistleblower, who filed a complaint alleging Trump was '...'"
        if subject is not None:
            return subject if subject.dep_ == "nsubj" else None
    return None


def quoted_subject(verb: Token) -> Token | None:
    """The speaker of "X was quoted (as) saying '...'" or "X is heard saying '...'": the passive subject of the
    verb of quoting, hearing or recording that the participle depends on."""
    head = verb.head
    if verb.tag_ != "VBG" or verb.dep_ not in ("advcl", "xcomp") \
            or lemma_candidates(head.lower_, "VERB")[0] not in QUOTING_PASSIVES:
        return None
    return next((dependent for dependent in head.children if dependent.dep_ == "nsubj:pass"), None)


def _in_sentence_before(view: ArticleView, frame: Frame, verb: Token) -> bool:
    at = frame.article_offset(verb.idx)
    sentence = view.sentences[frame.first]
    return at is not None and at < sentence.start + len(sentence.text) and sentence.text.rstrip().endswith(":")


def according_to(frame: Frame) -> Token | None:
    """X of "according to X" outside the quotes of the frame, if it has one."""
    for token in frame.doc:
        if token.lower_ == "according" and token.i not in frame.stand_ins:
            candidate = next((t for t in frame.doc[token.i + 2: token.i + 8]
                              if t.pos_ in ("PROPN", "NOUN", "PRON") and t.dep_ not in ("compound", "flat", "amod")
                              and t.i not in frame.stand_ins), None)
            if candidate is not None:
                return candidate
    return None


def name_and_colon(frame: Frame) -> Token | None:
    """The speaker of a quote opened by a name and a colon, as headlines and transcripts write it ('Pompeo: "We
    continue to make progress"', 'Charles Barkley to VP Pence: "Shut the hell up"'): the last word of the first
    name, when the words from the start of the sentence to the colon are names and titles only (an addressee
    after "to" allowed)."""
    first, _ = frame.quote
    if first == 0 or frame.doc[first - 1].text != ":":
        return None
    words = frame.doc[frame.doc[first - 1].sent.start: first - 1]
    if not words or any(t.i in frame.stand_ins or not (t.pos_ == "PROPN" or t.lower_ == "to" or t.is_punct
                                                        or is_speaker_title(t.text)) for t in words):
        return None
    name = []
    for token in words:
        if token.lower_ == "to":
            break
        if token.pos_ == "PROPN" and not is_speaker_title(token.text):
            name.append(token)
    return name[-1] if name else None


def signed_with_dash(frame: Frame) -> Token | None:
    """The head of the name that signs a quote after a dash ('"...." — Greisa Martinez Rosas to HuffPost';
    '"...." — Editorial board, Boston Globe'): the words after the dash up to a comma, a preposition or the end.
    Words after the dash that hold a verb explain the quote instead ('"walk-in volunteers"—people living in ...')."""
    after = frame.quote[1]
    if after >= len(frame.doc) - 1 or frame.doc[after].text not in DASHES \
            or any(token.pos_ in ("VERB", "AUX") for token in frame.doc[after + 1:]):
        return None
    stop = next((token.i for token in frame.doc[after + 1:] if token.is_punct or token.pos_ == "ADP"), len(frame.doc))
    if stop == after + 1:
        return None
    head = frame.doc[after + 1:stop].root
    return head if head.pos_ in ("PROPN", "NOUN") else None


def _continued(view: ArticleView, earlier: list[Quote], touched: list[SentenceView]) -> Quote | None:
    """The previous quote or reported speech this one continues: attributed, at most two sentences before it
    ("Pelosi shot back at a reporter, saying that she prays for the president. | 'This is about the
    Constitution ...'"), and no other person named outside quotes in the sentences of this one ("'...,' New
    York Gov. Andrew Cuomo barked at FEMA" is Cuomo's, whatever the verb)."""
    if not earlier or (earlier[-1].speaker is None and earlier[-1].description is None):
        return None
    previous = earlier[-1]
    gap = view.position_of(touched[0]) - view.position_of(previous.last)
    speaker = previous.speaker.named.name if previous.speaker is not None else None
    someone_else = any(named.kind in PERSON_KINDS and named.name != speaker
                       for sentence in touched for named in outside_quotes(view, sentence))
    return previous if 0 <= gap <= CONTINUATION_SENTENCES and not someone_else else None


def reported_speech(view: ArticleView, lexicon: Lexicon) -> list[Quote]:
    """"X said (that) CLAUSE" outside any direct quote: one row per speech verb with a clausal complement; a speech
    verb without one, or a labelling verb, is a speech act of kind "act" ("Washington warned the nation of the
    danger of factions."; "Scalia called it folly to divide Americans."), which a quote right after it with no
    speaker of its own continues, but no quote of its own."""
    found = []
    for sentence in view.sentences:
        if sentence.doc is None:
            continue
        for token in sentence.doc:
            at = sentence.start + token.idx
            speech = lexicon.has_role(token, "speech")
            if token.pos_ != "VERB" or not (speech or lexicon.has_role(token, "labelling")) or \
                    any(start <= at < end for start, end in view.passages):
                continue
            clause = next((child for child in token.children if child.dep_ == "ccomp"), None) if speech else None
            if clause is not None and any(start <= sentence.start + clause.idx < end for start, end in view.passages):
                continue
            subject = subject_of(token, lexicon)
            if subject is None:
                continue
            speaker, description = resolve_speaker(view, subject, here=sentence.names,
                                                   position=view.position_of(sentence), previous=None)
            if clause is None:
                found.append(Quote(view.article_id, at, at + len(token), sentence, sentence, "act", speaker,
                                   description, lemma_candidates(token.lower_, "VERB")[0], None, token.text))
                continue
            words = sentence.doc[clause.left_edge.i: clause.right_edge.i + 1]
            begin = sentence.start + words.start_char
            found.append(Quote(view.article_id, begin, begin + len(words.text), sentence, sentence, "reported",
                               speaker, description, lemma_candidates(token.lower_, "VERB")[0], "speech verb",
                               words.text))
    return found


def _counts_for(speaker: Resolved | None) -> str | None:
    """The actor a speaker counts for: a person's state, party or body when known (None for a person of unknown
    affiliation), else the speaker."""
    if speaker is None or (speaker.named.kind == "person" and speaker.named.actor == speaker.named.name):
        return None
    return speaker.named.actor


def quote_table(quotes: list[Quote]) -> pd.DataFrame:
    """The rows of `extract_quotes` for a list of quotes."""
    def named(quote: Quote) -> Resolved | None:   # a described speaker ("a senior official") has no name
        return quote.speaker if quote.speaker is not None and quote.description is None else None
    rows = [(q.article_id, q.first.sentence_id, q.last.sentence_id, q.kind,
             named(q).named.name if named(q) else None, q.speaker.words if q.speaker else None,
             q.description, _counts_for(named(q)), q.cue, q.text,
             q.rule == "continuation", q.rule, q.start, q.end) for q in quotes]
    table = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    return table.astype({"sentence_id": "int64", "sentence_id_end": "int64", "continuation": "bool",
                         "start": "int64", "end": "int64"})
