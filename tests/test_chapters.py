"""The chapters: notebooks in MyST form, numbers taken from the data (and equal to it), key points with no
typed figures, named figures with captions, a source list at the end."""

from __future__ import annotations

import ast
import csv
import json
import re
from pathlib import Path

import pytest
from conftest import ROOT, toc_pages

import briefing as b
from briefing.checks import blocks

CHAPTERS = [ROOT / (p.removesuffix(".html") + ".md") for p in toc_pages() if not p.endswith("sources.html")]
GLUE_TEXT = re.compile(r"\{glue:text\}`(?P<name>[A-Za-z_][\w]*)(?::(?P<fmt>[^`]*))?`")
CODE_CELL = re.compile(r"```\{code-cell\}[^\n]*\n(.*?)```", re.DOTALL)
DATA = ROOT / "data"


def code_of(chapter: Path) -> str:
    cells = []
    for cell in CODE_CELL.findall(chapter.read_text(encoding="utf-8")):
        cells.append("\n".join(line for line in cell.splitlines() if not line.startswith(":")))
    return "\n".join(cells)


def glued_facts(chapter: Path) -> dict[str, tuple[str, float]]:
    """name -> (reference, per) for every b.glue_facts(...) call in the chapter's code."""
    found = {}
    for node in ast.walk(ast.parse(code_of(chapter))):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "glue_facts":
            per = next((k.value.value for k in node.keywords if k.arg == "per"), 1)
            for k in node.keywords:
                if k.arg != "per":
                    found[k.arg] = (k.value.value, per)
    return found


def from_csv(ref: str) -> float:
    """The referenced number read straight from the CSV, without briefing.data."""
    descriptor = {r["name"]: r for r in json.loads((DATA / "datapackage.json").read_text())["resources"]}
    if ref.startswith("count:"):
        table, _, condition = ref[6:].partition("?")
        with open(DATA / descriptor[table]["path"], encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        if condition:
            column, _, wanted = condition.partition("=")
            rows = [r for r in rows if r[column].lower() == wanted.lower()]
        return len(rows)
    if ref.startswith("evidence:"):  # rows of the tables with figures, by the state of their evidence
        wanted = ref[9:]
        count = 0
        for resource in descriptor.values():
            if resource["schema"].get("x-evidence-of"):
                with open(DATA / resource["path"], encoding="utf-8") as f:
                    cells = [r["evidence"] for r in csv.DictReader(f)]
                unverified = sum(c.startswith("unverified:") for c in cells)
                count += {"rows": len(cells), "unverified": unverified, "checked": len(cells) - unverified}[wanted]
        return count
    path, _, column = ref.partition("#")
    table, _, key = path.partition("/")
    keys = descriptor[table]["schema"]["primaryKey"]
    keys = [keys] if isinstance(keys, str) else keys
    with open(DATA / descriptor[table]["path"], encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if [r[k] for k in keys] == key.split("|")]
    assert len(rows) == 1, f"{ref}: {len(rows)} rows"
    return float(rows[0][column or b.data.describe(table)["x-measure"]])


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_is_a_myst_notebook_with_a_title(chapter):
    text = chapter.read_text(encoding="utf-8")
    assert text.startswith("---\njupytext:") and "format_name: myst" in text and "kernelspec:" in text
    assert re.search(r"^# \S", text, re.MULTILINE), "no top-level title"
    assert "import briefing as b" in code_of(chapter)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_key_points_hold_no_typed_figures(chapter):
    text = chapter.read_text(encoding="utf-8")
    box = re.search(r":::\{admonition\} Key points\n(.*?)\n:::", text, re.DOTALL)
    assert box, "no key-points box"
    body = GLUE_TEXT.sub("", box.group(1)).replace(":class: tip", "")
    body = re.sub(r"\{(doc|numref|ref|term)\}`[^`]*`", "", body)
    typed = re.findall(r".{0,30}\d.{0,30}", body)
    assert not typed, f"typed figures in the key points: {typed}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_every_glued_number_equals_the_data(chapter):
    facts = glued_facts(chapter)
    for name, (ref, per) in facts.items():
        assert b.value(ref) == pytest.approx(from_csv(ref)), f"{chapter.stem}: {name} = {ref}"
    used = {m.group("name") for m in GLUE_TEXT.finditer(chapter.read_text(encoding="utf-8"))}
    undefined = used - set(facts)
    assert not undefined, f"{chapter.stem}: numbers in the prose not taken from the data with glue_facts: {undefined}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_shows_named_captioned_figures_and_its_sources(chapter):
    text = chapter.read_text(encoding="utf-8")
    figures = [block for block in blocks(text) if block.directive == "glue:figure"]  # every one, captioned or not
    assert len(figures) >= 2, f"{chapter.stem} has {len(figures)} figures"
    for figure in figures:
        label = figure.options.get("name", "")
        assert figure.arg, f"{chapter.stem}:{figure.line}: a figure with no glue name"
        assert re.fullmatch(r"fig-[a-z0-9-]+", label), f"{chapter.stem}:{figure.line}: no fig- label"
        assert any(line.strip() for _, line in figure.body), f"{chapter.stem}:{figure.line}: {label} has no caption"
        assert f"{{numref}}`{label}`" in text, f"{label} is never referred to"
    assert "b.chapter_sources()" in code_of(chapter) and "```{glue} chapter_sources\n```" in text
    for cell in CODE_CELL.findall(text):
        code = [line for line in cell.splitlines() if line.strip() and not line.startswith(":")]
        assert len(code) <= 3, f"{chapter.stem}: a code cell of {len(code)} lines:\n{cell}"


def test_figure_names_are_unique_across_the_book():
    names = [n for c in CHAPTERS for n in re.findall(r'name="([a-z0-9-]+)"', code_of(c))]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_the_built_page_shows_each_glued_number_as_the_data_says(site, chapter):
    page = site / chapter.relative_to(ROOT).with_suffix(".html")
    html = re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8"))
    facts = glued_facts(chapter)
    for match in GLUE_TEXT.finditer(chapter.read_text(encoding="utf-8")):
        ref, per = facts[match.group("name")]
        expected = format(from_csv(ref) / per, match.group("fmt") or "")
        assert expected in html, f"{chapter.stem}: {match.group('name')} should read {expected}"
    assert "Data last checked against these sources on" in html


def test_chart_titles_fit_the_chart_width():
    titles = [t for c in CHAPTERS for t in re.findall(r'title="([^"]+)"', code_of(c))]
    assert titles
    too_long = [t for t in titles if len(t) > 75]
    assert not too_long, f"titles longer than 75 characters are cut off in the chart: {too_long}"
