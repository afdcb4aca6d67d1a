"""Chart builders on the real data: valid Vega-Lite, controls bound, only the data they draw, and the
static HTML that carries them is inert whatever the data says."""

from __future__ import annotations

import copy
import functools
import json
import re

import altair as alt
import jsonschema
import pandas as pd
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
    "demand-people": lambda: b.demand.people(title="t"),
    "demand-shares": lambda: b.demand.shares(title="t"),
    "demand-drugs": lambda: b.demand.drugs(title="t"),
}


@pytest.fixture(scope="module")
def vegalite_schema():
    from altair.vegalite.v6.schema.core import load_schema  # the schema Altair ships for its Vega-Lite

    return load_schema()


@pytest.mark.parametrize("name", list(FIGURES))
def test_figure_validates_against_vegalite_schema(name, vegalite_schema):
    figure = _figure(name)
    spec = figure.spec()
    jsonschema.Draft7Validator(vegalite_schema).validate(spec)  # the schema itself uses non-URI refs
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
    assert spec["title"]["text"] == "t" and spec["title"]["subtitle"]
    assert spec["description"] == figure.description


@pytest.mark.parametrize("name", list(FIGURES))
def test_figure_has_a_working_control_and_a_source(name):
    figure = _figure(name)
    params = figure.spec().get("params", [])
    bound = [p for p in params if "bind" in p]
    assert bound, f"{name} has no control"
    for param in bound:
        if isinstance(param["bind"], dict):
            assert param["bind"].get("name", "").strip(), f"{name}: control {param['name']} has no label"
    assert figure.sources and figure.source_line().startswith(("Source: ", "Sources: "))


@pytest.mark.parametrize("name", list(FIGURES))
def test_chart_embeds_only_the_data_it_draws(name):
    figure = _figure(name)
    spec = figure.spec()
    datasets = spec.get("datasets", {})
    drawn_columns = set(figure.table.columns)
    for rows in datasets.values():
        if not rows or not isinstance(rows[0], dict) or "type" in rows[0]:
            continue  # the map's boundaries are GeoJSON features, drawn as the land layer
        if len(rows) <= 5 and set(rows[0]) == {"year", "label"}:
            continue  # an annotation (the 2022 ban), drawn as a rule with its label
        if (
            set(rows[0]) - drawn_columns - {"colour_group"} == {"narrow", "wide", "listed", "ink", "hue"}
            and len(rows) <= 8
        ):
            continue  # the direct labels: each series' (or group's) name in lines, for a phone, a desktop and
            # a list below, its ink and its swatch's hue
        assert set(rows[0]) <= drawn_columns, set(rows[0]) - drawn_columns
        assert len(rows) <= len(figure.table)


def test_seizure_figure_never_adds_up_figures_from_different_sources():
    spec = FIGURES["seizures"]().spec()
    encodings = json.dumps([layer["encoding"] for layer in spec["layer"]])
    assert "sum(" not in encodings and '"aggregate"' not in encodings
    # Counted and summed in the browser are only the names' own sizes (how many, how tall), never a quantity.
    ops = [
        op
        for layer in spec["layer"]
        for t in layer.get("transform", [])
        for op in t.get("aggregate", []) + t.get("joinaggregate", []) + t.get("window", [])
    ]
    assert not [t for layer in spec["layer"] for t in layer.get("transform", []) if "aggregate" in t]
    assert not [op for op in ops if op.get("field") in ("value", "quantity")], ops


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
    spec = json.loads(spec_text)  # Vega, compiled at build time: the JSON parses back to exactly the same data
    assert [{"year": 2024, "label": hostile}] in [d["values"] for d in spec["data"] if "values" in d]


def test_figure_html_has_description_source_csv_and_table():
    figure = FIGURES["opium"]()
    html = figure.to_html()
    assert 'class="briefing-chart-description"' in html and 'role="figure"' in html
    assert "Sources: " in html and 'download="opium.csv"' in html and "data:text/csv" in html
    assert "<table" in html and str(int(figure.table["value"].max())) in html


