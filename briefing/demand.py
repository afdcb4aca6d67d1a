"""The demand side's figures: how many people use drugs, who is treated, and the harm (HIV, deaths).

Read from ``data/health.csv``. Estimates of use count different things (any use, regular or dependent
use, people in treatment), made by different bodies in different years, so each figure is a dot of its
own, coloured by country, never added to another or joined into a trend it is not. A chapter glues each
figure in one line, as it does those of :mod:`briefing.figures`::

    glue("demand_people", b.demand.people(name="demand-people", title="..."))
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from briefing import charts
from briefing.chart_parts import WIDTH, Choice, evidence_tooltip, on_log_scale
from briefing.data import load
from briefing.display import Figure
from briefing.facts import record_sources
from briefing.figure_parts import _mid, _period, citations, evidence_tip, source_labels
from briefing.theme import COUNT_LABEL, country_name, country_scale, drug_name, log_ticks
from briefing.view_titles import Title, first_option, opening_title, with_view_titles

#: What each indicator counts, as a reader reads it in a control and a tooltip (counts of people); short
#: enough for a drop-down on a 390 px phone. A dot's tooltip says exactly what its source counted.
PEOPLE = {
    "users_regular": "Regular users ('addicts')",
    "users_any": "Users of any drug",
    "people_who_inject": "People who inject drugs",
    "in_treatment": "People treated",
    "drug_deaths": "Drug-related deaths",
}
#: Shares, in per cent.
SHARES = {
    "hiv_among_pwid": "HIV among people who inject",
    "prevalence_adults": "Share of adults who use drugs",
    "prevalence_all_ages": "Share of all ages who use drugs",
}


def _number(value: float, unit: str) -> str:
    """A figure as read: "2.8 million people", "15.2%", "16 centres"."""
    if unit == "percent":
        return f"{value:,.10g}%"
    shown = f"{value / 1e6:,.3g} million" if value >= 1e6 else f"{value:,.10g}"
    return f"${shown}" if unit == "usd" else f"{shown} {unit}"


def health_table(indicators: dict[str, str], countries: list[str] | None = None) -> pd.DataFrame:
    """The rows of ``health.csv`` for these indicators, one per figure, as the charts draw them."""
    df = load("health")
    df = df[df["indicator"].isin(list(indicators))]
    if countries:
        df = df[df["country"].isin(countries)]
    labels = source_labels(df["source_id"])
    return pd.DataFrame(
        {
            "record_id": df["record_id"].astype(str),
            "country_code": df["country"].astype(str),
            "country": df["country"].astype(str).map(country_name),
            "measure": df["indicator"].astype(str).map(indicators),
            "drug": df["drug"].astype(str).map(lambda d: "All drugs" if d == "all_drugs" else drug_name(d)),
            "start": df["period_start"].dt.strftime("%Y-%m-%d"),
            "end": df["period_end"].dt.strftime("%Y-%m-%d"),
            "mid": _mid(df["period_start"], df["period_end"]),
            "run": "",  # estimates by different bodies are never joined into a trend
            "period": _period(df["period_start"], df["period_end"]),
            "value": df["value"].astype(float),
            "figure": [_number(v, u) for v, u in zip(df["value"].astype(float), df["unit"].astype(str))],
            "estimated_by": df["estimated_by"].astype(str),
            "official_claim": df["claim"].astype(bool),
            "note": df["note"].fillna("").astype(str),
            "source": df["source_id"].astype(str).map(labels),
            "evidence_tip": evidence_tip(df["evidence"]),
        },
        index=df.index,
    ).sort_values(["measure", "start", "country"])


def _dots(
    table: pd.DataFrame, order: list[str], *, y: alt.Y, title: Title, subtitle: str, description: str
) -> alt.LayerChart:
    """Dots over time, one per figure, a line under each spanning the period it covers; one measure at a
    time (drop-down); a click on a country's name picks it out."""
    order = first_option(title, order)
    measure = Choice(table, "measure", "measure", "What is counted", order=order)
    codes = list(dict.fromkeys(table["country_code"]))
    colour = alt.Color("country:N", title="Country", scale=country_scale(codes))
    tooltip = [
        alt.Tooltip("country:N", title="Country"),
        alt.Tooltip("measure:N", title="What is counted"),
        alt.Tooltip("figure:N", title="Figure"),
        alt.Tooltip("period:N", title="Period"),
        alt.Tooltip("drug:N", title="Drug"),
        alt.Tooltip("estimated_by:N", title="Estimated by"),
        alt.Tooltip("note:N", title="What exactly"),
        alt.Tooltip("source:N", title="Source"),
        *evidence_tooltip(table),
    ]
    chart = charts.period_values(table, choices=(measure,), colour=colour, y=y, tooltip=tooltip, pick_field="country")
    chart = chart.properties(title=alt.Title(opening_title(title, order), subtitle=[subtitle]), description=description)
    return with_view_titles(chart, "measure", order, title)


def _figure(name: str, chart, table: pd.DataFrame, notes: list[str], columns: dict | None = None) -> Figure:
    rows = load("health").loc[table.index]
    labels = source_labels(rows["source_id"])
    record_sources(labels)
    return Figure(
        name=name,
        chart=chart,
        table=table.reset_index(drop=True),
        sources=list(labels.values()),
        description=chart.description,
        notes=notes,
        columns={
            "value": "Value as drawn",
            "figure": "Figure as reported",
            "measure": "What is counted",
            **(columns or {}),
        },
        citations=citations(table, rows["source_id"], rows["evidence"]),
    )


