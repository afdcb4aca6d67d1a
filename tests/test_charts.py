"""Chart builders on the real data: valid Vega-Lite, controls bound, only the data they draw, and the
static HTML that carries them is inert whatever the data says."""

from __future__ import annotations

import json
import re

import altair as alt
import jsonschema
import pytest

import briefing as b
from briefing.display import Figure

FIGURES = {
    "seizures": lambda: b.figures.seizures(title="t"),
    "seizures-iraq": lambda: b.figures.seizures(["IRQ"], title="t"),
    "enforcement": lambda: b.figures.enforcement(["IRN"], ["executions_drug", "executions_total"], title="t"),
    "timeline": lambda: b.figures.timeline(title="t"),
    "opium": lambda: b.figures.opium(title="t"),
    "map": lambda: b.figures.corridor_map(title="t"),
    "economy": lambda: b.figures.economy(
        {"farmers_income_opium_sales": "Farmers' income (USD million)"}, title="t", subtitle="s"
    ),
    "captagon-values": lambda: b.figures.captagon_values(title="t"),
    "source-mix": lambda: b.figures.source_mix(title="t"),
}


@pytest.fixture(scope="module")
def vegalite_schema():
    from altair.vegalite.v6.schema.core import load_schema  # the schema Altair ships for its Vega-Lite

    return load_schema()


@pytest.mark.parametrize("name", list(FIGURES))
def test_figure_validates_against_vegalite_schema(name, vegalite_schema):
    figure = FIGURES[name]()
    spec = figure.spec()
    jsonschema.Draft7Validator(vegalite_schema).validate(spec)  # the schema itself uses non-URI refs
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
    assert spec["title"]["text"] == "t" and spec["title"]["subtitle"]
    assert spec["description"] == figure.description


@pytest.mark.parametrize("name", list(FIGURES))
def test_figure_has_a_working_control_and_a_source(name):
    figure = FIGURES[name]()
    params = figure.spec().get("params", [])
    bound = [p for p in params if "bind" in p]
    assert bound, f"{name} has no control"
    for param in bound:
        if isinstance(param["bind"], dict):
            assert param["bind"].get("name", "").strip(), f"{name}: control {param['name']} has no label"
    assert figure.sources and figure.source_line().startswith(("Source: ", "Sources: "))


@pytest.mark.parametrize("name", list(FIGURES))
def test_chart_embeds_only_the_data_it_draws(name):
    figure = FIGURES[name]()
    spec = figure.spec()
    datasets = spec.get("datasets", {})
    drawn_columns = set(figure.table.columns)
    for rows in datasets.values():
        if not rows or not isinstance(rows[0], dict) or "type" in rows[0]:
            continue  # the map's boundaries are GeoJSON features, drawn as the land layer
        if len(rows) <= 5 and set(rows[0]) == {"year", "label"}:
            continue  # an annotation (the 2022 ban), drawn as a rule with its label
        assert set(rows[0]) <= drawn_columns, set(rows[0]) - drawn_columns
        assert len(rows) <= len(figure.table)


def test_seizure_figure_never_adds_up_figures_from_different_sources():
    spec = FIGURES["seizures"]().spec()
    encodings = json.dumps([layer["encoding"] for layer in spec["layer"]])
    assert "sum(" not in encodings and '"aggregate"' not in encodings and "aggregate" not in json.dumps(spec)


def test_every_country_has_one_colour_everywhere():
    iraq_alone = b.figures.seizures(["IRQ"], title="t").spec()["layer"][0]["encoding"]["color"]["scale"]
    together = b.figures.seizures(["IRN", "IRQ"], title="t").spec()["layer"][0]["encoding"]["color"]["scale"]
    colour = dict(zip(together["domain"], together["range"]))
    assert colour["Iraq"] == dict(zip(iraq_alone["domain"], iraq_alone["range"]))["Iraq"]


def test_static_html_is_inert_with_hostile_strings():
    import pandas as pd

    hostile = '</script><script>alert(1)</script>"><img src=x onerror=alert(1)>'
    table = pd.DataFrame({"year": [2024], "label": [hostile]})
    chart = alt.Chart(table).mark_point().encode(x="year:O", tooltip="label:N")
    html = Figure(name="x", chart=chart, table=table, sources=[hostile], description=hostile).to_html()
    assert "<script>alert" not in html and "<img" not in html
    spec_text = re.search(
        r'<script type="application/json" class="briefing-spec">(.*?)</script>', html, re.DOTALL
    ).group(1)
    (rows,) = json.loads(spec_text)["datasets"].values()  # the JSON parses back to exactly the same data
    assert rows == [{"year": 2024, "label": hostile}]


def test_figure_html_has_description_source_csv_and_table():
    figure = FIGURES["opium"]()
    html = figure.to_html()
    assert 'class="briefing-chart-description"' in html and 'role="figure"' in html
    assert "Sources: " in html and 'download="opium.csv"' in html and "data:text/csv" in html
    assert "<table" in html and str(int(figure.table["value"].max())) in html


def test_figure_in_the_book_build_is_static_html(monkeypatch):
    monkeypatch.setenv("BRIEFING_BUILD", "1")
    bundle = FIGURES["timeline"]()._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    assert "cdn" not in bundle["text/html"].lower() and "<script src" not in bundle["text/html"]
