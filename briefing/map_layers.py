"""What the corridor map draws, layer by layer, in the panels :mod:`briefing.map_layout` lays out: land,
route legs (side by side where several drugs share one), named places and the key (the close-ups'
squares, boxes and scale bars are in :mod:`briefing.map_close_ups`). Each function returns Altair layers; :func:`briefing.corridor_map.map_chart`
puts them together.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from briefing.chart_parts import Choice
from briefing.map_curves import CURVE_STEPS, along_a_curve
from briefing.map_layout import (
    ALIGN,
    ANCHOR,
    BASELINE,
    CLOSE_UPS,
    DX,
    DY,
    KEY_COLUMNS,
    LANE,
    LEGEND_TOP,
    MODES,
    NAME_SIZE,
    OVERVIEW,
    OVERVIEW_SCALE,
    SPOKEN,
    WIDE,
    close_up_scale,
    legs_in_lanes,
)

LEG_TOOLTIP = [
    alt.Tooltip("drug:N", title="Drug"),
    alt.Tooltip("from_name:N", title="From"),
    alt.Tooltip("to_name:N", title="To"),
    alt.Tooltip("mode:N", title="How"),
    alt.Tooltip("source:N", title="Source"),
]
PLACE_TOOLTIP = [
    alt.Tooltip("name:N", title="Place"),
    alt.Tooltip("kind:N", title="Kind"),
    alt.Tooltip("note:N", title="Note"),  # why the place matters, and where its position is from
    alt.Tooltip("source:N", title="Source"),
]
POSITION = {"longitude": "lon:Q", "latitude": "lat:Q"}
#: A curved leg's line, by mode: its width, dashes and caps (a sea leg dashed, a river leg dotted), and its key.
CURVE_STYLE = {"sea": (2.5, [6, 4], "butt"), "river": (3, [0.5, 4.5], "round")}
CURVE_KEY = {"sea": "by sea (direction only)", "river": "by river (Shatt al-Arab)"}


def _placed() -> alt.Chart:
    """A chart of one empty datum, for marks placed by expressions of the width."""
    return alt.Chart(alt.Data(values=[{}])).encode(opacity=alt.value(1))


def land(projection: dict, shown: str = "true") -> alt.Chart:
    """The countries, from the one copy of the boundaries in the spec (the dataset ``regions``), where ``shown``
    (a Vega test of the width) holds."""
    return (
        alt.Chart(alt.NamedData(name="regions"))
        .transform_filter(shown)
        .mark_geoshape(fill="#f2efe9", stroke="#8a8a8a", strokeWidth=0.7, clip=False)
        .encode(tooltip=alt.Tooltip("properties.name:N", title="Country"))
        .project(**projection)
    )


def country_names(names: pd.DataFrame, projection: dict, where: str = "true", **style) -> alt.Chart:
    """Country names (``names``: name, lon, lat, map_detail) in grey italics, those for which ``where`` holds;
    ``style`` sets their size and weight. A name whose ``map_detail`` is "wide" is written only on a map
    :data:`WIDE` or more across, one whose ``map_detail`` is "phone" only on a narrower one (a phone, where it
    stands elsewhere); "always", on both."""
    return (
        alt.Chart(names)
        .transform_filter(f"datum.map_detail == 'always' || (datum.map_detail == 'wide') == (width >= {WIDE})")
        .transform_filter(where)
        .mark_text(fontStyle="italic", color="#6b6b6b", clip=False, **style)
        .encode(**POSITION, text="name:N")
        .project(**projection)
    )


def route_legs(
    legs: pd.DataFrame,
    panel: str,
    projection: dict,
    drug: Choice,
    colour: alt.Color,
    where: str = "true",
    scale: str | None = None,
    keep=lambda lon: True,
) -> list[alt.Chart]:
    """The panel's legs (those for which ``where`` holds, drawn at ``scale`` pixels a radian): overland ones
    straight between their places, where several drugs share a leg side by side (lanes); sea ones dashed and
    river ones dotted, along a curve (:func:`briefing.map_curves.along_a_curve`). ``keep`` is ``where`` in
    Python, of a leg's first longitude."""
    if scale is None:
        scale = OVERVIEW_SCALE if panel == OVERVIEW else close_up_scale(next(c for c in CLOSE_UPS if c.name == panel))
    offset = f"{LANE} * datum.lane / ({scale}) * 180 / PI"  # degrees for LANE pixels per lane
    drug_filter = f"({drug.filter}) && ({where})"
    overland = (
        legs_in_lanes(legs, panel, MODES["overland"], drug_filter)
        .transform_calculate(
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
            spoken=SPOKEN,
        )
        .encode(longitude="a_lon:Q", latitude="a_lat:Q", longitude2="b_lon:Q", latitude2="b_lat:Q")
        .encode(color=colour, tooltip=LEG_TOOLTIP, description="spoken:N")
        .mark_rule(strokeWidth=3.5, opacity=0.95, strokeCap="round", clip=False)
        .project(**projection)
    )
    curved = {
        mode: along_a_curve(legs, panel, drug_filter, mode)
        .mark_line(strokeWidth=width, opacity=0.95, strokeDash=dash, strokeCap=cap, clip=False)
        .encode(longitude="curve_lon:Q", latitude="curve_lat:Q", detail="leg:N", order="step:Q")
        .encode(color=colour, tooltip=LEG_TOOLTIP, description="spoken:N")
        .project(**projection)
        for mode, (width, dash, cap) in CURVE_STYLE.items()
    }
    # A layer with no leg in this panel is left out: an empty group of marks has no name a screen reader can say.
    here = set(legs.loc[(legs["panel"] == panel) & legs["lon"].map(keep), "mode"])
    return [layer for mode, layer in {"overland": overland, **curved}.items() if MODES[mode] in here]


