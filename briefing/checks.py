"""A contributor's mistakes in the chapters, each named in one line before any chapter runs.

``check_chapters`` reads the chapters' MyST source (no kernel, no Sphinx) and reports, as
``book/iran.md:42: what is wrong (did you mean ...?)``:

- a ``glue_facts`` reference that finds no row, table or column in the data;
- a ``{glue:...}`` role or ``{glue:figure}`` whose name is glued nowhere in the chapter;
- a ``{glue:figure}`` with no ``:name:`` label or no caption; a label or a figure ``name=`` used twice;
- a ``{numref}`` to a figure label that does not exist, a ``{doc}`` to a page that is not in the book, a
  ``#source-<id>`` link to a source that is not in ``data/sources.csv``;
- a code a figure is asked for (a country, a drug, an indicator) that is nowhere in the data;
- a code cell that is not Python, or longer than three lines;
- an entry of ``_toc.yml`` with no file;
- code or markup a chapter may not hold: any call but ``b.<...>`` and ``glue()``, private names, shell
  lines, raw HTML, ``{raw}``/``{include}`` directives (:mod:`briefing.chapter_safety`).

The book build runs it first (:mod:`briefing.sphinxext.dependencies`), as does ``python -m briefing check`` and pre-commit.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from briefing import facts
from briefing.chapter_safety import unsafe_code, unsafe_markup
from briefing.data import load, read_package

MAX_CODE_LINES = 3
FIGURE_OPTIONS = {"name", "alt", "align", "class", "figclass", "figwidth", "height", "scale", "width"}
FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<directive>[\w:-]+)\}[ \t]*(?P<arg>.*)$")
GLUE_ROLE = re.compile(r"\{glue(?::(?:text|md|any))?\}`(?P<name>[^`:]+)(?::[^`]*)?`")
NUMREF = re.compile(r"\{numref\}`(?:[^`<]*<)?(?P<label>[^`<>]+)>?`")
TARGET = re.compile(r"^\((?P<label>[^)\s]+)\)=\s*$", re.MULTILINE)
DOC = re.compile(r"\{doc\}`(?:[^`<]*<)?(?P<doc>[^`<>]+)>?`")
SOURCE_LINK = re.compile(r"#source-(?P<sid>[a-z0-9][a-z0-9-]*)")


@dataclass(frozen=True)
class Mistake:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Block:
    """A fenced MyST directive: its name, argument, options, body and the line it starts on."""

    directive: str
    arg: str
    line: int
    options: dict[str, str]
    body: list[tuple[int, str]]  # (line number, text) after the options


def blocks(text: str) -> list[Block]:
    """Top-level fenced directives (```{x} or :::{x}), with line numbers counted from 1."""
    found, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        plain = re.match(r"^\s*(`{3,}|~{3,})(?!`*\{)", lines[i])
        if plain and not opening:  # a code example (```md ...): what it shows is not the chapter's
            i += 1
            while i < len(lines) and lines[i].strip() != plain[1]:
                i += 1
            i += 1
            continue
        if not opening:
            i += 1
            continue
        fence = opening["fence"]
        block = Block(opening["directive"], opening["arg"].strip(), i + 1, {}, [])
        i += 1
        in_options = True
        while i < len(lines) and lines[i].rstrip() != fence:
            option = re.match(r"^:(\w[\w-]*):\s*(.*)$", lines[i])
            if in_options and option:
                block.options[option[1]] = option[2].strip()
            else:
                in_options = False
                block.body.append((i + 1, lines[i]))
            i += 1
        found.append(block)
        i += 1
    return found


