"""What every chart builder uses: the controls (a choice, a pick list, their filters and the declaration
the live panel reads), the words for an empty choice, the tooltip quoting a source, a time axis with years,
and the log-scale guard; the names at the line ends (:mod:`briefing.chart_labels`) are offered here too.
:mod:`briefing.charts` builds with them.
"""

from __future__ import annotations

import json

import altair as alt
import numpy as np
import pandas as pd

# The names at the line ends live in their own room; offered here too, where every builder looks.
from briefing.chart_labels import (  # noqa: F401
    BELOW_COLUMN,
    FEW_LABELS,
    LABEL_LINE,
    LABEL_WRAP,
    MAX_LABELLED,
    NARROW,
    SWATCH_ROOM,
    _luminance,
    end_labels,
    ink,
    label_lines,
)
from briefing.theme import (
    DATE_LABEL,
    MUTED,
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


class Views:
    """One drop-down over the combinations of several fields that hold data (``views``: a label for each,
    and the field values it keeps; a value of None keeps every value of its field), so that no choice can
    leave the chart empty: a combination with nothing reported is never offered. Used in place of one
    :class:`Choice` per field when some of their combinations would be empty."""

    def __init__(self, views: list[tuple[str, dict]], name: str, label: str):
        self._views = views
        self.values = [v for v, _ in views]
        self.controls: list[dict] = []  # its input binding declares its control
        self.params: list[alt.Parameter] = []
        self.filter = "true"
        if len(views) < 2:
            return
        bind = alt.binding_select(options=self.values, name=label + " ")
        self.params = [alt.param(name=name, value=self.values[0], bind=bind)]
        self.filter = " || ".join(
            "("
            + " && ".join(
                [
                    f"{name} == {json.dumps(v)}",
                    *(f"datum[{json.dumps(f)}] == {json.dumps(x)}" for f, x in keeps.items() if x is not None),
                ]
            )
            + ")"
            for v, keeps in views
        )

    def where(self, field: str, value) -> str:
        """An expression that is true when the chosen view keeps ``field`` == ``value`` only."""
        chosen = json.dumps([v for v, keeps in self._views if keeps.get(field) == value])
        return f"indexof({chosen}, {self.params[0].name}) >= 0" if self.params else "true"


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


def _chosen(choices: tuple) -> list[str]:
    """The parameters whose values a note names (the pick lists are left out)."""
    return [p.name for c in choices for p in c.params if p.name.isidentifier() and not p.name.endswith("_in")]


def _note(*lines: str, choices: tuple) -> str:
    """A note's lines as a Vega expression: ``lines`` (text), and after the first the chosen value of each
    control, one a line, as a sentence ("Pills," "Cannabis."), a long one broken after each comma so that it
    fits a phone (never cut). No bullet: read as one line, the note is still a sentence."""
    said = [f"replace({n}, regexp(', ', 'g'), ',|')" for n in _chosen(choices)] or ["'this choice'"]
    chosen = " + ',|' + ".join(said) + " + '.'"
    return "split(" + " + '|' + ".join([f"'{lines[0]}'", chosen, *(f"'{line}'" for line in lines[1:])]) + ", '|')"


def _counted(df: pd.DataFrame, keep: str) -> alt.Chart:
    # Every row counted as kept or not, so the count exists (as 0) even when nothing is kept. (A window, not
    # an aggregate: no value of the data is ever summed.)
    return (
        alt.Chart(df)
        .transform_calculate(kept=f"({keep}) ? 1 : 0")
        .transform_window(shown="sum(kept)", order="row_number()", frame=[None, None])
    )


def empty_note(df: pd.DataFrame, keep: str, choices: tuple = ()) -> alt.Chart:
    """A line of text shown only when the controls leave no row to draw, naming the choice ("Nothing was
    reported for Pills, Single seizures, Methamphetamine"), drawn once, from the first row."""
    return (
        _counted(df, keep)
        .transform_filter("datum.shown == 0 && datum.order == 1")
        .transform_calculate(note=_note(EMPTY, "Pick another option above.", choices=choices))
        .mark_text(align="left", baseline="top", fontSize=14, color=MUTED, lineHeight=19)
        .encode(x=alt.value(0), y=alt.value(8), text="note:N")
    )


def alone_note(df: pd.DataFrame, keep: str, choices: tuple, words: str) -> alt.Chart:
    """``words`` ("Only one figure was reported for") and the choice, shown only when the controls leave a
    single row: a lone dot is explained rather than mistaken for a trend. At the foot of the plot, where a
    lone figure on an axis from zero (or on a log axis) is not."""
    return (
        _counted(df, keep)
        .transform_filter("datum.shown == 1 && datum.order == 1")
        .transform_calculate(note=_note(words, choices=choices))
        # Its lines run down from its top: it starts high enough for the last to end above the axis.
        .transform_calculate(top="height - 8 - 17 * length(datum.note)")
        .mark_text(align="left", baseline="top", fontSize=13, color=MUTED, lineHeight=17, dx=6)
        .encode(x=alt.value(0), y=alt.Y("top:Q", scale=None, axis=None), text="note:N")
    )


def evidence_tooltip(df: pd.DataFrame) -> list[alt.Tooltip]:
    """The tooltip line that quotes the source's words for a row (``evidence_tip``, already shortened by
    :func:`briefing.figures.evidence_tip`), where the rows carry them."""
    return [alt.Tooltip("evidence_tip:N", title="The source's words")] if "evidence_tip" in df.columns else []


#: Room for one date on a time axis ("2025", or "Jul" over "2025", and the gap after it), in pixels.
DATE_ROOM = 90


def _date_axis() -> alt.Axis:
    # As many ticks as the width has room for dates, so that the labels fit without thinning: thinning drops
    # every other label until none touch, which left two dates on a phone. Labels closer than 6 px are still
    # thinned out, so a plot never runs "2018Jul 2018" together.
    return alt.Axis(
        labelExpr=DATE_LABEL,
        labelOverlap=True,
        labelSeparation=6,
        labelFlush=True,
        grid=False,
        tickCount=alt.ExprRef(expr=f"max(3, floor(width / {DATE_ROOM}))"),
    )


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
