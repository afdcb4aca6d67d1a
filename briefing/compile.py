"""Vega-Lite compiled to Vega at build time, so that a reader's browser needs only the Vega runtime (no
Vega-Lite compiler; see :mod:`briefing.sphinxext.runtime`). Each group of marks is named for screen readers
(Vega-Lite names only the marks themselves), so a group a control leaves empty is never a nameless image.
What the site carries of a spec (:func:`site_spec`, :func:`packed_geojson`) is made here too; the files are
written by :mod:`briefing.sphinxext.figure_files`."""

from __future__ import annotations

import copy
import json
import re

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


# What the site publishes of a spec. A tooltip's long text (the source's words, an event's summary) is most of
# a chart's bytes and is read only when the reader points at a mark: it travels in the figure's words file,
# which the live chart loads when the reader first points at it, taps it or moves into it.

#: Text a tooltip shows that is at least this long on average (a sentence, not a name or a quantity) travels in
#: the words file; shorter text stays in the spec, so that each mark's screen-reader label names it from the start.
LONG_TEXT = 60
#: What a mark's screen-reader label says in place of such text until the words have come.
IN_THE_TABLE = "(in the table view)"
#: Each row's place in its dataset, by which the live chart gives every row its words back.
ROW = "briefing_row"
#: The members a GeoJSON reader (Vega's geoshape) uses without an expression naming them: never dropped.
GEOJSON = frozenset({"type", "geometry", "properties", "id", "bbox"})
#: ``datum`` used whole inside a tooltip or a label (every field shown): then no field may move or go.
WHOLE_DATUM = re.compile(r"\bdatum\b(?!\s*[.\[\w])")


def _hover_text(node, found: list) -> object:
    """``node`` without the marks' tooltip and screen-reader description encodings, which go into ``found``."""
    if isinstance(node, dict):
        kept = {}
        for key, value in node.items():
            if key in ("tooltip", "description") and isinstance(value, dict) and "signal" in value:
                found.append(value["signal"])
            else:
                kept[key] = _hover_text(value, found)
        return kept
    if isinstance(node, list):
        return [_hover_text(value, found) for value in node]
    return node


def _names(column: str, text: str) -> bool:
    """Whether ``text`` (JSON) names ``column``: as it is, or as JSON writes it."""
    forms = {column, json.dumps(column, ensure_ascii=False)[1:-1]}
    return any(re.search(rf"(?<![\w$]){re.escape(f)}(?![\w$])", text) for f in forms)


def _rows(dataset: dict) -> list | None:
    rows = dataset.get("values")
    return rows if isinstance(rows, list) and rows and all(isinstance(r, dict) for r in rows) else None


def _long_text(values: list) -> bool:
    texts = [v for v in values if isinstance(v, str)]
    return (
        bool(texts)
        and all(isinstance(v, str) or v is None for v in values)
        and (sum(map(len, texts)) / len(values) >= LONG_TEXT)
    )


def site_spec(vega: dict) -> tuple[dict, dict]:
    """The Vega spec as the site publishes it, and its words (``{dataset: {"columns", "rows"}}``, empty when
    none move). Columns the spec never names are dropped; long text that only tooltips and screen-reader
    labels show moves to the words, each row keeping its place (:data:`ROW`) and :data:`IN_THE_TABLE` for
    the text; ``usermeta.briefing.words`` names the datasets whose words the live chart must load, and
    ``usermeta.briefing.byColumn`` those whose rows are written column by column (charts.js turns them back
    into rows before Vega reads the spec). The picture, the table view and the CSV are made from the figure's
    own table and are not touched."""
    spec = copy.deepcopy(vega)
    skeleton = {**spec, "data": [{k: v for k, v in d.items() if k != "values"} for d in spec.get("data", [])]}
    hover: list[str] = []
    shown = json.dumps(_hover_text(skeleton, hover), ensure_ascii=False)
    named = shown + json.dumps(hover, ensure_ascii=False)
    if any(WHOLE_DATUM.search(signal) for signal in hover):
        return spec, {}
    words = {}
    for dataset in spec.get("data", []):
        rows = _rows(dataset)
        if rows is None:
            continue
        columns = set().union(*rows) - GEOJSON
        unused = {c for c in columns if not _names(c, named)}
        for row in rows:
            for column in unused:
                row.pop(column, None)
        moving = sorted(
            c
            for c in columns - unused
            if not _names(c, shown) and all(c in r for r in rows) and _long_text([r[c] for r in rows])
        )
        if moving and ROW not in columns:
            words[dataset["name"]] = {"columns": moving, "rows": [[row[c] for c in moving] for row in rows]}
            for i, row in enumerate(rows):
                row[ROW] = i
                row.update({c: IN_THE_TABLE for c in moving if row[c]})
    if words:
        spec.setdefault("usermeta", {}).setdefault("briefing", {})["words"] = sorted(words)
    by_column = []
    for dataset in spec.get("data", []):
        rows = _rows(dataset)
        if rows and len(rows) > 1 and all(r.keys() == rows[0].keys() for r in rows):
            dataset["values"] = {c: [r[c] for r in rows] for c in rows[0]}  # each column's name once
            by_column.append(dataset["name"])
    if by_column:
        spec.setdefault("usermeta", {}).setdefault("briefing", {})["byColumn"] = by_column
    return spec, words


