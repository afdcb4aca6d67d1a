"""Reading a chapter's MyST source without Sphinx: its fenced directives, its prose lines and roles, and
the pages ``_toc.yml`` lists. Used by the checks (:mod:`briefing.checks`) and by JupyterLab's view of a
chapter (:mod:`briefing.lab`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<directive>[\w:-]+)\}[ \t]*(?P<arg>.*)$")
GLUE_ROLE = re.compile(r"\{glue(?::(?:text|md|any))?\}`(?P<name>[^`:]+)(?::[^`]*)?`")
NUMREF = re.compile(r"\{numref\}`(?:[^`<]*<)?(?P<label>[^`<>]+)>?`")
TARGET = re.compile(r"^\((?P<label>[^)\s]+)\)=\s*$", re.MULTILINE)
DOC = re.compile(r"\{doc\}`(?:[^`<]*<)?(?P<doc>[^`<>]+)>?`")
SOURCE_LINK = re.compile(r"#source-(?P<sid>[a-z0-9][a-z0-9-]*)")


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
