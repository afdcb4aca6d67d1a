"""The named figures that compare a few values: the published estimates of the Captagon trade's worth
(:func:`captagon_values`) and the kinds of source behind the book's data (:func:`source_mix`), drawn by the
builders of :mod:`briefing.chart_comparisons`. Each function returns a :class:`briefing.display.Figure`;
:mod:`briefing.figures` offers them to chapters.
"""

from __future__ import annotations

import pandas as pd

from briefing import repeats
from briefing.chart_comparisons import composition_bars, estimate_ranges
from briefing.data import load
from briefing.display import Figure
from briefing.figure_parts import (
    _figure,
    evidence_tip,
    source_labels,
    with_repeats,
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


def usd_words(low: float, high: float, low_given: bool, high_given: bool) -> str:
    """An estimate in plain units, as written at its bar's end: "$57 bn", "$84–144 m", "up to $57 bn" (no
    low end given), "at least $5.7 bn" (no high end given)."""

    def short(v: float, unit: bool = True) -> str:
        div, name = (1e9, "bn") if v >= 1e9 else (1e6, "m")
        return f"{v / div:,.3g}" + (f" {name}" if unit else "")

    if not low_given:
        return f"up to ${short(high)}"
    if not high_given:
        return f"at least ${short(low)}"
    if low == high:
        return f"${short(low)}"
    same_unit = (low >= 1e9) == (high >= 1e9)
    return f"${short(low, unit=not same_unit)}–{short(high)}"


def captagon_values(*, name: str = "captagon-values", title: str) -> Figure:
    """Published estimates of what the Captagon trade is worth, low to high, each with its estimator, coloured
    by what it values; one estimate relayed by several outlets (``same_as``) is one bar naming them all."""
    every = load("captagon_value")
    # One figure is the same low and high end (an open end, "up to" or "at least", as 0 so it compares).
    ends = every.assign(_low=every["estimate_low_usd"].fillna(0), _high=every["estimate_high_usd"].fillna(0))
    kept, also = repeats.fold(ends, ["_low", "_high"])
    df = every.loc[kept.index].reset_index(drop=True)  # the table's rows, in order, for the sources' words
    also = also.reset_index(drop=True)
    labels = source_labels([*df["source_id"].astype(str), *(s for ids in also for s in ids)])
    low = df["estimate_low_usd"].fillna(df["estimate_high_usd"]).astype(float)
    high = df["estimate_high_usd"].fillna(df["estimate_low_usd"]).astype(float)
    scope = df["scope"].astype(str)
    # The estimator, then the other outlets that relayed the same figure ("; also UK Government (British ...)").
    relays = every.dropna(subset=["same_as"]).groupby("same_as")["estimator"].agg(list)
    estimator = [
        e + "".join(f"; also {r}" for r in relays.get(rid, []) if len(ids))
        for e, rid, ids in zip(df["estimator"].astype(str), df["record_id"], also)
    ]
    table = pd.DataFrame(
        {
            # The estimator without its parenthesis (in the tooltip and the table), and the year valued.
            "label": df["estimator"].astype(str).str.replace(r"\s*\(.*\)\s*$", "", regex=True)
            + ", "
            + df["year"].astype("string").fillna("no year given"),
            "scope_group": df["valued"].astype(str),  # reviewed per row in the data, never guessed from words
            "low": low,
            "high": high,
            "value": [
                usd_words(lo, hi, pd.notna(a), pd.notna(b))
                for lo, hi, a, b in zip(low, high, df["estimate_low_usd"], df["estimate_high_usd"])
            ],
            "year": df["year"].astype("string").fillna(""),
            "estimator": estimator,
            "scope": scope,
            "source": with_repeats(df["source_id"], also, labels),
            "evidence_tip": evidence_tip(df["evidence"]),
        }
    )
    table["label"] = table["label"].str[:1].str.upper() + table["label"].str[1:]  # a name starts a line
    table["label"] = distinct_names(table["label"], table["scope_group"], df["estimator"].astype(str))
    chart = estimate_ranges(
        table,
        title=title,
        subtitle="Published estimates in US dollars, on a log scale, coloured by what each values; the choice below keeps one kind",
        description=f"Range chart of {len(table)} published estimates of the Captagon trade's value, from "
        f"${table['low'].min():,.0f} to ${table['high'].max():,.0f}, coloured by what each estimate values.",
    )
    return _figure(
        name,
        chart,
        table,
        df["source_id"],
        chart.description,
        columns={"label": "Estimate", "value": "Estimate as published", "low": "Low", "high": "High"},
        units="US dollars",
        unit_after="high",
        evidence=df["evidence"],
        notes=[
            (
                "Estimates value different things (seized pills at retail prices, revenue to the regime, "
                "the whole trade) and are not comparable as one series."
            )
        ],
        more_sources=[s for ids in also for s in ids],
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
