"""A total over several years, drawn by :func:`briefing.chart_periods.period_values`: a thick span over its
years (never a dot, which would read as one year's value) named "Total 2022–2025: 28 t", the name placed where no
dot, joining line or period's span of the figure's current view is (above or below its span from its
start, the same at its end, else before or after it), so it never sits on the dots of the years it covers
nor has a line run through its letters.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from briefing.theme import MUTED

#: A figure for a period longer than this (in days) is a total over several years: it is drawn as a span over
#: its years, named as a total, and never as a dot that would read as one year's value.
LONG_PERIOD = 400
LONG = f"(toDate(datum.end) - toDate(datum.start)) > {LONG_PERIOD} * 864e5"
#: The amount a total's name gives, as the value axis writes it: a weight (drawn in kg) in t or kg, pills in
#: millions, a count as counted. Three spans of one period ("Total 2022–2025", three times over Iraq's
#: seizures) were told apart only by where their names stood.
AMOUNT = (
    "datum.measure == 'Pills' ? format(datum.value / 1e6, ',.3~r') + ' million pills' : "
    "datum.measure == 'Weight' ? (datum.value >= 1000 ? format(datum.value / 1000, ',.3~r') + ' t' : "
    "format(datum.value, ',.3~r') + ' kg') : format(datum.value, ',')"
)
#: The name a total over several years carries on its span ("Total 2022–2025: 28 t"); in UTC, as the dates are read.
TOTAL_NAME = f"'Total ' + utcyear(toDate(datum.start)) + '–' + utcyear(toDate(datum.end)) + ': ' + ({AMOUNT})"
#: The name's type: its height, and a generous width per character (a 10 px sans-serif), in pixels.
NAME_HEIGHT, CHAR_WIDTH = 12, 6
#: Where a name may stand, each as its left edge and top in pixels, from the span's start x0 and end x1, its
#: level y and the name's width w: above or below its span from the start, the same at its end, before the
#: span or after it, level with it. Tried in this order (under first for a name close to the one above).
PLACES = {
    "a": ("{x0}", "{y} - 16"),
    "b": ("{x0}", "{y} + 4"),
    "c": ("{x1} - {w}", "{y} - 16"),
    "d": ("{x1} - {w}", "{y} + 4"),
    "e": ("{x0} - 6 - {w}", "{y} - 6"),
    "f": ("{x1} + 6", "{y} - 6"),
}
ORDER, NEAR_ORDER = "abcdef", "badcef"
#: How far a line must pass from a name's letters, in pixels (a dot keeps 5 px, its radius and a little).
LINE_ROOM = 2


def crosses(x1: str, y1: str, x2: str, y2: str, box: tuple[str, str, str, str]) -> str:
    """A Vega expression, true when the segment (x1, y1)-(x2, y2) passes through the box (left, top, right,
    bottom): their extents overlap and the box's corners do not all lie on one side of the segment's line."""
    left, top, right, bottom = box
    side = [
        f"({x2} - {x1}) * ({cy} - {y1}) - ({y2} - {y1}) * ({cx} - {x1})" for cx in (left, right) for cy in (top, bottom)
    ]
    return (
        f"(max({x1}, {x2}) >= {left} && min({x1}, {x2}) <= {right} && max({y1}, {y2}) >= {top} "
        f"&& min({y1}, {y2}) <= {bottom} && min({', '.join(side)}) <= 0 && max({', '.join(side)}) >= 0)"
    )


def across(y: str, x1: str, x2: str, box: tuple[str, str, str, str]) -> str:
    """A Vega expression, true when the level segment from (x1, y) to (x2, y) passes through the box (what
    :func:`crosses` says of a level segment, in a quarter of the words)."""
    left, top, right, bottom = box
    return f"({y} >= {top} && {y} <= {bottom} && max({x1}, {x2}) >= {left} && min({x1}, {x2}) <= {right})"


def _amount(value: float, measure: str | None) -> str:
    """:data:`AMOUNT` in Python, near enough to measure the name's width."""
    if measure not in ("Pills", "Weight"):
        return f"{value:,.0f}"
    number, unit = (
        (value / 1e6, " million pills")
        if measure == "Pills"
        else (value / 1000, " t")
        if value >= 1000
        else (value, " kg")
    )
    rounded = float(f"{number:.3g}")
    return (f"{rounded:,.0f}" if rounded >= 100 else f"{rounded:.3g}") + unit


def _ms(day: str) -> int:
    return int(pd.Timestamp(day, tz="UTC").timestamp() * 1000)


