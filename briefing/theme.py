"""The book's one Altair theme: a colour per country used everywhere, readable type, sizes."""

from __future__ import annotations

import altair as alt

#: One colour per country, the same in every chart (Okabe–Ito based, distinguishable with colour-blindness,
#: and every chart also labels countries in text so colour never carries meaning alone).
COUNTRY_COLOURS: dict[str, str] = {
    "AFG": "#8c510a",
    "IRN": "#009e73",
    "IRQ": "#0072b2",
    "SYR": "#d55e00",
    "LBN": "#cc79a7",
    "JOR": "#e69f00",
    "SAU": "#56b4e9",
    "TUR": "#7f7f7f",
    "PAK": "#6a3d9a",
    "ARE": "#1b7837",
    "KWT": "#b2182b",
}
OTHER_COLOUR = "#999999"

COUNTRY_NAMES: dict[str, str] = {
    "AFG": "Afghanistan",
    "IRN": "Iran",
    "IRQ": "Iraq",
    "SYR": "Syria",
    "LBN": "Lebanon",
    "JOR": "Jordan",
    "SAU": "Saudi Arabia",
    "TUR": "Turkey",
    "PAK": "Pakistan",
    "ARE": "United Arab Emirates",
    "KWT": "Kuwait",
    "QAT": "Qatar",
    "BHR": "Bahrain",
    "OMN": "Oman",
    "EGY": "Egypt",
    "TJK": "Tajikistan",
    "TKM": "Turkmenistan",
    "UZB": "Uzbekistan",
    "AZE": "Azerbaijan",
    "ARM": "Armenia",
    "GRC": "Greece",
    "IND": "India",
    "USA": "United States",
    "GBR": "United Kingdom",
}

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

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
TEXT = "#222222"
MUTED = "#555555"  # 7.5:1 on white: subtitles and source lines stay readable


def country_scale(codes) -> alt.Scale:
    """A colour scale that gives each country named in ``codes`` its book-wide colour."""
    names = [COUNTRY_NAMES.get(c, c) for c in codes]
    return alt.Scale(domain=names, range=[COUNTRY_COLOURS.get(c, OTHER_COLOUR) for c in codes])


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
                "gridColor": "#e6e6e6",
                "domainColor": "#888888",
                "tickColor": "#888888",
            },
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": TEXT, "titleColor": TEXT},
            "header": {"labelFontSize": 12, "titleFontSize": 12},
            "range": {"category": list(COUNTRY_COLOURS.values())},
            "point": {"size": 60, "filled": True},
            "line": {"strokeWidth": 2.5},
        }
    }
