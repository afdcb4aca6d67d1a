"""Every figure of the book on one page, drawn as the site draws it, and screenshots of each at a phone's
and a desktop's width, light and dark: the artefact to look at before calling a figure done.

    .venv/bin/python scripts/gallery.py [OUT]      # default OUT: _build/gallery

Writes OUT/index.html (open it in a browser) and OUT/png/<figure>-<width>-<mode>.png. Each chapter's code
cells are run with a ``glue`` that keeps the figures, so the gallery shows exactly the chapters' figures.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CELL = re.compile(r"```\{code-cell\}[^\n]*\n(.*?)```", re.DOTALL)
WIDTHS = {"390": (390, 844), "1366": (1366, 900)}


def chapter_figures() -> list:
    import briefing as b
    from briefing.display import Figure

    found = []
    for chapter in sorted((ROOT / "book").glob("*.md")):

        def glue(name, value, display=True, found=found, chapter=chapter.stem):
            if isinstance(value, Figure):
                found.append((chapter, value))

        scope = {"b": b, "glue": glue}
        for code in CELL.findall(chapter.read_text(encoding="utf-8")):
            code = "\n".join(line for line in code.splitlines() if not line.startswith(":"))
            code = code.replace("from myst_nb import glue", "")
            try:
                exec(code, scope)  # noqa: S102  (the chapters' own cells, as the build runs them)
            except Exception as err:  # noqa: BLE001  (a cell that needs the notebook is skipped)
                print(f"{chapter.stem}: skipped a cell ({type(err).__name__}: {err})", file=sys.stderr)
    return found


def write(out: Path) -> Path:
    from briefing.sphinxext.config import STATIC
    from briefing.sphinxext.runtime import runtime_source

    out.mkdir(parents=True, exist_ok=True)
    (out / "vega-runtime.js").write_text(runtime_source(), encoding="utf-8")
    for name in ("briefing.css", "charts.js"):
        (out / name).write_text((STATIC / "briefing" / name).read_text(encoding="utf-8"), encoding="utf-8")
    figures = chapter_figures()
    body = "\n".join(f"<section><h2>{chapter}: {fig.name}</h2>{fig.to_html()}</section>" for chapter, fig in figures)
    (out / "index.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<link rel='stylesheet' href='briefing.css'><style>"
        "body{font-family:system-ui,sans-serif;margin:0 auto;padding:0 16px;max-width:760px}"
        "html[data-theme=dark] body{background:#14181e;color:#ced6dd}"
        "section{margin:2rem 0}h2{font-size:0.8rem;color:#888}</style></head><body>"
        f"{body}<script src='vega-runtime.js'></script><script src='charts.js'></script></body></html>",
        encoding="utf-8",
    )
    return out / "index.html"


def screenshots(page: Path) -> None:
    from playwright.sync_api import sync_playwright

    folder = page.parent / "png"
    folder.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        for label, (width, height) in WIDTHS.items():
            for mode in ("light", "dark"):
                tab = browser.new_page(viewport={"width": width, "height": height})
                tab.goto(page.as_uri())
                if mode == "dark":
                    tab.evaluate("document.documentElement.dataset.theme = 'dark'")
                tab.wait_for_function("() => document.documentElement.dataset.chartsDrawn", timeout=60000)
                scroll = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                if scroll > 0:
                    print(f"{label} {mode}: the page scrolls sideways by {scroll} px", file=sys.stderr)
                for i, chart in enumerate(tab.locator(".briefing-chart").all()):
                    name = chart.get_attribute("data-chart")
                    chart.screenshot(path=str(folder / f"{i:02d}-{name}-{label}-{mode}.png"))
                tab.close()
        browser.close()


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "_build" / "gallery"
    index = write(target)
    print(index)
    if "--no-png" not in sys.argv:
        screenshots(index)
