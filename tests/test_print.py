"""Printed, a chapter is a document: no dead controls, the address of every outside link, no chart cut in
two, the charts drawn inside the paper's width, and no blank band below a chart, even printed from a phone."""

from __future__ import annotations


def test_a_printed_chapter_hides_controls_and_shows_link_addresses(visit):
    page = visit("book/iran.html")
    page.wait_for_charts()
    page.page.emulate_media(media="print")
    page.page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.page.wait_for_timeout(500)
    shown = page.page.evaluate(
        """() => ({
        controls: [...document.querySelectorAll('.vega-bindings, .briefing-chart-links, .briefing-chart-table')]
            .filter(e => getComputedStyle(e).display !== 'none').length,
        sidebars: [...document.querySelectorAll('.bd-sidebar-primary, .bd-sidebar-secondary')]
            .filter(e => getComputedStyle(e).display !== 'none').length,
        link: (() => { const a = document.querySelector('.bd-article a[href^="http"]');
            return a ? [a.href, getComputedStyle(a, '::after').content] : null })(),
        charts: [...document.querySelectorAll('.briefing-chart')].map(c => getComputedStyle(c).breakInside),
        widest: Math.max(...[...document.querySelectorAll('.briefing-chart-view svg')]
            .map(s => s.getBoundingClientRect().right)),
        paper: document.documentElement.clientWidth,
    })"""
    )
    assert shown["controls"] == 0 and shown["sidebars"] == 0, shown
    assert shown["link"] and shown["link"][0] in shown["link"][1], shown["link"]
    assert shown["charts"] and set(shown["charts"]) == {"avoid"}
    assert shown["widest"] <= shown["paper"] + 1, shown
    pdf = page.page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000


#: Each chart's view in print: its height, and the blank below the lowest picture it shows, in pixels.
BLANK_BELOW = """() => [...document.querySelectorAll('.briefing-chart-view')].map(view => {
    const box = view.getBoundingClientRect();
    const drawn = [...view.querySelectorAll('svg')].filter(s => s.getBoundingClientRect().height > 0
        && getComputedStyle(s).visibility !== 'hidden');
    const bottom = Math.max(box.top, ...drawn.map(s => s.getBoundingClientRect().bottom));
    return [view.closest('.briefing-chart').id, Math.round(box.height), Math.round(box.bottom - bottom)];
})"""


def test_a_chapter_printed_at_a_phones_width_leaves_no_blank_below_its_charts(visit):
    """On a phone the chart's box keeps the live chart's height (controls included) so nothing jumps; in
    print the controls are hidden, and that height left a blank band of some 70 px under every figure."""
    page = visit("book/iran.html")
    page.page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_charts()
    page.page.emulate_media(media="print")
    page.page.wait_for_timeout(500)
    views = page.page.evaluate(BLANK_BELOW)
    assert views and all(height > 100 for _, height, _ in views), views
    assert all(blank <= 4 for *_, blank in views), f"blank below a printed chart (id, height, blank px): {views}"