def total_layers(df: pd.DataFrame, base: alt.Chart, *, x_span, y, colour, opacity, tooltip) -> list:
    """The layers of the totals over several years in ``df`` (none when it has none: no empty layer): the
    thick spans, then their names, placed clear of the dots the controls leave (``base`` is the figure's
    data after its controls' filter)."""
    days = (pd.to_datetime(df["end"]) - pd.to_datetime(df["start"])).dt.days
    measure = df["measure"] if "measure" in df.columns else pd.Series(None, index=df.index, dtype=object)
    totals = df.assign(measure=measure)[days > LONG_PERIOD][["start", "end", "value", "measure"]]
    totals = totals.drop_duplicates(["start", "end", "value"]).reset_index(drop=True)
    if totals.empty:
        return []
    spans = base.transform_filter(LONG).mark_rule(strokeWidth=5, strokeCap="butt")
    spans = spans.encode(x=x_span, x2="end:T", y=y, color=colour, opacity=opacity, tooltip=tooltip)
    # Every dot, joining line and period's span of the view tested against each place of each total's name,
    # in pixels (a dot's radius round the name's box, a little room round a line): the place touching fewest
    # is taken, the first in order among equals; a place off the plot counts as touching many.
    hits, slot = {}, "-1"
    for i, (start, end, value, unit) in totals.iterrows():
        at = {"x0": f"scale('x', {_ms(start)})", "x1": f"scale('x', {_ms(end)})", "y": f"scale('y', {value})"}
        at["w"] = CHAR_WIDTH * len(f"Total {start[:4]}–{end[:4]}: {_amount(value, unit)}")
        itself = f"(time(toDate(datum.start)) == {_ms(start)} && datum.value == {value})"
        for place, (left, top) in PLACES.items():
            left, top = left.format(**at), top.format(**at)
            box = tuple(
                f"({v})"
                for v in (
                    f"{left} - {LINE_ROOM}",
                    f"{top} - {LINE_ROOM}",
                    f"{left} + {at['w']} + {LINE_ROOM}",
                    f"{top} + {NAME_HEIGHT} + {LINE_ROOM}",
                )
            )
            line = crosses("datum.px", "datum.py", "datum.nx", "datum.ny", box)
            span = across("datum.py", "datum.sx0", "datum.sx1", box)
            hits[f"hit{i}{place}"] = (
                f"(datum.dot && datum.px > {left} - 5 && datum.px < {left} + {at['w']} + 5 "
                f"&& datum.py > {top} - 5 && datum.py < {top} + {NAME_HEIGHT} + 5 ? 1 : 0) "
                f"+ (datum.joined && {line} ? 1 : 0) + (datum.spanned && !{itself} && {span} ? 1 : 0)"
            )
            hits[f"off{i}{place}"] = f"{left} < 0 || {left} + {at['w']} > width || {top} < 0 || {top} > height ? 1 : 0"
        slot = f"time(toDate(datum.start)) == {_ms(start)} && datum.value == {value} ? {i} : {slot}"
    taken = {f"taken{k[3:]}": f"sum({k})" for k in hits if k.startswith("hit")}
    off = {k: f"max({k})" for k in hits if k.startswith("off")}
    cost = {
        f"cost_{p}": f"100 * datum['off' + datum.slot + '{p}'] + 10 * datum['taken' + datum.slot + '{p}'] "
        f"+ indexof(datum.near ? '{NEAR_ORDER}' : '{ORDER}', '{p}')"
        for p in PLACES
    }
    least = f"min({', '.join(f'datum.cost_{p}' for p in PLACES)})"
    place = " : ".join(f"datum.cost_{p} == {least} ? '{p}'" for p in PLACES) + " : 'a'"
    lefts = {
        p: left.format(x0="datum.x0", x1="datum.x1", w="datum.w", y="datum.level") for p, (left, _) in PLACES.items()
    }
    tops = {p: top.format(x0="datum.x0", x1="datum.x1", w="datum.w", y="datum.level") for p, (_, top) in PLACES.items()}
    named = (
        base.transform_calculate(
            dot=f"!({LONG})",
            px="scale('x', toDate(datum.mid))",
            py="scale('y', datum.value)",
            sx0="scale('x', toDate(datum.start))",
            sx1="scale('x', toDate(datum.end))",
        )
        # The next dot of the same line (calendar years of one series, in order), as the line layer joins them.
        .transform_window(nx="lead(px)", ny="lead(py)", groupby=["run"], sort=[alt.SortField("mid")])
        .transform_calculate(
            joined="isValid(datum.run) && datum.run != '' && isValid(datum.nx)",
            spanned="datum.start != datum.end",
        )
        .transform_calculate(**hits)
        .transform_joinaggregate(**taken, **off)
        .transform_filter(LONG)
        .transform_calculate(total=TOTAL_NAME, level="scale('y', datum.value)", slot=slot)
        .transform_window(higher="lag(level)", higher_name="lag(total)", sort=[alt.SortField("level")])
        # A name that would touch the one above it (two totals of nearly the same size) tries under its span
        # first, or is left out if it is the same name (two spans drawn one over the other need one).
        .transform_calculate(near="isValid(datum.higher) && datum.level - datum.higher < 14")
        .transform_filter("!(datum.near && datum.higher_name == datum.total)")
        .transform_calculate(**cost)
        .transform_calculate(place=place)
        .transform_calculate(
            x0="scale('x', toDate(datum.start))",
            x1="scale('x', toDate(datum.end))",
            w=f"{CHAR_WIDTH} * length(datum.total)",
        )
        .transform_calculate(
            left=" : ".join(f"datum.place == '{p}' ? {v}" for p, v in lefts.items()) + " : datum.x0",
            top=" : ".join(f"datum.place == '{p}' ? {v}" for p, v in tops.items()) + " : datum.level",
        )
    )
    names = named.mark_text(align="left", baseline="top", fontSize=10, color=MUTED).encode(
        # In pixels (its level on the value scale): the names must not feed the scale they are placed by.
        x=alt.X("left:Q", scale=None, axis=None),
        y=alt.Y("top:Q", scale=None, axis=None),
        text="total:N",
        opacity=opacity,
        tooltip=tooltip,
    )
    return [spans, names]
