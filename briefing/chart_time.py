"""Chart builders for time: lines over whole years with a year slider (:func:`time_series`) and events on a
time axis, one row per kind (:func:`event_timeline`). A DataFrame in, an Altair chart out; the house rules
are in :mod:`briefing.charts`.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from briefing.chart_parts import (
    WIDTH,
    Choice,
    _filters,
    _titled,
    declared,
    empty_note,
    evidence_tooltip,
)
from briefing.theme import (
    COUNT_LABEL,
    SERIES_COLOURS,
)


def time_series(
    df: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    description: str,
    measure_label: str = "Measure",
    markers: pd.DataFrame | None = None,
    order: list[str] | None = None,
) -> alt.LayerChart:
    """Lines over years, one measure at a time (radio buttons), from a chosen year to the latest: on the site
    one slider, so the range can never turn inside out and at least three years always show; live in
    JupyterLab ``year_from`` and ``year_to`` become one two-ended IntRangeSlider.

    ``df`` has columns year, measure, value, source; ``markers`` (optional) has year (fractional: the
    day of the event within its year) and label, drawn as dashed rules (the April 2022 ban, say). ``order``
    lists the measures as the control offers them, the first shown first (so the title can speak of it).
    """
    measure = Choice(
        df, "measure", "measure", measure_label, radio=True, order=order or list(dict.fromkeys(df["measure"]))
    )
    first, last = int(df["year"].min()), int(df["year"].max())
    year_from = alt.param(
        name="year_from", value=first, bind=alt.binding_range(min=first, max=max(first, last - 2), step=1, name="From ")
    )
    year_to = alt.param(name="year_to", value=last)  # no input on the site: the end is the latest year
    in_range = "datum.year >= year_from && datum.year <= max(year_from, year_to)"
    keep = _filters(measure) + " && " + in_range
    base = alt.Chart(df).transform_filter(keep)
    # Padding keeps the first and the last year's dots and labels whole at the plot's edges (a label centred
    # on the last year never runs off a phone's column). A tick on every whole year (each once, never "2024,
    # 2024" on a short range); a label every 1, 2, 5 or 10 years, as the width allows (40 px a label).
    step = "(year_to - year_from) * 40 / width"
    step = f"({step} <= 1 ? 1 : {step} <= 2 ? 2 : {step} <= 5 ? 5 : 10)"
    x = alt.X(
        "year:Q",
        title=None,
        scale=alt.Scale(zero=False, nice=False, padding=18),
        axis=alt.Axis(
            format="d",
            values=list(range(first, last + 1)),
            tickCount=last - first + 1,  # Vega would thin the values to fit its own count
            labelExpr=f"datum.value % {step} == 0 ? datum.label : ''",
            labelFlush=False,
            labelOverlap=False,
            grid=False,
        ),
    )
    # A line joins consecutive years only: a gap in the series (no survey, no figure) stays a gap.
    runs = (
        base.transform_window(previous="lag(year)", groupby=["measure"], sort=[alt.SortField("year")])
        .transform_calculate(gap="datum.previous == null || datum.year - datum.previous > 1 ? 1 : 0")
        .transform_window(run="sum(gap)", groupby=["measure"], sort=[alt.SortField("year")], frame=[None, 0])
    )
    line = runs.mark_line(point=alt.OverlayMarkDef(color="#8c510a", filled=True, size=70), color="#8c510a").encode(
        x=x,
        # Rounded as the axis is ticked, so the top label stands at or above the highest point of every view.
        y=alt.Y("value:Q", title=None, scale=alt.Scale(nice=5), axis=alt.Axis(labelExpr=COUNT_LABEL, tickCount=5)),
        detail="run:N",
        tooltip=[
            alt.Tooltip("year:Q", format="d", title="Year"),
            alt.Tooltip("measure:N", title="Measure"),
            alt.Tooltip("value:Q", format=",", title="Value"),
            alt.Tooltip("source:N", title="Source"),
            *evidence_tooltip(df),
        ],
    )
    layers = [line]
    if markers is not None and len(markers):
        marks = alt.Chart(markers).transform_filter(in_range)
        layers.append(marks.mark_rule(color="#555555", strokeDash=[4, 3]).encode(x="year:Q"))
        # A label stands in a band above the plot (never on a line's peak), running from its rule towards the
        # middle: to the left of a rule in the later half of the years shown (the latest year's label stays
        # inside the chart), to the right of one in the earlier half (never over the value axis's labels).
        later = "datum.year > (year_from + year_to) / 2"
        for side in ("right", "left"):
            layers.append(
                marks.transform_filter(later if side == "right" else f"!({later})")
                .mark_text(align=side, dx=-4 if side == "right" else 4, color="#333333", baseline="bottom")
                .encode(x="year:Q", y=alt.value(-4), text="label:N")
            )
    layers.append(empty_note(df, keep, (measure,)))
    years = {"range": ["year_from", "year_to"], "label": "Years"}  # one two-ended slider in JupyterLab
    chart = (
        alt.layer(*layers)
        .add_params(*measure.params, year_from, year_to)
        .properties(width=WIDTH, height=300, usermeta=declared(years))
    )
    return _titled(chart, title, subtitle, description)


def event_timeline(
    df: pd.DataFrame, *, title: str, subtitle: str, description: str, markers: pd.DataFrame | None = None
) -> alt.LayerChart:
    """Events on a time axis, one row per kind, filtered by kind (drop-down). No wheel zoom: the page
    scrolls as a reader expects, and the chapter picks the period shown.

    ``df`` has columns date (ISO text), kind (a human label), title, summary, countries, source.
    ``markers`` (optional) has date (ISO text), name, when (its date as text) and side ("left" or "right":
    which side of its rule the label runs, towards the middle of the axis): the events a title hinges on
    ("Since Assad's fall..."), each drawn as a dashed rule across the plot with its label in a band above it,
    one band per marker so that two labels never meet.
    """
    kinds = sorted(set(df["kind"]))
    kind = Choice(
        df,
        "kind",
        "kind",
        "Kind of event",
        everything="all",
        labels={"all": "Every kind", **{k: k.capitalize() for k in kinds}},
    )
    # An event known to the month (or year) is drawn in the middle of it, not on its first day (Iraq's border
    # closure "after Assad's fall", in December 2024, would stand before the fall on 8 December); its tooltip
    # gives its date as precisely as the data do. Dates are read and written in UTC, as they are stored.
    day = "toDate(datum.date)"
    drawn = (
        f"datum.precision == 'month' ? utc(utcyear({day}), utcmonth({day}), 15) : "
        f"datum.precision == 'year' ? utc(utcyear({day}), 6, 1) : {day}"
    )
    when = f"utcFormat({day}, datum.precision == 'month' ? '%b %Y' : datum.precision == 'year' ? '%Y' : '%-d %b %Y')"
    chart = (
        alt.Chart(df)
        .transform_filter(kind.filter)
        .transform_calculate(drawn=drawn, when=when)
        .mark_point(filled=True, size=110, shape="diamond", opacity=0.85)
        .encode(
            x=_event_dates(pd.concat([df["date"], markers["date"] if markers is not None else pd.Series(dtype=str)])),
            y=alt.Y(
                "kind:N",
                title=None,
                axis=alt.Axis(labelFontWeight=600, labelExpr="upper(slice(datum.label, 0, 1)) + slice(datum.label, 1)"),
            ),
            color=alt.Color("kind:N", legend=None, scale=alt.Scale(range=SERIES_COLOURS)),
            tooltip=[
                alt.Tooltip("when:N", title="Date"),
                alt.Tooltip("title:N", title="Event"),
                alt.Tooltip("countries:N", title="Countries"),
                alt.Tooltip("summary:N", title="Summary"),
                alt.Tooltip("source:N", title="Source"),
                *evidence_tooltip(df),
            ],
        )
    )
    # 34 px a row, and never so flat that a chart of one or two kinds looks like a rule.
    height = max(140, 34 * df["kind"].nunique())
    layers = [chart, *_marker_layers(markers), empty_note(df, kind.filter, (kind,))]
    layered = alt.layer(*layers).add_params(*kind.params).properties(width=WIDTH, height=height)
    return _titled(layered, title, subtitle, description)


#: The height of one marker's band above the plot: two lines of 11 px text and a gap.
MARKER_BAND = 30


def _marker_layers(markers: pd.DataFrame | None) -> list[alt.Chart]:
    """Dashed rules at the markers' dates and their labels, each in its own band above the plot (the first
    nearest), running away from the rule towards the middle of the axis so they stay inside the chart."""
    if markers is None or not len(markers):
        return []
    marks = markers.reset_index(drop=True).assign(top=[-4 - MARKER_BAND * i for i in range(len(markers))])
    marks["drawn"] = [_utc(pd.Timestamp(d)) for d in marks["date"]]
    marks["upper"] = marks["top"] - 13  # the name stands on the line of its date
    base = alt.Chart(marks)
    layers = [base.mark_rule(color="#555555", strokeDash=[4, 3], strokeWidth=1.5).encode(x=alt.X("drawn:T"))]
    for side, shift in (("left", 4), ("right", -4)):
        on_side = marks[marks["side"] == side]
        if len(on_side):
            # One line a mark: Vega's renderers place the lines of a multi-line text differently.
            for line, at in (("name", "upper"), ("when", "top")):
                layers.append(
                    alt.Chart(on_side)
                    .mark_text(align=side, dx=shift, baseline="bottom", fontSize=11, color="#333333")
                    .encode(x=alt.X("drawn:T"), y=alt.Y(f"{at}:Q", scale=None, axis=None), text=f"{line}:N")
                )
    return layers


#: Months between labels a time axis may use, and the room one date label takes ("Sep" over "2025", or "2025",
#: and a gap), in pixels.
LABEL_MONTHS = (1, 2, 3, 4, 6, 12, 24, 60, 120)
DATE_LABEL_ROOM, YEAR_LABEL_ROOM = 45, 40


def _event_dates(dates: pd.Series) -> alt.X:
    """The time axis of a timeline: fixed to all its events (picking a kind does not move the dates), a tick
    on every month, quarter or year as the span allows, and a date labelled every 1, 2, 3, 4, 6, 12, 24, 60 or
    120 months, the fewest the width has room for, so that a phone shows at least three dates, each with its
    year, and none run into each other (Vega's own thinning halves the labels until they fit: two on a phone)."""
    first, last = pd.to_datetime(dates).min(), pd.to_datetime(dates).max()
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    base = 1 if months <= 24 else 3 if months <= 72 else 12
    start = pd.Timestamp(first.year, 1, 1)
    ticks = [t for t in pd.date_range(start, last, freq=f"{base}MS") if first <= t <= last]
    # A label of a month and its year ("Sep" over "2025") needs a little more room than a year's ("2025").
    steps = [k for k in LABEL_MONTHS if k % base == 0]
    room = {k: DATE_LABEL_ROOM if k < 12 else YEAR_LABEL_ROOM for k in steps}
    every = " : ".join(f"{months} * {room[k]} / width <= {k} ? {k}" for k in steps) + f" : {steps[-1]}"
    # Never fewer than three dates: on the narrowest phone the labels close up, in a smaller type.
    index_of = lambda t: t.year * 12 + t.month - 1
    three = max([k for k in steps if sum(index_of(t) % k == 0 for t in ticks) >= 3] or steps[:1])
    every = f"min({three}, {every})"
    index = "(utcyear(datum.value) * 12 + utcmonth(datum.value))"
    # As DATE_LABEL ("2025", or "Sep" over "2025"), in UTC.
    label = "utcmonth(datum.value) == 0 ? utcFormat(datum.value, '%Y') : [utcFormat(datum.value, '%b'), utcFormat(datum.value, '%Y')]"
    return alt.X(
        "drawn:T",
        title=None,
        scale=alt.Scale(type="utc", domain=[_day(first), _day(last)], padding=8),
        axis=alt.Axis(
            values=[_day(t) for t in ticks],
            tickCount=len(ticks),  # Vega would thin the values to fit its own count
            labelExpr=f"{index} % ({every}) == 0 ? {label} : ''",
            labelOverlap=False,
            labelFlush=True,
            labelFontSize=alt.ExprRef(expr=f"width < {3 * DATE_LABEL_ROOM + 40} ? 10 : 12"),
            grid=False,
        ),
    )


def _utc(day: pd.Timestamp) -> int:
    """A day as Vega's time: milliseconds since 1970, at midnight UTC (the stored dates' midnight)."""
    return int(pd.Timestamp(day.year, day.month, day.day, tz="UTC").timestamp() * 1000)


def _day(day: pd.Timestamp) -> alt.DateTime:
    """A day as Vega-Lite writes it (``utc(2025, 8, 12)``): the site's expression interpreter reads no
    ``datetime(milliseconds)``, the form a bare number in a time scale's domain compiles to."""
    return alt.DateTime(year=day.year, month=day.month, date=day.day, utc=True)
