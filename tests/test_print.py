"""Printed, a chapter is a document: no dead controls, the address of every outside link, no chart cut in
two, and the charts drawn inside the paper's width."""

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
