#!/usr/bin/env bash
# Set up and run the tests: a virtual environment with the pinned packages, Debian's Chromium for the
# browser tests and npm (both installed with apt when missing), axe-core pinned from the npm registry
# (tests/axe), then pytest. Exits non-zero on any failure, and when no test ran (pytest's status 5).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
# A Debian package, installed with apt when its command is missing: (command, package, what it is for).
need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "Installing Debian's $2 for $3 ..."
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y --no-install-recommends "$2" \
    || { $sudo apt-get update && $sudo apt-get install -y --no-install-recommends "$2"; }
}
need chromium chromium "the browser tests"
need npm npm "the accessibility tests"
# axe-core, pinned with its checksum in tests/axe/package-lock.json, from the npm registry
npm ci --prefix tests/axe --no-audit --no-fund --loglevel=error
exec .venv/bin/python -m pytest "$@"
