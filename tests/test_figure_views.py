"""A figure's title stays true of every view its controls offer, and a timeline shows the events its title
hinges on. Checked on the figures exactly as the chapters call them (their code cells run as the gallery
runs them) and on their build-time pictures (``static_svg``), with no browser."""

from __future__ import annotations

import importlib.util
import itertools
import re
from pathlib import Path

import pytest
from test_figure_controls import CHAPTER_FIGURES, _options, _texts, _with

import briefing as b
from briefing.picture import PHONE_COLUMN, static_svg

ROOT = Path(__file__).resolve().parent.parent
#: The figures whose control shows measures, surveys or indicators a single finding cannot speak for: each
#: gives a title per view (the reviewer saw an Iran/opium title over Afghan cannabis bars).
TITLED_BY_VIEW = {
    "demand-people",
    "demand-shares",
    "demand-drugs",
    "iran-enforcement",
    "iran-executions",
    "coop-networks",
    "iraq-enforcement",
    "afghanistan-economy",
}
#: Words of a title that hinge on a dated event, and the date the chart must then mark.
HINGES = {r"Assad's fall|his fall": "8 Dec 2024", r"September 2025 memorandum": "12 Sep 2025"}


@pytest.fixture(scope="module")
def chapter_figures() -> dict:
    spec = importlib.util.spec_from_file_location("gallery", ROOT / "scripts" / "gallery.py")
    gallery = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gallery)
    return {figure.name: figure for _, figure in gallery.chapter_figures()}


def _titles(spec: dict) -> dict | None:
    return spec.get("usermeta", {}).get("briefing", {}).get("titles")


def test_a_title_per_view_names_every_view_and_the_figure_opens_on_the_first(chapter_figures):
    titled = set()
    for name, figure in chapter_figures.items():
        spec = figure.spec()
        titles = _titles(spec)
        if not titles:
            continue
        titled.add(name)
        param = next(p for p in spec["params"] if p["name"] == titles["param"])
        options = param["bind"]["options"]
        assert list(titles["by"]) == options, f"{name}: a title for each view, in the control's order"
        assert param["value"] == options[0], f"{name}: opens on the first view"
        assert spec["title"]["text"] == titles["by"][param["value"]], f"{name}: the picture shows the opening title"
        assert len(set(titles["by"].values())) == len(options), f"{name}: two views share a title"
    assert TITLED_BY_VIEW <= titled, f"no title per view: {sorted(TITLED_BY_VIEW - titled)}"


def test_the_drugs_figure_opens_on_irans_survey_and_each_title_names_its_surveys_leading_drug(chapter_figures):
    figure = chapter_figures["demand-drugs"]
    titles = _titles(figure.spec())["by"]
    assert next(iter(titles)).startswith("Iran")
    for survey, rows in figure.table.groupby("survey"):
        top = rows.sort_values("value").iloc[-1]["drug"]
        country = survey.split(",")[0]
        assert top.lower() in titles[survey].lower() and country in titles[survey], (survey, top, titles[survey])


def test_the_site_heading_follows_the_views_title():
    script = (ROOT / "briefing" / "static" / "briefing" / "charts.js").read_text(encoding="utf-8")
    assert "followViewTitles(box, result.view" in script and "addSignalListener(titles.param" in script


#: The seizure figures whose views are one drop-down ("show"), and those with two radio buttons (weight or
#: pills; totals or hauls), whose title follows the kind of figure ("scope").
VIEW_DROP_DOWNS = ["iran-seizures", "iraq-seizures", "afghanistan-meth", "coop-seizures"]
KIND_RADIOS = ["iraq-captagon", "syria-lebanon-seizures"]


@pytest.mark.parametrize("name", VIEW_DROP_DOWNS + KIND_RADIOS)
def test_a_seizure_figure_states_its_finding_only_over_the_view_it_is_of(name):
    """Iran's "peaked around 2020" stood over "Opium, single seizures" too: the chapter's title is the opening
    view's, and every other view's heading says what it shows."""
    spec = CHAPTER_FIGURES[name]().spec()
    param = "scope" if name in KIND_RADIOS else "show"
    views = [o for p in spec.get("params", []) if p.get("name") == param for o in p["bind"]["options"]]
    assert len(views) >= 2, f"{name} offers no choice of {param}"
    titles = spec["usermeta"]["briefing"]["titles"]
    assert titles["param"] == param and list(titles["by"]) == views
    assert titles["by"][views[0]] == "t"  # the chapter's own title, of the opening view
    assert all(titles["by"][v] == f"Reported: {v}" for v in views[1:])


