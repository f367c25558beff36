"""Near-copies and wire copy: articles that are one text up to furniture, headline, trimming and light edits.

Method (thresholds in `data/near-copies.csv`, which says what each decides):

1. each article's cleaned body is cut into shingles, overlapping runs of `shingle_words` lower-cased words,
   each hashed to 64 bits (pandas' fixed-key SipHash, so the same text gives the same hashes in every process);
2. a MinHash signature of `num_perm` values summarises each article's shingle set (computed with numpy over a
   whole chunk of articles at once; multiply-shift hash functions from a fixed seed);
3. locality-sensitive hashing proposes the candidate pairs: signatures are cut into the bands `datasketch.MinHashLSH`
   chooses for `lsh_threshold`, and two articles that agree on a whole band are a candidate pair;
4. each candidate pair is checked exactly on its two shingle sets: a copy when the shorter article's shingles
   occur in the longer one at least `min_containment` and the Jaccard similarity is at least `min_jaccard`;
   articles of identical wording are copies whatever their length;
5. copy groups are stars around a first article: taking the articles in "first published" order (by `published`,
   articles without a date after those with one, ties by the order of the corpus), each one joins the group of
   the earliest first article it is a copy of, or starts a group; every member is a checked copy of its group's
   first article (a chain of updates, A like B like C but C unlike A, is not one group).

Headlines are not compared (outlets rewrite them), and neither is anything cleaning moved out of the body.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from presslens import config, engine as chunk_engine
from presslens.text.instruments import read_table

THRESHOLDS_FILE = "near-copies.csv"
WORD_BREAK = r"[^\p{L}\p{N}_]+"  # RE2: what separates words
# fixed seed of the MinHash hash functions: signatures are comparable across runs and processes
MINHASH_SEED = 20_211
# shingles hashed by all permutations in one numpy pass: the block stays in the CPU cache (128 x 8,192 x 4 bytes);
# on 5,000 AllSides articles this took 0.2 s against 2.5 s for 16 permutations at a time over the whole chunk
BLOCK_SHINGLES = 8192
# odd 64-bit multipliers that mix the word hashes of one shingle (from the SplitMix64 and xxHash constants)
_MIXERS = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
                    0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x27D4EB2F165667C5, 0x94D049BB133111EB],
                   dtype=np.uint64)
GROUP_COLUMNS = ["article_id", "copy_group", "similarity", "first_published"]


@dataclass(frozen=True)
class CopyThresholds:
    """The settings of `data/near-copies.csv` (see that file for what each decides)."""

    shingle_words: int = 5
    num_perm: int = 128
    lsh_threshold: float = 0.3
    min_containment: float = 0.6
    min_jaccard: float = 0.2
    min_shingles: int = 25


def copy_thresholds(path: str | None = None) -> CopyThresholds:
    """Read the near-copy thresholds from `data/near-copies.csv` (or `path`).

    Raises:
        ValueError: naming the file for an unknown or missing setting, or a value out of range.
    """
    path = path or config.instrument(THRESHOLDS_FILE)
    table = read_table(path, ["setting", "value"], what="near-copy thresholds file")
    values = dict(zip(table["setting"], table["value"]))
    fields = CopyThresholds.__dataclass_fields__
    unknown = sorted(set(values) - set(fields))
    missing = sorted(set(fields) - set(values))
    if unknown or missing:
        raise ValueError(f"near-copy thresholds file {path}: unknown settings {unknown}, missing {missing}")
    try:
        settings = {name: int(values[name]) if fields[name].type == "int" else float(values[name]) for name in fields}
    except ValueError as bad:
        raise ValueError(f"near-copy thresholds file {path}: {bad}") from None
    thresholds = CopyThresholds(**settings)
    shares = ("lsh_threshold", "min_containment", "min_jaccard")
    if thresholds.shingle_words < 1 or thresholds.num_perm < 2 or thresholds.min_shingles < 1 or not all(
            0 < getattr(thresholds, name) <= 1 for name in shares):
        raise ValueError(f"near-copy thresholds file {path}: counts must be positive and {shares} in (0, 1]")
    return thresholds


# --- shingles and signatures -------------------------------------------------------------------------------


def article_texts(source: object) -> pd.DataFrame:
    """article_id, text, published and the corpus order of every article of a Corpus or an articles table.

    The text is the cleaned `body` when there is one, else `text`.
    """
    articles = getattr(source, "articles", source)
    if not isinstance(articles, pd.DataFrame) or "article_id" not in articles.columns:
        raise TypeError("expected a Corpus or an articles table with article_id and body (or text)")
    column = "body" if "body" in articles.columns else "text"
    if column not in articles.columns:
        raise ValueError("the articles table needs a 'body' or 'text' column")
    published = (pd.to_datetime(articles["published"], errors="coerce") if "published" in articles.columns
                 else pd.Series(pd.NaT, index=articles.index, dtype="datetime64[us]"))
    return pd.DataFrame({"article_id": articles["article_id"].astype(str).to_numpy(),
                         "text": articles[column].fillna("").astype(str).to_numpy(),
                         "published": published.to_numpy(), "order": np.arange(len(articles))})


def shingle_sets(texts: list[str], *, words: int) -> list[np.ndarray]:
    """Each text's set of shingles (runs of `words` lower-cased words) as sorted unique 64-bit hashes.

    Words are runs of letters, digits and "_" (Arrow's RE2, over the whole chunk at once); a text of fewer than
    `words` words has no shingles (it is compared by its wording only).
    """
    flat, offsets = _flat_shingles(texts, words)
    return [np.unique(runs) for runs in np.split(flat, offsets[1:-1])]


def _word_hashes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The 64-bit hash of every lower-cased word of the texts, in order, and the text each word belongs to."""
    pieces = pc.split_pattern_regex(pc.utf8_lower(pa.array(texts, type=pa.large_string())), WORD_BREAK)
    tokens = pc.list_flatten(pieces)
    nonempty = pc.not_equal(tokens, "").to_numpy(zero_copy_only=False)
    encoded = pc.dictionary_encode(tokens.filter(pa.array(nonempty)))
    word_hashes = pd.util.hash_array(encoded.dictionary.to_numpy(zero_copy_only=False).astype(object))
    return word_hashes[encoded.indices.to_numpy()], pc.list_parent_indices(pieces).to_numpy()[nonempty]


def _wording_keys(hashes: np.ndarray, text_of_token: np.ndarray, count: int) -> np.ndarray:
    """A 64-bit key of each text's word sequence (sum of word hash x P^position); 0 for a text without words."""
    starts = np.searchsorted(text_of_token, np.arange(count + 1))
    keys = np.zeros(count, dtype=np.uint64)
    if not len(hashes):
        return keys
    position = np.arange(len(hashes)) - starts[text_of_token]
    with np.errstate(over="ignore"):
        powers = np.cumprod(np.full(int(position.max()) + 1, _MIXERS[0], dtype=np.uint64))
        values = hashes * powers[position]
        filled = np.flatnonzero(np.diff(starts) > 0)
        keys[filled] = np.add.reduceat(values, starts[filled])
        keys[filled] ^= np.diff(starts)[filled].astype(np.uint64) * _MIXERS[1]  # and the number of words
    return keys


def _flat_shingles(texts: list[str], words: int) -> tuple[np.ndarray, np.ndarray]:
    """The hashes of every run of `words` words of each text (repeats kept), concatenated, and each text's offsets.

    A MinHash is the same with or without repeats; the exact check makes each candidate's set unique.
    """
    hashes, text_of_token = _word_hashes(texts)
    return _runs(hashes, text_of_token, len(texts), words)


def _runs(hashes: np.ndarray, text_of_token: np.ndarray, count: int, words: int) -> tuple[np.ndarray, np.ndarray]:
    runs = len(hashes) - words + 1
    if runs <= 0:
        return np.empty(0, dtype=np.uint64), np.zeros(count + 1, dtype=np.int64)
    mixed = np.zeros(runs, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(words):
            mixed += hashes[offset:offset + runs] * _MIXERS[offset % len(_MIXERS)]
        mixed ^= mixed >> np.uint64(31)
        mixed *= np.uint64(0xBF58476D1CE4E5B9)
        mixed ^= mixed >> np.uint64(29)
    text_of_run = text_of_token[:runs]
    within = text_of_run == text_of_token[words - 1:]  # the run does not cross into the next text
    offsets = np.searchsorted(text_of_run[within], np.arange(count + 1))
    return mixed[within], offsets


def _hash_functions(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    generator = np.random.default_rng(MINHASH_SEED)
    multipliers = generator.integers(0, 2**31, size=num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    offsets = generator.integers(0, 2**32, size=num_perm, dtype=np.uint32)
    return multipliers, offsets


def minhash_signatures(sets: list[np.ndarray], *, num_perm: int) -> np.ndarray:
    """One row of `num_perm` 32-bit MinHash values per shingle set; empty sets give all-max rows."""
    flat = np.concatenate(sets) if sets else np.empty(0, dtype=np.uint64)
    return _signatures(flat, np.cumsum([0] + [len(values) for values in sets]), num_perm)


def _signatures(flat: np.ndarray, offsets: np.ndarray, num_perm: int) -> np.ndarray:
    """MinHash rows of the sets flat[offsets[i]:offsets[i + 1]].

    Hash function p of a shingle x is a_p * x32 + b_p mod 2**32 (a_p odd: a permutation of the 32-bit values,
    datasketch's "affine32" scheme), where x32 folds the shingle's 64-bit hash to 32 bits.
    """
    count = len(offsets) - 1
    signatures = np.full((count, num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    sizes = np.diff(offsets)
    folded = ((flat >> np.uint64(32)) ^ (flat & np.uint64(0xFFFFFFFF))).astype(np.uint32)
    multipliers, adds = _hash_functions(num_perm)
    first = 0
    with np.errstate(over="ignore"):
        while first < count:
            # texts whose shingles fit one block (at least one text): all permutations of a block at once
            last = min(count, max(first + 1, int(np.searchsorted(offsets, offsets[first] + BLOCK_SHINGLES,
                                                                 side="right")) - 1))
            filled = first + np.flatnonzero(sizes[first:last])
            if len(filled):
                start = offsets[first]
                values = folded[None, start:offsets[last]] * multipliers[:, None] + adds[:, None]
                signatures[filled] = np.minimum.reduceat(values, offsets[filled] - start, axis=1).T
            first = last
    return signatures


def _signature_chunk(texts: pd.DataFrame, *, words: int, num_perm: int
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One chunk's shingle runs, their offsets, MinHash signatures and wording keys."""
    hashes, text_of_token = _word_hashes(texts["text"].tolist())
    flat, offsets = _runs(hashes, text_of_token, len(texts), words)
    return flat, offsets, _signatures(flat, offsets, num_perm), _wording_keys(hashes, text_of_token, len(texts))


# --- candidate pairs and their check -------------------------------------------------------------------------


def candidate_pairs(signatures: np.ndarray, usable: np.ndarray, *, threshold: float) -> np.ndarray:
    """Pairs (i, j), i < j, of rows whose signatures agree on all the values of at least one LSH band.

    The number of bands and rows per band are datasketch's (`MinHashLSH(threshold, num_perm).b` and `.r`: the
    choice that minimises false positives and negatives around `threshold`); the bands are hashed and matched
    with numpy, which finds the pairs datasketch's index finds (a test compares them) in a fraction of the time
    (datasketch's index, a Python dictionary per band, took about a third of `near_duplicates` on 10,000
    AllSides articles). A band key is a 64-bit hash of the band's values: a collision only adds a candidate,
    which the exact check then rejects.

    Args:
        signatures: MinHash rows from `minhash_signatures`.
        usable: which rows take part (long enough to compare).
        threshold: the Jaccard similarity the bands are tuned for.

    Returns:
        An (n, 2) int64 array, sorted.
    """
    from datasketch import MinHashLSH

    index = MinHashLSH(threshold=threshold, num_perm=signatures.shape[1])
    rows = np.flatnonzero(usable)
    values = signatures[rows].astype(np.uint64)
    mixers = np.random.default_rng(MINHASH_SEED).integers(0, 2**63, size=index.r, dtype=np.uint64) * np.uint64(2) + \
        np.uint64(1)
    found = []
    with np.errstate(over="ignore"):
        for band in range(index.b):
            keys = (values[:, band * index.r:(band + 1) * index.r] * mixers).sum(axis=1, dtype=np.uint64)
            order = np.argsort(keys, kind="stable")
            ordered = keys[order]
            starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
            sizes = np.diff(np.r_[starts, len(ordered)])
            for start, size in zip(starts[sizes > 1], sizes[sizes > 1]):
                members = np.sort(rows[order[start:start + size]])
                first, second = np.triu_indices(size, 1)
                found.append(np.column_stack([members[first], members[second]]))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    return np.unique(np.concatenate(found), axis=0).astype(np.int64)


def overlap(first: np.ndarray, second: np.ndarray) -> tuple[float, float]:
    """(containment, Jaccard) of two shingle sets: shared shingles over the smaller set, and over their union."""
    if not len(first) or not len(second):
        return 0.0, 0.0
    shared = len(np.intersect1d(first, second, assume_unique=True))
    return shared / min(len(first), len(second)), shared / (len(first) + len(second) - shared)


def checked_pairs(sets: dict[int, np.ndarray] | list[np.ndarray], pairs: np.ndarray,
                  thresholds: CopyThresholds) -> pd.DataFrame:
    """Each candidate pair with its exact containment and Jaccard, and whether it is a copy.

    Returns:
        Columns `first`, `second` (row numbers), `containment`, `jaccard`, `copy`.
    """
    measures = np.array([overlap(sets[i], sets[j]) for i, j in pairs], dtype=float).reshape(-1, 2)
    table = pd.DataFrame({"first": pairs[:, 0], "second": pairs[:, 1], "containment": measures[:, 0],
                          "jaccard": measures[:, 1]})
    table["copy"] = (table["containment"] >= thresholds.min_containment) & (table["jaccard"] >= thresholds.min_jaccard)
    return table


def _same_wording(keys: np.ndarray) -> np.ndarray:
    """Pairs of rows whose word sequences are identical (any length), each row paired with the first of its kind."""
    first_of = pd.Series(np.arange(len(keys))).groupby(keys).transform("min").to_numpy()
    rows = np.flatnonzero((keys != 0) & (first_of != np.arange(len(keys))))
    return np.column_stack([first_of[rows], rows]).astype(np.int64)


# --- groups --------------------------------------------------------------------------------------------------


def near_duplicates(corpus: object, *, thresholds: CopyThresholds | None = None, engine: str = "auto",
                    n_jobs: int | None = None, pairs: bool = False) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Group the articles that are copies of one text: wire copy, syndicated and updated versions.

    Args:
        corpus: a Corpus, or an articles table with `article_id`, `body` (or `text`) and optionally `published`.
        thresholds: the settings of `data/near-copies.csv` (read from there by default).
        engine, n_jobs: where shingles and signatures are computed (see `presslens.engine.map_articles`; "auto"
            uses worker processes from 2,000 articles on).
        pairs: also return the checked candidate pairs (article ids, containment, Jaccard, copy).

    Returns:
        One row per article, in corpus order: `article_id`; `copy_group` (1, 2, ... numbered by each group's
        first article in date order; an article without copies is a group of one); `similarity`, the share of
        the shorter text's shingles found in the group's first article (1.0 for that article itself, and for
        a group of one); `first_published`, the article_id of the group's first article. With `pairs=True`, a
        second table of the candidate pairs.
    """
    thresholds = thresholds or copy_thresholds()
    texts = article_texts(corpus)
    results = chunk_engine.map_articles(
        partial(_signature_chunk, words=thresholds.shingle_words, num_perm=thresholds.num_perm), texts,
        engine=engine, n_jobs=n_jobs, progress=False, description="shingles")
    runs = [values for flat, offsets, _, _ in results for values in np.split(flat, offsets[1:-1])]
    signatures = (np.concatenate([chunk for _, _, chunk, _ in results]) if results
                  else np.empty((0, thresholds.num_perm), dtype=np.uint32))
    wording = np.concatenate([keys for _, _, _, keys in results]) if results else np.empty(0, dtype=np.uint64)
    sizes = np.fromiter(map(len, runs), dtype=np.int64, count=len(runs))
    candidates = candidate_pairs(signatures, sizes >= thresholds.min_shingles, threshold=thresholds.lsh_threshold)
    sets = {row: np.unique(runs[row]) for row in np.unique(candidates)}
    checked = checked_pairs(sets, candidates, thresholds)
    identical = _same_wording(wording)
    edges = pd.concat([checked.loc[checked["copy"], ["first", "second", "containment"]],
                       pd.DataFrame({"first": identical[:, 0], "second": identical[:, 1], "containment": 1.0})],
                      ignore_index=True)
    groups = _groups(texts, edges)
    if not pairs:
        return groups
    ids = texts["article_id"].to_numpy()
    table = checked.assign(first=ids[checked["first"]], second=ids[checked["second"]])
    return groups, table.rename(columns={"first": "article_id", "second": "other_id"}).round(
        {"containment": 4, "jaccard": 4})


def _groups(texts: pd.DataFrame, edges: pd.DataFrame) -> pd.DataFrame:
    """Star groups: in "first published" order, an article joins the group of the earliest first article it is a
    copy of (the one it shares most with, on a tie), else it starts a group. Every member is thus a checked
    copy of its group's first article: chains (A like B, B like C, C unlike A) do not make one group.

    Args:
        texts: from `article_texts`.
        edges: copies as row numbers `first`, `second` with their `containment`.
    """
    count = len(texts)
    published = texts["published"]
    moments = published.to_numpy(dtype="datetime64[us]").astype(np.int64)  # NaT's value sorts last via isna
    by_rank = np.lexsort((texts["order"].to_numpy(), moments, published.isna().to_numpy()))
    rank = np.empty(count, dtype=np.int64)
    rank[by_rank] = np.arange(count)
    partners: dict[int, list[tuple[int, float]]] = {}
    for first, second, containment in edges[["first", "second", "containment"]].itertuples(index=False):
        earlier, later = (first, second) if rank[first] < rank[second] else (second, first)
        partners.setdefault(int(later), []).append((int(earlier), float(containment)))
    leader = np.arange(count)
    similarity = np.ones(count)
    for row in by_rank:
        options = [(-containment, rank[other], other) for other, containment in partners.get(int(row), ())
                   if leader[other] == other]
        if options:
            negative_share, _, chosen = min(options)
            leader[row], similarity[row] = chosen, -negative_share
    numbering = pd.Series(rank[leader]).rank(method="dense").astype("int64").to_numpy()
    ids = texts["article_id"].to_numpy()
    return pd.DataFrame({"article_id": ids, "copy_group": numbering, "similarity": similarity.round(4),
                         "first_published": ids[leader]})


def keep_first_copies(table: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    """The rows of `table` whose article is the first of its copy group: count each copied text once.

    Args:
        table: any table with `article_id` (articles, sentences, tokens, mentions, stance statements, ...).
        groups: the table of `near_duplicates`.

    Returns:
        The rows of `table` from first-published articles (and from articles `groups` does not know), in
        their order, index reset.
    """
    copies = groups.loc[groups["article_id"] != groups["first_published"], "article_id"]
    return table[~table["article_id"].isin(copies)].reset_index(drop=True)


def spread_to_copies(table: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    """Give each copy the rows of its group's first article: `table` (keyed by first articles, e.g. topic
    assignments fitted on `keep_first_copies`) with one more set of rows per copy, under the copy's article_id.

    Returns:
        The rows of `table`, then the copies' rows, index reset.
    """
    copies = groups.loc[groups["article_id"] != groups["first_published"], ["article_id", "first_published"]]
    spread = copies.merge(table.rename(columns={"article_id": "first_published"}), on="first_published")
    spread = spread.drop(columns="first_published")[table.columns]
    return pd.concat([table, spread], ignore_index=True)


def dedupe(table: pd.DataFrame, groups: pd.DataFrame | None, how: str = "none") -> pd.DataFrame:
    """`how="first"` keeps one article per copy group (`keep_first_copies`); "none" returns `table` as it is.

    Raises:
        ValueError: for another `how`, or "first" without `groups`.
    """
    if how == "none":
        return table
    if how != "first":
        raise ValueError(f"dedupe must be 'none' or 'first', not {how!r}")
    if groups is None:
        raise ValueError("dedupe='first' needs the copy groups of stories.near_duplicates")
    return keep_first_copies(table, groups)


def copy_group_summary(groups: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per copy group of two or more articles: size, sources, date span and the first article's title.

    Args:
        groups: the table of `near_duplicates`.
        articles: the articles table (article_id, title, source, published).

    Returns:
        Columns copy_group, articles, sources, first_published, first_source, first_date, last_date, title,
        min_similarity, sorted by size (largest first), then group number.
    """
    articles = getattr(articles, "articles", articles)
    meta = articles[["article_id", "title", "source", "published"]].copy()
    meta["published"] = pd.to_datetime(meta["published"], errors="coerce")
    table = groups.merge(meta, on="article_id", how="left")
    sizes = table.groupby("copy_group")["article_id"].transform("size")
    table = table[sizes > 1]
    summary = table.groupby("copy_group").agg(
        articles=("article_id", "size"), sources=("source", "nunique"), first_published=("first_published", "first"),
        first_date=("published", "min"), last_date=("published", "max"), min_similarity=("similarity", "min"))
    firsts = meta.set_index("article_id").loc[summary["first_published"], ["title", "source"]]
    summary["first_source"] = firsts["source"].to_numpy()
    summary["title"] = firsts["title"].to_numpy()
    summary = summary.reset_index()
    for column in ("first_date", "last_date"):
        summary[column] = summary[column].dt.date
    columns = ["copy_group", "articles", "sources", "first_published", "first_source", "first_date", "last_date",
               "title", "min_similarity"]
    return summary[columns].sort_values(["articles", "copy_group"], ascending=[False, True], ignore_index=True)
