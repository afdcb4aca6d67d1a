"""Live in JupyterLab: a panel of ipywidgets drives the same chart through alt.JupyterChart."""

from __future__ import annotations

import altair as alt
import ipywidgets as w
import pytest

import briefing as b
from briefing.widgets import controls, panel


@pytest.fixture(scope="module")
def opium_panel():
    return panel(b.figures.opium(title="t"))


def test_panel_replaces_every_bound_control_with_a_widget(opium_panel):
    chart = opium_panel.chart
    spec = chart.chart.to_dict()
    assert all("bind" not in p or p["bind"] in ("legend", "scales") for p in spec.get("params", []))
    kinds = {type(widget).__name__ for widget in opium_panel.children}
    assert {"ToggleButtons", "IntRangeSlider", "JupyterChart"} <= kinds


def test_toggle_changes_the_chart_parameter(opium_panel):
    toggle = opium_panel.controls["measure"]
    other = next(o for o in toggle.options if o != toggle.value)
    toggle.value = other
    assert opium_panel.chart.params.measure == other


def test_range_slider_sets_both_ends(opium_panel):
    slider = opium_panel.controls["year_from"]
    slider.value = (2010, 2020)
    assert (opium_panel.chart.params.year_from, opium_panel.chart.params.year_to) == (2010, 2020)


def test_dropdown_changes_the_chart_parameter():
    live = panel(b.figures.timeline(title="t"))
    dropdown = live.controls["kind"]
    assert isinstance(dropdown, w.Dropdown)
    dropdown.value = "agreement"
    assert live.chart.params.kind == "agreement"


def test_the_static_chart_keeps_its_own_controls():
    figure = b.figures.seizures(title="t")
    _, made = controls(figure.chart)
    # One drop-down over the combinations of measure, kind of figure and drug that hold data (no empty view)
    assert [names for _, names in made] == [["show"]]
    # the original is untouched: every control still bound to its input (the live-only list has none; a
    # click on a country's name is a selection, not a control)
    params = figure.spec()["params"]
    assert all("bind" in p for p in params if not p["name"].endswith("_in") and "select" not in p)
    assert [p["name"] for p in params if "bind" in p] == ["show"]


def test_panel_runs_offline():
    import re

    panel(b.figures.opium(title="t"))
    assert not re.search(r"""(import|from)\s*\(?\s*["']https?://""", alt.JupyterChart._esm)  # bundled, not fetched
    assert len(alt.JupyterChart._esm) > 500_000  # the Vega runtime itself travels with the widget


def test_after_show_live_panels_a_figure_displays_as_a_widget(monkeypatch):
    from briefing import display

    figure = b.figures.opium(title="t")
    assert "application/vnd.jupyter.widget-view+json" not in figure._repr_mimebundle_()
    monkeypatch.setattr(display, "_live_panels", False)
    b.show_live_panels()  # what `python -m briefing lab` runs for each chapter
    assert "application/vnd.jupyter.widget-view+json" in figure._repr_mimebundle_()


def test_select_multiple_keeps_only_the_chosen_countries():
    live = panel(b.figures.seizures(["IRN", "IRQ"], title="t"))
    choose = live.controls["country_in"]
    assert isinstance(choose, w.SelectMultiple) and set(choose.options) == {"Iran", "Iraq"}
    choose.value = ("Iraq",)
    assert live.chart.params.country_in == ["Iraq"]


def test_the_static_site_gets_no_input_for_the_live_only_list():
    spec = b.figures.seizures(["IRN", "IRQ"], title="t").spec()
    (country_in,) = [p for p in spec["params"] if p["name"] == "country_in"]
    assert "bind" not in country_in and country_in["value"] == []


def test_drop_downs_show_readable_labels_and_set_the_code():
    live = panel(b.figures.timeline(title="t"))
    dropdown = live.controls["kind"]
    assert all("_" not in label and label[:1] == label[:1].upper() for label, _ in dropdown.options)
    dropdown.label = next(label for label, code in dropdown.options if code == "agreement")
    assert live.chart.params.kind == "agreement"


def test_glued_numbers_are_listed_readably_when_a_chapter_runs_live():
    facts = b.glue_facts(n_sources="count:sources", per=1)
    assert facts == {"n_sources": b.value("count:sources")}
    shown = facts._repr_markdown_()
    assert f"`n_sources` = **{facts['n_sources']:,}** from `count:sources`" in shown


def test_every_chapter_shows_its_numbers_live_and_saves_back_unchanged():
    """What `python -m briefing lab` does to a chapter's prose is undone exactly on saving."""
    import jupytext
    from workspace import ROOT

    from briefing.lab import glued_numbers, hide_numbers, show_numbers
    from briefing.myst_source import book_chapters

    for chapter in book_chapters(ROOT):
        cells = jupytext.read(chapter).cells
        numbers = glued_numbers([c.source for c in cells if c.cell_type == "code"])
        for cell in cells:
            if cell.cell_type == "markdown":
                shown = show_numbers(cell.source, numbers)
                assert hide_numbers(shown) == cell.source, chapter.name
                assert "{glue:text}" not in shown, f"{chapter.name}: a number left as markup"


def test_a_figure_with_a_title_per_view_is_headed_by_the_title_of_the_view_picked():
    """In JupyterLab, as on the site: Iran's 'peaked around 2020' heads its opening view only."""
    live = panel(b.figures.seizures(["IRN"], title="Peaked around 2020"))
    assert live.heading.value == "<b>Peaked around 2020</b>"
    dropdown = live.controls["show"]
    other = dropdown.options[1]
    dropdown.value = other
    assert live.chart.params.show == other and live.heading.value == f"<b>Reported: {other}</b>"
    assert live.children.index(live.heading) == live.children.index(live.chart) - 1  # right above the chart