def prose_lines(text: str) -> str:
    """The chapter with its code cells, plain code blocks (```python, ```md) and MyST comments (``%``)
    blanked, line numbers kept: only what the reader sees is searched for roles and links."""
    lines = text.splitlines()
    for block in blocks(text):
        if block.directive == "code-cell":
            for n, _ in block.body:
                lines[n - 1] = ""
    open_fences: list[tuple[str, bool]] = []  # (fence, is a plain code block), innermost last
    for i, line in enumerate(lines):
        if open_fences and open_fences[-1][1]:  # inside a code example: nothing here is the chapter's
            if line.strip() == open_fences[-1][0]:
                open_fences.pop()
            lines[i] = ""
            continue
        fence = re.match(r"^\s*(`{3,}|~{3,}|:{3,})(.*)$", line)
        if fence:
            mark, rest = fence[1], fence[2].strip()
            if rest.startswith("{"):
                open_fences.append((mark, False))
            elif not rest and open_fences and open_fences[-1][0] == mark:
                open_fences.pop()
            elif not mark.startswith(":"):
                open_fences.append((mark, True))
            lines[i] = ""
        elif line.lstrip().startswith("%"):
            lines[i] = ""
    lines = [re.sub(r"``.*?``", "", line) for line in lines]  # a role shown as code, ``{glue:text}`x` ``
    return "\n".join(lines)


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _call_name(node: ast.Call) -> str:
    return _call_name_of(node.func)


def _call_name_of(node: ast.AST) -> str:
    return getattr(node, "attr", getattr(node, "id", ""))


#: Columns whose values a chapter names when it asks a figure for part of the data.
CODE_COLUMNS = ("country", "drug", "indicator", "kind")


def data_vocabulary() -> set[str]:
    """Every code a figure may be asked for: the allowed values and the values found in code columns."""
    descriptor, tables = read_package()
    words = set()
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            words |= {str(v) for v in field.get("constraints", {}).get("enum", [])}
            if field["name"] in CODE_COLUMNS:
                words |= {row[field["name"]] for row in tables[resource["name"]].rows}
    return words


