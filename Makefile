# The README's two commands: `make run` (train, tag the seeds, report) and `make test`.
# `make run` retrains models/default only when labels/ changed (by sha256, see train --if-changed).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MODEL := models/default
TAGGED := out/seeds.tagged.jsonl

.PHONY: run test lint clean

# The package's bytecode is compiled at install, as pip does for a regular install: an editable
# one leaves it to the first run, and where PYTHONDONTWRITEBYTECODE is set (as in many
# containers, and here) every run would compile the modules it imports again.
$(BIN)/classifier: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,dev]'
	$(BIN)/python -m compileall -q classifier
	touch $@

run: $(BIN)/classifier
	$(BIN)/classifier train --labels labels/ --output $(MODEL) --force --if-changed
	@mkdir -p out
	$(BIN)/classifier tag seeds/ --model $(MODEL) --explain --output $(TAGGED) --force
	@$(BIN)/python -m classifier.show $(TAGGED)
	$(BIN)/classifier report $(TAGGED)
	$(BIN)/classifier report $(TAGGED) --format html --output out/report --force

test: $(BIN)/classifier
	bash .ci/chromium
	$(BIN)/python -m pytest -q

lint: $(BIN)/classifier
	$(BIN)/ruff check classifier tests benchmarks
	$(BIN)/ruff format --check classifier tests benchmarks

clean:
	rm -rf $(VENV) out .pytest_cache
