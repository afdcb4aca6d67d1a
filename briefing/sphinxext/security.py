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
cannot carry; files under ``data/`` are served with no script at all; a figure file named by its content
(``figures/shared-<hash>.js``) may be kept by the browser for a year. GitHub Pages uses the meta tag.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import html as htmllib
import io
import posixpath
import re
import urllib.parse
from pathlib import Path
from xml.etree import ElementTree

import html5lib

from briefing.cells import FORMULA_START, NUMBER
from briefing.sphinxext.figure_files import SHARED_PREFIX

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
#: A file named by its content never changes under its name: a browser may keep it for a year without asking.
IMMUTABLE = "public, max-age=31536000, immutable"
ACTIVE_SUFFIXES = (".svg", ".xml", ".xsl", ".xslt", ".xht", ".xhtml", ".rss", ".atom")
#: Elements a chapter has no use for and that could run or frame code: refused wherever they appear.
FORBIDDEN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "portal", "base"}
#: The only redirect on the site: sphinx-external-toc's root page to the book's first page.
ROOT_REDIRECT = re.compile(r"0;\s*url=book/index\.html", re.IGNORECASE)
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


def _line(html: str, offset: int) -> int:
    return html.count("\n", 0, offset) + 1


def _line_of(html: str, text: str) -> int:
    """The page line where ``text`` first appears (the parser keeps no positions); 1 when not found."""
    needle = next((part.strip() for part in text.splitlines() if part.strip()), "")[:40]
    at = html.find(needle) if needle else -1
    return _line(html, at) if at >= 0 else 1


def _line_of_attribute(html: str, name: str, value: str) -> int:
    """The line of ``name=value`` in the page, where the value may be written with character references."""
    prefix = re.match(r"[\w.:/-]*", value).group(0)[:20]
    found = re.search(rf"""(?<![\w-]){re.escape(name)}\s*=\s*["']?{re.escape(prefix)}""", html, re.IGNORECASE)
    return _line(html, found.start()) if found else _line_of(html, value)


def _is_script_url(value: str) -> bool:
    squeezed = re.sub(r"[\x00-\x20]+", "", value).lower()
    return squeezed.startswith(("javascript:", "vbscript:")) or "javascript:" in squeezed


def csv_problem(text: str) -> str | None:
    """A CSV offered for download must hold no cell a spreadsheet would run as a formula."""
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            if cell.startswith(FORMULA_START) and not NUMBER.fullmatch(cell):  # a plain number is a number
                return f"a CSV download with a formula cell {cell[:40]!r}"
    return None


def _data_csv_problem(href: str) -> str | None:
    head, _, body = href.partition(",")
    if not head.lower().startswith("data:text/csv"):
        return f"a data: link that is not a CSV ({head[:40]!r})"
    return csv_problem(urllib.parse.unquote(body))


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def check_page(html: str, pagename: str) -> tuple[set[str], list[tuple[int, str, str]]]:
    """The hashes of the allowed inline scripts a page runs, and everything else that would run script or
    send the reader elsewhere, as (line in the page, what, the offending text). The page is parsed as a
    browser parses it (html5lib implements the HTML standard's parser), so markup that a simpler parser
    reads differently (``<!-->``, ``--!>``, ``</script x>``, CDATA) hides nothing. ``pagename`` is the
    page's path without ``.html``."""
    hashes: set[str] = set()
    offences: list[tuple[int, str, str]] = []
    folder = posixpath.dirname(pagename)

    def offence(what: str, text: str, attribute: str | None = None) -> None:
        line = _line_of_attribute(html, attribute, text) if attribute else _line_of(html, text)
        offences.append((line, what, text))

    for el in html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=True).iter():
        tag = _local(el.tag)
        attrs = {_local(k) if "}" in str(k) else str(k).lower(): v for k, v in el.attrib.items()}
        if tag == "script":
            body = el.text or ""
            if "src" in attrs:
                src = attrs["src"].split("?")[0].split("#")[0]
                target = posixpath.normpath(posixpath.join(folder, src))
                if (
                    "//" in src
                    or ":" in src
                    or "\\" in src
                    or not (target.startswith(SCRIPT_FOLDER) or target in SCRIPT_FILES)
                ):
                    offence(f"script file from outside the theme's folder {attrs['src'][:60]!r}", attrs["src"])
            elif set(attrs) <= {"type", "class"} and attrs.get("type") == "application/json":
                pass  # a block of data (a chart's spec), not code
            elif set(attrs) - {"data-cfasync"}:
                offence(f"script with attributes {sorted(attrs)}", body or str(attrs))
            else:
                digest = script_hash(body)
                own_name = PAGENAME.match(body)
                if digest in THEME_SCRIPTS or (own_name and own_name.group("name") == pagename):
                    hashes.add(digest)
                else:
                    offence(f"inline script {body.strip()[:60]!r}", body)
        elif tag in FORBIDDEN_ELEMENTS:
            offence(f"<{tag}> element (frames, plug-ins and base addresses are not allowed)", f"<{tag}")
        elif tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            if not (pagename == "index" and ROOT_REDIRECT.fullmatch(attrs.get("content", ""))):
                offence(f"redirect {attrs.get('content', '')[:60]!r}", attrs.get("content", ""), "content")
        elif tag == "meta" and "content-security-policy" in attrs.get("http-equiv", "").lower():
            offence("a second Content-Security-Policy", "Content-Security-Policy")
        for name, value in attrs.items():
            if name.startswith("on"):
                offence(f"inline event handler <{tag} {name}={value[:60]!r}>", value, name)
            elif name == "data-onclick" and value not in THEME_ONCLICK.values():
                offence(f"data-onclick={value[:60]!r} (only the theme's own handlers are bound)", value, name)
            elif name in URL_ATTRIBUTES and _is_script_url(value):
                offence(f"script URL <{tag} {name}={value[:60]!r}>", value, name)
            elif name == "href" and value.strip().lower().startswith("data:"):
                problem = _data_csv_problem(value.strip())
                if problem:
                    offence(problem, value[:80], name)
    return hashes, offences


