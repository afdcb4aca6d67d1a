"""The named figures over time: events (:func:`timeline`), Afghanistan's opium survey (:func:`opium`) and its
opium economy (:func:`economy`), drawn by the builders of :mod:`briefing.chart_time`. Each function returns a
:class:`briefing.display.Figure`; :mod:`briefing.figures` offers them to chapters.
"""

from __future__ import annotations

import pandas as pd

from briefing.chart_time import event_timeline, time_series
from briefing.data import load
from briefing.display import Figure
from briefing.figure_parts import (
    UNIT_NAMES,
    _figure,
    evidence_tip,
    source_labels,
)
from briefing.theme import country_names
from briefing.view_titles import opening_title, with_view_titles


def timeline(
    countries: list[str] | None = None,
    kinds: list[str] | None = None,
    since: str | None = None,
    *,
    name: str = "timeline",
    title: str,
    mark: list[str] | dict[str, str] | None = None,
) -> Figure:
    """Events on a time axis. ``mark`` names the events the title hinges on (``event_id`` in
    ``data/events.csv``), as a list or as a mapping to the short name shown ("Assad falls"); each is drawn
    as a dashed rule at its date, labelled with that name (or the event's title) and its date."""
    markers = event_markers(mark)
    df = load("events")
    if kinds:
        df = df[df["kind"].isin(kinds)]
    if since:
        df = df[df["date"] >= pd.Timestamp(since)]
    if countries:
        df = df[df["countries"].astype(str).str.split(";").apply(lambda cs: bool(set(cs) & set(countries)))]
    labels = source_labels(df["source_id"])
    names = country_names()
    table = pd.DataFrame(
        {
            "date": df["date"].dt.strftime("%Y-%m-%d"),
            "precision": df["date_precision"].astype(str),
            "kind": df["kind"].astype(str),
            "title": df["title"].astype(str),
            "countries": df["countries"]
            .astype(str)
            .str.split(";")
            # Lenient here (events allow any three letters); tests/test_charts.py flags a code with no name.
            .apply(lambda cs: ", ".join(names.get(c, c) for c in cs)),
            "summary": df["summary"].astype(str),
            "source": df["source_id"].astype(str).map(labels),
            "evidence_tip": evidence_tip(df["evidence"]),
        }
    ).sort_values("date")
    if len(markers):
        middle = pd.to_datetime(pd.concat([table["date"], markers["date"]])).agg(["min", "max"]).mean()
        markers["side"] = ["right" if d > middle else "left" for d in pd.to_datetime(markers["date"])]
    chart = event_timeline(
        table,
        markers=markers,
        title=title,
        subtitle="Events by date and kind; pick a kind, point at or tap a diamond for the event",
        description=f"Timeline of {len(table)} events from {table['date'].min()} to {table['date'].max()}, "
        "one row per kind of event.",
    )
    return _figure(name, chart, table, df["source_id"], chart.description, evidence=df["evidence"])


def event_markers(mark: list[str] | dict[str, str] | None) -> pd.DataFrame:
    """The events a chart marks: date (ISO text), name and when (its date as precisely as the data give it),
    drawn as two lines short enough for a phone. An ``event_id`` not in ``data/events.csv`` is an error naming it."""
    names = dict(mark) if isinstance(mark, dict) else dict.fromkeys(mark or [])
    events = load("events").set_index("event_id")
    missing = [e for e in names if e not in events.index]
    if missing:
        raise ValueError(f"mark: no event {', '.join(map(repr, missing))} in data/events.csv (column event_id)")
    rows = []
    for event_id, short in names.items():
        date, precision = events.at[event_id, "date"], str(events.at[event_id, "date_precision"])
        when = (
            f"{date.day} {date:%b %Y}"
            if precision == "day"
            else f"{date:%b %Y}"
            if precision == "month"
            else f"{date.year}"
        )
        # Drawn where the timeline draws an event of its precision: mid-month, mid-year, or on its day.
        drawn = (
            date.replace(day=15)
            if precision == "month"
            else date.replace(month=7, day=1)
            if precision == "year"
            else date
        )
        rows.append({"date": f"{drawn:%Y-%m-%d}", "name": short or str(events.at[event_id, "title"]), "when": when})
    return pd.DataFrame(rows, columns=["date", "name", "when"])


