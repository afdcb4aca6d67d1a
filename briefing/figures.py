"""The book's named figures: which data, shaped how, drawn by which builder, with which title.

Each function returns a :class:`briefing.display.Figure`; a chapter glues it in one line. The title states
the finding, so it is written here next to the numbers that back it, and a test checks those numbers.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pandas as pd

from briefing import charts
from briefing.data import boundaries, load
from briefing.display import Figure
from briefing.facts import record_sources
from briefing.theme import COUNTRY_NAMES

MEASURES = {"kg": "Weight (kg)", "t": "Weight (kg)", "pills": "Pills"}
SCOPES = {"total": "Period totals", "single": "Single seizures"}


def source_label(row) -> str:
    published = row["published"] if isinstance(row["published"], str) and row["published"] else "undated"
    label = f"{row['publisher']} ({published})"
    copy = row.get("read_via")
    if isinstance(copy, str) and copy:
        label += f", read via {urlsplit(copy).hostname.removeprefix('www.')}"
    return label


#: Source lines name primary sources (UN, government, research, NGO) first, then media, then reference works.
KIND_ORDER = {"un": 0, "government": 0, "academic": 0, "ngo": 0, "media": 1, "reference": 2}


def source_labels(ids) -> dict[str, str]:
    """Short labels ("Publisher (date)") for the given source ids, primary sources first, then media, then
    reference works; in the order given within each group."""
    sources = load("sources").set_index("source_id")
    ordered = sorted(dict.fromkeys(ids), key=lambda sid: KIND_ORDER.get(str(sources.loc[sid, "kind"]), 1))
    return {sid: source_label(sources.loc[sid]) for sid in ordered}


def _figure(name: str, chart, table: pd.DataFrame, source_ids, description: str, notes=()) -> Figure:
    labels = source_labels(source_ids)
    record_sources(labels)
    return Figure(
        name=name,
        chart=chart,
        table=table.reset_index(drop=True),
        sources=list(labels.values()),
        description=description,
        notes=list(notes),
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


def seizure_table(countries: list[str] | None = None, drugs: list[str] | None = None) -> pd.DataFrame:
    """Seizures as the charts draw them: one row per reported figure, weights in kg."""
    df = load("seizures")
    if countries:
        df = df[df["country"].isin(countries)]
    if drugs:
        df = df[df["drug"].isin(drugs)]
    labels = source_labels(df["source_id"])
    kg = df["unit"].astype(str).map({"kg": 1.0, "t": 1000.0, "pills": 1.0})
    return pd.DataFrame(
        {
            "record_id": df["record_id"].astype(str),
            "country_code": df["country"].astype(str),
            "country": df["country"].astype(str).map(COUNTRY_NAMES),
            "start": df["period_start"].dt.strftime("%Y-%m-%d"),
            "end": df["period_end"].dt.strftime("%Y-%m-%d"),
            "period": _period(df["period_start"], df["period_end"]),
            "drug": df["drug"].astype(str),
            "measure": df["unit"].astype(str).map(MEASURES),
            "scope": df["scope"].astype(str).map(SCOPES),
            "value": (df["quantity"].astype(float) * kg).round(3),
            "reported_by": df["reported_by"].astype(str),
            "official_claim": df["claim"].astype(bool),
            "source": df["source_id"].astype(str).map(labels),
        }
    ).sort_values(["start", "country", "record_id"])


def seizures(
    countries: list[str] | None = None, drugs: list[str] | None = None, *, name: str = "seizures", title: str
) -> Figure:
    table = seizure_table(countries, drugs)
    chart = charts.seizure_bars(
        table,
        title=title,
        subtitle="Quantity seized (kg or pills, log scale); a line spans the period a total covers, a dot marks its end",
        description=f"Chart of {len(table)} reported seizure figures over time by country, "
        "switchable between weight and pill counts and between period totals and single seizures.",
    )
    return _figure(
        name,
        chart,
        table,
        load("seizures").query("record_id in @table.record_id")["source_id"],
        chart.description,
        notes=["Most figures are governments' own tallies of their own seizures."],
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
    table = (
        pd.DataFrame(
            {
                "indicator": df["indicator"].astype(str).str.replace("_", " ").str.capitalize(),
                "country": df["country"].astype(str).map(COUNTRY_NAMES),
                "period": df["country"].astype(str).map(COUNTRY_NAMES)
                + ", "
                + _period(df["period_start"], df["period_end"]),
                "start": df["period_start"],
                "value": df["value"].astype(float),
                "reported_by": df["reported_by"].astype(str),
                "label": df["reported_by"].astype(str) + " via " + df["source_id"].astype(str).map(labels),
                "kind": df["source_id"].astype(str).map(kinds),
            }
        )
        .sort_values(["indicator", "start", "period", "label"])
        .drop(columns="start")
    )
    table.insert(2, "row", table["period"] + " · " + table["reported_by"])
    table["row"] = table["row"].where(
        ~table.duplicated(["indicator", "row"], keep=False), table["period"] + " · " + table["label"]
    )
    repeat = table.groupby(["indicator", "row"]).cumcount()  # one source giving two figures: two bars
    table["row"] = table["row"].where(repeat == 0, table["row"] + " (" + (repeat + 1).astype(str) + ")")
    chart = charts.indicator_bars(
        table,
        title=title,
        subtitle="Counts as reported; pick an indicator. Sources that disagree stand side by side",
        description=f"Bar chart of {len(table)} reported enforcement counts (arrests, networks dismantled, sentences, "
        "executions), one indicator at a time, coloured by the kind of source.",
    )
    return _figure(name, chart, table, df["source_id"], chart.description)


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
    table = pd.DataFrame(
        {
            "date": df["date"].dt.strftime("%Y-%m-%d"),
            "precision": df["date_precision"].astype(str),
            "kind": df["kind"].astype(str),
            "title": df["title"].astype(str),
            "countries": df["countries"]
            .astype(str)
            .str.split(";")
            .apply(lambda cs: ", ".join(COUNTRY_NAMES.get(c, c) for c in cs)),
            "summary": df["summary"].astype(str),
            "source": df["source_id"].astype(str).map(labels),
        }
    ).sort_values("date")
    chart = charts.event_timeline(
        table,
        title=title,
        subtitle="Events by date and kind; pick a kind, drag or scroll to zoom",
        description=f"Timeline of {len(table)} events from {table['date'].min()} to {table['date'].max()}, "
        "one row per kind of event.",
    )
    return _figure(name, chart, table, df["source_id"], chart.description)


def opium(*, name: str = "opium", title: str) -> Figure:
    df = load("opium_afghanistan")
    kinds = load("sources").set_index("source_id")["kind"].astype(str)
    df = df.assign(kind=df["source_id"].astype(str).map(kinds))
    # One value per year on the line: a UN figure where there is one. Every source stays in the table.
    df = df.sort_values(["year", "kind"], key=lambda s: s.map(lambda k: k != "un") if s.name == "kind" else s)
    labels = source_labels(df["source_id"])
    long = df.melt(
        id_vars=["year", "source_id"],
        value_vars=["cultivation_ha", "production_t"],
        var_name="measure",
        value_name="value",
    ).dropna(subset=["value"])
    long = long.drop_duplicates(["year", "measure"])
    long["measure"] = long["measure"].map(
        {"cultivation_ha": "Area under poppy (hectares)", "production_t": "Potential opium production (tonnes)"}
    )
    long["source"] = long["source_id"].astype(str).map(labels)
    table = long[["year", "measure", "value", "source"]].sort_values(["measure", "year"])
    markers = pd.DataFrame({"year": [2000, 2022], "label": ["July 2000: Taliban ban", "April 2022: Taliban ban"]})
    chart = charts.time_series(
        table,
        title=title,
        subtitle="Afghanistan, UNODC survey estimates by year",
        measure_label="Measure",
        markers=markers,
        description=f"Line chart of opium poppy cultivation and potential production in Afghanistan, "
        f"{table['year'].min()} to {table['year'].max()}, with the April 2022 ban marked.",
    )
    return _figure(name, chart, table, long["source_id"], chart.description)


def regions() -> dict:
    """The region's country boundaries (GeoJSON derived from Natural Earth)."""
    return boundaries()


