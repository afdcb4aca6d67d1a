"""Chart builders for figures reported for a period: values over time as a dot per reported figure at the
middle of its period, a thin span for the period, lines joining one series' calendar years
(:func:`period_values`), and its two uses, seizures (:func:`seizure_bars`) and enforcement counts
(:func:`indicator_bars`). A DataFrame in, an Altair chart out; the house rules are in :mod:`briefing.charts`.
"""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from briefing.chart_parts import (
    MAX_LABELLED,
    WIDTH,
    Choice,
    Subset,
    Views,
    _date_axis,
    _filters,
    _params,
    _titled,
    alone_note,
    by_count,
    declared,
    empty_note,
    end_labels,
    evidence_tooltip,
    on_log_scale,
)
from briefing.chart_totals import LONG, LONG_PERIOD, TOTAL_NAME, total_layers  # noqa: F401  (offered here too)
from briefing.theme import (
    COUNT_LABEL,
    DRUG_COLOURS,
    OTHER_COLOUR,
    PILLS_LABEL,
    SERIES_COLOURS,
    WEIGHT_LABEL,
    country_name,
    country_scale,
    drug_name,
    log_ticks,
)
from briefing.view_titles import with_view_titles

#: Beyond this many countries only the most reported keep a colour of their own; the rest share grey as
#: "Other countries" (the clutter rule; the tooltip and the table still name each one).
COLOURED_COUNTRIES = MAX_LABELLED - 1
OTHERS = "Other countries"


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
    calculate: dict | None = None,
) -> alt.LayerChart:
    """Reported values over time, one dot per figure at the middle of the period it covers, a thin span
    showing that period (a single day has none), and a line joining the calendar-year figures of one
    series (``run``: consecutive years of one reporter; empty where a figure stands alone). A total over
    several years (a period longer than ``LONG_PERIOD`` days) has no dot: it is a thick span over its years
    named "Total <first year>–<last year>". With a few series (at most ``MAX_LABELLED``) each is named at
    the end of the plot in its colour instead of a legend (:func:`end_labels`), and clicking a name picks
    out that series and greys the rest; with more, the legend does that. A choice that leaves one figure
    says so, as one that leaves none does. ``calculate`` adds fields computed in the browser (a series'
    group, say) before anything is drawn.

    ``df`` has columns start, end, mid (ISO dates), value, run, and the fields the controls and
    encodings name.
    """
    keep = _filters(*choices)
    # A group computed in the browser (``calculate``) has as many series as its colour scale has values.
    groups = df[pick_field].nunique() if pick_field in df else len(colour.to_dict().get("scale", {}).get("domain", []))
    labelled = 1 < groups <= MAX_LABELLED
    if labelled:
        colour = colour.copy(deep=True)
        colour.legend = None
        pick = alt.selection_point(name="pick", fields=[pick_field], on="click", toggle="true", clear=False)
    else:
        pick = alt.selection_point(name="pick", fields=[pick_field], bind="legend")
    base = alt.Chart(df)
    for field, expression in (calculate or {}).items():
        base = base.transform_calculate(**{field: expression})
    base = base.transform_filter(keep)
    x = alt.X("mid:T", title=None, axis=_date_axis(), scale=alt.Scale(padding=8))
    x_span = alt.X("start:T", title=None, axis=_date_axis(), scale=alt.Scale(padding=8))
    opacity = alt.when(pick).then(alt.value(0.95)).otherwise(alt.value(0.15))
    # The legend selection lives on the first layer: Vega-Lite binds the merged legend to that one.
    spans = (
        base.transform_filter(f"datum.start != datum.end && !({LONG})")
        .mark_rule(strokeWidth=2)
        .encode(x=x_span, x2="end:T", y=y, color=colour, tooltip=tooltip)
        .encode(opacity=alt.when(pick).then(alt.value(0.35)).otherwise(alt.value(0.08)))
    )
    if not labelled:
        spans = spans.add_params(pick)
    line = (
        base.transform_filter("isValid(datum.run) && datum.run != ''")
        .mark_line(strokeWidth=2)
        .encode(x=x, y=y, color=colour, detail="run:N", opacity=opacity)
    )
    dots = (
        base.transform_filter(f"!({LONG})")
        .mark_point(filled=True, size=80, stroke="white", strokeWidth=0.8)
        .encode(
            x=x, y=y, color=colour, opacity=opacity, tooltip=tooltip, **({"shape": shape} if shape is not None else {})
        )
    )
    totals = total_layers(df, base, x_span=x_span, y=y, colour=colour, opacity=opacity, tooltip=tooltip)
    layers = [spans, line, *totals, dots]
    layers += end_labels(df, keep, pick_field, colour, pick, calculate) if labelled else []
    notes = [empty_note(df, keep, choices), alone_note(df, keep, choices, "Only one figure was reported for")]
    return (
        alt.layer(*layers, *notes)
        .add_params(*_params(*choices))
        .properties(width=WIDTH, height=height, usermeta=declared(*(d for c in choices for d in c.controls)))
    )


