#!/usr/bin/env bash
# Set up and run the tests: a virtual environment with the pinned packages, Debian's Chromium for the
# browser tests (installed with apt when missing), then pytest. Exits non-zero on any failure, and when
# no test ran (pytest's status 5).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests ..."
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y --no-install-recommends chromium \
    || { $sudo apt-get update && $sudo apt-get install -y --no-install-recommends chromium; }
fi
exec .venv/bin/python -m pytest "$@"
