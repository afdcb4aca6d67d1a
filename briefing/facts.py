"""Numbers for the prose, taken from the data so that text and charts cannot disagree.

A chapter glues them in one call::

    glue_facts(arrests_2024="enforcement/irq-2024-arrests")

and writes {glue:text}`arrests_2024:,.0f` in its prose. A reference is ``table/key`` where ``key`` is the
row's primary key (joined with ``|`` for a composite key, e.g. ``opium_afghanistan/2023|a-unodc-2023``)
and the value column is the table's measure (its ``x-measure`` in datapackage.json) unless one is named after a ``#``.
``count:table`` is the number of rows of a table, ``count:table?column=value`` the number of rows with
that value; ``evidence:rows``, ``evidence:checked`` and ``evidence:unverified`` count the rows of the
tables with figures, and those whose evidence was checked or is marked unverified. ``glue_facts(per=1e9, ...)`` glues every value divided by ``per`` (billions, say).
"""

from __future__ import annotations

import difflib
import re

from briefing.data import describe, load, package_descriptor, tables_read
from briefing.source_names import source_name

#: The MIME type of a chapter's record (see :meth:`SourceList._repr_mimebundle_`).
CHAPTER_MIME = "application/vnd.briefing.chapter+json"

#: Every source a chapter's numbers and figures came from, in the order they were used (one kernel per
#: chapter, so this is the chapter's list).
_USED: dict[str, None] = {}


class FactError(KeyError):
    """A reference in ``glue_facts`` that finds no number: says what is wrong and suggests the fix."""

    def __str__(self) -> str:
        return self.args[0]


def did_you_mean(word: str, choices) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``choices``, or nothing when none is close."""
    close = difflib.get_close_matches(word, [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _table(ref: str, table: str):
    try:
        resource = describe(table)
    except StopIteration:
        names = [r["name"] for r in package_descriptor()["resources"]]
        raise FactError(f"'{ref}': there is no table '{table}' in the data{did_you_mean(table, names)}") from None
    return resource, load(table)


def _column(ref: str, table: str, df, column: str) -> str:
    if column not in df.columns:
        raise FactError(f"'{ref}': {table}.csv has no column '{column}'{did_you_mean(column, df.columns)}")
    return column


def _count(ref: str) -> int:
    table, _, condition = ref.removeprefix("count:").partition("?")
    _, df = _table(ref, table)
    if condition:
        column, _, wanted = condition.partition("=")
        column = _column(ref, table, df, column)
        df = df[df[column].astype(str).str.lower() == wanted.lower()]
    return len(df)


def _evidence_count(ref: str) -> int:
    """``evidence:rows``, ``evidence:checked``, ``evidence:unverified``: rows of the tables with figures,
    and how many of them carry checked evidence or are marked unverified."""
    wanted = ref.removeprefix("evidence:")
    summary = EvidenceSummary()
    if wanted not in ("rows", "checked", "unverified", "unreadable"):
        raise KeyError(f"{ref!r}: expected evidence:rows, evidence:checked, evidence:unverified or evidence:unreadable")
    return summary.total(wanted)


def value(ref: str):
    """The number a reference points to, as a plain int or float; :class:`FactError` when it finds none."""
    if ref.startswith("count:"):
        return _count(ref)
    if ref.startswith("evidence:"):
        return _evidence_count(ref)
    path, _, column = ref.partition("#")
    table, _, key = path.partition("/")
    resource, df = _table(ref, table)
    keys = resource["schema"]["primaryKey"]
    keys = [keys] if isinstance(keys, str) else keys
    parts = key.split("|")
    if len(parts) != len(keys):
        raise FactError(f"'{ref}': {table}.csv is keyed by {' | '.join(keys)}; write '{table}/{'|'.join(keys)}'")
    mask = True
    for k, part in zip(keys, parts):
        mask = mask & (df[k].astype(str) == part)
    rows = df[mask]
    if len(rows) != 1:
        known = df[keys].astype(str).agg("|".join, axis=1)
        raise FactError(f"'{ref}': no row '{key}' in {table}.csv{did_you_mean(key, known)}")
    measure = describe(table).get("x-measure")  # what the table measures, declared in the data package
    if not column and not measure:
        raise FactError(f"'{ref}': {table}.csv has no default number; name the column after '#'")
    column = _column(ref, table, df, column or measure)
    if "source_id" in rows:
        record_sources(rows["source_id"].astype(str))
    number = rows.iloc[0][column]
    try:
        return int(number) if float(number).is_integer() else float(number)
    except (TypeError, ValueError):
        raise FactError(f"'{ref}': {table}.csv row '{key}' has no number in column '{column}'") from None


class Facts(dict):
    """The numbers a ``glue_facts`` call glued, {name: value}. Live in JupyterLab, where the prose shows
    ``{glue:text}`` roles rather than numbers, the cell's output lists them readably."""

    def __init__(self, values: dict, refs: dict, per: float):
        super().__init__(values)
        self.refs, self.per = refs, per

    def _repr_markdown_(self) -> str:
        scale = f" (values divided by {self.per:,.0f})" if self.per != 1 else ""
        lines = [f"Numbers glued for the prose{scale}:", ""]
        for name, number in self.items():
            shown = f"{number:,}" if isinstance(number, int) else f"{number:,.6f}".rstrip("0").rstrip(".")
            lines.append(f"- `{name}` = **{shown}** from `{self.refs[name]}`")
        return "\n".join(lines)


