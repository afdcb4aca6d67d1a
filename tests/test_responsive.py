"""Every chart page at a phone's width (390×844) and a laptop's (1366×900), light and dark: nothing scrolls
sideways, no chart is wider than its column, no label is cut with "…" or runs into the next on its axis,
no axis of values or dates gives fewer than three labels to read by, no radio button stands alone on a
line, no legend names a country by its bare code, controls stay
readable in dark mode, an empty choice says so, and a tap opens a tooltip."""

from __future__ import annotations

import itertools

import pytest
from conftest import toc_pages

from briefing.theme import COUNTRY_NAMES

SIZES = {"phone": (390, 844), "laptop": (1366, 900)}
PAGES = toc_pages()


def chart_pages(site):
    return [p for p in PAGES if 'class="briefing-chart"' in (site / p).read_text(encoding="utf-8")]


def open_page(browser, url, size, mode="light", touch=False):
    """The page opened at ``size`` (a name in SIZES, or a (width, height)), its charts drawn."""
    width, height = SIZES[size] if isinstance(size, str) else size
    context = browser.new_context(viewport={"width": width, "height": height}, has_touch=touch, is_mobile=touch)
    context.route(
        "**/*", lambda r: r.continue_() if r.request.url.startswith(("http://127.0.0.1", "data:")) else r.abort()
    )
    page = context.new_page()
    page.goto(url)
    if mode == "dark":
        page.evaluate("document.documentElement.dataset.theme = 'dark'")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.briefing-chart')].every(c => c.dataset.state === 'drawn')",
        timeout=30000,
    )
    page.wait_for_timeout(300)  # container-width charts redraw once after their first layout
    return context, page


