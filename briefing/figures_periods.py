"""The named figures of figures reported for a period: seizures (:func:`seizures`, and the table it draws,
:func:`seizure_table`) and enforcement counts (:func:`enforcement`), each drawn by a builder of
:mod:`briefing.chart_periods`. Each function returns a :class:`briefing.display.Figure` with the title the
chapter gives; :mod:`briefing.figures` offers them to chapters.
"""

from __future__ import annotations

import pandas as pd

from briefing import repeats
from briefing.chart_periods import OTHERS, greyed_countries, indicator_bars, seizure_bars
from briefing.data import load
from briefing.display import Figure
from briefing.figure_parts import (
    COUNTED,
    MAX_SERIES,
    MEASURES,
    SCOPES,
    _calendar_year,
    _figure,
    _mid,
    _period,
    _quantity,
    _runs,
    evidence_tip,
    short_name,
    source_labels,
    with_repeats,
)
from briefing.theme import KIND_NAMES, country_name, drug_name
from briefing.view_titles import opening_title, with_view_titles

#: What one unit of a seizure row is as drawn: weights in kg, pills as counted.
DRAWN_PER_UNIT = {"kg": 1.0, "t": 1000.0, "pills": 1.0}
#: A "yearly" total covers a year, calendar or Iranian, or at least eleven months of one (Iran's 1395 tally
#: ran to February); shorter tallies and totals over several years are left to the countries' own chapters.
YEARLY_DAYS = (330, 400)


def _folded(also: pd.Series) -> list[str]:
    """The source ids of every report folded into another row (the outlets named "also reported by")."""
    return [sid for ids in also for sid in ids]


def _seizure_rows(
    countries: list[str] | None, drugs: list[str] | None, scope: str | None = None
) -> tuple[pd.DataFrame, pd.Series]:
    """The seizure rows to draw (of one ``scope``, "total", "yearly" or "single", when given), each haul's
    repeats of one figure folded into one (:mod:`briefing.repeats`), and the sources folded into each."""
    df = load("seizures")
    if scope:
        df = df[df["scope"].astype(str) == ("total" if scope == "yearly" else scope)]
    if scope == "yearly":
        days = (df["period_end"] - df["period_start"]).dt.days
        df = df[days.between(*YEARLY_DAYS)]
    if countries:
        df = df[df["country"].isin(countries)]
    if drugs:
        df = df[df["drug"].isin(drugs)]
    kg = df["unit"].astype(str).map(DRAWN_PER_UNIT)
    drawn = df.assign(
        _measure=df["unit"].astype(str).map(MEASURES), _value=(df["quantity"].astype(float) * kg).round(3)
    )
    kept, also = repeats.fold(drawn, ["drug", "_measure", "_value"])
    return df.loc[kept.index], also


def seizure_table(countries: list[str] | None = None, drugs: list[str] | None = None) -> pd.DataFrame:
    """Seizures as the charts draw them: one row per reported figure (a haul told alike by several outlets
    is one row naming them all), weights in kg."""
    return _seizure_table(*_seizure_rows(countries, drugs))


def _seizure_table(df: pd.DataFrame, also: pd.Series) -> pd.DataFrame:
    labels = source_labels([*df["source_id"].astype(str), *_folded(also)])
    kg = df["unit"].astype(str).map(DRAWN_PER_UNIT)
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
            "source": with_repeats(df["source_id"], also, labels),
            "evidence_tip": evidence_tip(df["evidence"]),
        }
    ).sort_values(["start", "country", "record_id"])


