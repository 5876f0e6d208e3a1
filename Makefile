# The two commands that matter: `make run` (build the index, start the app) and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
# Two installs: the app alone (`make run`: no llama.cpp, which compiles for minutes), and the app
# with the in-process language model and the test tools (`make test`, so that provider is tested).
STAMP      := $(VENV)/.installed
LLM_STAMP  := $(VENV)/.installed-llm
TEST_STAMP := $(VENV)/.installed-test
PORT   ?= 8501

.PHONY: install install-llm run lint test bench eval browser clean

$(STAMP): pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e .
	touch $(STAMP)

$(LLM_STAMP): $(STAMP)
	$(PY) -m pip install -q -c constraints.txt -e '.[llm]'
	touch $(LLM_STAMP)

$(TEST_STAMP): $(STAMP)
	$(PY) -m pip install -q -c constraints.txt -e '.[test,llm]'
	touch $(TEST_STAMP)

install: $(STAMP)

# `--provider llamacpp`: a small language model in this process (builds llama-cpp-python).
install-llm: $(LLM_STAMP)

run: install
	$(BIN)/dlstudy ingest
	@echo "Starting the study app on http://127.0.0.1:$(PORT) (Ctrl-C stops it)."
	@echo "Also try: $(BIN)/dlstudy ask 'Why is GELU used in BERT?'  |  $(BIN)/dlstudy quiz --week 5"
	$(BIN)/dlstudy ui --port $(PORT)

# Debian's Chromium for the end-to-end browser test (Playwright drives it; nothing is downloaded
# from a browser vendor). Needs root for apt-get; without it the browser test is skipped.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
	  echo "warning: could not install chromium; the browser test will be skipped"

# ruff (configured in pyproject.toml) and mypy over the whole tree; `make test` runs it first.
lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

test: $(TEST_STAMP) browser lint
	$(PY) -m pytest

bench: install
	$(PY) -m eval.bench

eval: install
	$(BIN)/dlstudy eval --out eval-report

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
