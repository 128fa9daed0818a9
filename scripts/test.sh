#!/usr/bin/env bash
# Install the toolkit with its test tools and the cluster extra (Ray: the cluster tests run a real one) into
# .venv, then run the whole test suite.
# Browser tests need Debian's chromium-headless-shell (Chromium's own headless build, the one Playwright uses
# for headless runs: the same Blink at a quarter of the full browser's CPU a page) and the npm checkers
# (axe-core, vnu-jar); they are installed here when missing, so a fresh clone needs nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test,cluster]'

if ! command -v chromium-headless-shell >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "installing Debian chromium-headless-shell for the browser tests" >&2
    apt-get update -qq >/dev/null && apt-get install -y -qq chromium-headless-shell >/dev/null
fi
if [ -f tests/browser/package.json ] && command -v npm >/dev/null 2>&1 && [ ! -d tests/browser/node_modules ]; then
    npm ci --silent --no-audit --no-fund --prefix tests/browser >/dev/null
fi

.venv/bin/python -m ruff check toolkit tests bench
exec .venv/bin/python -m pytest "$@"
