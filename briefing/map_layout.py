"""The corridor map's layout: an overview of the corridor with close-ups of the border crossings under it
(:data:`CLOSE_UPS`: one row on a wide screen, two rows of two on a phone; in a column under 320 px the
overview itself is drawn in two halves, :data:`HALVES`), each panel with its own projection in one view. Every size and position is a
Vega expression of the chart's width, so the map fills its column from a phone to a desktop; the curves of
the sea and river legs (:mod:`briefing.map_curves`) are Vega expressions too. What is drawn is in :mod:`briefing.map_layers`; the
chart and the figure in :mod:`briefing.corridor_map`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import altair as alt

#: The overview's frame: Lebanon to eastern Afghanistan, Turkey's south to Jeddah, at any width.
CENTRE = (52.0, 29.9)
FRAME = (0.80, 0.40)  # the frame's width and height in radians (Mercator)
ASPECT = FRAME[1] / FRAME[0]
#: Gaps between the close-ups; the largest height a close-up takes on a wide screen.
GAP, CLOSE_UP_MAX = 10, 170
#: How far apart (pixels) the lines of several drugs on one leg are drawn, side by side.
LANE = 4.5
#: What a screen reader says of a leg's line (else Vega reads out its computed coordinates).
SPOKEN = "datum.drug + ' from ' + datum.from_name + ' to ' + datum.to_name + ', ' + datum.mode"
#: How each ``mode`` of data/routes.csv is said in a leg's tooltip and spoken label. The one river the
#: sources name is the Shatt al-Arab (Arvand Rud in Persian), from Khorramshahr to Basra.
MODES = {"overland": "overland", "sea": "by sea (direction only, path not known)",
         "river": "by river (Shatt al-Arab / Arvand Rud)"}  # fmt: skip


@dataclass(frozen=True)
class CloseUp:
    """A crossing drawn larger under the overview. ``span`` is how many degrees of longitude fit across the
    close-up's height; the places within half a span of its centre are drawn there, not on the overview.
    ``anchor`` places its name beside its square on the overview (``phone_anchor`` on a map narrower than
    :data:`WIDE`, as in data/places.csv); ``countries`` are written inside it.
    ``share`` is its width in average close-ups (the shares add up to three): a crowded one is wider."""

    name: str
    lon: float
    lat: float
    span: float
    anchor: str
    km: int  # the length of its scale bar
    countries: tuple[tuple[str, float, float], ...]
    share: float = 1.0
    phone_anchor: str = ""


#: West to east, as on the map: four in a row on a wide screen, two rows of two on a phone (:data:`ROWS`).
CLOSE_UPS = [
    CloseUp("Al-Qa'im", 41.01, 34.40, span=0.7, anchor="e", km=10, share=0.85,
            countries=(("Syria", 40.88, 34.27), ("Iraq", 41.2, 34.53))),
    # Wider, so that Shalamcheh's name stands east of its dot, clear of its lines west to Basra.
    CloseUp("Shatt al-Arab", 48.08, 30.32, span=0.9, anchor="s", phone_anchor="e", km=20, share=1.3,
            countries=(("Iraq", 47.7, 30.22), ("Iran", 48.35, 30.3), ("Kuwait", 47.72, 30.0))),
    # Herat to Islam Qala is 110 km: 9 px on a phone's overview, so it has a close-up too.
    CloseUp("Islam Qala", 61.63, 34.5, span=2.0, anchor="w", km=20, share=1.0,
            countries=(("Iran", 60.95, 34.05), ("Afghanistan", 61.9, 34.95))),
    CloseUp("Zaranj–Milak", 61.838, 30.965, span=0.16, anchor="w", phone_anchor="se", km=5, share=0.85,
            countries=(("Iran", 61.79, 31.015), ("Afghanistan", 61.858, 31.015))),
]  # fmt: skip

#: The countries named on the overview (the rest would be written off its edge), and where a name is
#: nudged off the centre of its box (a big neighbour, a route drawn through it).
MAP_COUNTRIES = {"Afghanistan", "Iran", "Iraq", "Syria", "Jordan", "Saudi Arabia", "Turkey", "Pakistan"}
LABEL_NUDGE = {"Iraq": (0.6, -0.9), "Saudi Arabia": (5.4, -0.95), "Syria": (0.6, 0.6), "Jordan": (1.0, -0.3),
               "Afghanistan": (0.8, 2.1), "Pakistan": (1.5, -1.0), "Iran": (1.84, -0.14)}  # fmt: skip
#: On a map narrower than :data:`WIDE` (a phone), where names stand closer together, some are moved further.
PHONE_NUDGE = {"Jordan": (0.3, 1.0), "Pakistan": (0.0, 1.5), "Iraq": (-1.0, 0.5), "Syria": (0.0, 0.5),
               "Afghanistan": (1.0, 1.0), "Turkey": (0.0, -0.5)}  # fmt: skip

OVERVIEW = "overview"
#: From this width the map draws the places whose ``map_detail`` is "wide" (capitals, for orientation), and
#: its close-ups stand in one row.
WIDE = 700
# Layout: each a Vega expression of the chart's width.
OVERVIEW_SCALE = f"width / {FRAME[0]}"
SINGLE_HEIGHT = f"width * {ASPECT:.4f}"


def _merc(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


@dataclass(frozen=True)
class Half:
    """Half of the overview, drawn on its own under :data:`SPLIT`: the places, legs, squares and country names
    west (or east) of :data:`SPLIT_LON`, from ``lon`` - 14.5 to ``lon`` + 14.5 degrees, ``north`` to ``south``."""

    name: str
    lon: float
    north: float
    south: float
    side: str  # which labelled things it draws (a Vega test of datum.lon)

    def keeps(self, lon: float) -> bool:
        """``side`` in Python."""
        return (lon < SPLIT_LON) == (self.name == "west")

    @property
    def height(self) -> str:
        return f"width * {(_merc(self.north) - _merc(self.south)) / math.radians(HALF_SPAN):.4f}"


#: In a column narrower than this (a 320 or 360 px phone) the overview, half as high as wide, would set 10 px
#: names on top of one another: it is drawn in two halves, one above the other, each at a larger scale (as
#: the overview of a map 420 px wide): the Levant, Iraq and the Gulf, then Iran to Afghanistan.
SPLIT, SPLIT_LON, HALF_SPAN = 320, 52, 29.0
#: The test is of the column's width, not the chart's: Vega narrows the chart by the few pixels its key
#: stands out, and a layout chosen by the chart's width could switch between two passes, leaving the chart's
#: foot cut. Without a column (the picture drawn at build time), the chart's width.
SPLIT_TEST = f"(containerSize()[0] || width) < {SPLIT}"
HALVES = [Half("west", 43.5, 39.3, 19.5, f"datum.lon < {SPLIT_LON}"),
          Half("east", 63.5, 38.0, 26.8, f"datum.lon >= {SPLIT_LON}")]  # fmt: skip
HALF_SCALE = f"width / {math.radians(HALF_SPAN):.6f}"
OVERVIEW_HEIGHT = f"({SPLIT_TEST} ? {HALVES[0].height} + {GAP} + {HALVES[1].height} : {SINGLE_HEIGHT})"
STRIP_TOP = f"{OVERVIEW_HEIGHT} + 40"  # the close-ups' heading and titles above their boxes
#: The close-ups by row: all in one on a wide screen, two to a row on a phone, where four in a row would be
#: a quarter of its width each, too small for their names.
ROWS = {True: [CLOSE_UPS], False: [CLOSE_UPS[:2], CLOSE_UPS[2:]]}
#: Each close-up's scale bar stands under its box, where no coast, border, leg or name can cross it; the next
#: row's titles stand under that.
SCALE_BAR_ROW = 16
ROW_GAP = SCALE_BAR_ROW + 26


def _wide_or_narrow(wide: str, narrow: str) -> str:
    return f"(width >= {WIDE} ? {wide} : {narrow})"


def _cell(wide: bool) -> str:
    """An average close-up's width in the layout ``wide`` (one row) or not (rows of two)."""
    columns = len(ROWS[wide][0])
    return f"(width - {(columns - 1) * GAP}) / {columns}"


