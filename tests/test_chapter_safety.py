"""A pull request that changes only chapters cannot run code of its own on the build machine or put markup
of its own on the site: every such line is named before any chapter runs (red-team findings 1, 2, 4, 6)."""

from __future__ import annotations

import pytest

from briefing.chapter_safety import unsafe_code, unsafe_markup

ALLOWED = [
    "import briefing as b\nfrom myst_nb import glue",
    'b.glue_facts(ha="opium_afghanistan/2025|kuna-unodc-opium-2025")',
    'glue("fig", b.figures.opium(title="t"), display=False)',
    "changes = b.what_changed(months=12)\nb.glue_text(start=changes.start_text)",
    'price, income = "a", "b"\nglue("x", b.figures.economy({"p": price}, name="x", title="t", subtitle="s"))',
    'summary = b.evidence_summary()\nglue("u", b.facts.UnverifiedRows(summary), display=False)',
]

REFUSED = {
    "open a file": 'glue("x", open("/proc/self/environ").read())',
    "import os": "import os",
    "from os import": "from os import environ",
    "dunder import": '__import__("os").system("id")',
    "globals of a briefing function": 'b.load.__globals__["os"].system("id")',
    "a builtin by name": "x = print",
    "exec": 'exec("print(1)")',
    "shell line": "!curl http://example.com",
    "cell magic": "%%bash\nenv",
    "method of a returned table": 'b.load("seizures").to_csv("../_build/html/_static/evil.js")',
    "a module reachable from briefing": 'b.figures.pd.read_csv("x")',
    "the data folder's publisher": 'b.data.publish("/tmp/x")',
    "a comprehension": "[b.load(t) for t in ('a', 'b')]",
    "a lambda": "f = lambda: 1",
    "a loop": "for t in 'ab':\n    b.load(t)",
    "an assignment to an attribute": "b.x = 1",
    "a walrus": "glue('x', y := b.load('seizures'))",
}


@pytest.mark.parametrize("source", ALLOWED)
def test_the_chapters_own_kind_of_code_passes(source):
    assert unsafe_code(source, set()) == []


@pytest.mark.parametrize("case", list(REFUSED))
def test_any_other_code_is_named_with_its_line(case):
    found = unsafe_code("import briefing as b\n" + REFUSED[case], set())
    assert found and all(line >= 2 for line, _ in found), (case, found)


@pytest.mark.parametrize(
    "markup, expected",
    [
        ("Text <script>alert(1)</script> more.", "raw HTML '<script>"),
        ('<img src="x" onerror="alert(1)">', "raw HTML '<img"),
        ("<!-- a comment hiding --><a href='x'>y</a>", "raw HTML"),
        ("```{raw} html\n<b>x</b>\n```", "the {raw} directive is not allowed"),
        ("```{literalinclude} ../.git/config\n```", "the {literalinclude} directive is not allowed"),
        (":::{include} ../README.md\n:::", "the {include} directive is not allowed"),
    ],
)
def test_raw_markup_and_file_copying_directives_are_named(markup, expected):
    found = unsafe_markup("# Title\n\n" + markup)
    assert found and found[0][0] == 3 and expected in found[0][1], found


def test_markup_shown_as_code_is_not_raw_html():
    assert unsafe_markup("Write `<br>` in HTML, or ``{raw}`` never.") == []


def test_myst_substitutions_are_off():
    """Red-team finding 9: a 300-byte chapter of nested substitutions stalled the build for minutes."""
    import yaml
    from conftest import ROOT

    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert "substitution" not in config["parse"]["myst_enable_extensions"]


def test_the_map_is_called_through_figures_but_its_room_is_not_open_to_chapters():
    """b.figures.corridor_map is a named figure; the module it lives in offers nothing else to a chapter."""
    from briefing.chapter_safety import unsafe_code

    assert not unsafe_code('glue("m", b.figures.corridor_map(title="t"))', set())
    import briefing.corridor_map  # noqa: F401  (loaded, as the figures module loads it)

    assert unsafe_code('b.corridor_map.map_chart(None, title="t", subtitle="s", description="d")', set())
