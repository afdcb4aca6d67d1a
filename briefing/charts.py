"""Chart builders: pure functions, an aggregated DataFrame in, an Altair chart out. This module is their index;
each builder lives in the room of its chart form:

- :mod:`briefing.chart_periods`: figures reported for a period (a dot per figure, a span for its period):
  :func:`period_values`, :func:`seizure_bars`, :func:`indicator_bars`;
- :mod:`briefing.chart_time`: lines over years and events on a time axis: :func:`time_series`,
  :func:`event_timeline`;
- :mod:`briefing.chart_comparisons`: a few values side by side: :func:`estimate_ranges`,
  :func:`composition_bars`;

and what they all use (controls, empty-choice words, end labels, tooltips) is in :mod:`briefing.chart_parts`.

Every control a builder adds is a Vega-Lite parameter bound to an input or a selection, so it works on the
static site with no kernel; :mod:`briefing.widgets` turns the same parameters into ipywidgets live.
Builders take the finding (title), the measure and unit (subtitle) and a text description from the caller
(the figure rooms listed in :mod:`briefing.figures`), and never load data themselves.

House rules (CONTRIBUTING.md, "Figures"): every chart fills its column (``width="container"``); time is on
a time axis; one unit per axis; at most eight coloured series; no label is ever cut; a choice that leaves
nothing to draw says so in words.
"""

from __future__ import annotations

from briefing.chart_comparisons import composition_bars, estimate_ranges
from briefing.chart_periods import indicator_bars, period_values, seizure_bars
from briefing.chart_time import event_timeline, time_series

__all__ = [
    "composition_bars",
    "estimate_ranges",
    "event_timeline",
    "indicator_bars",
    "period_values",
    "seizure_bars",
    "time_series",
]
