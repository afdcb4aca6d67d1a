"""What every named figure uses: source labels and citations (title, address, the source's own words), the
unit of each row, tooltips that quote a source, periods and their midpoints, short names, and the one call
that wraps a chart, its table and its sources into a :class:`briefing.display.Figure`.
"""

from __future__ import annotations

import re

import pandas as pd

from briefing.data import load
from briefing.display import Figure
from briefing.facts import record_sources
from briefing.source_names import source_name
from briefing.table_view import EVIDENCE, with_editor_note

MEASURES = {"kg": "Weight", "t": "Weight", "pills": "Pills"}
SCOPES = {"total": "Period totals", "single": "Single seizures"}
#: At most this many reporters get a colour of their own in a chart; the rest share grey (clutter rule).
MAX_SERIES = 7


#: Source lines name primary sources (UN, government, research, NGO) first, then media, then reference works.
KIND_ORDER = {"un": 0, "government": 0, "academic": 0, "ngo": 0, "media": 1, "reference": 2}


def source_labels(ids) -> dict[str, str]:
    """Short labels ("Publisher (date)") for the given source ids, primary sources first, then media, then
    reference works; in the order given within each group."""
    sources = load("sources").set_index("source_id")
    ordered = sorted(dict.fromkeys(ids), key=lambda sid: KIND_ORDER.get(str(sources.loc[sid, "kind"]), 1))
    return {sid: source_name(sources.loc[sid]).short for sid in ordered}


def with_repeats(source_ids: pd.Series, also: pd.Series, labels: dict[str, str]) -> pd.Series:
    """Each row's source label, then the other outlets that reported the same figure (:mod:`briefing.repeats`):
    "Shafaq News (2025-03-16); also reported by Rudaw (2025-09-14)"."""
    own = source_ids.astype(str)
    others = [[labels[s] for s in dict.fromkeys(ids) if s != sid] for sid, ids in zip(own, also)]
    return pd.Series(
        [labels[sid] + (f"; also reported by {', '.join(more)}" if more else "") for sid, more in zip(own, others)],
        index=source_ids.index,
        dtype="string",
    )


def citations(table: pd.DataFrame, source_ids, evidence=None) -> pd.DataFrame | None:
    """Each row's source title, address and id (its row in the site's /data/sources.csv) and, where given,
    the source's own words that state the row's figure (``evidence``, a Series like ``source_ids``), for
    the CSV and the table view, when ``source_ids`` gives one id per row of ``table`` (a Series with the
    table's index)."""
    if not isinstance(source_ids, pd.Series) or not source_ids.index.is_unique:
        return None
    if not table.index.isin(source_ids.index).all():
        return None
    ids = source_ids.loc[table.index].astype(str)
    sources = load("sources").set_index("source_id")
    cited = pd.DataFrame(
        {
            "Source title": ids.map(sources["title"]).values,
            "Source address": ids.map(sources["url"]).values,
            "Source id (data/sources.csv)": ids.values,
        }
    )
    if evidence is not None:
        cited[EVIDENCE] = evidence.loc[table.index].astype(str).values
    return cited


#: Units as a reader names them, for the Unit column of the table view and the CSV.
UNIT_NAMES = {
    "kg": "kg",
    "t": "tonnes",
    "ha": "hectares",
    "pills": "pills",
    "USD million": "million US dollars",
    "USD per kg": "US dollars per kg",
    "kg per ha": "kg per hectare",
    "percent": "percent",
    "jobs": "jobs",
    "million people": "million people",
}
#: What an enforcement count counts (its unit), by indicator; a new indicator reads as a plain count.
COUNTED = {
    "arrests": "people",
    "executions_total": "people",
    "executions_drug": "people",
    "traffickers_killed": "people",
    "users_in_treatment": "people",
    "death_sentences": "sentences",
    "life_sentences": "sentences",
    "death_or_life_sentences": "sentences",
    "convictions": "convictions",
    "networks_dismantled": "networks",
    "labs_dismantled": "laboratories",
    "trafficking_cases": "cases",
    "drug_cases": "cases",
}


def with_unit(table: pd.DataFrame, units, after: str) -> pd.DataFrame:
    """The table with a "unit" column (one unit per row, or one for all) right after the column ``after``:
    the table view and the CSV then name each number's unit beside it, not in a column's name."""
    column = units.loc[table.index].astype(str).values if isinstance(units, pd.Series) else units
    return table.drop(columns=["unit"], errors="ignore").assign(unit=column)[
        [*table.columns[: table.columns.get_loc(after) + 1], "unit", *table.columns[table.columns.get_loc(after) + 1 :]]
    ]


#: The longest passage a tooltip shows; a longer one is cut at a word and ends in "…" there only (the table view
#: and the CSV always give the whole passage).
TIP_LIMIT = 200


