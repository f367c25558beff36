"""Score stance statements and quote speakers against the gold set of unseen news (`make evaluate-stance`).

Needs the AllSides corpus of the shared data (`../shared`, or PRESSLENS_SHARED_DIR). Prints coder agreement,
the tool's precision and recall with 95% intervals resampled by article, precision per rule, and the quote
speaker figures; `--write` stores them in the gold set's folder (`results-*.csv`), which notebook 03 shows.
`--show dev` lists the dev set's misses and false statements (never look at the test set's errors: it is
held out). `--topics` scores one batch of the gold set (its README names each batch's topics), e.g.
`--splits test --topics russia criminal_justice free_speech national_security`; the figures a batch gave with
the rules of an earlier commit come from this script run on that commit's `lib` (`git worktree`, PYTHONPATH)
with the gold files of today.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time

import pandas as pd

import presslens as pl
from presslens import stance
from presslens.evaluation import stance_gold as gold



def coder_agreement() -> pd.DataFrame:
    """Statement F1 between the two coders, and quote speaker agreement, per split."""
    coder_a = gold.gold_statements_for_matching(gold.gold_table("statements-coder-a"))
    coder_b = gold.gold_statements_for_matching(gold.gold_table("statements-coder-b"))
    quotes_a, quotes_b = gold.gold_table("quotes-coder-a"), gold.gold_table("quotes-coder-b")
    rows = []
    for split in gold.SPLITS:
        a, b = coder_a[coder_a["split"] == split], coder_b[coder_b["split"] == split]
        scores = gold.precision_recall(a, b, resamples=200).iloc[0]
        qa, qb = quotes_a[quotes_a["split"] == split], quotes_b[quotes_b["split"] == split]
        rows.append({"split": split, "statements_coder_a": len(a), "statements_coder_b": len(b),
                     "statements_f1": scores["f1"], "quotes_coder_a": len(qa), "quotes_coder_b": len(qb),
                     "quote_speakers_agree": _speaker_agreement(qa, qb)})
    return pd.DataFrame(rows)


def _speaker_agreement(quotes_a: pd.DataFrame, quotes_b: pd.DataFrame) -> float:
    """Share of the quotes both coders found (same opening words) whose speakers share a name word."""
    b_by_key = {(row.article_id, gold.normalise(row.quote_start).lower()[:20]): row for row in quotes_b.itertuples()}
    both = agree = 0
    for row in quotes_a.itertuples():
        other = b_by_key.get((row.article_id, gold.normalise(row.quote_start).lower()[:20]))
        if other is not None:
            both += 1
            agree += gold.same_actor([row.speaker], [other.speaker])
    return round(agree / both, 3) if both else float("nan")


def tool_output(split: str) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """The tool's statements and quotes on one split of the gold articles, and the seconds they took."""
    with tempfile.TemporaryDirectory() as folder:
        corpus = pl.read_corpus(gold.write_gold_corpus(folder, split=split))
    started = time.perf_counter()
    mentions = stance.find_mentions(corpus)
    quotes = stance.extract_quotes(corpus, mentions=mentions)
    stances = stance.extract_stances(corpus, mentions=mentions)
    return stances, quotes, time.perf_counter() - started


def evaluate(splits: list[str], *, topics: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """Statement, per-rule and quote figures of each split; `topics` keeps only the articles of those topics (a
    batch of the gold set: its README names each batch's topics)."""
    adjudicated = gold.gold_statements_for_matching(gold.gold_table("statements-adjudicated"))
    gold_quotes = gold.gold_table("quotes-coder-a")
    if topics is not None:
        listed = pd.read_csv(gold.GOLDSET_DIR / "articles.csv")
        kept = set(listed.loc[listed["topic"].isin(topics), "article_id"])
        adjudicated = adjudicated[adjudicated["article_id"].isin(kept)]
        gold_quotes = gold_quotes[gold_quotes["article_id"].isin(kept)]
    statement_rows, rule_rows, quote_rows = [], [], []
    for split in splits:
        stances, quotes, seconds = tool_output(split)
        if topics is not None:
            stances, quotes = stances[stances["article_id"].isin(kept)], quotes[quotes["article_id"].isin(kept)]
        tool = gold.tool_statements_for_matching(stances)
        reference = adjudicated[adjudicated["split"] == split]
        scores = gold.precision_recall(reference, tool)
        statement_rows.append(scores.assign(split=split, seconds=round(seconds, 1)))
        _, tool_hit = gold.match(reference, tool)
        per_rule = tool.assign(right=tool_hit).groupby("rule")["right"].agg(statements="size", right="sum")
        rule_rows.append(per_rule.assign(precision=(per_rule["right"] / per_rule["statements"]).round(3), split=split)
                         .reset_index())
        quote_rows.append(gold.quote_scores(gold_quotes[gold_quotes["split"] == split], quotes))
    return {"statements": pd.concat(statement_rows, ignore_index=True),
            "rules": pd.concat(rule_rows, ignore_index=True),
            "quotes": pd.concat(quote_rows, ignore_index=True)}


def show_errors(split: str) -> None:
    """Print the misses and false statements of a split (dev only: the test split is held out)."""
    if split != "dev":
        raise SystemExit("only the dev split's errors may be looked at; the test split is held out")
    adjudicated = gold.gold_statements_for_matching(gold.gold_table("statements-adjudicated"))
    reference = adjudicated[adjudicated["split"] == split].reset_index(drop=True)
    stances, _, _ = tool_output(split)
    tool = gold.tool_statements_for_matching(stances).reset_index(drop=True)
    gold_hit, tool_hit = gold.match(reference, tool)
    print("=== false statements (tool, not in gold)")
    for row in tool[~tool_hit].itertuples():
        print(f"  {row.article_id} [{row.rule}] {row.holder} | {row.target_text} | {row.sign:+d} || {row.sentence[:160]}")
    print("=== misses (gold, not found)")
    for row in reference[~gold_hit].itertuples():
        print(f"  {row.article_id} {row.holder} | {row.target_text} | {row.sign:+d} || {row.sentence[:160]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--splits", nargs="+", default=list(gold.SPLITS), choices=gold.SPLITS)
    parser.add_argument("--write", action="store_true", help="store the figures in the gold set's folder")
    parser.add_argument("--show", choices=gold.SPLITS, help="list the misses and false statements of a split")
    parser.add_argument("--topics", nargs="+", help="score only the articles of these topics (one batch of the gold "
                        "set); not with --write")
    arguments = parser.parse_args(argv)
    if arguments.show:
        show_errors(arguments.show)
        return 0
    if arguments.topics and arguments.write:
        parser.error("--topics scores part of the gold set: its figures are not stored (leave out --write)")
    results = evaluate(arguments.splits, topics=arguments.topics)
    results["agreement"] = coder_agreement()
    with pd.option_context("display.width", 200, "display.max_columns", 30):
        for name, table in results.items():
            print(f"\n== {name}\n{table.to_string(index=False)}")
    if arguments.write:
        for name, table in results.items():
            # seconds depend on the machine: printed, not stored
            table.drop(columns=["seconds"], errors="ignore").to_csv(gold.GOLDSET_DIR / gold.RESULT_FILES[name],
                                                                    index=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
