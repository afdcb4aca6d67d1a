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
import numpy as np
import pandas as pd

from briefing.theme import (
    COUNT_LABEL,
    DATE_LABEL,
    DRUG_COLOURS,
    KIND_COLOURS,
    KIND_NAMES,
    MUTED,
    OTHER_COLOUR,
    PILLS_LABEL,
    POWERS_OF_TEN,
    SERIES_COLOURS,
    USD_LABEL,
    WEIGHT_LABEL,
    country_scale,
)

ALL = "All"
WIDTH = "container"  # every chart fills its column, from a 320 px phone to a desktop
EMPTY = "Nothing was reported for"  # + the choice, in words, so each empty choice reads differently


def _titled(chart, title: str, subtitle: str, description: str):
    return chart.properties(title=alt.Title(title, subtitle=[subtitle]), description=description)


class Choice:
    """A control that picks one value of ``field`` (a drop-down, or radio buttons) and the filter that goes
    with it. With fewer than two values to choose from there is no control at all (a control that changes
    nothing is a dead one) and the filter keeps every row. Options read as ``labels`` gives them (a code
    in the data, a human label in the control), else as the values are; ``everything`` adds a first
    option named ``everything`` that keeps every row."""

    def __init__(
        self,
        df: pd.DataFrame,
        field: str,
        name: str,
        label: str,
        *,
        radio: bool = False,
        everything: str | None = None,
        order: list | None = None,
        labels: dict | None = None,
    ):
        values = order if order is not None else sorted(set(df[field]))
        self.params: list[alt.Parameter] = []
        self.controls: list[dict] = []  # its input binding declares its control
        self.filter = "true"
        self.values = values
        if len(values) < 2:
            return
        options = [everything, *values] if everything else values
        shown = {"labels": [(labels or {}).get(o, o) for o in options]} if labels else {}
        bind = (alt.binding_radio if radio else alt.binding_select)(options=options, name=label + " ", **shown)
        self.params = [alt.param(name=name, value=options[0], bind=bind)]
        self.filter = (
            f"{name} == '{everything}' || datum['{field}'] == {name}" if everything else f"datum['{field}'] == {name}"
        )


class Subset:
    """A list parameter ``<field>_in`` (empty: keep every row) with no input on the static site, where the
    legend or a click on a series' name does the job; live in JupyterLab it becomes a SelectMultiple (:mod:`briefing.widgets`)."""

    def __init__(self, df: pd.DataFrame, field: str):
        name = f"{field}_in"
        self.params = [alt.param(name=name, value=[])] if df[field].nunique() > 1 else []
        self.filter = f"length({name}) == 0 || indexof({name}, datum['{field}']) >= 0" if self.params else "true"
        self.controls = [{"pick": name, "column": field}] if self.params else []


def declared(*controls: dict) -> dict:
    """The chart's ``usermeta``: the controls a live panel makes beyond the chart's own input bindings (a
    pick list, a two-ended year range), declared rather than guessed from parameter names."""
    return {"briefing": {"controls": list(controls)}}


def _filters(*choices) -> str:
    return " && ".join(f"({c.filter})" for c in choices)


def _params(*choices) -> list[alt.Parameter]:
    return [p for c in choices for p in c.params]


def by_count(series: pd.Series) -> list:
    """The values of ``series``, most frequent first (the default view shows the most data)."""
    return list(series.value_counts(sort=True).index)


def empty_note(df: pd.DataFrame, keep: str, choices: tuple = ()) -> alt.Chart:
    """A line of text shown only when the controls leave no row to draw, naming the choice ("Nothing was
    reported for Pills, Single seizures, Methamphetamine"). Every row is counted as kept or not, so the
    count exists (as 0) even when nothing is kept; the note is drawn once, from the first row. (A window,
    not an aggregate: no value of the data is ever summed.)"""
    names = [p.name for c in choices for p in c.params if p.name.isidentifier() and not p.name.endswith("_in")]
    said = ", ".join(f"'· ' + {n}" for n in names) if names else "'this choice'"  # a line per value: fits a phone
    return (
        alt.Chart(df)
        .transform_calculate(kept=f"({keep}) ? 1 : 0")
        .transform_window(shown="sum(kept)", order="row_number()", frame=[None, None])
        .transform_filter("datum.shown == 0 && datum.order == 1")
        .transform_calculate(note=f"['{EMPTY}', {said}, 'Pick another option above.']")
        .mark_text(align="left", baseline="top", fontSize=14, color=MUTED, lineHeight=19)
        .encode(x=alt.value(0), y=alt.value(8), text="note:N")
    )


def evidence_tooltip(df: pd.DataFrame) -> list[alt.Tooltip]:
    """The tooltip line that quotes the source's words for a row (``evidence_tip``, already shortened by
    :func:`briefing.figures.evidence_tip`), where the rows carry them."""
    return [alt.Tooltip("evidence_tip:N", title="The source's words")] if "evidence_tip" in df.columns else []


def _date_axis() -> alt.Axis:
    return alt.Axis(labelExpr=DATE_LABEL, labelOverlap=True, labelFlush=True, grid=False)


