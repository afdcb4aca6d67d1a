"""The built site: complete, offline, one shared runtime, the data and the sources with it."""

from __future__ import annotations

import csv
import re

from conftest import ROOT, toc_pages

ASSET = re.compile(
    r"""<(script|link|img|iframe|source|video|audio|embed)\b[^>]*?\b(src|href)=["']([^"']+)["']""", re.IGNORECASE
)
CSS_URL = re.compile(r"""url\(\s*["']?(https?:)?//""", re.IGNORECASE)


def test_every_toc_entry_has_a_page(site):
    for page in toc_pages():
        assert (site / page).is_file(), f"{page} is in _toc.yml but was not built"


def test_no_built_file_loads_an_asset_from_another_host(site):
    offenders = []
    for path in site.rglob("*"):
        if path.suffix == ".html":
            for tag, attr, url in ASSET.findall(path.read_text(encoding="utf-8", errors="replace")):
                if re.match(r"(https?:)?//", url) and not (tag.lower() == "link" and "canonical" in url):
                    offenders.append(f"{path.relative_to(site)}: <{tag} {attr}={url}>")
        elif path.suffix == ".css" and CSS_URL.search(path.read_text(encoding="utf-8", errors="replace")):
            offenders.append(f"{path.relative_to(site)}: url() to another host")
    assert not offenders, "\n".join(offenders[:20])


def test_no_page_carries_thebe_or_mathjax_or_a_cdn(site):
    for page in toc_pages():
        html = (site / page).read_text(encoding="utf-8")
        for marker in ("thebe", "mathjax", "cdn.jsdelivr", "unpkg.com"):
            assert marker not in html.lower(), f"{page} mentions {marker}"


def test_one_runtime_shared_by_every_chart_and_each_chart_drawn_in_the_page(site):
    """The runtime is one file fetched by charts.js when a chart needs it, never a tag of the page (so it
    never delays the first paint); every chart is already in the page as a picture with real text."""
    runtime = site / "_static" / "briefing" / "vega-runtime.js"
    text = runtime.read_text(encoding="utf-8")
    assert runtime.stat().st_size > 500_000 and text.startswith("/* Vega runtime:")
    # Specs arrive compiled to Vega: the runtime served holds no Vega-Lite compiler and no vega-embed.
    assert "vega-lite" not in text.lower() and "vegaLite" not in text and "vegaEmbed" not in text
    assert "expressionInterpreter" in text  # expressions interpreted, not eval'd: the policy needs no unsafe-eval
    charts = 0
    for page in toc_pages():
        html = (site / page).read_text(encoding="utf-8")
        n = html.count('class="briefing-chart"')
        charts += n
        assert "vega-runtime.js" not in html, f"{page} loads the runtime before the first paint"
        assert html.count('<div class="briefing-static" aria-hidden="true"><svg') == n, (
            f"{page}: a chart without its picture"
        )
        if n:
            assert re.search(r'<div class="briefing-static"[^>]*><svg[^>]*>.*?<text', html, re.DOTALL), page
        assert "vegaEmbed(" not in html, f"{page} inlines chart code"
    assert charts >= 2


def test_no_page_carries_a_chart_spec_each_chart_names_its_spec_file(site):
    """A page carries each chart's picture and text, not its Vega spec (20-40 KB compressed a page, which a
    phone parsed before its first paint): the spec is a file of the site beside the chart's CSV, loaded by
    charts.js with the runtime. Every chart names its file, every file holds its chart's spec, none is stray."""
    from briefing.display import read_spec_script

    pages = [*toc_pages(), *sorted(p.relative_to(site).as_posix() for p in (site / "embed").glob("*.html"))]
    named = set()
    for page in pages:
        html = (site / page).read_text(encoding="utf-8")
        assert "briefing-spec" not in html and "vega.github.io/schema/vega/" not in html, f"{page} inlines a spec"
        charts = re.findall(
            r'<div class="briefing-chart" id="chart-([a-z0-9-]+)" data-chart="\1" data-spec="([^"]+)"', html
        )
        assert len(charts) == html.count('class="briefing-chart"'), f"{page}: a chart names no spec file"
        for name, href in charts:
            path = ((site / page).parent / href).resolve()
            assert path.parent == (site / "figures").resolve() and path.name == f"{name}.vega.js", (page, href)
            got, spec = read_spec_script(path.read_text(encoding="utf-8"))
            assert got == name and spec["$schema"].startswith("https://vega.github.io/schema/vega/"), path
            assert spec["marks"] and "title" not in spec, path  # the title is HTML above the chart
            named.add(path.name)
            about = spec.get("usermeta", {}).get("briefing", {})
            if about.get("words"):  # the long tooltip text, in the chart's words file
                named.add(f"{name}.words.js")
            named |= {f"{key}.js" for key in about.get("shared", {}).values()}  # data figures share
    assert named == {p.name for p in (site / "figures").glob("*.js")}


