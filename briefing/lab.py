"""How JupyterLab shows a chapter (``python -m briefing lab``): like the book, not like its markup.

This contents manager is jupytext's (chapters open as notebooks) with these steps added each way:

- A short note on reading the chapter live opens under its title (a cell marked in its metadata).
- A hidden set-up cell after the chapter's first calls ``b.show_live_panels()``: the kernel then shows
  each chart as an ipywidgets panel rather than the bundle the book build renders.
- The chapters' set-up cells (``:tags: [remove-cell]``: imports, ``glue_facts``, figure glue), which the
  site does not show, open collapsed, so a chapter reads as prose first.
- The numbers glued from the data show in the prose: ``{glue:text}`irn_tons:,.0f``` opens as the
  number, formatted as on the site, in a span that holds the role
  (``<span data-glue="irn_tons:,.0f" title="...">250</span>``; hover it to see the role). The numbers
  come straight from the data (the references of the chapter's ``glue_facts`` calls), before any cell runs.
- Dates and texts glued from the data (``{glue:md}`iran_newest```, made by ``b.glue_text`` from the
  book's currency functions) show the same way, and a ``{glue:md}`` block (the source list, which the
  cell above it shows when it runs) opens as a MyST comment.
- A ``{doc}`iran``` link reads as the chapter's title, a Markdown link that opens the chapter.
- Figures are numbered as on the site: a ``{glue:figure}`` (a directive jupyterlab-myst does not know)
  opens as its caption under the chart, "**Fig. 18** Seizures reported by ...", and a
  ``{numref}`fig-coop-seizures``` as "Fig. 18" in a span that holds the role, as numbers are.

On saving, all of it is undone (the note and the panel cell are left out, each span becomes its role again whatever it reads,
each caption its directive, kept in the cell's metadata while the chapter is open; the collapsing is
forgotten), so the file on disk, and git, change only where the text was edited.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
from jupytext.async_contentsmanager import build_async_jupytext_contents_manager_class

from briefing.lab_markup import (
    figure_numbers,
    glued_numbers,
    glued_texts,
    hide_docs,
    hide_figures,
    hide_numbers,
    hide_refs,
    hide_texts,
    page_titles,
    show_docs,
    show_figures,
    show_md_blocks,
    show_numbers,
    show_refs,
    show_texts,
)

#: Tags whose cells the site does not show: they open collapsed in JupyterLab.
SET_UP_TAGS = {"remove-cell", "remove-input", "hide-input", "hide-cell"}


def _is_set_up(cell) -> bool:
    tags = (cell.get("metadata") or {}).get("tags") or []
    return cell.get("cell_type") == "code" and bool(SET_UP_TAGS & set(tags))


#: The note shown under a chapter's title in JupyterLab, never saved into the chapter.
LIVE_NOTE = (
    "**Reading this chapter live.** *Run ▸ Run All Cells* draws the charts; each chart has its own "
    "controls above it. The collapsed cells (•••) set the chapter up; the numbers in the text come from "
    '`data/` through them. The data are one import away: `import briefing as b; b.load("seizures")`. '
    "Saving writes the chapter back as git holds it (this note is not part of it)."
)
NOTE_MARK = "briefing-live-note"
DIRECTIVES_KEPT = "briefing-directives"  # a cell's {glue:figure} and {glue:md} directives while open
#: A set-up cell added after the chapter's first one, never saved: charts become ipywidgets panels.
LIVE_PANELS = "b.show_live_panels()  # JupyterLab only: each chart as a live panel (not saved)"
LIVE_MARK = "briefing-live-panels"


def _source(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def for_reading(cells: list, figures: dict[str, int], chapter: bool, titles: dict[str, str] | None = None) -> None:
    """Change a chapter's cells (nbformat dicts) in place as JupyterLab should show them; ``titles`` are
    the titles of the pages beside it, for its ``{doc}`` links."""
    code = [_source(c) for c in cells if c.get("cell_type") == "code"]
    numbers, texts = glued_numbers(code), glued_texts(code)
    for cell in cells:
        if _is_set_up(cell):
            cell["metadata"].setdefault("jupyter", {})["source_hidden"] = True
        elif cell.get("cell_type") == "markdown":
            text, kept = show_figures(_source(cell), figures)
            text, blocks = show_md_blocks(text)
            if kept + blocks:
                cell.setdefault("metadata", {})[DIRECTIVES_KEPT] = kept + blocks
            cell["source"] = show_docs(show_texts(show_numbers(show_refs(text, figures), numbers), texts), titles or {})
    code_at = [i for i, c in enumerate(cells) if c.get("cell_type") == "code"]
    if chapter and code_at:
        live = nbformat.v4.new_code_cell(LIVE_PANELS, metadata={LIVE_MARK: True, "tags": ["remove-cell"]})
        live["metadata"]["jupyter"] = {"source_hidden": True}
        cells.insert(code_at[0] + 1, live)  # after the chapter's `import briefing as b`
        under_title = 1 if cells[0].get("cell_type") == "markdown" else 0
        cells.insert(under_title, nbformat.v4.new_markdown_cell(LIVE_NOTE, metadata={NOTE_MARK: True}))


def for_saving(cells: list) -> None:
    """Undo :func:`for_reading` in place, whatever JupyterLab did to the cells in between."""
    cells[:] = [c for c in cells if not {NOTE_MARK, LIVE_MARK} & set(c.get("metadata") or {})]
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            kept = (cell.get("metadata") or {}).pop(DIRECTIVES_KEPT, [])
            cell["source"] = hide_figures(hide_refs(hide_numbers(hide_texts(hide_docs(_source(cell))))), kept)
        if _is_set_up(cell):
            view = cell["metadata"].get("jupyter", {})
            view.pop("source_hidden", None)
            if not view:
                cell["metadata"].pop("jupyter", None)


class ChapterContentsManager(build_async_jupytext_contents_manager_class(AsyncLargeFileManager)):
    async def get(self, path, content=True, type=None, format=None, **kwargs):
        model = await super().get(path, content=content, type=type, format=format, **kwargs)
        if model.get("type") == "notebook" and model.get("content"):
            root = Path(self.root_dir)
            titles = page_titles((root / path.strip("/")).parent)
            for_reading(model["content"]["cells"], figure_numbers(root), path.strip("/").startswith("book/"), titles)
        return model

    async def save(self, model, path=""):
        if model.get("type") == "notebook" and model.get("content"):
            for_saving(model["content"]["cells"])
        return await super().save(model, path)
