# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	@for case in examples/*/case.yaml; do \
		echo "== packet check $$case"; \
		$(BIN)/packet check "$$case" || exit $$?; \
	done
	@echo "== packet build examples/medical/case.yaml"
	@printf "The packet is at: "
	@$(BIN)/packet build examples/medical/case.yaml --force

lint: $(STAMP)
	$(BIN)/ruff check src tests examples bench
	$(BIN)/ruff format --check src tests examples bench

test: $(STAMP) lint
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) examples/*/build
