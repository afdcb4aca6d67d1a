"""How JupyterLab shows a chapter (``python -m briefing lab``): like the book, not like its markup.

This contents manager is jupytext's (chapters open as notebooks) with four steps added each way:

- A short note on reading the chapter live opens under its title (a cell marked in its metadata).
- A hidden set-up cell after the chapter's first calls ``b.show_live_panels()``: the kernel then shows
  each chart as an ipywidgets panel rather than the bundle the book build renders.
- The chapters' set-up cells (``:tags: [remove-cell]``: imports, ``glue_facts``, figure glue), which the
  site does not show, open collapsed, so a chapter reads as prose first.
- The numbers glued from the data show in the prose: ``{glue:text}`irn_tons:,.0f``` opens as the
  number, formatted as on the site, in a span that holds the role
  (``<span data-glue="irn_tons:,.0f" title="...">250</span>``; hover it to see the role). The numbers
  come straight from the data (the references of the chapter's ``glue_facts`` calls), before any cell runs.

On saving, all four are undone (the note and the panel cell are left out, each span becomes its role
again whatever the
number in it reads, the collapsing is forgotten), so the file on disk, and git, change only where the
text was edited.
"""

from __future__ import annotations

import ast
import re

import nbformat
from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
from jupytext.async_contentsmanager import build_async_jupytext_contents_manager_class

#: Tags whose cells the site does not show: they open collapsed in JupyterLab.
SET_UP_TAGS = {"remove-cell", "remove-input", "hide-input", "hide-cell"}


def _is_set_up(cell) -> bool:
    tags = (cell.get("metadata") or {}).get("tags") or []
    return cell.get("cell_type") == "code" and bool(SET_UP_TAGS & set(tags))


GLUE_TEXT = re.compile(r"\{glue:text\}`(?P<content>(?P<name>[^`:]+)(?::(?P<fmt>[^`]*))?)`")
SHOWN = re.compile(r'<span data-glue="(?P<content>[^"]*)"[^>]*>.*?</span>', re.DOTALL)


def glued_numbers(code_cells: list[str]) -> dict[str, float]:
    """{name: value} for every reference the chapter's ``glue_facts`` calls name, read from the data."""
    from briefing import facts

    numbers = {}
    for source in code_cells:
        lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
        try:
            tree = ast.parse("\n".join(lines))
        except SyntaxError:
            continue
        for call in ast.walk(tree):
            if not (
                isinstance(call, ast.Call) and getattr(call.func, "attr", getattr(call.func, "id", "")) == "glue_facts"
            ):
                continue
            options = {k.arg: k.value for k in call.keywords if k.arg}
            per = options.pop("per", ast.Constant(1))
            per = per.value if isinstance(per, ast.Constant) else 1
            for name, ref in options.items():
                if isinstance(ref, ast.Constant) and isinstance(ref.value, str):
                    try:
                        numbers[name] = facts.value(ref.value) / per if per != 1 else facts.value(ref.value)
                    except (facts.FactError, ValueError, TypeError):
                        pass  # `python -m briefing check` names the mistake; the role stays as written
    return numbers


def show_numbers(text: str, numbers: dict[str, float]) -> str:
    def shown(match):
        name, fmt, content = match["name"], match["fmt"] or "", match["content"]
        if name not in numbers or '"' in content:
            return match[0]
        try:
            number = format(numbers[name], fmt)
        except (TypeError, ValueError):
            return match[0]
        return f'<span data-glue="{content}" title="from the data: {content}">{number}</span>'

    return GLUE_TEXT.sub(shown, text)


def hide_numbers(text: str) -> str:
    return SHOWN.sub(lambda m: f"{{glue:text}}`{m['content']}`", text)


#: The note shown under a chapter's title in JupyterLab, never saved into the chapter.
LIVE_NOTE = (
    "**Reading this chapter live.** *Run ▸ Run All Cells* draws the charts; each chart has its own "
    "controls above it. The collapsed cells (•••) set the chapter up; the numbers in the text come from "
    '`data/` through them. The data are one import away: `import briefing as b; b.load("seizures")`. '
    "Saving writes the chapter back as git holds it (this note is not part of it)."
)
NOTE_MARK = "briefing-live-note"
#: A set-up cell added after the chapter's first one, never saved: charts become ipywidgets panels.
LIVE_PANELS = "b.show_live_panels()  # JupyterLab only: each chart as a live panel (not saved)"
LIVE_MARK = "briefing-live-panels"


def _source(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


class ChapterContentsManager(build_async_jupytext_contents_manager_class(AsyncLargeFileManager)):
    async def get(self, path, content=True, type=None, format=None, **kwargs):
        model = await super().get(path, content=content, type=type, format=format, **kwargs)
        if model.get("type") == "notebook" and model.get("content"):
            cells = model["content"]["cells"]
            numbers = glued_numbers([_source(c) for c in cells if c.get("cell_type") == "code"])
            for cell in cells:
                if _is_set_up(cell):
                    cell["metadata"].setdefault("jupyter", {})["source_hidden"] = True
                elif cell.get("cell_type") == "markdown" and numbers:
                    cell["source"] = show_numbers(_source(cell), numbers)
            code = [i for i, c in enumerate(cells) if c.get("cell_type") == "code"]
            if path.strip("/").startswith("book/") and code:
                live = nbformat.v4.new_code_cell(LIVE_PANELS, metadata={LIVE_MARK: True, "tags": ["remove-cell"]})
                live["metadata"]["jupyter"] = {"source_hidden": True}
                cells.insert(code[0] + 1, live)  # after the chapter's `import briefing as b`
                under_title = 1 if cells[0].get("cell_type") == "markdown" else 0
                cells.insert(under_title, nbformat.v4.new_markdown_cell(LIVE_NOTE, metadata={NOTE_MARK: True}))
        return model

    async def save(self, model, path=""):
        if model.get("type") == "notebook" and model.get("content"):
            cells = model["content"]["cells"]
            cells[:] = [c for c in cells if not {NOTE_MARK, LIVE_MARK} & set(c.get("metadata") or {})]
            for cell in cells:
                if cell.get("cell_type") == "markdown":
                    cell["source"] = hide_numbers(_source(cell))
                if _is_set_up(cell):
                    view = cell["metadata"].get("jupyter", {})
                    view.pop("source_hidden", None)
                    if not view:
                        cell["metadata"].pop("jupyter", None)
        return await super().save(model, path)
