"""The coding tasks: what a coder sees, which answers the drop-downs offer, and which answer counts as correct.

Every word list of the coding workflow is a named constant here, so that a coding rule is changed in one place.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One answer column of a coding sheet.

    Attributes:
        name: the column name.
        choices: the drop-down's values; empty for free text.
        required: whether a filled sheet must have a value in every row.
    """

    name: str
    choices: tuple[str, ...] = ()
    required: bool = True


@dataclass(frozen=True)
class Task:
    """One kind of item the coders judge.

    Attributes:
        name: the task's name, also its sheet's name.
        shown: the columns a coder reads (after `item_id`), in order.
        fields: the answer columns a coder fills.
        judged: the field whose answer decides whether the tool was right.
        correct: the answers of `judged` that count as the tool being right; empty when the coder gives the
            label itself and it is compared with the tool's (`tool_answer`).
        strata: the columns the sample is stratified by.
        instructions: the coding rules, as shown on the instructions sheet.
    """

    name: str
    shown: tuple[str, ...]
    fields: tuple[Field, ...]
    judged: str
    correct: tuple[str, ...]
    strata: tuple[str, ...]
    instructions: str


HOLDER_MARK = ("[[", "]]")
TARGET_MARK = ("{{", "}}")
MISSED_COUNTS = ("0", "1", "2", "3", "4", "5")

STANCE = Task(
    name="stance",
    shown=("article_id", "sentence_id", "before", "sentence", "after", "holder", "stance", "target", "cue", "rule"),
    fields=(Field("judgement", ("correct", "wrong holder", "wrong target", "wrong sign", "not a statement")),
            Field("correction", required=False), Field("note", required=False)),
    judged="judgement",
    correct=("correct",),
    strata=("source", "rule", "stance"),
    instructions=(
        "Each row is a stance statement the tool read from the sentence: HOLDER supports (+1) or opposes (-1) "
        "TARGET. The holder's words are marked [[ ]], the target's {{ }}. Judge the statement as the sentence "
        "states it, not what you know of the world. 'correct': the holder takes that position on that target. "
        "'wrong holder' / 'wrong target': someone takes that position, but the holder or the target is another. "
        "'wrong sign': the holder takes the opposite position. 'not a statement': nobody takes a position here "
        "(a question, a plan, a report of events). Give the right reading in 'correction' when you can."),
)

QUOTE = Task(
    name="quote",
    shown=("article_id", "sentence_id", "before", "sentence", "after", "quote", "speaker", "kind", "cue", "rule"),
    fields=(Field("judgement", ("speaker right", "speaker wrong", "no speaker", "not a quote")),
            Field("correction", required=False), Field("note", required=False)),
    judged="judgement",
    correct=("speaker right",),
    strata=("source", "rule", "kind"),
    instructions=(
        "Each row is a direct quote or reported speech the tool found, with the speaker it named (marked [[ ]] "
        "where the sentence names them). 'speaker right': these are that speaker's words. 'speaker wrong': "
        "someone else said them (write who in 'correction'). 'no speaker': the article does not say who. "
        "'not a quote': nobody's words are given here."),
)

SENTIMENT = Task(
    name="sentiment",
    shown=("article_id", "sentence_id", "before", "sentence", "after", "actor"),
    fields=(Field("sentiment", ("negative", "neutral", "positive")), Field("note", required=False)),
    judged="sentiment",
    correct=(),
    strata=("source", "label"),
    instructions=(
        "Each row is one mention of an actor, marked [[ ]]. How does the sentence speak of that actor: "
        "'negative' (blames, criticises, reports harm done by them or to their discredit), 'positive' (praises, "
        "credits, reports success), or 'neutral'? Judge the marked mention only; another actor in the sentence "
        "may be spoken of differently. The tool's label is not shown, so that it does not lead you."),
)

MISSED = Task(
    name="missed",
    shown=("article_id", "sentence_id", "before", "sentence", "after"),
    fields=(Field("missed_statements", MISSED_COUNTS), Field("missed_quotes", MISSED_COUNTS),
            Field("note", required=False)),
    judged="missed_statements",
    correct=(),
    strata=("source",),
    instructions=(
        "In these sentences the tool found no stance statement and no quote. Count what it missed in the "
        "sentence itself (not its neighbours): 'missed_statements', positions someone takes on an actor or issue "
        "(as in the stance sheet); 'missed_quotes', direct quotes or reported speech. Write 0 when there are "
        "none, and list what you found in 'note' (holder, sign, target; or speaker)."),
)

TASKS: dict[str, Task] = {task.name: task for task in (STANCE, QUOTE, SENTIMENT, MISSED)}

# which task's recall the counts of the `missed` sheet measure
MISSED_FIELD_OF_TASK = {"stance": "missed_statements", "quote": "missed_quotes"}

GENERAL_INSTRUCTIONS = (
    "Code each sheet on your own, without talking to the other coders. Change only the answer columns "
    "(right of the grey ones): pick an answer from each cell's drop-down, write corrections and notes freely. "
    "Do not edit, sort away, add or delete rows or the item ids: the sheets are checked against the sample "
    "when they are scored. 'before' and 'after' are the neighbouring sentences, for context.")
