"""Names at the line ends, Our World in Data's direct labels: each series named in legible ink level with its
latest figure at the right of the plot, or, many names in a narrow column, listed below the plot after a
swatch of its colour. Used by :func:`briefing.chart_periods.period_values` in place of a legend.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

#: Direct labels replace the legend up to this many series (beyond it, the clutter rule greys the rest).
MAX_LABELLED = 8
#: A direct label's type: its lines are this far apart, and it wraps at these many characters on a narrow
#: chart (a phone) and a wide one, so that it is never cut; listed below the plot it has the plot's width.
LABEL_LINE = 13
LABEL_WRAP = {"narrow": 12, "wide": 22, "listed": 40}
#: Below this plot width a chart counts as narrow.
NARROW = 560
#: In a column narrower than this (a phone, and the book's column on a laptop), more than ``FEW_LABELS`` names
#: do not fit level with their lines in the gutter at the right: they are listed below the plot instead, a
#: name a line, top series first. (The column's width, not the plot's: the plot widens when they leave.)
BELOW_COLUMN, FEW_LABELS = 800, 4
#: Room before a name listed below the plot for its colour's swatch.
SWATCH_ROOM = 18
#: How far below the plot the first listed name starts: clear of a time axis whose labels are a month over
#: its year, two lines.
BELOW_AXIS = 46


def label_lines(name: str, width: int) -> list[str]:
    """A series name in lines of at most ``width`` characters, broken between words (a word longer than
    that keeps its own line whole: a label is wrapped, never cut)."""
    import textwrap

    return textwrap.wrap(str(name), width, break_long_words=False, break_on_hyphens=False) or [str(name)]


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ink(hex_colour: str, contrast: float = 4.5) -> str:
    """The series colour darkened just enough for text on the chart's white card to reach ``contrast``
    (WCAG AA for small text): a yellow or a grey line keeps a legible name of the same hue."""
    rgb = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    while True:
        colour = "#" + "".join(f"{round(c):02x}" for c in rgb)
        if 1.05 / (_luminance(colour) + 0.05) >= contrast:
            return colour
        rgb = [c * 0.92 for c in rgb]


def end_labels(df: pd.DataFrame, keep: str, field: str, colour: alt.Color, pick, calculate: dict | None = None) -> list:
    """Each series named in its colour (darkened to read: :func:`ink`) at the right of the plot, level with its latest shown figure (Our
    World in Data's line labels, in place of a legend); only the series the controls leave something of are
    named. Labels that would overlap are pushed down just
    enough, in pixels: sorted by the height they want, each starts where the previous ends if that is
    lower (a running maximum, so it is done by window transforms in the browser for whatever the controls
    show); a stack that would run below the plot is lifted back into it. Listed below the plot (many names
    in a narrow column), each name has a swatch of its series' colour before it. Clicking a label picks out
    its series (``pick``); clicking it again lets it go. ``calculate`` computes ``field`` in the browser
    (a group of series) when the data do not hold it. Returns the layers: the names, then the swatches."""
    scale = colour.to_dict().get("scale", {})
    hues = dict(zip(scale.get("domain", []), scale.get("range", [])))
    names = sorted(set(df[field])) if field in df else list(hues)
    lines = pd.DataFrame(
        {
            field: names,
            **{size: [label_lines(n, w) for n in names] for size, w in LABEL_WRAP.items()},
            "ink": [ink(hues.get(n, "#555555")) for n in names],
            "hue": [hues.get(n, "#555555") for n in names],
        }
    )
    ordered = [alt.SortField("want", order="ascending")]
    placed = alt.Chart(df)
    for name, expression in (calculate or {}).items():
        placed = placed.transform_calculate(**{name: expression})
    placed = (
        placed.transform_filter(keep)
        .transform_window(latest="row_number()", groupby=[field], sort=[alt.SortField("mid", order="descending")])
        .transform_filter("datum.latest == 1")
        .transform_lookup(lookup=field, from_=alt.LookupData(lines, field, [*LABEL_WRAP, "ink", "hue"]))
        .transform_joinaggregate(named="count()")
        # At build time there is no column to measure (containerSize() is undefined): the plot's width then.
        .transform_calculate(
            below=f"datum.named > {FEW_LABELS} && "
            f"(isValid(containerSize()[0]) ? containerSize()[0] : width) < {BELOW_COLUMN}"
        )
        .transform_calculate(lines=f"datum.below ? datum.listed : width < {NARROW} ? datum.narrow : datum.wide")
        .transform_calculate(want="scale('y', datum.value)")
        # Computed after ``want``, so that each new scale (another choice in the controls) marks ``tall`` as
        # changed and the windows below start afresh; else Vega keeps their old order (a stale placement).
        .transform_calculate(tall=f"length(datum.lines) * {LABEL_LINE}")
        # Vega reads a frame's offsets as distances ([null, -1] would reach one row ahead): the running sum
        # up to this row, less the row itself, is what stands above it. Ties in ``want`` are no peers here.
        .transform_window(upto="sum(tall)", sort=ordered, frame=[None, 0], ignorePeers=True)
        .transform_calculate(above="datum.upto - datum.tall")
        .transform_calculate(slack="datum.want - datum.tall / 2 - datum.above")
        .transform_window(lift="max(slack)", sort=ordered, frame=[None, 0], ignorePeers=True)
        # The same rule from the bottom: a stack that would run below the plot is lifted just enough (the
        # running maximum is non-decreasing, so one cap does it), and never above the top.
        .transform_joinaggregate(total="sum(tall)")
        .transform_calculate(
            top=f"datum.below ? height + {BELOW_AXIS} + datum.above : max(0, datum.above + min(datum.lift, height - datum.total))",
            left=f"datum.below ? {SWATCH_ROOM} : width + 8",
        )
    )
    x, y = alt.X("left:Q", scale=None, axis=None), alt.Y("top:Q", scale=None, axis=None)
    opacity = alt.when(pick).then(alt.value(1)).otherwise(alt.value(0.35))
    tip = alt.Tooltip(f"{field}:N", title="Series (click to pick out)")
    names_layer = (
        placed.mark_text(
            align="left", baseline="top", fontSize=11, fontWeight=600, lineHeight=LABEL_LINE, cursor="pointer"
        )
        .encode(
            x=x,
            y=y,
            text=alt.Text("lines:N"),
            color=alt.Color("ink:N", scale=None),  # the series' hue, dark enough to read
            opacity=opacity,
            tooltip=tip,
        )
        .add_params(pick)
    )
    # A square of the series' own colour before a listed name (first line), as a legend's symbol.
    swatches = (
        placed.transform_filter("datum.below")
        .transform_calculate(square_top=f"datum.top + {LABEL_LINE / 2}")
        .mark_square(size=90, filled=True, cursor="pointer")
        .encode(
            x=alt.value(SWATCH_ROOM / 2 - 2),
            y=alt.Y("square_top:Q", scale=None, axis=None),
            color=alt.Color("hue:N", scale=None),
            opacity=opacity,
            tooltip=tip,
        )
    )
    return [names_layer, swatches]