def people(countries: list[str] | None = None, *, name: str = "demand-people", title: Title) -> Figure:
    """Counts of people: users, dependent users, people who inject, people treated, deaths. ``title`` is one
    text true of every measure, or one per measure (``{"Drug-related deaths": "..."}``): the heading follows
    the reader's pick, and the figure opens on the first measure of :data:`PEOPLE` drawn."""
    indicators = PEOPLE
    table = health_table(indicators, countries)
    on_log_scale(table, ["value"])
    y = alt.Y(
        "value:Q",
        title=None,
        scale=alt.Scale(type="log"),
        axis=alt.Axis(labelExpr=f"{log_ticks()} ? ({COUNT_LABEL}) : ''", tickCount=6),
    )
    chart = _dots(
        table,
        [m for m in indicators.values() if m in set(table["measure"])],
        y=y,
        title=title,
        subtitle="People (log scale); a dot is one estimate or count, its line the period it covers",
        description=f"Chart of {len(table)} estimates and counts of people who use drugs, inject drugs, are "
        "treated or died, by country and date, one measure at a time.",
    )
    notes = [
        "Each dot is one body's estimate or count; they measure different things and are never added up.",
        "Governments' figures are official statements, not independent surveys.",
    ]
    return _figure(name, chart, table, notes)


def shares(countries: list[str] | None = None, *, name: str = "demand-shares", title: Title) -> Figure:
    """Percentages: HIV among people who inject drugs, and the share of people who use drugs; ``title`` as
    for :func:`people`, by measure of :data:`SHARES`."""
    indicators = SHARES
    table = health_table(indicators, countries)
    y = alt.Y(
        "value:Q",
        title=None,
        # Rounded as the axis is ticked, so the top label stands at or above the highest dot of every view.
        scale=alt.Scale(zero=True, nice=5),
        axis=alt.Axis(labelExpr="datum.value + '%'", tickCount=5),
    )
    chart = _dots(
        table,
        [m for m in indicators.values() if m in set(table["measure"])],
        y=y,
        title=title,
        subtitle="Per cent; a dot is one survey's figure, its line the survey's period",
        description=f"Chart of {len(table)} survey percentages over time: HIV prevalence among people who "
        "inject drugs and the share of people using drugs, one measure at a time.",
    )
    notes = ["Surveys differ in who they reach (a city's households, a clinic's clients); read each in its note."]
    return _figure(name, chart, table, notes)


#: Which drugs people use: counts of users by drug (surveys) and shares of users by drug (official), with
#: the unit each is given in.
BY_DRUG = {"users_by_drug": "Users of one drug", "share_of_users": "Share of users using one drug"}
BY_DRUG_UNIT = {"users_by_drug": "people", "share_of_users": "% of users"}


def drugs(*, name: str = "demand-drugs", title: Title, first: str | None = None) -> Figure:
    """Which drugs people use, one survey or statement at a time (radio buttons): a bar per drug, its
    figure written beside its name, so that people and percentages never share an axis. ``first`` names
    the survey shown first (the one the title speaks of); the others follow in order. ``title`` is one text
    true of every survey, or one per survey (``{"Afghanistan, 2005 (people)": "..."}``), which the heading
    follows as the reader picks; given per survey, the first key is the survey shown first."""
    table = health_table(BY_DRUG)
    rows = load("health").loc[table.index]
    year = rows["period_end"].dt.year.astype(str)
    table["survey"] = table["country"] + ", " + year + " (" + rows["indicator"].astype(str).map(BY_DRUG_UNIT) + ")"
    table["bar"] = table["drug"] + ": " + table["figure"].str.replace(" people", "")
    first = first or (next(iter(title)) if isinstance(title, dict) else None)
    order = sorted(set(table["survey"]), key=lambda v: (v != first, v))
    survey = Choice(table, "survey", "survey", "Survey", radio=True, order=order)
    codes = list(dict.fromkeys(table["country_code"]))
    bars = (
        alt.Chart(table)
        .transform_filter(survey.filter)
        .mark_bar()
        .encode(
            y=alt.Y("bar:N", title=None, sort=alt.EncodingSortField("value", order="descending")),
            x=alt.X("value:Q", title=None, axis=None, scale=alt.Scale(zero=True)),
            color=alt.Color("country:N", scale=country_scale(codes), legend=None),
            tooltip=[
                alt.Tooltip("survey:N", title="Survey"),
                alt.Tooltip("drug:N", title="Drug"),
                alt.Tooltip("figure:N", title="Figure"),
                alt.Tooltip("estimated_by:N", title="Estimated by"),
                alt.Tooltip("note:N", title="What exactly"),
                alt.Tooltip("source:N", title="Source"),
                *evidence_tooltip(table),
            ],
        )
    )
    chart = (
        alt.layer(bars)
        .add_params(*survey.params)
        .properties(width=WIDTH, height=alt.Step(34))  # a bar thick enough to tap on a phone
        .properties(
            title=alt.Title(
                opening_title(title, order),
                subtitle=["People using each drug, or per cent of users, as each source gives it"],
            ),
            description=f"Bar chart of {len(table)} figures on which drugs people use, one survey or official "
            "statement at a time, each bar labelled with its figure.",
        )
    )
    chart = with_view_titles(chart, "survey", order, title)
    notes = ["A person may use more than one drug, so a survey's bars do not add up to its total of users."]
    return _figure(name, chart, table, notes, columns={"bar": None})