class Chapter:
    """What one chapter glues, names and refers to, and the mistakes found on the way."""

    def __init__(self, path: Path, shown: str, root: Path | None = None):
        self.shown = shown  # the path as the contributor knows it, e.g. book/iran.md
        self.root = root
        self.text = path.read_text(encoding="utf-8")
        self.prose = prose_lines(self.text)
        self.blocks = blocks(self.text)
        self.mistakes: list[Mistake] = []
        self.glued: set[str] = set()
        self.figure_names: list[tuple[str, int]] = []  # name= of each figure built, for the CSV download
        self.codes: list[tuple[str, str, int]] = []  # (figure function, code asked for, line)
        self.assigned: set[str] = set()  # names the chapter's cells assign, for the code rules
        self.labels: list[tuple[str, int]] = [
            (m["label"], line_of(self.text, m.start())) for m in TARGET.finditer(self.text)
        ]
        for block in self.blocks:
            if block.directive == "code-cell":
                self._read_code(block)
            if "name" in block.options:
                self.labels.append((block.options["name"], block.line))

    def say(self, line: int, message: str) -> None:
        self.mistakes.append(Mistake(self.shown, line, message))

    def _read_code(self, cell: Block) -> None:
        code_lines = [t for _, t in cell.body if t.strip()]
        if len(code_lines) > MAX_CODE_LINES:
            self.say(
                cell.line,
                f"a code cell of {len(code_lines)} lines (at most {MAX_CODE_LINES}): split it in two cells, "
                "or move the code into briefing/",
            )
        first = cell.body[0][0] if cell.body else cell.line + 1
        for line, message in unsafe_code("\n".join(t for _, t in cell.body), self.assigned):
            self.say(first + line - 1, message)
        source = "\n".join("" if t.lstrip().startswith(("%", "!")) else t for _, t in cell.body)
        try:
            tree = ast.parse(source)
        except SyntaxError as err:
            self.say(first + (err.lineno or 1) - 1, f"this code cell is not valid Python: {err.msg}")
            return
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _call_name(node)
            if name == "glue_facts":
                self._read_glue_facts(node, first)
            elif name == "glue" and node.args and isinstance(node.args[0], ast.Constant):
                self.glued.add(str(node.args[0].value))
            elif name == "glue_text":  # b.glue_text(name=markdown, ...): each keyword is a glued name
                self.glued.update(k.arg for k in node.keywords if k.arg)
            if getattr(node.func, "value", None) is not None and _call_name_of(node.func.value) == "figures":
                self._read_figure_codes(node, name, first)
            for keyword in node.keywords:
                if keyword.arg == "name" and isinstance(keyword.value, ast.Constant) and name != "glue":
                    self.figure_names.append((str(keyword.value.value), first + keyword.value.lineno - 1))

    def _read_figure_codes(self, call: ast.Call, function: str, first: int) -> None:
        """The codes a figure is asked for (countries, drugs, indicators: lists and dict keys)."""
        for arg in call.args:
            items = arg.keys if isinstance(arg, ast.Dict) else getattr(arg, "elts", [])
            for item in items:
                if isinstance(item, ast.Constant) and isinstance(item.value, str):
                    self.codes.append((function, item.value, first + item.lineno - 1))

    def check_codes(self, vocabulary: set[str]) -> None:
        for function, code, line in self.codes:
            if code not in vocabulary:
                self.say(
                    line,
                    f"b.figures.{function}: no '{code}' in the data, so the figure would draw nothing for it"
                    f"{facts.did_you_mean(code, vocabulary)}",
                )

    def _read_glue_facts(self, call: ast.Call, first: int) -> None:
        for keyword in call.keywords:
            if keyword.arg in (None, "per"):
                continue
            self.glued.add(keyword.arg)
            line = first + keyword.value.lineno - 1
            if not (isinstance(keyword.value, ast.Constant) and isinstance(keyword.value.value, str)):
                self.say(line, f"glue_facts {keyword.arg}=: the reference must be a string like 'table/record-id'")
                continue
            try:
                facts.value(keyword.value.value)
            except facts.FactError as err:
                self.say(line, f"glue_facts {keyword.arg}={err}")

    def check_glue_names(self) -> None:
        for match in GLUE_ROLE.finditer(self.prose):
            name = match["name"].strip()
            if name not in self.glued:
                self.say(
                    line_of(self.prose, match.start()),
                    f"{match[0]}: nothing named '{name}' is glued in this chapter"
                    f"{facts.did_you_mean(name, self.glued)}",
                )

    def check_figures(self) -> None:
        for block in self.blocks:
            if block.directive != "glue:figure":
                continue
            label = block.options.get("name")
            what = f"figure {label}" if label else f"the {{glue:figure}} {block.arg}".rstrip()
            if not block.arg:
                self.say(block.line, f"{what} names no glued figure: write {{glue:figure}} <glue name>")
            elif block.arg not in self.glued:
                self.say(
                    block.line,
                    f"{what} shows '{block.arg}', which nothing in this chapter glues"
                    f"{facts.did_you_mean(block.arg, self.glued)}",
                )
            for option in block.options.keys() - FIGURE_OPTIONS:
                self.say(
                    block.line,
                    f"{what}: unknown option ':{option}:'"
                    + facts.did_you_mean(f":{option}:", [f":{o}:" for o in sorted(FIGURE_OPTIONS)]),
                )
            if not label:
                self.say(block.line, f"{what} has no label: add ':name: fig-<chapter>-<name>' under it")
            if not any(t.strip() for _, t in block.body):
                self.say(
                    block.line,
                    f"{what} has no caption: write what it shows, then how to use its controls, under its options",
                )

    def check_markup(self) -> None:
        for line, message in unsafe_markup(self.prose):
            self.say(line, message)

    def check_sources(self, source_ids: set[str]) -> None:
        for match in SOURCE_LINK.finditer(self.prose):
            if match["sid"] not in source_ids:
                self.say(
                    line_of(self.prose, match.start()),
                    f"no source '{match['sid']}' in data/sources.csv{facts.did_you_mean(match['sid'], source_ids)}",
                )

    def check_docs(self, documents: set[str]) -> None:
        """Every {doc} link names a page of the book (relative to the chapter's folder, or from the root)."""
        folder = Path(self.shown).parent
        for match in DOC.finditer(self.prose):
            target = match["doc"].strip().removesuffix(".md")
            name = target.lstrip("/") if target.startswith("/") else (folder / target).as_posix()
            if name not in documents:
                nearby = [Path(d).relative_to(folder).as_posix() for d in documents if Path(d).parent == folder]
                hint = facts.did_you_mean(target, nearby)
                if self.root and (self.root / f"{name}.md").is_file():
                    hint = f" ({name}.md exists but _toc.yml does not list it)"
                self.say(line_of(self.prose, match.start()), f"{match[0]} names no page of the book{hint}")

    def check_numrefs(self, labels: set[str]) -> None:
        for match in NUMREF.finditer(self.prose):
            if match["label"].startswith("fig-") and match["label"] not in labels:
                self.say(
                    line_of(self.prose, match.start()),
                    f"{match[0]} refers to no figure in the book{facts.did_you_mean(match['label'], labels)}",
                )


