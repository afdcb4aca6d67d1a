"""The built site in a real browser (Debian Chromium, headless), with every outside request aborted."""

from __future__ import annotations

import pytest
from conftest import toc_pages

from briefing.compile import IN_THE_TABLE

PAGES = toc_pages()


@pytest.mark.parametrize("page", PAGES)
def test_page_draws_its_charts_offline_without_errors(visit, page):
    v = visit(page)
    charts = v.wait_for_charts()
    for chart in charts:
        assert chart["state"] == "drawn", f"{page}: {chart['id']} did not draw"
        assert chart["marks"] > 0, f"{page}: {chart['id']} drew no marks"
    assert not v.errors, f"{page}: console errors {v.errors}"
    assert not v.outside, f"{page}: requests to other hosts {v.outside}"
    if not page.endswith("sources.html"):
        assert len(charts) >= 2, f"{page} draws {len(charts)} charts; every chapter has at least two"


@pytest.mark.parametrize("chapter", ["iraq", "index"])
def test_a_page_opened_from_disk_draws_its_charts(site, browser, chapter):
    """A reviewer who unzips the site preview and opens a page (file://) gets live charts: each chart's
    spec, and the boundaries the map shares with another page, are scripts of the site, which a page from
    disk may load (a fetch() of a file:// address fails)."""
    page = browser.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto((site / "book" / f"{chapter}.html").as_uri())
        page.mouse.wheel(0, 200)  # the reader touches the page: the runtime and the specs are asked for
        page.wait_for_function(
            "() => [...document.querySelectorAll('.briefing-chart')].every(c => c.dataset.state === 'drawn')",
            timeout=20000,
        )
        assert page.locator(".briefing-chart .briefing-live svg").count() >= 2
        assert not page.locator(".briefing-static").count()  # every picture replaced by its live chart
        assert not errors, errors
    finally:
        page.close()


def test_pointing_at_a_mark_shows_the_sources_words_fetched_only_then(site, visit):
    """The long tooltip text (the source's words) is the chart's words file, fetched when the reader first
    points at the chart: a page's own bytes stay small, and the tooltip still quotes the source."""
    v = visit("book/iraq.html")
    asked = []
    v.page.on("request", lambda r: asked.append(r.url) if r.url.endswith(".words.js") else None)
    v.page.mouse.wheel(0, 100)
    v.wait_for_charts()
    assert not asked, f"words fetched before anyone pointed: {asked}"
    chart = v.page.locator("#chart-iraq-seizures")
    chart.scroll_into_view_if_needed()
    dot = chart.locator(".briefing-live .mark-symbol path").first
    dot.hover(force=True)
    tip = v.page.locator("#vg-tooltip-element.visible")
    tip.wait_for(timeout=5000)
    text = tip.inner_text()
    assert "The source's words" in text and IN_THE_TABLE not in text, text
    words = text.split("The source's words", 1)[1].strip()
    table = chart.locator("details.briefing-chart-table").text_content()  # the whole passage, in the table view
    assert len(words) > 20 and " ".join(words.rstrip("…").split()) in " ".join(table.split()), (words, table[:500])
    assert IN_THE_TABLE not in (dot.get_attribute("aria-label") or "")  # the mark's label says them too now
    assert [u for u in asked if u.endswith("/figures/iraq-seizures.words.js")], asked
    assert not v.errors, v.errors


def chart_pages(site):
    return [p for p in PAGES if 'class="briefing-chart"' in (site / p).read_text(encoding="utf-8")]


