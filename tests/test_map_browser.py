"""The corridor map as a reader sees it, on phones (390, 360 and 320 px) and a laptop (1366 px): every dot is
named, no text is smaller than 10 px, no name covers another name, a route line or a dot, none stands out of
the chart or across a close-up's frame, the scale bars stand where no coast, border, line or name runs
through them, and the short legs (into Iraq, Herat to Islam Qala) are long enough to see. The map without a
browser is in test_corridor_map.py."""

from __future__ import annotations

import math
from itertools import pairwise

import pytest
from test_responsive import SIZES, open_page

MAP = "book/routes.html"
#: The live map's marks in page pixels: texts and place dots (boxes; a dot's spoken label), route legs (the
#: points of the line, straight or a sea leg's curve, its width and spoken label: "Captagon from Abu Kamal to
#: Al-Qa'im, overland"), points every 1.5 px along the drawn coasts and borders, the scale bars and the
#: close-ups' frames.
MAP_MARKS = """() => {
  const svg = document.querySelector('#chart-routes-map .briefing-chart-view svg');
  const box = e => { const r = e.getBoundingClientRect(); return {l: r.left, t: r.top, r: r.right, b: r.bottom}; };
  const onPage = (e, x, y) => { const p = new DOMPoint(x, y).matrixTransform(e.getScreenCTM()); return [p.x, p.y]; };
  const at = (e, name) => +(e.getAttribute(name) || 0);
  const texts = [...svg.querySelectorAll('.mark-text text')].filter(t => t.textContent.trim())
    .map(t => ({text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize), ...box(t)}));
  const dots = [...svg.querySelectorAll('.mark-symbol path[fill="#222222"]')]
    .map(d => ({label: d.getAttribute('aria-label'), ...box(d)}));
  const along = (p, step) => { const out = [], n = p.getTotalLength();
    for (let s = 0; s < n + step; s += step) { const q = p.getPointAtLength(Math.min(s, n)); out.push(onPage(p, q.x, q.y)); }
    return out; };
  const spoken = e => / from .+ to /.test(e.getAttribute('aria-label') || '');
  const legs = [
    ...[...svg.querySelectorAll('.mark-rule line')].filter(spoken)
      .map(l => ({label: l.getAttribute('aria-label'), points: [onPage(l, at(l, 'x1'), at(l, 'y1')), onPage(l, at(l, 'x2'), at(l, 'y2'))],
                  width: parseFloat(getComputedStyle(l).strokeWidth)})),
    ...[...svg.querySelectorAll('.mark-line path')].filter(spoken)
      .map(l => ({label: l.getAttribute('aria-label'), points: along(l, 3), width: parseFloat(getComputedStyle(l).strokeWidth)}))];
  const borders = [];
  for (const p of svg.querySelectorAll('.mark-shape path')) if (p.getAttribute('d')) borders.push(...along(p, 1.5));
  const rects = [...svg.querySelectorAll('.mark-rect path')];
  return {svg: box(svg), texts, dots, legs, borders,
          bars: rects.filter(r => r.getAttribute('fill') === '#444444').map(box),
          frames: rects.filter(r => r.getAttribute('stroke') === '#8a8a8a').map(box)};
}"""


#: The map is checked on a phone and a laptop (SIZES) and on two smaller phones: at 360 px the overview is at
#: its narrowest, at 320 px it is drawn in two halves (map_layout.SPLIT).
SMALL_PHONES = {"small phone": (360, 780), "smallest phone": (320, 700)}
#: No text on the map is smaller than this: the size of the chart's own notes (the scale bars, the sea leg's
#: note), and a point under the names on a desktop. Smaller, a name is hard to read on a phone held at arm's
#: length, and the map makes room instead (close-ups two to a row, the overview in halves at 320 px).
SMALLEST_TEXT = 10


@pytest.fixture(scope="module", params=[*SIZES, *SMALL_PHONES])
def marks(request, site, served, browser):
    size = SMALL_PHONES.get(request.param, request.param)
    context, page = open_page(browser, f"{served}/{MAP}", size)
    found = page.evaluate(MAP_MARKS)
    context.close()
    assert found["texts"] and found["dots"] and found["legs"] and found["borders"]
    return {**found, "size": request.param}


