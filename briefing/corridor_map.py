"""The corridor map, the book's signature figure: country shapes, named places and the legs of the routes
sources name, overland legs through their waypoints and sea legs dashed. The chart (:func:`map_chart`, a
builder like those of :mod:`briefing.charts`) and the figure (:func:`corridor_map`, glued by a chapter as
``b.figures.corridor_map``) live together here.

The corridor is 3,500 km long, but most legs the sources name are border crossings 5 to 40 km long: a few
pixels on any map of the whole corridor. So the chart is an overview of the corridor with a row of
close-ups under it, one per crossing, each drawn with its own projection in the same view. Every size and
position is an expression of the chart's width, so the map fills its column from a phone to a desktop.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import altair as alt
import pandas as pd

from briefing.chart_parts import WIDTH, Choice, _titled
from briefing.data import boundaries, load
from briefing.display import Figure
from briefing.figure_parts import _figure, source_labels
from briefing.theme import DRUG_COLOURS, OTHER_COLOUR, country_name, drug_name

#: The overview's frame: Lebanon to eastern Afghanistan, Turkey's south to Jeddah, at any width.
CENTRE = (52.0, 29.9)
FRAME = (0.80, 0.40)  # the frame's width and height in radians (Mercator)
ASPECT = FRAME[1] / FRAME[0]
#: Gaps between the close-ups; the largest height a close-up takes on a wide screen.
GAP, CLOSE_UP_MAX = 10, 170
#: How far apart (pixels) the lines of several drugs on one leg are drawn, side by side.
LANE = 4.5


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
LEGEND_TOP = f"{STRIP_TOP} + {CLOSE_UP_H} + 20"
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
DY = "test(/^n/, datum.label_anchor) ? -4 : test(/^s/, datum.label_anchor) ? 4 : 0"


def _close_up_box(i: int) -> tuple[str, str, str, str]:
    """The close-up's box, left, top, right and bottom, as expressions of the width."""
    left = f"{i} * ({CLOSE_UP_W} + {GAP})"
    return left, STRIP_TOP, f"{left} + {CLOSE_UP_W}", f"{STRIP_TOP} + {CLOSE_UP_H}"


def _close_up_scale(c: CloseUp) -> str:
    """Pixels per radian: the close-up's span across its height."""
    return f"{CLOSE_UP_H} / {math.radians(c.span):.6f}"


def _projections() -> dict[str, dict]:
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
        left, top, right, bottom = _close_up_box(i)
        out[c.name] = {
            "type": "mercator",
            "center": [c.lon, c.lat],
            "scale": alt.expr(_close_up_scale(c)),
            "translate": alt.expr(f"[({left} + {right}) / 2, ({top} + {bottom}) / 2]"),
            "clipExtent": alt.expr(f"[[{left}, {top}], [{right}, {bottom}]]"),
        }
    return out