def _height(wide: bool) -> str:
    return f"min({_cell(wide)}, {CLOSE_UP_MAX})"


#: A close-up's height (its span across it): the same for all, so that one row's boxes line up.
CLOSE_UP_H = _wide_or_narrow(_height(True), _height(False))
#: The key stands under the last row of close-ups and its scale bars.
LEGEND_TOP = _wide_or_narrow(
    *(f"{STRIP_TOP} + {len(ROWS[w])} * {_height(w)} + {len(ROWS[w]) - 1} * {ROW_GAP} + {SCALE_BAR_ROW} + 20"
      for w in (True, False))
)  # fmt: skip
#: The key's columns: as many as fit the width, each wide enough for its longest entry and its line. Nothing
#: may stand out of the width: Vega would narrow the chart to fit it, and cut its foot.
KEY_COLUMNS = "max(1, floor(width / 175))"

#: Text sizes in pixels: place and country names a point smaller on a phone, where the overview is a third as
#: wide as on a desktop; country names in the close-ups. None shrinks with the width: under 10 px a name is
#: hard to read on a phone, so the layout makes room instead (rows of close-ups, the anchors of
#: data/places.csv checked from 320 px up by tests/test_map_browser.py).
NAME_SIZE = COUNTRY_SIZE = _wide_or_narrow("11", "10")
CLOSE_UP_COUNTRY_SIZE = 10
#: The compass point a name is written at from its dot: ``label_anchor``, or on a phone ``phone_anchor`` if given.
ANCHOR = f"width >= {WIDE} || !datum.phone_anchor ? datum.label_anchor : datum.phone_anchor"
#: Where a name is written from its dot, for each compass point (``datum.anchor``, :data:`ANCHOR`).
ALIGN = "test(/e/, datum.anchor) ? 'left' : test(/w/, datum.anchor) ? 'right' : 'center'"
BASELINE = "test(/^n/, datum.anchor) ? 'bottom' : test(/^s/, datum.anchor) ? 'top' : 'middle'"
DX = "test(/e/, datum.anchor) ? 5 : test(/w/, datum.anchor) ? -5 : 0"
#: A name above or below its dot clears the dot (radius 4 with its white edge) and the outermost of the lines
#: side by side that end there (``datum.lanes``: the most drugs on one leg at the place; a line is 3.5 px wide,
#: and a name's box reaches a little beyond its baseline).
CLEAR = f"max(5, ((datum.lanes || 1) - 1) * {LANE} / 2 + 4)"
DY = f"test(/^n/, datum.anchor) ? -{CLEAR} : test(/^s/, datum.anchor) ? {CLEAR} : 0"


