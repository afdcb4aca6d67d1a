"""How current the book is, said from the data so that it cannot go stale silently.

A chapter glues these as Markdown (``{glue:md}`name```)::

    b.glue_text(newest=b.newest_figure(["IRN"]), next_count=b.next_edition("executions"))

- ``newest_figure(countries)``: the date of the newest figure the data hold for those countries (the end of
  a seizure or enforcement period, the date of an event, the season of a survey);
- ``next_edition(series)``: when the next edition of an annual series is due, from the newest one in the data;
- ``what_changed(months=12)``: the events of the twelve months up to the newest event on record.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from briefing.data import load
from briefing.facts import md_text, record_sources
from briefing.theme import country_names

#: Tables whose rows carry a date, and the column that dates each row's figure.
DATED = {"seizures": "period_end", "enforcement": "period_end", "events": "date", "health": "period_end"}
#: Tables whose rows carry a season (a year) instead of a date.
SEASONAL = ("opium_afghanistan", "afghanistan_economy")

#: Kinds of event listed one by one in "What changed"; seizures and operations are counted instead.
LISTED_KINDS = ("agreement", "meeting", "policy", "political", "sanctions", "report")


def long_date(when, precision: str = "day") -> str:
    """'24 February 2026', or 'February 2026' / '2026' for a date known to the month or year."""
    when = pd.Timestamp(when)
    if precision == "year":
        return f"{when.year}"
    if precision == "month":
        return f"{when:%B} {when.year}"
    return f"{when.day} {when:%B} {when.year}"


class Text(str):
    """A string that displays as Markdown, for ``{glue:md}``."""

    def _repr_markdown_(self) -> str:
        return str(self)


class Texts(dict):
    """The texts a ``glue_text`` call glued, {name: text}; run live, the cell lists them readably."""

    def _repr_markdown_(self) -> str:
        return "\n".join(["Texts glued for the prose:", ""] + [f"- `{name}`: {text}" for name, text in self.items()])


def glue_text(**texts) -> Texts:
    """Glue each named text (a ``str`` or anything with ``_repr_markdown_``) for ``{glue:md}``; nothing is shown."""
    from myst_nb import glue

    for name, text in texts.items():
        glue(name, text if hasattr(text, "_repr_markdown_") else Text(text), display=False)
    return Texts(texts)


def _mentions(countries: pd.Series, wanted) -> pd.Series:
    return countries.astype(str).str.split(";").apply(lambda cs: bool(set(cs) & set(wanted)))


@dataclass
class Newest:
    """The newest figure for some countries: its date (or season) and where it is from."""

    date: pd.Timestamp
    text: str
    source_id: str

    def _repr_markdown_(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text


def newest_figure(countries: list[str] | None = None, seasons: bool = False, tables: list[str] | None = None) -> Newest:
    """The newest dated figure in the data about ``countries`` (all when None), in every dated table or
    only in ``tables`` (``["health"]`` for a chapter on drug use). With ``seasons``, the yearly Afghan
    tables count too, each season dated to its last day."""
    found = []
    for table, column in DATED.items():
        if tables is not None and table not in tables:
            continue
        df = load(table)
        key = "countries" if table == "events" else "country"
        if countries:
            df = df[_mentions(df[key], countries)]
        if len(df):
            row = df.loc[df[column].idxmax()]
            precision = str(row["date_precision"]) if table == "events" else "day"
            found.append((row[column], long_date(row[column], precision), str(row["source_id"])))
    if seasons:
        for table in SEASONAL:
            df = load(table)
            row = df.loc[df["year"].idxmax()]
            found.append(
                (
                    pd.Timestamp(year=int(row["year"]), month=12, day=31),
                    f"the {int(row['year'])} season",
                    str(row["source_id"]),
                )
            )
    if not found:
        raise KeyError(f"no dated figure for {countries}")
    date, text, source_id = max(found, key=lambda f: f[0])
    record_sources([source_id])
    return Newest(date, text, source_id)


@dataclass(frozen=True)
class Series:
    """An annual publication: who publishes it, when in the year, and how to find its newest year."""

    name: str
    due: str  # when in the year it appears, e.g. "November"
    edition: str  # what one edition covers, with {year}: "the {year} season"
    lag: int = 0  # years between the year an edition covers and the year it appears

    def newest_year(self) -> int:
        raise NotImplementedError


class _OpiumSurvey(Series):
    def newest_year(self) -> int:
        return int(load("opium_afghanistan")["year"].max())


class _ExecutionCounts(Series):
    def newest_year(self) -> int:
        df = load("enforcement")
        df = df[(df["country"].astype(str) == "IRN") & (df["indicator"].astype(str) == "executions_total")]
        return int(df["period_end"].max().year)


class _WorldDrugReport(Series):
    def newest_year(self) -> int:
        # Read in the sources table: the book cites the report (or a summary of it) in words, not in rows.
        sources = load("sources")
        titled = sources[sources["title"].astype(str).str.contains("World Drug Report", regex=False)]
        return int(titled["published"].dropna().astype(str).str[:4].astype(int).max())


SERIES = {
    "opium_survey": _OpiumSurvey("UNODC's Afghanistan opium survey", "November", "the {year} season"),
    "executions": _ExecutionCounts(
        "the rights groups' annual counts of executions in Iran", "spring", "the counts for {year}", lag=1
    ),
    "world_drug_report": _WorldDrugReport("UNODC's World Drug Report", "June", "the World Drug Report {year}"),
}


def next_edition(series: str) -> Text:
    """'the 2026 season, expected in November 2026 and not yet in this book': the edition after the newest in
    the data, said so that it stays true once its month has come (the sentence is written when the chapter
    runs, not when a reader reads it)."""
    s = SERIES[series]
    year = s.newest_year() + 1
    return Text(f"{s.edition.format(year=year)}, expected in {s.due} {year + s.lag} and not yet in this book")


def newest_year(series: str) -> Text:
    """'2025': the year the newest edition in the data covers."""
    return Text(f"{SERIES[series].newest_year()}")


def newest_edition(series: str) -> Text:
    """'the 2025 season': the newest edition in the data."""
    s = SERIES[series]
    return Text(s.edition.format(year=s.newest_year()))


def _joint(countries: list[str]) -> pd.DataFrame:
    """Events that involve every one of ``countries``."""
    events = load("events")
    both = events["countries"].astype(str).str.split(";").apply(lambda cs: set(countries) <= set(cs))
    return events[both]


def count_events(countries: list[str], after: str, noun: str = "") -> Text:
    """How many events involving all of ``countries`` fall after ``after``, in words for small counts; with
    ``noun`` ('further event'), the count and the noun agree: 'no further events', 'one further event'."""
    events = _joint(countries)
    n = int((events["date"] > pd.Timestamp(after)).sum())
    words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    count = words[n] if n < len(words) else f"{n}"
    if not noun:
        return Text(count)
    return Text(f"{count} {noun}" + ("" if n == 1 else "s"))


def latest_event(countries: list[str]) -> Text:
    """The newest event involving all of ``countries``: its title and date."""
    events = _joint(countries)
    row = events.loc[events["date"].idxmax()]
    record_sources([str(row["source_id"])])
    when = long_date(row["date"], str(row["date_precision"]))
    return Text(f"*{md_text(row['title'])}*, {md_text(when)}")


class Changes:
    """The events of the ``months`` up to the newest event on record: agreements, meetings, policies and
    reports listed with their dates, seizures and operations counted."""

    def __init__(self, months: int = 12):
        events = load("events")
        self.end = events["date"].max()
        self.start = self.end - pd.DateOffset(months=months)
        window = events[(events["date"] > self.start) & (events["date"] <= self.end)].sort_values("date")
        self.listed = window[window["kind"].astype(str).isin(LISTED_KINDS)]
        self.counted = window[~window["kind"].astype(str).isin(LISTED_KINDS)]
        record_sources(window["source_id"].astype(str))

    @property
    def since(self) -> str:
        """The first day of the window, as ``figures.timeline(since=...)`` takes it."""
        return (self.start + pd.Timedelta(days=1)).strftime("%Y-%m-%d")

    @property
    def start_text(self) -> Text:
        return self.texts()["changes_start"]

    @property
    def end_text(self) -> Text:
        return self.texts()["changes_end"]

    @property
    def counted_text(self) -> Text:
        return self.texts()["changes_counted"]

    def texts(self) -> dict[str, Text]:
        """The window's first and last day and the count of seizures and operations, for ``{glue:md}``."""
        return {
            "changes_start": Text(long_date(self.start + pd.Timedelta(days=1))),
            "changes_end": Text(long_date(self.end)),
            "changes_counted": Text(f"{len(self.counted)}"),
        }

    def _repr_markdown_(self) -> str:
        lines = []
        for _, row in self.listed.iterrows():
            names = ", ".join(country_names().get(c, c) for c in str(row["countries"]).split(";"))
            when = long_date(row["date"], str(row["date_precision"]))
            lines.append(f"- **{md_text(when)}**: {md_text(row['title'])} \\({md_text(names)}\\)\\.")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<changes {self.since} to {self.end:%Y-%m-%d}: {len(self.listed)} listed, {len(self.counted)} counted>"


def what_changed(months: int = 12) -> Changes:
    return Changes(months)