def map_chart(
    regions: dict,
    places: pd.DataFrame,
    legs: pd.DataFrame,
    labels: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    description: str,
) -> alt.LayerChart:
    """The region's countries (named), the route legs coloured by drug (drop-down to show one drug; a
    sea leg is dashed: it gives the direction, not the path; several drugs on one leg are drawn side by
    side) and the places the chapters name, each with its name. Legs too short to see on the overview are
    drawn in close-ups under it (:data:`CLOSE_UPS`), marked on the overview by a named square.

    ``regions`` is GeoJSON (a FeatureCollection with a ``name`` property); ``places`` has name, kind,
    country, lat, lon, label_anchor (a compass point), panel (``"overview"`` or a close-up's name), note,
    source; ``legs`` has drug, mode, from_name, to_name, lat, lon, lat2, lon2, panel, source; ``labels`` has
    name, lat, lon (a country's label point on the overview).
    """
    drug = Choice(legs, "drug", "drug", "Drug", everything="Every drug")
    projections = _projections()
    drugs = sorted(set(legs["drug"]))
    colour = alt.Color(
        "drug:N",
        title="Drug carried",
        scale=alt.Scale(domain=drugs, range=[DRUG_COLOURS.get(d.lower(), OTHER_COLOUR) for d in drugs]),
        legend=None,  # drawn as marks under the close-ups (see key()), so the chart's height includes it
    )
    leg_tooltip = [
        alt.Tooltip("drug:N", title="Drug"),
        alt.Tooltip("from_name:N", title="From"),
        alt.Tooltip("to_name:N", title="To"),
        alt.Tooltip("mode:N", title="How"),
        alt.Tooltip("source:N", title="Source"),
    ]
    place_tooltip = [
        alt.Tooltip("name:N", title="Place"),
        alt.Tooltip("kind:N", title="Kind"),
        alt.Tooltip("note:N", title="Why it matters"),
        alt.Tooltip("source:N", title="Source"),
    ]
    position = {"longitude": "lon:Q", "latitude": "lat:Q"}

    def land(panel: str) -> alt.Chart:
        return (
            alt.Chart(alt.NamedData(name="regions"))
            .mark_geoshape(fill="#f2efe9", stroke="#8a8a8a", strokeWidth=0.7, clip=False)
            .encode(tooltip=alt.Tooltip("properties.name:N", title="Country"))
            .project(**projections[panel])
        )

    def route_legs(panel: str) -> list[alt.Chart]:
        """The panel's legs; where several drugs share a leg, their lines lie side by side (lanes)."""
        scale = OVERVIEW_SCALE if panel == OVERVIEW else _close_up_scale(next(c for c in CLOSE_UPS if c.name == panel))
        offset = f"{LANE} * datum.lane / ({scale}) * 180 / PI"  # degrees for LANE pixels per lane
        routes = (
            alt.Chart(legs)
            .transform_filter(f"datum.panel == {panel!r}")
            .transform_filter(drug.filter)
            .transform_joinaggregate(drugs_on_leg="distinct(drug)", groupby=["from_name", "to_name"])
            .transform_window(rank="dense_rank()", groupby=["from_name", "to_name"], sort=[{"field": "drug"}])
            .transform_calculate(
                lane="datum.rank - (datum.drugs_on_leg + 1) / 2",
                run="(datum.lon2 - datum.lon)",
                rise="(datum.lat2 - datum.lat) / cos(datum.lat * PI / 180)",
            )
            .transform_calculate(length="max(1e-9, sqrt(datum.run * datum.run + datum.rise * datum.rise))")
            .transform_calculate(
                shift_lon=f"-datum.rise / datum.length * {offset}",
                shift_lat=f"datum.run / datum.length * {offset} * cos(datum.lat * PI / 180)",
            )
            .transform_calculate(
                a_lon="datum.lon + datum.shift_lon",
                a_lat="datum.lat + datum.shift_lat",
                b_lon="datum.lon2 + datum.shift_lon",
                b_lat="datum.lat2 + datum.shift_lat",
                # What a screen reader says of the line (else Vega reads out its computed coordinates).
                spoken="datum.drug + ' from ' + datum.from_name + ' to ' + datum.to_name + ', ' + datum.mode",
            )
            .encode(longitude="a_lon:Q", latitude="a_lat:Q", longitude2="b_lon:Q", latitude2="b_lat:Q")
            .encode(color=colour, tooltip=leg_tooltip, description="spoken:N")
            .project(**projections[panel])
        )
        overland = routes.transform_filter("datum.mode == 'overland'").mark_rule(
            strokeWidth=3.5, opacity=0.95, strokeCap="round", clip=False
        )
        by_sea = routes.transform_filter("datum.mode != 'overland'").mark_rule(
            strokeWidth=2.5, opacity=0.95, strokeDash=[6, 4], clip=False
        )
        return [overland, by_sea]

    def places_of(panel: str) -> list[alt.Chart]:
        """The panel's places: a dot and its name, written where its ``label_anchor`` says."""
        here = (
            alt.Chart(places)
            .transform_filter(f"datum.panel == {panel!r} && (datum.map_detail != 'wide' || width >= {WIDE})")
            .encode(**position)
        )
        dots = here.mark_point(
            filled=True, size=45, color="#222222", stroke="white", strokeWidth=0.8, opacity=1, clip=False
        )
        names = here.mark_text(
            align=alt.expr(ALIGN),
            baseline=alt.expr(BASELINE),
            dx=alt.expr(DX),
            dy=alt.expr(DY),
            fontSize=alt.expr(NAME_SIZE),
            color="#222222",
            clip=False,
        )
        return [
            dots.encode(tooltip=place_tooltip, description="name:N").project(**projections[panel]),
            names.encode(text="map_name:N", tooltip=place_tooltip).project(**projections[panel]),
        ]

    layers = [land(OVERVIEW)]
    layers.append(
        alt.Chart(labels)
        .mark_text(fontSize=11, fontStyle="italic", color="#6b6b6b", fontWeight=500, clip=False)
        .encode(**position, text="name:N")
        .project(**projections[OVERVIEW])
    )
    layers += route_legs(OVERVIEW)
    # A long sea leg says on the map what its dashes mean.
    layers.append(
        alt.Chart(legs)
        .transform_filter(drug.filter)
        .transform_filter("datum.mode != 'overland' && abs(datum.lat2 - datum.lat) + abs(datum.lon2 - datum.lon) > 5")
        .transform_calculate(
            mid_lon="0.45 * datum.lon + 0.55 * datum.lon2", mid_lat="0.45 * datum.lat + 0.55 * datum.lat2"
        )
        .mark_text(
            align="left",
            dx=6,
            fontSize=10,
            fontStyle="italic",
            color="#444444",
            text=["by sea:", "path not known"],
            clip=False,
        )
        .encode(longitude="mid_lon:Q", latitude="mid_lat:Q")
        .project(**projections[OVERVIEW])
    )
    # Each close-up's square on the overview, named as its title is.
    squares = pd.DataFrame([{"name": c.name, "lon": c.lon, "lat": c.lat, "label_anchor": c.anchor} for c in CLOSE_UPS])
    marker = alt.Chart(squares).encode(**position)
    layers += [
        marker.mark_point(
            shape="square", size=150, filled=False, stroke="#222222", strokeWidth=1.5, opacity=1, clip=False
        ).project(**projections[OVERVIEW]),
        marker.mark_text(
            align=alt.expr(ALIGN),
            baseline=alt.expr(BASELINE),
            dx=alt.expr(f"1.6 * ({DX})"),
            dy=alt.expr(f"1.6 * ({DY})"),
            fontSize=alt.expr(NAME_SIZE),
            fontWeight=600,
            color="#222222",
            clip=False,
        )
        .encode(text="name:N")
        .project(**projections[OVERVIEW]),
    ]
    layers += places_of(OVERVIEW)

    # The close-ups: heading, then each one's title, land, names of its countries, legs, places, scale bar.
    layers.append(
        alt.Chart(alt.Data(values=[{}]))
        .encode(opacity=alt.value(1))
        .mark_text(
            x=0,
            y=alt.expr(f"{STRIP_TOP} - 26"),
            align="left",
            baseline="alphabetic",
            fontSize=12,
            fontWeight=600,
            color="#222222",
            text="Close-ups: the crossings (squares on the map)",
        )
    )
    for i, c in enumerate(CLOSE_UPS):
        left, top, right, bottom = _close_up_box(i)
        box = alt.Chart(alt.Data(values=[{}])).encode(opacity=alt.value(1))  # marks placed by expressions
        layers.append(
            box.mark_text(
                x=alt.expr(left),
                y=alt.expr(f"{top} - 5"),
                align="left",
                baseline="alphabetic",
                fontSize=11,
                fontWeight=600,
                color="#222222",
                text=c.name,
            )
        )
        layers.append(land(c.name))
        layers.append(
            alt.Chart(pd.DataFrame([{"name": n, "lon": lo, "lat": la} for n, lo, la in c.countries]))
            .mark_text(fontSize=10, fontStyle="italic", color="#6b6b6b", clip=False)
            .encode(**position, text="name:N")
            .project(**projections[c.name])
        )
        layers += route_legs(c.name)
        layers += places_of(c.name)
        # A scale bar: c.km kilometres in pixels at the close-up's latitude (Mercator).
        bar = f"{c.km} / (6371 * cos({math.radians(c.lat):.6f})) * ({_close_up_scale(c)})"
        layers.append(
            box.mark_rect(
                x=alt.expr(f"{right} - 6 - {bar}"),
                x2=alt.expr(f"{right} - 6"),
                y=alt.expr(f"{bottom} - 7"),
                y2=alt.expr(f"{bottom} - 5"),
                fill="#444444",
                aria=False,
            )
        )
        layers.append(
            box.mark_text(
                x=alt.expr(f"{right} - 6"),
                y=alt.expr(f"{bottom} - 10"),
                align="right",
                baseline="alphabetic",
                fontSize=10,
                color="#444444",
                text=f"{c.km} km",
            )
        )
        layers.append(
            box.mark_rect(
                x=alt.expr(left),
                x2=alt.expr(right),
                y=alt.expr(top),
                y2=alt.expr(bottom),
                fill="transparent",
                stroke="#8a8a8a",
                strokeWidth=1,
                aria=False,
            )
        )

    layers += key(drugs, colour)
    # The boundaries are drawn four times (the overview and each close-up) from one copy in the spec.
    chart = (
        alt.layer(*layers)
        .add_params(*drug.params)
        .properties(width=WIDTH, height=120, datasets={"regions": regions["features"]})
    )
    return _titled(chart, title, subtitle, description)


