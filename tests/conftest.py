"""Shared fixtures: a clean checkout built once per test run, served on 127.0.0.1, and a headless
Chromium that aborts (and counts) every request to another host."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest
from workspace import ROOT, build, checkout

from briefing.pdf import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The whole book, built from a clean checkout into a temporary folder."""
    repo = checkout(tmp_path_factory.mktemp("checkout"))
    out = tmp_path_factory.mktemp("site") / "html"
    result = build(repo, out, tmp_path_factory.mktemp("state"))
    assert result.returncode == 0, f"the build failed:\n{result.stdout[-4000:]}\n{result.stderr[-8000:]}"
    return out


class Server:
    def __init__(self, root: Path):
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def served(site):
    server = Server(site)
    yield server.url
    server.close()


@pytest.fixture(scope="session")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visit:
    """A page opened with every non-loopback request aborted and counted, console errors collected."""

    def __init__(self, browser, url: str):
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", self._route)
        # CSP violations are also console errors; this keeps the directive that was violated.
        self.page.add_init_script(
            "document.addEventListener('securitypolicyviolation', e => "
            "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))"
        )
        self.page.goto(url)

    def _route(self, route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def wait_for_charts(self, timeout: float = 20000) -> list[dict]:
        self.page.wait_for_function(
            "() => [...document.querySelectorAll('.briefing-chart')].every(c => c.dataset.state === 'drawn' || c.dataset.state === 'failed')",
            timeout=timeout,
        )
        return self.page.eval_on_selector_all(
            ".briefing-chart",
            """els => els.map(e => ({
            id: e.id, state: e.dataset.state,
            marks: e.querySelectorAll('.briefing-chart-view svg .mark-symbol path, .briefing-chart-view svg .mark-rect path, .briefing-chart-view svg .mark-line path, .briefing-chart-view svg .mark-rule line, .briefing-chart-view svg .mark-shape path, .briefing-chart-view svg .mark-tick line, .briefing-chart-view svg .mark-rule path, .briefing-chart-view svg .mark-tick path').length}))""",
        )

    def close(self):
        self.page.close()


@pytest.fixture
def visit(browser, served):
    opened = []

    def open_page(path: str) -> Visit:
        v = Visit(browser, f"{served}/{path}")
        opened.append(v)
        return v

    yield open_page
    for v in opened:
        v.close()


def toc_pages() -> list[str]:
    """Every page the table of contents lists, as built HTML paths."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [c["file"] for c in part.get("chapters", [])]
    return [f + ".html" for f in files]


#: axe-core for the accessibility tests, pinned in tests/axe/package.json and its lockfile (from the npm
#: registry: scripts/test.sh runs `npm ci` there; the Python packages ship older copies).
AXE = ROOT / "tests" / "axe"


@pytest.fixture(scope="session")
def axe_source() -> str:
    import json

    version = json.loads((AXE / "package.json").read_text(encoding="utf-8"))["devDependencies"]["axe-core"]
    script = AXE / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists():
        pytest.fail(f"{script} is missing: run `npm ci --prefix tests/axe` (bash scripts/test.sh does)")
    source = script.read_text(encoding="utf-8")
    if f"axe v{version}" not in source[:200]:
        pytest.fail(f"{script} is not axe-core {version}: run `npm ci --prefix tests/axe` again")
    return source


#: A test using any of these builds the book or drives a browser or JupyterLab: it is `slow`.
SLOW_FIXTURES = {"site", "served", "browser", "hostile_site", "lab"}


def pytest_collection_modifyitems(items):
    """Mark slow tests by the fixtures they use, so `-m "not slow"` is the fast loop (no build, no browser)."""
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
