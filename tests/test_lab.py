"""How `python -m briefing lab` shows a chapter (briefing.lab), without JupyterLab: figures numbered and
referred to as on the site, dates and texts glued from the data in place, and every change undone exactly
on saving. tests/test_jupyterlab.py checks
the same in a running JupyterLab."""

from __future__ import annotations

import copy
import re

import jupytext
import nbformat
from workspace import ROOT

from briefing.checks import book_chapters
from briefing.lab import figure_numbers, for_reading, for_saving, page_titles


def _read(chapter):
    return nbformat.from_dict(jupytext.read(chapter)).cells


def test_every_chapter_opens_with_numbered_figures_and_saves_back_unchanged():
    figures = figure_numbers(ROOT)
    for chapter in book_chapters(ROOT):
        cells = _read(chapter)
        shown = copy.deepcopy(cells)
        for_reading(shown, figures, chapter=True, titles=page_titles(chapter.parent))
        prose = "\n".join(c.source for c in shown if c.cell_type == "markdown")
        assert "{numref}" not in prose, f"{chapter.name}: a figure reference left as markup"
        assert "{glue:figure}" not in prose, f"{chapter.name}: a figure left as a directive jupyterlab-myst cannot show"
        assert "{glue:md}" not in prose, f"{chapter.name}: a date or text left as markup"
        assert "{doc}" not in prose, f"{chapter.name}: a link to a chapter left as its bare name"
        for_saving(shown)
        assert [(c.cell_type, c.source, c.metadata) for c in shown] == [
            (c.cell_type, c.source, c.metadata) for c in cells
        ], chapter.name


def test_a_reference_reads_as_the_figure_number_and_the_figure_shows_its_caption():
    figures = {"fig-a": 18}
    cells = [
        nbformat.v4.new_markdown_cell(
            "As {numref}`fig-a` and {numref}`Figure %s <fig-a>` show, but not {numref}`tab-x`.\n\n"
            "```{glue:figure} a\n:name: fig-a\n\nWhat the chart shows.\n```\n\nMore prose."
        )
    ]
    original = copy.deepcopy(cells)
    for_reading(cells, figures, chapter=False)
    text = cells[0].source
    assert re.search(r"As <span [^>]*>Fig\. 18</span> and <span [^>]*>Figure 18</span> show", text), text
    assert "{numref}`tab-x`" in text  # not a figure: left for `python -m briefing check` to name
    assert "**Fig. 18** What the chart shows.\n\nMore prose." in text
    cells[0].source = text.replace("More prose.", "More prose, edited.")  # an edit made live
    for_saving(cells)
    assert cells[0].source == original[0].source.replace("More prose.", "More prose, edited.")
    assert cells[0].metadata == {}


def test_figures_are_numbered_as_the_site_numbers_them(site):
    shown = {}
    for page in sorted((site / "book").glob("*.html")):
        html = page.read_text(encoding="utf-8")
        for label, number in re.findall(
            r'<figure[^>]*id="([^"]+)"[^>]*>.*?<span class="caption-number">Fig\. (\d+)', html, re.DOTALL
        ):
            shown[label] = int(number)
    assert shown and shown == figure_numbers(ROOT)


def test_dates_glued_from_the_data_show_in_the_prose():
    code = [
        'changes = b.what_changed(months=12)\nb.glue_text(start=changes.start_text, newest=b.newest_figure(["IRN"]))'
    ]
    cells = [
        nbformat.v4.new_code_cell(code[0]),
        nbformat.v4.new_markdown_cell("From {glue:md}`start`; {glue:md}`newest`."),
    ]
    for_reading(cells, {}, chapter=False)
    shown = cells[1].source
    assert "{glue:md}" not in shown and re.search(r">\d{1,2} \w+ \d{4}</span>", shown), shown
    for_saving(cells)
    assert cells[1].source == "From {glue:md}`start`; {glue:md}`newest`."


def test_the_plugin_that_keeps_the_place_on_run_all_is_found_where_briefing_lab_points():
    """JupyterLab finds the book's plugin (briefing/labextension, no build step) as it finds any prebuilt
    extension; tests/test_jupyterlab.py checks what it does."""
    from pathlib import Path

    from jupyterlab_server.config import get_federated_extensions

    found = get_federated_extensions([str(ROOT / "briefing" / "labextension")])
    plugin = found["briefing-lab"]
    assert (Path(plugin["ext_path"]) / plugin["jupyterlab"]["_build"]["load"]).is_file()


def test_a_caption_edited_live_is_saved_as_the_figure_s_caption():
    source = "Prose.\n\n```{glue:figure} a\n:name: fig-a\n\nWhat the chart shows.\n```\n\nMore prose."
    cells = [nbformat.v4.new_markdown_cell(source)]
    for_reading(cells, {"fig-a": 3}, chapter=False)
    cells[0].source = cells[0].source.replace("What the chart shows.", "What the chart shows, reworded.")
    for_saving(cells)
    assert cells[0].source == source.replace("What the chart shows.", "What the chart shows, reworded.")
