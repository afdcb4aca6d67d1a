"""The chart builders and named figures live in small rooms, one per chart form, behind two indexes
(``briefing.charts`` and ``briefing.figures``) that a reader and a chapter can follow."""

from __future__ import annotations

import importlib
from pathlib import Path

import briefing as b

PACKAGE = Path(b.__file__).parent
#: Issue 17: no module in briefing/ is longer than about 300 lines.
MAX_LINES = 300


def test_every_module_of_the_package_stays_under_the_size_rule():
    rooms = sorted(PACKAGE.rglob("*.py"))
    assert len(rooms) >= 40
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in rooms
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_every_room_says_what_it_holds():
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(("briefing", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")
        if name == "briefing.__main__":
            continue  # importing it is running the command line; its docstring is read as text below
        module = importlib.import_module(name)
        assert module.__doc__ and len(module.__doc__.split()) >= 15, f"{path.name} has no docstring of its contract"
    assert len((PACKAGE / "__main__.py").read_text(encoding="utf-8").split('"""')[1].split()) >= 15


def test_a_chapter_still_reaches_every_named_figure_through_the_index():
    from briefing import charts, figures

    for name in figures.__all__:
        function = getattr(b.figures, name)
        assert callable(function)
        # Defined in a room of its own, not in the index: the index only offers it.
        assert function.__module__ != "briefing.figures", name
    for name in charts.__all__:
        assert callable(getattr(charts, name)) and getattr(charts, name).__module__.startswith("briefing.chart_")
