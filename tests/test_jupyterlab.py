"""The chapters live in JupyterLab: a chapter opens as a notebook, runs, draws its charts offline, and an
ipywidget changes its chart in place. The server is started by the test and stopped afterwards."""

from __future__ import annotations

import pytest
from conftest import ROOT, checkout
from workspace import jupyterlab, run_chapter_in_lab

from briefing.lab import figure_numbers, glued_numbers, page_titles

CHAPTER = "book/cooperation.md"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    repo = checkout(tmp_path_factory.mktemp("lab-checkout"))  # JupyterLab may save what it opens: not ours
    with jupyterlab(repo) as (url, token):
        yield url, token


def test_chapter_runs_in_jupyterlab_and_a_widget_changes_its_chart(lab, browser):
    url, token = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    outside: list[str] = []

    def route(r):
        if r.request.url.startswith("http://127.0.0.1"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    try:
        run_chapter_in_lab(page, url, token, CHAPTER)  # opened as a notebook, run, a chart drawn
        # Run All keeps the reader at the top of the chapter (JupyterLab alone jumps to the Sources list)
        page.wait_for_timeout(1000)
        view = page.evaluate(
            """() => { const nb = window.jupyterapp.shell.currentWidget.content;
              const box = nb.outerNode.getBoundingClientRect(), title = nb.widgets[0].node.getBoundingClientRect();
              return {scrolled: nb.outerNode.scrollTop, active: nb.activeCellIndex, cells: nb.widgets.length,
                      titleShown: title.top >= box.top && title.bottom <= box.bottom} }"""
        )
        assert view["titleShown"] and view["scrolled"] == 0, f"Run All moved the view away from the title: {view}"
        assert view["active"] == 0, f"Run All moved the active cell to the end: {view}"
        dropdown = page.locator(".jp-OutputArea-output .widget-dropdown select").first
        dropdown.wait_for(timeout=30000)
        panel = page.locator(".jp-OutputArea-output .widget-vbox", has=page.locator(".widget-dropdown select")).first
        svg = panel.locator(".vega-embed svg").first
        before = svg.inner_html()
        chosen = dropdown.evaluate("el => el.selectedIndex")
        dropdown.select_option(index=1 if chosen != 1 else 2)
        page.wait_for_function("([el, old]) => el.innerHTML !== old", arg=[svg.element_handle(), before], timeout=10000)
        assert svg.inner_html() != before
        assert not [u for u in outside if "vega" in u or "cdn" in u or "unpkg" in u], outside
    except Exception:
        (ROOT / "_build").mkdir(exist_ok=True)
        page.screenshot(path=str(ROOT / "_build" / "jupyterlab-failure.png"))
        raise
    finally:
        page.close()


def test_a_chapter_opened_run_and_saved_in_jupyterlab_leaves_git_clean(tmp_path, browser):
    """The chapter opens with its set-up cells collapsed and its prose rendered as MyST (jupyterlab-myst:
    the key-points box, links) with the glued numbers in it and its figures numbered and referred to as on
    the site, and JupyterLab writes it back through jupytext exactly as git holds it (header included,
    roles and directives restored)."""
    import subprocess

    import jupytext

    repo = checkout(tmp_path / "repo")

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout

    git("init", "-q")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "copy")
    saved_before = (repo / CHAPTER).stat().st_mtime_ns
    with jupyterlab(repo) as (url, token):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        try:
            run_chapter_in_lab(page, url, token, CHAPTER)
            collapsed = page.evaluate(
                "() => window.jupyterapp.shell.currentWidget.content.widgets"
                ".filter(c => c.model.type === 'code').map(c => c.inputHidden)"
            )
            assert collapsed and all(collapsed), f"set-up cells not all collapsed: {collapsed}"
            sources = page.evaluate(
                "() => window.jupyterapp.shell.currentWidget.content.widgets"
                ".filter(c => c.model.type === 'markdown').map(c => c.model.sharedModel.getSource())"
            )
            assert not [t for t in sources if "{glue:text}" in t], "the prose shows glue markup, not numbers"
            assert "Reading this chapter live" in sources[1], "no note on reading the chapter live under the title"
            page.evaluate("() => window.jupyterapp.shell.currentWidget.content.scrollToItem(0)")
            page.wait_for_timeout(1000)
            key_points = page.locator(".jp-MarkdownCell", has_text="Key points").first
            numbers = glued_numbers([c.source for c in jupytext.read(repo / CHAPTER).cells if c.cell_type == "code"])
            shown = [f"{v:,.0f}" for v in numbers.values()]
            assert any(number in key_points.inner_text() for number in shown), key_points.inner_text()
            assert "glue" not in key_points.inner_text()
            assert ":::" not in key_points.inner_text() and ":class:" not in key_points.inner_text()  # MyST
            figure = figure_numbers(repo)["fig-coop-seizures"]
            rendered = page.evaluate(
                """async () => { const nb = window.jupyterapp.shell.currentWidget.content, shown = [];
                  for (const [i, c] of nb.widgets.entries()) {
                    if (c.model.type !== 'markdown') continue;
                    await nb.scrollToItem(i, 'start'); await new Promise(r => setTimeout(r, 100));
                    shown.push(c.node.innerText);
                  }
                  await nb.scrollToItem(0, 'start'); return shown.join('\\n'); }"""
            )
            assert f"(Fig. {figure + 1})" in rendered and f"Fig. {figure} Seizure totals reported" in rendered, rendered
            assert "Unknown Directive" not in rendered and "fig-coop" not in rendered, rendered
            assert "coop_newest" not in rendered, "a date glued from the data shows as its name"
            assert f"({page_titles(repo / 'book')['iran']})" in rendered, "a {doc} link shows the bare name"
            assert not [e for e in errors if "Cross reference" in e], errors
            page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
            page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model.dirty", timeout=30000)
        finally:
            page.close()
    assert (repo / CHAPTER).stat().st_mtime_ns != saved_before, "JupyterLab did not save the chapter"
    assert not git("status", "--porcelain", "--untracked-files=no"), f"saving changed the chapter:\n{git('diff')}"


def test_jupyterlab_opens_on_the_landing_chapter_as_a_notebook(tmp_path, browser):
    """A fresh `python -m briefing lab` (its own empty workspace) shows the landing chapter, not a Launcher."""
    repo = checkout(tmp_path / "repo")
    with jupyterlab(repo) as (url, token):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            page.goto(f"{url}/?token={token}")
            page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90000)
            assert page.url.split("?")[0].endswith("/lab/tree/book/index.md"), page.url
            title = page.evaluate("() => window.jupyterapp.shell.currentWidget.title.label")
            assert title == "index.md"
        finally:
            page.close()
