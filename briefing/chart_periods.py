"""Chart builders for figures reported for a period: values over time as a dot per reported figure at the
middle of its period, a thin span for the period, lines joining one series' calendar years
(:func:`period_values`), and its two uses, seizures (:func:`seizure_bars`) and enforcement counts
(:func:`indicator_bars`). A DataFrame in, an Altair chart out; the house rules are in :mod:`briefing.charts`.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from briefing.chart_parts import (
    MAX_LABELLED,
    WIDTH,
    Choice,
    Subset,
    _date_axis,
    _filters,
    _params,
    _titled,
    by_count,
    declared,
    empty_note,
    end_labels,
    evidence_tooltip,
    on_log_scale,
)
from briefing.theme import (
    COUNT_LABEL,
    OTHER_COLOUR,
    PILLS_LABEL,
    POWERS_OF_TEN,
    SERIES_COLOURS,
    WEIGHT_LABEL,
    country_scale,
)


def period_values(
    df: pd.DataFrame,
    *,
    choices: tuple,
    colour: alt.Color,
    y: alt.Y,
    tooltip: list,
    shape: alt.Shape | None = None,
    pick_field: str = "series",
    height: int = 320,
) -> alt.LayerChart:
    """Reported values over time, one dot per figure at the middle of the period it covers, a thin span
    showing that period (a single day has none), and a line joining the calendar-year figures of one
    series (``run``: consecutive years of one reporter; empty where a figure stands alone). With a few
    series (at most ``MAX_LABELLED``) each is named at the end of the plot in its colour instead of a
    legend (:func:`end_labels`), and clicking a name picks out that series and greys the rest; with more,
    the legend does that.

    ``df`` has columns start, end, mid (ISO dates), value, run, and the fields the controls and
    encodings name.
    """
    keep = _filters(*choices)
    labelled = 1 < df[pick_field].nunique() <= MAX_LABELLED
    if labelled:
        colour = colour.copy(deep=True)
        colour.legend = None
        pick = alt.selection_point(name="pick", fields=[pick_field], on="click", toggle="true", clear=False)
    else:
        pick = alt.selection_point(name="pick", fields=[pick_field], bind="legend")
    base = alt.Chart(df).transform_filter(keep)
    x = alt.X("mid:T", title=None, axis=_date_axis(), scale=alt.Scale(padding=8))
    opacity = alt.when(pick).then(alt.value(0.95)).otherwise(alt.value(0.15))
    # The legend selection lives on the first layer: Vega-Lite binds the merged legend to that one.
    spans = (
        base.transform_filter("datum.start != datum.end")
        .mark_rule(strokeWidth=2)
        .encode(
            x=alt.X("start:T", title=None, axis=_date_axis(), scale=alt.Scale(padding=8)),
            x2="end:T",
            y=y,
            color=colour,
            tooltip=tooltip,
        )
        .encode(opacity=alt.when(pick).then(alt.value(0.35)).otherwise(alt.value(0.08)))
    )
    if not labelled:
        spans = spans.add_params(pick)
    line = (
        base.transform_filter("isValid(datum.run) && datum.run != ''")
        .mark_line(strokeWidth=2)
        .encode(x=x, y=y, color=colour, detail="run:N", opacity=opacity)
    )
    dots = base.mark_point(filled=True, size=80, stroke="white", strokeWidth=0.8).encode(
        x=x, y=y, color=colour, opacity=opacity, tooltip=tooltip, **({"shape": shape} if shape is not None else {})
    )
    layers = [spans, line, dots, *([end_labels(df, keep, pick_field, colour, pick)] if labelled else [])]
    return (
        alt.layer(*layers, empty_note(df, keep, choices))
        .add_params(*_params(*choices))
        .properties(width=WIDTH, height=height, usermeta=declared(*(d for c in choices for d in c.controls)))
    )


def seizure_bars(df: pd.DataFrame, *, title: str, subtitle: str, description: str) -> alt.LayerChart:
    """Reported seizures over time, one dot per reported figure (figures from different sources are never
    added up), with radio buttons for weight or pills (one unit per axis) and for period totals or single
    seizures, a drug drop-down, and a clickable legend to pick out a country. The quantity axis is
    logarithmic (figures span kilograms to thousands of tonnes), labelled in plain units.

    ``df`` has columns record_id, country, country_code, start, end, mid, run, period, measure, scope,
    drug, value, reported_by, source.
    """
    several_drugs = df["drug"].nunique() > 1
    captagon = set(df["drug"]) == {"Captagon"}
    has_total = "All drugs (one total)" in set(df["drug"])
    drugs = by_count(df["drug"])
    if has_total:  # the combined total first: it is what a country's headline figure is
        drugs = ["All drugs (one total)", *[d for d in drugs if d != "All drugs (one total)"]]
    choices = (
        # Captagon is counted in pills first (its hauls are reported so); other drugs by weight first.
        Choice(df, "measure", "metric", "Measure", radio=True, order=sorted(set(df["measure"]), reverse=not captagon)),
        Choice(df, "scope", "scope", "Show", radio=True, order=by_count(df["scope"])),
        # No "every drug" option where a total of all drugs sits beside its parts: they must not share a view.
        Choice(df, "drug", "drug", "Drug", order=drugs, everything=None if has_total else "Every drug"),
        Subset(df, "country"),
    )
    measures = choices[0].values
    label = {"Pills": PILLS_LABEL}.get(measures[0], WEIGHT_LABEL)
    if len(measures) > 1:
        label = f"metric == 'Pills' ? {PILLS_LABEL} : {WEIGHT_LABEL}"
    on_log_scale(df, ["value"])
    y = alt.Y(
        "value:Q",
        title=None,
        scale=alt.Scale(type="log"),
        axis=alt.Axis(labelExpr=f"{POWERS_OF_TEN} ? ({label}) : ''", tickCount=6),
    )
    codes = list(dict.fromkeys(df["country_code"]))
    # One country needs no legend: the title and the tooltip name it.
    colour = alt.Color("country:N", title="Country", scale=country_scale(codes), legend=None if len(codes) == 1 else {})
    tooltip = [
        alt.Tooltip("country:N", title="Country"),
        alt.Tooltip("period:N", title="Period"),
        alt.Tooltip("drug:N", title="Drug"),
        alt.Tooltip("quantity:N", title="Quantity"),
        alt.Tooltip("reported_by:N", title="Reported by"),
        alt.Tooltip("source:N", title="Source"),
        *evidence_tooltip(df),
    ]
    shape = alt.Shape("drug:N", title="Drug") if several_drugs and not has_total else None
    chart = period_values(df, choices=choices, colour=colour, y=y, tooltip=tooltip, shape=shape, pick_field="country")
    return _titled(chart, title, subtitle, description)


def indicator_bars(df: pd.DataFrame, *, title: str, subtitle: str, description: str) -> alt.LayerChart:
    """Reported counts over time, one indicator at a time (drop-down), one colour per reporter so that
    sources that disagree stand side by side; calendar-year counts of one reporter are joined by a line.

    ``df`` has columns indicator, series (the reporter, at most eight, the rest "Other reporters"),
    start, end, mid, run, period, value, label (the source), kind.
    """
    indicator = Choice(df, "indicator", "indicator", "Indicator", order=list(dict.fromkeys(df["indicator"])))
    series = [s for s in by_count(df["series"]) if s != "Other reporters"]
    series += ["Other reporters"] if "Other reporters" in set(df["series"]) else []
    colours = [SERIES_COLOURS[i] if s != "Other reporters" else OTHER_COLOUR for i, s in enumerate(series)]
    colour = alt.Color("series:N", title="Reported by", scale=alt.Scale(domain=series, range=colours))
    y = alt.Y("value:Q", title=None, scale=alt.Scale(zero=True), axis=alt.Axis(labelExpr=COUNT_LABEL, tickCount=5))
    tooltip = [
        alt.Tooltip("indicator:N", title="Indicator"),
        alt.Tooltip("period:N", title="Period"),
        alt.Tooltip("value:Q", format=",", title="Count"),
        alt.Tooltip("reported_by:N", title="Reported by"),
        alt.Tooltip("label:N", title="Source"),
        alt.Tooltip("kind:N", title="Kind of source"),
        *evidence_tooltip(df),
    ]
    chart = period_values(df, choices=(indicator,), colour=colour, y=y, tooltip=tooltip)
    return _titled(chart, title, subtitle, description)
