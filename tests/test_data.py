"""The data package: the real one is valid and typed; every kind of bad input is refused with its
file, CSV line and column, by the library and by `python -m briefing validate`."""

from __future__ import annotations

import contextlib
import csv
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest

from briefing import __main__ as cli
from briefing import data

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


def test_real_package_is_valid_and_large_enough():
    counts = data.validate(DATA)
    assert sum(n for name, n in counts.items() if name != "sources") >= 150
    assert counts["sources"] >= 25


def test_frictionless_agrees_the_package_is_valid():
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(DATA / "datapackage.json"))
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "note"])[:20]


def test_every_field_is_typed_and_described_and_every_table_keyed_to_sources():
    import json

    descriptor = json.loads((DATA / "datapackage.json").read_text())
    for resource in descriptor["resources"]:
        schema = resource["schema"]
        assert schema.get("primaryKey"), resource["name"]
        for field in schema["fields"]:
            assert field.get("type") and field.get("description"), (resource["name"], field["name"])
        if resource["name"] != "sources":
            assert {"fields": "source_id", "reference": {"resource": "sources", "fields": "source_id"}} in schema[
                "foreignKeys"
            ]


def test_load_returns_typed_frames():
    seizures = data.load("seizures", DATA)
    assert pd.api.types.is_datetime64_any_dtype(seizures["period_start"])
    assert pd.api.types.is_float_dtype(seizures["quantity"])
    assert isinstance(seizures["country"].dtype, pd.CategoricalDtype)
    assert seizures["claim"].dtype == "boolean"
    assert pd.api.types.is_integer_dtype(data.load("opium_afghanistan", DATA)["year"])


def test_load_is_cached_but_follows_the_files(tmp_path):
    copy = shutil.copytree(DATA, tmp_path / "data")
    first = data.load("routes", copy)
    assert data.load("routes", copy).equals(first)
    with open(copy / "routes.csv", "a", encoding="utf-8") as out:
        out.write("rt-extra,pl-kabul,pl-herat,heroin,overland,rudaw-2025-09-14,\n")
    assert len(data.load("routes", copy)) == len(first) + 1


def test_a_chapter_checks_the_table_it_loads_and_leaves_the_package_to_the_build(tmp_path):
    """The whole package is checked once (by `validate`, and by the build before any chapter runs); a
    chapter's kernel checks each table it loads, cell by cell, and reads no other table."""
    copy = broken_copy(tmp_path, "events", set_cell(1, "date", "2020-02-31"))
    assert any("data/events.csv:2: column 'date'" in p for p in problems(copy))
    assert len(data.load("seizures", copy)) > 100  # the seizures table is sound, and events is not read
    with pytest.raises(data.DataError, match=r"data/events.csv:2: column 'date'"):
        data.load("events", copy)
    unknown = broken_copy(tmp_path / "b", "seizures", set_cell(1, "source_id", "no-such-source"))
    assert any("no-such-source" in p for p in problems(unknown))  # a key between tables: the package's check
    assert len(data.load("seizures", unknown)) > 100


def test_every_seed_figure_is_in_the_data_with_the_seed_as_source():
    seizures = data.load("seizures", DATA)
    enforcement = data.load("enforcement", DATA)
    seed_s = seizures[seizures["source_id"] == "rudaw-2025-09-14"]
    seed_e = enforcement[enforcement["source_id"] == "rudaw-2025-09-14"]
    assert {250, 6183, 1.75, 1100, 400000} <= set(seed_s["quantity"].astype(float))
    assert {1700, 14483, 144, 454, 2000} <= set(seed_e["value"].astype(float))


# --- bad input ---------------------------------------------------------------------------------------


def broken_copy(tmp_path: Path, table: str, edit) -> Path:
    """A copy of data/ where ``edit(rows)`` changed one table (rows include the header)."""
    copy = shutil.copytree(DATA, tmp_path / "data")
    path = copy / f"{table}.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows = edit(rows)
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return copy


def set_cell(row: int, column: str, value: str):
    def edit(rows):
        rows[row][rows[0].index(column)] = value
        return rows

    return edit


def problems(copy: Path) -> list[str]:
    with pytest.raises(data.DataError) as caught:
        data.validate(copy)
    return [str(p) for p in caught.value.problems]


def validate_cli(copy: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "briefing", "validate", str(copy)], capture_output=True, text=True, cwd=ROOT, check=False
    )


