"""The book says honestly how current it is: "What changed" covers the twelve months up to the newest
event, each chapter dates its newest figure from the data, and no sentence about "the latest" or "the
next survey" carries a year typed by hand."""

from __future__ import annotations

import csv
import datetime as dt
import re

import pytest
from conftest import ROOT, toc_pages

import briefing as b

CHAPTERS = [ROOT / (p.removesuffix(".html") + ".md") for p in toc_pages() if not p.endswith("sources.html")]
DATA = ROOT / "data"
CODE_CELL = re.compile(r"```\{code-cell\}[^\n]*\n.*?```", re.DOTALL)
ROLE = re.compile(r"\{[a-z:]+\}`[^`]*`")
#: Sentences that claim to be current; a year in one of them must come from the data.
ABOUT_NOW = re.compile(
    r"\b(the latest|latest (year|survey|figures?|count|edition|report)|last full year|most recent|"
    r"next (survey|edition|report|count)s?|this year)\b",
    re.IGNORECASE,
)
TYPED_YEAR = re.compile(r"\b(19|20)\d\d\b")


def unquoted(sentence: str) -> str:
    """The sentence without its quotations: a source's own "this year" is its words, not the book's."""
    return re.sub(r'"[^"]*"', "", sentence)


def csv_rows(table: str) -> list[dict]:
    with open(DATA / f"{table}.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def newest_event_date() -> dt.date:
    return max(dt.date.fromisoformat(r["date"]) for r in csv_rows("events"))


def sentences(chapter) -> list[str]:
    """The chapter's prose, code cells dropped, in sentences (a line break is not an end)."""
    text = CODE_CELL.sub("", chapter.read_text(encoding="utf-8"))
    text = re.sub(r"^---\n.*?\n---\n", "", text, flags=re.DOTALL)
    # Blocks end at blank lines, list items, headings, fences and directive options.
    blocks = re.split(r"\n\s*\n|\n(?=\s*(?:- |#|```|:::|:\w))", text)
    found = []
    for block in blocks:
        found += re.split(r"(?<=[.!?])\s+(?=[A-Z*{(])", " ".join(block.split()))
    return [s for s in found if s]


def test_what_changed_covers_the_twelve_months_up_to_the_newest_event():
    changes = b.what_changed(months=12)
    end = newest_event_date()
    assert changes.end.date() == end
    start = dt.date(end.year - 1, end.month, min(end.day, 28 if end.month == 2 else end.day))
    assert changes.start.date() == start
    assert changes.since == (start + dt.timedelta(days=1)).isoformat()
    assert changes.texts()["changes_end"].endswith(str(end.year))
    listed = {r["event_id"] for r in csv_rows("events") if start < dt.date.fromisoformat(r["date"]) <= end}
    assert len(changes.listed) + len(changes.counted) == len(listed)
    assert all(changes.listed["kind"].astype(str).isin(b.currency.LISTED_KINDS))
    markdown = changes._repr_markdown_()
    for title in changes.listed["title"]:
        assert b.facts.md_text(title) in markdown


def test_the_landing_page_shows_the_generated_window_not_a_typed_year():
    text = (ROOT / "book" / "index.md").read_text(encoding="utf-8")
    heading = re.search(r"^## What changed.*$", text, re.MULTILINE)
    assert heading and not TYPED_YEAR.search(heading.group(0)), heading
    assert "b.what_changed(" in text and "{glue:md} index_changes" in text
    assert "{glue:md}`changes_start`" in text and "{glue:md}`changes_end`" in text
    assert "since=changes.since" in text, "the timeline must start where the window starts"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_no_typed_year_in_a_sentence_about_the_latest(chapter):
    offending = [
        s
        for s in sentences(chapter)
        if ABOUT_NOW.search(unquoted(ROLE.sub("", s))) and TYPED_YEAR.search(ROLE.sub("", s))
    ]
    assert not offending, f"{chapter.stem}: a year typed into a sentence about the latest or the next: {offending}"


@pytest.mark.parametrize("chapter", [c for c in CHAPTERS if c.stem != "index"], ids=lambda p: p.stem)
def test_each_chapter_dates_its_newest_figure_from_the_data(chapter):
    text = chapter.read_text(encoding="utf-8")
    call = re.search(r"(\w+)=b\.newest_figure\(", text)
    assert call, f"{chapter.stem} does not state the date of its newest figure"
    assert f"{{glue:md}}`{call.group(1)}`" in text


def test_newest_figure_is_the_newest_date_in_the_tables():
    dated = ("seizures", "enforcement", "health")
    dates = [dt.date.fromisoformat(r["period_end"]) for t in dated for r in csv_rows(t)]
    dates += [dt.date.fromisoformat(r["date"]) for r in csv_rows("events")]
    assert b.newest_figure().date.date() == max(dates)
    iran = [dt.date.fromisoformat(r["period_end"]) for t in dated for r in csv_rows(t) if r["country"] == "IRN"]
    iran += [dt.date.fromisoformat(r["date"]) for r in csv_rows("events") if "IRN" in r["countries"].split(";")]
    newest = b.newest_figure(["IRN"])
    assert newest.date.date() == max(iran)
    assert str(newest) == f"{max(iran).day} {max(iran):%B %Y}"
    health = [dt.date.fromisoformat(r["period_end"]) for r in csv_rows("health")]
    assert b.newest_figure(tables=["health"]).date.date() == max(health)


def test_the_next_edition_follows_the_newest_in_the_data():
    survey = max(int(r["year"]) for r in csv_rows("opium_afghanistan"))
    assert (
        b.next_edition("opium_survey")
        == f"the {survey + 1} season, expected in November {survey + 1} and not yet in this book"
    )
    counts = max(
        dt.date.fromisoformat(r["period_end"]).year
        for r in csv_rows("enforcement")
        if r["country"] == "IRN" and r["indicator"] == "executions_total"
    )
    assert (
        b.next_edition("executions")
        == f"the counts for {counts + 1}, expected in spring {counts + 2} and not yet in this book"
    )


def _is_the_newest(ref: str) -> bool:
    """Whether a glued reference points at the newest row of its kind (same series, newest year)."""
    path = ref.partition("#")[0]
    table, _, key = path.partition("/")
    rows = csv_rows(table)
    if table == "opium_afghanistan":
        return int(key.split("|")[0]) == max(int(r["year"]) for r in rows)
    row = next(r for r in rows if r.get("record_id") == key)
    if table == "afghanistan_economy":
        return int(row["year"]) == max(int(r["year"]) for r in rows if r["indicator"] == row["indicator"])
    if table in ("seizures", "enforcement"):
        series = ("country", "indicator") if table == "enforcement" else ("country", "drug", "scope")
        same = [r for r in rows if all(r[c] == row[c] for c in series)]
        return row["period_end"][:4] == max(r["period_end"][:4] for r in same)
    return True


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_a_number_called_the_latest_is_the_newest_in_the_data(chapter):
    from test_chapters import GLUE_TEXT, glued_facts

    facts = glued_facts(chapter)
    stale = []
    for sentence in sentences(chapter):
        if not ABOUT_NOW.search(unquoted(ROLE.sub("", sentence))):
            continue
        refs = [facts[m.group("name")][0] for m in GLUE_TEXT.finditer(sentence)]
        refs = [r for r in refs if not r.startswith("count:")]
        # The sentence may compare the latest figure with older ones; one of its numbers must be the newest.
        if refs and not any(_is_the_newest(r) for r in refs):
            stale.append((sentence[:80], refs))
    assert not stale, f"{chapter.stem}: numbers called the latest are not the newest in the data: {stale}"


def test_a_source_cited_in_words_must_be_in_the_sources_table():
    b.cite("alcis-unodc-meth-critique")
    assert "alcis-unodc-meth-critique" in b.facts._USED
    with pytest.raises(KeyError, match="not in data/sources.csv: no-such-source"):
        b.cite("no-such-source")


def test_a_count_of_events_agrees_with_its_noun():
    after = "2025-09-14"
    joint = [
        r
        for r in csv_rows("events")
        if {"IRN", "IRQ"} <= set(r["countries"].split(";")) and dt.date.fromisoformat(r["date"]) > dt.date(2025, 9, 14)
    ]
    text = b.count_events(["IRN", "IRQ"], after=after, noun="further event")
    words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    count = words[len(joint)] if len(joint) < len(words) else str(len(joint))
    assert text == f"{count} further event" + ("" if len(joint) == 1 else "s")


def test_the_next_world_drug_report_follows_the_newest_read():
    years = [
        int(r["published"][:4]) for r in csv_rows("sources") if "World Drug Report" in r["title"] and r["published"]
    ]
    newest = max(years)
    assert b.newest_edition("world_drug_report") == f"the World Drug Report {newest}"
    assert (
        b.next_edition("world_drug_report")
        == f"the World Drug Report {newest + 1}, expected in June {newest + 1} and not yet in this book"
    )


def test_the_landing_page_names_every_document_newer_than_its_window():
    """The landing page says the one document read that is newer than the newest event is a summary of the
    World Drug Report: a later source of any other kind must be added to the events or named there."""
    end = newest_event_date()
    # A source dated only to its month or year is later when that month or year is.
    later = [r for r in csv_rows("sources") if r["published"] > end.isoformat()[: len(r["published"])]]
    assert len(later) <= 1 and all("World Drug Report" in r["title"] for r in later), later
    text = (ROOT / "book" / "index.md").read_text(encoding="utf-8")
    if later:
        assert "the one later document read" in text and "{glue:md}`wdr_newest`" in text