#: Direct labels replace the legend up to this many series (beyond it, the clutter rule greys the rest).
MAX_LABELLED = 8
#: A direct label's type: its lines are this far apart, and it wraps at these many characters on a narrow
#: chart (a phone) and a wide one, so that it is never cut.
LABEL_LINE = 13
LABEL_WRAP = {"narrow": 12, "wide": 22}
#: Below this plot width a chart counts as narrow.
NARROW = 560


def label_lines(name: str, width: int) -> list[str]:
    """A series name in lines of at most ``width`` characters, broken between words (a word longer than
    that keeps its own line whole: a label is wrapped, never cut)."""
    import textwrap

    return textwrap.wrap(str(name), width, break_long_words=False, break_on_hyphens=False) or [str(name)]


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ink(hex_colour: str, contrast: float = 4.5) -> str:
    """The series colour darkened just enough for text on the chart's white card to reach ``contrast``
    (WCAG AA for small text): a yellow or a grey line keeps a legible name of the same hue."""
    rgb = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    while True:
        colour = "#" + "".join(f"{round(c):02x}" for c in rgb)
        if 1.05 / (_luminance(colour) + 0.05) >= contrast:
            return colour
        rgb = [c * 0.92 for c in rgb]


def end_labels(df: pd.DataFrame, keep: str, field: str, colour: alt.Color, pick) -> alt.Chart:
    """Each series named in its colour (darkened to read: :func:`ink`) at the right of the plot, level with its latest shown figure (Our
    World in Data's line labels, in place of a legend). Labels that would overlap are pushed down just
    enough, in pixels: sorted by the height they want, each starts where the previous ends if that is
    lower (a running maximum, so it is done by window transforms in the browser for whatever the controls
    show); a stack that would run below the plot is lifted back into it. Clicking a label picks out its
    series (``pick``); clicking it again lets it go."""
    names = sorted(set(df[field]))
    scale = colour.to_dict().get("scale", {})
    hues = dict(zip(scale.get("domain", []), scale.get("range", [])))
    lines = pd.DataFrame(
        {
            field: names,
            **{size: [label_lines(n, w) for n in names] for size, w in LABEL_WRAP.items()},
            "ink": [ink(hues.get(n, "#555555")) for n in names],
        }
    )
    ordered = [alt.SortField("want", order="ascending")]
    return (
        alt.Chart(df)
        .transform_filter(keep)
        .transform_window(latest="row_number()", groupby=[field], sort=[alt.SortField("mid", order="descending")])
        .transform_filter("datum.latest == 1")
        .transform_lookup(lookup=field, from_=alt.LookupData(lines, field, [*LABEL_WRAP, "ink"]))
        .transform_calculate(lines=f"width < {NARROW} ? datum.narrow : datum.wide")
        .transform_calculate(want="scale('y', datum.value)")
        # Computed after ``want``, so that each new scale (another choice in the controls) marks ``tall`` as
        # changed and the windows below start afresh; else Vega keeps their old order (a stale placement).
        .transform_calculate(tall=f"length(datum.lines) * {LABEL_LINE}")
        # Vega reads a frame's offsets as distances ([null, -1] would reach one row ahead): the running sum
        # up to this row, less the row itself, is what stands above it. Ties in ``want`` are no peers here.
        .transform_window(upto="sum(tall)", sort=ordered, frame=[None, 0], ignorePeers=True)
        .transform_calculate(above="datum.upto - datum.tall")
        .transform_calculate(slack="datum.want - datum.tall / 2 - datum.above")
        .transform_window(lift="max(slack)", sort=ordered, frame=[None, 0], ignorePeers=True)
        # The same rule from the bottom: a stack that would run below the plot is lifted just enough (the
        # running maximum is non-decreasing, so one cap does it), and never above the top.
        .transform_joinaggregate(total="sum(tall)")
        .transform_calculate(top="max(0, datum.above + min(datum.lift, height - datum.total))", left="width + 8")
        .mark_text(align="left", baseline="top", fontSize=11, fontWeight=600, lineHeight=LABEL_LINE, cursor="pointer")
        .encode(
            x=alt.X("left:Q", scale=None, axis=None),
            y=alt.Y("top:Q", scale=None, axis=None),
            text=alt.Text("lines:N"),
            color=alt.Color("ink:N", scale=None),  # the series' hue, dark enough to read
            opacity=alt.when(pick).then(alt.value(1)).otherwise(alt.value(0.35)),
            tooltip=alt.Tooltip(f"{field}:N", title="Series (click to pick out)"),
        )
        .add_params(pick)
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
MAP_PROJECTION = {
    "type": "mercator",
    "center": [52.25, 29.9],
    "scale": {"expr": "min(width / 0.78, height / 0.40)"},
    "translate": {"expr": "[width / 2, height / 2]"},
}


def corridor_map(
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
    sea leg is dashed: it gives the direction, not the path) and the places named by the sources, the
    key ones labelled. The projection is fitted to the corridor's frame at whatever width the column has.

    ``regions`` is GeoJSON (a FeatureCollection with a ``name`` property); ``places`` has name, kind,
    country, lat, lon, key ("always": labelled; "wide": labelled on a wide map; else a dot only), align, note, source; ``legs`` has drug, mode, from_name, to_name, lat, lon, lat2,
    lon2, source; ``labels`` has name, lat, lon (a country's label point).
    """
    drug = Choice(legs, "drug", "drug", "Drug", everything="Every drug")
    land = (
        alt.Chart(alt.Data(values=regions["features"]))
        .mark_geoshape(fill="#f2efe9", stroke="#8a8a8a", strokeWidth=0.7, clip=True)
        .encode(tooltip=alt.Tooltip("properties.name:N", title="Country"))
    )
    countries = (
        alt.Chart(labels)
        .mark_text(fontSize=11, fontStyle="italic", color="#6b6b6b", fontWeight=500)
        .encode(longitude="lon:Q", latitude="lat:Q", text="name:N")
    )
    drugs = sorted(set(legs["drug"]))
    colour = alt.Color(
        "drug:N",
        title="Drug carried",
        scale=alt.Scale(domain=drugs, range=[DRUG_COLOURS.get(d.lower(), OTHER_COLOUR) for d in drugs]),
        legend=alt.Legend(symbolType="stroke", symbolStrokeWidth=4, symbolSize=300),
    )
    leg_tooltip = [
        alt.Tooltip("drug:N", title="Drug"),
        alt.Tooltip("from_name:N", title="From"),
        alt.Tooltip("to_name:N", title="To"),
        alt.Tooltip("mode:N", title="How"),
        alt.Tooltip("source:N", title="Source"),
    ]
    routes = alt.Chart(legs).transform_filter(drug.filter)
    overland = (
        routes.transform_filter("datum.mode == 'overland'")
        .mark_rule(strokeWidth=3.5, opacity=0.9, strokeCap="round")
        .encode(longitude="lon:Q", latitude="lat:Q", longitude2="lon2:Q", latitude2="lat2:Q", color=colour)
        .encode(tooltip=leg_tooltip)
    )
    by_sea = (
        routes.transform_filter("datum.mode != 'overland'")
        .mark_rule(strokeWidth=2.5, opacity=0.9, strokeDash=[6, 4])
        .encode(longitude="lon:Q", latitude="lat:Q", longitude2="lon2:Q", latitude2="lat2:Q", color=colour)
        .encode(tooltip=leg_tooltip)
    )
    # A long sea leg says on the map what its dashes mean (the short coastal ones would crowd their ports).
    sea_note = (
        routes.transform_filter(
            "datum.mode != 'overland' && abs(datum.lat2 - datum.lat) + abs(datum.lon2 - datum.lon) > 5"
        )
        .transform_calculate(mid_lon="(datum.lon + datum.lon2) / 2", mid_lat="(datum.lat + datum.lat2) / 2")
        .mark_text(
            align="left", dx=6, fontSize=10, fontStyle="italic", color="#444444", text=["by sea:", "path not known"]
        )
        .encode(longitude="mid_lon:Q", latitude="mid_lat:Q")
    )
    place_tooltip = [
        alt.Tooltip("name:N", title="Place"),
        alt.Tooltip("kind:N", title="Kind"),
        alt.Tooltip("note:N", title="Why it matters"),
        alt.Tooltip("source:N", title="Source"),
    ]
    points = (
        alt.Chart(places)
        .mark_point(filled=True, size=45, color="#222222", stroke="white", strokeWidth=0.8)
        .encode(longitude="lon:Q", latitude="lat:Q", tooltip=place_tooltip)
    )

    def names(align: str, dx: int) -> alt.Chart:
        return (
            alt.Chart(places)
            .transform_filter(
                f"(datum.key == 'always' || (datum.key == 'wide' && width > 560)) && datum.align == '{align}'"
            )
            .mark_text(align=align, dx=dx, dy=-7, fontSize=11, color="#222222")
            .encode(longitude="lon:Q", latitude="lat:Q", text="name:N", tooltip=place_tooltip)
        )

    chart = (
        alt.layer(land, countries, overland, by_sea, sea_note, points, names("left", 5), names("right", -5))
        .add_params(*drug.params)
        .project(**MAP_PROJECTION)
        .properties(width=WIDTH, height=360)
    )
    return _titled(chart, title, subtitle, description)


def on_log_scale(df: pd.DataFrame, columns: list[str]) -> None:
    """A log scale has no place for zero or less: such a value (a schema edited to allow it) fails the
    figure loudly instead of vanishing from it."""
    for column in columns:
        values = pd.to_numeric(df[column], errors="coerce")
        bad = df[values.notna() & ((values <= 0) | np.isinf(values.astype(float)))]
        if len(bad):
            rows = ", ".join(map(str, bad.get("record_id", bad.index).tolist()[:5]))
            raise ValueError(
                f"{len(bad)} value(s) of {column!r} are zero, negative or infinite, which a log scale cannot draw (rows: {rows})"
            )


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
