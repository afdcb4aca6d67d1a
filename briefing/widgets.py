"""ipywidgets panels that drive the book's charts live in JupyterLab.

The panel reads the chart's own bound Vega-Lite parameters and offers each as an ipywidget instead
(drop-down -> Dropdown, radio -> ToggleButtons, slider -> IntSlider, checkbox -> Checkbox), plus the
controls the chart declares in its ``usermeta`` (:func:`briefing.chart_parts.declared`: a two-ended year range ->
IntRangeSlider, a pick list over a column -> SelectMultiple), linked to ``alt.JupyterChart.params`` so a
change updates the chart in place. A figure with a title per view (:mod:`briefing.view_titles`) is headed by the
title of the view picked, as on the site. The chart runs from the bundled Vega runtime (``enable_offline``): no internet needed.
"""

from __future__ import annotations

import html

import altair as alt
import ipywidgets as w

_offline = False


def _enable_offline() -> None:
    global _offline
    if not _offline:
        alt.JupyterChart.enable_offline()
        _offline = True


def _bound(chart) -> list:
    return [p for p in (chart.params or []) if isinstance(getattr(p, "bind", None), alt.Binding)]


def _label(param) -> str:
    return str(param.bind.to_dict().get("name", param.name)).strip()


def _readable(option) -> str:
    """A code as a reader would write it: ``all_drugs`` -> "All drugs"; names (``Iran``) stay as they are."""
    text = str(option)
    if text != text.lower():
        return text
    text = text.replace("_", " ")
    return text[:1].upper() + text[1:]


def _options(spec: dict) -> list:
    """The choices of a drop-down or toggle: (label, value) pairs, the binding's own ``labels`` or each code
    made readable, so the chart's parameter still receives the code; plain values when they read well."""
    labels = spec.get("labels") or [_readable(o) for o in spec["options"]]
    pairs = list(zip(labels, spec["options"]))
    return pairs if any(label != str(value) for label, value in pairs) else list(spec["options"])


def _declared(chart) -> list[dict]:
    meta = chart.usermeta if isinstance(chart.usermeta, dict) else {}
    return list(meta.get("briefing", {}).get("controls", []))


def controls(chart, table=None) -> tuple[alt.TopLevelMixin, list[tuple[w.Widget, list[str]]]]:
    """A copy of ``chart`` with its input bindings removed, and one widget per control (with the names of
    the parameters it sets): the chart's declared controls first, then one per remaining input binding. A
    declared pick list (a list parameter, empty for all; see ``chart_parts.Subset``) is a control only the live
    panel has, since the static site offers the legend instead."""
    chart = chart.copy(deep=True)
    bound = {p.name: p for p in _bound(chart)}
    every = {p.name: p for p in chart.params or []}
    made: list[tuple[w.Widget, list[str]]] = []
    for control in _declared(chart):
        if "pick" in control and table is not None and control["column"] in table:
            options = sorted(set(table[control["column"]].astype(str)))
            widget = w.SelectMultiple(
                options=options, value=(), rows=min(6, len(options)), description=_readable(control["column"])
            )
            made.append((widget, [control["pick"]]))
        elif "range" in control:
            low, high = (every[name] for name in control["range"])
            spec = low.bind.to_dict()  # the site's slider sets the start; the end holds the latest year
            widget = w.IntRangeSlider(
                value=(int(low.value), int(high.value)),
                min=int(spec["min"]),
                max=max(int(spec["max"]), int(high.value)),
                step=int(spec.get("step", 1)),
                description=control.get("label", _label(low)),
            )
            made.append((widget, [low.name, high.name]))
    ranged = {name for control in _declared(chart) for name in control.get("range", [])}
    for name, param in bound.items():
        spec = param.bind.to_dict()
        kind = spec.get("input")
        if name in ranged:
            continue  # made with its declared range above
        if kind == "select":
            made.append((w.Dropdown(options=_options(spec), value=param.value, description=_label(param)), [name]))
        elif kind == "radio":
            made.append((w.ToggleButtons(options=_options(spec), value=param.value, description=_label(param)), [name]))
        elif kind == "range":
            made.append(
                (
                    w.IntSlider(
                        value=int(param.value),
                        min=int(spec["min"]),
                        max=int(spec["max"]),
                        step=int(spec.get("step", 1)),
                        description=_label(param),
                    ),
                    [name],
                )
            )
        elif kind == "checkbox":
            made.append((w.Checkbox(value=bool(param.value), description=_label(param)), [name]))
    for param in bound.values():
        param.bind = alt.Undefined
    return chart, made


def panel(figure) -> w.VBox:
    """A live panel for a :class:`briefing.display.Figure`: its controls above, the chart, its source."""
    _enable_offline()
    chart, made = controls(figure.chart, figure.table)
    titles = ((chart.usermeta or {}) if isinstance(chart.usermeta, dict) else {}).get("briefing", {}).get("titles")
    heading = None
    if titles:  # the title is of the view picked: a heading above the chart follows the widget, as on the site
        heading = w.HTML(f"<b>{html.escape(next(iter(titles['by'].values())))}</b>")
        chart = chart.properties(title=alt.Title("", subtitle=getattr(chart.title, "subtitle", alt.Undefined)))
    live = alt.JupyterChart(chart)

    for widget, names in made:
        if len(names) == 2:

            def push(change, names=names):
                setattr(live.params, names[0], change["new"][0])
                setattr(live.params, names[1], change["new"][1])
        else:

            def push(change, names=names):
                value = change["new"]
                setattr(live.params, names[0], list(value) if isinstance(value, tuple) else value)

        widget.observe(push, names="value")
        if heading is not None and names[0] == titles["param"]:

            def retitle(change):
                heading.value = f"<b>{html.escape(titles['by'].get(change['new'], ''))}</b>"

            widget.observe(retitle, names="value")

    source = w.HTML(f"<small>{html.escape(figure.source_line())}</small>")
    box = w.VBox([*(widget for widget, _ in made), *([heading] if heading else []), live, source])
    box.heading = heading  # the view's title, where the figure has one per view
    box.chart = live  # so tests and analysts can reach the JupyterChart
    box.controls = {names[0]: widget for widget, names in made}
    return box
