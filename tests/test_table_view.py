"""The table view and the CSV as a reader meets them, and the names charts give their series: years
without thousands separators, the book's own note on a source's words set apart from the words, every
column readable on a 390 px and a 320 px phone, names in words (no "MoI", no "ngo"), one counter one
name, and notes with no stray bullet."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

import briefing as b
from briefing.data import load
from briefing.figure_parts import short_name
from briefing.source_names import KIND_WORDS, source_name
from briefing.table_view import EDITOR_NOTE, EVIDENCE, editor_note

FIGURES = {
    "opium": lambda: b.figures.opium(title="t"),
    "economy": lambda: b.figures.economy(
        {"farm_gate_value_opium": "Farmers' income (USD million)"}, title="t", subtitle="s"
    ),
    "captagon-values": lambda: b.figures.captagon_values(title="t"),
    "executions": lambda: b.figures.enforcement(["IRN"], ["executions_drug", "executions_total"], title="t"),
    "iraq-enforcement": lambda: b.figures.enforcement(
        ["IRQ"], ["arrests", "death_sentences", "life_sentences", "networks_dismantled"], title="t"
    ),
    "iraq-seizures": lambda: b.figures.seizures(["IRQ"], ["all_drugs", "methamphetamine"], title="t"),
    "timeline": lambda: b.figures.timeline(title="t"),
}
EVIDENCE_TABLES = [
    "opium_afghanistan",
    "afghanistan_economy",
    "seizures",
    "enforcement",
    "captagon_value",
    "events",
    "health",
]


def _cells(view: str, column: str) -> list[str]:
    """The text of every cell of ``column`` in a table view (cells carry their column's name)."""
    label = re.escape(column)
    return [re.sub(r"<[^>]+>", "", c) for c in re.findall(rf'<td[^>]*data-label="{label}">(.*?)</td>', view)]


@pytest.mark.parametrize("name", ["opium", "economy", "captagon-values", "timeline"])
def test_years_never_get_a_thousands_separator(name):
    figure = FIGURES[name]()
    view = figure.table_html()
    years = [
        c
        for h in re.findall(r"<th>([^<]*)</th>", view)
        if re.search(r"\byears?\b", h, re.IGNORECASE)
        for c in _cells(view, h)
    ]
    rows = list(csv.DictReader(io.StringIO(figure.csv())))
    in_csv = [r[k] for r in rows for k in r if re.search(r"\byears?\b", k, re.IGNORECASE)]
    if name in ("opium", "economy"):
        assert years and in_csv, name  # these tables are by year: the check must have something to read
    assert not [y for y in [*years, *in_csv] if "," in y or "." in y], (name, years[:5], in_csv[:5])


def test_other_numbers_keep_their_separators():
    view = FIGURES["opium"]().table_html()
    assert "90,983" in _cells(view, "Value")


def test_every_leading_bracket_in_the_data_reads_as_an_editors_note_and_the_words_stay_as_quoted():
    found = 0
    for table in EVIDENCE_TABLES:
        for text in load(table)["evidence"].dropna().astype(str):
            if not text.lstrip().startswith("["):
                continue
            found += 1
            note, words = editor_note(text)
            assert note and not note.startswith("[") and not words.startswith("["), text[:80]
            assert words == text[text.index("]") + 1 :].split(" | derived:")[0].strip(), text[:80]
    assert found >= 5  # translations and the reversed IRNA page


def test_the_table_view_sets_the_note_apart_from_the_sources_words():
    figure = FIGURES["opium"]()
    view = figure.table_html()
    words = _cells(view, EVIDENCE)
    assert words and not [w for w in words if w.lstrip().startswith("[")], words[:3]
    assert '<span class="briefing-editor-note">Editor\'s note: the page prints each line' in view
    rows = list(csv.DictReader(io.StringIO(figure.csv())))
    assert not [r for r in rows if r[EVIDENCE].startswith("[")]
    noted = [r for r in rows if r[EDITOR_NOTE]]
    assert noted and all("reverse" in r[EDITOR_NOTE] or "translated from" in r[EDITOR_NOTE] for r in noted)
    # The tooltip says it is the book's note, not the source's words.
    tips = [t for t in figure.table["evidence_tip"] if "reverse" in t]
    assert tips and all(t.startswith("Editor's note: ") for t in tips)


def test_the_books_arithmetic_is_a_note_not_the_sources_words():
    """A row whose figure is worked out from the words (" | derived: 14 * 1000") shows the sum as the book's."""
    figure = FIGURES["iraq-enforcement"]()
    rows = list(csv.DictReader(io.StringIO(figure.csv())))
    assert not [r for r in rows if "derived:" in r[EVIDENCE]]
    assert [r for r in rows if "worked out as 14 * 1000" in r[EDITOR_NOTE]]
    assert "derived:" not in figure.table_html()


def test_a_translation_note_says_so_in_words():
    assert editor_note("[Italian; translated:] the port of Salerno")[0] == "translated from Italian"


def test_every_cell_of_the_table_view_carries_its_columns_name_for_the_phone_cards():
    view = FIGURES["iraq-seizures"]().table_html()
    assert view.count("<td") == view.count("<td data-label=") + view.count('<td class="briefing-evidence" data-label=')
    assert 'class="briefing-evidence"' in view


def test_notes_under_a_chart_have_no_stray_bullet():
    for name in ("iraq-seizures", "iraq-enforcement", "executions"):
        spec = json.dumps(FIGURES[name]().spec(), ensure_ascii=False)
        assert "·" not in spec, name
    assert "Only one figure was reported for" in json.dumps(FIGURES["iraq-seizures"]().spec())


def test_reporters_are_named_in_words_not_abbreviations():
    for table in ("seizures", "enforcement"):
        names = set(load(table)["reported_by"].astype(str))
        assert not [n for n in names if re.search(r"\bMoI\b", n)], table
        legend = {short_name(n) for n in names}
        # Iraqi figures no body is named for: one name saying so, not three that look like three bodies.
        assert not legend & {"Iraq official figures", "Iraq official data", "Iraq authorities"}, table


def test_a_body_and_its_unit_are_named_as_the_body_in_a_legend():
    name = "Iraq Ministry of Interior, General Directorate of Narcotics and Psychotropic Substances (media director)"
    assert short_name(name) == "Iraq Ministry of Interior"


def test_one_counter_is_one_series_with_one_colour():
    """Iran Human Rights counts; ECPM co-publishes its annual report: one name in the legend, one colour."""
    series = set(FIGURES["executions"]().table["series"])
    assert len([s for s in series if "Iran Human Rights" in s]) == 1, series
    iraq = set(FIGURES["iraq-enforcement"]().table["series"])
    assert not [s for s in iraq if "MoI" in s or s == "Iraq Ministry"], iraq


def test_every_kind_of_source_is_written_in_words():
    kinds = set(load("sources")["kind"].astype(str))
    assert kinds <= set(KIND_WORDS), kinds - set(KIND_WORDS)
    row = load("sources").iloc[0]
    assert source_name(row).kind_words == KIND_WORDS[str(row["kind"])]
    assert KIND_WORDS["ngo"] == "non-governmental organisation"


def test_the_sources_page_writes_kinds_in_words_and_no_placeholder(site):
    html = (site / "book" / "sources.html").read_text(encoding="utf-8")
    kinds = set(re.findall(r"<em>Kind: ([^<(]+?)(?: \(official claims\))?</em>", html))
    assert "non-governmental organisation" in kinds and kinds <= set(KIND_WORDS.values()), kinds
    assert "none yet" not in html


PHONES = [(390, 844), (320, 700)]
TABLE_PAGES = ["book/afghanistan.html", "book/iraq.html", "book/cooperation.html", "book/syria-lebanon.html"]

MEASURE_TABLES = """() => {
  const out = {scroll: document.documentElement.scrollWidth - window.innerWidth, outside: [], narrow: [], tall: []};
  for (const details of document.querySelectorAll('details.briefing-chart-table')) {
    details.open = true;
    const box = details.getBoundingClientRect();
    for (const td of details.querySelectorAll('td')) {
      const r = td.getBoundingClientRect();
      if (!r.width) continue;  // an empty cell, hidden
      if (r.right > window.innerWidth + 1 || r.left < -1) out.outside.push(td.dataset.label + ' ' + Math.round(r.left) + '-' + Math.round(r.right));
      if (td.classList.contains('briefing-evidence') && r.width < 0.6 * box.width) out.narrow.push(Math.round(r.width) + '<' + Math.round(box.width));
    }
    for (const tr of details.querySelectorAll('tbody tr')) {
      const r = tr.getBoundingClientRect();
      if (r.height > 1200) out.tall.push(Math.round(r.height));
    }
  }
  return out;
}"""


@pytest.mark.parametrize("size", PHONES, ids=["390", "320"])
def test_on_a_phone_every_column_of_the_table_view_reads(site, served, browser, size):
    """Opened on a phone, the table view shows each row as a card: every cell inside the screen, the source's
    words as wide as the card (not a column one letter wide), and no row taller than a few screens."""
    from test_responsive import open_page

    for page_name in TABLE_PAGES:
        context, page = open_page(browser, f"{served}/{page_name}", size)
        try:
            found = page.evaluate(MEASURE_TABLES)
            assert found["scroll"] <= 0, (page_name, found["scroll"])
            assert not found["outside"], (page_name, found["outside"][:5])
            assert not found["narrow"], (page_name, found["narrow"][:5])
            assert not found["tall"], (page_name, found["tall"][:5])
            first = page.locator("details.briefing-chart-table td").first
            label = first.evaluate("td => getComputedStyle(td, '::before').content")
            assert label.strip('"').endswith(": "), label  # each value says which column it is
        finally:
            context.close()
