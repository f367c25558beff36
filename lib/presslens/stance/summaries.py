"""Summaries of the stance statements: the actor x issue matrix, the evidence behind a cell, disagreements; and
the one rule for counting people as themselves or under the state or body they speak for (`at_actor_level`)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

MATRIX_COLUMNS = ["holder", "target", "target_kind", "support", "oppose", "neutral", "statements", "articles",
                  "net", "net_share"]


ACTOR_LEVELS = ("person", "affiliation")
# the column naming the actor, and the one naming who it speaks for, in each table `at_actor_level` reads
_ACTOR_COLUMNS = (("actor", "affiliation"), ("holder", "holder_actor"), ("speaker", "speaker_actor"))


def at_actor_level(table: pd.DataFrame, level: str = "person") -> pd.DataFrame:
    """Count each person as themselves ("person") or under the state or body they speak for ("affiliation").

    The one rule every notebook applies (its `actor_level` parameter): with "person", Vladimir Putin is an actor
    of his own; with "affiliation", his mentions, statements and quotes count for Russia, as the codebook's
    `affiliation` (and the statements' `holder_actor`, the quotes' `speaker_actor`) says. An actor without an
    affiliation keeps its own name.

    Args:
        table: actor mentions (`actor`, `affiliation`), stance statements (`holder`, `holder_actor`) or quotes
            (`speaker`, `speaker_actor`).
        level: "person" (the table as it is) or "affiliation".

    Returns:
        A copy in which, for "affiliation", each actor column holds the affiliation where one is known.

    Raises:
        ValueError: for another `level`.
    """
    if level not in ACTOR_LEVELS:
        raise ValueError(f"actor_level must be one of {ACTOR_LEVELS}, not {level!r}")
    if level == "person":
        return table
    table = table.copy()
    for name, speaks_for in _ACTOR_COLUMNS:
        if name in table and speaks_for in table:
            table[name] = table[speaks_for].where(table[speaks_for].notna() & table[speaks_for].ne(""), table[name])
    return table


def stance_matrix(stances: pd.DataFrame, *, include_quoted: bool = True,
                  target_kinds: Iterable[str] = ("issue", "actor", "unlisted")) -> pd.DataFrame:
    """Holder x target cells with net stance and counts, one row per cell (tidy; pivot it for a grid).

    Args:
        stances: the table from `extract_stances`.
        include_quoted: count statements found inside quotes and reported speech (attributed to a speaker).
        target_kinds: which kinds of target to keep ("issue", "actor", "unlisted").

    Returns:
        One row per (holder, target): holder, target, target_kind, support, oppose, neutral (negated
        opposition), statements, articles (distinct articles), net (support - oppose) and net_share
        (net / (support + oppose), rounded to 3 places; 0 when there is no signed statement); sorted by holder
        and target.
    """
    missing = [column for column in ("holder", "target", "target_kind", "stance", "article_id", "quoted")
               if column not in stances.columns]
    if missing:
        raise ValueError(f"stances: needs the columns of extract_stances; {missing} missing")
    unknown = set(target_kinds) - {"issue", "actor", "unlisted"}
    if unknown:
        raise ValueError(f"target_kinds: {sorted(unknown)} not among 'issue', 'actor', 'unlisted'")
    table = stances[stances["target_kind"].isin(list(target_kinds))]
    table = table if include_quoted else table[~table["quoted"]]
    if table.empty:
        return pd.DataFrame({column: pd.Series(dtype="int64" if column not in ("holder", "target", "target_kind",
                                                                               "net_share") else
                                               ("float64" if column == "net_share" else "str"))
                             for column in MATRIX_COLUMNS})
    cells = (table.assign(support=table["stance"].eq(1), oppose=table["stance"].eq(-1),
                          neutral=table["stance"].eq(0))
             .groupby(["holder", "target", "target_kind"], as_index=False)
             .agg(support=("support", "sum"), oppose=("oppose", "sum"), neutral=("neutral", "sum"),
                  statements=("stance", "size"), articles=("article_id", "nunique")))
    cells = cells.astype({column: "int64" for column in ("support", "oppose", "neutral", "statements", "articles")})
    cells["net"] = cells["support"] - cells["oppose"]
    signed = cells["support"] + cells["oppose"]
    cells["net_share"] = (cells["net"] / signed.where(signed > 0)).fillna(0.0).round(3)
    return cells[MATRIX_COLUMNS].sort_values(["holder", "target"], kind="stable").reset_index(drop=True)


def evidence(stances: pd.DataFrame, holder: str, target: str) -> pd.DataFrame:
    """The statements behind one cell of the matrix, in text order.

    Returns:
        article_id, sentence_id, stance, cue, holder_mention, target_mention, negated, quoted,
        attributed_to, sentence for every statement of `holder` about `target`.

    Raises:
        ValueError when the holder or the target does not occur in `stances` (names the unknown one).
    """
    for argument, column, value in (("holder", "holder", holder), ("target", "target", target)):
        if value not in set(stances[column]):
            raise ValueError(f"{argument}: {value!r} is not a {column} in these stances; "
                             f"known: {sorted(set(stances[column]))[:20]}")
    rows = stances[(stances["holder"] == holder) & (stances["target"] == target)]
    columns = ["article_id", "sentence_id", "stance", "cue", "holder_mention", "target_mention", "negated",
               "quoted", "attributed_to", "sentence"]
    return rows[columns].sort_values(["article_id", "sentence_id"], kind="stable").reset_index(drop=True)


def disagreements(matrix: pd.DataFrame, *, min_statements: int = 1) -> pd.DataFrame:
    """Targets on which holders take opposite sides (one net positive, another net negative).

    Args:
        matrix: from `stance_matrix`.
        min_statements: ignore cells with fewer signed statements than this.

    Returns:
        One row per (target, supporter, opponent): target, supporter, supporter_net, opponent, opponent_net,
        sorted by target, supporter and opponent.
    """
    signed = matrix[(matrix["support"] + matrix["oppose"]) >= min_statements]
    supporters = signed.loc[signed["net"] > 0, ["target", "holder", "net"]]
    opponents = signed.loc[signed["net"] < 0, ["target", "holder", "net"]]
    pairs = supporters.merge(opponents, on="target", suffixes=("_supporter", "_opponent"))
    pairs = pairs.rename(columns={"holder_supporter": "supporter", "net_supporter": "supporter_net",
                                  "holder_opponent": "opponent", "net_opponent": "opponent_net"})
    columns = ["target", "supporter", "supporter_net", "opponent", "opponent_net"]
    return pairs[columns].sort_values(["target", "supporter", "opponent"], kind="stable").reset_index(drop=True)


def strongest_cells(matrix: pd.DataFrame, *, n: int = 3) -> pd.DataFrame:
    """The `n` cells with the largest absolute net stance (ties: more statements first, then by name).

    Returns:
        The matrix rows of those cells, strongest first.
    """
    ranked = matrix.assign(strength=matrix["net"].abs())
    ranked = ranked.sort_values(["strength", "statements", "holder", "target"],
                                ascending=[False, False, True, True], kind="stable")
    return ranked.drop(columns="strength").head(n).reset_index(drop=True)


def evidence_for(stances: pd.DataFrame, cells: pd.DataFrame, *, per_cell: int | None = None) -> pd.DataFrame:
    """The statements behind several cells (e.g. from `strongest_cells`), cell by cell.

    Args:
        stances: from `extract_stances`.
        cells: rows with `holder` and `target` (e.g. from `strongest_cells`).
        per_cell: keep at most this many statements per cell (the first in text order); None keeps all.

    Returns:
        holder and target, then the columns of `evidence`, in the order of `cells`.
    """
    keys = cells[["holder", "target"]].drop_duplicates().assign(cell=lambda frame: range(len(frame)))
    rows = stances.merge(keys, on=["holder", "target"]).sort_values(["cell", "article_id", "sentence_id"],
                                                                     kind="stable")
    if per_cell is not None:
        rows = rows.groupby("cell", sort=False).head(per_cell)
    columns = ["holder", "target", "article_id", "sentence_id", "stance", "cue", "holder_mention", "target_mention",
               "negated", "quoted", "attributed_to", "sentence"]
    return rows[columns].reset_index(drop=True)


def unlisted_targets(stances: pd.DataFrame) -> pd.DataFrame:
    """Targets that are not in the codebook (generic nouns such as "plan" or "attack"): candidates for new issues.

    Returns:
        target, statements, holders (distinct), support, oppose; most frequent first, ties by name.
    """
    unlisted = stances[stances["target_kind"] == "unlisted"]
    counts = unlisted.groupby("target", as_index=False).agg(
        statements=("stance", "size"), holders=("holder", "nunique"),
        support=("stance", lambda values: int((values == 1).sum())),
        oppose=("stance", lambda values: int((values == -1).sum())))
    return counts.sort_values(["statements", "target"], ascending=[False, True], kind="stable").reset_index(drop=True)
