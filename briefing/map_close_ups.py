"""The corridor map's close-ups, as :func:`briefing.corridor_map.map_chart` draws them: the squares that mark
them on the overview, their heading, and each one's title, box and scale bar (outside the box, so no coast or
leg runs through it). The close-ups' land, legs and places are drawn by :mod:`briefing.map_layers`, in the
panels :mod:`briefing.map_layout` lays out.
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from briefing.map_layers import POSITION, _placed
from briefing.map_layout import (
    ALIGN,
    ANCHOR,
    BASELINE,
    CLOSE_UPS,
    DX,
    DY,
    NAME_SIZE,
    SCALE_BAR_ROW,
    STRIP_TOP,
    CloseUp,
    close_up_box,
    close_up_scale,
)


def close_up_squares(projection: dict, where: str = "true") -> list[alt.Chart]:
    """Each close-up's square on the overview (those for which ``where`` holds), named as its title is."""
    squares = pd.DataFrame(
        [{"name": c.name, "lon": c.lon, "lat": c.lat, "label_anchor": c.anchor, "phone_anchor": c.phone_anchor}
         for c in CLOSE_UPS]
    )  # fmt: skip
    marker = alt.Chart(squares).transform_filter(where).transform_calculate(anchor=ANCHOR).encode(**POSITION)
    return [
        marker.mark_point(
            shape="square", size=150, filled=False, stroke="#222222", strokeWidth=1.5, opacity=1, clip=False
        ).project(**projection),
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
        .project(**projection),
    ]


#: The close-ups' heading, and its shorter form for a small phone.
HEADING = ("Close-ups: the crossings (squares on the map)", "Close-ups: the squares on the map")


def close_ups_heading() -> alt.Chart:
    return _placed().mark_text(
        x=0,
        y=alt.expr(f"{STRIP_TOP} - 26"),
        align="left",
        baseline="alphabetic",
        fontSize=12,
        fontWeight=600,
        color="#222222",
        # On a small phone the whole line would stand out of the width (and Vega would shrink the map to fit it).
        text=alt.expr(f"width >= 330 ? {HEADING[0]!r} : {HEADING[1]!r}"),
    )


def close_up_title(i: int, c: CloseUp) -> alt.Chart:
    left, top, _, _ = close_up_box(i)
    return _placed().mark_text(
        x=alt.expr(left),
        y=alt.expr(f"{top} - 5"),
        align="left",
        baseline="alphabetic",
        fontSize=11,
        fontWeight=600,
        color="#222222",
        text=c.name,
    )


def close_up_frame(i: int, c: CloseUp) -> list[alt.Chart]:
    """The box, and under its right corner a scale bar (``c.km`` kilometres in pixels at the close-up's
    latitude, Mercator) with its length before it: outside the box no coast or leg can run through it."""
    left, top, right, bottom = close_up_box(i)
    bar = f"{c.km} / (6371 * cos({math.radians(c.lat):.6f})) * ({close_up_scale(c)})"
    middle = f"{bottom} + {SCALE_BAR_ROW} / 2 + 1"
    box = _placed()
    return [
        box.mark_rect(
            x=alt.expr(f"{right} - {bar}"),
            x2=alt.expr(right),
            y=alt.expr(f"{middle} - 1"),
            y2=alt.expr(f"{middle} + 1"),
            fill="#444444",
            aria=False,
        ),
        box.mark_text(
            x=alt.expr(f"{right} - {bar} - 5"),
            y=alt.expr(middle),
            align="right",
            baseline="middle",
            fontSize=10,
            color="#444444",
            text=f"{c.km} km",
        ),
        box.mark_rect(
            x=alt.expr(left),
            x2=alt.expr(right),
            y=alt.expr(top),
            y2=alt.expr(bottom),
            fill=None,  # no fill: a transparent one caught the pointer, so the close-ups' marks had no tooltip
            stroke="#8a8a8a",
            strokeWidth=1,
            aria=False,
        ),
    ]
