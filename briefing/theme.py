"""The book's one Altair theme: a colour per country used everywhere, readable type, plain-unit labels."""

from __future__ import annotations

import functools

import altair as alt

#: The colour of a country the book never colours (data/countries.csv leaves its colour empty): 4.5:1 on white.
OTHER_COLOUR = "#767676"


@functools.lru_cache(maxsize=4)
def _countries(base: str, stamp: str) -> tuple[dict[str, str], dict[str, str]]:
    from briefing.data import load

    table = load("countries", base)
    names = dict(zip(table["code"].astype(str), table["name"].astype(str)))
    colours = {c: str(v) for c, v in zip(table["code"].astype(str), table["colour"]) if isinstance(v, str) and v}
    return names, colours


def _country_table() -> tuple[dict[str, str], dict[str, str]]:
    """Names and colours from data/countries.csv, read once per version of the file (the package is
    validated on first read, so a bad row is reported with its file, line and column)."""
    from briefing.data import data_dir, fingerprint

    base = str(data_dir())
    return _countries(base, fingerprint(base, ["countries"]))


def country_names() -> dict[str, str]:
    """Every country the book names: ISO alpha-3 code -> the short English name it writes."""
    return dict(_country_table()[0])


def country_colours() -> dict[str, str]:
    """One colour per country, the same in every chart (data/countries.csv, in its order): hues far apart
    for the countries that share a chart (Iraq blue, Saudi Arabia near-black, the Gulf olive and wine), every
    one at least 3:1 on white; every chart also names countries in text so colour never carries meaning
    alone."""
    return dict(_country_table()[1])


def __getattr__(name: str):
    # COUNTRY_NAMES and COUNTRY_COLOURS read as before, but come from data/countries.csv when asked for.
    if name == "COUNTRY_NAMES":
        return country_names()
    if name == "COUNTRY_COLOURS":
        return country_colours()
    raise AttributeError(f"module 'briefing.theme' has no attribute {name!r}")


def country_name(code: str) -> str:
    """The English name of an ISO alpha-3 code; an unknown code is an error, never a bare code on a chart."""
    try:
        return _country_table()[0][code]
    except KeyError:
        raise KeyError(f"country code {code!r} has no name in data/countries.csv") from None


#: One colour per drug, distinct from one another (Okabe–Ito and Tableau hues), used wherever a drug is coloured.
DRUG_COLOURS = {
    "opium": "#cc79a7",
    "heroin": "#0072b2",
    "morphine": "#56b4e9",
    "methamphetamine": "#e69f00",
    "captagon": "#d55e00",
    "hashish": "#009e73",
    "cannabis": "#1b7837",
    "cocaine": "#7f7f7f",
    "tramadol": "#6a3d9a",
    "precursors": "#b2182b",
    "all_drugs": "#222222",
}

#: How a drug code reads in a control or a legend.
DRUG_NAMES = {"all_drugs": "All drugs (one total)", "precursors": "Precursor chemicals"}


def drug_name(code: str) -> str:
    return DRUG_NAMES.get(code, code.replace("_", " ").capitalize())


def drug_scale(drugs) -> alt.Scale:
    drugs = sorted(set(drugs))
    return alt.Scale(domain=drugs, range=[DRUG_COLOURS.get(d, OTHER_COLOUR) for d in drugs])


#: Colours for the kinds of source, so an official claim always looks like one.
KIND_COLOURS = {
    "un": "#0072b2",
    "government": "#d55e00",
    "ngo": "#009e73",
    "media": "#7f7f7f",
    "academic": "#cc79a7",
    "reference": "#e69f00",
}
KIND_NAMES = {
    "un": "UN",
    "government": "Government",
    "ngo": "NGO",
    "media": "Media",
    "academic": "Academic",
    "reference": "Reference",
}

#: Colours for up to eight series that are not countries (who reported a count), then grey.
SERIES_COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#222222", "#882255", "#999933"]

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
TEXT = "#222222"
MUTED = "#555555"  # 7.5:1 on white: subtitles and source lines stay readable