def seizures(
    countries: list[str] | None = None,
    drugs: list[str] | None = None,
    *,
    name: str = "seizures",
    title: str,
    scope: str | None = None,
    colour_by: str = "country",
    drawn_from_kg: float | None = None,
) -> Figure:
    """Seizures reported for ``countries`` and ``drugs``; ``scope="total"`` keeps the totals over a period
    only, ``"yearly"`` the totals for a year (a chart comparing what countries seize in a year), ``"single"``
    the single hauls only. ``colour_by="drug"`` colours drugs, not countries (a figure comparing drugs).
    Weights under ``drawn_from_kg`` stay in the table view but are not drawn (a note names them), so one tiny
    figure does not stretch the log axis over decades with nothing in them."""
    rows, also = _seizure_rows(countries, drugs, scope)
    table = _seizure_table(rows, also)
    what = {"total": "period totals", "yearly": "yearly totals", "single": "single seizures"}.get(scope)
    drawn, undrawn = table, table.iloc[0:0]
    if drawn_from_kg is not None:
        small = (table["measure"] != "Pills") & (table["value"] < drawn_from_kg)
        drawn, undrawn = table[~small], table[small]
    chart = seizure_bars(
        drawn,
        colour_by=colour_by,
        title=title,
        subtitle="Quantity seized (weight or pills, log scale); a dot is one reported figure, its line the period covered",
        description=f"Chart of {len(table)} reported seizure {what or 'figures'} over time by country, "
        + (
            "switchable between weight and pill counts."
            if what
            else "switchable between weight and pill counts and between period totals and single seizures."
        ),
    )
    return _figure(
        name,
        chart,
        table,
        rows["source_id"],
        chart.description,
        notes=[
            "Most figures are governments' own tallies of their own seizures.",
            *([f"In grey as “{OTHERS}”: {', '.join(greyed)}."] if (greyed := greyed_countries(table)) else []),
            *(
                [
                    "Not drawn, to keep the axis on the rest (in the table view): "
                    + "; ".join(
                        f"{r.country}, {r.drug.lower()}, {r.period}: {r.quantity}" for r in undrawn.itertuples()
                    )
                    + "."
                ]
                if len(undrawn)
                else []
            ),
        ],
        columns={"value": "Quantity as drawn", "quantity": "Quantity as reported"},
        evidence=rows["evidence"],
        units=table["measure"].map({"Pills": "pills"}).fillna("kg"),  # weights are drawn in kg
        more_sources=_folded(also),
    )


#: How an indicator reads in a control, where its code does not read as words ("Executions drug").
INDICATOR_NAMES = {
    "executions_drug": "Executions for drug offences",
    "executions_total": "Executions for any offence",
    "death_or_life_sentences": "Death or life sentences",
    "users_in_treatment": "People in treatment",
}


def enforcement(
    countries: list[str] | None = None,
    indicators: list[str] | None = None,
    *,
    name: str = "enforcement",
    title: str | dict[str, str],
) -> Figure:
    """Enforcement counts, one indicator at a time, the first the chapter names first. ``title`` is one text
    true of every indicator, or one per indicator as shown (``{"Arrests": "...", "Death sentences": "..."}``),
    which the heading follows as the reader picks (:mod:`briefing.view_titles`)."""
    df = load("enforcement")
    if countries:
        df = df[df["country"].isin(countries)]
    if indicators:
        df = df[df["indicator"].isin(indicators)]
    kept, also = repeats.fold(df, ["indicator", "value"])
    df = df.loc[kept.index]
    labels = source_labels([*df["source_id"].astype(str), *_folded(also)])
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
            "indicator": df["indicator"]
            .astype(str)
            .map(lambda i: INDICATOR_NAMES.get(i, i.replace("_", " ").capitalize())),
            "country": df["country"].astype(str).map(country_name),
            "series": series,
            "start": df["period_start"].dt.strftime("%Y-%m-%d"),
            "end": df["period_end"].dt.strftime("%Y-%m-%d"),
            "mid": _mid(df["period_start"], df["period_end"]),
            "run": _runs(keyed, ["indicator", "series"], annual & (series != "Other reporters")),
            "period": _period(df["period_start"], df["period_end"]),
            "value": df["value"].astype(float),
            "reported_by": df["reported_by"].astype(str),
            "label": with_repeats(df["source_id"], also, labels),
            "kind": df["source_id"].astype(str).map(kinds).map(KIND_NAMES),
            "evidence_tip": evidence_tip(df["evidence"]),
        }
    )
    # The indicators in the order the chapter names them: the first is shown first (the title speaks of it).
    named = {INDICATOR_NAMES.get(i, i.replace("_", " ").capitalize()): n for n, i in enumerate(indicators or [])}
    table = table.sort_values(
        ["indicator", "start", "series"], key=lambda c: c.map(named) if c.name == "indicator" and named else c
    )
    shown = list(dict.fromkeys(table["indicator"]))
    chart = indicator_bars(
        table,
        title=opening_title(title, shown),
        subtitle="Counts as reported, by who reported them; a dot is one figure, its line the period covered",
        description=f"Chart of {len(table)} reported enforcement counts over time (arrests, networks dismantled, "
        "sentences, executions), one indicator at a time, coloured by who reported them.",
    )
    chart = with_view_titles(chart, "indicator", shown, title)
    return _figure(
        name,
        chart,
        table,
        df["source_id"],
        chart.description,
        columns={"value": "Count"},
        evidence=df["evidence"],
        units=df["indicator"].astype(str).map(COUNTED).fillna("count"),
        more_sources=_folded(also),
    )
