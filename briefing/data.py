"""Load and validate the book's data package (``data/datapackage.json``).

Every chart and every number in the book comes through :func:`load`. The package is checked as a whole
before any table is handed out, and a problem is reported with the file, the CSV line and the column, so a
contributor can go straight to the cell that is wrong.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from briefing import evidence
from briefing.package_files import check_boundaries, read_descriptor, regular_file, unsafe_files
from briefing.package_files import publish as _publish

#: The data folder of the checkout this package sits in; every function also takes another folder.
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def data_dir() -> Path:
    return DEFAULT_DATA_DIR.resolve()


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


_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
#: Numbers as a CSV of figures should hold them: ASCII digits, an optional sign, point and exponent. Python's
#: own int()/float() also take "1_000", " 12 " and Arabic-Indic digits, which a reader would misread.
_INTEGER = re.compile(r"[+-]?[0-9]+")
NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
#: Spreadsheets run a cell starting with these as a formula when a reader opens a CSV download.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: However high a schema sets a field's maximum, no figure in this book comes near it (a pull request can
#: edit the schema, not this line): beyond it a value turns infinite in a unit conversion.
ABSOLUTE_MAXIMUM = 1e15
#: Persian spelling needs the zero-width non-joiner; every other invisible or direction-changing character
#: (bidi overrides, zero-width spaces, controls) could make a name or title read differently from its bytes.
_ALLOWED_INVISIBLE = {"\u200c"}
#: The largest table accepted (today's largest is about 60 KB): a bigger file is a mistake or an attack.
MAX_TABLE_BYTES = 5_000_000
#: The longest cell accepted; longer is a pasted page, not a figure's note.
MAX_CELL = 2000
#: What the validator implements: a schema asking for anything else is refused, not silently ignored.
KNOWN_TYPES = {"string", "number", "integer", "date", "boolean"}
KNOWN_CONSTRAINTS = {"required", "enum", "pattern", "minimum", "maximum", "maxLength"}


def _invisible(raw: str) -> str | None:
    for char in raw:
        if char not in _ALLOWED_INVISIBLE and unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Co", "Cs"):
            return f"U+{ord(char):04X} ({unicodedata.name(char, 'control character')})"
    return None


def _check_value(field: dict, raw: str) -> str | None:
    """Return what is wrong with one cell, or None when it is valid for its field."""
    constraints = field.get("constraints", {})
    if raw == "":
        return "a value is required" if constraints.get("required") else None
    kind = field.get("type", "string")
    if len(raw) > constraints.get("maxLength", MAX_CELL):
        return f"is {len(raw)} characters long; at most {constraints.get('maxLength', MAX_CELL)} are allowed"
    if kind == "string" and raw.startswith(FORMULA_START):
        return f"text starts with {raw[0]!r}, which a spreadsheet runs as a formula; reword it"
    hidden = _invisible(raw)
    if hidden:
        return f"holds the invisible character {hidden}; type the text plainly"
    try:
        if kind == "integer":
            if not _INTEGER.fullmatch(raw):
                raise ValueError
            value = int(raw)
        elif kind == "number":
            if not NUMBER.fullmatch(raw):
                raise ValueError
            value = float(raw)
            if not math.isfinite(value):
                raise ValueError
        elif kind == "date":
            value = dt.date.fromisoformat(raw)
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
                raise ValueError
        elif kind == "boolean":
            if raw not in ("true", "false"):
                return f"expected true or false, got {raw!r}"
            value = raw
        else:
            value = raw
    except ValueError:
        expected = {"integer": "a whole number", "number": "a number", "date": "a date YYYY-MM-DD"}[kind]
        hint = " (ASCII digits; a sign, a point and an exponent allowed)" if kind != "date" else ""
        return f"expected {expected}, got {raw!r}{hint}"
    if "enum" in constraints and raw not in constraints["enum"]:
        allowed = ", ".join(constraints["enum"])
        return f"{raw!r} is not one of the allowed values ({allowed})"
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], raw):
        hint = field.get("x-pattern-hint", f"the pattern {constraints['pattern']}")
        return f"{raw!r} does not match {hint}"
    if "minimum" in constraints and value < constraints["minimum"]:
        why = f" ({field['x-minimum-reason']})" if field.get("x-minimum-reason") else ""
        return f"{raw!r} is below the minimum {constraints['minimum']}{why}"
    if kind in ("number", "integer") and abs(value) > ABSOLUTE_MAXIMUM:
        return f"{raw!r} is beyond any figure this book holds (more than {ABSOLUTE_MAXIMUM:g})"
    if "maximum" in constraints and value > constraints["maximum"]:
        return f"{raw!r} is above the maximum {constraints['maximum']}"

    if field.get("format") == "partial-date" or field.get("x-partial-date"):
        if not _PARTIAL_DATE.match(raw):
            return f"expected a date YYYY, YYYY-MM or YYYY-MM-DD, got {raw!r}"
        parts = [int(p) for p in raw.split("-")] + [1, 1]
        try:
            dt.date(*parts[:3])
        except ValueError:
            return f"{raw!r} is not a real date"
    if field.get("x-list-of-enum"):
        allowed = set(field["x-list-of-enum"])
        bad = [item for item in raw.split(";") if item not in allowed]
        if bad:
            return f"{', '.join(map(repr, bad))} not among the allowed codes ({', '.join(sorted(allowed))})"
    return None


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


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
        return True
    except ValueError:
        return False


def _check_foreign_keys(tables: dict[str, Table], base: Path, problems: list[Problem]) -> None:
    for table in tables.values():
        label = f"{base.name}/{table.schema.get('x-path', table.path.name)}"
        for fk in table.schema.get("foreignKeys", []):
            target = tables.get(fk["reference"]["resource"])
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


def read_package(base: Path | str | None = None) -> tuple[dict, dict[str, Table]]:
    """Read and check the whole package; raise :class:`DataError` listing every problem."""
    base = Path(base or data_dir()).resolve()
    problems = unsafe_files(base)
    descriptor = read_descriptor(base, problems)
    tables: dict[str, Table] = {}
    for resource in descriptor["resources"]:
        table = _read_table(base, resource, problems)
        if table is not None:
            _check_table(table, f"{base.name}/{resource['path']}", problems)
            table.schema["x-path"] = resource["path"]
            tables[resource["name"]] = table
    _check_foreign_keys(tables, base, problems)
    for rel in descriptor.get("x-boundaries", []):
        check_boundaries(base, rel, problems)
    if problems:
        raise DataError(problems)
    return descriptor, tables


def fingerprint(base: Path | str | None = None, names: list[str] | None = None) -> str:
    """A hash of the package's files (or of the named tables, ``"boundaries"`` for the map's boundary
    files): changes whenever their bytes do. A descriptor it cannot read is hashed as bytes; validation
    then reports it."""
    base = Path(base or data_dir())
    raw = (base / "datapackage.json").read_bytes() if (base / "datapackage.json").is_file() else b""
    digest = hashlib.sha256(raw)
    try:
        descriptor = json.loads(raw)
        files = [(r["name"], r["path"]) for r in descriptor["resources"]]
        files += [("boundaries", rel) for rel in descriptor.get("x-boundaries", [])]
    except (ValueError, KeyError, TypeError):
        return digest.hexdigest()[:16]
    for name, rel in files:
        if names is None or name in names:
            path = base / str(rel)
            digest.update(f"{name}:{rel}".encode())
            digest.update(path.read_bytes() if path.is_file() and not path.is_symlink() else b"")
    return digest.hexdigest()[:16]


@lru_cache(maxsize=8)
def _validated(base: str, stamp: str) -> tuple[dict, dict[str, Table]]:
    return read_package(base)


#: The tables this process has read, in order: a chapter's kernel reports them with its sources
#: (:func:`briefing.facts.chapter_sources`), so the book build knows when to run the chapter again.
_READ: dict[str, None] = {}


def _record_use(name: str) -> None:
    _READ.setdefault(name, None)


def tables_read() -> list[str]:
    return list(_READ)


def _to_frame(table: Table) -> pd.DataFrame:
    frame = pd.DataFrame(
        [{k: v for k, v in row.items() if k != "__line__"} for row in table.rows], columns=list(table.fields)
    )
    for name, field in table.fields.items():
        column = frame[name].replace("", None)
        kind = field.get("type", "string")
        enum = field.get("constraints", {}).get("enum")
        if kind == "integer":
            frame[name] = pd.array(column, dtype="Int64") if column.notna().any() else column.astype("Int64")
        elif kind == "number":
            frame[name] = pd.to_numeric(column).astype("Float64")
        elif kind == "date":
            frame[name] = pd.to_datetime(column, format="%Y-%m-%d")
        elif kind == "boolean":
            frame[name] = column.map({"true": True, "false": False}).astype("boolean")
        elif enum:
            frame[name] = pd.Categorical(column, categories=enum)
        else:
            frame[name] = column.astype("string")
    return frame


@lru_cache(maxsize=32)
def _frame(base: str, stamp: str, name: str) -> pd.DataFrame:
    _, tables = _validated(base, stamp)
    if name not in tables:
        raise KeyError(f"no table {name!r} in {base}/datapackage.json; tables: {', '.join(tables)}")
    return _to_frame(tables[name])


def load(name: str, base: Path | str | None = None) -> pd.DataFrame:
    """Return table ``name`` as a typed DataFrame: dates as datetimes, numbers numeric, enumerations as
    categories. The whole package is validated first, and each frame built once, per process and per
    version of the files; callers get their own copy."""
    base = str(Path(base or data_dir()).resolve())
    _record_use(name)
    return _frame(base, fingerprint(base), name).copy()


def boundaries(base: Path | str | None = None) -> dict:
    """The map's country boundaries (the package's first boundary file), as GeoJSON."""
    base = str(Path(base or data_dir()).resolve())
    descriptor, _ = _validated(base, fingerprint(base))
    _record_use("boundaries")
    return json.loads((Path(base) / descriptor["x-boundaries"][0]).read_text(encoding="utf-8"))


def paths_of(names: list[str], base: Path | str | None = None) -> list[str]:
    """The files behind the named tables (and ``"boundaries"``), relative to the data folder."""
    descriptor, _ = _validated(str(Path(base or data_dir()).resolve()), fingerprint(base))
    paths = [r["path"] for r in descriptor["resources"] if r["name"] in names]
    return paths + (list(descriptor.get("x-boundaries", [])) if "boundaries" in names else [])


def publish(target: Path, base: Path | str | None = None) -> int:
    """Validate the package and copy exactly its declared files into ``target``; return how many."""
    base = Path(base or data_dir()).resolve()
    descriptor, _ = read_package(base)
    return _publish(base, descriptor, target)


def describe(name: str, base: Path | str | None = None) -> dict:
    """The resource entry of ``name`` in datapackage.json (title, description, fields with units)."""
    descriptor, _ = _validated(str(Path(base or data_dir()).resolve()), fingerprint(base))
    return next(r for r in descriptor["resources"] if r["name"] == name)


def validate(base: Path | str | None = None) -> dict[str, int]:
    """Validate the package; return the number of rows per table or raise :class:`DataError`."""
    _, tables = read_package(base)
    return {name: len(table.rows) for name, table in tables.items()}
