"""The picture of a chart drawn at build time, by vl-convert (no browser): what a reader sees before the
runtime has loaded, with scripts off, in a feed reader or in print. Drawn in its default state at a fixed
width, with real text; light (coordinates rounded), stable (its ids named from its spec) and hidden from
screen readers as a whole; and the height the live chart will take on a phone, so nothing moves when it
replaces the picture.
"""

from __future__ import annotations

import hashlib
import json
import re

#: The width a chart is drawn at for its picture (the live chart fills its column).
STATIC_WIDTH = 640


def fixed_width(node, width: int = STATIC_WIDTH):
    """The spec with every container width fixed: there is no container to measure at build time."""
    if isinstance(node, dict):
        return {k: (width if k == "width" and v == "container" else fixed_width(v, width)) for k, v in node.items()}
    if isinstance(node, list):
        return [fixed_width(v, width) for v in node]
    return node


def static_svg(spec: dict, width: int = STATIC_WIDTH) -> str:
    """The chart in its default state as SVG with real text, drawn at build time by vl-convert (no browser):
    what a reader sees before the runtime has loaded, with scripts off, in a feed reader or in print."""
    import vl_convert

    drawn = fixed_width(spec, width)
    svg = _own_clip_ids(vl_convert.vegalite_to_svg(drawn), json.dumps(drawn, sort_keys=True))
    # The picture is hidden from assistive technology as a whole (the figure's description and table speak
    # for it), so its marks' own labels, which repeat every tooltip (the source's words included), go.
    return lighter_svg(SCREEN_READER_ONLY.sub("", re.sub(r"^<\?xml[^>]*>\s*", "", svg)))


def _own_clip_ids(svg: str, spec_text: str) -> str:
    """vl-convert numbers clip paths with a counter that runs through the whole process, so a picture's ids
    would depend on which figures the same process drew before (a parallel build draws them in other
    orders). Named from the spec instead: the same figure, the same ids; two figures on a page, no clash."""
    prefix = "clip-" + hashlib.sha256(spec_text.encode()).hexdigest()[:10]
    names = {old: f"{prefix}-{i}" for i, old in enumerate(dict.fromkeys(re.findall(r'id="(clip\d+)"', svg)))}
    return re.sub(r"\b(clip\d+)\b", lambda m: names.get(m[1], m[1]), svg)


SCREEN_READER_ONLY = re.compile(r'\s(?:role|aria-roledescription|aria-hidden|aria-label|pointer-events)="[^"]*"')
#: A path of straight segments only (a border, a line), in the absolute coordinates vl-convert writes.
POLYLINE = re.compile(r"(?:M-?[\d.]+,-?[\d.]+(?:L-?[\d.]+,-?[\d.]+)*Z?)+")
DECIMAL = re.compile(r"-?\d*\.\d+")


def _one_decimal(match: re.Match) -> str:
    text = f"{float(match.group(0)):.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _whole_points(d: str) -> str:
    """Polylines (one or more, as a country with islands) with their points on whole units (half a unit off
    at most: under a pixel of a 640-unit-wide picture on any screen), a point that rounding put on the one
    before dropped."""
    out = []
    for part in d.split("M")[1:]:
        points, last = [], None
        for pair in part.rstrip("Z").split("L"):
            x, y = (round(float(v)) for v in pair.split(","))
            if (x, y) != last:
                points.append(f"{x},{y}")
            last = (x, y)
        out.append("M" + "L".join(points) + ("Z" if part.endswith("Z") else ""))
    return "".join(out)


def lighter_svg(svg: str) -> str:
    """The picture with its coordinates written as precisely as a screen shows them: vl-convert writes three
    to fourteen decimals, and a map's borders (thousands of points) were most of the landing page's bytes.
    Polylines go to whole units, every other path and every transform to one decimal (a dot's curve keeps its
    shape)."""

    def path(match: re.Match) -> str:
        d = match.group(1)
        return f' d="{_whole_points(d) if POLYLINE.fullmatch(d) else DECIMAL.sub(_one_decimal, d)}"'

    svg = re.sub(r' d="([^"]*)"', path, svg)
    return re.sub(r' transform="([^"]*)"', lambda m: f' transform="{DECIMAL.sub(_one_decimal, m.group(1))}"', svg)


#: A phone's column (a 390 px screen less the page's margins); a control's first line and each further one
#: (its label and options wrap as the browser wraps them); the width of a character in a control.
PHONE_COLUMN = 358
#: The smallest phone's column (a 320 px screen less the same margins), where the map draws its overview in two
#: halves and stands taller than at :data:`PHONE_COLUMN`.
SMALL_PHONE_COLUMN = 288
CONTROL_LINE, CONTROL_WRAP, CHAR = 36, 27, 7.5


def _control_lines(bind: dict, column: int = PHONE_COLUMN) -> int:
    """How many lines a bound control takes in a phone's column: its label, then each option (radio) or the
    drop-down, each moved to a new line when it no longer fits."""
    options = [str(o) for o in (bind.get("labels") or bind.get("options") or [])]
    if bind.get("input") == "select":
        items = [max(map(len, options), default=0) * CHAR + 30]
    elif bind.get("input") == "radio":
        items = [len(o) * CHAR + 24 for o in options]
    else:
        items = [120]  # a slider
    lines, used, room = 1, len(str(bind.get("name", ""))) * CHAR + 8, column - 18
    for width in items:
        if used + width > room:
            lines, used = lines + 1, 0
        # An option wider than the line wraps within itself ("Use, treatment and harm, by country" at 320 px).
        while used + width > room and width > room:
            lines, width = lines + 1, width - room
        used += width
    return lines


def phone_height(spec: dict, vega: dict, column: int = PHONE_COLUMN) -> int:
    """How tall the live chart stands in a phone's ``column``: the chart drawn at that width, and a row per
    control. The picture, drawn for a wider column, is shorter there; the box keeps this height (CSS, on
    narrow screens only), so the page does not jump when the live chart replaces the picture."""
    svg = static_svg(spec, column)
    height = re.search(r'<svg[^>]*\sheight="([0-9.]+)"', svg)
    binds = [signal["bind"] for signal in vega.get("signals", []) if isinstance(signal.get("bind"), dict)]
    controls = sum(CONTROL_LINE + CONTROL_WRAP * (_control_lines(b, column) - 1) for b in binds)
    return round(float(height.group(1))) + controls if height else 0


def phone_heights_style(spec: dict, vega: dict) -> str:
    """The chart box's reserved heights as CSS custom properties: a phone's, and the smallest phone's where it
    differs (the map, drawn in two halves there, stands some 190 px taller)."""
    phone, small = phone_height(spec, vega), phone_height(spec, vega, SMALL_PHONE_COLUMN)
    style = f"--briefing-phone-height: {phone}px"
    return style + (f"; --briefing-small-phone-height: {small}px" if abs(small - phone) > 8 else "")
