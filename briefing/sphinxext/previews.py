"""Link previews: each page's first figure, drawn at build time, as the image a chat app or a search
engine shows beside the page's title and description (Open Graph ``og:image``).

sphinxext-opengraph writes the tags; this module gives it, per page, an absolute image address through the
page's metadata. The image is the page's first chart in its default state, rendered by vl-convert (already
a dependency, no browser) and kept beside the execution cache by a hash of its spec, so a rebuild draws only
what changed. Without the site's public address there is no absolute URL to give, so nothing is drawn.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
from pathlib import Path

FIRST_CHART = re.compile(r'<div class="briefing-chart" id="[^"]*" data-chart="([^"]*)"')
FIRST_SPEC = re.compile(r'<script type="application/json" class="briefing-spec">(.*?)</script>', re.DOTALL)
LABEL = re.compile(r'<div class="briefing-chart-view" role="figure" aria-label="([^"]*)"')
FOLDER = "briefing/previews"
WIDTH = 600  # px at scale 2: 1200 px wide, what link previews ask for


def fixed_vega_width(spec: dict, width: int) -> dict:
    """The page's Vega spec (compiled from Vega-Lite) with the chart's width fixed: Vega-Lite's "container"
    width becomes a signal that measures the page, and there is no page to measure here."""
    signals = [
        {"name": "width", "value": width} if s.get("name") == "width" and "containerSize" in str(s.get("init")) else s
        for s in spec.get("signals", [])
    ]
    return {**spec, "signals": signals} if "signals" in spec else spec


def render(spec: dict, cache_dir: Path) -> Path:
    """A PNG of the Vega ``spec`` in its default state, from the cache when this exact spec was drawn before."""
    import vl_convert

    spec = fixed_vega_width(spec, WIDTH)
    digest = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:20]
    cached = cache_dir / "previews" / f"{digest}.png"
    if not cached.exists():
        cached.parent.mkdir(parents=True, exist_ok=True)
        png = vl_convert.vega_to_png(spec, scale=2)
        tmp = cached.with_suffix(".tmp")
        tmp.write_bytes(png)
        tmp.replace(cached)
    return cached


def add_preview(
    body: str, pagename: str, meta: dict, site_url: str, outdir: Path, cache_dir: Path, specs: dict[str, dict]
) -> bool:
    """Draw the page's first figure into the site and point the page's ``og:image`` at it. ``specs`` are
    the page's figures' Vega specs by name (the page links each as a file; a figure shown outside the
    book's build carries its spec in the page)."""
    first = FIRST_CHART.search(body)
    if not (first and site_url):
        return False
    inline = FIRST_SPEC.search(body[first.start() :])
    spec = specs.get(html.unescape(first.group(1))) or (json.loads(inline.group(1)) if inline else None)
    if spec is None:
        return False
    image = outdir / "_static" / FOLDER / f"{pagename}.png"
    image.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(render(spec, cache_dir), image)
    meta["og:image"] = site_url.rstrip("/") + "/" + image.relative_to(outdir).as_posix()
    label = LABEL.search(body)
    if label:
        meta["og:image:alt"] = html.unescape(label.group(1))
    return True
