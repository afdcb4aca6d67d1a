"""Throw-away copies of the repository, built as the README says: used by the tests and the benchmarks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def checkout(target: Path, root: Path = ROOT) -> Path:
    """Copy the files git tracks, with their uncommitted edits, plus new files git does not ignore: a clean
    checkout of the working tree, with no _build, cache or virtual environment."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=root,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for rel in filter(None, listed):
        source = root / rel
        if source.is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / rel)
    return target


def build(repo: Path, out: Path, state: Path, timeout: float = 1800) -> subprocess.CompletedProcess:
    """Run ``python -m briefing build`` on ``repo`` (its own package and data), output and cache elsewhere."""
    return subprocess.run(
        [sys.executable, "-m", "briefing", "build", "--out", str(out), "--cache", str(state)],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def execution_records(state: Path) -> dict[str, float]:
    """When each chapter was last executed, from the execution cache: {notebook path: timestamp}."""
    from jupyter_cache import get_cache

    cache = get_cache(str(state / ".jupyter_cache"))
    return {Path(r.uri).name: r.created.timestamp() for r in cache.list_cache_records()}
