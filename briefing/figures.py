"""The book's named figures: which data, shaped how, drawn by which builder, with which title.

Each function returns a :class:`briefing.display.Figure`; a chapter glues it in one line. The title states
the finding, so it is written here next to the numbers that back it, and a test checks those numbers.
"""

from __future__ import annotations

import pandas as pd

from briefing import charts
from briefing.corridor_map import corridor_map
from briefing.data import load
from briefing.display import Figure
from briefing.figure_parts import (
    COUNTED,
    MAX_SERIES,
    MEASURES,
    SCOPES,
    UNIT_NAMES,
    _calendar_year,
    _figure,
    _mid,
    _period,
    _quantity,
    _runs,
    evidence_tip,
    short_name,
    source_labels,
)
from briefing.theme import KIND_NAMES, country_name, country_names, drug_name

#: The figures a chapter glues (``b.figures.<name>``); the map's lives in :mod:`briefing.corridor_map`.
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


def seizure_table(countries: list[str] | None = None, drugs: list[str] | None = None) -> pd.DataFrame:
    """Seizures as the charts draw them: one row per reported figure, weights in kg."""
    df = load("seizures")
    if countries:
        df = df[df["country"].isin(countries)]
    if drugs:
        df = df[df["drug"].isin(drugs)]
    labels = source_labels(df["source_id"])
    kg = df["unit"].astype(str).map({"kg": 1.0, "t": 1000.0, "pills": 1.0})
    annual = _calendar_year(df["period_start"], df["period_end"]) & (df["scope"].astype(str) == "total")
    keyed = df.assign(start_date=df["period_start"], series=df["country"].astype(str) + df["drug"].astype(str))
    keyed = keyed.assign(measure=df["unit"].astype(str).map(MEASURES), reporter=df["reported_by"].astype(str))
    return pd.DataFrame(
        {
            "record_id": df["record_id"].astype(str),
            "country_code": df["country"].astype(str),
            "country": df["country"].astype(str).map(country_name),
            "start": df["period_start"].dt.strftime("%Y-%m-%d"),
            "end": df["period_end"].dt.strftime("%Y-%m-%d"),
            "mid": _mid(df["period_start"], df["period_end"]),
            "run": _runs(keyed, ["series", "measure", "reporter"], annual),
            "period": _period(df["period_start"], df["period_end"]),
            "drug": df["drug"].astype(str).map(drug_name),
            "measure": keyed["measure"],
            "scope": df["scope"].astype(str).map(SCOPES),
            "value": (df["quantity"].astype(float) * kg).round(3),
            "quantity": [_quantity(q, u) for q, u in zip(df["quantity"].astype(float), df["unit"].astype(str))],
            "reported_by": df["reported_by"].astype(str),
            "official_claim": df["claim"].astype(bool),
            "source": df["source_id"].astype(str).map(labels),
            "evidence_tip": evidence_tip(df["evidence"]),
        }
    ).sort_values(["start", "country", "record_id"])


def seizures(
    countries: list[str] | None = None, drugs: list[str] | None = None, *, name: str = "seizures", title: str
) -> Figure:
    table = seizure_table(countries, drugs)
    rows = load("seizures").query("record_id in @table.record_id")
    chart = charts.seizure_bars(
        table,
        title=title,
        subtitle="Quantity seized (weight or pills, log scale); a dot is one reported figure, its line the period covered",
        description=f"Chart of {len(table)} reported seizure figures over time by country, "
        "switchable between weight and pill counts and between period totals and single seizures.",
    )
    return _figure(
        name,
        chart,
        table,
        rows["source_id"],
        chart.description,
        notes=["Most figures are governments' own tallies of their own seizures."],
        columns={"value": "Quantity as drawn", "quantity": "Quantity as reported"},
        evidence=rows["evidence"],
        units=table["measure"].map({"Pills": "pills"}).fillna("kg"),  # weights are drawn in kg
    )


