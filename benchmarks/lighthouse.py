"""Lighthouse on every page of a built site, served gzipped as static hosts serve it (Python's own server
does not compress, which would triple the bytes Lighthouse counts).

Lighthouse comes from the npm registry, pinned (12.x runs on Node 20; 13.x wants Node 22), installed once
into ``benchmarks/.lighthouse/``; Chromium is Debian's, as in the tests. Mobile profile, simulated slow 4G.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import subprocess
import threading
from pathlib import Path

from briefing.pdf import CHROMIUM, CHROMIUM_ARGS

VERSION = "12.2.3"
HERE = Path(__file__).resolve().parent
INSTALL = HERE / ".lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves every file gzipped when the browser accepts it, with a content length, like a static host."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        from io import BytesIO

        return BytesIO(body)


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(GzipHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def lighthouse_bin() -> Path:
    binary = INSTALL / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        INSTALL.mkdir(exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(INSTALL), "--no-audit", "--no-fund", "-E", f"lighthouse@{VERSION}"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return binary


def report(url: str) -> dict:
    """One Lighthouse run of one page: its whole JSON report."""
    out = subprocess.run(
        [
            str(lighthouse_bin()),
            url,
            "--quiet",
            "--output=json",
            "--output-path=stdout",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=" + " ".join(["--headless=new", *CHROMIUM_ARGS]),
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        timeout=300,
    )
    return json.loads(out.stdout)


def summary(lhr: dict) -> dict:
    """The four category scores (0-100) and the figures the budgets name."""
    audits = lhr["audits"]
    return {
        **{c: round(lhr["categories"][c]["score"] * 100) for c in CATEGORIES},
        "fcp_s": audits["first-contentful-paint"]["numericValue"] / 1000,
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "bytes_kb": audits["total-byte-weight"]["numericValue"] / 1024,
    }


#: Lighthouse's simulated timings vary from run to run (the same page's first paint moved between about
#: 1.1 s and 2.3 s here); its documentation (docs/variability.md) advises several runs and the median one.
RUNS = 3
MEDIAN = (
    "import {computeMedianRun} from 'lighthouse/core/lib/median-run.js';"
    "import {readFileSync} from 'node:fs';"
    "const runs = JSON.parse(readFileSync(0, 'utf8'));"
    "process.stdout.write(String(runs.indexOf(computeMedianRun(runs))));"
)


def audit(url: str, runs: int = RUNS) -> dict:
    """The median of ``runs`` runs of one page, as Lighthouse's own ``computeMedianRun`` picks it (the run
    nearest the median first contentful paint and time to interactive)."""
    reports = [report(url) for _ in range(runs)]
    if runs == 1:
        return {**summary(reports[0]), "runs": 1}
    picked = subprocess.run(
        ["node", "--input-type=module", "-e", MEDIAN],
        input=json.dumps(reports),
        capture_output=True,
        text=True,
        check=True,
        cwd=INSTALL,
    )
    return {**summary(reports[int(picked.stdout)]), "runs": runs}


def audit_site(site: Path, pages: list[str], runs: int = RUNS) -> dict[str, dict]:
    httpd, base = serve(site)
    try:
        return {page: audit(f"{base}/{page}", runs) for page in pages}
    finally:
        httpd.shutdown()
        httpd.server_close()


if __name__ == "__main__":  # python benchmarks/lighthouse.py _build/html book/index.html ...
    import sys

    site, *pages = sys.argv[1:]
    for page, result in audit_site(Path(site), pages or ["book/index.html"]).items():
        print(page, json.dumps(result))