def _box(i: int, wide: bool) -> tuple[str, str, str, str]:
    rows = ROWS[wide]
    r = next(n for n, row in enumerate(rows) if CLOSE_UPS[i] in row)
    row = rows[r]
    k = row.index(CLOSE_UPS[i])
    # A row's close-ups share its width by their shares (a crowded one is wider), less the gaps between them.
    unit = f"{len(row) / sum(c.share for c in row):.6f} * {_cell(wide)}"
    left = f"{sum(c.share for c in row[:k]):.4f} * {unit} + {k * GAP}"
    top = f"{STRIP_TOP} + {r} * ({_height(wide)} + {ROW_GAP})"
    return left, top, f"{left} + {row[k].share} * {unit}", f"{top} + {_height(wide)}"


def close_up_box(i: int) -> tuple[str, str, str, str]:
    """The close-up's box, left, top, right and bottom, as expressions of the width."""
    return tuple(_wide_or_narrow(w, n) for w, n in zip(_box(i, True), _box(i, False), strict=True))


def close_up_height(width: float) -> float:
    """A close-up's height in pixels in a map ``width`` pixels wide (for tests and checks)."""
    wide = width >= WIDE
    columns = len(ROWS[wide][0])
    return min((width - (columns - 1) * GAP) / columns, CLOSE_UP_MAX)


def close_up_scale(c: CloseUp) -> str:
    """Pixels per radian: the close-up's span across its height."""
    return f"{CLOSE_UP_H} / {math.radians(c.span):.6f}"


def overview_panels() -> list[tuple[str, str, str, str]]:
    """The overview's panels: its name, when it is drawn (a Vega test of the width), which labelled things it
    draws (a test of their ``datum.lon``) and the scale of its projection: the whole overview from
    :data:`SPLIT`, else its :data:`HALVES`."""
    return [(OVERVIEW, f"!({SPLIT_TEST})", "true", OVERVIEW_SCALE)] + [
        (h.name, SPLIT_TEST, h.side, HALF_SCALE) for h in HALVES
    ]


def projections() -> dict[str, dict]:
    """A projection per panel: the overview fitted to the width (or its halves, one above the other), each
    close-up to its box (clipped to it)."""
    out = {
        OVERVIEW: {
            "type": "mercator",
            "center": list(CENTRE),
            "scale": alt.expr(OVERVIEW_SCALE),
            "translate": alt.expr(f"[width / 2, {SINGLE_HEIGHT} / 2]"),
            "clipExtent": alt.expr(f"[[0, 0], [width, {SINGLE_HEIGHT}]]"),
        }
    }
    top = "0"
    for h in HALVES:
        middle = math.degrees(2 * math.atan(math.exp((_merc(h.north) + _merc(h.south)) / 2)) - math.pi / 2)
        out[h.name] = {
            "type": "mercator",
            "center": [h.lon, round(middle, 4)],
            "scale": alt.expr(HALF_SCALE),
            "translate": alt.expr(f"[width / 2, {top} + {h.height} / 2]"),
            "clipExtent": alt.expr(f"[[0, {top}], [width, {top} + {h.height}]]"),
        }
        top = f"{top} + {h.height} + {GAP}"
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


def legs_in_lanes(legs, panel: str, mode: str, drug_filter: str) -> alt.Chart:
    """The panel's legs of ``mode`` (as :data:`MODES` says it) that ``drug_filter`` keeps, each with its
    ``lane``: 0 for a leg one drug uses, else its place among the drugs on that leg, centred on 0, so that
    they are drawn side by side (straight, :mod:`briefing.map_layers`, or curved, :mod:`briefing.map_curves`)."""
    return (
        alt.Chart(legs)
        .transform_filter(f"datum.panel == {panel!r} && datum.mode == {mode!r}")
        .transform_filter(drug_filter)
        .transform_joinaggregate(drugs_on_leg="distinct(drug)", groupby=["from_name", "to_name"])
        .transform_window(rank="dense_rank()", groupby=["from_name", "to_name"], sort=[{"field": "drug"}])
        .transform_calculate(lane="datum.rank - (datum.drugs_on_leg + 1) / 2")
    )


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