def test_a_displayed_figure_is_the_books_bundle_which_renders_as_static_html():
    from briefing.display import FIGURE_MIME, VEGALITE_MIME, figure_html

    figure = FIGURES["timeline"]()
    bundle = figure._repr_mimebundle_()
    assert set(bundle) == {FIGURE_MIME, VEGALITE_MIME, "text/plain"}  # any Jupyter front end draws the spec
    assert json.loads(json.dumps(bundle[FIGURE_MIME])) == bundle[FIGURE_MIME]  # plain data, as a notebook stores it
    html = figure_html(bundle[FIGURE_MIME])
    assert html == figure.to_html()
    # nothing is loaded from another host (a source's address inside the CSV download is data, not a load)
    assert not re.search(r"""<(script|link|img|iframe)[^>]*(src|href)=["']?(https?:)?//""", html, re.IGNORECASE)
    assert "<script src" not in html


SEIZURE_FIGURES = {
    "syria-lebanon-seizures": lambda: b.figures.seizures(drugs=["captagon"], title="t"),
    "iraq-seizures": lambda: b.figures.seizures(["IRQ"], ["all_drugs", "methamphetamine"], title="t"),
    "afghanistan-meth": lambda: b.figures.seizures(["AFG", "IRN", "TUR"], ["methamphetamine", "heroin"], title="t"),
}


@pytest.mark.parametrize("name", list(SEIZURE_FIGURES))
def test_no_legend_entry_is_a_bare_country_code(name):
    spec = _figure(name).spec()
    scale = spec["layer"][0]["encoding"]["color"]["scale"]
    assert not [d for d in scale["domain"] if re.fullmatch(r"[A-Z]{3}", d)], scale["domain"]
    assert len(scale["domain"]) == len(scale["range"]) and "#999999" not in scale["range"]


def test_every_country_in_the_data_has_a_name_and_countries_drawn_together_have_distinct_colours():
    from briefing.theme import COUNTRY_COLOURS, COUNTRY_NAMES

    codes = set(b.load("seizures")["country"].astype(str)) | set(b.load("enforcement")["country"].astype(str))
    events = {c for cs in b.load("events")["countries"].astype(str) for c in cs.split(";")}
    assert events <= set(COUNTRY_NAMES), (
        f"events name countries with no name in theme.py: {events - set(COUNTRY_NAMES)}"
    )
    assert codes <= set(COUNTRY_NAMES) and codes <= set(COUNTRY_COLOURS), codes - set(COUNTRY_COLOURS)

    def rgb(colour):
        return [int(colour[i : i + 2], 16) for i in (1, 3, 5)]

    def distance(a, b):
        return sum((x - y) ** 2 for x, y in zip(rgb(a), rgb(b))) ** 0.5

    hauls = ["IRQ", "SAU", "SYR", "LBN", "JOR", "ARE", "KWT", "TUR", "ITA", "MYS", "IND"]
    for i, one in enumerate(hauls):
        for other in hauls[i + 1 :]:
            assert distance(COUNTRY_COLOURS[one], COUNTRY_COLOURS[other]) > 60, (one, other)


@functools.cache
def _figure(name: str) -> Figure:
    """Each figure built once for all the tests that read it (a Figure is not changed by reading it)."""
    return {**FIGURES, **SEIZURE_FIGURES}[name]()


@functools.cache
def _specs() -> tuple[tuple[str, dict], ...]:
    return tuple((name, _figure(name).spec()) for name in {**FIGURES, **SEIZURE_FIGURES})


def _all_specs():
    """Every figure's spec, built once for the tests that read them all (deep copies: a test may not
    change what the next one reads)."""
    return [(name, copy.deepcopy(spec)) for name, spec in _specs()]


def _walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _without_tooltip_quotations(spec):
    spec = json.loads(json.dumps(spec))
    for rows in spec.get("datasets", {}).values():
        for row in rows:
            if isinstance(row, dict):
                row.pop("evidence_tip", None)
    return spec


