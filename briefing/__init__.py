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

_LAZY = {
    "figures": ("briefing.figures", None),
    "theme": ("briefing.theme", None),
    "chapter_sources": ("briefing.facts", "chapter_sources"),
    "glue_facts": ("briefing.facts", "glue_facts"),
    "value": ("briefing.facts", "value"),
}

__all__ = ["DataError", "chapter_sources", "figures", "glue_facts", "load", "validate", "value"]


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'briefing' has no attribute {name!r}")
    module_name, attribute = _LAZY[name]
    importlib.import_module("briefing.theme")  # registers and enables the book's Altair theme
    module = importlib.import_module(module_name)
    return module if attribute is None else getattr(module, attribute)
