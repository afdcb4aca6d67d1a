"""How to cite a page of the book, from the repository's citation file (``CITATION.cff``): a short
citation and a BibTeX entry under each chapter, and the pieces ``share.js`` needs to cite one figure."""

from __future__ import annotations

import re
from pathlib import Path

import yaml


def book(srcdir: Path) -> dict:
    """Title, authors and year of the book as its citation file gives them."""
    cff = yaml.safe_load((srcdir / "CITATION.cff").read_text(encoding="utf-8"))
    authors = " and ".join(
        a.get("name") or f"{a.get('given-names', '')} {a.get('family-names', '')}".strip() for a in cff["authors"]
    )
    return {"title": cff["title"], "authors": authors, "year": str(cff.get("date-released", ""))[:4]}


def cite_page(srcdir: Path, pagename: str, page_title: str, updated: str | None, url: str) -> dict:
    """{"text", "bibtex", plus the book's own fields} for one page; ``updated`` is the date of its data."""
    about = book(srcdir)
    year = (updated or about["year"])[:4]
    as_of = f" Text and data as of {updated}." if updated else ""
    text = f"{about['authors']} ({year}). \u201c{page_title}.\u201d In {about['title']}. {url}.{as_of}"
    key = re.sub(r"[^a-z0-9]+", "-", f"briefing-{pagename}-{year}".lower()).strip("-")
    bibtex = "\n".join(
        [
            f"@incollection{{{key},",
            f"  author = {{{{{about['authors']}}}}},",
            f"  title = {{{page_title}}},",
            f"  booktitle = {{{about['title']}}},",
            f"  year = {{{year}}},",
            f"  url = {{{url}}},",
            *([f"  note = {{Text and data as of {updated}}},"] if updated else []),
            "}",
        ]
    )
    return {"text": text, "bibtex": bibtex, **about}