def test_every_chart_fills_its_column_and_never_cuts_a_label():
    for name, spec in _all_specs():
        assert spec.get("width") == "container", f"{name} has a fixed width"
        config = spec.get("config", {})
        assert config["axis"]["labelLimit"] == 0 and config["legend"]["labelLimit"] == 0, name
        assert config["legend"]["orient"] == "bottom", name
        # The tooltip's quotation of the source may end in "…" (the whole passage is in the table and the
        # CSV); nothing the chart writes on its face may.
        text = json.dumps(_without_tooltip_quotations(spec))
        assert "…" not in text, f"{name} writes an ellipsis"


def _legends(spec) -> list:
    """The colour encodings of a spec's layers that would draw a legend (a colour given as is, with no
    scale, draws none)."""
    colours = [layer.get("encoding", {}).get("color", {}) for layer in spec.get("layer", [])]
    return [c for c in colours if "field" in c and c.get("legend", {}) is not None and c.get("scale", {}) is not None]


def test_a_few_series_over_time_are_named_at_their_ends_not_in_a_legend():
    few = b.figures.seizures(["IRN", "IRQ"], title="t")  # two countries
    spec = few.spec()
    assert not _legends(spec), "a legend beside direct labels"
    labels = [
        layer
        for layer in spec["layer"]
        if layer.get("mark", {}).get("type") == "text" and "lookup" in json.dumps(layer)
    ]
    assert len(labels) == 1, "no direct labels"
    label = labels[0]
    assert label["encoding"]["color"] == {"field": "ink", "scale": None, "type": "nominal"}
    assert label["encoding"]["text"]["field"] == "lines"
    pick = next(p for p in spec["params"] if p["name"] == "pick")  # a click on a name picks out its series
    assert pick["select"]["on"] == "click" and pick["select"]["fields"] == ["country"]
    assert pick.get("views") == [label["name"]] and "bind" not in pick
    source = next(t for t in label["transform"] if "lookup" in t)["from"]["data"]
    lookup = source.get("values") or spec["datasets"][source["name"]]
    # Wrapped into lines, never cut: the words of each name are all there, on a phone and on a desktop.
    from briefing.chart_parts import _luminance

    for row in lookup:
        words = row["country"].split()
        assert all(" ".join(row[size]).split() == words for size in ("narrow", "wide", "listed"))
        assert 1.05 / (_luminance(row["ink"]) + 0.05) >= 4.5, row  # each name readable on the white card
    # Ten countries, the least reported greyed as one group: eight names, no legend (a legend would list
    # every country even where a choice leaves none of them; the names list only those drawn).
    many = b.figures.seizures(drugs=["captagon"], title="t")
    assert not _legends(many.spec()) and "lookup" in json.dumps(many.spec())
    single = b.figures.seizures(["IRQ"], title="t")  # one country: neither (the title names it)
    assert not _legends(single.spec()) and "lookup" not in json.dumps(single.spec())


def test_a_long_reporters_name_is_wrapped_whole_for_a_phone():
    from briefing.chart_parts import LABEL_WRAP, label_lines

    name = "Strategic Center for Human Rights"
    lines = label_lines(name, LABEL_WRAP["narrow"])
    assert " ".join(lines) == name and all(len(line) <= LABEL_WRAP["narrow"] for line in lines)
    assert label_lines("Internationalisation", 12) == ["Internationalisation"]  # a long word stays whole


def test_axes_read_in_plain_units_and_dates_with_years():
    for name, spec in _all_specs():
        for node in _walk(spec):
            axis = node.get("axis") if isinstance(node.get("axis"), dict) else None
            if axis is None:
                continue
            assert "~s" not in str(axis.get("format", "")), f"{name}: SI prefixes ('100m', '0.4k') on an axis"
            if node.get("type") == "temporal":
                assert "%Y" in axis.get("labelExpr", ""), f"{name}: a time axis without years"


def test_the_ban_is_marked_at_the_decree_date():
    spec = FIGURES["opium"]().spec()
    marker = next(rows for rows in spec["datasets"].values() if rows and set(rows[0]) == {"year", "label"})
    (decree,) = [row for row in marker if "2022" in row["label"]]
    assert decree["year"] == pytest.approx(2022 + 92 / 365, abs=0.01)  # 3 April 2022
    assert any(row["year"] == 2000 for row in marker)  # the earlier ban, the one precedent, marked too