def validate_command(copy: Path) -> tuple[int, str]:
    """`python -m briefing validate copy`, run in this process: (exit status, what it printed on stderr).
    The command line itself, as a process, is run by the tests of an empty file and of the real package."""
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        status = cli.main(["validate", str(copy)])
    return status, stderr.getvalue()


def refused_by_both(copy: Path, expected: str) -> str:
    """``copy`` is refused with ``expected`` in one problem, by the library and by the command (exit
    status 1, no exception); returns what the command printed."""
    found = problems(copy)
    assert any(expected in p for p in found), found
    status, stderr = validate_command(copy)
    assert status == 1 and "Traceback" not in stderr, stderr
    assert expected in stderr
    return stderr


CASES = {
    # name: (table, edit, expected text in the message)
    "non-numeric quantity": (
        "seizures",
        set_cell(3, "quantity", "lots"),
        "data/seizures.csv:4: column 'quantity': expected a number, got 'lots'",
    ),
    "unknown source id": (
        "enforcement",
        set_cell(5, "source_id", "no-such-source"),
        "data/enforcement.csv:6: column 'source_id': 'no-such-source' is not a source_id in sources.csv",
    ),
    "duplicate key": ("events", lambda rows: rows + [rows[2]], "column 'event_id': duplicate key"),
    "malformed date": (
        "seizures",
        set_cell(2, "period_start", "12/03/2025"),
        "data/seizures.csv:3: column 'period_start': expected a date YYYY-MM-DD, got '12/03/2025'",
    ),
    "impossible date": (
        "events",
        set_cell(4, "date", "2025-02-30"),
        "data/events.csv:5: column 'date': expected a date YYYY-MM-DD, got '2025-02-30'",
    ),
    "missing column": (
        "places",
        lambda rows: [r[:4] + r[5:] for r in rows],
        "data/places.csv:1: column 'lat': column is missing from the header",
    ),
    "javascript url": (
        "sources",
        set_cell(7, "url", "javascript:alert(1)"),
        "data/sources.csv:8: column 'url': 'javascript:alert(1)' does not match an http(s) URL",
    ),
    "unknown country": (
        "seizures",
        set_cell(9, "country", "XXX"),
        "data/seizures.csv:10: column 'country': 'XXX' is not one of the allowed values",
    ),
    "a repeat naming no row": (
        "seizures",
        set_cell(9, "same_as", "sz-nowhere"),
        "data/seizures.csv:10: column 'same_as': 'sz-nowhere' is not a record_id in seizures.csv",
    ),
    "period ends before it starts": (
        "enforcement",
        set_cell(2, "period_end", "1999-01-01"),
        "data/enforcement.csv:3: column 'period_end': period ends",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_cell_is_named_by_file_line_and_column(tmp_path, case):
    table, edit, expected = CASES[case]
    refused_by_both(broken_copy(tmp_path, table, edit), expected)


def test_duplicate_key_names_the_line_of_the_first_use(tmp_path):
    copy = broken_copy(tmp_path, "events", lambda rows: rows + [rows[2]])
    line = len((copy / "events.csv").read_text(encoding="utf-8").splitlines())
    found = problems(copy)
    assert any(
        f"data/events.csv:{line}: column 'event_id': duplicate key" in p and "first used on line 3" in p for p in found
    ), found


def test_empty_file_is_refused(tmp_path):
    copy = shutil.copytree(DATA, tmp_path / "data")
    (copy / "routes.csv").write_text("")
    assert "data/routes.csv: file is empty" in "\n".join(problems(copy))
    assert validate_cli(copy).returncode == 1


def test_file_that_is_not_utf8_is_refused_with_its_line(tmp_path):
    copy = shutil.copytree(DATA, tmp_path / "data")
    text = (copy / "places.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    text[3] = text[3].replace(",", ",Caf\u00e9 ", 1)
    (copy / "places.csv").write_bytes("".join(text).encode("latin-1", errors="replace"))
    found = "\n".join(problems(copy))
    assert "data/places.csv:4: file is not UTF-8" in found


def test_missing_file_is_named(tmp_path):
    copy = shutil.copytree(DATA, tmp_path / "data")
    (copy / "captagon_value.csv").unlink()
    assert "data/captagon_value.csv: file is missing" in "\n".join(problems(copy))


def test_validate_prints_one_line_per_table():
    result = validate_cli(DATA)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.endswith("ok")]
    import json

    names = [r["name"] for r in json.loads((DATA / "datapackage.json").read_text())["resources"]]
    assert [line.split()[0] for line in lines] == names


# --- evidence: every figure with the source's own words -----------------------------------------------

FIGURE_TABLES = ["opium_afghanistan", "afghanistan_economy", "seizures", "enforcement", "captagon_value", "events"]


def test_every_table_with_figures_ends_with_its_evidence():
    import json

    resources = {r["name"]: r for r in json.loads((DATA / "datapackage.json").read_text())["resources"]}
    for name in FIGURE_TABLES:
        schema = resources[name]["schema"]
        assert schema["fields"][-1]["name"] == "evidence", name
        assert schema["fields"][-1]["constraints"]["maxLength"] <= 400
        assert schema["x-evidence-of"], name
        with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as f:
            assert next(csv.reader(f))[-1] == "evidence", name


@pytest.mark.parametrize(
    ("quotation", "figure"),
    [
        ("seized 6 tonnes 183 kg of drugs", 6183),
        ("seized 6 tonnes 183 kg of drugs", 6.183),
        ("a truck carrying 1.1 tonnes of crystal", 1100),
        ("14,483 suspects were arrested", 14483),
        ("nearly 250 kg of opium", 250),
        ("seven million Captagon pills", 7_000_000),
        ("worth $3.5bn a year", 3_500_000_000),
        ("2.5 million pills", 2_500_000),
        ("two hundred and fifty people", 250),
        ("more than 1.2 tons", 1200),
        ("between 30 and 40 billion dollars a year", 30_000_000_000),
        ("half a ton of various drugs", 0.5),
        ("zwölf Millionen in der Türkei", 12_000_000),
        ("Fast 120 Millionen Pillen", 120_000_000),
    ],
)
def test_a_figure_is_found_in_the_words_a_source_uses_for_it(quotation, figure):
    from briefing import evidence

    assert evidence.check(quotation, [figure]) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("seized 1,250 kg of opium", "does not state the row's 1.2"),
        ("seized 1,200 kg and 300 kg | derived: 1200 + 400", "uses 400, which the quotation does not state"),
        ("seized 1,100 kg and 300 kg | derived: 1100 + 300", "the derivation gives 1400"),
        ("seized 1,200 kg | derived: __import__('os')", "cannot read the derivation"),
        ("unverified:", "needs a reason"),
        ("", "is empty"),
    ],
)
def test_evidence_that_does_not_hold_is_explained(text, expected):
    from briefing import evidence

    assert expected in (evidence.check(text, [1.2]) or "")


