"""Measure the book for its three users and check the budgets; print a report (Markdown) to stdout.

    python benchmarks/run.py [--skip-lab] > benchmarks/latest.md

Everything runs on a throw-away copy of the working tree (tests/workspace.py: checkout) so the repository
is never touched. Budgets are printed as PASS/FAIL; the script exits 1 when any budget fails.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import os
import pickle
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from workspace import build, checkout, execution_records, jupyterlab, run_chapter_in_lab

BUDGETS = {
    "cold build (s)": 90,
    "no-change rebuild (share of cold)": 0.15,
    "page's own bytes beyond shared assets (KB)": 300,
    "all charts drawn after navigation (s)": 1.5,
    "widget change to chart update (ms)": 250,
    "cold build against the baseline's (share)": 1.10,
    "first visit, runtime included (KB gzipped)": 400,
    "second page, whichever came first (KB gzipped)": 60,
}
results: list[tuple[str, str, str]] = []  # (budget, measured, PASS/FAIL)


def budget(name: str, value: float, limit: float, shown: str) -> None:
    results.append((f"{name} ≤ {limit}", shown, "PASS" if value <= limit else "FAIL"))


def at_least(name: str, value: float, floor: float, shown: str) -> None:
    results.append((f"{name} ≥ {floor}", shown, "PASS" if value >= floor else "FAIL"))


def timed_build(repo: Path, out: Path, state: Path) -> float:
    start = time.perf_counter()
    result = build(repo, out, state)
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stderr[-4000:]}")
    return time.perf_counter() - start


def baseline_build(ref: str, work: Path) -> float:
    """A cold build of the git commit ``ref`` (its tracked files), timed like this tree's, on this machine."""
    base = work / "baseline"
    base.mkdir()
    archive = subprocess.run(["git", "archive", ref], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(base, filter="data")
    return timed_build(base, work / "baseline-site", work / "baseline-state")


def reexecuted(before: dict, after: dict) -> list[str]:
    return sorted(name for name, stamp in after.items() if before.get(name) != stamp)


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6))


def chapter_records(state: Path) -> dict[str, dict]:
    """The tables and sources each chapter reported, as the build keeps them in its environment."""
    with open(state / ".doctrees" / "environment.pickle", "rb") as f:
        return getattr(pickle.load(f), "briefing_records", {})


def _spec_files(site: Path, page: str, html: bytes) -> tuple[list[Path], set[Path], list[Path]]:
    """The page's chart specs (each chart's data-spec), the shared data files they name, and their words files."""
    from briefing.display import read_spec_script

    specs = [((site / page).parent / ref.decode()).resolve() for ref in re.findall(rb'data-spec="([^"]+)"', html)]
    shared, words = set(), []
    for path in specs:
        _, spec = read_spec_script(path.read_text(encoding="utf-8"))
        about = spec.get("usermeta", {}).get("briefing", {})
        shared |= {path.with_name(f"{key}.js") for key in about.get("shared", {}).values()}
        if about.get("words"):
            words.append(path.with_name(path.name.removesuffix(".vega.js") + ".words.js"))
    return specs, shared, words


def page_weights(site: Path) -> list[dict]:
    """Per page: its HTML, its chart specs, what a first visit fetches and what a second page fetches once
    the shared assets (CSS, JS, fonts, the Vega runtime) are in the browser's cache.

    A second page moves its HTML and its charts' specs; a data file several figures share (the map's
    boundaries) is cached when the first page drew it too, and moved when it did not: "second page, worst"
    counts it, whichever page came first. The words files (the long text of tooltips) come only when the
    reader points at a chart, and are shown apart."""
    from conftest import toc_pages

    runtime = site / "_static" / "briefing" / "vega-runtime.js"
    rows = []
    for page in toc_pages():
        html = (site / page).read_bytes()
        specs, shared, words = _spec_files(site, page, html)
        own = sum(p.stat().st_size for p in specs)
        own_gz = sum(gz(p.read_bytes()) for p in specs)
        shared_gz = sum(gz(p.read_bytes()) for p in shared)
        assets = set()
        for ref in re.findall(rb'(?:src|href)="([^"#?]+)(?:\?[^"]*)?"', html):
            target = (site / page).parent / ref.decode()
            if target.suffix in (".js", ".css") and target.exists():
                assets.add(target.resolve())
        if specs:  # charts.js asks for the runtime when a chart nears the screen
            assets.add(runtime.resolve())
        rows.append(
            {
                "page": page,
                "html": len(html),
                "html_gz": gz(html),
                "charts": len(specs),
                "specs": own,
                "specs_gz": own_gz,
                "shared_gz": shared_gz,
                "words_gz": sum(gz(p.read_bytes()) for p in words),
                "first": len(html) + own + sum(p.stat().st_size for p in assets | shared),
                "first_gz": gz(html) + own_gz + sum(gz(p.read_bytes()) for p in assets | shared),
                "second": len(html) + own,
                "second_gz": gz(html) + own_gz,
                "worst_gz": gz(html) + own_gz + shared_gz,
            }
        )
    return rows