def test_the_year_range_cannot_turn_inside_out():
    spec = FIGURES["opium"]().spec()
    bound = {p["name"]: p for p in spec["params"] if "bind" in p}
    assert "year_to" not in bound  # one slider on the site: From; the end is the latest year
    years = FIGURES["opium"]().table["year"]
    assert bound["year_from"]["bind"]["max"] <= years.max() - 2


def test_an_empty_choice_says_so_in_words():
    from briefing.chart_parts import EMPTY

    for name in ("seizures", "enforcement", "timeline", "captagon-values"):
        assert EMPTY in json.dumps(_figure(name).spec()), name


def test_no_drop_down_offers_a_raw_code():
    for name, spec in _all_specs():
        for param in spec.get("params", []):
            bind = param.get("bind")
            if isinstance(bind, dict) and "options" in bind:
                shown = bind.get("labels", bind["options"])
                assert not [o for o in shown if isinstance(o, str) and ("_" in o or o == "All")], (name, shown)


def test_table_view_and_csv_have_human_column_names_and_formatted_numbers():
    figure = FIGURES["seizures"]()
    header = figure.csv().splitlines()[0]
    assert "Country" in header and "Reported by" in header and "run" not in header.split(",")
    assert "record_id" not in header and "country_code" not in header
    html = figure.to_html()
    assert re.search(r"<td[^>]*>\d{1,3}(,\d{3})+</td>", html), "the table view shows no thousands separators"
    assert "CC BY 4.0" in html


def test_a_seizure_chart_of_totals_draws_totals_only_and_says_so():
    """The cooperation chapter compares what Iran and Iraq seize in a year: its chart keeps the period
    totals (single hauls are in the countries' own chapters), and its description says what it draws."""
    figure = b.figures.seizures(["IRN", "IRQ"], name="totals-test", title="Totals", scope="total")
    assert set(figure.table["scope"]) == {"Period totals"}
    assert "period totals" in figure.description and "single seizures" not in figure.description
    every = b.figures.seizures(["IRN", "IRQ"], name="all-test", title="All")
    assert len(every.table) > len(figure.table)


def test_a_chart_of_yearly_totals_draws_no_tally_for_part_of_a_year_nor_for_several_years():
    """The cooperation chart's title compares what each side seizes in a year: a quarter's tally or a
    three-year total among the yearly ones made a tangle of spans (the reviewer's screenshot)."""
    figure = b.figures.seizures(["IRN", "IRQ"], name="yearly-test", title="Yearly", scope="yearly")
    days = (pd.to_datetime(figure.table["end"]) - pd.to_datetime(figure.table["start"])).dt.days
    assert days.between(330, 400).all(), figure.table.loc[~days.between(330, 400), ["record_id", "period"]]
    assert {"Iran", "Iraq"} <= set(figure.table["country"])
    assert "yearly totals" in figure.description


def test_the_table_view_gives_a_period_once_in_words_and_the_csv_keeps_its_iso_dates():
    figure = FIGURES["seizures"]()
    header = figure.csv().splitlines()[0].split(",")
    assert {"Period start", "Period end", "Period"} <= set(header)
    view = figure.table_html()
    assert "<th>Period</th>" in view and "Period start" not in view and "Period end" not in view


@pytest.mark.parametrize("name", ["seizures", "enforcement", "opium", "economy", "captagon-values"])
def test_every_number_in_the_table_and_csv_has_its_unit_beside_it(name):
    import csv
    import io

    figure = _figure(name)
    header = figure.csv().splitlines()[0].split(",")
    assert "Unit" in header, header
    assert not [h for h in header if re.search(r"\((kg|pills|US dollars|kg or pills)\)", h)], header
    before = header[header.index("Unit") - 1]  # the Unit column sits right after the number it qualifies
    assert before in {"Quantity as drawn", "Count", "Value", "High"}, header
    rows = list(csv.DictReader(io.StringIO(figure.csv())))
    assert all(r["Unit"] and r["Unit"] not in ("nan", "None") for r in rows), name
    html = figure.to_html()
    assert "<th>Unit</th>" in html


