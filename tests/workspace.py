"""Throw-away copies of the repository, built as the README says or run live in JupyterLab: used by the
tests and the benchmarks."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
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


def build(repo: Path, out: Path, state: Path, timeout: float = 1800, jobs: int = 1) -> subprocess.CompletedProcess:
    """Run ``python -m briefing build`` on ``repo`` (its own package and data), output and cache elsewhere,
    reading ``jobs`` chapters at a time."""
    return subprocess.run(
        [sys.executable, "-m", "briefing", "build", "--out", str(out), "--cache", str(state), "--jobs", str(jobs)],
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


@contextmanager
def jupyterlab(repo: Path, timeout: float = 90):
    """JupyterLab serving ``repo`` on 127.0.0.1 (``python -m briefing lab``, token set, no browser, the app
    exposed to the page for scripting); yields (url, token) and stops the server afterwards."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    token = secrets.token_hex(16)
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as runtime:
        env["JUPYTER_RUNTIME_DIR"] = runtime
        # Its own user settings and workspaces: a chapter the user left open, or a setting they changed,
        # never leaks into the run (a restored open notebook used to make the test time out).
        env["JUPYTERLAB_SETTINGS_DIR"] = str(Path(runtime) / "settings")
        env["JUPYTERLAB_WORKSPACES_DIR"] = str(Path(runtime) / "workspaces")
        command = [
            sys.executable,
            "-m",
            "briefing",
            "lab",
            "--no-browser",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            "--LabApp.expose_app_in_browser=True",
        ]
        server = subprocess.Popen(
            command, cwd=repo, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.time() + timeout
            while True:
                try:
                    urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
                    break
                except OSError:
                    if server.poll() is not None:
                        raise RuntimeError(f"jupyter lab exited: {server.stderr.read().decode()[-3000:]}") from None
                    if time.time() > deadline:
                        raise TimeoutError(f"jupyter lab did not answer within {timeout} s") from None
                    time.sleep(0.5)
            yield url, token
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()


def run_chapter_in_lab(page, url: str, token: str, chapter: str) -> None:
    """Open ``chapter`` (e.g. book/cooperation.md) in JupyterLab in a Playwright page, run every cell and
    wait until a chart has drawn. Opening as a notebook, not as text, is what `briefing lab` sets up."""
    page.goto(f"{url}/lab/tree/{chapter}?token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90000)
    page.wait_for_function(
        "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
        " && window.jupyterapp.shell.currentWidget.sessionContext"
        " && window.jupyterapp.shell.currentWidget.sessionContext.session",
        timeout=60000,
    )
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(
        "() => document.querySelectorAll('.jp-OutputArea-output .vega-embed svg .mark-symbol path, "
        ".jp-OutputArea-output .vega-embed svg .mark-rect path').length > 0",
        timeout=180000,
    )