def weights_report(site: Path) -> None:
    """The page-weight table, and the issue's budgets for a first visit and a second page."""
    weights = page_weights(site)
    print(
        "## Page weight\n\n| page | charts | HTML | HTML gz | chart specs gz | shared data gz | first visit gz | "
        "second page gz | second page gz, worst | words gz (on pointing) |\n|---|---|---|---|---|---|---|---|---|---|"
    )
    for w in weights:
        print(
            f"| {w['page']} | {w['charts']} | {w['html'] / 1024:.0f} KB | {w['html_gz'] / 1024:.1f} KB | "
            f"{w['specs_gz'] / 1024:.1f} KB | {w['shared_gz'] / 1024:.1f} KB | {w['first_gz'] / 1024:.0f} KB | "
            f"{w['second_gz'] / 1024:.1f} KB | {w['worst_gz'] / 1024:.1f} KB | {w['words_gz'] / 1024:.1f} KB |"
        )
    heaviest = max(weights, key=lambda w: w["second"])
    budget(
        "page's own bytes beyond shared assets (KB)",
        heaviest["second"] / 1024,
        BUDGETS["page's own bytes beyond shared assets (KB)"],
        f"heaviest {heaviest['page']}: {heaviest['second'] / 1024:.0f} KB ({heaviest['second_gz'] / 1024:.0f} KB gzipped)",
    )
    first = max(weights, key=lambda w: w["first_gz"])
    key = "first visit, runtime included (KB gzipped)"
    budget(key, first["first_gz"] / 1024, BUDGETS[key], f"heaviest {first['page']}: {first['first_gz'] / 1024:.0f} KB")
    worst = max(weights, key=lambda w: w["worst_gz"])
    key = "second page, whichever came first (KB gzipped)"
    budget(
        key,
        worst["worst_gz"] / 1024,
        BUDGETS[key],
        f"heaviest {worst['page']}: {worst['worst_gz'] / 1024:.1f} KB ({worst['second_gz'] / 1024:.1f} KB after a page "
        "that drew its shared data)",
    )


def alternatives(site: Path) -> list[tuple[str, int, str]]:
    """The same chart (Iran and Iraq seizures) three ways, each as a page of its own served from the site:
    this book's (inert spec, shared runtime), Altair's default (vega from a CDN, per chart) and Altair's
    inline output (the runtime inside the chart). Returns (way, bytes of the chart's HTML, draw time)."""
    import altair as alt
    from conftest import CHROMIUM, CHROMIUM_ARGS, Server
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    import briefing as b

    figure = b.figures.seizures(["IRN", "IRQ"], title="t")
    folder = site / "_bench"
    folder.mkdir(exist_ok=True)
    runtime = '<script src="../_static/briefing/vega-runtime.js"></script><script src="../_static/briefing/charts.js"></script>'
    ways = {
        "this book: inert spec + shared runtime (cached after the first page)": figure.to_html(),
        "Altair default: vega, vega-lite, vega-embed from a CDN, per chart": alt.renderers.get()(figure.spec())[
            "text/html"
        ],
        "Altair inline: the runtime inside every chart": figure.chart.to_html(inline=True),
    }
    results = []
    server = Server(site)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for i, (way, html) in enumerate(ways.items()):
            page_html = f"<!doctype html><meta charset=utf-8><body>{html}{runtime if i == 0 else ''}</body>"
            (folder / f"way{i}.html").write_text(page_html, encoding="utf-8")
            page = browser.new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1") else r.abort())
            start = time.perf_counter()
            page.goto(f"{server.url}/_bench/way{i}.html")
            try:
                page.wait_for_selector("svg .mark-point path, svg .mark-symbol path, canvas", timeout=10000)
                shown = f"{time.perf_counter() - start:.2f} s"
            except PlaywrightTimeout:
                shown = "never (offline: 'Error loading script')"
            results.append((way, len(html.encode()), shown))
            page.close()
        browser.close()
    server.close()
    shutil.rmtree(folder)
    return results