def test_units_read_as_words_per_row():
    seizures = FIGURES["seizures"]()
    units = dict(zip(seizures.table["measure"], seizures.table["unit"]))
    assert units == {"Weight": "kg", "Pills": "pills"}
    assert set(FIGURES["enforcement"]().table["unit"]) == {"people"}  # executions count people
    assert set(FIGURES["economy"]().table["unit"]) == {"million US dollars"}


def test_a_value_a_log_scale_cannot_draw_fails_the_figure_loudly():
    """Red-team finding 7: with a schema edited to allow it, a zero on a log scale flattened a chart."""
    import pandas as pd

    from briefing.chart_parts import on_log_scale

    on_log_scale(pd.DataFrame({"value": [1.0, None, 3.5]}), ["value"])  # a missing value is just not drawn
    for bad in (0.0, -1.0, float("inf")):
        with pytest.raises(ValueError, match="log scale cannot draw"):
            on_log_scale(pd.DataFrame({"record_id": ["a", "b"], "value": [1.0, bad]}), ["value"])


def test_the_csv_names_each_rows_source_by_title_and_address():
    import csv
    import io

    figure = FIGURES["seizures"]()
    rows = list(csv.DictReader(io.StringIO(figure.csv())))
    sources = b.load("sources").set_index("source_id")
    assert rows and all(r["Source address"].startswith("http") for r in rows)
    for row in rows[:20]:
        sid = row["Source id (data/sources.csv)"]
        assert row["Source title"] == sources.loc[sid, "title"] and row["Source address"] == sources.loc[sid, "url"]


#: Figures whose rows come from tables with no evidence column (places and route legs are positions and
#: links, not figures; the source mix counts this book's own rows).
NO_EVIDENCE = {"map": ["places", "routes"], "source-mix": []}


@pytest.mark.parametrize("name", list(FIGURES) + list(SEIZURE_FIGURES))
def test_the_table_view_and_csv_show_the_sources_own_words_for_each_row(name):
    import csv
    import io

    from briefing.table_view import EVIDENCE

    if name in NO_EVIDENCE:
        assert not [t for t in NO_EVIDENCE[name] if "evidence" in b.load(t).columns], f"{name} has evidence now"
        return
    figure = {**FIGURES, **SEIZURE_FIGURES}[name]()
    rows = list(csv.DictReader(io.StringIO(figure.csv())))
    assert rows and all(r[EVIDENCE] for r in rows), f"{name}: a CSV row without the source's words"
    assert EVIDENCE in figure.to_html()


def _tooltips(spec):
    return [t for node in _walk(spec) for t in (node.get("tooltip") if isinstance(node.get("tooltip"), list) else [])]


@pytest.mark.parametrize("name", [n for n in FIGURES if n not in NO_EVIDENCE])
def test_pointing_at_a_figure_shows_the_sources_words_and_only_the_tooltip_shortens_them(name):
    import csv
    import io

    from briefing.figure_parts import TIP_LIMIT
    from briefing.table_view import EDITOR_NOTE, EVIDENCE

    figure = _figure(name)
    spec = figure.spec()
    fields = {t.get("field"): t.get("title") for t in _tooltips(spec)}
    assert fields.get("evidence_tip") == "The source's words", f"{name}: no tooltip quotes the source"
    # The tooltip quotes the words whole and, where the book notes something on them, says so before them.
    whole = [
        (f"Editor's note: {r[EDITOR_NOTE]}. " if r.get(EDITOR_NOTE) else "") + r[EVIDENCE]
        for r in csv.DictReader(io.StringIO(figure.csv()))
    ]
    tips = list(figure.table["evidence_tip"])
    assert len(whole) == len(tips)
    for full, tip in zip(whole, tips):
        assert len(tip) <= TIP_LIMIT
        if len(" ".join(full.split())) <= TIP_LIMIT:
            assert tip == " ".join(full.split())
        else:  # cut at a word, marked as cut, and the whole passage stays in the CSV and the table view
            assert tip.endswith("…") and " ".join(full.split()).startswith(tip[:-1])
    assert any(t.endswith("…") for t in tips) or all(len(w) <= TIP_LIMIT for w in whole)