def test_a_derivation_or_an_honest_unverified_passes():
    from briefing import evidence

    assert evidence.check("seized 1,200 kg and 300 kg | derived: (1200 + 300) / 1000", [1.5]) is None
    assert evidence.check("unverified: source unreadable here", [1.5]) is None


EVIDENCE_CASES = {
    "evidence too long": (
        "seizures",
        set_cell(3, "evidence", "x" * 401),
        "data/seizures.csv:4: column 'evidence': is 401 characters long; at most 400 are allowed",
    ),
    "evidence without the figure": (
        "enforcement",
        set_cell(2, "evidence", "officials said many people were arrested"),
        "data/enforcement.csv:3: column 'evidence': does not state the row's",
    ),
    "derivation that cannot be read": (
        "afghanistan_economy",
        set_cell(2, "evidence", "farmers earned US$134 million | derived: 134 million"),
        "data/afghanistan_economy.csv:3: column 'evidence': cannot read the derivation",
    ),
    "empty evidence": (
        "captagon_value",
        set_cell(1, "evidence", ""),
        "data/captagon_value.csv:2: column 'evidence': a value is required",
    ),
    "event summary with a figure its evidence lacks": (
        "events",
        set_cell(1, "evidence", "The survey was released in Islamabad."),
        "data/events.csv:2: column 'evidence': does not state the row's",
    ),
}


@pytest.mark.parametrize("case", list(EVIDENCE_CASES))
def test_bad_evidence_is_named_by_file_line_and_column(tmp_path, case):
    table, edit, expected = EVIDENCE_CASES[case]
    refused_by_both(broken_copy(tmp_path, table, edit), expected)


def test_unverified_rows_say_why():
    for name in FIGURE_TABLES:
        frame = data.load(name, DATA)
        unverified = frame[frame["evidence"].str.startswith("unverified:")]
        assert (unverified["evidence"].str.len() > len("unverified: ")).all(), name


# --- sources: primary publishers, honest kinds ---------------------------------------------------------