MEASURE = r"""codes => {
  const out = {scroll: document.documentElement.scrollWidth - window.innerWidth, wide: [], cut: [], codes: [],
               alone: [], overlap: [], sparse: []};
  // A value or a date as an axis writes it: "1 million", "$10 bn", "100 kg", "15%", "2024", "Jul" over "2025".
  const value = /^(\$?[\d.,]+( (million|bn|t|kg|pills))?%?|[A-Z][a-z]{2} ?\d{4}|\d{4})$/;
  for (const box of document.querySelectorAll('.briefing-chart')) {
    const column = box.getBoundingClientRect();
    for (const svg of box.querySelectorAll('.briefing-chart-view svg')) {
      const r = svg.getBoundingClientRect();
      if (r.right > column.right + 1 || r.left < column.left - 1) out.wide.push(box.id + ' ' + Math.round(r.width) + '>' + Math.round(column.width));
    }
    for (const t of box.querySelectorAll('.briefing-chart-view svg text')) {
      const s = t.textContent.trim();
      if (s.endsWith('…')) out.cut.push(box.id + ': ' + s);
    }
    for (const t of box.querySelectorAll('.role-legend-label text')) {
      if (codes.includes(t.textContent.trim())) out.codes.push(box.id + ': ' + t.textContent);
    }
    // A radio button stays on the line of its option's first words, never alone on a line of its own.
    for (const label of box.querySelectorAll('.vega-bind-radio label')) {
      const input = label.querySelector('input'), words = [...label.childNodes].find(n => n.nodeType === 3);
      if (!input || !words) continue;
      const range = document.createRange();
      range.selectNodeContents(words);
      const first = range.getClientRects()[0], button = input.getBoundingClientRect();
      if (first && Math.abs((button.top + button.bottom) / 2 - (first.top + first.bottom) / 2) > first.height / 2 + 2)
        out.alone.push(box.id + ': ' + words.textContent.trim());
    }
    // The labels an axis shows never run into each other ("20182019").
    for (const axis of box.querySelectorAll('.briefing-chart-view svg .role-axis-label')) {
      const shown = [...axis.querySelectorAll('text')].filter(t => t.textContent.trim() && +(t.getAttribute('opacity') ?? 1) > 0)
        .map(t => [t.textContent, t.getBoundingClientRect()]);
      // An axis of values or dates labels at least three ticks: two ("1 million", "10 million") leave a
      // reader guessing every value between them.
      if (shown.length && shown.length < 3 && shown.every(([s]) => value.test(s.trim())))
        out.sparse.push(box.id + ': ' + shown.map(([s]) => s).join(' | '));
      // Nor does any other text of the chart (a name listed below the plot, a total's name) sit on them.
      const others = [...box.querySelectorAll('.briefing-chart-view svg text')]
        .filter(t => !axis.contains(t) && t.textContent.trim() && +(t.getAttribute('opacity') ?? 1) > 0
          && +getComputedStyle(t).opacity > 0);
      for (const [a, r] of shown) for (const t of others) {
        // (A text's box is its line's height, a few pixels taller than its letters: 3 px of box may touch.)
        const q = t.getBoundingClientRect();
        if (r.left < q.right - 3 && q.left < r.right - 3 && r.top < q.bottom - 3 && q.top < r.bottom - 3)
          out.overlap.push(box.id + ': axis label ' + a + ' / ' + t.textContent.trim());
      }
      for (let i = 0; i < shown.length; i++) for (let j = i + 1; j < shown.length; j++) {
        const [a, r] = shown[i], [b, q] = shown[j];
        if (r.left < q.right - 1 && q.left < r.right - 1 && r.top < q.bottom - 1 && q.top < r.bottom - 1)
          out.overlap.push(box.id + ': ' + a + ' / ' + b);
      }
    }
  }
  return out;
}"""


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_charts_fit_their_column_and_cut_no_label(site, served, browser, size, mode):
    problems = []
    for path in chart_pages(site):
        context, page = open_page(browser, f"{served}/{path}", size, mode)
        found = page.evaluate(MEASURE, sorted(COUNTRY_NAMES))
        if found["scroll"] > 0:
            problems.append(f"{path}: the page scrolls sideways by {found['scroll']} px")
        problems += [f"{path}: wider than its column: {w}" for w in found["wide"]]
        problems += [f"{path}: cut label {c}" for c in found["cut"]]
        problems += [f"{path}: bare country code in a legend {c}" for c in found["codes"]]
        problems += [f"{path}: a radio button alone on its line: {c}" for c in found["alone"]]
        problems += [f"{path}: axis labels run into each other: {c}" for c in found["overlap"]]
        problems += [f"{path}: an axis gives fewer than three labels to read by: {c}" for c in found["sparse"]]
        context.close()
    assert not problems, "\n".join(problems)


def _luminance(rgb):
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _rgb(css):
    return [int(float(x)) for x in css[css.index("(") + 1 : css.index(")")].split(",")[:3]]


