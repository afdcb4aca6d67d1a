"""The book's MyST roles as a reader of a chapter in JupyterLab sees them, and back (:mod:`briefing.lab`).

Each ``show_*`` turns one kind of markup into what the site shows, in a span or a comment that keeps the
markup; its ``hide_*`` turns it back, whatever the span reads by then, so saving changes only the text that
was edited: glued numbers (``{glue:text}``) and texts (``{glue:md}``), ``{numref}`` and ``{doc}`` links,
``{glue:figure}`` captions. The values come straight from the chapter's code cells and ``_toc.yml``'s
pages, before any cell runs.
"""

from __future__ import annotations

import ast
import html
import re
from pathlib import Path

from briefing import CURRENCY_FUNCTIONS

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
CURRENCY = set(CURRENCY_FUNCTIONS)
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