def enforcement(
    countries: list[str] | None = None, indicators: list[str] | None = None, *, name: str = "enforcement", title: str
) -> Figure:
    df = load("enforcement")
    if countries:
        df = df[df["country"].isin(countries)]
    if indicators:
        df = df[df["indicator"].isin(indicators)]
    labels = source_labels(df["source_id"])
    kinds = load("sources").set_index("source_id")["kind"].astype(str)
    several = df["country"].nunique() > 1
    reporter = df["reported_by"].astype(str).map(short_name)
    if several:  # say whose authority it is, unless the name already does ("Iraq Ministry of Interior")
        country = df["country"].astype(str).map(country_name)
        named = [r.startswith(c) for r, c in zip(reporter, country)]
        reporter = reporter.where(named, country + ": " + reporter)
    top = list(reporter.value_counts().index[:MAX_SERIES])
    series = reporter.where(reporter.isin(top), "Other reporters") if reporter.nunique() > MAX_SERIES + 1 else reporter
    annual = _calendar_year(df["period_start"], df["period_end"])
    keyed = df.assign(start_date=df["period_start"], series=series)
    table = pd.DataFrame(
        {
            "indicator": df["indicator"].astype(str).str.replace("_", " ").str.capitalize(),
            "country": df["country"].astype(str).map(country_name),
            "series": series,
            "start": df["period_start"].dt.strftime("%Y-%m-%d"),
            "end": df["period_end"].dt.strftime("%Y-%m-%d"),
            "mid": _mid(df["period_start"], df["period_end"]),
            "run": _runs(keyed, ["indicator", "series"], annual & (series != "Other reporters")),
            "period": _period(df["period_start"], df["period_end"]),
            "value": df["value"].astype(float),
            "reported_by": df["reported_by"].astype(str),
            "label": df["source_id"].astype(str).map(labels),
            "kind": df["source_id"].astype(str).map(kinds).map(KIND_NAMES),
            "evidence_tip": evidence_tip(df["evidence"]),
        }
    ).sort_values(["indicator", "start", "series"])
    chart = charts.indicator_bars(
        table,
        title=title,
        subtitle="Counts as reported, by who reported them; a dot is one figure, its line the period covered",
        description=f"Chart of {len(table)} reported enforcement counts over time (arrests, networks dismantled, "
        "sentences, executions), one indicator at a time, coloured by who reported them.",
    )
    return _figure(
        name,
        chart,
        table,
        df["source_id"],
        chart.description,
        columns={"value": "Count"},
        evidence=df["evidence"],
        units=df["indicator"].astype(str).map(COUNTED).fillna("count"),
    )


