"""One call in a chapter gives the right chart in each place.

A :class:`Figure` is a chart together with the exact data it draws and the sources behind it. Displayed, it
is a bundle of the book's own MIME type, :data:`FIGURE_MIME` (the spec, the table drawn, the source line, the
CSV), beside the plain Vega-Lite spec: the book build renders the bundle through its myst-nb MIME renderer
(:mod:`briefing.sphinxext.outputs`) into static HTML (a picture drawn at build time, which the site's shared
runtime replaces with the live chart and its own bound controls from the spec, a file of the site; a source
line, a CSV download and a table view), and any Jupyter front end draws the Vega-Lite spec. After :func:`show_live_panels` (which
``python -m briefing lab`` runs for each chapter) the kernel shows an ipywidgets panel
(:mod:`briefing.widgets`) driving the same chart instead.
"""

from __future__ import annotations

import html
import json
import urllib.parse
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from briefing.compile import vega_spec
from briefing.picture import phone_height, static_svg
from briefing.table_view import EDITOR_NOTE, EVIDENCE, editor_note, table_view

#: The MIME type of a figure's bundle: what the book build renders, and nothing else reads.
FIGURE_MIME = "application/vnd.briefing.figure+json"
VEGALITE_MIME = "application/vnd.vegalite.v5+json"

_live_panels = False


def show_live_panels() -> None:
    """From now on this kernel shows each figure as an ipywidgets panel (JupyterLab with the widgets
    extension), not as the bundle the book renders."""
    global _live_panels
    _live_panels = True


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
    "evidence_tip": None,  # the tooltip's shortened quotation; the whole passage is the EVIDENCE column
}
#: Columns the CSV keeps for machines (ISO dates) but the table view leaves out where a readable column
#: beside them says the same: {column: the column that says it}.
SAID_IN = {"start": "period", "end": "period"}
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
            cited = self.citations.reset_index(drop=True)
            if EVIDENCE in cited:  # the book's note on the words in a column of its own, the words untouched
                split = cited[EVIDENCE].map(editor_note)
                notes, words = split.map(lambda p: p[0]), split.map(lambda p: p[1])
                cited = cited.drop(columns=[EVIDENCE])
                if notes.ne("").any():
                    cited[EDITOR_NOTE] = notes
                cited[EVIDENCE] = words
            table = pd.concat([table, cited], axis=1)
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

    def table_html(self) -> str:
        """The table view: the rows drawn with human column names and each row's evidence, every cell
        escaped."""
        said = [c for c, other in SAID_IN.items() if c in self.table and other in self.table]
        shown = readable(self.table.drop(columns=said), self.columns)
        if self.citations is not None and EVIDENCE in self.citations and len(self.citations) == len(shown):
            shown = shown.assign(**{EVIDENCE: self.citations[EVIDENCE].values})  # what each row rests on
        return table_view(shown)

    def bundle(self) -> dict:
        """Everything the page shows of this figure, as JSON data: what the book build renders."""
        return {
            "name": self.name,
            "spec": self.spec(),
            "description": self.description,
            "source_line": self.source_line(),
            "notes": list(self.notes),
            "csv": self.csv(),
            "table_html": self.table_html(),
        }

    def to_html(self) -> str:
        return figure_html(self.bundle())

    def _repr_mimebundle_(self, include=None, exclude=None):
        if _live_panels:
            from briefing.widgets import panel

            return panel(self)._repr_mimebundle_(include=include, exclude=exclude)
        return {
            FIGURE_MIME: self.bundle(),
            VEGALITE_MIME: self.spec(),
            "text/plain": f"<Figure {self.name}: {self.description}>",
        }


def chart_spec(bundle: dict) -> dict:
    """The figure's Vega-Lite spec as the page draws it: without its title, which the page shows as HTML."""
    spec = dict(bundle["spec"])
    spec.pop("title", None)
    return spec


def figure_vega(bundle: dict) -> dict:
    """The Vega spec the live chart draws (compiled at build time)."""
    return vega_spec(chart_spec(bundle))


