"""The drug corridor briefing book: its data, charts and build.

import briefing as b
b.load("seizures")            # a typed, validated DataFrame
b.figures.seizures(...)       # a chart with its data and sources, static on the site, live in JupyterLab
"""

from briefing import (
    figures,
    theme,  # noqa: F401  (registers and enables the book's Altair theme)
)
from briefing.currency import count_events, glue_text, latest_event, newest_edition, newest_figure, newest_year, next_edition, what_changed
from briefing.data import DataError, load, validate
from briefing.facts import chapter_sources, cite, glue_facts, value

__all__ = [
    "DataError",
    "chapter_sources",
    "cite",
    "count_events",
    "figures",
    "glue_facts",
    "glue_text",
    "latest_event",
    "load",
    "newest_edition",
    "newest_figure",
    "newest_year",
    "next_edition",
    "validate",
    "value",
    "what_changed",
]