def timeline(
    countries: list[str] | None = None,
    kinds: list[str] | None = None,
    since: str | None = None,
    *,
    name: str = "timeline",
    title: str,
) -> Figure:
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
    chart = charts.event_timeline(
        table,
        title=title,
        subtitle="Events by date and kind; pick a kind, point at or tap a diamond for the event",
        description=f"Timeline of {len(table)} events from {table['date'].min()} to {table['date'].max()}, "
        "one row per kind of event.",
    )
    return _figure(name, chart, table, df["source_id"], chart.description, evidence=df["evidence"])


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
                f"{d.day} {d:%B %Y}: ban decreed" if p == "day" else f"{d.year}: earlier ban"
                for d, p in zip(events["date"], events["date_precision"])
            ],
        }
    )
    chart = charts.time_series(
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


def economy(indicators: dict[str, str], *, name: str = "economy", title: str, subtitle: str) -> Figure:
    """Afghanistan's opium economy over time; ``indicators`` maps indicator names to the labels shown
    (with their unit). Where sources give the same year twice, the first row in the table is drawn."""
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
    chart = charts.time_series(
        table,
        title=title,
        subtitle=subtitle,
        measure_label="Measure",
        description=f"Line chart of {', '.join(indicators.values())} in Afghanistan by year.",
    )
    units = df["unit"].astype(str).map(lambda u: UNIT_NAMES.get(u, u))
    return _figure(name, chart, table, df["source_id"], chart.description, evidence=df["evidence"], units=units)


def captagon_values(*, name: str = "captagon-values", title: str) -> Figure:
    """Published estimates of what the Captagon trade is worth, low to high, each with its estimator."""
    df = load("captagon_value")
    labels = source_labels(df["source_id"])
    low = df["estimate_low_usd"].fillna(df["estimate_high_usd"]).astype(float)
    high = df["estimate_high_usd"].fillna(df["estimate_low_usd"]).astype(float)
    scope = df["scope"].astype(str)
    table = pd.DataFrame(
        {
            # The estimator without its parenthesis (in the tooltip and the table), and the year valued.
            "label": df["estimator"].astype(str).str.replace(r"\s*\(.*\)\s*$", "", regex=True)
            + ", "
            + df["year"].astype("string").fillna("no year given"),
            "scope_group": df["valued"].astype(str),  # reviewed per row in the data, never guessed from words
            "low": low,
            "high": high,
            "year": df["year"].astype("string").fillna(""),
            "estimator": df["estimator"].astype(str),
            "scope": scope,
            "source": df["source_id"].astype(str).map(labels),
            "evidence_tip": evidence_tip(df["evidence"]),
        }
    )
    repeat = table.groupby("label").cumcount()  # the same estimator and year twice: two rows, never one
    table["label"] = table["label"].where(repeat == 0, table["label"] + " (" + (repeat + 1).astype(str) + ")")
    chart = charts.estimate_ranges(
        table,
        title=title,
        subtitle="Published estimates in US dollars, low to high, on a log scale",
        description=f"Range chart of {len(table)} published estimates of the Captagon trade's value, from "
        f"${table['low'].min():,.0f} to ${table['high'].max():,.0f}.",
    )
    return _figure(
        name,
        chart,
        table,
        df["source_id"],
        chart.description,
        columns={"label": "Estimate", "low": "Low", "high": "High"},
        units="US dollars",
        unit_after="high",
        evidence=df["evidence"],
        notes=[
            (
                "Estimates value different things (seized pills at retail prices, revenue to the regime, "
                "the whole trade) and are not comparable as one series."
            )
        ],
    )


TABLE_NAMES = {
    "seizures": "Seizures, by country",
    "enforcement": "Enforcement, by country",
    "events": "Events, by kind",
    "places": "Places, by country",
    "routes": "Route legs, by drug",
    "opium_afghanistan": "Opium survey",
    "afghanistan_economy": "Opium economy",
    "captagon_value": "Captagon value",
    "health": "Use, treatment and harm, by country",
}


def source_mix(*, name: str = "source-mix", title: str) -> Figure:
    """How many rows of each table rest on UN, government, NGO, media or academic sources."""
    kinds = load("sources").set_index("source_id")["kind"].astype(str)
    frames = []
    for table_name, category in [
        ("seizures", "country"),
        ("enforcement", "country"),
        ("events", "kind"),
        ("opium_afghanistan", None),
        ("afghanistan_economy", None),
        ("captagon_value", None),
        ("health", "country"),
        ("places", "country"),
        ("routes", "drug"),
    ]:
        df = load(table_name)
        if category == "country":
            cat = df[category].astype(str).map(country_name)
        elif category:
            cat = df[category].astype(str).map(drug_name if category == "drug" else str.capitalize)
        else:  # a small table with no category of its own: one bar among the other small tables
            cat = TABLE_NAMES[table_name]
        frames.append(
            pd.DataFrame(
                {
                    "table": TABLE_NAMES[table_name] if category else "Other tables",
                    "category": cat,
                    "kind": df["source_id"].astype(str).map(kinds).map(KIND_NAMES),
                }
            )
        )
    counts = pd.concat(frames).groupby(["table", "category", "kind"]).size().reset_index(name="rows")
    chart = charts.composition_bars(
        counts,
        title=title,
        subtitle="Rows of data by the kind of source behind them",
        description=f"Bar chart of {int(counts['rows'].sum())} data rows by table, category and kind of source.",
    )
    figure = _figure(name, chart, counts, [], chart.description)
    figure.sources = ["this book's data package (data/sources.csv and the tables that cite it)"]
    return figure