def country_scale(codes) -> alt.Scale:
    """A colour scale that gives each country named in ``codes`` its book-wide colour."""
    codes = list(dict.fromkeys(codes))
    colours = country_colours()
    return alt.Scale(domain=[country_name(c) for c in codes], range=[colours.get(c, OTHER_COLOUR) for c in codes])


# Vega expressions that label axes in plain units (never SI prefixes such as "100m" for 0.1 kg or "0.4k").
def _plain(value: str) -> str:
    return (
        f"abs({value}) >= 1e9 ? format({value} / 1e9, ',~r') + ' bn' : "
        f"abs({value}) >= 1e6 ? format({value} / 1e6, ',~r') + ' million' : format({value}, ',~r')"
    )


#: A count: 1,000 · 25,000 · 1.5 million.
COUNT_LABEL = _plain("datum.value")
#: Kilograms below a tonne, tonnes above: 0.1 kg · 500 kg · 1 t · 1,000 t.
WEIGHT_LABEL = "datum.value >= 1000 ? format(datum.value / 1000, ',~r') + ' t' : format(datum.value, ',~r') + ' kg'"
#: Pills: 100,000 pills · 1 million pills.
PILLS_LABEL = f"({_plain('datum.value')}) + ' pills'"
#: US dollars: $100 million · $3.5 bn.
USD_LABEL = f"'$' + ({_plain('datum.value')})"
#: On a log axis, label the powers of ten only (the other ticks stay as grid lines).
POWERS_OF_TEN = "abs(log(datum.value) / LN10 - round(log(datum.value) / LN10)) < 1e-6"


def log_ticks(channel: str = "y") -> str:
    """A Vega test of which ticks of a log axis carry a label, so that a reader always has three to six
    values to read by: over one power of ten (its domain as drawn, after a choice) 1, 2 and 5 times a power
    of ten ("1 million", "2 million", "5 million", "10 million"), over two 1 and 3 times, over more the powers
    alone. The other ticks stay as grid lines."""
    decades = f"log(domain('{channel}')[1] / domain('{channel}')[0]) / LN10"
    mantissa = "datum.value / pow(10, floor(log(datum.value) / LN10 + 1e-9))"
    near = " || ".join(f"abs({mantissa} - {k}) < 1e-6" for k in (1, 2, 5))
    return (
        f"({decades} <= 1.5 ? ({near}) : {decades} <= 2.5 ? "
        f"(abs({mantissa} - 1) < 1e-6 || abs({mantissa} - 3) < 1e-6) : {POWERS_OF_TEN})"
    )


#: Dates: the year at a year's start, else the month over its year, on two short lines (never a bare
#: "April"), so that three or more dates fit even the narrow plot of a phone.
DATE_LABEL = (
    "month(datum.value) == 0 && date(datum.value) == 1 ? timeFormat(datum.value, '%Y') "
    ": [timeFormat(datum.value, '%b'), timeFormat(datum.value, '%Y')]"
)


@alt.theme.register("briefing", enable=True)
def briefing_theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT,
            "background": "white",
            "view": {"stroke": None, "continuousWidth": 560, "continuousHeight": 300},
            "title": {
                "anchor": "start",
                "fontSize": 16,
                "fontWeight": 600,
                "color": TEXT,
                "subtitleFontSize": 13,
                "subtitleColor": MUTED,
                "subtitlePadding": 4,
                "offset": 12,
            },
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "labelColor": TEXT,
                "titleColor": TEXT,
                "labelLimit": 0,  # 0: never cut a label with "…"
                "gridColor": "#e6e6e6",
                "domainColor": "#888888",
                "tickColor": "#888888",
            },
            "legend": {
                "orient": "bottom",
                "direction": "horizontal",
                "columns": {"expr": "max(1, floor(width / 260))"},  # a 45-character name fits its column
                "labelFontSize": 12,
                "titleFontSize": 12,
                "labelColor": TEXT,
                "titleColor": TEXT,
                "labelLimit": 0,
                "symbolSize": 120,
                "symbolStrokeWidth": 3,
                "symbolOpacity": 1,
            },
            "header": {"labelFontSize": 12, "titleFontSize": 12},
            "range": {"category": list(country_colours().values())},
            "text": {"limit": 0},
            "point": {"size": 60, "filled": True},
            "line": {"strokeWidth": 2.5},
        }
    }
