"""The chapters live in JupyterLab: a chapter opens as a notebook, runs, draws its charts offline, and an
ipywidget changes its chart in place. The server is started by the test and stopped afterwards."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from conftest import ROOT, checkout

CHAPTER = "book/cooperation.md"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    repo = checkout(tmp_path_factory.mktemp("lab-checkout"))  # JupyterLab may save what it opens: not ours
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path_factory.mktemp("runtime")))
    env.pop("BRIEFING_BUILD", None)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "briefing",
            "lab",
            "--no-browser",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            "--LabApp.expose_app_in_browser=True",
        ],
        cwd=repo,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if server.poll() is not None:
                pytest.fail(f"jupyter lab exited: {server.stderr.read().decode()[-3000:]}")
            time.sleep(0.5)
    else:
        server.terminate()
        pytest.fail("jupyter lab did not answer within 90 s")
    yield url, token
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def test_chapter_runs_in_jupyterlab_and_a_widget_changes_its_chart(lab, browser):
    url, token = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    outside: list[str] = []

    def route(r):
        if r.request.url.startswith("http://127.0.0.1"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    try:
        page.goto(f"{url}/lab/tree/{CHAPTER}?token={token}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90000)  # opened as a notebook, not as text
        page.wait_for_selector(
            ".jp-Notebook-ExecutionIndicator[data-status='idle'], .jp-Toolbar-kernelStatus", timeout=60000
        )
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
        dropdown = page.locator(".jp-OutputArea-output .widget-dropdown select").first
        dropdown.wait_for(timeout=30000)
        panel = page.locator(".jp-OutputArea-output .widget-vbox", has=page.locator(".widget-dropdown select")).first
        svg = panel.locator(".vega-embed svg").first
        before = svg.inner_html()
        chosen = dropdown.evaluate("el => el.selectedIndex")
        dropdown.select_option(index=1 if chosen != 1 else 2)
        page.wait_for_function("([el, old]) => el.innerHTML !== old", arg=[svg.element_handle(), before], timeout=10000)
        assert svg.inner_html() != before
        assert not [u for u in outside if "vega" in u or "cdn" in u or "unpkg" in u], outside
    except Exception:
        page.screenshot(path=str(ROOT / "_build" / "jupyterlab-failure.png"))
        raise
    finally:
        page.close()
