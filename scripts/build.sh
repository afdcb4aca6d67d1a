#!/usr/bin/env bash
# Set up and build the site: a virtual environment with the pinned packages, then the whole book into
# _build/html (warnings are errors; the site is replaced only when the build succeeded).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
exec .venv/bin/python -m briefing build "$@"