def evidence_tip(evidence: pd.Series, limit: int = TIP_LIMIT) -> pd.Series:
    """Each row's evidence as its tooltip shows it: whole when short, else cut at the last word that fits in
    ``limit`` characters, with an ellipsis."""

    def one(text: str) -> str:
        text = " ".join(with_editor_note(text).split())  # the book's note on the words said as such
        if len(text) <= limit:
            return text
        return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"

    return evidence.fillna("").astype(str).map(one).astype("string")


def _figure(
    name: str,
    chart,
    table: pd.DataFrame,
    source_ids,
    description: str,
    notes=(),
    columns: dict | None = None,
    evidence=None,
    units=None,
    unit_after: str = "value",
    more_sources=(),
) -> Figure:
    """The figure of ``chart``; ``units`` (a Series aligned with ``table``, or one text) adds a Unit column
    after ``unit_after`` in the table view and the CSV (the chart's own data stay as they are);
    ``more_sources`` are sources of the figure beyond each row's own (the outlets a row's repeats cite)."""
    labels = source_labels([*source_ids, *more_sources])
    record_sources(labels)
    if units is not None:
        table = with_unit(table, units, unit_after)
    return Figure(
        name=name,
        chart=chart,
        table=table.reset_index(drop=True),
        sources=list(labels.values()),
        description=description,
        notes=list(notes),
        columns=columns or {},
        citations=citations(table, source_ids, evidence),
    )


def _period(start: pd.Series, end: pd.Series) -> pd.Series:
    """Readable periods: "2024" for a calendar year, "14 Mar 2025" for a day, else "Jan 2025 – Sep 2025"."""

    def one(a, b):
        if a == b:
            return f"{a.day} {a:%b %Y}"
        if (a.month, a.day, b.month, b.day) == (1, 1, 12, 31):
            return f"{a.year}" if a.year == b.year else f"{a.year}–{b.year}"
        return f"{a.day} {a:%b %Y} – {b.day} {b:%b %Y}"

    return pd.Series([one(a, b) for a, b in zip(start, end)], index=start.index, dtype="string")


def _mid(start: pd.Series, end: pd.Series) -> pd.Series:
    """The middle day of each period (where its dot is drawn), as ISO text."""
    return (start + (end - start) / 2).dt.strftime("%Y-%m-%d")


def _calendar_year(start: pd.Series, end: pd.Series) -> pd.Series:
    return (
        (start.dt.month == 1)
        & (start.dt.day == 1)
        & (end.dt.month == 12)
        & (end.dt.day == 31)
        & (start.dt.year == end.dt.year)
    )


def _runs(df: pd.DataFrame, keys: list[str], annual: pd.Series) -> pd.Series:
    """A line id for calendar-year figures of one series in consecutive years (a missing year breaks the
    line); empty for every other figure, drawn as a dot alone."""
    out = pd.Series("", index=df.index, dtype="string")
    years = df["start_date"].dt.year
    for key, group in df[annual].groupby(keys, sort=False):
        ordered = years[group.index].sort_values()
        breaks = (ordered.diff() != 1).cumsum()
        counts = breaks.map(breaks.value_counts())
        label = " / ".join(str(k) for k in (key if isinstance(key, tuple) else (key,)))
        out[ordered.index] = [f"{label} #{b}" if c > 1 else "" for b, c in zip(breaks, counts)]
    return out


def short_name(name: str, limit: int = 45) -> str:
    """A reporter's name short enough for a legend on a phone: no parenthesis; a body and its unit
    ("Iraq Ministry of Interior, General Directorate of ...") the body; two bodies joined by "and"
    become the first "and others"; else the whole words that fit in ``limit`` characters, never ending on
    "of" or "and" (the full name stays in the tooltip and the table)."""
    name = re.sub(r"\s*\([^)]*\)", "", name).strip()
    if len(name) <= limit:
        return name
    body = name.split(", ")[0]  # "Iraq Ministry of Interior, General Directorate of ...": the body, whole
    if body != name and len(body.split()) > 1 and len(body) <= limit:
        return body
    if " and " in name and len(name.split(" and ")[0]) <= limit - 11:
        return name.split(" and ")[0] + " and others"
    words = name.split()
    kept: list[str] = []
    for word in words:
        if len(" ".join([*kept, word])) > limit:
            break
        kept.append(word)
    # A cut inside a capitalised name ("Human | Rights Council") goes back to before its connector ("to").
    if kept and words[len(kept)][:1].isupper() and kept[-1][:1].isupper():
        while kept and kept[-1][:1].isupper():
            kept.pop()
    while kept and kept[-1].lower().strip(",") in {"of", "and", "for", "the", "on", "in", "to", "&"}:
        kept.pop()
    return " ".join(kept).rstrip(",")


def _plain_number(value: float) -> str:
    if abs(value) >= 1e9:
        return f"{value / 1e9:,.3g} bn"
    if abs(value) >= 1e6:
        return f"{value / 1e6:,.3g} million"
    return f"{value:,.10g}"


def _quantity(value: float, unit: str) -> str:
    """A quantity as read: "490 t", "45 kg", "14.4 million pills"."""
    return f"{_plain_number(value)} {unit}"
