"""The book as one PDF, for readers who pass a briefing on as a file: a cover with the book's title and the
date it was printed, a contents page with each chapter's first page, then every page of the built site in
the order of ``_toc.yml``, printed by Chromium with the site's print stylesheet (no controls, links with
their addresses, charts as drawn), then joined. Needs Playwright and Chromium (the test requirements).

    python -m briefing pdf [--site _build/html] [--out _build/html/briefing-book.pdf]
"""

from __future__ import annotations

import datetime
import functools
import html
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


#: How every page of the site is printed: A4, the page's title and number in each page's footer.
PRINT = {
    "format": "A4",
    "print_background": True,
    "display_header_footer": True,
    "header_template": "<span></span>",
    "footer_template": '<div style="font-size:8px;width:100%;text-align:center">'
    '<span class="title"></span> · <span class="pageNumber"></span></div>',
    "margin": {"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"},
}


def book_title(root: Path) -> str:
    return str(yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")).get("title", "Briefing book"))


def front_matter(title: str, chapters: list[str], first_pages: list[int], printed: datetime.date | None = None) -> str:
    """The cover (title, date printed) and the contents (each chapter and its first page) as one HTML page."""
    esc = html.escape
    printed = printed or datetime.date.today()
    rows = "".join(
        f"<tr><td>{esc(name)}</td><td class='n'>{number}</td></tr>" for name, number in zip(chapters, first_pages)
    )
    return (
        "<!doctype html><meta charset='utf-8'><style>"
        "body{font-family:sans-serif;color:#222} .cover{height:250mm;display:flex;flex-direction:column;"
        "justify-content:center;page-break-after:always} h1{font-size:28pt;margin:0 0 8mm} "
        "table{width:100%;border-collapse:collapse} td{padding:2mm 0;border-bottom:1px solid #ddd} .n{text-align:right}"
        f"</style><section class='cover'><h1>{esc(title)}</h1><p>An open briefing book. This edition was printed "
        f"on {printed:%d %B %Y} from the book's website; each figure shows its default view, and each page "
        "names the sources of its numbers.</p></section>"
        f"<section><h2>Contents</h2><table>{rows}</table></section>"
    )


def make_pdf(site: Path, out: Path, root: Path, chromium: str = CHROMIUM) -> int:
    """Print every page of ``site`` into ``out`` with the Chromium at ``chromium``; return the number of PDF
    pages."""
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader, PdfWriter

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
            titles = []
            for path in toc_pages(root):
                page.goto(f"{base}/{path}", wait_until="load")
                page.emulate_media(media="print")
                titles.append(page.locator("main h1").first.inner_text().strip().rstrip("#").strip())
                part = out.with_name(f".{out.stem}-{len(parts)}.pdf")
                page.pdf(path=str(part), **PRINT)
                parts.append(part)
            # The cover and the contents come first; the contents give each chapter's first page.
            first_pages, at = [], 3
            for part in parts:
                first_pages.append(at)
                at += len(PdfReader(str(part)).pages)
            front = out.with_name(f".{out.stem}-front.pdf")
            page.set_content(front_matter(book_title(root), titles, first_pages))
            page.emulate_media(media="print")
            page.pdf(path=str(front), format="A4", margin=PRINT["margin"])
            parts.insert(0, front)
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
