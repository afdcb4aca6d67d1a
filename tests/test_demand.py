"""The demand chapter's figures say what their titles claim, and its data keep their units honest."""

from __future__ import annotations

import io

import pandas as pd

import briefing as b


def health() -> pd.DataFrame:
    return b.load("health")


def test_a_percentage_is_never_above_a_hundred():
    shares = health()[health()["unit"].astype(str) == "percent"]
    assert len(shares) and (shares["value"] <= 100).all(), shares.loc[shares["value"] > 100, "record_id"].tolist()


def test_hiv_among_iranians_who_inject_fell_by_more_than_three_quarters():
    # book/demand.md's title for fig-demand-shares: true of every pair of first and newest survey figures.
    hiv = health().query("country == 'IRN' and indicator == 'hiv_among_pwid'")
    first = hiv[hiv["period_end"].dt.year == hiv["period_end"].dt.year.min()]["value"]
    newest = hiv.loc[hiv["period_end"].idxmax(), "value"]
    assert (newest < first / 4).all(), (newest, first.tolist())


def test_irans_official_counts_of_dependent_users_run_into_the_millions():
    regular = health().query("country == 'IRN' and indicator == 'users_regular'")
    assert len(regular) >= 2 and (regular["value"] >= 1_000_000).all()


def test_the_people_figure_opens_on_regular_users_and_cites_every_row():
    figure = b.demand.people(title="t")
    params = {p["name"]: p for p in figure.spec()["params"]}
    assert params["measure"]["value"] == b.demand.PEOPLE["users_regular"]
    table = pd.read_csv(io.StringIO(figure.csv()))
    assert len(table) == len(figure.table)
    assert table["The source's words (evidence)"].notna().all()
    assert table["Source id (data/sources.csv)"].isin(b.load("sources")["source_id"]).all()


def test_no_figure_adds_up_estimates():
    for figure in (b.demand.people(title="t"), b.demand.shares(title="t")):
        assert "sum(" not in str(figure.spec()["layer"][2]["encoding"])
        assert len(figure.table) == len(set(figure.table["record_id"]))
