"""The corridor map's layout: an overview of the corridor with a row of close-ups of the border crossings
under it (:data:`CLOSE_UPS`), each panel with its own projection in one view. Every size and position is a
Vega expression of the chart's width, so the map fills its column from a phone to a desktop; the curves of
the sea legs (:func:`sea_curve`) are computed here too. What is drawn is in :mod:`briefing.map_layers`; the chart and the figure in :mod:`briefing.corridor_map`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import altair as alt
import pandas as pd

#: The overview's frame: Lebanon to eastern Afghanistan, Turkey's south to Jeddah, at any width.
CENTRE = (52.0, 29.9)
FRAME = (0.80, 0.40)  # the frame's width and height in radians (Mercator)
ASPECT = FRAME[1] / FRAME[0]
#: Gaps between the close-ups; the largest height a close-up takes on a wide screen.
GAP, CLOSE_UP_MAX = 10, 170
#: How far apart (pixels) the lines of several drugs on one leg are drawn, side by side.
LANE = 4.5
#: A sea leg is a curve bowed to the right of its direction of travel, by this share of its length (over
#: the sea for the book's legs: Beirut to Jeddah passes west of Jordan, not across it), drawn in this
#: many straight steps. Several drugs on one sea leg are bowed a little more each.
BOW, BOW_LANE, SEA_STEPS = 0.3, 0.05, 24


@dataclass(frozen=True)
class CloseUp:
    """A crossing drawn larger under the overview. ``span`` is how many degrees of longitude fit across the
    close-up's height; the places within half a span of its centre are drawn there, not on the overview.
    ``anchor`` places its name beside its square on the overview; ``countries`` are written inside it."""

    name: str
    lon: float
    lat: float
    span: float
    anchor: str
    km: int  # the length of its scale bar
    countries: tuple[tuple[str, float, float], ...]


#: West to east, as on the map.
CLOSE_UPS = [
    CloseUp("Al-Qa'im", 41.04, 34.40, span=0.5, anchor="e", km=10,
            countries=(("Syria", 40.88, 34.27), ("Iraq", 41.2, 34.53))),
    CloseUp("Shatt al-Arab", 47.93, 30.27, span=0.9, anchor="s", km=20,
            countries=(("Iraq", 47.66, 30.2), ("Iran", 48.28, 30.3), ("Kuwait", 47.72, 29.98))),
    CloseUp("Zaranj–Milak", 61.835, 30.965, span=0.16, anchor="w", km=5,
            countries=(("Iran", 61.79, 31.015), ("Afghanistan", 61.864, 31.015))),
]  # fmt: skip

#: The countries named on the overview (the rest would be written off its edge), and where a name is
#: nudged off the centre of its box (a big neighbour, a route drawn through it).
MAP_COUNTRIES = {"Afghanistan", "Iran", "Iraq", "Syria", "Jordan", "Saudi Arabia", "Turkey", "Pakistan"}
LABEL_NUDGE = {"Iraq": (0.6, -0.9), "Saudi Arabia": (5.4, -0.95), "Syria": (0.6, 0.6), "Jordan": (1.0, -0.3),
               "Afghanistan": (0.8, 2.1), "Pakistan": (1.5, -1.0), "Iran": (1.84, -0.14)}  # fmt: skip

OVERVIEW = "overview"
# Layout: each a Vega expression of the chart's width.
OVERVIEW_SCALE = f"width / {FRAME[0]}"
OVERVIEW_HEIGHT = f"width * {ASPECT:.4f}"
STRIP_TOP = f"{OVERVIEW_HEIGHT} + 40"  # the close-ups' heading and titles above their boxes
CLOSE_UP_W = f"(width - {2 * GAP}) / 3"
CLOSE_UP_H = f"min({CLOSE_UP_W}, {CLOSE_UP_MAX})"
#: Each close-up's scale bar stands under its box, where no coast, border, leg or name can cross it.
SCALE_BAR_ROW = 16
LEGEND_TOP = f"{STRIP_TOP} + {CLOSE_UP_H} + {SCALE_BAR_ROW} + 20"
#: The key's columns: as many as fit the width, each wide enough for its longest entry and its line. Nothing
#: may stand out of the width: Vega would narrow the chart to fit it, and cut its foot.
KEY_COLUMNS = "max(1, floor(width / 185))"

#: From this width the map draws the places whose ``map_detail`` is "wide" (capitals, for orientation).
WIDE = 700
#: Place names a point smaller on a phone, where the overview is a third as wide as on a desktop.
NAME_SIZE = f"width < {WIDE} ? 10 : 11"
#: Where a name is written from its dot, for each compass point of ``label_anchor``.
ALIGN = "test(/e/, datum.label_anchor) ? 'left' : test(/w/, datum.label_anchor) ? 'right' : 'center'"
BASELINE = "test(/^n/, datum.label_anchor) ? 'bottom' : test(/^s/, datum.label_anchor) ? 'top' : 'middle'"
DX = "test(/e/, datum.label_anchor) ? 5 : test(/w/, datum.label_anchor) ? -5 : 0"
#: A name above or below its dot clears the outermost of the lines side by side that end there
#: (``datum.lanes``: the most drugs on one leg at the place).
CLEAR = f"max(0, (datum.lanes || 1) - 1) * {LANE} / 2"
DY = f"test(/^n/, datum.label_anchor) ? -4 - {CLEAR} : test(/^s/, datum.label_anchor) ? 4 + {CLEAR} : 0"


def close_up_box(i: int) -> tuple[str, str, str, str]:
    """The close-up's box, left, top, right and bottom, as expressions of the width."""
    left = f"{i} * ({CLOSE_UP_W} + {GAP})"
    return left, STRIP_TOP, f"{left} + {CLOSE_UP_W}", f"{STRIP_TOP} + {CLOSE_UP_H}"