def test_every_bound_control_changes_its_chart(site, visit):
    checked = 0
    for page in chart_pages(site):
        v = visit(page)
        v.wait_for_charts()
        for chart_id in v.page.eval_on_selector_all(".briefing-chart", "els => els.map(e => e.id)"):
            chart = v.page.locator(f"#{chart_id}")
            svg = chart.locator(".briefing-chart-view svg").first
            for i in range(chart.locator(".vega-bind select").count()):
                select = chart.locator(".vega-bind select").nth(i)
                # Compare values with values: an option's label may differ from its value ("Every kind": "all").
                options = select.locator("option").evaluate_all("os => os.map(o => o.value)")
                before = svg.inner_html()
                current = select.input_value()
                select.select_option(value=next(o for o in options if o != current))
                v.page.wait_for_timeout(150)
                assert svg.inner_html() != before, f"{page} {chart_id}: choosing in drop-down {i} changed nothing"
                checked += 1
            radios = chart.locator(".vega-bind input[type=radio]")
            for i in range(radios.count()):
                radio = radios.nth(i)
                if radio.is_checked():
                    continue
                before = svg.inner_html()
                radio.check()
                v.page.wait_for_timeout(150)
                assert svg.inner_html() != before, (
                    f"{page} {chart_id}: radio {radio.get_attribute('value')} changed nothing"
                )
                checked += 1
            ranges = chart.locator(".vega-bind input[type=range]")
            for i in range(ranges.count()):
                slider = ranges.nth(i)
                before = svg.inner_html()
                low, high = float(slider.get_attribute("min")), float(slider.get_attribute("max"))
                value = float(slider.input_value())
                slider.fill(str(int((low + high) / 2) if value in (low, high) else int(low)))
                v.page.wait_for_timeout(150)
                assert svg.inner_html() != before, f"{page} {chart_id}: slider {i} changed nothing"
                checked += 1
        assert not v.errors, f"{page}: console errors {v.errors}"
    assert checked >= 4


def test_clicking_a_countrys_name_at_the_line_end_picks_it_out(site, visit):
    """Few series: each is named at its end, in its colour, and clicking the name greys the others (no
    legend); many series (the Captagon hauls of ten countries): the legend does that."""
    page = next(p for p in chart_pages(site) if "cooperation" in p)
    v = visit(page)
    v.wait_for_charts()
    chart = v.page.locator("#chart-coop-seizures")
    svg = chart.locator(".briefing-chart-view svg").first
    assert chart.locator(".role-legend").count() == 0
    names = chart.locator(".briefing-chart-view svg .mark-text text")
    shown = [t for t in names.all_text_contents() if t.strip() in ("Iran", "Iraq")]  # SVG text: no innerText
    assert sorted(shown) == ["Iran", "Iraq"], names.all_text_contents()
    before = svg.inner_html()
    chart.locator(".briefing-chart-view svg .mark-text text", has_text="Iraq").first.click(force=True)
    v.page.wait_for_timeout(200)
    assert svg.inner_html() != before
    assert not v.errors, v.errors


def test_table_view_and_csv_link_are_there(site, visit):
    page = chart_pages(site)[0]
    v = visit(page)
    v.wait_for_charts()
    first = v.page.locator(".briefing-chart").first
    first.locator("details summary").click()
    assert first.locator("table.briefing-table tbody tr").count() > 0
    href = first.locator("a[download]").get_attribute("href")
    assert href.startswith("../figures/") and href.endswith(".csv")  # a file of its own, not the page's weight
    csv = ((site / page).parent / href).resolve().read_text(encoding="utf-8")
    assert csv.count("\n") > 1 and "Source" in csv.splitlines()[0]


def test_screenshots_show_the_charts(site, visit, tmp_path_factory):
    """Leaves a full-page screenshot of every page (for a human to look at) and checks each chart has
    a visible, non-empty box."""
    folder = tmp_path_factory.mktemp("screenshots")
    for page in chart_pages(site):
        v = visit(page)
        v.wait_for_charts()
        for box in v.page.locator(".briefing-chart-view svg").all():
            size = box.bounding_box()
            assert size and size["width"] > 200 and size["height"] > 100, page
        v.page.screenshot(path=str(folder / (page.replace("/", "_") + ".png")), full_page=True)
