"""The drug corridor briefing book: its data, charts and build.

import briefing as b
b.load("seizures")            # a typed, validated DataFrame
b.figures.seizures(...)       # a chart with its data and sources, static on the site, live in JupyterLab

The chart stack (Altair, the theme, figures) is imported on first use, so that ``python -m briefing
validate`` and the build's data checks start in a moment.
"""

from __future__ import annotations

import importlib

from briefing.data import DataError, load, validate

#: The functions that say how current the data are, in words a chapter glues (briefing.currency); the
#: JupyterLab view runs them to show their text in a chapter's prose.
CURRENCY_FUNCTIONS = (
    "count_events",
    "latest_event",
    "newest_edition",
    "newest_figure",
    "newest_year",
    "next_edition",
    "what_changed",
)

#: The rest comes on first use: {name: (module, attribute or None for the module itself)}.
_LAZY = {
    "figures": ("briefing.figures", None),
    "demand": ("briefing.demand", None),
    "show_live_panels": ("briefing.display", "show_live_panels"),
    "theme": ("briefing.theme", None),
    **{
        name: ("briefing.facts", name)
        for name in ("chapter_sources", "cite", "evidence_summary", "glue_facts", "value")
    },
    **{name: ("briefing.currency", name) for name in ("glue_text", *CURRENCY_FUNCTIONS)},
}

__all__ = [
    "DataError",
    "chapter_sources",
    "cite",
    "count_events",
    "demand",
    "figures",
    "glue_facts",
    "glue_text",
    "latest_event",
    "load",
    "newest_edition",
    "newest_figure",
    "newest_year",
    "next_edition",
    "show_live_panels",
    "theme",
    "validate",
    "value",
    "what_changed",
]


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'briefing' has no attribute {name!r}")
    module_name, attribute = _LAZY[name]
    importlib.import_module("briefing.theme")  # registers and enables the book's Altair theme
    module = importlib.import_module(module_name)
    return module if attribute is None else getattr(module, attribute)