def spec_script(name: str, vega: dict) -> str:
    """A figure's Vega spec as the script file the site publishes (``figures/<name>.vega.js``): one
    statement that files the spec, as JSON, under the figure's name for charts.js. A script rather than a
    JSON file because a page opened from disk (file://) may load a script but not fetch() a file."""
    return site_script("briefingSpecs", name, vega)


def site_script(store: str, key: str, value) -> str:
    """A script that files ``value`` (JSON) under ``key`` in ``window[store]``: how the site's figure files
    (a spec, its words, a dataset figures share) reach charts.js, from a server or from disk alike."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")  # line breaks to older parsers
    return f"(window.{store} = window.{store} || {{}})[{json.dumps(str(key))}] = {text};\n"


def read_spec_script(text: str, store: str = "briefingSpecs") -> tuple[str, dict]:
    """The key and value in a file :func:`site_script` wrote (a figure's name and Vega spec by default; for
    the build's own checks and the tests); a clear error when the file is not one."""
    start = f"(window.{store} = window.{store} || {{}})["
    head, sep, rest = text.partition("] = ")
    if not (text.startswith(start) and sep and rest.endswith(";\n")):
        raise ValueError(f"not a script filing into {store}: " + text[:80])
    return json.loads(head[len(start) :]), json.loads(rest[: -len(";\n")])


def figure_html(
    bundle: dict, csv_href: str | None = None, spec_href: str | None = None, vega: dict | None = None
) -> str:
    """The static form of a figure's bundle used on the site: no inline code, every string escaped. The CSV
    download links ``csv_href`` (the site publishes each figure's CSV as a file); without one, the CSV
    travels in the link itself. The live chart's Vega spec (``vega``, compiled from the bundle when not
    given) is the file at ``spec_href`` (the site publishes it beside the CSV, and charts.js loads it with
    the runtime, so the page carries only the picture); without one, it travels in the page as inert JSON."""
    esc = html.escape
    name = str(bundle["name"])
    csv_href = csv_href or "data:text/csv;charset=utf-8," + urllib.parse.quote(bundle["csv"])
    table = str(bundle["table_html"])
    notes = "".join(f'<p class="briefing-chart-note">{esc(n)}</p>' for n in bundle["notes"])
    spec = dict(bundle["spec"])
    # The title and subtitle are HTML above the chart, so they wrap on a narrow screen (Vega cannot).
    title = spec.pop("title", None) or {}
    title = {"text": title} if isinstance(title, str) else title
    subtitle = title.get("subtitle") or []
    subtitle = [subtitle] if isinstance(subtitle, str) else subtitle
    heading = (f'<p class="briefing-chart-title">{esc(str(title["text"]))}</p>' if title.get("text") else "") + "".join(
        f'<p class="briefing-chart-subtitle">{esc(str(line))}</p>' for line in subtitle
    )
    description = esc(str(bundle["description"]))
    vega = vega if vega is not None else vega_spec(spec)
    if spec_href:
        spec_attribute, inline_spec = f' data-spec="{esc(spec_href)}"', ""
    else:
        spec_attribute = ""
        inline_spec = f'<script type="application/json" class="briefing-spec">{_inert_json(vega)}</script>'
    return (
        f'<div class="briefing-chart" id="chart-{esc(name)}" data-chart="{esc(name)}"{spec_attribute}>{heading}'
        f'<div class="briefing-chart-view" role="figure" aria-label="{description}" '
        f'style="--briefing-phone-height: {phone_height(spec, vega)}px">'
        f'<div class="briefing-static" aria-hidden="true">{static_svg(spec)}</div></div>{inline_spec}'
        f'<p class="briefing-chart-description">{description}</p>'
        f'<p class="briefing-chart-source">{esc(str(bundle["source_line"]))}</p>{notes}'
        f'<p class="briefing-chart-links"><a download="{esc(name)}.csv" href="{esc(csv_href)}">'
        f'Download this chart\'s data (CSV)</a> <span class="briefing-chart-licence">{esc(LICENCE)}</span></p>'
        f'<details class="briefing-chart-table"><summary>Table view of this chart\'s data</summary>{table}</details>'
        "</div>"
    )
