# Two commands matter: `make run` (build the index, start the app) and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test bench eval clean

$(STAMP): pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/dlstudy ingest
	@echo
	@echo "What to try next:"
	@echo "  $(BIN)/dlstudy syllabus --week 5"
	@echo "  $(BIN)/dlstudy ask 'Why is GELU used in BERT?'"

test: install
	$(PY) -m pytest

bench: install
	$(PY) -m eval.bench

clean:
	rm -rf $(VENV) .pytest_cache