def test_what_each_captagon_estimate_values_is_the_reviewed_column_of_the_data():
    """Issue 12: the kinds were once guessed from words in the scope text, which filed an extrapolated trade
    value as a value of seizures and an officials' estimate of one route as regime revenue."""
    data = b.load("captagon_value").set_index("record_id")
    figure = FIGURES["captagon-values"]()
    spec = figure.spec()
    (choice,) = [p for p in spec["params"] if "bind" in p and p["bind"].get("name", "").strip() == "What is valued"]
    offered = set(choice["bind"].get("labels", choice["bind"]["options"]))
    assert set(data["valued"].astype(str)) <= offered
    assert set(figure.table["scope_group"]) == set(data["valued"].astype(str))
    assert data.loc["val-lister-2021", "valued"] == "Value of the whole trade"
    assert data.loc["val-jordan-officials", "valued"] == "Value of one smuggling route"
    assert data.loc["val-unodc-iraq-2023", "valued"] == "Retail value of seized pills"


def test_country_names_and_colours_come_from_the_countries_table(tmp_path, monkeypatch):
    """A country's name and colour are data (data/countries.csv), not code: edit the table, the charts follow."""
    import shutil

    from briefing import data
    from briefing.theme import country_colours, country_name, country_scale

    rows = b.load("countries")
    assert country_name("IRQ") == rows.set_index("code").loc["IRQ", "name"] == "Iraq"
    copy = shutil.copytree(data.data_dir(), tmp_path / "data")
    table = (copy / "countries.csv").read_text(encoding="utf-8")
    (copy / "countries.csv").write_text(table.replace("IRQ,Iraq,#0072b2", "IRQ,Republic of Iraq,#123456"))
    monkeypatch.setattr(data, "DEFAULT_DATA_DIR", copy)  # as if this were the checkout's data folder
    assert country_colours()["IRQ"] == "#123456"
    scale = country_scale(["IRQ", "SYR"]).to_dict()
    assert scale["domain"] == ["Republic of Iraq", "Syria"] and scale["range"][0] == "#123456"


def test_the_picture_is_lean_and_hidden_as_a_whole_from_screen_readers():
    """The build-time picture is hidden from assistive technology as a whole (the description and the table
    view speak for it), so it carries no per-mark labels repeating the tooltips: a lighter page on a phone."""
    import re

    html = FIGURES["opium"]().to_html()
    picture = re.search(r'<div class="briefing-static" aria-hidden="true">(.*?)</div></div>', html, re.DOTALL).group(1)
    assert "<svg" in picture and "<text" in picture  # real text, for readers with scripts off and search engines
    assert "aria-label=" not in picture and "role=" not in picture


def test_the_picture_writes_coordinates_no_finer_than_a_screen_shows():
    """vl-convert writes up to fourteen decimals; the picture keeps whole units for polylines (a map's borders,
    a line) and one decimal elsewhere, so a dot keeps its round shape and the landing page's map halves."""
    from briefing.picture import lighter_svg

    svg = (
        '<path d="M331.886,387.193L331.9,387.2L324.726,389.882ZM1.4,2.6L3.6,4.6Z"/>'
        '<path d="M2.5,0A2.5,2.5,0,1,1,-2.5,0" transform="translate(13.15702479966757,0.04)"/>'
    )
    assert lighter_svg(svg) == (
        '<path d="M332,387L325,390ZM1,3L4,5Z"/><path d="M2.5,0A2.5,2.5,0,1,1,-2.5,0" transform="translate(13.2,0)"/>'
    )
    picture = re.search(
        r'<div class="briefing-static" aria-hidden="true">(.*?)</div></div>', FIGURES["opium"]().to_html()
    )
    assert not re.search(r'(?: d| transform)="[^"]*\d\.\d\d', picture.group(1))


def test_every_group_of_marks_is_named_for_a_screen_reader():
    """A control can leave a layer empty; its group must still have a name (axe: svg-img-alt)."""
    from briefing.compile import vega_spec

    def marks(node):
        for mark in node.get("marks", []):
            yield from marks(mark) if mark.get("type") == "group" else [mark]

    for name, spec in _all_specs():
        for mark in marks(vega_spec(spec)):
            assert mark.get("aria") is False or mark.get("description"), (name, mark.get("name"), mark.get("type"))
