"""A strict Content-Security-Policy for the built site, and a check that no chapter smuggles in a script.

Every page gets one ``<meta http-equiv="Content-Security-Policy">``, first in ``<head>``, that allows
scripts only from the site itself plus the theme's own inline snippets. Those snippets are fixed here by
their SHA-256 hash (:data:`THEME_SCRIPTS`); the only one that varies is the theme's line naming the page,
allowed for the page's own name. Any other inline script (from a chapter's Markdown, a ``{raw} html``
block or a cell's HTML output), any inline event handler and any ``javascript:`` URL fails the build with
the chapter and the line. Policy-looking tags a chapter writes are removed: the page's policy is the build's.

The theme's two ``onclick`` handlers (:data:`THEME_ONCLICK`) become ``data-onclick`` attributes that
``_static/briefing/page.js`` binds; no other handler is rewritten. A ``_headers`` file (Netlify, Cloudflare
Pages) carries each page's own policy as an HTTP header, plus ``frame-ancestors 'self'``, which a meta tag
cannot carry; files under ``data/`` are served with no script at all. GitHub Pages uses the meta tag.
"""

from __future__ import annotations

import base64
import hashlib
import html as htmllib
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

INLINE_SCRIPT = re.compile(
    r"<script(?P<attrs>(?![^>]*\bsrc\s*=)[^>]*)>(?P<body>.*?)</script\s*>", re.DOTALL | re.IGNORECASE
)
#: A block of data, not code: the chart specs (``<script type="application/json" class="briefing-spec">``).
DATA_SCRIPT = re.compile(r"""^\s*type\s*=\s*["']application/json["'](\s+class\s*=\s*["'][\w -]*["'])?\s*$""")
PAGENAME = re.compile(r"^DOCUMENTATION_OPTIONS\.pagename = '(?P<name>[\w/.-]+)';$")
CSP_META = re.compile(r"(\n[ \t]*)?<meta\b[^>]*content-security-policy[^>]*>", re.IGNORECASE)

#: The theme's inline snippets (sphinx-book-theme 1.3, pydata-sphinx-theme, sphinx-togglebutton) by hash.
THEME_SCRIPTS = {
    "'sha256-P1Gd/Wqjqq8uduID7MOciZi3jIWvAuyCldpRMjsiEjw='": "colour mode from localStorage",
    "'sha256-0ysgQORJN47/EUTghWD1YTjEV1Juh4KAG4PeoPPRgDk='": "togglebutton: show hint",
    "'sha256-pH3yt92lhQNFBWt4vXOLwSWBTKDsryr1//6kIMDlG2k='": "togglebutton: hide hint",
    "'sha256-FqfirzFHtRrANndrt9LFhvjuJAu6+Nu06S6SzGfHlvE='": "togglebutton: open on print",
    "'sha256-I0O+LkYBdTrXbI52RlP9O+S0aJ9NPgUrB5OaBpP2uHA='": "togglebutton: selector",
    "'sha256-45raXJwhVFsGIr53+bEjhDPiYb+40hWrPMHNnlmjRLo='": "search as you type off",
    "'sha256-mNyD6WQ4vKGmtbf2Mk6RMjMo7k6Ib4wzc6b1fvYgVHE='": "search page: focus the search field",
}
#: The theme's inline onclick handlers, served by ``_static/briefing/page.js``; nothing else is rewritten.
THEME_ONCLICK = {"toggleFullScreen()": "toggleFullScreen", "window.print()": "window.print"}
#: Where the site's script files live (the theme's, Sphinx's and the book's own): a page loads no other.
SCRIPT_FOLDER = "_static/"
SCRIPT_FILES = {"searchindex.js"}
#: Files a browser runs script in when opened directly: checked like pages wherever they are in the site.
ACTIVE_SUFFIXES = (".svg", ".svgz", ".xml", ".xsl", ".xht", ".shtml", ".mht", ".mhtml")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}

