"""How the book names a source, in one place: a chart's source line, a chapter's source list and the
Sources page all read a row of ``data/sources.csv`` through :func:`source_name`, so the three say the same
publisher, date, kind and copy read.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit


def _text(value) -> str:
    """A cell as text: a row read by pandas holds <NA> or NaN where the CSV cell is empty."""
    return value.strip() if isinstance(value, str) else ""


#: A source's kind (``kind`` in data/sources.csv) as a reader reads it, in words rather than a code.
KIND_WORDS = {
    "un": "United Nations body",
    "government": "government",
    "ngo": "non-governmental organisation",
    "media": "news media",
    "academic": "academic research",
    "reference": "reference work",
}


@dataclass(frozen=True)
class SourceName:
    publisher: str
    title: str
    url: str
    published: str  # the date as the source gives it, or "undated"
    kind: str
    copy: str  # the address of the copy read, when that was a reprint (``read_via``); else ""

    @property
    def copy_host(self) -> str:
        host = urlsplit(self.copy).hostname or self.copy
        return host.removeprefix("www.")

    @property
    def kind_words(self) -> str:
        """The kind in words ("non-governmental organisation"), never the code ("ngo")."""
        return KIND_WORDS.get(self.kind, self.kind)

    @property
    def claims(self) -> bool:
        """A government's tally of its own work: shown as its claims wherever the source is named."""
        return self.kind == "government"

    @property
    def short(self) -> str:
        """ "Publisher (date)", and the copy read where it is a reprint: a chart's source line."""
        label = f"{self.publisher} ({self.published})"
        return label + (f", read in a copy at {self.copy_host}" if self.copy else "")


def source_name(row) -> SourceName:
    """``row``: a row of ``data/sources.csv``, as a dict of its cells or as a pandas row."""
    return SourceName(
        publisher=_text(row["publisher"]),
        title=_text(row["title"]),
        url=_text(row["url"]),
        published=_text(row["published"]) or "undated",
        kind=_text(row["kind"]),
        copy=_text(row.get("read_via")),  # where it is also the address given, the original could not be read here
    )
