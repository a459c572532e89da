# Two commands set everything up on a fresh machine: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.installed
PLUGINS := $(wildcard plugins/*)
SOURCES := pyproject.toml $(wildcard plugins/*/pyproject.toml)

.PHONY: install run test clean ffmpeg

install: $(STAMP) ffmpeg

# pip's and the build backends' chatter goes to .venv/install.log; shown only on failure.
$(STAMP): $(SOURCES)
	@test -x $(PY) || python3 -m venv $(VENV)
	@echo "installing MVidarr, its web app and $(words $(PLUGINS)) plugins into $(VENV)..."
	@( $(PIP) install --quiet --upgrade pip && \
	   $(PIP) install --quiet -e '.[test]' $(foreach p,$(PLUGINS),-e ./$(p)) \
	 ) > $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	@touch $(STAMP)

ffmpeg:
	@scripts/ensure-ffmpeg

run: install
	$(VENV)/bin/mvidarr serve

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
