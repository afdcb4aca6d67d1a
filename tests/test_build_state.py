"""What a build keeps between runs cannot poison the next one: the Vega runtime and the dependency ledger
are written whole or not at all and checked before reuse, a cache shared by two checkouts keeps their
outputs apart, two builds of one site never interleave, and the swap leaves the old site or the new."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from briefing import __main__ as cli
from briefing import data as bdata
from briefing.sphinxext import dependencies, runtime


def fake_app(tmp_path: Path, srcdir: Path) -> SimpleNamespace:
    return SimpleNamespace(
        config=SimpleNamespace(nb_execution_cache_path=str(tmp_path / "cache")),
        outdir=str(tmp_path / "html"),
        srcdir=str(srcdir),
    )


def test_a_damaged_cached_runtime_is_made_again(tmp_path, monkeypatch):
    monkeypatch.setattr(runtime, "runtime_source", lambda: "/* runtime */ (function(){ window.vega = 1; })();\n")
    site = runtime.write_runtime(tmp_path / "site", tmp_path / "cache")
    (cached,) = (tmp_path / "cache").glob("vega-runtime-*.js")
    cached.write_text("/* runtime */ (function(){ win")  # a build killed half-way through writing it
    site.unlink()
    runtime.write_runtime(tmp_path / "site", tmp_path / "cache")
    assert site.read_text().endswith("})();\n")
    assert not list((tmp_path / "cache").glob(".*.tmp"))


def test_an_unreadable_ledger_counts_as_empty(tmp_path):
    app = fake_app(tmp_path, tmp_path)
    for content in ("{not json", "[1, 2]", '{"book/iran": {"tables": "seizures"}}', "\x00\x00"):
        (tmp_path / "cache").mkdir(exist_ok=True)
        (tmp_path / "cache" / "briefing-deps.json").write_text(content)
        ledger = dependencies.DepsLedger(app)
        assert ledger.entries == {}
        assert ledger.stale(["book/iran"]) == ["book/iran"]  # unknown: run it again


def test_the_ledger_is_written_whole(tmp_path):
    ledger = dependencies.DepsLedger(fake_app(tmp_path, tmp_path))
    ledger.entries["book/iran"] = {"tables": ["seizures"], "stamp": ledger.stamp(["seizures"])}
    ledger.save()
    again = dependencies.DepsLedger(fake_app(tmp_path, tmp_path))
    assert again.entries == ledger.entries and again.stale(["book/iran"]) == []
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["briefing-deps.json"]


def test_two_checkouts_sharing_a_cache_never_share_outputs(tmp_path):
    one = dependencies.DepsLedger(fake_app(tmp_path, tmp_path / "checkout-one"))
    two = dependencies.DepsLedger(fake_app(tmp_path, tmp_path / "checkout-two"))
    one.entries["book/iran"] = {"tables": ["seizures"], "stamp": one.stamp(["seizures"])}
    one.save()
    two = dependencies.DepsLedger(fake_app(tmp_path, tmp_path / "checkout-two"))
    assert two.stale(["book/iran"]) == ["book/iran"]


def test_a_changed_boundary_file_reruns_the_chapters_that_draw_the_map(tmp_path, monkeypatch):
    data = shutil.copytree(Path(bdata.DEFAULT_DATA_DIR), tmp_path / "data")
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(data))
    ledger = dependencies.DepsLedger(fake_app(tmp_path, tmp_path))
    ledger.entries["book/routes"] = {
        "tables": ["places", "boundaries"],
        "stamp": ledger.stamp(["places", "boundaries"]),
    }
    ledger.entries["book/iran"] = {"tables": ["seizures"], "stamp": ledger.stamp(["seizures"])}
    with open(data / "geo" / "region.geojson", "a") as f:
        f.write("\n")
    assert ledger.stale(["book/routes", "book/iran"]) == ["book/routes"]


def test_a_second_build_of_the_same_site_waits_for_the_first(tmp_path):
    out = tmp_path / "html"
    probe = (
        "import fcntl, sys\n"
        f"f = open({str(out.with_name('.html.lock'))!r}, 'w')\n"
        "try:\n    fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)\nexcept BlockingIOError:\n    sys.exit(3)\n"
    )
    with cli.build_lock(out):
        held = subprocess.run([sys.executable, "-c", probe], check=False)
    free = subprocess.run([sys.executable, "-c", probe], check=False)
    assert held.returncode == 3 and free.returncode == 0


def test_the_swap_leaves_the_old_site_or_the_new_never_none(tmp_path):
    old, new = tmp_path / "html", tmp_path / ".building-html-x" / "html"
    old.mkdir()
    (old / "index.html").write_text("old")
    new.mkdir(parents=True)
    (new / "index.html").write_text("new")
    cli.exchange(old, new)
    assert (old / "index.html").read_text() == "new" and (new / "index.html").read_text() == "old"


def test_leftovers_of_a_killed_build_are_cleaned(tmp_path):
    out = tmp_path / "html"
    out.mkdir()
    for leftover in (".building-html-abc123", "html.old"):
        (tmp_path / leftover / "html").mkdir(parents=True)
    (tmp_path / ".building-other-site-1").mkdir()  # another site's build in the same folder: not ours
    cli.clean_leftovers(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".building-other-site-1", "html"]


@pytest.mark.slow
def test_a_checkout_sharing_another_ones_cache_shows_its_own_data(tmp_path):
    """Red-team finding 10: a fresh build over a cache another checkout filled took that checkout's outputs."""
    from conftest import build, checkout

    one = checkout(tmp_path / "one")
    two = checkout(tmp_path / "two")
    table = two / "data" / "opium_afghanistan.csv"
    with open(table, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:  # every source's 2025 figure, one hectare more, for this test only
        if row["year"] == "2025":
            row["cultivation_ha"], row["evidence"] = "10201", "unverified: a test's changed value"
    with open(table, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    state = tmp_path / "shared-state"
    assert build(one, tmp_path / "site-one", state).returncode == 0
    result = build(two, tmp_path / "site-two", state)
    assert result.returncode == 0, result.stderr[-3000:]
    page = (tmp_path / "site-two" / "book" / "afghanistan.html").read_text(encoding="utf-8")
    assert "10201" in page or "10,201" in page
