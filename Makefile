# Two commands set everything up on a fresh machine: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.installed
PLUGINS := $(wildcard plugins/*)
SOURCES := pyproject.toml $(wildcard plugins/*/pyproject.toml)

.PHONY: install run test clean ffmpeg

install: $(STAMP) ffmpeg

$(STAMP): $(SOURCES)
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[test]' $(foreach p,$(PLUGINS),-e ./$(p))
	touch $(STAMP)

ffmpeg:
	@scripts/ensure-ffmpeg

run: install
	$(VENV)/bin/mvidarr serve

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
