"""What the site publishes of each figure's live chart (issue 16, the second page's budget): the spec without
the long text only its tooltips show, that text in the figure's words file, and the map's boundaries once for
the site, packed, unpacking to the very same numbers."""

from __future__ import annotations

import json

import briefing as b
from briefing.compile import IN_THE_TABLE, ROW, packed_geojson, site_spec, unpacked_geojson
from briefing.display import figure_vega, read_spec_script, site_script
from briefing.sphinxext.figure_files import shared_datasets, write_figure_files


def _vega(figure):
    return figure_vega(figure.bundle())


def _rows(spec, name):
    """A dataset's rows, as charts.js makes them of the columns the site's spec writes them in."""
    values = next(d["values"] for d in spec["data"] if d["name"] == name)
    if name in spec.get("usermeta", {}).get("briefing", {}).get("byColumn", []):
        return [dict(zip(values, row)) for row in zip(*values.values())]
    return values


def test_the_sources_words_leave_the_spec_for_the_words_file_and_come_back_row_by_row():
    figure = b.figures.seizures(["IRQ"], title="t")
    vega = _vega(figure)
    spec, words = site_spec(vega)
    tips = set(figure.table["evidence_tip"].dropna()) - {""}
    text = json.dumps(spec, ensure_ascii=False)
    assert tips and not [t for t in tips if json.dumps(t, ensure_ascii=False)[1:-1] in text], "a quotation stayed"
    assert spec["usermeta"]["briefing"]["words"] == sorted(words)
    for name, moved in words.items():
        assert "evidence_tip" in moved["columns"]
        original, slim = _rows(vega, name), _rows(spec, name)
        for row, before, after in zip(moved["rows"], original, slim):
            assert dict(zip(moved["columns"], row)) == {c: before[c] for c in moved["columns"]}
            assert after[ROW] == original.index(before)
            assert all(after[c] in (IN_THE_TABLE, before[c]) for c in moved["columns"])
    # What draws the chart is untouched: the marks, their tooltips and the signals the controls bind.
    assert spec["marks"] == vega["marks"] and spec["signals"] == vega["signals"]
    assert vega == _vega(figure), "the spec the build keeps (previews, embeds) was changed"


def test_columns_the_spec_never_names_are_dropped_and_those_it_names_kept():
    vega = _vega(b.figures.seizures(["IRQ"], title="t"))
    spec, _ = site_spec(vega)
    kept = {k for d in spec["data"] if "values" in d for row in _rows(spec, d["name"]) for k in row}
    assert "record_id" not in kept and "official_claim" not in kept  # shown in the table view, not the chart
    assert {"value", "start", "end", "country", "source"} <= kept


def test_a_tooltip_showing_every_field_keeps_every_field():
    vega = {
        "data": [{"name": "t", "values": [{"a": 1, "long": "x" * 100}]}],
        "marks": [{"type": "symbol", "from": {"data": "t"}, "encode": {"update": {"tooltip": {"signal": "datum"}}}}],
    }
    assert site_spec(vega) == (vega, {})


def test_the_boundaries_travel_once_for_both_maps_packed_to_the_same_numbers():
    maps = {"index-map": _vega(b.figures.corridor_map(title="t"))}
    maps["routes-map"] = json.loads(json.dumps(maps["index-map"]))
    shared = shared_datasets(maps)
    assert len(shared) == 1
    ((_key, features),) = shared.items()
    assert features == b.data.boundaries()["features"]
    packed = packed_geojson(features)
    assert unpacked_geojson(packed) == features
    assert len(json.dumps(packed)) < len(json.dumps(features)) / 2
    assert packed_geojson([{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[1.234, 2]]]}}]) is None


def test_the_figure_files_are_scripts_each_spec_naming_its_shared_data_and_words(tmp_path):
    maps = {
        "index-map": _vega(b.figures.corridor_map(title="t")),
        "iraq": _vega(b.figures.seizures(["IRQ"], title="t")),
    }
    maps["routes-map"] = maps["index-map"]
    counts = write_figure_files(tmp_path, maps)
    # A words file for each spec that moved text out (the Iraq chart's sources' words; the map's place notes).
    with_words = [n for n in maps if (tmp_path / f"{n}.words.js").exists()]
    assert counts == {"specs": 3, "words": len(with_words), "shared": 1} and "iraq" in with_words
    shared = next(tmp_path.glob("shared-*.js"))
    key, payload = read_spec_script(shared.read_text(encoding="utf-8"), "briefingData")
    assert shared.name == f"{key}.js" and "packed" in payload
    for name in ("index-map", "routes-map"):
        got, spec = read_spec_script((tmp_path / f"{name}.vega.js").read_text(encoding="utf-8"))
        assert spec["usermeta"]["briefing"]["shared"] == {"regions": key}
        assert "values" not in next(d for d in spec["data"] if d["name"] == "regions")
    got, words = read_spec_script((tmp_path / "iraq.words.js").read_text(encoding="utf-8"), "briefingWords")
    assert got == "iraq" and words
    assert site_script("s", "k", "\u2028</script>").endswith('= "\\u2028</script>";\n')
