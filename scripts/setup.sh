#!/usr/bin/env bash
# Set everything up, idempotently and quickly when already done: the virtual environment
# in .venv with the pinned packages, and a Chromium for Playwright.
#   scripts/setup.sh          harness + mock sites
#   scripts/setup.sh --dev    plus the test and lint tools
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
requirements=requirements.txt
[[ "${1:-}" == "--dev" ]] && requirements=requirements-dev.txt

if [[ ! -x .venv/bin/python ]]; then
  echo "setup: creating .venv"
  "$python" -m venv .venv
fi

# Reinstall only when the pins changed.
stamp=.venv/.installed-$(basename "$requirements" .txt)
wanted=$(cat requirements.txt "$requirements" constraints.txt | sha256sum | cut -d' ' -f1)
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$wanted" ]]; then
  echo "setup: installing $requirements"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements" -c constraints.txt
  echo "$wanted" > "$stamp"
fi

# A Chromium: a system one if present, else Playwright's own download, else Debian's package.
if ! .venv/bin/python scripts/find_chromium.py --quiet; then
  echo "setup: no Chromium found; trying 'playwright install chromium'"
  if ! { .venv/bin/python -m playwright install chromium &&
         .venv/bin/python scripts/find_chromium.py --quiet; }; then
    if command -v apt-get >/dev/null && [[ $(id -u) == 0 ]]; then
      echo "setup: installing Debian's chromium with apt-get"
      apt-get update -qq && apt-get install -y -qq chromium chromium-headless-shell >/dev/null
    fi
    .venv/bin/python scripts/find_chromium.py || {
      echo "setup: no Chromium available; install one (e.g. 'playwright install chromium' or your OS package)" >&2
      exit 1
    }
  fi
fi

# Headless runs (the main job, the tests) use far less CPU in Chromium's headless shell,
# which Playwright's own download includes; beside a Debian chromium, add Debian's shell.
if ! .venv/bin/python scripts/find_chromium.py --quiet --shell &&
   command -v apt-get >/dev/null && [[ $(id -u) == 0 ]]; then
  echo "setup: installing Debian's chromium-headless-shell with apt-get"
  apt-get install -y -qq chromium-headless-shell >/dev/null 2>&1 ||
    { apt-get update -qq && apt-get install -y -qq chromium-headless-shell >/dev/null; } ||
    echo "setup: no chromium-headless-shell; headless runs use the full Chromium"
fi
