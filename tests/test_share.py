"""A figure can be passed on as it is shown: its link keeps the selections and reopens the page at it, a
stale link falls back to the defaults, and PNG and SVG images carry the title, the sources and the address."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

CHART = "#chart-afghanistan-opium"


def test_a_figures_link_keeps_its_selections_and_a_stale_link_keeps_the_defaults(visit):
    page = visit("book/afghanistan.html")
    page.wait_for_charts()
    box = page.page.locator(CHART)
    assert box.locator(".briefing-share a", has_text="Link to this figure").count() == 1
    box.locator("input[type=radio]").nth(1).check()
    page.page.wait_for_timeout(300)
    url = page.page.url
    assert "#chart-afghanistan-opium?" in url and "measure=" in url
    chosen = box.locator("input[type=radio]:checked").get_attribute("value")
    assert chosen in unquote(url)

    again = visit(url.split("127.0.0.1", 1)[1].split("/", 1)[1])
    again.wait_for_charts()
    again.page.wait_for_timeout(300)
    view = "document.querySelector('#chart-afghanistan-opium').briefingView"
    assert again.page.evaluate(f"() => {view}.signal('measure')") == chosen
    assert again.page.locator(f"{CHART} input[type=radio]:checked").get_attribute("value") == chosen
    assert again.page.evaluate("() => window.scrollY") > 200  # opened at the figure

    stale = visit("book/afghanistan.html#chart-afghanistan-opium?measure=nonsense&year_from=99999&other=1")
    stale.wait_for_charts()
    stale.page.wait_for_timeout(300)
    default = stale.page.evaluate(f"() => {view}.signal('measure')")
    assert default != "nonsense" and not stale.errors, stale.errors


def test_images_of_a_figure_carry_title_sources_and_address(browser, served):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page.goto(f"{served}/book/afghanistan.html")
    page.wait_for_selector(f"{CHART} .briefing-share button")
    box = page.locator(CHART)
    with page.expect_download() as svg_download:
        box.locator("button", has_text="Download SVG").click()
    svg = Path(svg_download.value.path()).read_text(encoding="utf-8")
    title = box.locator(".briefing-chart-title").inner_text()
    assert svg.startswith("<svg") and title.split()[0] in svg and "Sources" in svg
    assert "book/afghanistan.html#chart-afghanistan-opium" in svg
    with page.expect_download() as png_download:
        box.locator("button", has_text="Download PNG").click()
    assert png_download.value.suggested_filename == "afghanistan-opium.png"
    assert Path(png_download.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    box.locator("button", has_text="Cite this figure").click()
    citation = box.locator(".briefing-share-citation").inner_text()
    assert title in citation and "Afghanistan" in citation and "#chart-afghanistan-opium" in citation
    bibtex = box.locator(".briefing-share-bibtex").input_value()  # beside it, a BibTeX entry to copy
    assert bibtex.startswith("@misc{briefing-afghanistan-opium-") and bibtex.rstrip().endswith("}")
    assert f"title = {{{title}}}" in bibtex and "#chart-afghanistan-opium" in bibtex
    assert re.search(r"urldate = \{\d{4}-\d\d-\d\d\}", bibtex) and bibtex.count("{") == bibtex.count("}")
    page.set_viewport_size({"width": 390, "height": 844})  # the long link in the citation wraps on a phone
    page.wait_for_timeout(200)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.close()


def test_each_figure_is_a_page_of_its_own_that_other_sites_may_frame(site, visit):
    from conftest import toc_pages

    pages = [p for p in toc_pages() if 'class="briefing-chart"' in (site / p).read_text(encoding="utf-8")]
    names = sorted(
        name
        for p in pages
        for name in re.findall(r'class="briefing-chart" id="chart-([a-z0-9-]+)"', (site / p).read_text())
    )
    assert sorted(p.stem for p in (site / "embed").glob("*.html")) == names
    headers = (site / "_headers").read_text()
    assert "frame-ancestors *" in headers.split("/embed/afghanistan-opium.html", 1)[1].split("\n\n", 1)[0]
    assert "frame-ancestors 'self'" in headers.split("/book/afghanistan.html", 1)[1].split("\n\n", 1)[0]
    page = visit("embed/afghanistan-opium.html")
    page.page.mouse.wheel(0, 200)
    page.wait_for_charts()
    assert page.page.locator(".briefing-chart .vega-bindings").count() == 1  # the controls work there too
    back = page.page.locator(".briefing-embed-credit a")
    assert back.get_attribute("href") == "../book/afghanistan.html#chart-afghanistan-opium"
    assert not page.errors and not page.outside
    chapter = visit("book/afghanistan.html")
    chapter.wait_for_charts()
    chapter.page.locator(f"{CHART} button", has_text="Embed").click()
    snippet = chapter.page.locator(f"{CHART} .briefing-share-embed").input_value()
    assert snippet.startswith("<iframe src=") and "/embed/afghanistan-opium.html" in snippet