def opium(*, name: str = "opium", title: str) -> Figure:
    df = load("opium_afghanistan")
    kinds = load("sources").set_index("source_id")["kind"].astype(str)
    df = df.assign(kind=df["source_id"].astype(str).map(kinds))
    # One value per year on the line: a UN figure where there is one. Every source stays in the table.
    df = df.sort_values(["year", "kind"], key=lambda s: s.map(lambda k: k != "un") if s.name == "kind" else s)
    labels = source_labels(df["source_id"])
    long = df.melt(
        id_vars=["year", "source_id", "evidence"],
        value_vars=["cultivation_ha", "production_t"],
        var_name="measure",
        value_name="value",
    ).dropna(subset=["value"])
    long = long.drop_duplicates(["year", "measure"])
    long["measure"] = long["measure"].map(
        {"cultivation_ha": "Area under poppy (hectares)", "production_t": "Potential opium production (tonnes)"}
    )
    long["source"] = long["source_id"].astype(str).map(labels)
    long["evidence_tip"] = evidence_tip(long["evidence"])
    table = long[["year", "measure", "value", "source", "evidence_tip"]].sort_values(["measure", "year"])
    events = load("events").set_index("event_id").loc[["ev-2000-first-ban", "ev-2022-04-ban"]]
    # Each ban drawn where the data date it: at the decree's day within its year when the day is known (the
    # survey values sit on whole years), at the year when only the year is.
    markers = pd.DataFrame(
        {
            "year": [
                round(d.year + (d.day_of_year - 1) / 365, 3) if p == "day" else d.year
                for d, p in zip(events["date"], events["date_precision"])
            ],
            "label": [
                f"Ban of {d.day} {d:%b %Y}" if p == "day" else f"Ban of {d.year}"
                for d, p in zip(events["date"], events["date_precision"])
            ],
        }
    )
    chart = time_series(
        table,
        title=title,
        subtitle="Afghanistan, UNODC survey estimates by year",
        measure_label="Measure",
        markers=markers,
        description=f"Line chart of opium poppy cultivation and potential production in Afghanistan, "
        f"{table['year'].min()} to {table['year'].max()}, with the ban decreed in April 2022 marked.",
    )
    units = table["measure"].str.extract(r"\((\w+)\)$", expand=False)  # "... (hectares)" -> hectares
    return _figure(name, chart, table, long["source_id"], chart.description, evidence=long["evidence"], units=units)


def economy(indicators: dict[str, str], *, name: str = "economy", title: str | dict[str, str], subtitle: str) -> Figure:
    """Afghanistan's opium economy over time; ``indicators`` maps indicator names to the labels shown
    (with their unit), in the order the control offers them: the first is shown first, so the title speaks
    of it. ``title`` is one text true of every measure, or one per label shown, which the heading follows
    as the reader picks (:mod:`briefing.view_titles`). Where sources give the same year twice, the first
    row in the table is drawn."""
    df = load("afghanistan_economy")
    df = df[df["indicator"].isin(list(indicators))].drop_duplicates(["year", "indicator"])
    labels = source_labels(df["source_id"])
    table = pd.DataFrame(
        {
            "year": df["year"].astype(int),
            "measure": df["indicator"].astype(str).map(indicators),
            "value": df["value"].astype(float),
            "source": df["source_id"].astype(str).map(labels),
            "evidence_tip": evidence_tip(df["evidence"]),
        }
    ).sort_values(["measure", "year"])
    order = [m for m in dict.fromkeys(indicators.values()) if m in set(table["measure"])]
    chart = time_series(
        table,
        title=opening_title(title, order),
        subtitle=subtitle,
        measure_label="Measure",
        order=order,
        description=f"Line chart of {', '.join(dict.fromkeys(indicators.values()))} in Afghanistan by year.",
    )
    chart = with_view_titles(chart, "measure", order, title)
    units = df["unit"].astype(str).map(lambda u: UNIT_NAMES.get(u, u))
    return _figure(name, chart, table, df["source_id"], chart.description, evidence=df["evidence"], units=units)
