"""The book's named figures: which data, shaped how, drawn by which builder, with which title.

Each function returns a :class:`briefing.display.Figure`; a chapter glues it in one line. The title states
the finding, so it is written here next to the numbers that back it, and a test checks those numbers.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pandas as pd

from briefing import charts
from briefing.data import boundaries, load
from briefing.display import EVIDENCE, Figure
from briefing.facts import record_sources
from briefing.theme import KIND_NAMES, country_name, country_names, drug_name

MEASURES = {"kg": "Weight", "t": "Weight", "pills": "Pills"}
SCOPES = {"total": "Period totals", "single": "Single seizures"}
#: At most this many reporters get a colour of their own in a chart; the rest share grey (clutter rule).
MAX_SERIES = 7


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
        text = " ".join(text.split())
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
) -> Figure:
    """The figure of ``chart``; ``units`` (a Series aligned with ``table``, or one text) adds a Unit column
    after ``unit_after`` in the table view and the CSV (the chart's own data stay as they are)."""
    labels = source_labels(source_ids)
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
    """A reporter's name short enough for a legend on a phone: no parenthesis; two bodies joined by "and"
    become the first "and others"; else the whole words that fit in ``limit`` characters, never ending on
    "of" or "and" (the full name stays in the tooltip and the table)."""
    name = re.sub(r"\s*\([^)]*\)", "", name).strip()
    if len(name) <= limit:
        return name
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


def regions() -> dict:
    """The region's country boundaries (GeoJSON derived from Natural Earth)."""
    return boundaries()


def _label_point(geometry: dict) -> tuple[float, float]:
    """Where to write a country's name: the centre of the bounding box of its largest polygon."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]

    def extent(ring):
        lons, lats = [p[0] for p in ring], [p[1] for p in ring]
        return (max(lons) - min(lons)) * (max(lats) - min(lats)), lons, lats

    _, lons, lats = max((extent(p[0]) for p in polygons), key=lambda e: e[0])
    return (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2


#: Where a country's label is nudged off its box centre (a big neighbour, a route drawn through it).
LABEL_NUDGE = {"Iraq": (0.8, 1.0), "Saudi Arabia": (2.5, -2.0), "Syria": (0.6, 0.6), "Jordan": (1.0, -0.3)}
#: The map names the countries in its frame only (the rest would be written off the edge).
MAP_COUNTRIES = {"Afghanistan", "Iran", "Iraq", "Syria", "Jordan", "Saudi Arabia", "Turkey", "Pakistan", "Kuwait"}
#: Labelled on the map: the crossings, ports and cities the chapters name (every place stays a dot).
#: The crossings and ports always; the capitals only where the map is wide enough for their names.
KEY_PLACES = ["pl-zaranj", "pl-islamqala", "pl-shalamcheh", "pl-alqaim", "pl-latakia", "pl-beirut", "pl-jeddah",
              "pl-bandarabbas"]  # fmt: skip
WIDE_PLACES = ["pl-baghdad", "pl-tehran", "pl-kabul", "pl-damascus"]
#: Labels written to the left of their dot (over the sea, or clear of a neighbour's label).
LABEL_LEFT = ["pl-latakia", "pl-beirut", "pl-islamqala", "pl-shalamcheh", "pl-kabul"]


def corridor_map(*, name: str = "map", title: str) -> Figure:
    places = load("places")
    legs = load("routes")
    labels = source_labels(list(places["source_id"]) + list(legs["source_id"]))
    by_id = places.set_index("place_id")
    # A leg between two ports went by sea: the sources give its ends, not its path.
    sea = (legs["from_place"].map(by_id["kind"]) == "port") & (legs["to_place"].map(by_id["kind"]) == "port")
    legs_table = pd.DataFrame(
        {
            "drug": legs["drug"].astype(str).map(drug_name),
            "mode": sea.map({True: "by sea (direction only, path not known)", False: "overland"}),
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
            "name": places["name"].astype(str).str.replace(r" \(town\)$", "", regex=True),
            "kind": places["kind"].astype(str).str.replace("_", " ").str.capitalize(),
            "country": places["country"].astype(str).map(country_name),
            "lat": places["lat"].astype(float),
            "lon": places["lon"].astype(float),
            "key": places["place_id"].map(
                lambda p: "always" if p in KEY_PLACES else "wide" if p in WIDE_PLACES else ""
            ),
            "align": places["place_id"].isin(LABEL_LEFT).map({True: "right", False: "left"}),
            "note": places["note"].fillna("").astype(str),
            "source": places["source_id"].astype(str).map(labels),
        }
    )
    shapes = regions()
    names = []
    for feature in shapes["features"]:
        country = feature["properties"].get("name")
        if country in MAP_COUNTRIES:
            lon, lat = _label_point(feature["geometry"])
            dlon, dlat = LABEL_NUDGE.get(country, (0.0, 0.0))
            names.append({"name": country, "lon": round(lon + dlon, 2), "lat": round(lat + dlat, 2)})
    chart = charts.corridor_map(
        shapes,
        places_table,
        legs_table,
        pd.DataFrame(names, columns=["name", "lon", "lat"]),
        title=title,
        subtitle="Route legs named by the sources, by drug; a dashed leg went by sea (its path is not known)",
        description=f"Map of the corridor from Lebanon to Afghanistan with {len(legs_table)} route legs named by "
        f"sources and {len(places_table)} places; sea legs are dashed.",
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
