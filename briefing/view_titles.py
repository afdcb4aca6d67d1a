"""A title true of every view a figure offers. A chart's title states its finding, but a control can show
another measure, survey or indicator, of which that finding is not true. A chapter then gives one title per
option of the control (``title={"Arrests": "...", "Death sentences": "..."}``): the picture and the page
open on the first option with its title, and the site's heading follows the reader's pick (``charts.js``
reads ``usermeta.briefing.titles``). A single text stays what it was: a title the chapter wrote to hold for
every view.
"""

from __future__ import annotations

import copy

import altair as alt

#: A chapter's title: one text true of every view, or one per option of the figure's control.
Title = str | dict[str, str]


def opening_title(title: Title, options: list[str]) -> str:
    """The title of the view the figure opens on (the first of ``options``)."""
    return title if isinstance(title, str) else title[options[0]]


def first_option(title: Title, options: list[str]) -> list[str]:
    """``options`` with the first option the chapter's titles name first (the view its first title is of)."""
    if isinstance(title, str) or not title:
        return options
    first = next(iter(title))
    return [first, *(o for o in options if o != first)] if first in options else options


def with_view_titles(chart: alt.TopLevelMixin, param: str, options: list[str], title: Title):
    """``chart`` with a title per option of its control ``param`` recorded for the site (nothing to do for
    one text). An option with no title, or a title for no option, is an error naming it."""
    if isinstance(title, str):
        return chart
    missing, unknown = [o for o in options if o not in title], [t for t in title if t not in options]
    if missing or unknown:
        raise ValueError(
            f"title: give one title per view of {param!r}; missing {missing}, no such view {unknown} (views: {options})"
        )
    meta = copy.deepcopy(chart.usermeta) if isinstance(chart.usermeta, dict) else {}
    meta.setdefault("briefing", {})["titles"] = {"param": param, "by": {o: title[o] for o in options}}
    return chart.properties(usermeta=meta)
