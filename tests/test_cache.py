"""The execution cache follows the data: change one number in a table and the rebuilt site shows it, in
the prose and in the chart, while chapters that do not read that table are not executed again."""

from __future__ import annotations

import csv

import pytest
from conftest import build, checkout
from workspace import execution_records


@pytest.mark.slow
def test_a_changed_number_reaches_the_rebuilt_pages(tmp_path):
    repo = checkout(tmp_path / "repo")
    out, state = tmp_path / "site", tmp_path / "state"
    assert build(repo, out, state).returncode == 0
    first = execution_records(state)
    assert "987,654" not in (out / "book" / "afghanistan.html").read_text(encoding="utf-8")

    table = repo / "data" / "opium_afghanistan.csv"
    with open(table, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:  # every source's 2025 figure: the chart draws one of them, the prose glues one
        if row["year"] == "2025":
            row["cultivation_ha"] = "987654"
            row["evidence"] = "unverified: a test's sentinel value, stated by no source"
    with open(table, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    result = build(repo, out, state)
    assert result.returncode == 0, result.stderr[-3000:]
    page = (out / "book" / "afghanistan.html").read_text(encoding="utf-8")
    assert "987,654" in page  # the glued number in the prose
    assert "987654" in (out / "figures" / "afghanistan-opium.vega.js").read_text(encoding="utf-8")  # the chart's spec
    again = execution_records(state)
    rerun = sorted(name for name, stamp in again.items() if first.get(name) != stamp)
    assert "afghanistan.md" in rerun and "iran.md" not in rerun and "cooperation.md" not in rerun