def corridor_map(*, name: str = "map", title: str) -> Figure:
    places = load("places")
    legs = load("routes")
    labels = source_labels(list(places["source_id"]) + list(legs["source_id"]))
    by_id = places.set_index("place_id")
    legs_table = pd.DataFrame(
        {
            "drug": legs["drug"].astype(str),
            "from_name": legs["from_place"].map(by_id["name"]).astype(str),
            "to_name": legs["to_place"].map(by_id["name"]).astype(str),
            "lat": legs["from_place"].map(by_id["lat"]).astype(float),
            "lon": legs["from_place"].map(by_id["lon"]).astype(float),
            "lat2": legs["to_place"].map(by_id["lat"]).astype(float),
            "lon2": legs["to_place"].map(by_id["lon"]).astype(float),
            "source": legs["source_id"].astype(str).map(labels),
        }
    )
    places_table = pd.DataFrame(
        {
            "name": places["name"].astype(str),
            "kind": places["kind"].astype(str).str.replace("_", " "),
            "country": places["country"].astype(str).map(COUNTRY_NAMES),
            "lat": places["lat"].astype(float),
            "lon": places["lon"].astype(float),
            "note": places["note"].fillna("").astype(str),
            "source": places["source_id"].astype(str).map(labels),
        }
    )
    chart = charts.corridor_map(
        regions(),
        places_table,
        legs_table,
        title=title,
        subtitle="Route legs named by the sources, by drug; places on the way",
        description=f"Map of the region with {len(legs_table)} route legs and {len(places_table)} places.",
    )
    table = pd.concat([legs_table.assign(layer="route leg"), places_table.assign(layer="place")], ignore_index=True)
    # The boundaries are Natural Earth's (data/geo/region.geojson): credited before the places' gazetteers.
    boundaries = ["naturalearth-readme"]
    return _figure(
        name, chart, table, boundaries + list(places["source_id"]) + list(legs["source_id"]), chart.description
    )


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
        }
    ).sort_values(["measure", "year"])
    chart = charts.time_series(
        table,
        title=title,
        subtitle=subtitle,
        measure_label="Measure",
        description=f"Line chart of {', '.join(indicators.values())} in Afghanistan by year.",
    )
    return _figure(name, chart, table, df["source_id"], chart.description)


