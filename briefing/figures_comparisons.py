"""The named figures that compare a few values: the published estimates of the Captagon trade's worth
(:func:`captagon_values`) and the kinds of source behind the book's data (:func:`source_mix`), drawn by the
builders of :mod:`briefing.chart_comparisons`. Each function returns a :class:`briefing.display.Figure`;
:mod:`briefing.figures` offers them to chapters.
"""

from __future__ import annotations

import pandas as pd

from briefing.chart_comparisons import composition_bars, estimate_ranges
from briefing.data import load
from briefing.display import Figure
from briefing.figure_parts import (
    _figure,
    evidence_tip,
    source_labels,
)
from briefing.theme import KIND_NAMES, country_name, drug_name


def distinct_names(names: pd.Series, valued: pd.Series, estimator: pd.Series) -> pd.Series:
    """Each estimate's name, made distinct where two share an estimator and a year (two rows, never one) by
    what tells them apart in the data: what each values where that differs, else how each was issued, the
    estimator's own parenthesis up to its first comma ("FCDO statement on sanctions", "as reported by AFP");
    never a counter such as "(2)", which a reader cannot decode."""
    issued = estimator.str.extract(r"\(([^,)]*)", expand=False).fillna("").str.strip()
    out = names.copy()
    for _, group in names.groupby(names):
        if len(group) < 2:
            continue
        for told in (valued, issued):
            if told[group.index].nunique() == len(group):
                out[group.index] = [f"{name}, {what}" if what else name for name, what in zip(group, told[group.index])]
                break
        else:
            raise ValueError(
                f"captagon_value.csv: estimates {list(group.index)} share the name {group.iloc[0]!r} "
                "and nothing in their valued or estimator columns tells them apart"
            )
    return out


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
    table["label"] = table["label"].str[:1].str.upper() + table["label"].str[1:]  # a name starts a line
    table["label"] = distinct_names(table["label"], table["scope_group"], df["estimator"].astype(str))
    chart = estimate_ranges(
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
    chart = composition_bars(
        counts,
        title=title,
        subtitle="Rows of data by the kind of source behind them",
        description=f"Bar chart of {int(counts['rows'].sum())} data rows by table, category and kind of source.",
    )
    figure = _figure(name, chart, counts, [], chart.description)
    figure.sources = ["this book's data package (data/sources.csv and the tables that cite it)"]
    return figure