def sea_note(legs: pd.DataFrame, projection: dict, drug: Choice, where: str = "true") -> alt.Chart:
    """A long sea leg says on the map what its dashes mean, east of the middle of its curve: far enough
    from the sloping line that its second line clears it too."""
    return (
        along_a_curve(legs, OVERVIEW, f"({drug.filter}) && ({where})", "sea")
        .transform_filter(f"datum.step == {round(0.55 * CURVE_STEPS)}")
        .transform_filter("abs(datum.lat2 - datum.lat) + abs(datum.lon2 - datum.lon) > 5")
        .mark_text(
            align="left",
            dx=12,
            fontSize=10,
            fontStyle="italic",
            color="#444444",
            text=["by sea:", "path not known"],
            clip=False,
        )
        .encode(longitude="curve_lon:Q", latitude="curve_lat:Q")
        .project(**projection)
    )


def places_of(places: pd.DataFrame, panel: str, projection: dict, where: str = "true") -> list[alt.Chart]:
    """The panel's places (those for which ``where`` holds): a dot and its name, written where its
    ``label_anchor`` (or on a phone its ``phone_anchor``) says."""
    here = (
        alt.Chart(places)
        .transform_filter(f"datum.panel == {panel!r} && (datum.map_detail != 'wide' || width >= {WIDE})")
        .transform_filter(where)
        .transform_calculate(anchor=ANCHOR)
        .encode(**POSITION)
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
        dots.encode(tooltip=PLACE_TOOLTIP, description="name:N").project(**projection),
        names.encode(text="map_name:N", tooltip=PLACE_TOOLTIP).project(**projection),
    ]


def key(drugs: list[str], colour: alt.Color) -> list[alt.Chart]:
    """The key under the close-ups: a line in each drug's colour and its name, then the sea and river legs, in as
    many columns as fit. Drawn as marks placed by expressions of the width (a Vega legend placed there is
    left out of the chart's height when it fits its column, and would be cut)."""
    n = len(drugs)
    x = f"(datum.i % {KEY_COLUMNS}) * width / {KEY_COLUMNS}"
    y = f"{LEGEND_TOP} + 22 + floor(datum.i / {KEY_COLUMNS}) * 19"
    items = (
        alt.Chart(pd.DataFrame({"drug": drugs})).transform_window(i="row_number()").transform_calculate(i="datum.i - 1")
    )
    # Placed by encoded values: a rule placed by mark properties alone is not drawn.
    line = {"x": alt.value(alt.expr(x)), "x2": alt.value(alt.expr(f"{x} + 26")), "y": alt.value(alt.expr(y)),
            "y2": alt.value(alt.expr(y))}  # fmt: skip
    label = {"x": alt.expr(f"{x} + 32"), "y": alt.expr(y), "baseline": "middle", "align": "left", "fontSize": 12}
    return [
        _placed().mark_text(
            x=0, y=alt.expr(LEGEND_TOP), baseline="top", align="left", fontSize=12, fontWeight=600,
            color="#222222", text="Drug carried",
        ),
        items.mark_rule(strokeWidth=4, aria=False).encode(color=colour, **line),  # the name beside it says it
        items.mark_text(color="#222222", **label).encode(text="drug:N"),
    ] + [
        mark
        for i, (mode, (width, dash, cap)) in enumerate(CURVE_STYLE.items(), n)
        for way in [alt.Chart(alt.Data(values=[{}])).transform_calculate(i=str(i)).encode(opacity=alt.value(1))]
        for mark in (
            way.mark_rule(strokeWidth=width, strokeDash=dash, strokeCap=cap, color="#444444", aria=False).encode(**line),
            way.mark_text(color="#222222", text=CURVE_KEY[mode], **label),
        )
    ]  # fmt: skip