def check_xml(text: str) -> list[tuple[int, str, str]]:
    """An SVG or XML file a browser may open as a page: no script element in any namespace, no handler,
    no script URL, no frame; a file that is not well-formed XML is refused rather than guessed at."""
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as err:
        return [(err.position[0], f"not well-formed XML ({err})", "")]
    except RecursionError:
        return [(1, "XML nested too deeply", "")]
    offences = []
    for el in root.iter():
        tag = _local(el.tag)
        if tag == "script" or tag in FORBIDDEN_ELEMENTS or tag == "foreignobject":
            offences.append((_line_of(text, tag), f"<{tag}> element", tag))
        for key, value in el.attrib.items():
            name = _local(key) if "}" in key else key.lower()
            if name.startswith("on"):
                offences.append((_line_of(text, value), f"inline event handler {name}={value[:60]!r}", value))
            elif name in URL_ATTRIBUTES and _is_script_url(value):
                offences.append((_line_of(text, value), f"script URL {name}={value[:60]!r}", value))
    return offences


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
    pages = sorted(p for p in outdir.rglob("*") if p.suffix.lower() in (".html", ".htm") and p.is_file())
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
        offences = check_xml(text)
        findings += [
            f"{name}:{line}: {_printable(what)} in a file browsers open as a page" for line, what, _ in offences
        ]
    if findings:
        raise UnsafeContent(findings)
    headers = ["/*", "  X-Content-Type-Options: nosniff", "  Referrer-Policy: no-referrer", ""]
    for folder in ("/data/*", "/figures/*"):  # the data package, each figure's CSV and spec: never pages
        headers += [folder, f"  Content-Security-Policy: {DATA_POLICY}", ""]
    for named_by_content in sorted((outdir / "figures").glob(f"{SHARED_PREFIX}*.js")):  # a new content, a new name
        headers += [f"/figures/{named_by_content.name}", f"  Cache-Control: {IMMUTABLE}", ""]
    for page, html, hashes in checked:
        page.write_text(_with_policy(html, hashes), encoding="utf-8")
        url = "/" + page.relative_to(outdir).as_posix()
        paths = [url] + ([url.removesuffix(".html")] if url.endswith(".html") else [])
        if url.endswith("/index.html"):
            paths.append(url.removesuffix("index.html"))
        framing = "*" if url.startswith("/embed/") else "'self'"  # only a figure's own page may be framed elsewhere
        for path in paths:
            headers += [path, f"  Content-Security-Policy: {policy(hashes)}; frame-ancestors {framing}", ""]
    (outdir / "_headers").write_text("\n".join(headers), encoding="utf-8")
    return len(pages)