def packed_geojson(features: list) -> dict | None:
    """Polygon features whose coordinates are all whole hundredths of a degree (the book's boundaries), packed
    for the wire: every distinct point once, in whole hundredths, each written as its step from the one before
    (``points``), and each ring as indexes into them, a run of three or more consecutive points as
    ``[first, ±steps]`` (a border two countries share is written once and walked back along by the second).
    A third of the bytes compressed; charts.js unpacks them to the very same numbers (an integer over 100 is
    the nearest double to the decimal, as reading the JSON gives). None for anything else, which then travels
    as it is."""
    seen: dict[tuple, int] = {}
    points: list[int] = []
    last = (0, 0)
    packed = []
    for feature in features:
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not (isinstance(geometry, dict) and set(geometry) == {"type", "coordinates"}):
            return None
        if geometry["type"] not in ("Polygon", "MultiPolygon"):
            return None
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        rings = []
        for polygon in polygons:
            indexes = []
            for ring in polygon:
                at = []
                for point in ring:
                    if len(point) != 2 or not all(type(c) in (int, float) for c in point):
                        return None
                    here = (round(point[0] * 100), round(point[1] * 100))
                    if (here[0] / 100, here[1] / 100) != tuple(point):
                        return None
                    if here not in seen:
                        points += [here[0] - last[0], here[1] - last[1]]
                        seen[here], last = len(seen), here
                    at.append(seen[here])
                indexes.append(_runs(at))
            rings.append(indexes)
        packed.append({**feature, "geometry": {"type": geometry["type"], "rings": rings}})
    return {"points": points, "features": packed}


def _runs(indexes: list[int]) -> list:
    """``indexes`` with each run of three or more that steps by one up or down written ``[first, ±steps]``."""
    out, i = [], 0
    while i < len(indexes):
        j = i
        if i + 1 < len(indexes) and abs(indexes[i + 1] - indexes[i]) == 1:
            step = indexes[i + 1] - indexes[i]
            while j + 1 < len(indexes) and indexes[j + 1] - indexes[j] == step:
                j += 1
        if j - i >= 2:
            out.append([indexes[i], indexes[j] - indexes[i]])
            i = j + 1
        else:
            out.append(indexes[i])
            i += 1
    return out


def unpacked_geojson(packed: dict) -> list:
    """The features :func:`packed_geojson` packed, as charts.js unpacks them (for the build's check and tests)."""
    points, x, y = [], 0, 0
    for dx, dy in zip(packed["points"][::2], packed["points"][1::2]):
        x, y = x + dx, y + dy
        points.append([x / 100, y / 100])
    features = []
    for feature in packed["features"]:
        geometry = feature["geometry"]
        polygons = []
        for polygon in geometry["rings"]:
            rings = []
            for runs in polygon:
                ring = []
                for run in runs:
                    if isinstance(run, list):
                        first, steps = run
                        ring += [points[first + k * (1 if steps > 0 else -1)] for k in range(abs(steps) + 1)]
                    else:
                        ring.append(points[run])
                rings.append([list(p) for p in ring])
            polygons.append(rings)
        coordinates = polygons[0] if geometry["type"] == "Polygon" else polygons
        features.append({**feature, "geometry": {"type": geometry["type"], "coordinates": coordinates}})
    return features
