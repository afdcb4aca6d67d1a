"""The book as one PDF, for readers who pass a briefing on as a file: every page of the built site in the
order of ``_toc.yml``, printed by Chromium with the site's print stylesheet (no controls, links with their
addresses, charts as drawn), then joined. Needs Playwright and Chromium (the test requirements).

    python -m briefing pdf [--site _build/html] [--out _build/html/briefing-book.pdf]
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import yaml

#: Debian's Chromium, as Playwright starts it here (its own browser download does not work offline), and the
#: flags that keep it from reaching for the network; the tests and the benchmarks use the same.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def toc_pages(root: Path) -> list[str]:
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [c["file"] for part in toc.get("parts", []) for c in part.get("chapters", [])]
    return [f + ".html" for f in files]


def make_pdf(site: Path, out: Path, root: Path, chromium: str = CHROMIUM) -> int:
    """Print every page of ``site`` into ``out`` with the Chromium at ``chromium``; return the number of PDF
    pages."""
    from playwright.sync_api import sync_playwright
    from pypdf import PdfWriter

    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    writer = PdfWriter()
    parts = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 900, "height": 1200})
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
            for path in toc_pages(root):
                page.goto(f"{base}/{path}", wait_until="load")
                page.emulate_media(media="print")
                part = out.with_name(f".{out.stem}-{len(parts)}.pdf")
                page.pdf(
                    path=str(part),
                    format="A4",
                    print_background=True,
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template='<div style="font-size:8px;width:100%;text-align:center">'
                    '<span class="title"></span> · <span class="pageNumber"></span></div>',
                    margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"},
                )
                parts.append(part)
            browser.close()
        for part in parts:
            writer.append(str(part))
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "wb") as f:
            writer.write(f)
        return len(writer.pages)
    finally:
        httpd.shutdown()
        for part in parts:
            part.unlink(missing_ok=True)