#: Hosts of encyclopaedias, their mirrors, gazetteers, document-sharing sites and package registries.
MIRROR_HOSTS = re.compile(
    r"wiki|piglix|movatter|kiwix|iiab\.me|dweb\.link|clateway|perceptio|academic\.com|wonilvalve|domilabs|"
    r"herokuapp|azureedge|docslib|pdfslide|cupdf|vdocuments|healthdocbox|wordpress|blogspot|pubt\.io|"
    r"theyworkforyou|npmjs|yarnpkg|pypi\.org|countrycoordinate",
)


def test_no_primary_source_is_a_mirror_wiki_or_registry_page():
    sources = data.load("sources", DATA)
    primary = sources[sources["kind"].isin(["un", "government", "academic", "ngo"])]
    for row in primary.itertuples():
        host = urlsplit(row.url).hostname or ""
        if MIRROR_HOSTS.search(host):
            # Read on a copy whose publisher's own address was not found: said so, in read_via.
            assert row.read_via == row.url, (row.source_id, host)
    assert (
        not sources[sources["kind"] == "academic"]["url"]
        .map(lambda u: MIRROR_HOSTS.search(urlsplit(u).hostname or ""))
        .any()
    )


def test_source_lines_name_primary_sources_before_media_before_reference():
    from briefing import figure_parts

    sources = data.load("sources", DATA).set_index("source_id")
    kinds = sources["kind"].astype(str)
    ids = [kinds[kinds == k].index[0] for k in ["reference", "media", "academic", "reference", "un", "media", "ngo"]]
    labels = figure_parts.source_labels(ids)
    order = [figure_parts.KIND_ORDER[kinds[sid]] for sid in labels]
    assert order == sorted(order) and set(labels) == set(ids)
    assert order[0] == 0 and order[-1] == 2


def test_the_map_credits_natural_earth_first():
    from briefing import figures

    figure = figures.corridor_map(title="Map")
    assert figure.sources[0].startswith("Natural Earth")


# --- one row per event ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "columns"),
    [
        ("seizures", ["country", "period_start", "period_end", "drug", "quantity", "unit", "scope", "source_id"]),
        ("enforcement", ["country", "period_start", "period_end", "indicator", "value", "source_id"]),
        ("afghanistan_economy", ["year", "indicator", "value", "source_id"]),
        ("captagon_value", ["estimate_low_usd", "estimate_high_usd", "year", "source_id"]),
    ],
)
def test_no_row_repeats_another_of_the_same_source(table, columns):
    frame = data.load(table, DATA)
    repeats = frame[frame.duplicated(columns, keep=False)]
    assert repeats.empty, list(repeats.iloc[:, 0])


def test_rows_that_name_the_same_event_name_rows_that_exist():
    seizures = data.load("seizures", DATA)
    ids = set(seizures["record_id"].astype(str))
    for row in seizures.itertuples():
        for named in re.findall(r"\bsz-[a-z0-9-]+[a-z0-9]\b", str(row.note)):
            assert named in ids, (row.record_id, named)
    # The March 2025 truck is one haul, told by several outlets in tonnes and in pills.
    haul = ["sz-irq-2025-03-16-lbc", "sz-irq-2025-03-16-saudi7m", "sz-irq-2025-03-truck-rudaw"]
    notes = seizures.set_index("record_id").loc[haul, "note"].astype(str)
    assert all("Same haul" in note for note in notes)


def _repeat_of(rows: list[list[str]], row: int, lead: str) -> list[list[str]]:
    rows[row][rows[0].index("same_as")] = lead
    return rows


@pytest.mark.parametrize(
    ("table", "what"), [("seizures", ["drug", "quantity", "unit"]), ("enforcement", ["indicator", "value"])]
)
def test_one_body_s_figure_told_by_several_outlets_is_linked_as_one(table, what):
    """No two rows give the same body's same figure for the same period unless one names the other in
    ``same_as``. A government's own tallies count as one body whatever its agencies are called in each
    outlet; bodies that count independently, such as a rights group and a UN rapporteur, may agree."""
    frame = data.load(table, DATA)
    body = frame["reported_by"].astype(str).where(~frame["claim"].astype(bool), "the government")
    frame = frame.assign(haul=frame["same_as"].fillna(frame["record_id"]), body=body)
    keys = ["country", "period_start", "period_end", "body", *what]
    unlinked = [list(g["record_id"]) for _, g in frame.groupby(keys, dropna=False) if g["haul"].nunique() > 1]
    assert not unlinked