def overlap(a: dict, b: dict, margin: float = 0) -> bool:
    """Two boxes overlap by more than a pixel (``margin`` widens ``a``)."""
    return (
        a["l"] - margin < b["r"] - 1
        and b["l"] < a["r"] + margin - 1
        and a["t"] - margin < b["b"] - 1
        and b["t"] < a["b"] + margin - 1
    )


def crosses(box: dict, leg: dict, margin: float = 0) -> bool:
    """The leg's line passes through ``box`` widened by half its width and ``margin`` on every side."""
    points = leg["points"]
    return any(_segment_crosses(box, a, b, margin + leg["width"] / 2) for a, b in pairwise(points))


def _segment_crosses(box: dict, a, b, margin: float) -> bool:
    """The segment a-b passes through ``box`` widened by ``margin`` on every side (Liang-Barsky clipping)."""
    left, top, right, bottom = box["l"] - margin, box["t"] - margin, box["r"] + margin, box["b"] + margin
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in ((-dx, a[0] - left), (dx, right - a[0]), (-dy, a[1] - top), (dy, bottom - a[1])):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def centre(box: dict) -> tuple[float, float]:
    return (box["l"] + box["r"]) / 2, (box["t"] + box["b"]) / 2


def test_the_map_names_every_dot_and_no_two_names_overlap(marks):
    """Every place dot on the corridor map has its name beside it, and no name covers another, stands out
    of the chart or is cut at its foot, on a phone and on a laptop."""
    texts, svg = marks["texts"], marks["svg"]
    unnamed = []
    for dot in marks["dots"]:
        x, y = centre(dot)
        near = [t for t in texts if max(t["l"] - x, x - t["r"], 0) < 9 and max(t["t"] - y, y - t["b"], 0) < 9]
        if not near:
            unnamed.append(dot["label"])
    assert not unnamed, f"dots with no name beside them: {unnamed}"
    overlaps = [f"{a['text']!r} / {b['text']!r}" for i, a in enumerate(texts) for b in texts[i + 1 :] if overlap(a, b)]
    assert not overlaps, overlaps
    outside = [t["text"] for t in texts if t["l"] < svg["l"] - 1 or t["r"] > svg["r"] + 1 or t["b"] > svg["b"] + 1]
    assert not outside, f"names standing out of the map or cut at its foot: {outside}"


def test_no_text_on_the_map_is_smaller_than_10_px(marks):
    """Names do not shrink with the width: on a 320 px phone they are as large as on a 390 px one."""
    small = sorted({f"{t['text']!r}: {t['size']:.1f} px" for t in marks["texts"] if t["size"] < SMALLEST_TEXT})
    assert not small, small


def test_no_name_lies_on_a_route_line_or_a_dot(marks):
    """A place's or a country's name (Shalamcheh over its crossing's lines, Jordan under the sea leg) and the
    sea leg's note are written clear of every route line (its width and a pixel around it) and of every dot."""
    on_lines = [
        f"{t['text']!r} on {leg['label']!r}" for t in marks["texts"] for leg in marks["legs"] if crosses(t, leg)
    ]
    on_dots = [
        f"{t['text']!r} on the dot of {d['label']!r}" for t in marks["texts"] for d in marks["dots"] if overlap(t, d)
    ]
    assert not on_lines + on_dots, on_lines + on_dots


def test_no_leg_runs_over_a_place_it_does_not_end_at(marks):
    """A line passing over another place's dot reads as a route through it (the straight sea leg from Beirut
    to Jeddah ran over Amman; it is now a curve over the sea; the river legs from Khorramshahr to Basra bow south
    along the Shatt al-Arab, clear of Shalamcheh). A leg's own ends are its first and last points
    (its lane may shift them a few pixels off its dots)."""
    over = []
    for dot in marks["dots"]:
        x, y = centre(dot)
        for leg in marks["legs"]:
            ends = leg["points"][0], leg["points"][-1]
            own = min(math.dist((x, y), end) for end in ends) <= 9
            if not own and crosses(dot, leg):
                over.append(f"{leg['label']!r} over {dot['label']!r}")
    assert not over, over


def test_a_name_in_a_close_up_stays_inside_its_frame(marks):
    assert len(marks["frames"]) == 4
    across = []
    for frame in marks["frames"]:
        for t in marks["texts"]:
            x, y = centre(t)
            inside = frame["l"] < x < frame["r"] and frame["t"] < y < frame["b"]
            if inside and (t["l"] < frame["l"] or t["r"] > frame["r"] or t["t"] < frame["t"] or t["b"] > frame["b"]):
                across.append(t["text"])
    assert not across, f"names across a close-up's frame: {across}"


