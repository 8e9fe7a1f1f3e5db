# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-lowest lint bench clean system-deps

# Debian packages: HarfBuzz's subsetter (WeasyPrint embeds fonts 4x faster with it) and, for
# `make bench`, the tools it compares against. Installed when missing and apt-get can run.
SYSTEM_LIBS := libharfbuzz-subset0
# Word documents (DOCX, DOC, ODT, RTF) are converted by LibreOffice's writer, headless; the
# tests of that conversion need it too.
CONVERTERS := libreoffice-writer-nogui
# Tests compare pages against poppler (pdftotext, pdftoppm) and check packets with qpdf.
TEST_TOOLS := poppler-utils qpdf
BENCH_TOOLS := pdftk-java poppler-utils time ghostscript

define apt_install
	@missing=""; for pkg in $(1); do dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing$$missing (Debian packages)"; \
			(apt-get install -y -qq $$missing >/dev/null 2>&1 || \
			 (apt-get update -qq && apt-get install -y -qq $$missing >/dev/null)) || \
			echo "warning: could not install$$missing; packetbuilder works without it (slower, or without Word documents)"; \
		else \
			echo "note: install$$missing with your package manager (for full speed and Word documents)"; \
		fi; \
	fi
endef

system-deps:
	$(call apt_install,$(SYSTEM_LIBS) $(CONVERTERS) $(TEST_TOOLS))

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@# Byte-compiled as pip does for an installed package (an editable one is not, and with
	@# PYTHONDONTWRITEBYTECODE set it would be compiled again on every run).
	$(BIN)/python -m compileall -q src/packetbuilder
	touch $(STAMP)

demo: $(STAMP)
	@for case in examples/*/case.yaml; do \
		echo "== packet check $$case"; \
		$(BIN)/packet check "$$case" || exit $$?; \
	done
	@echo "== packet build examples/medical/case.yaml"
	@printf "The packet is at: "
	@$(BIN)/packet build examples/medical/case.yaml --force
	@echo "== packet proof (the flagged pages to look at, then the sheet's path)"
	@$(BIN)/packet proof examples/medical/build/HP-2026-0142-packet.pdf

lint: $(STAMP)
	$(BIN)/ruff check src tests examples bench tools
	$(BIN)/ruff format --check src tests examples bench tools
	$(BIN)/mypy

test: $(STAMP) lint
	$(BIN)/pytest -q

# The same tests with every direct dependency at the lowest version pyproject.toml allows.
LOWEST := .venv-lowest
test-lowest: $(STAMP)
	$(PYTHON) -m venv $(LOWEST)
	$(LOWEST)/bin/pip install --quiet --upgrade pip
	$(LOWEST)/bin/pip install --quiet -c ci/lowest-constraints.txt -e '.[test]'
	$(LOWEST)/bin/pytest -q -p no:cacheprovider

bench: $(STAMP)
	$(call apt_install,$(BENCH_TOOLS) $(SYSTEM_LIBS))
	$(BIN)/python bench/run.py --photos

clean:
	rm -rf $(VENV) $(LOWEST) examples/*/build