def draw_times(site: Path) -> dict[str, float]:
    from conftest import CHROMIUM, CHROMIUM_ARGS, Server, toc_pages
    from playwright.sync_api import sync_playwright

    server = Server(site)
    times = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        for page_path in toc_pages():
            page = context.new_page()
            page.goto(f"{server.url}/{page_path}")
            if page.locator(".briefing-chart").count():
                page.wait_for_function("() => document.documentElement.dataset.chartsDrawn", timeout=30000)
                times[page_path] = float(page.evaluate("() => document.documentElement.dataset.chartsDrawn")) / 1000
            page.close()
        browser.close()
    server.close()
    return times


def widget_latency(repo: Path) -> list[float]:
    """Run a chapter in JupyterLab, then time (in the browser) from a Dropdown change to the chart's redraw."""
    from conftest import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    with jupyterlab(repo) as (url, token), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1") else r.abort())
        run_chapter_in_lab(page, url, token, "book/cooperation.md")
        page.locator(".jp-OutputArea-output .widget-dropdown select").first.wait_for(timeout=60000)
        page.wait_for_timeout(2000)
        samples = []
        for i in range(6):
            samples.append(
                page.evaluate(
                    """(index) => new Promise(resolve => {
                    const select = document.querySelector('.jp-OutputArea-output .widget-dropdown select');
                    const svg = select.closest('.widget-vbox').querySelector('.vega-embed svg');
                    const start = performance.now();
                    const seen = new MutationObserver(() => { seen.disconnect(); resolve(performance.now() - start); });
                    seen.observe(svg, {subtree: true, childList: true, attributes: true, characterData: true});
                    select.selectedIndex = index;
                    select.dispatchEvent(new Event('change', {bubbles: true}));
                })""",
                    1 + i % 3,
                )
            )
            page.wait_for_timeout(300)
        browser.close()
    return samples


