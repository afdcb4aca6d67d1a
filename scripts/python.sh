#!/usr/bin/env bash
# The Python that runs the pre-commit hooks (.pre-commit-config.yaml): the active virtual environment's,
# else .venv/bin/python (made by scripts/test.sh), else python3. Every tool a hook runs is pinned in
# requirements-test.txt, so no hook is downloaded and the hooks work offline.
if [ -n "${VIRTUAL_ENV:-}" ] && [ -x "$VIRTUAL_ENV/bin/python" ]; then
  py="$VIRTUAL_ENV/bin/python"
elif [ -x .venv/bin/python ]; then
  py=.venv/bin/python
else
  py=python3
fi
exec "$py" "$@"
