"""What a search engine or a chat app shows of a page: a description on every page, and, once the site's
public address is known, canonical URLs, a sitemap and the page's first figure as its preview image."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from conftest import build, checkout, toc_pages


def meta(html: str, key: str) -> str | None:
    found = re.search(rf'<meta (?:name|property)="{re.escape(key)}" content="([^"]*)"', html)
    return found.group(1) if found else None


def test_every_chapter_has_a_description_and_a_preview_title(site):
    for page in toc_pages():
        html = (site / page).read_text(encoding="utf-8")
        description = meta(html, "description")
        assert description and len(description) > 60, page
        assert meta(html, "og:title") and meta(html, "og:description") == description, page
    assert not (site / "sitemap.xml").exists()  # no address known: no sitemap of relative links


def plain(fragment: str) -> str:
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def test_a_pages_description_is_its_first_key_point_with_the_numbers_in_it(site):
    with_points = 0
    for page in toc_pages():
        html = (site / page).read_text(encoding="utf-8")
        description = html_lib.unescape(meta(html, "description"))
        assert 60 < len(description) <= 160 and "glue" not in description, (page, description)
        points = re.search(r'<p class="admonition-title">Key points</p>(.*?)</div>', html, re.DOTALL)
        if points:
            with_points += 1
            first = plain(re.search(r"<li>(.*?)</li>", points.group(1), re.DOTALL).group(1))
            assert description[:60] == first[:60], (page, description, first)
    assert with_points >= 5


def test_a_description_keeps_whole_sentences_and_cuts_a_long_one_at_a_word():
    from briefing.sphinxext.descriptions import shorten

    two = "Iran says it seized 1,000 tonnes. " + "Its police give another tally for the same months. " * 3
    assert (
        shorten([two])
        == ("Iran says it seized 1,000 tonnes. " + "Its police give another tally for the same months. " * 2).strip()
    )
    short_then_long = "Iran is the largest market. " + "It counts its users in millions and more " * 5
    said = shorten([short_then_long])
    assert said.startswith("Iran is the largest market. It counts") and 140 < len(said) <= 160
    assert said.endswith("…")
    long = "word " * 60
    cut = shorten([long])
    assert len(cut) <= 160 and cut.endswith("word…")


@pytest.mark.slow
def test_with_the_site_address_pages_get_canonical_urls_a_sitemap_and_a_preview_image(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_SITE_URL", "https://example.org/briefing")
    repo = checkout(tmp_path / "repo")
    out = tmp_path / "site"
    result = build(repo, out, tmp_path / "state")
    assert result.returncode == 0, result.stderr[-3000:]
    sitemap = (out / "sitemap.xml").read_text()
    for page in toc_pages():
        assert f"<loc>https://example.org/briefing/{page}</loc>" in sitemap, page
        html = (out / page).read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="https://example.org/briefing/{page}" />' in html
        assert meta(html, "og:url") == f"https://example.org/briefing/{page}"
        if 'class="briefing-chart"' in html:  # a page with a figure shows its first figure as its preview
            image = meta(html, "og:image")
            assert image and image.startswith("https://example.org/briefing/_static/briefing/previews/"), page
            png = out / image.removeprefix("https://example.org/briefing/")
            assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
            assert meta(html, "og:image:alt"), page