def test_a_title_per_view_must_cover_every_view():
    with pytest.raises(ValueError, match=r"missing \['Traffickers killed'\]"):
        b.figures.enforcement(
            ["IRN"], ["networks_dismantled", "traffickers_killed"], title={"Networks dismantled": "t"}
        )
    with pytest.raises(ValueError, match="no such view"):
        b.demand.shares(title={**dict.fromkeys(b.demand.SHARES.values(), "t"), "Share of cats": "t"})


def _value_labels_and_dots(svg: str):
    """The y values' axis labels that carry a number (their y) and every dot's y, in a drawn chart."""
    labels = []
    for group in re.findall(r'<g class="mark-text role-axis-label"[^>]*>(.*?)</g>', svg, re.DOTALL):
        found = re.findall(
            r'<text text-anchor="end" transform="translate\([-0-9.]+,([-0-9.]+)\)"[^>]*opacity="1"[^>]*>([^<]*)<', group
        )
        labels += [float(y) for y, text in found if re.search(r"\d", text)]
    dots = [
        float(y)
        for group in re.findall(r'<g class="mark-symbol role-mark[^"]*"[^>]*>(.*?)</g>', svg, re.DOTALL)
        for y in re.findall(r'<path transform="translate\([-0-9.]+,([-0-9.]+)\)"', group)
    ]
    return labels, dots


@pytest.mark.parametrize("name", [n for n in CHAPTER_FIGURES if n not in ("timeline", "source-mix")])
def test_no_dot_sits_above_the_top_label_of_its_value_axis(name):
    """The axis is rounded as it is ticked, so its top label stands at or above the highest dot of every
    view (the Afghan 2.7% dot stood above a top label of 2.5%)."""
    spec = CHAPTER_FIGURES[name]().spec()
    options = _options(spec)
    for combination in itertools.product(*options.values()):
        labels, dots = _value_labels_and_dots(static_svg(_with(spec, **dict(zip(options, combination))), PHONE_COLUMN))
        if labels and dots:  # a label's middle is its tick; a dot of 4.5 px radius may reach half a line above
            assert min(dots) >= min(labels) - 5, f"{name} {combination}: a dot above the top label"


def test_a_timeline_marks_the_event_its_title_hinges_on(chapter_figures):
    marked = 0
    for name, figure in chapter_figures.items():
        spec = figure.spec()
        title = spec.get("title", {}).get("text", "")
        for words, date in HINGES.items():
            if re.search(words, title) and "kind" in _options(spec):
                assert date in {t[2] for t in _texts(static_svg(spec, PHONE_COLUMN))}, f"{name}: {date} not marked"
                marked += 1
    assert marked >= 4, "the Iraq, Syria–Lebanon, routes and cooperation timelines"


def _two_marks():
    return b.figures.timeline(
        title="t",
        mark={"ev-2024-12-08-assad-falls": "Assad falls", "ev-2025-09-12-iran-iraq-mou": "Iran–Iraq memorandum"},
    )


@pytest.mark.parametrize("width", [200, 260, PHONE_COLUMN, 1000])  # 200, 260: the plot's width on phones
@pytest.mark.parametrize("make", ["iraq", "cooperation", "two"])
def test_event_labels_stand_whole_and_apart_in_a_band_above_the_plot(make, width):
    figure = {
        "iraq": lambda: b.figures.timeline(
            ["IRQ"],
            kinds=["seizure", "operation", "political"],
            title="t",
            mark={"ev-2024-12-08-assad-falls": "Assad falls"},
        ),
        "cooperation": lambda: b.figures.timeline(
            kinds=["agreement", "meeting", "operation"],
            title="t",
            mark={"ev-2025-09-12-iran-iraq-mou": "Iran–Iraq memorandum"},
        ),
        "two": _two_marks,
    }[make]()
    svg = static_svg(figure.spec(), width)
    found = re.findall(
        r'<text text-anchor="(\w+)" transform="translate\(([-0-9.]+),([-0-9.]+)\)"[^>]*>'
        r"((?:Assad falls|Iran–Iraq memorandum|8 Dec 2024|12 Sep 2025))</text>",
        svg,
    )
    assert len(found) == (4 if make == "two" else 2), found
    boxes = []
    for anchor, x, y, text in found:
        x, y, wide = float(x), float(y), 6.5 * len(text)
        left = x if anchor == "start" else x - wide
        assert y < 0, f"{text} stands on the plot, not in the band above it"
        assert left >= 0 and left + wide <= width, (
            f"{text} runs off the plot at {width}px ({left:.0f}–{left + wide:.0f})"
        )
        boxes.append((left, left + wide, y - 11, y, text))
    for one, other in itertools.combinations(boxes, 2):
        apart = one[1] <= other[0] or other[1] <= one[0] or one[3] <= other[2] or other[3] <= one[2]
        assert apart, f"{one[4]} and {other[4]} overlap at {width}px"