def close_up_scale(c: CloseUp) -> str:
    """Pixels per radian: the close-up's span across its height."""
    return f"{CLOSE_UP_H} / {math.radians(c.span):.6f}"


def projections() -> dict[str, dict]:
    """A projection per panel: the overview fitted to the width, each close-up to its box (clipped to it)."""
    out = {
        OVERVIEW: {
            "type": "mercator",
            "center": list(CENTRE),
            "scale": alt.expr(OVERVIEW_SCALE),
            "translate": alt.expr(f"[width / 2, {OVERVIEW_HEIGHT} / 2]"),
            "clipExtent": alt.expr(f"[[0, 0], [width, {OVERVIEW_HEIGHT}]]"),
        }
    }
    for i, c in enumerate(CLOSE_UPS):
        left, top, right, bottom = close_up_box(i)
        out[c.name] = {
            "type": "mercator",
            "center": [c.lon, c.lat],
            "scale": alt.expr(close_up_scale(c)),
            "translate": alt.expr(f"[({left} + {right}) / 2, ({top} + {bottom}) / 2]"),
            "clipExtent": alt.expr(f"[[{left}, {top}], [{right}, {bottom}]]"),
        }
    return out


def sea_curve(lon: float, lat: float, lon2: float, lat2: float, bow: float = BOW) -> list[tuple[float, float]]:
    """Points (lon, lat) along a quadratic curve from one port to the other, bowed to the right of the
    direction of travel; computed on the Mercator plane, so the curve is symmetric on the map."""

    def y(la):
        return math.log(math.tan(math.pi / 4 + math.radians(la) / 2))

    ax, ay, bx, by = math.radians(lon), y(lat), math.radians(lon2), y(lat2)
    cx, cy = (ax + bx) / 2 + bow * (by - ay), (ay + by) / 2 - bow * (bx - ax)  # the right of (dx, dy) is (dy, -dx)
    points = []
    for step in range(SEA_STEPS + 1):
        t = step / SEA_STEPS
        x = (1 - t) ** 2 * ax + 2 * (1 - t) * t * cx + t * t * bx
        v = (1 - t) ** 2 * ay + 2 * (1 - t) * t * cy + t * t * by
        points.append((round(math.degrees(x), 4), round(math.degrees(2 * math.atan(math.exp(v)) - math.pi / 2), 4)))
    return points


def sea_points(legs: pd.DataFrame) -> pd.DataFrame:
    """The points along each sea leg's curve, in order (``leg``, ``step``, ``lon``, ``lat``), with the leg's
    drug, ends, mode and source; ``long`` marks a leg long enough to carry a note on what its dashes mean (:func:`briefing.map_layers.sea_note`)."""
    rows = []
    sea = legs[legs["mode"] != "overland"]
    for i, leg in enumerate(sea.itertuples()):
        drugs = sorted(set(sea.loc[(sea["from_name"] == leg.from_name) & (sea["to_name"] == leg.to_name), "drug"]))
        lane = drugs.index(leg.drug) - (len(drugs) - 1) / 2
        long = abs(leg.lat2 - leg.lat) + abs(leg.lon2 - leg.lon) > 5
        for step, (lon, lat) in enumerate(sea_curve(leg.lon, leg.lat, leg.lon2, leg.lat2, BOW + BOW_LANE * lane)):
            rows.append({"leg": i, "step": step, "lon": lon, "lat": lat, "long": long, "drug": leg.drug,
                         "from_name": leg.from_name, "to_name": leg.to_name, "mode": leg.mode, "source": leg.source})  # fmt: skip
    columns = ["leg", "step", "lon", "lat", "long", "drug", "from_name", "to_name", "mode", "source"]
    return pd.DataFrame(rows, columns=columns)


def label_point(geometry: dict) -> tuple[float, float]:
    """Where to write a country's name: the centre of the bounding box of its largest polygon."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]

    def extent(ring):
        lons, lats = [p[0] for p in ring], [p[1] for p in ring]
        return (max(lons) - min(lons)) * (max(lats) - min(lats)), lons, lats

    _, lons, lats = max((extent(p[0]) for p in polygons), key=lambda e: e[0])
    return (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2


def panel_of(lon: float, lat: float) -> str:
    """The close-up a place is drawn in (within half a span of its centre), else the overview."""
    for c in CLOSE_UPS:
        if abs(lon - c.lon) <= c.span / 2 and abs(lat - c.lat) <= c.span / 2:
            return c.name
    return OVERVIEW
