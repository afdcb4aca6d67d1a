"""What a chapter may contain, so that a pull request that changes only chapters cannot run code of its own
on the machine that builds the book, nor put markup of its own on the published pages.

Chapters read as prose with short code cells that call ``briefing`` (the house rule), so the rule can be
checked: a code cell may import ``briefing`` and myst-nb's ``glue``, call ``glue(...)`` and the book's own
figure, fact and table functions (``b.figures.opium(...)``, ``b.glue_facts(...)``, ``b.load(...)``), and
pass them literals, its own names, their attributes and arithmetic. No other call (``open``,
``__import__``, a method of a returned table such as ``.to_csv``), no other name (``os``, ``print``), no
attribute starting with ``_`` (``b.load.__globals__``), no shell or magic line (``!``, ``%``). The Markdown holds no raw HTML and no directive that would copy a file
or raw markup into the page (``{raw}``, ``{include}``, ``{literalinclude}``). :mod:`briefing.checks` runs
these rules before any chapter is executed, and names each break by file and line.
"""

from __future__ import annotations

import ast
import re

ALLOWED_FUNCTIONS = {"glue"}
FORBIDDEN_DIRECTIVES = {"raw", "include", "literalinclude", "iframe", "eval-rst", "code-include", "csv-table"}
HTML_TAG = re.compile(r"</?[A-Za-z!][^>\n]*>")
#: Expressions a cell may build its arguments from (no comprehension, lambda, walrus or await).
PLAIN = (
    ast.Constant, ast.Name, ast.Load, ast.Store, ast.List, ast.Tuple, ast.Dict, ast.Set, ast.BinOp, ast.UnaryOp,
    ast.BoolOp, ast.Compare, ast.IfExp, ast.Subscript, ast.Slice, ast.JoinedStr, ast.FormattedValue,
    ast.keyword, ast.Starred, ast.Attribute, ast.Call, ast.operator, ast.unaryop, ast.boolop, ast.cmpop,
    ast.expr_context,
)  # fmt: skip


#: What a chapter may call: the book's figure, fact and currency functions, and loading a table.
SAFE_MODULES = {"briefing.figures", "briefing.demand", "briefing.facts", "briefing.currency"}
SAFE_FUNCTIONS = {"briefing.data.load"}


def _chain(node: ast.AST) -> list[str] | None:
    """``["figures", "opium"]`` for ``b.figures.opium``; None unless it is a plain chain from ``b``."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    return parts[::-1] if isinstance(node, ast.Name) and node.id == "b" else None


def _call_problem(func: ast.AST) -> str | None:
    """Why a call is not allowed, or None: only ``glue(...)`` and the book's own functions, reached from ``b``
    by plain attributes (no method of a returned value, whose type could write files or run code)."""
    if isinstance(func, ast.Name):
        return None if func.id in ALLOWED_FUNCTIONS else f"calls {func.id}(): a chapter calls only b.<...> and glue()"
    chain = _chain(func)
    if not chain:
        return "calls a method of a value: a chapter calls only briefing's functions (b.<...>) and glue()"
    import briefing

    target = briefing
    try:
        for part in chain:
            target = getattr(target, part)
    except AttributeError:
        return f"b.{'.'.join(chain)} is not part of briefing"
    module = getattr(target, "__module__", "") or ""
    if module in SAFE_MODULES or f"{module}.{getattr(target, '__qualname__', '')}" in SAFE_FUNCTIONS:
        return None
    if len(chain) == 2 and chain[0] == "figures" and chain[1] in briefing.figures.__all__:
        return None  # a named figure that lives in a room of its own (the map), offered by briefing.figures
    return f"b.{'.'.join(chain)} is not one of the book's figure, fact or table functions"


def _names(target: ast.AST) -> list[str]:
    """The names an assignment target binds: ``x`` or ``x, y``; none for anything else (``x.y``, ``x[0]``)."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Tuple) and all(isinstance(e, ast.Name) for e in target.elts):
        return [e.id for e in target.elts]
    return []


def unsafe_code(source: str, known: set[str]) -> list[tuple[int, str]]:
    """(line in the cell, what is not allowed) for a code cell; ``known`` holds the names the chapter has
    assigned so far and is updated with this cell's assignments."""
    found: list[tuple[int, str]] = []
    for number, line in enumerate(source.splitlines(), 1):
        if line.lstrip().startswith(("!", "%")):
            found.append((number, f"a shell or magic line ({line.strip()[:30]!r}): cells only call briefing"))
    cleaned = "\n".join("" if t.lstrip().startswith(("!", "%")) else t for t in source.splitlines())
    try:
        tree = ast.parse(cleaned)
    except SyntaxError:
        return found  # reported as invalid Python by the chapter check
    for statement in tree.body:
        if isinstance(statement, ast.Import):
            bad = [a.name for a in statement.names if a.name != "briefing"]
            if bad:
                found.append((statement.lineno, f"imports {', '.join(bad)}: a chapter imports only briefing"))
            continue
        if isinstance(statement, ast.ImportFrom):
            if statement.module != "myst_nb" or [a.name for a in statement.names] != ["glue"]:
                found.append((statement.lineno, "a chapter imports only briefing and myst_nb's glue"))
            continue
        if (isinstance(statement, ast.Assign) and all(_names(t) for t in statement.targets)) or isinstance(
            statement, ast.Expr
        ):
            value = statement.value
        else:
            found.append((statement.lineno, f"a {type(statement).__name__} statement: cells only call briefing"))
            continue
        for node in ast.walk(value):
            if not isinstance(node, PLAIN):
                found.append(
                    (
                        getattr(node, "lineno", statement.lineno),
                        f"{type(node).__name__} is not allowed in a chapter's code",
                    )
                )
            elif isinstance(node, ast.Attribute) and node.attr.startswith("_"):
                found.append((node.lineno, f"the attribute {node.attr!r}: a chapter uses no private names"))
            elif isinstance(node, ast.Name) and node.id not in known | {"b", *ALLOWED_FUNCTIONS}:
                found.append(
                    (node.lineno, f"the name {node.id!r}: a chapter uses briefing (b), glue and its own names")
                )
            elif isinstance(node, ast.Call):
                problem = _call_problem(node.func)
                if problem:
                    found.append((node.lineno, problem))
        if isinstance(statement, ast.Assign):
            known.update(name for t in statement.targets for name in _names(t))
    return found


def unsafe_markup(prose: str) -> list[tuple[int, str]]:
    """(line, what) for raw HTML and for directives that would copy files or raw markup into the page, in
    a chapter's prose (code cells and code examples already blanked)."""
    found = []
    for number, line in enumerate(prose.splitlines(), 1):
        tag = HTML_TAG.search(re.sub(r"`[^`]*`", "", line))
        if tag:
            found.append((number, f"raw HTML {tag[0][:40]!r}: write Markdown; figures come from briefing"))
        directive = re.match(r"^\s*(`{3,}|:{3,})\{(?P<name>[\w:-]+)\}", line)
        if directive and directive["name"] in FORBIDDEN_DIRECTIVES:
            found.append((number, f"the {{{directive['name']}}} directive is not allowed in a chapter"))
    return found
