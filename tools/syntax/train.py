"""Build presslens' spaCy syntax pipeline from the shared data: `python tools/syntax/train.py`.

Steps (each writes under --work-dir, default `<project>/build/syntax`):
1. convert UD English EWT and UNER English EWT to DocBins (gold tokens, split as convert.py says);
2. train word2vec vectors on AllSides news text (vectors.py), pruned to a small table;
3. `spacy train` configs/parser.cfg (tok2vec, tagger, morphologizer, parser) on EWT train, dev for the
   checkpoint, and configs/ner.cfg (its own tok2vec, ner) on the UNER training part, the annotated news
   sentences of news_ner.py and the annotated EWT train sentences of ewt_ner.py (`ner-train-all`);
4. put the entity recogniser, with its tok2vec inlined, into the parsing pipeline;
5. score it on gold tokens (EWT dev and test; UNER dev and held-out test; held-out news), time it on AllSides news
   sentences, and write the pipeline, its MODEL_CARD.md and its sha256 manifest to
   `lib/presslens/models/syntax/`.
Seeds are fixed in the configs and modules, so a rerun rebuilds the same pipeline.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

TRAINING_THREADS = "1"
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, TRAINING_THREADS)  # before numpy loads: spaCy trains on one core

TOOLS_DIR = Path(__file__).resolve().parent
PROJECT_DIR = TOOLS_DIR.parents[1]
sys.path[:0] = [str(TOOLS_DIR), str(PROJECT_DIR / "lib")]

import spacy  # noqa: E402
from spacy.cli.train import train as spacy_train  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.util import load_config  # noqa: E402

import convert  # noqa: E402
import evaluate  # noqa: E402
import ewt_ner  # noqa: E402
import model_card  # noqa: E402
import news  # noqa: E402
import vectors  # noqa: E402
from presslens.text import syntax  # noqa: E402

CONFIG_DIR = TOOLS_DIR / "configs"


def train_component(config: str, work_dir: Path, *, train: str, dev: str, vectors_dir: Path,
                    reuse: bool = False) -> Path:
    """`spacy train` one config on two DocBins of the work dir; the best checkpoint's folder.

    With `reuse`, an earlier run's best checkpoint in the work dir is returned without training.
    """
    out = work_dir / Path(config).stem
    if reuse and (out / "model-best").is_dir():
        return out / "model-best"
    overrides = {"paths.train": str(work_dir / "corpus" / f"{train}.spacy"),
                 "paths.dev": str(work_dir / "corpus" / f"{dev}.spacy"),
                 "paths.vectors": str(vectors_dir)}
    spacy_train(CONFIG_DIR / config, out, overrides=overrides, use_gpu=-1)
    return out / "model-best"


def assemble(parser_dir: Path, ner_dir: Path) -> Language:
    """The parsing pipeline with the entity recogniser added, its own tok2vec copied inside it."""
    nlp = spacy.load(parser_dir)
    entities = spacy.load(ner_dir)
    entities.replace_listeners("tok2vec", "ner", ["model.tok2vec"])
    nlp.add_pipe("ner", source=entities)
    nlp.meta |= {"name": "presslens_syntax", "version": "1.0.0",
                 "description": "presslens: tagger, UPOS, UD dependency parser and PERSON/ORG/LOC "
                                "entities, trained on UD English EWT and UNER English EWT"}
    return nlp


def score(nlp: Language, work_dir: Path, *, speed_texts: list[str]) -> dict[str, dict[str, float]]:
    """Parse and entity scores on gold tokens for every split, and the speed on news sentences."""
    corpus_dir = work_dir / "corpus"
    scores = {}
    for split in ("dev", "test"):
        gold = evaluate.read_docs(nlp, corpus_dir / f"ewt-{split}.spacy")
        with nlp.select_pipes(enable=list(evaluate.PARSE_COMPONENTS)):
            scores[f"ewt-{split}"] = evaluate.attachment_scores(gold, evaluate.predict_on_gold_tokens(nlp, gold))
    for split in ("ner-dev", "ner-test", "news-test"):
        gold = evaluate.read_docs(nlp, corpus_dir / f"{split}.spacy")
        with nlp.select_pipes(enable=list(evaluate.ENTITY_COMPONENTS)):
            scores[split] = evaluate.entity_scores(gold, evaluate.predict_on_gold_tokens(nlp, gold))
    scores["speed"] = evaluate.speed_report(nlp, speed_texts) | {
        "sentences": len(speed_texts), "words": sum(len(doc) for doc in nlp.tokenizer.pipe(speed_texts))}
    return scores


def folder_megabytes(folder: Path) -> float:
    """Size of every file under `folder`, in MB (10^6 bytes)."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) / 1e6


