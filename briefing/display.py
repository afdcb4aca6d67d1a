"""One call in a chapter gives the right chart in each place.

A :class:`Figure` is a chart together with the exact data it draws and the sources behind it. Displayed in
the book build (``BRIEFING_BUILD`` is set by :mod:`briefing.sphinxext.config`) it becomes static HTML: the Vega-Lite
spec as inert JSON, drawn by the site's shared runtime, with the chart's own bound controls, a source line,
a CSV download of its data and a table view. Displayed live in JupyterLab it becomes an ipywidgets panel
(:mod:`briefing.widgets`) driving the same chart.
"""

from __future__ import annotations

import html
import json
import os
import re
import urllib.parse
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from briefing.compile import vega_spec

BUILD_ENV = "BRIEFING_BUILD"


def in_book_build() -> bool:
    return os.environ.get(BUILD_ENV) == "1"


def _inert_json(spec: dict) -> str:
    """JSON that cannot end the <script> element it sits in, whatever strings the data holds."""
    text = json.dumps(spec, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


#: Column names as a reader sees them in the table view and the CSV; plumbing columns (where a dot is drawn,
#: which dots a line joins) are left out of both.
COLUMN_LABELS = {
    "record_id": "Record",
    "country_code": None,
    "mid": None,
    "run": None,
    "series": None,
    "start": "Period start",
    "end": "Period end",
    "value": "Value",
    "reported_by": "Reported by",
    "official_claim": "Official claim",
    "label": "Source",
    "kind": "Kind of source",
    "from_name": "From",
    "to_name": "To",
    "lat": "Latitude (from)",
    "lon": "Longitude (from)",
    "lat2": "Latitude (to)",
    "lon2": "Longitude (to)",
    "key": None,
    "align": None,
    "scope_group": "What is valued (group)",
    "low": "Low (US dollars)",
    "high": "High (US dollars)",
    "rows": "Rows",
}
#: The column that carries, in the CSV and the table view, the passage of the source that states the figure.
EVIDENCE = "The source's words (evidence)"
LICENCE = "Data licence: CC BY 4.0; cite the book and each figure's original source."


def readable(table: pd.DataFrame, labels: dict | None = None) -> pd.DataFrame:
    """The table with human column names, the plumbing columns dropped and whole floats as integers."""
    labels = {**COLUMN_LABELS, **(labels or {})}
    out = table.drop(columns=[c for c in table.columns if c in labels and labels[c] is None])
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_float_dtype(values) and values.dropna().eq(values.dropna().round()).all():
            out[column] = values.astype("Int64")
    return out.rename(columns=lambda c: labels.get(c) or c.replace("_", " ").capitalize())


def _formatted(value) -> str:
    if isinstance(value, bool) or value is None or (isinstance(value, float) and pd.isna(value)):
        return "" if value is None or (isinstance(value, float) and pd.isna(value)) else ("yes" if value else "no")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:,.10g}"
    return str(value)


#: The width a chart is drawn at for its picture (the live chart fills its column).
STATIC_WIDTH = 640


def fixed_width(node, width: int = STATIC_WIDTH):
    """The spec with every container width fixed: there is no container to measure at build time."""
    if isinstance(node, dict):
        return {k: (width if k == "width" and v == "container" else fixed_width(v, width)) for k, v in node.items()}
    if isinstance(node, list):
        return [fixed_width(v, width) for v in node]
    return node


def static_svg(spec: dict) -> str:
    """The chart in its default state as SVG with real text, drawn at build time by vl-convert (no browser):
    what a reader sees before the runtime has loaded, with scripts off, in a feed reader or in print."""
    import vl_convert

    svg = vl_convert.vegalite_to_svg(fixed_width(spec))
    return re.sub(r"^<\?xml[^>]*>\s*", "", svg)


@dataclass
class Figure:
    """A chart, the table it draws (for the CSV link and the table view) and its sources."""

    name: str
    chart: alt.TopLevelMixin
    table: pd.DataFrame
    sources: list[str]
    description: str
    notes: list[str] = field(default_factory=list)
    columns: dict = field(default_factory=dict)  # column -> label where COLUMN_LABELS does not fit
    citations: pd.DataFrame | None = None  # per row: source title and address, added to the CSV

    def spec(self) -> dict:
        return self.chart.to_dict(validate=True)

    def csv(self) -> str:
        """The rows drawn, with human column names and, where known, each row's source title and address."""
        table = readable(self.table, self.columns)
        if self.citations is not None and len(self.citations) == len(table):
            table = pd.concat([table, self.citations.reset_index(drop=True)], axis=1)
        return table.to_csv(index=False, lineterminator="\n")

    def source_line(self) -> str:
        """The sources named under the chart: all of them when they are few, else the first few and a count
        (every row of the table view names its own source)."""
        if not self.sources:
            return ""
        if len(self.sources) <= 4:
            return ("Source: " if len(self.sources) == 1 else "Sources: ") + "; ".join(self.sources) + "."
        return (
            f"Sources: {'; '.join(self.sources[:3])}; and {len(self.sources) - 3} more. "
            "The table view names the source of every row."
        )

    def to_html(self) -> str:
        """The static form used on the site: no inline code, every string escaped."""
        esc = html.escape
        csv_href = "data:text/csv;charset=utf-8," + urllib.parse.quote(self.csv())
        shown = readable(self.table, self.columns)
        if self.citations is not None and EVIDENCE in self.citations and len(self.citations) == len(shown):
            shown = shown.assign(**{EVIDENCE: self.citations[EVIDENCE].values})  # what each row rests on
        table = shown.to_html(
            index=False,
            escape=True,
            border=0,
            classes="briefing-table",
            na_rep="",
            formatters=[_formatted] * len(shown.columns),
        )
        notes = "".join(f'<p class="briefing-chart-note">{esc(n)}</p>' for n in self.notes)
        spec = self.spec()
        # The title and subtitle are HTML above the chart, so they wrap on a narrow screen (Vega cannot).
        title = spec.pop("title", None) or {}
        title = {"text": title} if isinstance(title, str) else title
        subtitle = title.get("subtitle") or []
        subtitle = [subtitle] if isinstance(subtitle, str) else subtitle
        heading = (
            f'<p class="briefing-chart-title">{esc(str(title["text"]))}</p>' if title.get("text") else ""
        ) + "".join(f'<p class="briefing-chart-subtitle">{esc(str(line))}</p>' for line in subtitle)
        return (
            f'<div class="briefing-chart" id="chart-{esc(self.name)}" data-chart="{esc(self.name)}">{heading}'
            f'<div class="briefing-chart-view" role="figure" aria-label="{esc(self.description)}">'
            f'<div class="briefing-static" aria-hidden="true">{static_svg(spec)}</div></div>'
            f'<script type="application/json" class="briefing-spec">{_inert_json(vega_spec(spec))}</script>'
            f'<p class="briefing-chart-description">{esc(self.description)}</p>'
            f'<p class="briefing-chart-source">{esc(self.source_line())}</p>{notes}'
            f'<p class="briefing-chart-links"><a download="{esc(self.name)}.csv" href="{esc(csv_href)}">'
            f'Download this chart\'s data (CSV)</a> <span class="briefing-chart-licence">{esc(LICENCE)}</span></p>'
            f'<details class="briefing-chart-table"><summary>Table view of this chart\'s data</summary>{table}</details>'
            "</div>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        if in_book_build():
            return {"text/html": self.to_html(), "text/plain": f"<Figure {self.name}: {self.description}>"}
        from briefing.widgets import panel

        return panel(self)._repr_mimebundle_(include=include, exclude=exclude)
