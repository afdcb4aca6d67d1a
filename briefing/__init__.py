"""The drug corridor briefing book: its data, charts and build.

import briefing as b
b.load("seizures")            # a typed, validated DataFrame
b.figures.seizures(...)       # a chart with its data and sources, static on the site, live in JupyterLab
"""

from briefing import (
    figures,
    theme,  # noqa: F401  (registers and enables the book's Altair theme)
)
from briefing.data import DataError, load, validate
from briefing.facts import chapter_sources, evidence_summary, glue_facts, value

__all__ = ["DataError", "chapter_sources", "evidence_summary", "figures", "glue_facts", "load", "validate", "value"]