POLICY = (
    "default-src 'self'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'"
)
#: Files of the data package are data: a browser opening one (an SVG, say) runs nothing.
DATA_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


class UnsafeContent(ValueError):
    """A built page holds script the policy does not allow; ``findings`` names page, line and snippet."""

    def __init__(self, findings: list[str]):
        self.findings = findings
        super().__init__(
            "pages hold script the site's policy does not allow (remove it from the chapter; charts and "
            "controls come from briefing, not from inline code):\n" + "\n".join(f"  {f}" for f in findings)
        )


def script_hash(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"


def policy(hashes: set[str]) -> str:
    return POLICY.format(hashes="".join(" " + h for h in sorted(hashes)))


class _Attributes(HTMLParser):
    """Collects every inline event handler, ``javascript:`` URL, script file from outside ``_static/`` and
    redirect to another site in a page, with its line."""

    def __init__(self, pagename: str):
        super().__init__(convert_charrefs=True)
        self.folder = posixpath.dirname(pagename)
        self.found: list[tuple[int, str, str]] = []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        values = {name: value or "" for name, value in attrs}
        if tag == "script" and "src" in values:
            src = values["src"].split("?")[0].split("#")[0]
            target = posixpath.normpath(posixpath.join(self.folder, src))
            if "//" in src or ":" in src or not (target.startswith(SCRIPT_FOLDER) or target in SCRIPT_FILES):
                self.found.append((line, f"script file from outside the theme's folder {values['src'][:60]!r}", src))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            url = (
                re.sub(r"^[\s\d.]*[;,]?\s*(url\s*=\s*)?", "", values.get("content", ""), flags=re.IGNORECASE)
                .strip("'\" ")
                .lower()
            )
            if "//" in url or ":" in url:
                self.found.append((line, f"redirect to another site {values.get('content', '')[:60]!r}", url))
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and not (name == "onclick" and value.strip() in THEME_ONCLICK):
                self.found.append((line, f"inline event handler <{tag} {name}={value[:60]!r}>", value))
            squeezed = re.sub(r"[\x00-\x20]+", "", value).lower()
            if name in URL_ATTRIBUTES and ("javascript:" in squeezed or "vbscript:" in squeezed):
                self.found.append((line, f"script URL <{tag} {name}={value[:60]!r}>", value))

    handle_startendtag = handle_starttag


def _line(html: str, offset: int) -> int:
    return html.count("\n", 0, offset) + 1


def check_page(html: str, pagename: str) -> tuple[set[str], list[tuple[int, str, str]]]:
    """The hashes of the allowed inline scripts a page runs, and everything else that would run script, as
    (line in the page, what, the offending text). ``pagename`` is the page's path without ``.html``."""
    hashes, offences = set(), []
    for m in INLINE_SCRIPT.finditer(html):
        attrs, body = m.group("attrs"), m.group("body")
        if DATA_SCRIPT.match(attrs):
            continue
        digest = script_hash(body)
        own_name = PAGENAME.match(body)
        if attrs.strip() not in ("", 'data-cfasync="false"'):
            offences.append((_line(html, m.start()), f"script with attributes {attrs.strip()[:60]!r}", body))
        elif digest in THEME_SCRIPTS or (own_name and own_name.group("name") == pagename):
            hashes.add(digest)
        else:
            offences.append((_line(html, m.start()), f"inline script {m.group(0)[:80]!r}", body))
    for m in re.finditer(r"<script\b", html, re.IGNORECASE):  # a script the pattern above cannot pair with an end tag
        if not INLINE_SCRIPT.match(html, m.start()) and not re.match(
            r"<script\b[^>]*\bsrc\s*=", html[m.start() :], re.IGNORECASE
        ):
            snippet = html[m.start() : m.start() + 60]
            offences.append((_line(html, m.start()), f"unterminated script {snippet!r}", snippet))
    parser = _Attributes(pagename)
    parser.feed(html)
    parser.close()
    return hashes, offences + parser.found


def _clean(html: str) -> str:
    """The page with every policy-looking tag removed (the policy is the build's alone) and the theme's
    onclick handlers turned into ``data-onclick`` attributes."""
    html = CSP_META.sub("", html)
    for call, name in THEME_ONCLICK.items():
        html = html.replace(f'onclick="{call}"', f'data-onclick="{name}"')
    return html


def _with_policy(html: str, hashes: set[str]) -> str:
    """A cleaned page with the build's policy first in ``<head>``."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes)}">'
    if re.search(r"<head[\s>]", html):
        return re.sub(r"(<head[^>]*>)", lambda m: m.group(1) + "\n    " + meta, html, count=1)
    return meta + "\n" + html  # a bare redirect page (sphinx-external-toc's index.html)


def _locate(page: Path, outdir: Path, srcdir: Path | None, line: int, what: str, text: str) -> str:
    """``book/x.md:LINE: what`` when the offending text is found in the chapter's source, else the page."""
    rel = page.relative_to(outdir).with_suffix("")
    built = f"{rel.as_posix()}.html:{line}"
    needle = next((part.strip() for part in htmllib.unescape(text).splitlines() if part.strip()), "")[:40]
    for source in [srcdir / rel.with_suffix(s) for s in (".md", ".ipynb", ".rst")] if srcdir else []:
        if source.is_file():
            content = source.read_text(encoding="utf-8", errors="replace")
            at = content.find(needle) if needle else -1
            name = source.relative_to(srcdir).as_posix() + (f":{_line(content, at)}" if at >= 0 else "")
            return f"{name}: {_printable(what)} (built page {built})"
    return f"{built}: {_printable(what)}"


def _printable(text: str) -> str:
    """Control characters shown as escapes, so a hostile page cannot write lines into a CI log."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def harden_site(outdir: Path, srcdir: Path | None = None) -> int:
    """Check every page of the built site and give it its policy; write ``_headers``. Raises
    :class:`UnsafeContent` (nothing rewritten) when any page holds script the policy does not allow."""
    pages = sorted(p for p in outdir.rglob("*") if p.suffix.lower() in (".html", ".htm", ".xhtml") and p.is_file())
    checked, findings = [], []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        name = page.relative_to(outdir).with_suffix("").as_posix()
        html = _clean(html)
        hashes, offences = check_page(html, name)
        findings += [_locate(page, outdir, srcdir, line, what, text) for line, what, text in offences]
        checked.append((page, html, hashes))
    for active in sorted(p for p in outdir.rglob("*") if p.suffix.lower() in ACTIVE_SUFFIXES and p.is_file()):
        text = active.read_text(encoding="utf-8", errors="replace")
        name = active.relative_to(outdir).as_posix()
        _, offences = check_page(text, name)
        findings += [
            f"{name}:{line}: {_printable(what)} in a file browsers open as a page" for line, what, _ in offences
        ]
    if findings:
        raise UnsafeContent(findings)
    headers = ["/*", "  X-Content-Type-Options: nosniff", "  Referrer-Policy: no-referrer", "", "/data/*"]
    headers += [f"  Content-Security-Policy: {DATA_POLICY}", ""]
    for page, html, hashes in checked:
        page.write_text(_with_policy(html, hashes), encoding="utf-8")
        url = "/" + page.relative_to(outdir).as_posix()
        paths = [url] + ([url.removesuffix(".html")] if url.endswith(".html") else [])
        if url.endswith("/index.html"):
            paths.append(url.removesuffix("index.html"))
        for path in paths:
            headers += [path, f"  Content-Security-Policy: {policy(hashes)}; frame-ancestors 'self'", ""]
    (outdir / "_headers").write_text("\n".join(headers), encoding="utf-8")
    return len(pages)
