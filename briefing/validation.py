"""Check the book's data package cell by cell: what :func:`briefing.data.read_package` runs.

Every value is checked against its field's type and constraints (and the rules that hold whatever the schema
says: ASCII numbers, no formula starts, no invisible characters, a ceiling on every number and cell), every
row's evidence against its number, every key and foreign key; a problem names the file, the CSV line and the
column, so a contributor can go straight to the cell that is wrong.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from briefing import evidence, repeats
from briefing.cells import (
    MAX_TABLE_BYTES,
    _check_value,
    _is_date,
)
from briefing.package_files import check_boundaries, read_descriptor, regular_file, unsafe_files


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located as precisely as the input allows."""

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = printable(self.file) + (f":{self.line}" if self.line else "")
        col = f" column '{printable(self.column)}':" if self.column else ""
        return f"{where}:{col} {printable(self.message)}"


def printable(text: str) -> str:
    """Control and invisible characters shown as escapes: a hostile file name or cell cannot write lines
    into a terminal or a CI log (GitHub reads a line starting with ``::`` as a command)."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in str(text))


class DataError(ValueError):
    """The data package is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"  {p}" for p in problems[:50])
        more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s) in the data package:\n{shown}{more}")


@dataclass
class Table:
    """A resource of the package as read from disk: its schema and its rows as text."""

    name: str
    path: Path
    schema: dict
    rows: list[dict[str, str]]  # each row also carries its CSV line number under "__line__"

    @property
    def fields(self) -> dict[str, dict]:
        return {f["name"]: f for f in self.schema["fields"]}


