"""Each figure as a page of its own, to be framed by another site (an ``<iframe>``): the figure with its
controls, picture, source line and downloads, and a link back to its chapter.

Contract: after the pages are written, every chart block of every chapter page (the HTML that
:meth:`briefing.display.Figure.to_html` writes) is copied into ``embed/<figure name>.html``, with the book's
chart scripts and styles and nothing else. These are the only pages other sites may frame (``_headers``);
they are checked and get their policy like every other page.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

FOLDER = "embed"
CHART = re.compile(r'<div class="briefing-chart" id="chart-(?P<name>[a-z0-9-]+)".*?</details></div>', re.DOTALL)
TITLE = re.compile(r'<p class="briefing-chart-title">(.*?)</p>', re.DOTALL)

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | {book}</title>
<link rel="stylesheet" href="../_static/briefing/briefing.css">
<link rel="icon" href="../_static/favicon.svg">
<script defer src="../_static/briefing/charts.js"></script>
<script defer src="../_static/briefing/share.js"></script>
</head>
<body class="briefing-embed">
<main>
{figure}
<p class="briefing-embed-credit">From <a href="../{page}.html#chart-{name}" target="_top">{chapter}</a>, {book}.</p>
</main>
</body>
</html>
"""


def write_embeds(outdir: Path, chapters: dict[str, str], book: str) -> int:
    """``chapters`` maps each chapter page (``book/iran``) to its title; returns how many pages were written."""
    folder = outdir / FOLDER
    written = 0
    for page, chapter in sorted(chapters.items()):
        built = outdir / f"{page}.html"
        if not built.is_file():
            continue
        for block in CHART.finditer(built.read_text(encoding="utf-8")):
            title = TITLE.search(block[0])
            folder.mkdir(exist_ok=True)
            (folder / f"{block['name']}.html").write_text(
                PAGE.format(
                    title=title.group(1) if title else block["name"],
                    book=html.escape(book),
                    figure=block[0],
                    page=page,
                    name=block["name"],
                    chapter=html.escape(chapter),
                ),
                encoding="utf-8",
            )
            written += 1
    return written