def _twice(chapters: list[Chapter], attribute: str, what: str) -> list[Mistake]:
    first: dict[str, tuple[str, int]] = {}
    mistakes = []
    for chapter in chapters:
        for name, line in getattr(chapter, attribute):
            if name in first:
                where = f"{first[name][0]}:{first[name][1]}"
                mistakes.append(Mistake(chapter.shown, line, f"{what} '{name}' is already used at {where}"))
            else:
                first[name] = (chapter.shown, line)
    return mistakes


def check_toc(root: Path) -> list[Mistake]:
    """Every page _toc.yml lists has its file (a mistyped entry would otherwise show only as broken links)."""
    toc = root / "_toc.yml"
    pages = sorted(p.relative_to(root).with_suffix("").as_posix() for p in root.glob("book/**/*.md"))
    mistakes = []
    for number, line in enumerate(toc.read_text(encoding="utf-8").splitlines(), 1):
        entry = re.match(r"^\s*(?:-\s*)?(?:file|root):\s*(?P<page>\S+)\s*$", line)
        if entry:
            page = entry["page"].strip("'\"").removesuffix(".md")
            if not (root / f"{page}.md").is_file():
                hint = facts.did_you_mean(f"{page}.md", [f"{p}.md" for p in pages])
                mistakes.append(Mistake("_toc.yml", number, f"no file {page}.md{hint}"))
    return mistakes


def shown_path(path: Path, root: Path) -> str:
    """The path as the contributor knows it: from the repository root (book/iran.md) when it is inside."""
    path = path.resolve()
    return path.relative_to(root.resolve()).as_posix() if path.is_relative_to(root.resolve()) else str(path)


def check_chapters(paths: list[Path], root: Path) -> list[Mistake]:
    """Every mistake in these chapters (MyST notebooks), in file and line order."""
    chapters = [Chapter(p, shown_path(p, root), root) for p in paths]
    labels = {label for c in chapters for label, _ in c.labels}
    source_ids = set(load("sources")["source_id"].astype(str))
    documents = toc_documents(root)
    vocabulary = data_vocabulary()
    mistakes = _twice(chapters, "labels", "the label") + _twice(chapters, "figure_names", "the figure name")
    toc = check_toc(root)
    for chapter in chapters:
        chapter.check_glue_names()
        chapter.check_figures()
        chapter.check_numrefs(labels)
        chapter.check_docs(documents)
        chapter.check_codes(vocabulary)
        chapter.check_sources(source_ids)
        chapter.check_markup()
        mistakes += chapter.mistakes
    return toc + sorted(mistakes, key=lambda m: (m.path, m.line))  # a wrong toc entry first: it explains the rest


def is_chapter(path: Path) -> bool:
    """A MyST notebook (jupytext header), as opposed to a plain Markdown page."""
    return path.suffix == ".md" and path.read_text(encoding="utf-8").lstrip().startswith("---\njupytext:")


def toc_order(root: Path) -> list[str]:
    """The pages _toc.yml lists, in the book's order, as document names (``book/iran``)."""
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [c["file"] for part in toc.get("parts", []) for c in part.get("chapters", [])]
    return [f.removesuffix(".md") for f in files]


def toc_documents(root: Path) -> set[str]:
    """The pages _toc.yml lists, as document names (``book/iran``)."""
    return set(toc_order(root))


def book_chapters(root: Path) -> list[Path]:
    """The chapters _toc.yml lists."""
    paths = sorted(root / f"{name}.md" for name in toc_documents(root))
    return [p for p in paths if p.exists() and is_chapter(p)]