def key(drugs: list[str], colour: alt.Color) -> list[alt.Chart]:
    """The key under the close-ups: a line in each drug's colour and its name, then the dashed sea leg, in as
    many columns as fit. Drawn as marks placed by expressions of the width (a Vega legend placed there is
    left out of the chart's height when it fits its column, and would be cut)."""
    n = len(drugs)
    x = f"(datum.i % {KEY_COLUMNS}) * width / {KEY_COLUMNS}"
    y = f"{LEGEND_TOP} + 22 + floor(datum.i / {KEY_COLUMNS}) * 19"
    items = (
        alt.Chart(pd.DataFrame({"drug": drugs})).transform_window(i="row_number()").transform_calculate(i="datum.i - 1")
    )
    sea = alt.Chart(alt.Data(values=[{}])).transform_calculate(i=str(n)).encode(opacity=alt.value(1))
    # Placed by encoded values: a rule placed by mark properties alone is not drawn.
    line = {"x": alt.value(alt.expr(x)), "x2": alt.value(alt.expr(f"{x} + 26")), "y": alt.value(alt.expr(y)),
            "y2": alt.value(alt.expr(y))}  # fmt: skip
    label = {"x": alt.expr(f"{x} + 32"), "y": alt.expr(y), "baseline": "middle", "align": "left", "fontSize": 12}
    return [
        alt.Chart(alt.Data(values=[{}]))
        .encode(opacity=alt.value(1))
        .mark_text(
            x=0, y=alt.expr(LEGEND_TOP), baseline="top", align="left", fontSize=12, fontWeight=600,
            color="#222222", text="Drug carried",
        ),
        items.mark_rule(strokeWidth=4).encode(color=colour, **line),
        items.mark_text(color="#222222", **label).encode(text="drug:N"),
        sea.mark_rule(strokeWidth=2.5, strokeDash=[6, 4], color="#444444").encode(**line),
        sea.mark_text(color="#222222", text="by sea (direction only)", **label),
    ]  # fmt: skip