def captagon_values(*, name: str = "captagon-values", title: str) -> Figure:
    """Published estimates of what the Captagon trade is worth, low to high, each with its estimator."""
    df = load("captagon_value")
    labels = source_labels(df["source_id"])
    low = df["estimate_low_usd"].fillna(df["estimate_high_usd"]).astype(float)
    high = df["estimate_high_usd"].fillna(df["estimate_low_usd"]).astype(float)
    scope = df["scope"].astype(str)
    group = scope.str.lower().map(
        lambda s: (
            "Seizures (retail value)"
            if "seiz" in s
            else "Revenue to the Assad regime and allies"
            if ("regime" in s or "assad" in s)
            else "Value of the whole trade"
        )
    )
    table = pd.DataFrame(
        {
            "label": df["estimator"].astype(str).str.slice(0, 60)
            + " · "
            + df["year"].astype("string").fillna("no year"),
            "scope_group": group,
            "low": low,
            "high": high,
            "year": df["year"].astype("string").fillna(""),
            "estimator": df["estimator"].astype(str),
            "scope": scope,
            "source": df["source_id"].astype(str).map(labels),
        }
    )
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
        notes=[
            (
                "Estimates value different things (seized pills at retail prices, revenue to the regime, "
                "the whole trade) and are not comparable as one series."
            )
        ],
    )


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
        ("places", "country"),
        ("routes", "drug"),
    ]:
        df = load(table_name)
        cat = df[category].astype(str).map(lambda c: COUNTRY_NAMES.get(c, c)) if category else table_name
        frames.append(
            pd.DataFrame({"table": table_name, "category": cat, "kind": df["source_id"].astype(str).map(kinds)})
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