def test_a_repeat_names_the_row_that_stands_for_the_haul_never_itself_or_another_repeat(tmp_path):
    def edit(rows):
        ids = [r[0] for r in rows]
        _repeat_of(rows, 5, ids[5])  # itself
        return _repeat_of(rows, 7, ids[ids.index("sz-irq-2025-03-16-shafaq")])  # a row that is itself a repeat

    found = problems(broken_copy(tmp_path, "seizures", edit))
    assert any(p.startswith("data/seizures.csv:6: column 'same_as': names itself") for p in found), found
    assert any(
        p.startswith("data/seizures.csv:8: column 'same_as': names 'sz-irq-2025-03-16-shafaq', which repeats ")
        for p in found
    ), found


def test_a_haul_told_alike_by_several_outlets_is_one_dot_naming_them_all():
    """The March 2025 truck: LBCI, Shafaq News, Kurdistan24 and Rudaw all give 1.1 t (Rudaw 1,100 kg); the
    Iraq chart draws one dot for it, whose source names all four, and the figure's source line lists them."""
    from briefing import figures_periods

    table = figures_periods.seizure_table(["IRQ"])
    truck = table[(table["start"] == "2025-03-16") & (table["measure"] == "Weight")]
    assert len(truck) == 1, truck
    for outlet in ("LBCI", "Shafaq News", "Kurdistan24", "Rudaw"):
        assert outlet in truck["source"].iloc[0]
    figure = figures_periods.seizures(["IRQ"], ["captagon"], name="iraq-test", title="Iraq")
    assert {"LBCI", "Shafaq News", "Kurdistan24", "Rudaw"} <= {s.split(" (")[0] for s in figure.sources}
    # Nowhere in any seizure or enforcement chart is one figure of one haul drawn twice.
    seizures = data.load("seizures", DATA).set_index("record_id")
    haul = seizures["same_as"].fillna(pd.Series(seizures.index, index=seizures.index))
    drawn = table.assign(haul=table["record_id"].map(haul))
    assert not drawn.duplicated(["haul", "drug", "measure", "value"]).any()


def test_a_repeat_that_gives_another_number_stays_its_own_dot():
    """Iraq's 2024 arrests: one announcement, told as 14,483 and as 14,438; both figures are drawn, each
    once, and the sources that agree on one are named together."""
    from briefing import figures_periods

    figure = figures_periods.enforcement(["IRQ"], ["arrests"], name="iraq-arrests-test", title="Arrests")
    year = figure.table[(figure.table["period"] == "2024") & (figure.table["value"] > 10_000)]  # not Sulaimani's
    assert sorted(year["value"]) == [14438, 14483]
    both = year[year["label"].str.contains("also reported by")]
    assert len(both) == 2, year[["label"]]


def test_a_measure_that_is_not_a_number_of_its_table_is_refused(tmp_path):
    """What a table measures (the number ``glue_facts`` takes by default) is declared in the data package,
    and must be one of the table's numeric fields."""
    import json

    copy = shutil.copytree(DATA, tmp_path / "data")
    descriptor = json.loads((copy / "datapackage.json").read_text())
    (seizures,) = [r for r in descriptor["resources"] if r["name"] == "seizures"]
    assert seizures["x-measure"] == "quantity"
    seizures["x-measure"] = "unit"
    (copy / "datapackage.json").write_text(json.dumps(descriptor, indent=2))
    assert any("x-measure 'unit' is not one of its numeric fields (quantity" in p for p in problems(copy))


def test_a_source_is_named_alike_in_a_chart_and_in_a_chapter_list():
    """One place names a source: the chart's source line and the chapter's list give the same publisher,
    date and copy read (the Sources page reads the same function; tests/test_site.py looks at it)."""
    from briefing.facts import SourceList
    from briefing.figure_parts import source_labels

    sources = data.load("sources")
    ids = list(sources["source_id"].astype(str))
    lines = SourceList(ids)._repr_markdown_().replace("\\", "").splitlines()
    for sid, label in source_labels(ids).items():
        entry = next(line for line in lines if f"Identifier `{sid}`" in line)
        head, _, copy = label.partition(", read in a copy at ")
        publisher, published = head.removesuffix(")").rsplit(" (", 1)
        assert entry.startswith(f"- {publisher}: ") and f", {published}; " in entry, (label, entry)
        assert (f"read in a copy: [{copy}]" in entry) if copy else ("read in a copy" not in entry), (label, entry)
