"""The table view of a figure: the rows it draws as an HTML table a reader can read on any screen, and the
source's words set apart from the book's own note on them.

Contract: :func:`table_view` turns the readable table (human column names, :func:`briefing.display.readable`)
into HTML, every cell escaped and labelled with its column (a phone shows the rows as stacked cards), years
without thousands separators, the :data:`EVIDENCE` column with its editor's note in front. The note is what
``data/*.csv`` writes in square brackets before a quotation, or the arithmetic after it
(:func:`editor_note`); the CSV gives it a column of its own (:data:`EDITOR_NOTE`), a tooltip a sentence in
front of the words (:func:`with_editor_note`).
"""

from __future__ import annotations

import html
import re

import pandas as pd

from briefing.evidence import DERIVED

#: The column that carries, in the CSV and the table view, the passage of the source that states the figure.
EVIDENCE = "The source's words (evidence)"
#: Beside it in the CSV: the book's own note on those words (a translation, how the page was read), which
#: ``data/*.csv`` writes in square brackets before the quotation ("[Italian; translated:] ...").
EDITOR_NOTE = "Editor's note on the source's words"
_BRACKETED = re.compile(r"^\s*\[([^\[\]]+?):?\]\s*")
_TRANSLATED = re.compile(r"^([A-Z][a-z]+); translated$")


def editor_note(evidence: str) -> tuple[str, str]:
    """``evidence`` split into the book's own note on it, in words, and the source's own words, untouched;
    ("", evidence) when it has none. The note is what ``data/*.csv`` writes in square brackets before the
    quotation ("[Italian; translated:]" reads "translated from Italian") and the arithmetic after it
    (" | derived: 14 * 1000" reads "the figure worked out as 14 * 1000")."""
    text = "" if evidence is None else str(evidence)
    notes = []
    found = _BRACKETED.match(text)
    if found:
        note = found.group(1).strip()
        language = _TRANSLATED.match(note)
        notes.append(f"translated from {language.group(1)}" if language else note)
        text = text[found.end() :]
    text, derived, arithmetic = text.partition(DERIVED)
    if derived:
        notes.append(f"the figure worked out as {arithmetic.strip()}")
        text = text.rstrip()
    return "; ".join(notes), text


def with_editor_note(evidence: str) -> str:
    """The evidence as one text (a tooltip): "Editor's note: translated from Italian. <the words>"."""
    note, words = editor_note(evidence)
    return f"Editor's note: {note}. {words}" if note else words


def _formatted(value, year: bool = False) -> str:
    """A cell as the table view writes it: thousands separated ("90,983"), but never a year ("1999")."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return ""
    if pd.api.types.is_bool(value):
        return "yes" if value else "no"
    if pd.api.types.is_number(value):
        return f"{value:.10g}" if year else f"{value:,.10g}"
    return str(value)


def _is_year(column: str) -> bool:
    """A column that holds years ("Year", "Survey year", "Year of the ban")."""
    return re.search(r"\byears?\b", str(column), re.IGNORECASE) is not None


def _evidence_cell(evidence: str) -> str:
    """The source's words, and before them, set apart, the book's note on them where there is one."""
    note, words = editor_note(evidence)
    said = f'<span class="briefing-editor-note">Editor\'s note: {_text(note)}.</span> ' if note else ""
    return said + _text(words)


def _text(value: str) -> str:
    """Escaped for an element's text or a double-quoted attribute; an apostrophe stays one, as a reader
    (and a search of the page) sees it."""
    return html.escape(str(value), quote=False).replace('"', "&quot;")


def table_view(shown: pd.DataFrame) -> str:
    """The table view's HTML: every cell escaped and labelled with its column's name (``data-label``, which
    a phone shows beside the value when the rows become stacked cards), years without separators, the
    evidence column with its editor's note set apart."""
    head = "".join(f"<th>{_text(c)}</th>" for c in shown.columns)
    rows = []
    for values in shown.itertuples(index=False):
        cells = []
        for column, value in zip(shown.columns, values):
            label = _text(column)
            if column == EVIDENCE:
                cells.append(f'<td class="briefing-evidence" data-label="{label}">{_evidence_cell(value)}</td>')
            else:
                text = _text(_formatted(value, year=_is_year(column)))
                cells.append(f'<td data-label="{label}">{text}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="briefing-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