def regions() -> dict:
    """The region's country boundaries (GeoJSON derived from Natural Earth)."""
    return boundaries()


def _label_point(geometry: dict) -> tuple[float, float]:
    """Where to write a country's name: the centre of the bounding box of its largest polygon."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]

    def extent(ring):
        lons, lats = [p[0] for p in ring], [p[1] for p in ring]
        return (max(lons) - min(lons)) * (max(lats) - min(lats)), lons, lats

    _, lons, lats = max((extent(p[0]) for p in polygons), key=lambda e: e[0])
    return (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2


def _panel(lon: float, lat: float) -> str:
    """The close-up a place is drawn in (within half a span of its centre), else the overview."""
    for c in CLOSE_UPS:
        if abs(lon - c.lon) <= c.span / 2 and abs(lat - c.lat) <= c.span / 2:
            return c.name
    return OVERVIEW


def corridor_map(*, name: str = "map", title: str) -> Figure:
    all_places = load("places")
    legs = load("routes")
    # The map draws the places the chapters name (those with a map_name): every dot it shows is named.
    places = all_places[all_places["map_name"].notna() & (all_places["map_name"].astype(str) != "")]
    unnamed = sorted((set(legs["from_place"]) | set(legs["to_place"])) - set(places["place_id"].astype(str)))
    if unnamed:
        raise ValueError(
            f"data/places.csv: {', '.join(unnamed)} ends a leg in routes.csv but has no map_name: "
            "the map would draw a leg to a place it does not name"
        )
    labels = source_labels(list(places["source_id"]) + list(legs["source_id"]))
    by_id = places.set_index("place_id")
    panel_of = {p: _panel(float(r.lon), float(r.lat)) for p, r in by_id.iterrows()}
    # A leg between two ports went by sea: the sources give its ends, not its path.
    sea = (legs["from_place"].map(by_id["kind"]) == "port") & (legs["to_place"].map(by_id["kind"]) == "port")
    # A leg is drawn in a close-up when both its ends are in it, else on the overview.
    start, end = legs["from_place"].map(panel_of), legs["to_place"].map(panel_of)
    legs_table = pd.DataFrame(
        {
            "drug": legs["drug"].astype(str).map(drug_name),
            "mode": sea.map({True: "by sea (direction only, path not known)", False: "overland"}),
            "from_name": legs["from_place"].map(by_id["map_name"]).astype(str),
            "to_name": legs["to_place"].map(by_id["map_name"]).astype(str),
            "lat": legs["from_place"].map(by_id["lat"]).astype(float),
            "lon": legs["from_place"].map(by_id["lon"]).astype(float),
            "lat2": legs["to_place"].map(by_id["lat"]).astype(float),
            "lon2": legs["to_place"].map(by_id["lon"]).astype(float),
            "panel": start.where(start == end, OVERVIEW),
            "source": legs["source_id"].astype(str).map(labels),
        }
    )
    places_table = pd.DataFrame(
        {
            "name": places["name"].astype(str),
            "map_name": places["map_name"].astype(str),
            "kind": places["kind"].astype(str).str.replace("_", " ").str.capitalize(),
            "country": places["country"].astype(str).map(country_name),
            "lat": places["lat"].astype(float),
            "lon": places["lon"].astype(float),
            "label_anchor": places["label_anchor"].astype(str).replace("nan", "e"),
            "map_detail": places["map_detail"].astype(str),
            "panel": places["place_id"].map(panel_of),
            "note": places["note"].fillna("").astype(str),
            "source": places["source_id"].astype(str).map(labels),
        }
    )
    shapes = regions()
    names = []
    for feature in shapes["features"]:
        country = feature["properties"].get("name")
        if country in MAP_COUNTRIES:
            lon, lat = _label_point(feature["geometry"])
            dlon, dlat = LABEL_NUDGE.get(country, (0.0, 0.0))
            names.append({"name": country, "lon": round(lon + dlon, 2), "lat": round(lat + dlat, 2)})
    chart = map_chart(
        shapes,
        places_table,
        legs_table,
        pd.DataFrame(names, columns=["name", "lon", "lat"]),
        title=title,
        subtitle="Route legs named by the sources, by drug; a dashed leg went by sea (its path is not known)",
        description=f"Map of the corridor from Lebanon to Afghanistan with {len(legs_table)} route legs named by "
        f"sources and {len(places_table)} places, each named; sea legs are dashed. Close-ups under the map show "
        f"the border crossings at {', '.join(c.name for c in CLOSE_UPS)}.",
    )
    table = pd.concat([legs_table.assign(layer="route leg"), places_table.assign(layer="place")], ignore_index=True)
    # The boundaries are Natural Earth's (data/geo/region.geojson): credited before the places' gazetteers.
    boundaries = ["naturalearth-readme"]
    columns = {
        "map_name": "Name on the map",
        "kind": "Kind of place",
        "panel": "Drawn in",
        "label_anchor": None,
        "map_detail": None,
    }
    return _figure(
        name,
        chart,
        table,
        boundaries + list(places["source_id"]) + list(legs["source_id"]),
        chart.description,
        columns=columns,
    )
