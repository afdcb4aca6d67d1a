"""Vega-Lite compiled to Vega at build time, so that a reader's browser needs only the Vega runtime (no
Vega-Lite compiler; see :mod:`briefing.sphinxext.runtime`). Each group of marks is named for screen readers
(Vega-Lite names only the marks themselves), so a group a control leaves empty is never a nameless image."""

from __future__ import annotations

#: What a reader hears a group of marks called, by the kind of mark.
MARK_NAMES = {
    "rule": "lines",
    "line": "lines",
    "symbol": "dots",
    "text": "labels",
    "rect": "bars",
    "area": "areas",
    "shape": "shapes",
}


def vega_spec(vl_spec: dict) -> dict:
    """The Vega spec that Vega-Lite compiles ``vl_spec`` to (vl-convert, the compiler version Altair's
    specs are written for). Bound parameters become Vega signals of the same name with the same ``bind``."""
    import vl_convert

    vega = vl_convert.vegalite_to_vega(vl_spec)  # a dict
    _name_mark_groups(vega.get("marks", []))
    return vega


def _name_mark_groups(marks: list) -> None:
    for mark in marks:
        if mark.get("type") == "group":
            _name_mark_groups(mark.get("marks", []))
        elif mark.get("aria") is not False and "description" not in mark and mark.get("type") in MARK_NAMES:
            mark["description"] = MARK_NAMES[mark["type"]]
