"""The theme's icons come from one small stylesheet, not from Font Awesome's 1.5 MB script on every page."""

from __future__ import annotations

import re
from pathlib import Path

import pydata_sphinx_theme
import pytest

from briefing.sphinxext import head, icons

OVERRIDE = Path(icons.__file__).parent.parent / "html_templates" / "static" / "webpack-macros.html"
THEME = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "webpack-macros.html"


def macros(text: str) -> list[str]:
    """The template's lines outside its leading comment."""
    return [line for line in text.split("-->", 1)[1].splitlines() if line.strip()]


def test_the_override_is_the_themes_macros_less_the_icon_script():
    """Fails when pydata-sphinx-theme changes its macros (an upgrade): copy them again, less that one line."""
    theme = [line for line in macros(THEME.read_text()) if "fontawesome" not in line and "custom icons" not in line]
    assert macros(OVERRIDE.read_text()) == theme
    assert "fontawesome" not in OVERRIDE.read_text().split("-->", 1)[1]


def test_each_icon_is_drawn_from_its_font_awesome_shape():
    script = (
        'var p={bars:[448,512,["navicon"],"f0c9","M0 96h448"],"arrow-up":[384,512,[],"f062","M214 41z"]};'
        'd("fas",p),d("fa-solid",p)'
    )
    shapes = icons.solid_icons(script)
    assert shapes == {"bars": (448, 512, "M0 96h448"), "arrow-up": (384, 512, "M214 41z")}
    css = icons.stylesheet(shapes, {"bars"})
    assert re.search(r"i\.fa-bars \{ --icon: url\(\"data:image/svg\+xml,[^\"]*M0 96h448", css)
    assert "width: 0.875em" in css and "arrow-up" not in css
    with pytest.raises(ValueError, match="no shape for: rocket"):
        icons.stylesheet(shapes, {"rocket"})


def test_no_page_loads_the_icon_script_and_every_icon_it_names_is_drawn(site):
    # The icon rules are joined with the theme's into the one sheet every page links (briefing.sphinxext.head).
    sheet = site / "_static" / head.STYLESHEET
    assert (site / "_static" / icons.STYLESHEET).stat().st_size < 20_000
    drawn = set(re.findall(r"i\.fa-([a-z0-9-]+)\{--icon", sheet.read_text()))
    assert not list(site.rglob("fontawesome.js*"))
    for page in (p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "_static"):  # not theme files
        html = page.read_text(encoding="utf-8")
        assert "fontawesome" not in html, page
        if icons.icons_used([page]):  # a page that shows an icon links the sheet that draws it
            assert head.STYLESHEET in html, page
        assert icons.icons_used([page]) <= drawn, page


def test_admonition_titles_and_the_themes_span_icons_are_masks_not_glyphs():
    shapes = {"bell": (448, 512, "M1z"), "circle-xmark": (512, 512, "M2z"), "bars": (448, 512, "M0 96h448")}
    css = icons.stylesheet(shapes, {"bars"}, {"", "error"})
    assert re.search(r'span\.fa-bars, i\.fa-bars \{ --icon: url\("data:image/svg\+xml,[^"]*M0 96h448', css)
    assert re.search(r'div\.admonition > p\.admonition-title::after \{ --icon: url\("data:image/svg\+xml,[^"]*M1z', css)
    assert re.search(r'div\.admonition\.error > p\.admonition-title::after \{ --icon: url\("[^"]*M2z', css)
    assert "::before { content: none; }" in css  # Font Awesome's own rules would draw a glyph in its font
    assert icons.admonitions_used([]) == set()


def test_the_kinds_of_admonition_a_page_holds(tmp_path):
    page = tmp_path / "p.html"
    page.write_text('<div class="tip admonition"><p class="admonition-title">Key</p></div><div class="admonition x">')
    assert icons.admonitions_used([page]) == {"tip", ""}


@pytest.mark.parametrize("path", ["book/index.html", "book/iraq.html", "book/sources.html", "search.html"])
def test_no_page_fetches_font_awesomes_font_and_its_icons_still_show(site, served, browser, path):
    """Every icon is a mask, none a glyph: a phone does not fetch Font Awesome's 150 KB font before it
    paints, and the header's buttons and the key points' title still show their icons."""
    page = browser.new_page(viewport={"width": 390, "height": 800})
    fonts = []
    page.on("request", lambda r: fonts.append(r.url) if r.resource_type == "font" else None)
    try:
        page.goto(f"{served}/{path}", wait_until="load")
        page.wait_for_timeout(300)
        masks = page.evaluate(
            """() => [...document.querySelectorAll('.fa-solid, .fas, div.admonition > p.admonition-title')]
                .filter(e => e.getClientRects().length)
                .map(e => getComputedStyle(e, e.matches('p') ? '::after' : null).maskImage)"""
        )
        assert masks and all(m.startswith('url("data:image/svg+xml') for m in masks), (path, masks)
        assert not fonts, (path, fonts)
    finally:
        page.close()