def glue_facts(per: float = 1, **refs: str) -> Facts:
    """Glue each named reference's value (divided by ``per``) for the prose; nothing is displayed with the
    glue, and the returned :class:`Facts` shows the numbers when the cell runs live."""
    from myst_nb import glue

    values = {name: value(ref) / per if per != 1 else value(ref) for name, ref in refs.items()}
    for name, number in values.items():
        glue(name, number, display=False)
    return Facts(values, refs, per)


def cite(*source_ids: str) -> None:
    """Add sources the prose cites in words (a claim, a quotation) with no number glued from them."""
    known = set(load("sources")["source_id"].astype(str))
    missing = [sid for sid in source_ids if sid not in known]
    if missing:
        raise KeyError(f"not in data/sources.csv: {', '.join(missing)}")
    record_sources(source_ids)


def record_sources(ids) -> None:
    for sid in ids:
        _USED.setdefault(str(sid), None)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$&^%@=\"'])")


def md_text(text: str) -> str:
    """Plain text made safe for Markdown and MyST: every punctuation character escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


class SourceList:
    """The sources of a chapter as a Markdown list (glued with ``{glue:md}``), with the date the data
    were last checked against them."""

    def __init__(self, ids):
        sources = load("sources").set_index("source_id")
        self.rows = sources.loc[[i for i in ids if i in sources.index]]

    @property
    def last_checked(self) -> str:
        return self.rows["accessed"].max().strftime("%Y-%m-%d") if len(self.rows) else ""

    def _repr_markdown_(self) -> str:
        lines = []
        for _, row in self.rows.reset_index().iterrows():
            source = source_name(row)
            claim = ", official claims" if source.claims else ""
            read = f"; read in a copy: [{md_text(source.copy_host)}](<{source.copy}>)" if source.copy else ""
            lines.append(
                f"- {md_text(source.publisher)}: [{md_text(source.title)}](<{source.url}>), "
                f"{md_text(source.published)}; {md_text(source.kind_words)}{md_text(claim)}{read}\\. "
                f"Identifier `{row['source_id']}`\\."
            )
        lines.append("")
        lines.append(f"Data last checked against these sources on {self.last_checked}\\.")
        return "\n".join(lines)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """The list for any Markdown reader, and for the book build the chapter's record: the tables and
        sources it used, which decide when it runs again, its "last updated" date and the Sources page."""
        markdown = self._repr_markdown_()
        record = {"tables": tables_read(), "sources": list(self.rows.index.astype(str)), "markdown": markdown}
        return {CHAPTER_MIME: record, "text/markdown": markdown}

    def __repr__(self) -> str:
        return f"<{len(self.rows)} sources, last checked {self.last_checked}>"


class EvidenceSummary:
    """How many rows of each table with figures carry their source's own words, and how many are still
    marked unverified (and why): a Markdown table for the Methods page (glued with ``{glue:md}``)."""

    def __init__(self):
        from briefing import evidence

        descriptor = package_descriptor()
        self.rows = []
        self.unverified: dict[str, list[str]] = {}
        for resource in descriptor["resources"]:
            if resource["schema"].get("x-evidence-of"):
                cells = load(resource["name"])["evidence"].astype(str)
                status = cells.map(evidence.status)
                unreadable = cells.str.contains("unreadable", case=False) & (status == "unverified")
                frame = load(resource["name"])
                key = frame.columns[0] if resource["name"] != "opium_afghanistan" else None
                ids = (
                    frame[key].astype(str)
                    if key
                    else frame["year"].astype(str) + " (" + frame["source_id"].astype(str) + ")"
                )
                self.unverified[resource["name"]] = sorted(ids[status == "unverified"])
                self.rows.append(
                    {
                        "table": resource["name"],
                        "rows": len(cells),
                        "checked": int((status == "checked").sum()),
                        "unverified": int((status == "unverified").sum()),
                        "unreadable": int(unreadable.sum()),
                    }
                )

    def total(self, column: str) -> int:
        return sum(row[column] for row in self.rows)

    def _repr_markdown_(self) -> str:
        lines = [
            "| table | rows | quotation checked | unverified | of which source unreadable here |",
            "|---|--:|--:|--:|--:|",
        ]
        for row in self.rows + [
            {"table": "**all**", **{k: self.total(k) for k in ("rows", "checked", "unverified", "unreadable")}}
        ]:
            lines.append(
                f"| {row['table'].replace('_', chr(92) + '_')} | {row['rows']:,} | {row['checked']:,} | "
                f"{row['unverified']:,} | {row['unreadable']:,} |"
            )
        return "\n".join(lines)


class UnverifiedRows:
    """The rows still marked unverified, table by table, as a Markdown list (their reasons are in the data)."""

    def __init__(self, summary: EvidenceSummary):
        self.unverified = summary.unverified

    def _repr_markdown_(self) -> str:
        lines = [
            f"- `{table}` ({len(ids)}): " + ", ".join(f"`{i}`" for i in ids)
            for table, ids in self.unverified.items()
            if ids
        ]
        return "\n".join(lines) or "None: every row with a figure carries its passage."  # never an empty list


def evidence_summary() -> EvidenceSummary:
    """The verification pass table by table, for the Methods page (``{glue:md}``); its totals are
    glued with ``glue_facts(n="evidence:checked", ...)``."""
    return EvidenceSummary()


def chapter_sources() -> SourceList:
    """Every source this chapter's numbers and figures used so far."""
    return SourceList(list(_USED))
