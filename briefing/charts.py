"""Chart builders: pure functions, an aggregated DataFrame in, an Altair chart out.

Every control a builder adds is a Vega-Lite parameter bound to an input or a selection, so it works on the
static site with no kernel; :mod:`briefing.widgets` turns the same parameters into ipywidgets live.
Builders take the finding (title), the measure and unit (subtitle) and a text description from the caller
(:mod:`briefing.figures`), and never load data themselves.

House rules (CONTRIBUTING.md, "Figures"): every chart fills its column (``width="container"``); time is on
a time axis; one unit per axis; at most eight coloured series; no label is ever cut; a choice that leaves
nothing to draw says so in words.
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
    KIND_COLOURS,
    KIND_NAMES,
    OTHER_COLOUR,
    PILLS_LABEL,
    POWERS_OF_TEN,
    SERIES_COLOURS,
    USD_LABEL,
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


def time_series(
    df: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    description: str,
    measure_label: str = "Measure",
    markers: pd.DataFrame | None = None,
) -> alt.LayerChart:
    """Lines over years, one measure at a time (radio buttons), from a chosen year to the latest: on the site
    one slider, so the range can never turn inside out and at least three years always show; live in
    JupyterLab ``year_from`` and ``year_to`` become one two-ended IntRangeSlider.

    ``df`` has columns year, measure, value, source; ``markers`` (optional) has year (fractional: the
    day of the event within its year) and label, drawn as dashed rules (the April 2022 ban, say).
    """
    measure = Choice(df, "measure", "measure", measure_label, radio=True, order=list(dict.fromkeys(df["measure"])))
    first, last = int(df["year"].min()), int(df["year"].max())
    year_from = alt.param(
        name="year_from", value=first, bind=alt.binding_range(min=first, max=max(first, last - 2), step=1, name="From ")
    )
    year_to = alt.param(name="year_to", value=last)  # no input on the site: the end is the latest year
    in_range = "datum.year >= year_from && datum.year <= max(year_from, year_to)"
    keep = _filters(measure) + " && " + in_range
    base = alt.Chart(df).transform_filter(keep)
    # Padding keeps the first and the last year's dots whole at the plot's edges.
    x = alt.X(
        "year:Q",
        title=None,
        scale=alt.Scale(zero=False, nice=False, padding=8),
        axis=alt.Axis(format="d", tickMinStep=1),
    )
    # A line joins consecutive years only: a gap in the series (no survey, no figure) stays a gap.
    runs = (
        base.transform_window(previous="lag(year)", groupby=["measure"], sort=[alt.SortField("year")])
        .transform_calculate(gap="datum.previous == null || datum.year - datum.previous > 1 ? 1 : 0")
        .transform_window(run="sum(gap)", groupby=["measure"], sort=[alt.SortField("year")], frame=[None, 0])
    )
    line = runs.mark_line(point=alt.OverlayMarkDef(color="#8c510a", filled=True, size=70), color="#8c510a").encode(
        x=x,
        y=alt.Y("value:Q", title=None, axis=alt.Axis(labelExpr=COUNT_LABEL, tickCount=5)),
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
        # Right-aligned to the left of its rule, so a label near the latest year stays inside the chart.
        layers.append(
            marks.mark_text(align="right", dx=-4, dy=4, color="#333333", baseline="top").encode(
                x="year:Q", y=alt.value(0), text="label:N"
            )
        )
    layers.append(empty_note(df, keep, (measure,)))
    years = {"range": ["year_from", "year_to"], "label": "Years"}  # one two-ended slider in JupyterLab
    chart = (
        alt.layer(*layers)
        .add_params(*measure.params, year_from, year_to)
        .properties(width=WIDTH, height=300, usermeta=declared(years))
    )
    return _titled(chart, title, subtitle, description)


def event_timeline(df: pd.DataFrame, *, title: str, subtitle: str, description: str) -> alt.LayerChart:
    """Events on a time axis, one row per kind, filtered by kind (drop-down). No wheel zoom: the page
    scrolls as a reader expects, and the chapter picks the period shown.

    ``df`` has columns date (ISO text), kind (a human label), title, summary, countries, source.
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
    chart = (
        alt.Chart(df)
        .transform_filter(kind.filter)
        .mark_point(filled=True, size=110, shape="diamond", opacity=0.85)
        .encode(
            x=alt.X("date:T", title=None, axis=_date_axis(), scale=alt.Scale(padding=8)),
            y=alt.Y(
                "kind:N",
                title=None,
                axis=alt.Axis(labelFontWeight=600, labelExpr="upper(slice(datum.label, 0, 1)) + slice(datum.label, 1)"),
            ),
            color=alt.Color("kind:N", legend=None, scale=alt.Scale(range=SERIES_COLOURS)),
            tooltip=[
                alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
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
    layered = (
        alt.layer(chart, empty_note(df, kind.filter, (kind,)))
        .add_params(*kind.params)
        .properties(width=WIDTH, height=height)
    )
    return _titled(layered, title, subtitle, description)


#: The corridor's frame, 32–72.5° E and 20.5–38.5° N (the Levant coast, with room for the names written
#: over the sea, to the Afghan–Pakistan border; Turkey's south to Jeddah): its Mercator width is 0.707
#: radians and its height 0.367, so the scale that fits it into any view is the smaller of width / 0.707
#: and height / 0.367 (less a tenth, so that names near the edge stay inside).
def estimate_ranges(df: pd.DataFrame, *, title: str, subtitle: str, description: str) -> alt.LayerChart:
    """Estimates that differ by orders of magnitude, as ranges on a log scale, one row per estimate named
    above its bar (so names use the full width, never cut); a drop-down keeps one kind of estimate.

    ``df`` has columns label, scope_group, low, high, year, estimator, scope, source.
    """
    on_log_scale(df, ["low", "high"])
    group = Choice(df, "scope_group", "valued", "What is valued", everything="Every kind of estimate")
    base = alt.Chart(df).transform_filter(group.filter)
    y = alt.Y("label:N", title=None, sort=alt.EncodingSortField("high", order="descending"), axis=None)
    x = alt.X(
        "low:Q",
        title="US dollars (log scale)",
        scale=alt.Scale(type="log"),
        axis=alt.Axis(labelExpr=f"{POWERS_OF_TEN} ? ({USD_LABEL}) : ''", tickCount=5),
    )
    tooltip = [
        alt.Tooltip("estimator:N", title="Estimator"),
        alt.Tooltip("scope_group:N", title="What is valued"),
        alt.Tooltip("scope:N", title="Scope"),
        alt.Tooltip("year:N", title="Year"),
        alt.Tooltip("low:Q", format="$,.0f", title="Low"),
        alt.Tooltip("high:Q", format="$,.0f", title="High"),
        alt.Tooltip("source:N", title="Source"),
        *evidence_tooltip(df),
    ]
    bar = base.mark_rule(strokeWidth=7, color="#d55e00", opacity=0.65, yOffset=6).encode(
        y=y, x=x, x2="high:Q", tooltip=tooltip
    )
    ends = base.mark_tick(thickness=2, size=14, color="#222222", yOffset=6).encode(y=y, x="low:Q", tooltip=tooltip)
    highs = base.mark_tick(thickness=2, size=14, color="#222222", yOffset=6).encode(y=y, x="high:Q", tooltip=tooltip)
    names = base.mark_text(align="left", baseline="bottom", dy=-2, fontSize=12, color="#222222").encode(
        y=y, x=alt.value(0), text="label:N"
    )
    chart = (
        alt.layer(bar, ends, highs, names, empty_note(df, group.filter, (group,)))
        .add_params(*group.params)
        .properties(width=WIDTH, height=alt.Step(40))
    )
    return _titled(chart, title, subtitle, description)


def composition_bars(df: pd.DataFrame, *, title: str, subtitle: str, description: str) -> alt.LayerChart:
    """Counts by category, stacked by kind of source, one table at a time (radio buttons): a table's
    categories (countries, kinds of event, drugs) never share an axis with another table's.

    ``df`` has columns table, category, kind, rows.
    """
    table = Choice(df, "table", "table", "Table", radio=True, order=list(dict.fromkeys(df["table"])))
    kinds = [KIND_NAMES[k] for k in KIND_COLOURS if KIND_NAMES[k] in set(df["kind"])]
    colours = [KIND_COLOURS[k] for k in KIND_COLOURS if KIND_NAMES[k] in set(df["kind"])]
    bars = (
        alt.Chart(df)
        .transform_filter(table.filter)
        .mark_bar()
        .encode(
            y=alt.Y("category:N", title=None, sort="-x"),
            x=alt.X("sum(rows):Q", title="Rows of data", axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color("kind:N", title="Kind of source", scale=alt.Scale(domain=kinds, range=colours)),
            tooltip=[
                alt.Tooltip("category:N", title="Category"),
                alt.Tooltip("kind:N", title="Kind of source"),
                alt.Tooltip("sum(rows):Q", title="Rows"),
            ],
        )
    )
    chart = alt.layer(bars).add_params(*table.params).properties(width=WIDTH, height=alt.Step(22))
    return _titled(chart, title, subtitle, description)