def ship(nlp: Language, scores: dict, model_dir: Path, *, sentence_counts: dict[str, int],
         train_entities: int, coder_check: dict[str, float]) -> None:
    """Write the pipeline, its model card and its sha256 manifest to `model_dir` (replacing it)."""
    if model_dir.exists():
        shutil.rmtree(model_dir)
    nlp.meta["presslens_scores"] = scores  # read back by tests/text/test_syntax.py
    nlp.to_disk(model_dir)
    card = model_card.render(nlp, scores, size_mb=folder_megabytes(model_dir),
                             ner_counts={name: count for name, count in sentence_counts.items()
                                         if name.startswith(("ner-", "news-", "ewt-train-"))},
                             ner_train_entities=train_entities,
                             parser_steps=load_config(CONFIG_DIR / "parser.cfg")["training"]["max_steps"],
                             coder_check=coder_check)
    (model_dir / "MODEL_CARD.md").write_text(card, encoding="utf-8")
    syntax.write_manifest(model_dir)


def print_scores(scores: dict) -> None:
    """Print every score, rounded, one split a line."""
    for split, values in scores.items():
        shown = ", ".join(f"{name} {value:.4f}" if isinstance(value, float) else f"{name} {value}"
                          for name, value in values.items())
        print(f"{split}: {shown}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work-dir", type=Path, default=PROJECT_DIR / "build" / "syntax",
                        help="folder for corpora, vectors and training runs (not committed)")
    parser.add_argument("--model-dir", type=Path, default=syntax.MODEL_DIR,
                        help="where the finished pipeline is written")
    parser.add_argument("--reuse-runs", action="store_true",
                        help="take the best checkpoints of an earlier run in the work dir instead of training "
                             "again (to rescore or rewrite the model card)")
    args = parser.parse_args(argv)

    sentence_counts = convert.write_corpora(args.work_dir / "corpus")
    print("sentences per split:", sentence_counts)
    vectors_dir = vectors.build(args.work_dir / "vectors" / "word2vec")
    parser_dir = train_component("parser.cfg", args.work_dir, train="ewt-train", dev="ewt-dev",
                                 vectors_dir=vectors_dir, reuse=args.reuse_runs)
    ner_dir = train_component("ner.cfg", args.work_dir, train="ner-train-all", dev="ner-dev",
                              vectors_dir=vectors_dir, reuse=args.reuse_runs)
    nlp = assemble(parser_dir, ner_dir)
    scores = score(nlp, args.work_dir, speed_texts=news.speed_sample(news.allsides_file()))
    print_scores(scores)
    (args.work_dir / "scores.json").write_text(json.dumps(scores, indent=2), encoding="utf-8")
    train_entities = sum(len(doc.ents)
                         for doc in evaluate.read_docs(nlp, args.work_dir / "corpus" / "ner-train-all.spacy"))
    ship(nlp, scores, args.model_dir, sentence_counts=sentence_counts, train_entities=train_entities,
         coder_check=ewt_ner.coder_check(nlp.vocab))
    print(f"wrote {args.model_dir}")


if __name__ == "__main__":
    main()
