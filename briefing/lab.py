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

import ast
import html
import re
from pathlib import Path

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


def _parsed(code_cells: list[str]):
    """Each code cell as Python, its IPython lines (``%``, ``!``) blanked; a cell that is not Python is skipped
    (``python -m briefing check`` names it)."""
    for source in code_cells:
        lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
        try:
            yield ast.parse("\n".join(lines))
        except SyntaxError:
            continue


def glued_numbers(code_cells: list[str]) -> dict[str, float]:
    """{name: value} for every reference the chapter's ``glue_facts`` calls name, read from the data."""
    from briefing import facts

    numbers = {}
    for tree in _parsed(code_cells):
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


#: The book's functions that state how current the data are (briefing.currency): a chapter glues their
#: text with ``b.glue_text(name=b.newest_figure(["IRN"]))`` and shows it with ``{glue:md}`name```.
CURRENCY = {
    "count_events",
    "latest_event",
    "newest_edition",
    "newest_figure",
    "newest_year",
    "next_edition",
    "what_changed",
}
GLUE_MD = re.compile(r"\{glue:md\}`(?P<name>[^`:]+)`")
MD_SHOWN = re.compile(r'<span data-glue-md="(?P<name>[^"]*)"[^>]*>.*?</span>', re.DOTALL)
MD_BLOCK = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{glue(?::md)?\}[ \t]*(?P<name>\S+)[^\n]*\n(?:.*\n)*?(?P=fence)[ \t]*$", re.MULTILINE
)


def _made(node: ast.AST, made: dict[str, object]) -> object | None:
    """What ``b.<currency function>(<plain values>)``, or an attribute of what one made, gives; else None."""
    from briefing import currency

    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and not node.attr.startswith("_"):
        return getattr(made.get(node.value.id), node.attr, None)
    name = getattr(getattr(node, "func", None), "attr", "")
    if not (isinstance(node, ast.Call) and name in CURRENCY):
        return None
    try:
        args = [ast.literal_eval(a) for a in node.args]
        kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}
        return getattr(currency, name)(*args, **kwargs)
    except (ValueError, KeyError, TypeError, IndexError):  # `python -m briefing check` and the build name it
        return None


def glued_texts(code_cells: list[str]) -> dict[str, str]:
    """{name: text} for each ``b.glue_text(name=...)`` in the chapter whose text one of the book's currency
    functions gives (``b.newest_figure(["IRN"])``, ``changes.start_text`` after
    ``changes = b.what_changed(months=12)``), computed from the data; anything else is left to the kernel."""
    texts: dict[str, str] = {}
    made: dict[str, object] = {}
    for tree in _parsed(code_cells):
        for statement in tree.body:
            if isinstance(statement, ast.Assign) and [type(t) for t in statement.targets] == [ast.Name]:
                made[statement.targets[0].id] = _made(statement.value, made)
            call = getattr(statement, "value", None)
            if isinstance(call, ast.Call) and getattr(call.func, "attr", "") == "glue_text":
                for keyword in call.keywords:
                    text = _made(keyword.value, made) if keyword.arg else None
                    if text is not None:
                        texts[keyword.arg] = text._repr_markdown_() if hasattr(text, "_repr_markdown_") else str(text)
    return texts


def show_texts(text: str, texts: dict[str, str]) -> str:
    def shown(match):
        name = match["name"]
        if name not in texts:
            return match[0]
        return f'<span data-glue-md="{name}" title="from the data: {name}">{texts[name]}</span>'

    return GLUE_MD.sub(shown, text)


def hide_texts(text: str) -> str:
    return MD_SHOWN.sub(lambda m: f"{{glue:md}}`{m['name']}`", text)


def show_md_blocks(text: str) -> tuple[str, list[dict]]:
    """A ``{glue}`` or ``{glue:md}`` block (the source list) is the output of the cell above it when the chapter runs
    live: the directive, which jupyterlab-myst does not know, opens as a MyST comment that shows nothing."""
    kept: list[dict] = []

    def shown(match):
        comment = f"% {match['name']}: shown by the cell above when it runs"
        kept.append({"shown": comment, "source": match[0]})
        return comment

    return MD_BLOCK.sub(shown, text), kept


NUMREF = re.compile(r"\{numref\}`(?P<content>(?:(?P<text>[^`<]*)<)?(?P<label>[^`<>]+)>?)`")
REF_SHOWN = re.compile(r'<span data-numref="(?P<content>[^"]*)"[^>]*>.*?</span>', re.DOTALL)
FIGURE = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{glue:figure\}[ \t]*[^\n]*\n(?P<body>(?:.*\n)*?)(?P=fence)[ \t]*$", re.MULTILINE
)
OPTION = re.compile(r"^:(?P<key>\w[\w-]*):[ \t]*(?P<value>.*)$")