def greyed_countries(df: pd.DataFrame) -> list[str]:
    """The countries drawn in grey as "Other countries": none up to eight countries; beyond, all but the
    most reported (at most ``COLOURED_COUNTRIES``; a tie at the cut-off goes grey, so the choice is never
    arbitrary), in the order of the data."""
    counts = df["country_code"].value_counts()
    if len(counts) <= MAX_LABELLED:
        return []
    cut = counts.iloc[COLOURED_COUNTRIES]
    return [country_name(c) for c in dict.fromkeys(df["country_code"]) if counts[c] <= cut]


def seizure_views(df: pd.DataFrame) -> list[tuple[str, dict]]:
    """Every combination of measure (weight or pills), kind of figure (period totals or single seizures)
    and drug that has something reported, as one choice each, most data first: "Heroin, period totals".
    Where several drugs share a measure and kind and the figure has no total of all drugs, "Every drug"
    comes first (a total and its parts never share a view; shapes tell the drugs apart). A part the figure does not vary is left out of the
    name."""
    captagon = set(df["drug"]) == {"Captagon"}
    # Captagon is counted in pills first (its hauls are reported so); other drugs by weight first.
    measures = sorted(set(df["measure"]), reverse=not captagon)
    scopes, total = by_count(df["scope"]), "All drugs (one total)"
    views = []
    for measure in measures:
        for scope in scopes:
            rows = df[(df["measure"] == measure) & (df["scope"] == scope)]
            drugs = by_count(rows["drug"])
            drugs = [total, *[d for d in drugs if d != total]] if total in drugs else drugs
            if len(drugs) > 1 and total not in set(df["drug"]):  # the drug's shape tells them apart
                drugs = [None, *drugs]
            for drug in drugs:
                name = ", ".join(
                    [
                        *([{total: "All drugs"}.get(drug, drug or "Every drug")] if df["drug"].nunique() > 1 else []),
                        scope.lower() if df["drug"].nunique() > 1 else scope,
                    ]
                )
                name += f" ({measure.lower()})" if len(measures) > 1 else ""  # short enough for a phone's drop-down
                views.append((name, {"measure": measure, "scope": scope, "drug": drug}))
    return views


