"""The Captagon value estimates and the Afghanistan meth-against-heroin figure make their titles' points at
a glance: drawn with vl-convert (no browser), as a reader sees them before the runtime loads."""

from __future__ import annotations

import re

import vl_convert

import briefing as b
from briefing.picture import PHONE_COLUMN, fixed_width, static_svg

VALUES_TITLE = "Estimates differ several-hundredfold because they value different things"


def _texts(svg: str) -> list[str]:
    return [
        " ".join(re.sub(r"<[^>]+>", " ", t).split()) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.DOTALL)
    ]


def test_captagon_estimates_are_coloured_by_what_they_value_and_carry_their_values_whole_on_a_phone():
    figure = b.figures.captagon_values(title=VALUES_TITLE)
    spec = figure.spec()
    bar = spec["layer"][0]["encoding"]
    assert bar["color"]["field"] == "scope_group", "every bar one colour: what each values is not visible"
    assert len(set(bar["color"]["scale"]["range"])) == figure.table["scope_group"].nunique()
    texts = _texts(static_svg(spec, PHONE_COLUMN))
    for value in ["up to $57 bn", "$84–144 m", "$1.9–5.6 bn", "$30–40 bn"]:
        assert value in texts, f"no value label {value!r} at a bar's end"
    assert {"$10 m", "$100 bn"} <= set(texts), "an end of the dollar axis lost its label on a phone"
    assert "AFP, 2022" in texts and "LCI, no year given" in texts
    assert not [t for t in texts if t.endswith("…")]


def test_one_estimate_relayed_by_two_outlets_is_one_bar_naming_both():
    table = b.figures.captagon_values(title=VALUES_TITLE).table
    uk = table[table["label"].str.startswith("UK Government")]
    assert len(uk) == 1, list(uk["label"])
    assert "also reported by" in uk["source"].iloc[0]
    assert "British Embassy" in uk["estimator"].iloc[0]


def test_a_view_of_the_estimates_is_as_tall_as_its_rows():
    """One step per row: a drop-down choice that leaves one row draws a short chart, not a tall empty card
    (the step was lost once when a key drawn from marks joined the layers)."""
    spec = fixed_width(b.figures.captagon_values(title=VALUES_TITLE).spec(), PHONE_COLUMN)
    vega = vl_convert.vegalite_to_vega(spec)
    assert [s["value"] for s in vega["signals"] if s["name"] == "y_step"] == [40]


def test_the_meth_figure_colours_the_drugs_and_keeps_a_tiny_figure_off_the_axis():
    figure = b.figures.seizures(
        ["AFG", "IRN", "TUR"],
        ["methamphetamine", "heroin"],
        name="afghanistan-meth",
        colour_by="drug",
        drawn_from_kg=1,
        title="Meth seizures on the western route now top the heroin tallies",
    )
    spec = figure.spec()
    assert spec["layer"][0]["encoding"]["color"]["field"] == "drug"
    drawn = next(iter(spec["datasets"].values()))
    assert min(row["value"] for row in drawn) >= 1, "a sub-kilogram figure stretches the log axis again"
    assert (figure.table["value"] < 1).any(), "the tiny figure left the table view too"
    assert any("Not drawn" in note and "0.03 kg" in note for note in figure.notes)
    texts = _texts(static_svg(spec, PHONE_COLUMN))
    assert {"Methamphetamine", "Heroin"} <= set(texts), "the drugs are not named at the plot's end"


def test_a_value_written_after_its_bar_stays_inside_a_320_px_phones_plot():
    """ "at least $7.3 bn" ran off the right edge of a 320 px phone (a column of about 288 px)."""
    column = 288
    svg = static_svg(b.figures.captagon_values(title=VALUES_TITLE).spec(), column)
    after = re.findall(
        r'<text text-anchor="start" transform="translate\(([-0-9.]+),[-0-9.]+\)"[^>]*>((?:\$|at least|up to)[^<]*)</text>',
        svg,
    )
    assert after, "no value written after its bar"
    over = [(x, t) for x, t in after if float(x) + 7.5 * len(t) > column]  # 12 px bold: about 7.5 px a character
    assert not over, over


def test_a_view_of_one_kind_of_estimate_says_so_above_its_plot():
    """The title's claim ("differ several-hundredfold") is about every kind side by side: a view of one kind
    (one bar, for one smuggling route) says that it shows one kind only, whole on a 320 px phone."""
    spec = b.figures.captagon_values(title=VALUES_TITLE).spec()
    assert "Showing every kind: 17 estimates" in _texts(static_svg(spec, 288))
    for p in spec["params"]:
        if p["name"] == "valued":
            p["value"] = "Value of one smuggling route"
    texts = _texts(static_svg(spec, 288))
    assert "Showing one kind only (1 estimate): Value of one smuggling route" in texts, texts  # two lines
