# The README's two commands set everything up themselves (scripts/setup.sh is quick
# when nothing changed). CI runs .ci/run, which runs `make test`.
PY := .venv/bin/python
# Two workers on two cores; each starts its own pair of mock sites; worksteal spreads
# the long main-job tests over both.
WORKERS ?= 2

.PHONY: setup setup-dev migrate reauth login test test-slow lint typecheck mocks bench

setup:
	@scripts/setup.sh

setup-dev:
	@scripts/setup.sh --dev

## make migrate: the main job (dry run, then --apply) on the embedded mock sites only
## (MIGRATION_TARGET=live is refused: a real org is migrated by the trust ladder)
migrate: setup
	$(PY) scripts/migrate.py

## make reauth: the keep-alive (reconnect OAuth on accounts expiring within 7 days) on the
## embedded mock sites; MOCK_SCENARIO defaults to `expiring` here
reauth: setup
	MIGRATION_TARGET=mock MOCK_SCENARIO=$${MOCK_SCENARIO:-expiring} \
		$(PY) -m pytest flows -q -p no:cacheprovider --reauth-only --apply

## make login: a person signs in to AEP (and Pinterest, when PINTEREST_STORAGE_STATE is
## set) in a browser; the signed-in states are saved with mode 600. LOGIN_ARGS passes
## options, e.g. LOGIN_ARGS="--cdp-endpoint http://127.0.0.1:9222" or "--site pinterest".
login: setup
	$(PY) scripts/login.py $(LOGIN_ARGS)

## make test: lint, type-check, then the whole regression suite on the embedded mocks
test: setup-dev lint typecheck
	$(PY) -m pytest -n $(WORKERS) --dist worksteal -m "not slow"

## make test-slow: the long runs (marked slow)
test-slow: setup-dev
	$(PY) -m pytest -n $(WORKERS) -m slow

lint: setup-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck: setup-dev
	$(PY) -m mypy

## make bench: the main job (PARALLEL_CONTEXTS 1, 2, 4) against a minimal Playwright script,
## N = 10 and 50 pairs, every request waiting 300 ms (BENCH_ARGS="--n 10 --k 4 --latency-ms 0"
## to choose); prints the table, writes bench/results/bench.json and bench.png
bench: setup-dev
	$(PY) -m bench $(BENCH_ARGS)

## make mocks: serve the mock AEP and mock Pinterest for a person to click through
mocks: setup
	$(PY) -m mocks
