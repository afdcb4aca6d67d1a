"""A strict Content-Security-Policy for the built site.

Every page gets a ``<meta http-equiv="Content-Security-Policy">`` that allows scripts only from the site
itself plus the exact inline scripts the theme writes (by their SHA-256 hash): no ``'unsafe-inline'``
scripts, no ``'unsafe-eval'`` (charts run Vega's expression interpreter, ``ast: true``), nothing from
another origin. The theme's two inline ``onclick`` handlers become ``data-onclick`` attributes that
``_static/briefing/page.js`` binds. A ``_headers`` file carries the same policy as an HTTP header for
hosts that read it (Netlify, Cloudflare Pages); GitHub Pages uses the meta tag.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?![^>]*\bsrc=)[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
ONCLICK = re.compile(r'\sonclick="(?P<call>[A-Za-z_][\w.]*)\(\)"')
OTHER_HANDLER = re.compile(r"\son[a-z]+=[\"']", re.IGNORECASE)

POLICY = (
    "default-src 'self'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'"
)


def _hash(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"


def _script_hashes(html: str) -> set[str]:
    """The hash of every inline script the page runs (JSON data blocks are not run, so not counted)."""
    return {_hash(m.group("body")) for m in INLINE_SCRIPT.finditer(html) if "application/json" not in m.group("attrs")}


def _policy(hashes: set[str]) -> str:
    return POLICY.format(hashes="".join(" " + h for h in sorted(hashes)))


def harden_page(html: str, where: str = "page") -> tuple[str, set[str]]:
    """The page with its onclick handlers rebound and a CSP meta tag; and the script hashes it needs.
    A page that already has its policy (unchanged since the previous build) is left as it is."""
    if 'http-equiv="Content-Security-Policy"' in html:
        return html, _script_hashes(html)
    html = ONCLICK.sub(lambda m: f' data-onclick="{m.group("call")}"', html)
    leftover = OTHER_HANDLER.search(html)
    if leftover:
        raise ValueError(
            f"{where}: inline event handler the CSP would block: {html[leftover.start() : leftover.start() + 80]!r}"
        )
    hashes = _script_hashes(html)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{_policy(hashes)}">'
    if re.search(r"<head[\s>]", html):
        html = re.sub(r"(<head[^>]*>)", lambda m: m.group(1) + "\n    " + meta, html, count=1)
    else:  # a bare redirect page (sphinx-external-toc's index.html)
        html = meta + "\n" + html
    return html, hashes


def harden_site(outdir: Path) -> int:
    """Apply the policy to every page of the built site; return the number of pages."""
    all_hashes: set[str] = set()
    pages = sorted(outdir.rglob("*.html"))
    for page in pages:
        html, hashes = harden_page(page.read_text(encoding="utf-8"), str(page.relative_to(outdir)))
        page.write_text(html, encoding="utf-8")
        all_hashes |= hashes
    (outdir / "_headers").write_text(
        "/*\n  Content-Security-Policy: " + _policy(all_hashes) + "\n"
        "  X-Content-Type-Options: nosniff\n  Referrer-Policy: no-referrer\n",
        encoding="utf-8",
    )
    return len(pages)
