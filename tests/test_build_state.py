"""What a build keeps between runs cannot poison the next one: the Vega runtime is written whole or not at
all and checked before reuse, a chapter whose record is missing or whose tables changed runs again, a cache
shared by two checkouts keeps their outputs apart, two builds of one site never interleave, and the swap
leaves the old site or the new."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from briefing import data as bdata
from briefing import site_build
from briefing.sphinxext import dependencies, runtime


def fake_env(srcdir: Path) -> SimpleNamespace:
    """What the records need of Sphinx's build environment: the checkout and the document being read."""
    env = SimpleNamespace(srcdir=str(srcdir), docname=None, dependencies=[])
    env.note_dependency = env.dependencies.append
    return env


def read(env: SimpleNamespace, docname: str, tables: list[str]) -> None:
    """A chapter read, whose kernel reported these tables (as ``b.chapter_sources()`` does)."""
    env.docname = docname
    dependencies.record_chapter(env, {"tables": tables, "sources": ["s1"], "markdown": ""})


def test_a_damaged_cached_runtime_is_made_again(tmp_path, monkeypatch):
    monkeypatch.setattr(runtime, "runtime_source", lambda: "/* runtime */ (function(){ window.vega = 1; })();\n")
    site = runtime.write_runtime(tmp_path / "site", tmp_path / "cache")
    (cached,) = (tmp_path / "cache").glob("vega-runtime-*.js")
    cached.write_text("/* runtime */ (function(){ win")  # a build killed half-way through writing it
    site.unlink()
    runtime.write_runtime(tmp_path / "site", tmp_path / "cache")
    assert site.read_text().endswith("})();\n")
    assert not list((tmp_path / "cache").glob(".*.tmp"))


def test_a_chapter_with_no_record_runs_again(tmp_path):
    env = fake_env(tmp_path)
    read(env, "book/iran", ["seizures"])
    assert dependencies.stale(env, ["book/iran", "book/iraq"]) == ["book/iraq"]  # unknown: run it again


def test_a_record_notes_its_tables_as_the_pages_dependencies(tmp_path):
    env = fake_env(tmp_path)
    read(env, "book/iran", ["seizures", "sources"])
    assert sorted(Path(p).name for p in env.dependencies) == ["seizures.csv", "sources.csv"]
    assert dependencies.records(env)["book/iran"]["sources"] == ["s1"]


def test_two_checkouts_sharing_a_cache_never_share_outputs(tmp_path):
    one, two = fake_env(tmp_path / "checkout-one"), fake_env(tmp_path / "checkout-two")
    read(one, "book/iran", ["seizures"])
    two.briefing_records = dependencies.records(one)  # the other checkout's record, as if its environment were shared
    assert dependencies.stale(two, ["book/iran"]) == ["book/iran"]


def test_a_changed_boundary_file_reruns_the_chapters_that_draw_the_map(tmp_path, monkeypatch):
    data = shutil.copytree(Path(bdata.DEFAULT_DATA_DIR), tmp_path / "data")
    monkeypatch.setattr(bdata, "DEFAULT_DATA_DIR", data)  # this checkout's data folder
    env = fake_env(tmp_path)
    read(env, "book/routes", ["places", "boundaries"])
    read(env, "book/iran", ["seizures"])
    with open(data / "geo" / "region.geojson", "a") as f:
        f.write("\n")
    assert dependencies.stale(env, ["book/routes", "book/iran"]) == ["book/routes"]


def test_parallel_readers_records_are_merged(tmp_path):
    main, worker = fake_env(tmp_path), fake_env(tmp_path)
    read(worker, "book/iran", ["seizures"])
    dependencies.ChapterRecords().merge_other(None, main, {"book/iran"}, worker)
    assert dependencies.stale(main, ["book/iran"]) == []
    dependencies.ChapterRecords().clear_doc(None, main, "book/iran")
    assert dependencies.stale(main, ["book/iran"]) == ["book/iran"]


def test_a_second_build_of_the_same_site_waits_for_the_first(tmp_path):
    out = tmp_path / "html"
    probe = (
        "import fcntl, sys\n"
        f"f = open({str(out.with_name('.html.lock'))!r}, 'w')\n"
        "try:\n    fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)\nexcept BlockingIOError:\n    sys.exit(3)\n"
    )
    with site_build.build_lock(out):
        held = subprocess.run([sys.executable, "-c", probe], check=False)
    free = subprocess.run([sys.executable, "-c", probe], check=False)
    assert held.returncode == 3 and free.returncode == 0


def test_the_swap_leaves_the_old_site_or_the_new_never_none(tmp_path):
    old, new = tmp_path / "html", tmp_path / ".building-html-x" / "html"
    old.mkdir()
    (old / "index.html").write_text("old")
    new.mkdir(parents=True)
    (new / "index.html").write_text("new")
    site_build.exchange(old, new)
    assert (old / "index.html").read_text() == "new" and (new / "index.html").read_text() == "old"


def test_leftovers_of_a_killed_build_are_cleaned(tmp_path):
    out = tmp_path / "html"
    out.mkdir()
    for leftover in (".building-html-abc123", "html.old"):
        (tmp_path / leftover / "html").mkdir(parents=True)
    (tmp_path / ".building-other-site-1").mkdir()  # another site's build in the same folder: not ours
    site_build.clean_leftovers(out)
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
