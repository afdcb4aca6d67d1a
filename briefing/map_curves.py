"""The sea and river legs of the corridor map, drawn as curves: a sea leg bowed over the sea (its path is not
known, so the curve shows direction only), the one river leg along the Shatt al-Arab. Each curve is a Vega
expression of the leg's ends (:data:`CURVE`), so it follows the map's projection at any width;
:func:`along_a_curve` gives the points :mod:`briefing.map_layers` draws as a line.
"""

from __future__ import annotations

import altair as alt

from briefing.map_layout import MODES, SPOKEN, legs_in_lanes

#: A sea leg is a curve bowed to the right of its direction of travel, by this share of its length (over
#: the sea for the book's legs: Beirut to Jeddah passes west of Jordan, not across it); a river leg is bowed
#: to its left (Khorramshahr to Basra runs west, and the Shatt al-Arab lies south of the straight line,
#: which passes by the Shalamcheh crossing). Each is drawn in this many straight steps; several drugs on one
#: leg are bowed a little more each.
BOWS, BOW_LANE, CURVE_STEPS = {"sea": 0.3, "river": -0.25}, 0.05, 24
#: The point at ``datum.step`` along a curved leg (``curve_lon``, ``curve_lat``): a quadratic curve on the
#: Mercator plane (so it is symmetric on the map) whose control point stands off the middle of the leg,
#: ``datum.bow`` of its length to the right of (dx, dy), which is (dy, -dx).
CURVE = [
    ("ax", "datum.lon * PI / 180"),
    ("ay", "log(tan(PI / 4 + datum.lat * PI / 360))"),
    ("bx", "datum.lon2 * PI / 180"),
    ("by", "log(tan(PI / 4 + datum.lat2 * PI / 360))"),
    ("cx", "(datum.ax + datum.bx) / 2 + datum.bow * (datum.by - datum.ay)"),
    ("cy", "(datum.ay + datum.by) / 2 - datum.bow * (datum.bx - datum.ax)"),
    ("t", f"datum.step / {CURVE_STEPS}"),
    ("u", "1 - datum.t"),
    ("x", "datum.u * datum.u * datum.ax + 2 * datum.u * datum.t * datum.cx + datum.t * datum.t * datum.bx"),
    ("y", "datum.u * datum.u * datum.ay + 2 * datum.u * datum.t * datum.cy + datum.t * datum.t * datum.by"),
    ("curve_lon", "datum.x * 180 / PI"),
    ("curve_lat", "(2 * atan(exp(datum.y)) - PI / 2) * 180 / PI"),
]  # fmt: skip


def along_a_curve(legs, panel: str, drug_filter: str, mode: str) -> alt.Chart:
    """The panel's legs of ``mode`` (sea or river; ``legs``: a data frame of legs) that ``drug_filter`` keeps,
    each as the points along its curve (:data:`CURVE`): ``step`` 0 to :data:`CURVE_STEPS`, ``curve_lon`` and
    ``curve_lat``; ``leg`` names the leg and its drug, ``spoken`` is what a screen reader says of it.
    ``datum.lane`` (0 for one drug) bows a leg further, away from the straight line."""
    bow, side = abs(BOWS[mode]), (1 if BOWS[mode] > 0 else -1)
    chart = (
        legs_in_lanes(legs, panel, MODES[mode], drug_filter)
        .transform_calculate(
            leg="datum.drug + ' from ' + datum.from_name + ' to ' + datum.to_name",
            spoken=SPOKEN,
            step=f"sequence(0, {CURVE_STEPS + 1})",
        )
        .transform_flatten(["step"])
        .transform_calculate(bow=f"{side} * ({bow} + {BOW_LANE} * datum.lane)")
    )
    for name, expression in CURVE:
        chart = chart.transform_calculate(**{name: expression})
    return chart
