"""The theme's icons without its 1.5 MB icon script.

pydata-sphinx-theme draws its icons (``<i class="fa-solid fa-bars">``) by loading Font Awesome's whole
SVG library as a script on every page. The book uses about fifteen of them. At the end of the build this
module reads the shapes of exactly the icons the pages name from that script (Font Awesome Free, CC BY 4.0,
shipped with the theme) and writes them as CSS masks into one small stylesheet; the theme's macros are
overridden (``briefing/html_templates/static/webpack-macros.html``) so that no page loads the script.
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

STYLESHEET = "briefing/icons.css"
#: Font Awesome's script defines its packs one after another; the solid pack ends where it is registered.
SOLID_END = 'd("fas",p),d("fa-solid",p)'
PACK_END = re.compile(r'd\("fa[rb]",p\),d\("fa-(regular|brands)",p\)')
ICON = re.compile(r'(?:"([a-z0-9-]+)"|([a-z0-9]+)):\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]+","([^"]+)"\]')
USED = re.compile(r'class="([^"]*\bfa(?:s|-solid)\b[^"]*)"')
NOT_ICONS = {"fa-solid", "fas", "fa-lg", "fa-fw", "fa-xs", "fa-sm", "fa-2x"}
#: The icon the theme shows in the title of each kind of admonition (its ``--pst-icon-admonition-*`` glyphs,
#: by their Font Awesome 6 names); "" is a plain ``{admonition}``, such as each chapter's key points.
ADMONITION_ICONS = {
    "": "bell",
    "note": "circle-info",
    "seealso": "share",
    "tip": "lightbulb",
    "hint": "lightbulb",
    "important": "circle-exclamation",
    "attention": "circle-exclamation",
    "caution": "triangle-exclamation",
    "warning": "triangle-exclamation",
    "danger": "triangle-exclamation",
    "error": "circle-xmark",
    "todo": "pencil",
}
CLASSES = re.compile(r'<div class="([^"]*)"')


def solid_icons(script: str) -> dict[str, tuple[int, int, str]]:
    """{name: (width, height, SVG path)} for the solid pack in Font Awesome's script."""
    end = script.index(SOLID_END)
    start = max((m.end() for m in PACK_END.finditer(script, 0, end)), default=0)
    return {
        (m.group(1) or m.group(2)): (int(m.group(3)), int(m.group(4)), m.group(5))
        for m in ICON.finditer(script, start, end)
    }


def icons_used(pages: list[Path]) -> set[str]:
    names = set()
    for page in pages:
        for classes in USED.findall(page.read_text(encoding="utf-8")):
            names |= {c.removeprefix("fa-") for c in classes.split() if c.startswith("fa-") and c not in NOT_ICONS}
    return names


def admonitions_used(pages: list[Path]) -> set[str]:
    """The kinds of admonition the pages hold ("" for a plain one) that the theme gives an icon."""
    kinds = set()
    for page in pages:
        for classes in CLASSES.findall(page.read_text(encoding="utf-8")):
            words = set(classes.split())
            if "admonition" in words:  # Sphinx writes the kind first: class="tip admonition"
                kinds |= (words & set(ADMONITION_ICONS)) or {""}
    return kinds


def _mask(width: int, height: int, path: str) -> str:
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"><path d="{path}"/></svg>'
    return "data:image/svg+xml," + urllib.parse.quote(svg, safe=" /:=,.-")


def stylesheet(shapes: dict[str, tuple[int, int, str]], names: set[str], admonitions: set[str] = frozenset()) -> str:
    """CSS drawing each named icon, and the icon in the title of each kind of admonition, in the text colour
    (a mask), at Font Awesome's size and alignment. The theme's own rules draw them as glyphs of Font
    Awesome's 150 KB font, which a phone on a slow connection then fetched first of all, before the page's
    first paint: here no icon is a glyph, so no page needs the font."""
    names = names | {ADMONITION_ICONS[kind] for kind in admonitions}
    missing = sorted(names - set(shapes))
    if missing:
        raise ValueError(f"the theme's pages use icons its Font Awesome has no shape for: {', '.join(missing)}")
    rules = [
        (
            "/* Icons from Font Awesome Free 6 (CC BY 4.0, https://fontawesome.com/license/free), written by\n"
            "   briefing/sphinxext/icons.py for exactly the icons these pages use. */"
        ),
        (
            ":where(i.fa-solid, i.fas, span.fa-solid, span.fas) { display: inline-block; height: 1em;"
            " vertical-align: -0.125em; background-color: currentColor;"
            " -webkit-mask: var(--icon) center / contain no-repeat; mask: var(--icon) center / contain no-repeat; }"
        ),
        ":is(i.fa-solid, i.fas, span.fa-solid, span.fas)::before { content: none; }",  # no glyph, so no font
        "i.fa-lg { font-size: 1.25em; line-height: 0.05em; vertical-align: -0.075em; }",
    ]
    for name in sorted(names):
        width, height, path = shapes[name]
        rules.append(
            f'span.fa-{name}, i.fa-{name} {{ --icon: url("{_mask(width, height, path)}"); width: {width / height:.4g}em; }}'
        )
    if admonitions:  # the theme's rules set each kind's colour, size and place; the shape replaces the glyph
        rules.append(
            # The font too: an empty box set in Font Awesome's font still fetches it (for its line's height);
            # lowered to where the glyph sat in its line.
            'div.admonition > p.admonition-title::after { content: "" !important; font: inherit;'
            " margin-top: 0.33rem; background-color: currentColor; -webkit-mask: var(--icon) center / contain no-repeat;"
            " mask: var(--icon) center / contain no-repeat; }"
        )
    for kind in sorted(admonitions):
        width, height, path = shapes[ADMONITION_ICONS[kind]]
        selector = "div.admonition" + (f".{kind}" if kind else "") + " > p.admonition-title::after"
        rules.append(f'{selector} {{ --icon: url("{_mask(width, height, path)}"); }}')
    return "\n".join(rules) + "\n"


def write_icons(outdir: Path) -> int:
    """Write the stylesheet for the icons the built pages use; drop the unused script. Returns the count."""
    script = outdir / "_static" / "scripts" / "fontawesome.js"
    target = outdir / "_static" / STYLESHEET
    if not script.exists():  # an incremental build: the script was removed last time, the sheet stands
        return len(re.findall(r"^i\.fa-", target.read_text(), re.MULTILINE)) if target.exists() else 0
    pages = sorted(outdir.rglob("*.html"))
    names, admonitions = icons_used(pages), admonitions_used(pages)
    target.parent.mkdir(parents=True, exist_ok=True)
    shapes = solid_icons(script.read_text(encoding="utf-8"))
    target.write_text(stylesheet(shapes, names, admonitions), encoding="utf-8")
    for leftover in script.parent.glob("fontawesome.js*"):
        leftover.unlink()
    return len(names)
