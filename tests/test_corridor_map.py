"""The corridor map (b.figures.corridor_map) without a browser: every place it draws has a name and a
declared place for it, no leg too short to see is left on the overview, and a leg to a place the map would
not name is refused. The browser checks (no name on another name or on a route line, scale bars clear, legs
long enough on a phone) are in test_map_browser.py."""

from __future__ import annotations

import json
import math

import pytest
from test_data import broken_copy, problems, set_cell

import briefing as b
from briefing import corridor_map, map_layout

#: The map's width on a 390 px phone (measured on the built site: the column less the chart's padding).
PHONE = 332


@pytest.fixture(scope="module")
def figure():
    return b.figures.corridor_map(title="t")


def embedded(figure, column: str) -> list[list[dict]]:
    """The spec's datasets whose rows have ``column``."""
    return [rows for rows in figure.spec()["datasets"].values() if rows and column in rows[0]]


def test_every_place_the_map_draws_has_a_name_and_a_label_anchor(figure):
    places = [row for rows in embedded(figure, "map_name") for row in rows]
    assert places, "the map embeds no places"
    for row in places:
        assert str(row["map_name"]).strip(), row
        assert row["label_anchor"] in {"n", "ne", "e", "se", "s", "sw", "w", "nw"}, row


def test_the_map_draws_only_the_places_the_chapters_name(figure):
    """A place with no map_name in data/places.csv (Rabia, Bandar Abbas, ...) is not drawn at all, so no
    dot on the map is left without a name."""
    drawn = {row["name"] for rows in embedded(figure, "map_name") for row in rows}
    places = b.load("places")
    unnamed = set(places.loc[places["map_name"].isna(), "name"].astype(str))
    assert unnamed and not drawn & unnamed


def test_no_leg_too_short_to_see_is_left_on_the_overview(figure):
    """The overview is ~7 px a degree on a phone: a leg shorter than a degree and a half (the crossings into
    Iraq, the al-Qaim leg, Zaranj-Milak, Herat to Islam Qala) is drawn in a close-up, where it is at least
    24 px long."""
    legs = figure.table[figure.table["layer"] == "route leg"]
    for leg in legs.itertuples():
        degrees = math.hypot(leg.lon2 - leg.lon, leg.lat2 - leg.lat)
        if leg.panel == map_layout.OVERVIEW:
            assert degrees >= 1.5, (leg.from_name, leg.to_name, degrees)
        else:
            close_up = next(c for c in map_layout.CLOSE_UPS if c.name == leg.panel)
            phone_box = map_layout.close_up_height(PHONE)  # a close-up's height on a phone (its span)
            assert degrees / close_up.span * phone_box >= 24, (leg.from_name, leg.to_name)
    assert {"Shatt al-Arab", "Al-Qa'im", "Islam Qala"} <= set(legs["panel"])


def test_a_leg_to_a_place_the_map_does_not_name_is_refused(monkeypatch):
    places = b.load("places")
    unnamed = places.copy()
    unnamed.loc[unnamed["place_id"] == "pl-basra", "map_name"] = None
    monkeypatch.setattr(corridor_map, "load", lambda name: unnamed if name == "places" else b.load(name))
    with pytest.raises(ValueError, match=r"data/places.csv: pl-basra ends a leg in routes.csv but has no map_name"):
        corridor_map.corridor_map(title="t")


def test_a_label_anchor_that_is_not_a_compass_point_is_refused(tmp_path):
    copy = broken_copy(tmp_path, "places", set_cell(2, "label_anchor", "north"))
    assert "data/places.csv:3: column 'label_anchor': 'north' is not one of the allowed values" in " ".join(
        problems(copy)
    )


def test_the_boundaries_are_embedded_once(figure):
    """The overview and the three close-ups draw the same boundaries from one named dataset."""
    spec = figure.spec()
    assert json.dumps(spec).count('"type": "Feature"') == len(spec["datasets"]["regions"])


def test_a_leg_s_mode_is_declared_and_a_bad_one_is_refused(tmp_path, figure):
    """How a leg went is data: the Khorramshahr-Basra legs go by river (Arvand Rud), the ports' legs by sea."""
    legs = figure.table[figure.table["layer"] == "route leg"]
    river = legs[legs["mode"].str.startswith("by river")]
    assert set(zip(river["from_name"], river["to_name"], strict=True)) == {("Khorramshahr", "Basra")}
    assert set(legs.loc[legs["mode"].str.startswith("by sea"), "to_name"]) == {"Beirut", "Jeddah"}
    copy = broken_copy(tmp_path, "routes", set_cell(2, "mode", "by camel"))
    assert "data/routes.csv:3: column 'mode': 'by camel' is not one of the allowed values" in " ".join(problems(copy))