def seizure_bars(
    df: pd.DataFrame, *, title: str, subtitle: str, description: str, colour_by: str = "country"
) -> alt.LayerChart:
    """Reported seizures over time, one dot per reported figure (figures from different sources are never
    added up), with radio buttons for weight or pills (one unit per axis) and for period totals or single
    seizures, a drug drop-down, and a clickable legend to pick out a country. Where some combination of
    those would leave nothing to draw, one drop-down offers only the combinations that hold data
    (:func:`seizure_views`). The quantity axis is logarithmic (figures span kilograms to thousands of
    tonnes), labelled in plain units. Beyond eight countries, the most reported keep their colours and the
    rest share grey as "Other countries". ``colour_by="drug"`` colours the drugs instead (each named at the
    plot's end, clickable) and tells the countries apart by shape: for a figure whose point is one drug
    against another.

    ``df`` has columns record_id, country, country_code, start, end, mid, run, period, measure, scope,
    drug, value, reported_by, source.
    """
    several_drugs = df["drug"].nunique() > 1
    has_total = "All drugs (one total)" in set(df["drug"])
    views = seizure_views(df)
    measure, scope = (
        Choice(
            df,
            "measure",
            "metric",
            "Measure",
            radio=True,
            order=sorted({k["measure"] for _, k in views}, reverse=set(df["drug"]) != {"Captagon"}),
        ),
        Choice(df, "scope", "scope", "Show", radio=True, order=by_count(df["scope"])),
    )
    combinations = len(measure.values) * len(scope.values) * len({k["drug"] for _, k in views if k["drug"]})
    if len(views) == combinations and not several_drugs:  # one drug, every measure and kind: two radios
        choices, pills = (measure, scope, Subset(df, "country")), "metric == 'Pills'"
    else:
        show = Views(views, "show", "Show")
        choices, pills = (show, Subset(df, "country")), show.where("measure", "Pills")
    measures = sorted(set(df["measure"]))
    label = {"Pills": PILLS_LABEL}.get(measures[0], WEIGHT_LABEL)
    if len(measures) > 1:
        label = f"{pills} ? {PILLS_LABEL} : {WEIGHT_LABEL}"
    on_log_scale(df, ["value"])
    y = alt.Y(
        "value:Q",
        title=None,
        scale=alt.Scale(type="log"),
        # Room for the widest label of either unit ("100 million pills"): a switch from weight to pills
        # would otherwise draw the longer labels into a margin measured for the shorter ones, cut off.
        axis=alt.Axis(
            labelExpr=f"{log_ticks()} ? ({label}) : ''",
            tickCount=6,
            **({"minExtent": 105} if len(measures) > 1 else {}),
        ),
    )
    greyed = greyed_countries(df)
    codes = [c for c in dict.fromkeys(df["country_code"]) if country_name(c) not in greyed]
    field, calculate = "country", None
    if greyed:
        kept = json.dumps([country_name(c) for c in codes])
        field, calculate = (
            "colour_group",
            {"colour_group": f"indexof({kept}, datum.country) >= 0 ? datum.country : '{OTHERS}'"},
        )
    scale = country_scale(codes)
    if field != "country":
        scale = alt.Scale(domain=[*scale.domain, OTHERS], range=[*scale.range, OTHER_COLOUR])
    # One country needs no legend: the title and the tooltip name it.
    colour = alt.Color(f"{field}:N", title="Country", scale=scale, legend=None if len(codes) == 1 else {})
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
    if colour_by == "drug":
        names = sorted(set(df["drug"]))
        hues = {drug_name(code): hue for code, hue in DRUG_COLOURS.items()}
        colour = alt.Color("drug:N", title="Drug", scale=alt.Scale(domain=names, range=[hues[n] for n in names]))
        shape = alt.Shape("country:N", title="Country", legend=alt.Legend(orient="bottom", direction="vertical"))
        field, calculate = "drug", None
    chart = period_values(
        df, choices=choices, colour=colour, y=y, tooltip=tooltip, shape=shape, pick_field=field, calculate=calculate
    )
    chart = _titled(chart, title, subtitle, description)
    # The finding is of the opening view; the others say what they show (with two radio buttons, the kind of
    # figure decides: Iraq's "single hauls of millions of pills" is not a title for its period totals).
    picker, param = (choices[0], "show") if isinstance(choices[0], Views) else (choices[1], "scope")
    if picker.params:
        views = picker.values
        chart = with_view_titles(chart, param, views, {views[0]: title, **{v: f"Reported: {v}" for v in views[1:]}})
    return chart


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
    # nice=5: rounded as the axis is ticked, so the top label stands at or above the highest dot of every view.
    y = alt.Y(
        "value:Q", title=None, scale=alt.Scale(zero=True, nice=5), axis=alt.Axis(labelExpr=COUNT_LABEL, tickCount=5)
    )
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
