"""Hostile or broken data is refused before anything reads it: links and undeclared files never reach the
site, numbers mean what they say, text cannot run as a formula or hide characters, and every failure is one
sentence naming the file (and line and column), never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_data import DATA, ROOT, broken_copy, problems, refused_by_both, set_cell

from briefing import cells, data

SECRET = "secret-token-ghp_do-not-publish"


def copy_of_data(tmp_path: Path) -> Path:
    return shutil.copytree(DATA, tmp_path / "data")


def edit_descriptor(copy: Path, edit) -> None:
    path = copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    edit(descriptor)
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def refused(copy: Path, expected: str, cli: bool = False) -> str:
    """The validator refuses ``copy`` with ``expected`` in one of its lines (and so does the command line,
    with no traceback, when ``cli``); returns what was printed."""
    if cli:
        return refused_by_both(copy, expected)
    found = "\n".join(problems(copy))
    assert expected in found, found
    return found


# --- publish only what is declared ------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["geo/secret.csv", "notes.txt", "routes.csv"])
def test_a_symlink_anywhere_in_data_is_refused_and_its_target_never_read(tmp_path, where):
    copy = copy_of_data(tmp_path)
    target = tmp_path / "outside" / "config"
    target.parent.mkdir()
    target.write_text(SECRET)
    link = copy / where
    link.unlink(missing_ok=True)
    link.symlink_to(target)
    stderr = refused(copy, f"data/{where}: is a symbolic link", cli=True)
    assert SECRET not in stderr and str(target) not in stderr


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/etc/passwd", "must be a relative .csv or .geojson file inside the data folder"),
        ("../outside.csv", "must be a relative .csv or .geojson file inside the data folder"),
        ("geo", "must be a relative .csv or .geojson file inside the data folder"),
        ("page.html", "must be a relative .csv or .geojson file inside the data folder"),
    ],
)
def test_a_resource_path_outside_the_data_folder_is_refused(tmp_path, path, expected):
    copy = copy_of_data(tmp_path)
    edit_descriptor(copy, lambda d: d["resources"][1].update(path=path))
    refused(copy, f"data/datapackage.json: resources[1]: path {path!r} {expected}")


def test_the_site_gets_exactly_the_declared_files_as_regular_files(tmp_path):
    copy = copy_of_data(tmp_path)
    (copy / "evil.html").write_text("<script>alert(1)</script>")
    (copy / "geo" / "evil.svg").write_text('<svg onload="alert(1)"/>')
    out = tmp_path / "site-data"
    count = data.publish(out, copy)
    descriptor = json.loads((copy / "datapackage.json").read_text())
    expected = {"datapackage.json", *(r["path"] for r in descriptor["resources"]), *descriptor["x-boundaries"]}
    published = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert published == expected and count == len(expected)
    assert not any(p.is_symlink() for p in out.rglob("*"))
    for rel in expected:
        assert (out / rel).read_bytes() == (copy / rel).read_bytes()


# --- numbers that mean what they say ---------------------------------------------------------------------

NUMBER_CASES = {
    "underscore": "1_000",
    "arabic-indic digits": "\u0661\u0662",
    "persian digits": "\u06f1\u06f2",
    "surrounding spaces": " 12 ",
    "infinity": "inf",
    "not a number": "nan",
    "hex": "0x10",
}


@pytest.mark.parametrize("case", list(NUMBER_CASES))
def test_numbers_are_plain_ascii(tmp_path, case):
    value = NUMBER_CASES[case]
    copy = broken_copy(tmp_path, "seizures", set_cell(3, "quantity", value))
    refused(copy, f"data/seizures.csv:4: column 'quantity': expected a number, got {value!r}")


def test_plain_numbers_with_sign_point_and_exponent_pass(tmp_path):
    def same_number_with_exponent(rows):  # the row's own figure, so that its evidence still states it
        column = rows[0].index("quantity")
        rows[3][column] = f"+{float(rows[3][column]):e}"
        return rows

    copy = broken_copy(tmp_path, "seizures", same_number_with_exponent)
    data.validate(copy)
    copy = broken_copy(tmp_path / "b", "places", set_cell(3, "lon", "-0.5"))
    data.validate(copy)


def test_a_number_beyond_its_stated_maximum_is_refused(tmp_path):
    copy = broken_copy(tmp_path, "seizures", set_cell(3, "quantity", "2e12"))
    refused(copy, "data/seizures.csv:4: column 'quantity': '2e12' is above the maximum", cli=True)


def test_every_numeric_field_states_a_maximum(tmp_path):
    copy = copy_of_data(tmp_path)
    edit_descriptor(copy, lambda d: d["resources"][4]["schema"]["fields"][0].update(type="number", constraints={}))
    refused(copy, "must state a maximum")


def test_zero_is_refused_where_a_chart_draws_a_log_scale(tmp_path):
    copy = broken_copy(tmp_path, "seizures", set_cell(3, "quantity", "0"))
    refused(copy, "data/seizures.csv:4: column 'quantity': '0' is below the minimum 0.001 (drawn on a log scale")


def test_a_schema_asking_for_unchecked_constraints_or_types_is_refused(tmp_path):
    copy = copy_of_data(tmp_path)
    edit_descriptor(copy, lambda d: d["resources"][0]["schema"]["fields"][1].update(constraints={"unique": True}))
    refused(copy, "asks for constraints the validator does not check: ['unique']")
    copy = copy_of_data(tmp_path / "b")
    edit_descriptor(copy, lambda d: d["resources"][0]["schema"]["fields"][1].update(type="geopoint"))
    refused(copy, "has type 'geopoint', which the validator does not check")


def test_a_duplicated_column_name_is_refused(tmp_path):
    copy = broken_copy(tmp_path, "routes", lambda rows: [r + [r[-1]] for r in rows])
    refused(copy, "data/routes.csv:1: column 'note': column appears more than once in the header")


# --- text that cannot run or hide ------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "@", "\t", "\r"])
def test_text_that_a_spreadsheet_would_run_is_refused(tmp_path, start):
    copy = broken_copy(tmp_path, "routes", set_cell(2, "note", f'{start}HYPERLINK("http://x")'))
    refused(copy, "data/routes.csv:3: column 'note': text starts with")


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200b", "\u200d", "\u200f", "\ufeff", "\x00", "\x1b", "\u2028"])
def test_bidi_overrides_and_invisible_characters_are_refused(tmp_path, char):
    copy = broken_copy(tmp_path, "places", set_cell(2, "name", f"Zah{char}edan"))
    stderr = refused(copy, "data/places.csv:3: column 'name': holds the invisible character U+")
    assert char not in stderr  # shown as an escape, never raw


def test_the_persian_zero_width_non_joiner_is_allowed(tmp_path):
    copy = broken_copy(tmp_path, "places", set_cell(2, "name", "Mehr\u200cabad"))
    data.validate(copy)


def test_a_cell_over_the_size_limit_is_refused(tmp_path):
    copy = broken_copy(tmp_path, "routes", set_cell(2, "note", "x" * (cells.MAX_CELL + 1)))
    refused(copy, f"data/routes.csv:3: column 'note': is {cells.MAX_CELL + 1} characters long; at most")
    # past the csv module's own limit (which another library in the process may have raised)
    copy = broken_copy(tmp_path / "b", "routes", set_cell(2, "note", "x" * 200_000))
    found = "\n".join(problems(copy))
    assert "data/routes.csv:3: the CSV cannot be read here" in found or "is 200000 characters long" in found


# --- every failure a sentence ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content, expected",
    [
        ("[]", "data/datapackage.json: expected an object with a list of 'resources'"),
        ('{"resources": {}}', "data/datapackage.json: expected an object with a list of 'resources'"),
        ('{"resources": [1]}', "data/datapackage.json: resources[0]: expected an object"),
        ('{"resources": [{"name": "x", "path": "x.csv"}]}', "resources[0] (x): schema must hold a list of fields"),
        ('{"resources": [', "data/datapackage.json:1: invalid JSON"),
        ("\ufeff", "data/datapackage.json:1: invalid JSON"),
    ],
)
def test_a_malformed_descriptor_is_one_sentence(tmp_path, content, expected):
    copy = copy_of_data(tmp_path)
    (copy / "datapackage.json").write_text(content, encoding="utf-8")
    refused(copy, expected, cli=True)


def test_an_oversized_table_is_refused_unread(tmp_path):
    copy = copy_of_data(tmp_path)
    with open(copy / "routes.csv", "ab") as f:
        f.truncate(cells.MAX_TABLE_BYTES + 1)
    refused(copy, "data/routes.csv: file is larger than")


def test_a_file_holding_only_a_bom_is_empty(tmp_path):
    copy = copy_of_data(tmp_path)
    (copy / "routes.csv").write_bytes(b"\xef\xbb\xbf")
    refused(copy, "data/routes.csv: file is empty")


def test_a_foreign_key_to_a_missing_table_is_named(tmp_path):
    copy = copy_of_data(tmp_path)
    edit_descriptor(copy, lambda d: d["resources"][1]["schema"]["foreignKeys"][0]["reference"].update(resource="nope"))
    refused(copy, "foreign key to 'nope', a table the package does not hold")


@pytest.mark.parametrize(
    "content, expected",
    [
        ("{not json", "data/geo/region.geojson:1: invalid JSON"),
        ('{"type": "Topology"}', "data/geo/region.geojson: expected a GeoJSON FeatureCollection"),
        (
            '{"type": "FeatureCollection", "features": [{"geometry": {"type": "Point", "coordinates": [1, 2]}}]}',
            "features[0]: expected a Polygon or MultiPolygon geometry",
        ),
        (
            '{"type": "FeatureCollection", "features": [{"geometry": {"type": "Polygon", "coordinates": [[[1e999, 2]]]}}]}',
            "features[0]: coordinates must be finite longitudes and latitudes",
        ),
    ],
)
def test_a_malformed_boundary_file_is_one_sentence(tmp_path, content, expected):
    copy = copy_of_data(tmp_path)
    (copy / "geo" / "region.geojson").write_text(content)
    refused(copy, expected)


def test_an_oversized_boundary_file_is_refused_unread(tmp_path):
    copy = copy_of_data(tmp_path)
    with open(copy / "geo" / "region.geojson", "wb") as f:
        f.truncate(6_000_000)
    refused(copy, "data/geo/region.geojson: file is larger than")


def test_names_in_messages_are_escaped(tmp_path):
    copy = copy_of_data(tmp_path)
    name = "x\n::error::pwned\x1b[31m.csv"
    (copy / name).symlink_to(copy / "routes.csv")
    stderr = refused(copy, "is a symbolic link", cli=True)
    assert "\n::error::" not in stderr and "\x1b" not in stderr
    assert "\\n::error::pwned\\x1b[31m.csv" in stderr


def test_a_boundary_file_change_reaches_the_fingerprint_of_the_map(tmp_path):
    copy = copy_of_data(tmp_path)
    before = data.fingerprint(copy, ["boundaries"])
    unrelated = data.fingerprint(copy, ["routes"])
    with open(copy / "geo" / "region.geojson", "a") as f:
        f.write(" ")
    assert data.fingerprint(copy, ["boundaries"]) != before
    assert data.fingerprint(copy, ["routes"]) == unrelated


def test_the_validator_imports_no_chart_stack():
    """`python -m briefing validate` runs in a second: it does not pull in Altair."""
    code = "import sys, briefing.data; briefing.data.validate(); print('altair' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True, cwd=ROOT, env=os.environ
    )
    assert out.stdout.strip() == "False", out.stderr


def test_a_text_cell_starting_with_a_minus_is_refused(tmp_path):
    copy = broken_copy(tmp_path, "routes", set_cell(2, "note", "-2+3+cmd|' /C calc'!A0"))
    refused(copy, "data/routes.csv:3: column 'note': text starts with '-'")


def test_no_schema_can_raise_a_figure_beyond_the_books_absolute_maximum(tmp_path):
    copy = copy_of_data(tmp_path)

    def raise_the_maximum(descriptor):
        seizures = next(r for r in descriptor["resources"] if r["name"] == "seizures")
        quantity = next(f for f in seizures["schema"]["fields"] if f["name"] == "quantity")
        quantity["constraints"]["maximum"] = 1e308

    edit_descriptor(copy, raise_the_maximum)
    path = copy / "seizures.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    header = rows[0].split(",")
    assert header[5] == "quantity"
    cells = rows[3].split(",")
    cells[5] = "1.6e308"
    rows[3] = ",".join(cells)
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    refused(copy, "data/seizures.csv:4: column 'quantity': '1.6e308' is beyond any figure this book holds")


def test_deeply_nested_json_is_one_sentence(tmp_path):
    copy = copy_of_data(tmp_path)
    (copy / "datapackage.json").write_text("[" * 100_000 + "]" * 100_000)
    refused(copy, "data/datapackage.json: JSON nested too deeply", cli=True)
    copy = copy_of_data(tmp_path / "b")
    deep = "[" * 900 + "[1, 2]" + "]" * 900
    (copy / "geo" / "region.geojson").write_text(
        '{"type": "FeatureCollection", "features": [{"geometry": {"type": "Polygon", "coordinates": ' + deep + "}}]}"
    )
    refused(copy, "features[0]: coordinates must be finite longitudes and latitudes", cli=True)