def lighthouse_report(site: Path) -> None:
    """Lighthouse (mobile, slow 4G, served gzipped) on every page, with the issue's budgets."""
    from conftest import toc_pages
    from lighthouse import VERSION, audit_site

    scores = audit_site(site, toc_pages())
    print(
        f"\n## Lighthouse {VERSION}, mobile profile, served gzipped\n\n| page | performance | LCP | TBT | CLS | "
        "transferred | accessibility | best practices | SEO |\n|---|---|---|---|---|---|---|---|---|"
    )
    for page, r in scores.items():
        print(
            f"| {page} | {r['performance']} | {r['lcp_s']:.1f} s | {r['tbt_ms']:.0f} ms | {r['cls']:.3f} | "
            f"{r['bytes_kb']:.0f} KB | {r['accessibility']} | {r['best-practices']} | {r['seo']} |"
        )
    worst = min(scores.items(), key=lambda kv: kv[1]["performance"])
    at_least(
        "Lighthouse performance, worst page", worst[1]["performance"], 95, f"{worst[0]}: {worst[1]['performance']}"
    )
    slowest = max(scores.items(), key=lambda kv: kv[1]["lcp_s"])
    budget("largest contentful paint (s)", slowest[1]["lcp_s"], 2.0, f"{slowest[0]}: {slowest[1]['lcp_s']:.1f} s")
    blocking = max(scores.items(), key=lambda kv: kv[1]["tbt_ms"])
    budget("total blocking time (ms)", blocking[1]["tbt_ms"], 150, f"{blocking[0]}: {blocking[1]['tbt_ms']:.0f} ms")
    shift = max(scores.items(), key=lambda kv: kv[1]["cls"])
    budget("cumulative layout shift", shift[1]["cls"], 0.02, f"{shift[0]}: {shift[1]['cls']:.3f}")
    for category in ("best-practices", "seo"):
        low = min(r[category] for r in scores.values())
        at_least(f"Lighthouse {category}, worst page", low, 100, str(low))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-lab", action="store_true", help="skip the JupyterLab widget measurement")
    parser.add_argument("--skip-lighthouse", action="store_true", help="skip Lighthouse (npm, about 15 s a page)")
    parser.add_argument(
        "--baseline",
        metavar="REF",
        help="also build git commit REF cold (e.g. main) and budget this cold build at 110%% of it",
    )
    parser.add_argument(
        "--site",
        metavar="DIR",
        type=Path,
        help="only measure this built site (page weight, and Lighthouse unless skipped): no builds",
    )
    args = parser.parse_args()
    if args.site:
        weights_report(args.site)
        if not args.skip_lighthouse:
            lighthouse_report(args.site)
        return print_budgets()
    work = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    repo = checkout(work / "repo")
    out, state = work / "site", work / "state"
    print(
        f"# Benchmarks\n\n{datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node()}: "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}.\n"
    )

    cold = timed_build(repo, out, state)
    first = execution_records(state)
    budget("cold build (s)", cold, BUDGETS["cold build (s)"], f"{cold:.1f} s ({len(first)} chapters executed)")
    if args.baseline:
        base = baseline_build(args.baseline, work)
        key = "cold build against the baseline's (share)"
        budget(
            key, cold / base, BUDGETS[key], f"{cold:.1f} s against {base:.1f} s for {args.baseline}: {cold / base:.0%}"
        )

    again = timed_build(repo, out, state)
    same = execution_records(state)
    budget(
        "no-change rebuild (share of cold)",
        again / cold,
        BUDGETS["no-change rebuild (share of cold)"],
        f"{again:.1f} s = {again / cold:.0%} of cold; re-executed: {reexecuted(first, same) or 'none'}",
    )

    chapter = repo / "book" / "iran.md"
    chapter.write_text(chapter.read_text().replace("import briefing as b\n", "import briefing as b  # edited\n", 1))
    edit = timed_build(repo, out, state)
    after_edit = execution_records(state)
    ran = reexecuted(same, after_edit)
    results.append(
        (
            "editing one chapter's code re-executes only it",
            f"{edit:.1f} s; re-executed: {ran}",
            "PASS" if ran == ["iran.md"] else "FAIL",
        )
    )

    table = repo / "data" / "opium_afghanistan.csv"
    rows = list(csv.reader(table.open(encoding="utf-8")))
    rows[1][1] = str(float(rows[1][1] or 0) + 1)
    with table.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    data_edit = timed_build(repo, out, state)
    after_data = execution_records(state)
    ran = reexecuted(after_edit, after_data)
    readers = sorted(
        d.split("/")[-1] + ".md" for d, e in chapter_records(state).items() if "opium_afghanistan" in e["tables"]
    )
    results.append(
        (
            "changing a data table re-executes exactly the chapters that read it",
            f"{data_edit:.1f} s; re-executed: {ran}; readers: {readers}",
            "PASS" if ran == readers and ran else "FAIL",
        )
    )

    weights_report(out)

    print(
        "\n## The same chart three ways (Iran and Iraq seizures), offline\n\n| output | chart's own bytes | drawn after |\n|---|---|---|"
    )
    for way, size, shown in alternatives(out):
        print(f"| {way} | {size / 1024:.0f} KB | {shown} |")
    print(
        f"\nThe shared runtime is {(out / '_static/briefing/vega-runtime.js').stat().st_size / 1024:.0f} KB, fetched once per site.\n"
    )

    times = draw_times(out)
    print(
        "## Time until every chart on the page has drawn (headless Chromium, first visit)\n\n| page | seconds |\n|---|---|"
    )
    for page, seconds in times.items():
        print(f"| {page} | {seconds:.2f} |")
    slowest = max(times.items(), key=lambda kv: kv[1])
    budget(
        "all charts drawn after navigation (s)",
        slowest[1],
        BUDGETS["all charts drawn after navigation (s)"],
        f"slowest {slowest[0]}: {slowest[1]:.2f} s",
    )

    if not args.skip_lighthouse:
        lighthouse_report(out)

    if not args.skip_lab:
        samples = widget_latency(repo)
        median = sorted(samples)[len(samples) // 2]
        print(
            f"\n## JupyterLab: Dropdown change to chart redraw\n\nsamples (ms): {', '.join(f'{s:.0f}' for s in samples)}\n"
        )
        budget(
            "widget change to chart update (ms)",
            median,
            BUDGETS["widget change to chart update (ms)"],
            f"median {median:.0f} ms",
        )

    return print_budgets()


def print_budgets() -> int:
    print("\n## Budgets\n\n| budget | measured | result |\n|---|---|---|")
    for name, measured, verdict in results:
        print(f"| {name} | {measured} | {verdict} |")
    return 1 if any(v == "FAIL" for _, _, v in results) else 0


if __name__ == "__main__":
    sys.exit(main())
