"""What a page loads before its first paint: one small stylesheet instead of the theme's ten, and no
script that blocks it (what the fastest documentation sites do).

Every page of the theme links about ten render-blocking stylesheets (``pydata-sphinx-theme.css`` alone is
397 KB), and a phone on a slow connection paints nothing until all have arrived. At the end of the build
this module joins the stylesheets the pages link (in their order, so the cascade is unchanged), drops every
rule whose selector names a class, id or element that appears in no page and no script of the site (the
rule of purgecss: a name that is nowhere in the site's text can match nothing, unless a script builds it
from pieces, which none of these do), minifies what is left, keeps licence comments (``/*!``), and
points every page at the one file. The print stylesheet stays apart (it does not block the first paint).
Parsing is tinycss2's (a kept CSS parser, already a dependency of the notebook stack).

The theme's scripts in ``<head>`` all wait for the page to be parsed before they act, so they are deferred
(in their order), except ``documentation_options.js``, which the page's inline lines use at once; the copy
button scripts are dropped from pages with no code block, and sphinx-design's tabs from pages with no tabs.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from pathlib import Path

import tinycss2

STYLESHEET = "briefing/site.css"
LINK = re.compile(r'[ \t]*<link\b[^>]*\brel="stylesheet"[^>]*>\n?')
HREF = re.compile(r'\bhref="([^"?#]+)[^"]*"')
WORDS = re.compile(r"[A-Za-z_][\w-]*")
#: The theme preloads its two deferred scripts in <head>; on a slow link they compete with the stylesheet.
SCRIPT_PRELOAD = re.compile(r'[ \t]*<link rel="preload" as="script" href="[^"]*"\s*/>\n?')
HEAD_SCRIPT = re.compile(r'<script (?![^>]*\b(?:defer|async|type=)\b)([^>]*\bsrc="([^"]*)"[^>]*)></script>')
#: Scripts only some pages need: (file name, what a page must hold to need it).
NEEDED_IF = {
    "clipboard.min.js": ('class="highlight',),
    "copybutton.js": ('class="highlight',),
    "design-tabs.js": ('class="sd-tab',),
    # The theme loads Sphinx's search and the whole index on every page, for a search-as-you-type it has
    # switched off (search_as_you_type = False): only the search page, which shows results, needs them.
    "searchtools.js": ('id="search-results"',),
    "language_data.js": ('id="search-results"',),
    "searchindex.js": ('id="search-results"',),
}
URL = re.compile(r"""url\((['"]?)(?!data:|[a-z]+://|/|#)([^'")]+)\1\)""")
#: At-rules whose block holds rules to purge; others (font faces, keyframes, pages) are kept whole.
GROUPING = {"media", "supports", "layer", "container", "document"}


def _blocking_links(html: str) -> list[re.Match]:
    return [m for m in LINK.finditer(html) if 'media="print"' not in m.group(0)]


def _used_words(outdir: Path, pages: list[Path]) -> set[str]:
    """Every word in the site's pages and scripts: a selector naming anything else matches nothing."""
    words: set[str] = set()
    for path in [*pages, *outdir.joinpath("_static").rglob("*.js")]:
        words |= set(WORDS.findall(path.read_text(encoding="utf-8", errors="replace")))
    return words


def _names(tokens) -> set[str]:
    """The classes, ids and element names a selector requires (arguments of :not(), :is() and the like and
    attribute tests are not counted, so such selectors are kept)."""
    names, after = set(), None
    for token in tokens:
        if (token.type == "ident" and after in (None, "combinator", ".")) or token.type == "hash":
            names.add(token.value)  # an element or a class, or an id
        if token.type == "literal" and token.value in (".", ":"):
            after = token.value
        elif token.type == "whitespace" or (token.type == "literal" and token.value in (">", "+", "~", ",")):
            after = "combinator"
        else:
            after = "other"
    return names


def _selectors(prelude) -> list[list]:
    parts, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            parts.append(current)
            current = []
        else:
            current.append(token)
    return [*parts, current]


def _compact(tokens) -> str:
    """Tokens as text, comments gone, whitespace runs one space, none around punctuation."""
    text = tinycss2.serialize([t for t in tokens if t.type != "comment"])
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s*([{};,>])\s*", r"\1", text)


def _declarations(content) -> str:
    out = []
    for item in tinycss2.parse_blocks_contents(content, skip_whitespace=True, skip_comments=True):
        if item.type == "declaration":
            value = re.sub(r"\s+", " ", tinycss2.serialize(item.value)).strip()
            out.append(f"{item.name}:{value}{'!important' if item.important else ''}")
        elif item.type == "qualified-rule":  # nested rule (keyframe steps)
            out.append(f"{_compact(item.prelude)}{{{_declarations(item.content)}}}")
        elif item.type == "at-rule":
            out.append(tinycss2.serialize([item]).strip())
    return ";".join(out)


def purge(rules, used: set[str]) -> list[str]:
    """The rules, minified, that can match something in the site."""
    out = []
    for rule in rules:
        if rule.type == "comment" and rule.value.startswith("!"):
            out.append(f"/*{rule.value}*/")
        elif rule.type == "qualified-rule":
            kept = [s for s in _selectors(rule.prelude) if _names(s) <= used]
            if kept:
                out.append(",".join(_compact(s) for s in kept) + "{" + _declarations(rule.content) + "}")
        elif rule.type == "at-rule" and rule.at_keyword.lower() == "charset":
            continue  # one for the whole file, at its top
        elif rule.type == "at-rule" and rule.lower_at_keyword in GROUPING and rule.content is not None:
            inner = purge(tinycss2.parse_blocks_contents(rule.content), used)
            if inner:
                out.append(f"@{rule.at_keyword} {_compact(rule.prelude)}{{{''.join(inner)}}}")
        elif rule.type == "at-rule":
            head = f"@{rule.at_keyword} {_compact(rule.prelude)}".strip()
            out.append(head + (f"{{{_declarations(rule.content)}}}" if rule.content is not None else ";"))
    return out


def _moved_urls(css: str, source: str) -> str:
    """Relative url()s of a sheet under ``source`` (a path in ``_static/``), rewritten for STYLESHEET."""
    here, there = posixpath.dirname(source), posixpath.dirname(STYLESHEET)

    def move(m: re.Match) -> str:
        return f'url("{posixpath.relpath(posixpath.normpath(posixpath.join(here, m.group(2))), there)}")'

    return URL.sub(move, css)


def _sheet(outdir: Path, sheet: str, used: set[str], sizes: dict[str, int]) -> str:
    """One stylesheet purged and minified, its ``@import``s (Sphinx's ``theme.css`` imports ``basic.css``)
    put in their place; ``sizes`` records each file read, once."""
    if sheet in sizes:
        return ""
    text = (outdir / sheet).read_text(encoding="utf-8")
    sizes[sheet] = len(text.encode())
    out = []
    for rule in tinycss2.parse_stylesheet(text, skip_whitespace=True, skip_comments=False):
        if rule.type == "at-rule" and rule.lower_at_keyword == "import":
            (first, *rest) = [t for t in rule.prelude if t.type not in ("whitespace", "comment")]
            if rest or first.type not in ("string", "url"):
                raise ValueError(f"{sheet}: an @import with a condition cannot be joined: {tinycss2.serialize([rule])}")
            out.append(
                _sheet(outdir, posixpath.normpath(posixpath.join(posixpath.dirname(sheet), first.value)), used, sizes)
            )
        else:
            out.append(_moved_urls("".join(purge([rule], used)), sheet.removeprefix("_static/")))
    return "".join(out)


def defer_scripts(html: str) -> str:
    """The page with its blocking theme scripts deferred, and those it has no use for dropped."""
    head_end = html.find("</head>")

    def fix(m: re.Match) -> str:
        if m.start() > head_end:
            return m.group(0)
        name = posixpath.basename(m.group(2).split("?")[0])
        if name in NEEDED_IF and not any(marker in html for marker in NEEDED_IF[name]):
            return ""
        if name == "documentation_options.js":
            return m.group(0)
        return f'<script defer="defer" {m.group(1).strip()}></script>'

    return HEAD_SCRIPT.sub(fix, html)


def write_styles(outdir: Path) -> tuple[int, int]:
    """Join, purge and minify the stylesheets every page links into one; point the pages at it.
    Returns (bytes before, bytes after)."""
    pages = sorted(p for p in outdir.rglob("*.html") if p.is_file() and "_static" not in p.relative_to(outdir).parts)
    order: list[str] = []  # sheets under _static/, in the order the pages link them
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for link in _blocking_links(html):
            href = HREF.search(link.group(0))
            target = posixpath.normpath(posixpath.join(page.relative_to(outdir).parent.as_posix(), href.group(1)))
            if target.startswith("_static/") and target not in order and target != f"_static/{STYLESHEET}":
                order.append(target)
    if not order:  # an incremental build where nothing was rewritten: the sheet stands
        return 0, 0
    used = _used_words(outdir, pages)
    sizes: dict[str, int] = {}
    css = "\n".join(['@charset "UTF-8";', *(_sheet(outdir, sheet, used, sizes) for sheet in order)]) + "\n"
    before = sum(sizes.values())
    target = outdir / "_static" / STYLESHEET
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(css, encoding="utf-8")
    digest = hashlib.sha256(css.encode()).hexdigest()[:12]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        links = _blocking_links(html)
        if not links:
            continue
        depth = len(page.relative_to(outdir).parts) - 1
        href = "../" * depth + f"_static/{STYLESHEET}?v={digest}"
        one = f'    <link rel="stylesheet" type="text/css" href="{href}" />\n'
        for i, link in enumerate(reversed(links)):
            html = html[: link.start()] + (one if i == len(links) - 1 else "") + html[link.end() :]
        html = defer_scripts(SCRIPT_PRELOAD.sub("", html))
        page.write_text(html, encoding="utf-8")
    return before, len(css.encode())
