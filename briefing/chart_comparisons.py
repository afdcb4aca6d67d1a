"""Chart builders that compare a few values: estimates as ranges on a log scale (:func:`estimate_ranges`)
and counts by category stacked by kind of source (:func:`composition_bars`). A DataFrame in, an Altair
chart out; the house rules are in :mod:`briefing.charts`.
"""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from briefing.chart_parts import (
    WIDTH,
    Choice,
    _titled,
    empty_note,
    evidence_tooltip,
    on_log_scale,
)
from briefing.theme import (
    KIND_COLOURS,
    KIND_NAMES,
    USD_LABEL,
    log_ticks,
)

#: On a plot narrower than ``NAME_NARROW`` px an estimate's name longer than ``NAME_WRAP`` characters breaks
#: at its last space within them (12 px type: about 6.6 px a character); the names are short enough that one
#: break makes each line fit a phone.
NAME_WRAP, NAME_NARROW = 44, 480


def _wrapped(field: str) -> str:
    """A Vega expression: ``field`` broken once with a newline at its last space within ``NAME_WRAP``
    characters, on a narrow plot; whole otherwise. Computed in the browser, so no second table is shipped."""
    name = f"datum[{json.dumps(field)}]"
    cut = f"lastindexof(substring({name}, 0, {NAME_WRAP + 1}), ' ')"
    return (
        f"width >= {NAME_NARROW} || length({name}) <= {NAME_WRAP} || {cut} < 1 ? {name} : "
        f"substring({name}, 0, {cut}) + '\\n' + substring({name}, {cut} + 1)"
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
        axis=alt.Axis(labelExpr=f"{log_ticks('x')} ? ({USD_LABEL}) : ''", tickCount=5),
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
    # A name wraps whole on a phone (two lines fit above its bar, clear of the bar above), never cut.
    names = (
        base.transform_calculate(lines=_wrapped("label"))
        .mark_text(align="left", baseline="bottom", dy=-2, fontSize=12, lineHeight=13, lineBreak="\n", color="#222222")
        .encode(y=y, x=alt.value(0), text="lines:N")
    )
    chart = (
        alt.layer(bar, ends, highs, names, empty_note(df, group.filter, (group,)))
        .add_params(*group.params)
        .properties(width=WIDTH, height=alt.Step(40))
    )
    return _titled(chart, title, subtitle, description)


def present_key(df: pd.DataFrame, keep: str, field: str, title: str, domain: list, colours: list) -> list:
    """A legend drawn below the plot that lists only the values of ``field`` the controls leave rows of (a
    Vega legend lists its scale's whole domain, kinds with no bar included), each after a swatch of its
    colour, in the order of ``domain``, under ``title``. Returns its layers: title, swatches, names."""
    top = "height + 44"  # below the axis and its title
    present = (
        alt.Chart(df)
        .transform_filter(keep)
        .transform_aggregate(groupby=[field])
        .transform_calculate(order=f"indexof({json.dumps(domain)}, datum[{json.dumps(field)}])")
        .transform_window(rank="row_number()", sort=[alt.SortField("order")])
        .transform_calculate(top=f"{top} + 18 * datum.rank")
    )
    y = alt.Y("top:Q", scale=None, axis=None)
    return [
        present.transform_filter("datum.rank == 1")
        .transform_calculate(heading=json.dumps(title), head=top)
        .mark_text(align="left", baseline="middle", fontWeight=600, fontSize=11)
        .encode(x=alt.value(0), y=alt.Y("head:Q", scale=None, axis=None), text="heading:N"),
        present.mark_square(size=90, filled=True, opacity=1).encode(
            x=alt.value(5),
            y=y,
            color=alt.Color(f"{field}:N", scale=alt.Scale(domain=domain, range=colours), legend=None),
        ),
        present.mark_text(align="left", baseline="middle", fontSize=11).encode(x=alt.value(16), y=y, text=f"{field}:N"),
    ]


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
            color=alt.Color(
                "kind:N", title="Kind of source", scale=alt.Scale(domain=kinds, range=colours), legend=None
            ),
            tooltip=[
                alt.Tooltip("category:N", title="Category"),
                alt.Tooltip("kind:N", title="Kind of source"),
                alt.Tooltip("sum(rows):Q", title="Rows"),
            ],
        )
    )
    chart = (
        alt.layer(bars, *present_key(df, table.filter, "kind", "Kind of source", kinds, colours))
        .add_params(*table.params)
        .properties(width=WIDTH, height=alt.Step(22))
    )
    return _titled(chart, title, subtitle, description)