def test_marking_an_event_not_in_the_data_names_it():
    with pytest.raises(ValueError, match="ev-1999-nothing.*data/events.csv"):
        b.figures.timeline(title="t", mark=["ev-1999-nothing"])


def test_a_marked_events_label_gives_its_date_as_precisely_as_the_data_do():
    from briefing.figures_time import event_markers

    markers = event_markers(["ev-2024-12-08-assad-falls", "ev-2024-12-alqaim-closure"])
    assert markers["name"].tolist() == ["Fall of the Assad regime", "Iraq seals Syrian border after Assad's fall"]
    assert markers["when"].tolist() == ["8 Dec 2024", "Dec 2024"]
    assert markers["date"].tolist() == ["2024-12-08", "2024-12-15"], "a month's event is drawn mid-month"


def test_an_event_known_to_the_month_is_drawn_mid_month_after_a_day_in_its_first_week(chapter_figures):
    """Iraq's border closure "after Assad's fall" (December 2024) stood left of the fall's rule (8 December)
    when drawn on the 1st."""
    spec = chapter_figures["iraq-timeline"].spec()
    svg = static_svg(_with(spec, kind="political"), 700)
    rule = float(re.search(r'class="mark-rule role-mark[^"]*"><line transform="translate\(([-0-9.]+),', svg)[1])
    dots = [float(x) for x in re.findall(r'<path transform="translate\(([-0-9.]+),[-0-9.]+\)" d="M[^"]*"', svg)]
    assert dots and all(x > rule for x in dots), (rule, dots)


def _date_labels(svg: str) -> list[tuple[float, int, str]]:
    """The dates an axis shows (x, font size, words: "2025", or "Sep 2025" for "Sep" over "2025")."""
    found = []
    for group in re.findall(r'<g class="mark-text role-axis-label"[^>]*>(.*?)</g>', svg, re.DOTALL):
        for attributes, body in re.findall(r"<text([^>]*?)(?:/>|>(.*?)</text>)", group, re.DOTALL):
            words = " ".join(re.findall(r">([^<]+)<", f">{body}<")) if "<tspan" in body else body
            if 'opacity="0"' not in attributes and re.fullmatch(r"(?:[A-Z][a-z]{2} )?\d{4}", words):
                x = float(re.search(r"translate\(([-0-9.]+),", attributes)[1])
                found.append((x, int(re.search(r'font-size="(\d+)px"', attributes)[1]), words))
    return found


@pytest.mark.parametrize("width", [150, 200, 260, 1000])  # 150 to 260: the plot's width on phones of 320-390 px
def test_an_event_timeline_names_at_least_three_dates_apart(chapter_figures, width):
    """The landing page's timeline showed two dates at 390 px: Vega halves overlapping labels until they fit."""
    for name in ("index-recent", "iraq-timeline", "coop-timeline", "syria-lebanon-timeline", "routes-events"):
        shown = _date_labels(static_svg(chapter_figures[name].spec(), width))
        assert len(shown) >= 3, f"{name} at {width}px: {shown}"
        for (x1, size1, one), (x2, size2, other) in itertools.pairwise(shown):
            # A label is as wide as its longest line ("2025"): about 0.55 em a figure or letter.
            room = 0.55 * (size1 * max(map(len, one.split())) + size2 * max(map(len, other.split()))) / 2
            assert x2 - x1 >= room + 3, f"{name} at {width}px: {one} and {other} touch"