def test_dark_mode_control_labels_keep_contrast(site, served, browser):
    path = next(p for p in chart_pages(site) if "cooperation" in p)
    context, page = open_page(browser, f"{served}/{path}", "laptop", "dark")
    pairs = page.eval_on_selector_all(
        ".briefing-chart .vega-bind-name, .briefing-chart .vega-bind label",
        """els => els.map(e => [getComputedStyle(e).color,
            getComputedStyle(e.closest('.briefing-chart-view')).backgroundColor])""",
    )
    assert pairs
    for colour, background in pairs:
        light, dark = sorted([_luminance(_rgb(colour)), _luminance(_rgb(background))], reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, (colour, background)
    context.close()


def test_an_empty_choice_shows_a_message(site, served, browser):
    """Try every combination of a chart's radio buttons and drop-downs: each draws a mark or says in words
    that nothing was reported."""
    checked = 0
    for path in [p for p in chart_pages(site) if "afghanistan" in p or "iraq" in p]:
        context, page = open_page(browser, f"{served}/{path}", "laptop")
        for chart in page.locator(".briefing-chart").all():
            groups = []
            for bind in chart.locator(".vega-bind").all():
                radios = bind.locator("input[type=radio]")
                if radios.count():
                    groups.append([("radio", radios.nth(i)) for i in range(radios.count())])
                elif bind.locator("select").count():
                    select = bind.locator("select")
                    groups.append([("select", (select, o)) for o in select.locator("option").all_inner_texts()])
            for combo in itertools.islice(itertools.product(*groups), 40):
                for kind, target in combo:
                    if kind == "radio":
                        target.check()
                    else:
                        target[0].select_option(label=target[1])
                page.wait_for_timeout(60)
                svg = chart.locator(".briefing-chart-view svg").first
                marks = svg.locator(".mark-symbol path, .mark-rule line, .mark-line path, .mark-rect path").count()
                message = "Nothing was reported" in svg.inner_html()
                assert marks or message, f"{path} {chart.get_attribute('id')}: a blank chart with no message"
                checked += 1
        context.close()
    assert checked > 10


def test_a_tap_opens_a_tooltip(site, served, browser):
    path = next(p for p in chart_pages(site) if "iran" in p)
    context, page = open_page(browser, f"{served}/{path}", "phone", touch=True)
    dot = page.locator(".briefing-chart .mark-symbol path").first
    dot.scroll_into_view_if_needed()
    dot.tap(force=True)
    page.wait_for_timeout(300)
    assert page.locator("#vg-tooltip-element.visible").count() == 1, "tapping a dot showed no tooltip"
    context.close()


@pytest.mark.parametrize("place", ["top", "bottom"])
def test_a_tapped_tooltip_stays_on_screen_below_the_header_and_off_the_dot(site, served, browser, place):
    """The reviewer's finding: a dot tapped high on the Iran seizures chart opened a tooltip whose top, with the
    country, period, drug and quantity, was off the screen under the sticky header, and the box hid the dot."""
    path = next(p for p in chart_pages(site) if "iran" in p)
    context, page = open_page(browser, f"{served}/{path}", "phone", touch=True)
    dot = page.locator("#fig-iran-seizures .mark-symbol path").first
    dot.scroll_into_view_if_needed()
    box = dot.bounding_box()
    header = page.evaluate("document.querySelector('.bd-header-article').getBoundingClientRect().bottom")
    # The dot brought just under the header, or near the foot of the screen.
    target = header + 30 if place == "top" else 844 - 40
    page.evaluate("dy => window.scrollBy(0, dy)", box["y"] - target)
    page.wait_for_timeout(200)
    box = dot.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.touchscreen.tap(x, y)
    page.wait_for_timeout(300)
    tip = page.locator("#vg-tooltip-element.visible")
    assert tip.count() == 1, "tapping a dot showed no tooltip"
    r = tip.bounding_box()
    assert r["y"] >= header - 1, f"the tooltip's top ({r['y']:.0f}) is under the header ({header:.0f})"
    assert r["y"] + r["height"] <= 844 + 1, "the tooltip runs off the foot of the screen"
    assert not (r["y"] <= y <= r["y"] + r["height"]), "the tooltip covers the dot tapped"
    context.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_axe_finds_no_contrast_problem_inside_a_figure_in_dark_mode(site, served, browser, size, axe_source):
    source = axe_source
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    context.add_init_script("localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark')")
    failures = []
    for path in chart_pages(site):
        page = context.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1") else r.abort())
        page.goto(f"{served}/{path}")
        page.wait_for_function("() => document.documentElement.dataset.chartsDrawn")
        assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"
        page.evaluate(source)
        result = page.evaluate(
            "() => axe.run({include: [['.briefing-chart']]}, {runOnly: ['color-contrast'], resultTypes: ['violations']})"
        )
        for violation in result["violations"]:
            failures += [f"{path}: {n['target']} {n.get('failureSummary', '')[:160]}" for n in violation["nodes"][:5]]
        page.close()
    context.close()
    assert not failures, "\n".join(failures)


HEIGHTS = "() => Object.fromEntries([...document.querySelectorAll('.briefing-chart')].map(c => [c.id, c.querySelector('.briefing-chart-view').getBoundingClientRect().height]))"


@pytest.mark.parametrize("size", [SIZES["phone"], (320, 700)])
def test_on_a_phone_the_page_does_not_jump_when_the_live_charts_arrive(site, served, browser, size):
    """The picture drawn at build time stands in a box as tall as the live chart will be, so the text below
    a chart stays where the reader is reading when the runtime draws it (a reader following a link to a
    figure lands on it and stays there). At 320 px the map stands taller, in two halves."""
    width, height = size
    jumps = []
    for path in chart_pages(site):
        before_page = browser.new_page(viewport={"width": width, "height": height})
        before_page.route("**/vega-runtime.js", lambda r: r.abort())  # the pictures only, as before the runtime
        before_page.goto(f"{served}/{path}", wait_until="load")
        before = before_page.evaluate(HEIGHTS)
        before_page.close()
        context, page = open_page(browser, f"{served}/{path}", size)
        after = page.evaluate(HEIGHTS)
        context.close()
        jumps += [f"{path} {c}: {before[c]:.0f} -> {after[c]:.0f} px" for c in after if abs(after[c] - before[c]) > 60]
    assert not jumps, jumps


#: Scroll so the element sits where the theme's "Back to top" button floats (at 90% of the screen's height),
#: then down and a little back up, as a reader does (the theme shows the button while the page scrolls up).
UNDER_THE_BUTTON = """async el => {
  const settle = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const target = window.scrollY + el.getBoundingClientRect().top - 0.9 * innerHeight + 10;
  window.scrollTo(0, target + 200); await settle();
  window.scrollTo(0, target); await settle();
  const button = document.getElementById('pst-back-to-top');
  if (!button || getComputedStyle(button).display === 'none' || !button.offsetWidth) return null;
  const a = button.getBoundingClientRect(), b = el.getBoundingClientRect();
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom ? el.textContent.slice(0, 60) : null;
}"""


def test_on_a_phone_no_floating_button_covers_a_figures_source_line(site, served, browser):
    """The theme's floating "Back to top" button, shown at the foot of a phone's screen while the reader
    scrolls up, covered the source line under the map (and any figure's caption it passed over)."""
    covered = []
    for path in chart_pages(site):
        context, page = open_page(browser, f"{served}/{path}", "phone")
        for caption in page.locator(".briefing-chart-source").all():
            hidden = caption.evaluate(UNDER_THE_BUTTON)
            if hidden:
                covered.append(f"{path}: {hidden}")
        context.close()
    assert not covered, covered


def test_at_320_px_no_page_scrolls_sideways_and_no_chart_is_wider_than_its_column(site, served, browser):
    """The smallest phone the issue names: a long word in a heading once pushed the Afghanistan page 58 px wide."""
    problems = []
    for path in PAGES:
        context, page = open_page(browser, f"{served}/{path}", (320, 700))
        found = page.evaluate(MEASURE, sorted(COUNTRY_NAMES))
        if found["scroll"] > 0:
            problems.append(f"{path}: the page scrolls sideways by {found['scroll']} px")
        problems += [f"{path}: wider than its column: {w}" for w in found["wide"]]
        context.close()
    assert not problems, "\n".join(problems)


def test_the_heading_follows_the_view_the_reader_picks(site, served, browser):
    """The chapter's title states a finding of the opening view; another view's heading says what it shows."""
    context, page = open_page(browser, f"{served}/book/iran.html", "laptop")
    box = page.locator("#chart-iran-seizures")
    heading = box.locator(".briefing-chart-title")
    opening = heading.inner_text()
    select = box.locator(".vega-bind select").first
    other = select.locator("option").nth(1).get_attribute("value")
    select.select_option(value=other)
    page.wait_for_timeout(300)
    assert heading.inner_text() == f"Reported: {other}" != opening
    select.select_option(index=0)
    page.wait_for_timeout(300)
    assert heading.inner_text() == opening
    context.close()