def test_the_runtime_is_not_committed():
    assert not list((ROOT / "briefing" / "static").rglob("vega*.js"))
    assert not (ROOT / "_static").exists()


def test_the_data_behind_the_charts_ships_with_the_site(site):
    assert (site / "data" / "datapackage.json").is_file()
    for name in ("seizures.csv", "sources.csv", "events.csv"):
        assert (site / "data" / name).read_bytes() == (ROOT / "data" / name).read_bytes()


def test_the_whole_data_package_is_one_link_away_and_whole(site):
    """The Sources page links the package as published (not a lone copy of its descriptor, whose tables would
    404) and a zip of all of it, holding exactly the published files."""
    import zipfile

    html = (site / "book" / "sources.html").read_text(encoding="utf-8")
    assert 'href="../data/datapackage.json"' in html and 'href="../briefing-data.zip"' in html
    assert "_downloads/" not in html.split('class="briefing-sources"')[0].split("<main")[-1]
    published = sorted(
        f"data/{p.relative_to(site / 'data').as_posix()}" for p in (site / "data").rglob("*") if p.is_file()
    )
    with zipfile.ZipFile(site / "briefing-data.zip") as bundle:
        assert sorted(bundle.namelist()) == published
        assert bundle.read("data/seizures.csv") == (ROOT / "data" / "seizures.csv").read_bytes()


def test_sources_page_lists_every_source_with_where_it_is_used(site):
    html = (site / "book" / "sources.html").read_text(encoding="utf-8")
    with open(ROOT / "data" / "sources.csv", encoding="utf-8") as f:
        sources = list(csv.DictReader(f))
    for source in sources:
        assert f'id="source-{source["source_id"]}"' in html, source["source_id"]
    rudaw = html[html.index('id="source-rudaw-2025-09-14"') :]
    rudaw = rudaw[: rudaw.index("</li>")]
    assert "seizures.csv" in rudaw and "enforcement.csv" in rudaw
    assert "cooperation.html" in rudaw  # the chapter that uses it is linked
    # A chapter is listed under a source only when the chapter's own source list names it.
    for source in sources:
        sid = source["source_id"]
        entry = html[html.index(f'id="source-{sid}"') :]
        entry = entry[: entry.index("</li>")].split("Chapters:")[-1]
        for chapter in re.findall(r'href="([\w-]+\.html)"', entry):
            page = (site / "book" / chapter).read_text(encoding="utf-8")
            assert f">{sid}<" in page, f"the Sources page lists {chapter} under {sid}, which that chapter does not cite"


def test_every_page_has_a_strict_content_security_policy(site):
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        found = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert found, f"{page.relative_to(site)} has no CSP"
        policy = dict(d.strip().split(" ", 1) for d in found.group(1).split(";"))
        assert policy["default-src"] == "'self'"
        assert "unsafe-inline" not in policy["script-src"] and "unsafe-eval" not in policy["script-src"]
        assert not re.search(r"https?:|\*", found.group(1))
        assert not re.search(r"\son[a-z]+=[\"']", html, re.IGNORECASE), (
            f"{page.relative_to(site)} keeps an inline handler"
        )
    assert "Content-Security-Policy: default-src 'self'" in (site / "_headers").read_text()


def test_no_button_opens_another_projects_repository(site):
    """Built with no repository address, the theme offers no Binder or repository button (it would point at
    Jupyter Book's own repository)."""
    for page in (site / "book").glob("*.html"):
        assert "executablebooks/jupyter-book" not in page.read_text(encoding="utf-8"), page.name


def test_only_the_search_page_loads_the_search_index(site):
    """The index (the site's biggest script after the chart runtime) is fetched where results are shown,
    not on every page a reader opens on a phone."""
    assert "searchindex.js" not in (site / "book" / "iraq.html").read_text(encoding="utf-8")
    assert "searchindex.js" in (site / "search.html").read_text(encoding="utf-8")