def figure_numbers(root: Path) -> dict[str, int]:
    """{label: number} of every labelled figure, as the site numbers it: the chapters carry no section
    numbers, so Sphinx counts figures on through the book in the order of _toc.yml."""
    from briefing.myst_source import blocks, toc_order

    numbers: dict[str, int] = {}
    for document in toc_order(root):
        path = root / f"{document}.md"
        if path.exists():
            for block in blocks(path.read_text(encoding="utf-8")):
                if block.directive in ("glue:figure", "figure") and block.options.get("name"):
                    numbers[block.options["name"]] = len(numbers) + 1
    return numbers


def figure_label(number: int) -> str:
    return f"Fig. {number}"  # Sphinx's numfig_format for figures, as the site prints it


def show_refs(text: str, figures: dict[str, int]) -> str:
    def shown(match):
        label, wording = match["label"].strip(), match["text"]
        if label not in figures:
            return match[0]  # not a figure of the book: `python -m briefing check` names it
        number = figures[label]
        if wording is not None and wording.strip():
            words = wording.strip().replace("%s", str(number)).replace("{number}", str(number))
        else:
            words = figure_label(number)
        content = html.escape(match["content"])
        return f'<span data-numref="{content}" title="a reference to {content}">{html.escape(words)}</span>'

    return NUMREF.sub(shown, text)


def hide_refs(text: str) -> str:
    return REF_SHOWN.sub(lambda m: f"{{numref}}`{html.unescape(m['content'])}`", text)


DOC = re.compile(r"\{doc\}`(?P<content>(?:(?P<text>[^`<]*)<)?(?P<target>[^`<>]+)>?)`")
DOC_SHOWN = re.compile(r'<span data-doc="(?P<content>[^"]*)">.*?</span>', re.DOTALL)


def page_titles(folder: Path) -> dict[str, str]:
    """{document name: title} of the pages in ``folder`` (``iran``: "Iran: the transit state")."""
    titles = {}
    for page in sorted(folder.glob("*.md")):
        heading = re.search(r"^# (.+)$", page.read_text(encoding="utf-8"), re.MULTILINE)
        if heading:
            titles[page.stem] = heading[1].strip()
    return titles


def show_docs(text: str, titles: dict[str, str]) -> str:
    """A ``{doc}`iran``` link, which jupyterlab-myst shows as the bare name, reads as the page's title
    and opens the chapter in JupyterLab."""

    def shown(match):
        target = match["target"].strip()
        if target not in titles or '"' in match["content"]:
            return match[0]
        words = (match["text"] or "").strip() or titles[target]
        return f'<span data-doc="{html.escape(match["content"])}">[{words}]({target}.md)</span>'

    return DOC.sub(shown, text)


def hide_docs(text: str) -> str:
    return DOC_SHOWN.sub(lambda m: f"{{doc}}`{html.unescape(m['content'])}`", text)


def show_figures(text: str, figures: dict[str, int]) -> tuple[str, list[dict]]:
    """The text with each ``{glue:figure}`` shown as its numbered caption, and what it takes to put the
    directives back on saving, the caption as edited in JupyterLab included."""
    kept: list[dict] = []

    def shown(match):
        lines = match["body"].splitlines()
        options = {}
        while lines and OPTION.match(lines[0]):
            option = OPTION.match(lines.pop(0))
            options[option["key"]] = option["value"].strip()
        caption = "\n".join(lines).strip()
        number = figures.get(options.get("name", ""))
        if number is None or not caption:
            return match[0]
        text = f"**{figure_label(number)}** {caption}"
        head = match[0][: match[0].rindex(caption)]  # the opening fence, the options and the blank line
        kept.append({"shown": text, "source": match[0], "head": head, "paragraphs": caption.count("\n\n") + 1})
        return text

    return FIGURE.sub(shown, text), kept


def hide_figures(text: str, kept: list[dict]) -> str:
    for figure in kept:
        if figure["shown"] in text:
            text = text.replace(figure["shown"], figure["source"], 1)
        elif "head" in figure:  # the caption was edited: the directive around the new caption
            label = figure["shown"][: figure["shown"].index("** ") + 3]
            start = text.find(label)
            if start < 0:
                continue  # the caption was deleted: so is the figure
            after = start + len(label)
            paragraphs = text[after:].split("\n\n")
            caption = "\n\n".join(paragraphs[: figure["paragraphs"]]).rstrip("\n")
            fence = figure["head"].split("{", 1)[0]
            directive = f"{figure['head']}{caption}\n{fence}"
            text = text[:start] + directive + text[after + len(caption) :]
    return text


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
