"""The book's named figures: which data, shaped how, drawn by which builder, with which title. This module is
their index, the one a chapter reaches as ``b.figures.<name>``; each figure lives in the room of its form:

- :mod:`briefing.figures_periods`: figures reported for a period: :func:`seizures` (and
  :func:`seizure_table`), :func:`enforcement`;
- :mod:`briefing.figures_time`: over time: :func:`timeline`, :func:`opium`, :func:`economy`;
- :mod:`briefing.figures_comparisons`: a few values side by side: :func:`captagon_values`, :func:`source_mix`;
- :mod:`briefing.corridor_map`: the map, :func:`corridor_map`;

and what they all use (source labels, citations, units, periods, the Figure wrap) is in
:mod:`briefing.figure_parts`.

Each function returns a :class:`briefing.display.Figure`; a chapter glues it in one line. The title states
the finding, so it is written by the chapter next to the numbers that back it, and a test checks those numbers.
"""

from __future__ import annotations

from briefing.corridor_map import corridor_map
from briefing.figures_comparisons import captagon_values, source_mix
from briefing.figures_periods import enforcement, seizure_table, seizures
from briefing.figures_time import economy, opium, timeline

#: The figures a chapter glues (``b.figures.<name>``): :mod:`briefing.chapter_safety` lets a chapter call
#: exactly these.
__all__ = [
    "captagon_values",
    "corridor_map",
    "economy",
    "enforcement",
    "opium",
    "seizure_table",
    "seizures",
    "source_mix",
    "timeline",
]