def test_the_scale_bars_stand_clear_of_coasts_borders_lines_and_names(marks):
    """Each close-up's scale bar and its length ("20 km") stand over a clear area: no coast or border, no
    route line, no dot and no other name within a pixel of them."""
    bars = marks["bars"] + [t for t in marks["texts"] if t["text"].endswith(" km")]
    assert len(bars) == 8, bars
    problems = []
    for bar in bars:
        what = bar.get("text", "scale bar")
        touching = [
            p for p in marks["borders"] if bar["l"] - 1 < p[0] < bar["r"] + 1 and bar["t"] - 1 < p[1] < bar["b"] + 1
        ]
        if touching:
            problems.append(f"{what}: {len(touching)} points of a coast or border")
        problems += [f"{what}: on {leg['label']!r}" for leg in marks["legs"] if crosses(bar, leg, 1)]
        problems += [f"{what}: on the dot of {d['label']!r}" for d in marks["dots"] if overlap(bar, d, 1)]
        problems += [
            f"{what}: on {t['text']!r}"
            for t in marks["texts"]
            if t is not bar and not t["text"].endswith(" km") and overlap(bar, t, 1)
        ]
    assert not problems, problems


@pytest.mark.parametrize("size", ["phone", SMALL_PHONES["smallest phone"]])
def test_the_map_draws_the_short_legs_long_enough_to_see_on_a_phone(site, served, browser, size):
    """On a phone the crossings into Iraq (Shalamcheh and Khorramshahr to Basra, Abu Kamal to al-Qaim) are a
    few kilometres long, and Herat to Islam Qala 110 km (9 px on the overview at 390 px): they are drawn in
    close-ups at least 24 px long, and no leg anywhere is a dot."""
    context, page = open_page(browser, f"{served}/{MAP}", size)
    legs = page.evaluate(MAP_MARKS)["legs"]
    context.close()
    length = [(leg["label"], sum(math.dist(a, b) for a, b in pairwise(leg["points"]))) for leg in legs]
    ends = ("Basra", "Al-Qa'im", "Islam Qala")
    crossings = [(label, px) for label, px in length if any(f"to {p}," in label for p in ends)]
    assert len(crossings) >= 9, [label for label, _ in length]
    assert any("from Herat to Islam Qala" in label for label, _ in crossings), [label for label, _ in length]
    short = [f"{label}: {px:.0f} px" for label, px in crossings if px < 24]
    assert not short, short
    dots = [f"{label}: {px:.0f} px" for label, px in length if px < 8]
    assert not dots, dots


#: The close-ups' frames where they are on the screen now.
FRAMES = """() => [...document.querySelectorAll('#chart-routes-map .briefing-chart-view svg .mark-rect path')]
  .filter(r => r.getAttribute('stroke') === '#8a8a8a').map(r => r.getBoundingClientRect().toJSON())"""


def test_pointing_at_any_place_in_a_close_up_opens_its_tooltip(site, served, browser):
    """A reviewer found the close-ups dead to the pointer (a frame's transparent fill lay over their marks),
    though they alone draw the legs through Al-Qa'im and the Shatt al-Arab."""
    context, page = open_page(browser, f"{served}/{MAP}", "laptop")
    pointed, silent = 0, []
    for dot in page.locator("#chart-routes-map .briefing-chart-view svg .mark-symbol path[fill='#222222']").all():
        dot.scroll_into_view_if_needed()
        r = dot.bounding_box()
        x, y = r["x"] + r["width"] / 2, r["y"] + r["height"] / 2
        if not any(f["left"] < x < f["right"] and f["top"] < y < f["bottom"] for f in page.evaluate(FRAMES)):
            continue  # a place on the overview
        page.mouse.move(2, 2)
        page.wait_for_timeout(100)
        page.mouse.move(x, y)
        page.wait_for_timeout(300)
        pointed += 1
        if not page.locator("#vg-tooltip-element.visible").count():
            silent.append(dot.get_attribute("aria-label"))
    context.close()
    assert pointed >= 8, f"only {pointed} places found in the close-ups"
    assert not silent, f"no tooltip on {silent}"