def _read_table(base: Path, resource: dict, problems: list[Problem]) -> Table | None:
    rel = resource["path"]
    path = base / rel
    label = f"{base.name}/{rel}"
    if not regular_file(base, rel):  # a link is reported, never followed: its target is not read
        if not any(p.is_symlink() for p in (path, *path.parents)):
            problems.append(Problem(label, None, None, "file is missing"))
        return None
    if path.stat().st_size > MAX_TABLE_BYTES:
        problems.append(Problem(label, None, None, f"file is larger than {MAX_TABLE_BYTES} bytes; split the table"))
        return None
    raw = path.read_bytes()
    if not raw.removeprefix(b"\xef\xbb\xbf").strip():
        problems.append(Problem(label, None, None, "file is empty (expected a header row and data rows)"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        problems.append(
            Problem(label, line, None, f"file is not UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start})")
        )
        return None
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
        expected = [f["name"] for f in resource["schema"]["fields"]]
        doubled = sorted({name for name in header if header.count(name) > 1})
        for name in doubled:
            problems.append(Problem(label, 1, name, "column appears more than once in the header"))
        missing = [name for name in expected if name not in header]
        extra = [name for name in header if name not in expected]
        for name in missing:
            problems.append(Problem(label, 1, name, "column is missing from the header"))
        for name in extra:
            problems.append(Problem(label, 1, name, "column is not described in datapackage.json"))
        if missing or extra or doubled:
            return None
        rows = []
        start = reader.line_num + 1  # the line a record starts on (a quoted cell may span lines)
        for values in reader:
            line, start = start, reader.line_num + 1
            if not values:
                continue
            if len(values) != len(header):
                problems.append(Problem(label, line, None, f"expected {len(header)} cells, found {len(values)}"))
                continue
            row = dict(zip(header, values))
            row["__line__"] = line
            rows.append(row)
    except csv.Error as err:  # a cell over the csv module's limit, a stray NUL, an unclosed quote at the end
        problems.append(Problem(label, reader.line_num, None, f"the CSV cannot be read here: {err}"))
        return None
    if not rows:
        problems.append(Problem(label, None, None, "file has a header but no data rows"))
    return Table(resource["name"], path, resource["schema"], rows)


def _check_table(table: Table, label: str, problems: list[Problem]) -> None:
    fields = table.fields
    keys = table.schema.get("primaryKey", [])
    keys = [keys] if isinstance(keys, str) else keys
    seen: dict[tuple, int] = {}
    for row in table.rows:
        line = row["__line__"]
        for name, field in fields.items():
            message = _check_value(field, row[name])
            if message:
                problems.append(Problem(label, line, name, message))
        if keys:
            key = tuple(row[k] for k in keys)
            if key in seen:
                cols = ", ".join(keys)
                problems.append(
                    Problem(
                        label,
                        line,
                        cols,
                        f"duplicate key {key if len(key) > 1 else key[0]!r}, first used on line {seen[key]}",
                    )
                )
            else:
                seen[key] = line
        _check_evidence(table, row, label, problems)
        start, end = row.get("period_start"), row.get("period_end")
        if start and end and _is_date(start) and _is_date(end) and end < start:
            problems.append(Problem(label, line, "period_end", f"period ends ({end}) before it starts ({start})"))


def _check_evidence(table: Table, row: dict, label: str, problems: list[Problem]) -> None:
    """The row's ``evidence`` must state the figures of the columns listed under ``x-evidence-of`` (or
    derive them, or say why they are unverified); see :mod:`briefing.evidence`."""
    of = table.schema.get("x-evidence-of")
    if (
        not of
        or "evidence" not in row
        or len(row["evidence"]) > table.fields["evidence"].get("constraints", {}).get("maxLength", float("inf"))
    ):
        return  # an over-long cell is reported once, by its constraint
    values: list[float] = []
    for name in of:
        cell = row.get(name, "")
        if table.fields[name].get("type") in ("number", "integer"):
            try:
                values += [float(cell)] if cell else []
            except ValueError:
                return  # reported by the column's own check
        else:
            values += evidence.figures_in_prose(cell)
    message = evidence.check(row["evidence"], values)
    if message:
        problems.append(Problem(label, row["__line__"], "evidence", message))


def _check_foreign_keys(tables: dict[str, Table], base: Path, problems: list[Problem]) -> None:
    for name, table in tables.items():
        label = f"{base.name}/{table.schema.get('x-path', table.path.name)}"
        for fk in table.schema.get("foreignKeys", []):
            # An empty resource is the table itself (Frictionless' self-reference: a row naming another row).
            target = tables.get(fk["reference"]["resource"] or name)
            if target is None:
                wanted = fk["reference"]["resource"]
                problems.append(
                    Problem(label, None, None, f"foreign key to {wanted!r}, a table the package does not hold")
                )
                continue
            local, remote = fk["fields"], fk["reference"]["fields"]
            local = [local] if isinstance(local, str) else local
            remote = [remote] if isinstance(remote, str) else remote
            known = {tuple(r[f] for f in remote) for r in target.rows}
            for row in table.rows:
                value = tuple(row[f] for f in local)
                if all(v == "" for v in value) or value in known:
                    continue
                shown = value[0] if len(value) == 1 else value
                problems.append(
                    Problem(
                        label,
                        row["__line__"],
                        ", ".join(local),
                        f"{shown!r} is not a {'/'.join(remote)} in {target.path.name}",
                    )
                )


def _check_measure(resource: dict, label: str, problems: list[Problem]) -> None:
    """``x-measure`` names the table's number for the prose (``glue_facts``): a numeric field of its own."""
    measure = resource.get("x-measure")
    if measure is None:
        return
    numeric = [f["name"] for f in resource["schema"]["fields"] if f.get("type") in ("number", "integer")]
    if measure not in numeric:
        problems.append(
            Problem(
                label,
                None,
                None,
                f"resource '{resource['name']}': x-measure {measure!r} is not one of its "
                f"numeric fields ({', '.join(numeric) or 'none'})",
            )
        )


def _checked_table(base: Path, resource: dict, problems: list[Problem]) -> Table | None:
    table = _read_table(base, resource, problems)
    if table is not None:
        _check_table(table, f"{base.name}/{resource['path']}", problems)
        _check_measure(resource, f"{base.name}/datapackage.json", problems)
        table.schema["x-path"] = resource["path"]
    return table


def check_package(base: Path) -> tuple[dict, dict[str, Table]]:
    """Read and check the whole package in ``base``; raise :class:`DataError` listing every problem."""
    problems = unsafe_files(base)
    descriptor = read_descriptor(base, problems)
    tables: dict[str, Table] = {}
    for resource in descriptor["resources"]:
        table = _checked_table(base, resource, problems)
        if table is not None:
            tables[resource["name"]] = table
    _check_foreign_keys(tables, base, problems)
    problems.extend(Problem(*p) for p in repeats.problems(tables, base.name))
    for rel in descriptor.get("x-boundaries", []):
        check_boundaries(base, rel, problems)
    if problems:
        raise DataError(problems)
    return descriptor, tables


def check_descriptor(base: Path) -> dict:
    """``datapackage.json`` alone, checked; raise :class:`DataError` listing every problem."""
    problems: list[Problem] = []
    descriptor = read_descriptor(base, problems)
    if problems:
        raise DataError(problems)
    return descriptor


def check_one_table(base: Path, name: str) -> Table:
    """Read and check one table (its cells, its evidence, its own keys), as a chapter's kernel does. The
    whole package, with the keys between tables and the boundary files, is checked once per build, before
    any chapter runs, and by ``python -m briefing validate``."""
    descriptor = check_descriptor(base)
    resource = next((r for r in descriptor["resources"] if r["name"] == name), None)
    if resource is None:
        tables = ", ".join(r["name"] for r in descriptor["resources"])
        raise KeyError(f"no table {name!r} in {base}/datapackage.json; tables: {tables}")
    problems: list[Problem] = []
    table = _checked_table(base, resource, problems)
    if problems or table is None:
        raise DataError(problems)
    return table


def check_one_boundary_file(base: Path, rel: str) -> None:
    """One boundary file, checked as :func:`check_package` checks it; raise :class:`DataError` if not sound."""
    problems: list[Problem] = []
    check_boundaries(base, rel, problems)
    if problems:
        raise DataError(problems)
