"""Chart builders: pure functions, an aggregated DataFrame in, an Altair chart out.

Every control a builder adds is a Vega-Lite parameter bound to an input or a selection, so it works on the
static site with no kernel; :mod:`briefing.widgets` turns the same parameters into ipywidgets live.
Builders take the finding (title), the measure and unit (subtitle) and a text description from the caller
(:mod:`briefing.figures`), and never load data themselves.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from briefing.theme import KIND_COLOURS, country_scale, drug_scale

ALL = "All"
WIDTH = 560


def _titled(chart, title: str, subtitle: str, description: str):
    return chart.properties(title=alt.Title(title, subtitle=[subtitle]), description=description)


class Choice:
    """A control that picks one value of ``field`` (a drop-down, or radio buttons) and the filter that goes
    with it. With fewer than two values to choose from there is no control at all (a control that changes
    nothing is a dead one) and the filter keeps every row."""

    def __init__(
        self,
        df: pd.DataFrame,
        field: str,
        name: str,
        label: str,
        *,
        radio: bool = False,
        everything: bool = False,
        ordered: bool = False,
    ):
        values = list(dict.fromkeys(df[field])) if ordered else sorted(set(df[field]))
        self.params: list[alt.Parameter] = []
        self.filter = "true"
        if len(values) < 2:
            return
        options = [ALL, *values] if everything else values
        bind = (alt.binding_radio if radio else alt.binding_select)(options=options, name=label + " ")
        self.params = [alt.param(name=name, value=options[0], bind=bind)]
        self.filter = (
            f"{name} == '{ALL}' || datum['{field}'] == {name}" if everything else f"datum['{field}'] == {name}"
        )


class Subset:
    """A list parameter ``<field>_in`` (empty: keep every row) with no input on the static site, where the
    legend does the job; live in JupyterLab it becomes a SelectMultiple (:mod:`briefing.widgets`)."""

    def __init__(self, df: pd.DataFrame, field: str):
        name = f"{field}_in"
        self.params = [alt.param(name=name, value=[])] if df[field].nunique() > 1 else []
        self.filter = f"length({name}) == 0 || indexof({name}, datum['{field}']) >= 0" if self.params else "true"


def _filters(*choices: Choice) -> str:
    return " && ".join(f"({c.filter})" for c in choices)


def _params(*choices: Choice) -> list[alt.Parameter]:
    return [p for c in choices for p in c.params]


def time_series(
    df: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    description: str,
    measure_label: str = "Measure",
    markers: pd.DataFrame | None = None,
) -> alt.LayerChart:
    """Lines over years, one measure at a time (radio buttons), with a year range (two sliders).

    ``df`` has columns year, measure, value, source; ``markers`` (optional) has year and label for
    events drawn as vertical rules (the 2022 ban, say).
    """
    measure = Choice(df, "measure", "measure", measure_label, radio=True, ordered=True)
    first, last = int(df["year"].min()), int(df["year"].max())
    year_from = alt.param(
        name="year_from", value=first, bind=alt.binding_range(min=first, max=last, step=1, name="From ")
    )
    year_to = alt.param(name="year_to", value=last, bind=alt.binding_range(min=first, max=last, step=1, name="To "))
    in_range = "datum.year >= year_from && datum.year <= year_to"
    base = alt.Chart(df).transform_filter(measure.filter).transform_filter(in_range)
    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d", tickMinStep=1))
    # A line joins consecutive years only: a gap in the series (no survey, no figure) stays a gap.
    runs = (
        base.transform_window(previous="lag(year)", groupby=["measure"], sort=[alt.SortField("year")])
        .transform_calculate(gap="datum.previous == null || datum.year - datum.previous > 1 ? 1 : 0")
        .transform_window(run="sum(gap)", groupby=["measure"], sort=[alt.SortField("year")], frame=[None, 0])
    )
    line = runs.mark_line(point=alt.OverlayMarkDef(color="#8c510a", filled=True), color="#8c510a").encode(
        x=x,
        y=alt.Y("value:Q", title=None, axis=alt.Axis(format="~s")),
        detail="run:N",
        tooltip=[
            alt.Tooltip("year:Q", format="d", title="Year"),
            alt.Tooltip("measure:N", title="Measure"),
            alt.Tooltip("value:Q", format=",", title="Value"),
            alt.Tooltip("source:N", title="Source"),
        ],
    )
    layers = [line]
    if markers is not None and len(markers):
        marks = alt.Chart(markers).transform_filter(in_range)
        layers.append(marks.mark_rule(color="#555555", strokeDash=[4, 3]).encode(x="year:Q"))
        layers.append(
            marks.mark_text(align="left", dx=4, dy=-6, color="#333333", baseline="top").encode(
                x="year:Q", y=alt.value(0), text="label:N"
            )
        )
    chart = alt.layer(*layers).add_params(*measure.params, year_from, year_to).properties(width=WIDTH, height=300)
    return _titled(chart, title, subtitle, description)


def seizure_bars(df: pd.DataFrame, *, title: str, subtitle: str, description: str) -> alt.LayerChart:
    """Reported seizures over time, one mark per reported figure (figures from different sources are never
    added up): a line spanning the period a total covers, a dot at its end (a single seizure is a dot).
    Toggles between weight and pills and between period totals and single seizures, a drug drop-down, and
    a clickable legend to pick out a country. The quantity axis is logarithmic: figures span kilograms to
    thousands of tonnes.

    ``df`` has columns record_id, country, country_code, start, end, period, measure, scope, drug, value,
    reported_by, source.
    """
    choices = (
        Choice(df, "measure", "metric", "Measure", radio=True, ordered=True),
        Choice(df, "scope", "scope", "Show", radio=True, ordered=True),
        Choice(df, "drug", "drug", "Drug", everything=True),
        Subset(df, "country"),
    )
    pick = alt.selection_point(name="pick", fields=["country"], bind="legend")
    countries = list(dict.fromkeys(df["country_code"]))
    base = alt.Chart(df).transform_filter(_filters(*choices))
    y = alt.Y("value:Q", title=None, scale=alt.Scale(type="log"), axis=alt.Axis(format="~s"))
    color = alt.Color("country:N", title="Country", scale=country_scale(countries))
    opacity = alt.condition(pick, alt.value(0.9), alt.value(0.15))
    tooltip = [
        alt.Tooltip("country:N", title="Country"),
        alt.Tooltip("period:N", title="Period"),
        alt.Tooltip("drug:N", title="Drug"),
        alt.Tooltip("value:Q", format=",", title="Quantity"),
        alt.Tooltip("measure:N", title="Measure"),
        alt.Tooltip("reported_by:N", title="Reported by"),
        alt.Tooltip("source:N", title="Source"),
    ]
    # The legend selection lives on the first layer: Vega-Lite binds the merged legend to that one.
    spans = (
        base.mark_rule(strokeWidth=3)
        .encode(x=alt.X("start:T", title=None), x2="end:T", y=y, color=color, opacity=opacity, tooltip=tooltip)
        .add_params(pick)
    )
    dots = base.mark_point(filled=True, size=70).encode(x="end:T", y=y, color=color, opacity=opacity, tooltip=tooltip)
    chart = alt.layer(spans, dots).add_params(*_params(*choices)).properties(width=WIDTH, height=300)
    return _titled(chart, title, subtitle, description)


def indicator_bars(df: pd.DataFrame, *, title: str, subtitle: str, description: str) -> alt.Chart:
    """One indicator at a time (drop-down), by period, with one bar per source so that sources that
    disagree stand side by side; official claims are coloured as such.

    ``df`` has columns indicator, row (period and source: one bar each), period, label (the source), kind,
    value.
    """
    indicator = Choice(df, "indicator", "indicator", "Indicator", ordered=True)
    kinds = [k for k in KIND_COLOURS if k in set(df["kind"])]
    chart = (
        alt.Chart(df)
        .transform_filter(indicator.filter)
        .mark_bar()
        .encode(
            y=alt.Y("row:N", title=None, sort=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X("value:Q", title=None, axis=alt.Axis(format="~s")),
            color=alt.Color(
                "kind:N", title="Kind of source", scale=alt.Scale(domain=kinds, range=[KIND_COLOURS[k] for k in kinds])
            ),
            tooltip=[
                alt.Tooltip("indicator:N", title="Indicator"),
                alt.Tooltip("period:N", title="Period"),
                alt.Tooltip("value:Q", format=",", title="Value"),
                alt.Tooltip("label:N", title="Source"),
                alt.Tooltip("kind:N", title="Kind of source"),
            ],
        )
        .add_params(*indicator.params)
        .properties(width=WIDTH - 260, height=alt.Step(16))
    )
    return _titled(chart, title, subtitle, description)


def event_timeline(df: pd.DataFrame, *, title: str, subtitle: str, description: str) -> alt.Chart:
    """Events on a time axis, one row per kind, filtered by kind (drop-down) and zoomable by dragging.

    ``df`` has columns date (ISO text), kind, title, summary, countries, source.
    """
    kind = Choice(df, "kind", "kind", "Kind of event", everything=True)
    zoom = alt.selection_interval(name="zoom", encodings=["x"], bind="scales")
    chart = (
        alt.Chart(df)
        .transform_filter(kind.filter)
        .mark_point(filled=True, size=120, shape="diamond")
        .encode(
            x=alt.X("date:T", title=None),
            y=alt.Y("kind:N", title=None),
            color=alt.Color("kind:N", legend=None),
            tooltip=[
                alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
                alt.Tooltip("title:N", title="Event"),
                alt.Tooltip("countries:N", title="Countries"),
                alt.Tooltip("summary:N", title="Summary"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
        .add_params(*kind.params, zoom)
        .properties(width=WIDTH, height=alt.Step(34))
    )
    return _titled(chart, title, subtitle, description)


def corridor_map(
    regions: dict, places: pd.DataFrame, legs: pd.DataFrame, *, title: str, subtitle: str, description: str
) -> alt.LayerChart:
    """The region's countries, the route legs coloured by drug (drop-down to show one drug) and the
    places named by the sources.

    ``regions`` is GeoJSON (a FeatureCollection with a ``name`` property); ``places`` has name, kind,
    country, lat, lon, note, source; ``legs`` has drug, from_name, to_name, lat, lon, lat2, lon2, source.
    """
    drug = Choice(legs, "drug", "drug", "Drug", everything=True)
    land = (
        alt.Chart(alt.Data(values=regions["features"]))
        .mark_geoshape(fill="#f2efe9", stroke="#9a9a9a", strokeWidth=0.6)
        .encode(tooltip=alt.Tooltip("properties.name:N", title="Country"))
    )
    routes = (
        alt.Chart(legs)
        .transform_filter(drug.filter)
        .mark_rule(strokeWidth=2.5, opacity=0.85)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            longitude2="lon2:Q",
            latitude2="lat2:Q",
            color=alt.Color("drug:N", title="Drug carried", scale=drug_scale(legs["drug"])),
            tooltip=[
                alt.Tooltip("drug:N", title="Drug"),
                alt.Tooltip("from_name:N", title="From"),
                alt.Tooltip("to_name:N", title="To"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
    )
    points = (
        alt.Chart(places)
        .mark_point(filled=True, size=50, color="#222222")
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            shape=alt.Shape("kind:N", title="Place"),
            tooltip=[
                alt.Tooltip("name:N", title="Place"),
                alt.Tooltip("kind:N", title="Kind"),
                alt.Tooltip("note:N", title="Why it matters"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
    )
    chart = (
        alt.layer(land, routes, points)
        .add_params(*drug.params)
        .project(type="mercator")
        .properties(width=WIDTH - 60, height=400)
    )
    return _titled(chart, title, subtitle, description)


def estimate_ranges(df: pd.DataFrame, *, title: str, subtitle: str, description: str) -> alt.LayerChart:
    """Estimates that differ by orders of magnitude, as ranges on a log scale, one row per estimate; a
    drop-down keeps one kind of estimate (what is being valued).

    ``df`` has columns label, scope_group, low, high, year, estimator, scope, source.
    """
    group = Choice(df, "scope_group", "valued", "What is valued", everything=True)
    base = alt.Chart(df).transform_filter(group.filter)
    y = alt.Y(
        "label:N", title=None, sort=alt.EncodingSortField("high", order="descending"), axis=alt.Axis(labelLimit=260)
    )
    x = alt.X(
        "low:Q",
        title="US dollars (log scale)",
        scale=alt.Scale(type="log"),
        axis=alt.Axis(format="$~s", labelExpr="replace(datum.label, 'G', ' bn')"),
    )
    tooltip = [
        alt.Tooltip("estimator:N", title="Estimator"),
        alt.Tooltip("scope:N", title="What is valued"),
        alt.Tooltip("year:N", title="Year"),
        alt.Tooltip("low:Q", format="$,.0f", title="Low"),
        alt.Tooltip("high:Q", format="$,.0f", title="High"),
        alt.Tooltip("source:N", title="Source"),
    ]
    bar = base.mark_rule(strokeWidth=6, color="#d55e00", opacity=0.6).encode(y=y, x=x, x2="high:Q", tooltip=tooltip)
    ends = base.mark_tick(thickness=2, size=14, color="#222222").encode(y=y, x="low:Q", tooltip=tooltip)
    highs = base.mark_tick(thickness=2, size=14, color="#222222").encode(y=y, x="high:Q", tooltip=tooltip)
    chart = alt.layer(bar, ends, highs).add_params(*group.params).properties(width=WIDTH - 200)
    return _titled(chart, title, subtitle, description)


def composition_bars(df: pd.DataFrame, *, title: str, subtitle: str, description: str) -> alt.Chart:
    """Counts by category, stacked by kind of source, one table at a time (radio buttons).

    ``df`` has columns table, category, kind, rows.
    """
    table = Choice(df, "table", "table", "Table", everything=True)
    kinds = [k for k in KIND_COLOURS if k in set(df["kind"])]
    chart = (
        alt.Chart(df)
        .transform_filter(table.filter)
        .mark_bar()
        .encode(
            y=alt.Y("category:N", title=None, sort="-x"),
            x=alt.X("sum(rows):Q", title="Rows of data"),
            color=alt.Color(
                "kind:N", title="Kind of source", scale=alt.Scale(domain=kinds, range=[KIND_COLOURS[k] for k in kinds])
            ),
            tooltip=[
                alt.Tooltip("category:N", title="Category"),
                alt.Tooltip("kind:N", title="Kind of source"),
                alt.Tooltip("sum(rows):Q", title="Rows"),
            ],
        )
        .add_params(*table.params)
        .properties(width=WIDTH - 120)
    )
    return _titled(chart, title, subtitle, description)
