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
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from briefing import evidence

#: The repository's own data folder; ``BRIEFING_DATA_DIR`` points the book at another copy.
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def data_dir() -> Path:
    return Path(os.environ.get("BRIEFING_DATA_DIR", DEFAULT_DATA_DIR)).resolve()


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located as precisely as the input allows."""

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        col = f" column '{self.column}':" if self.column else ""
        return f"{where}:{col} {self.message}"


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


def _check_value(field: dict, raw: str) -> str | None:
    """Return what is wrong with one cell, or None when it is valid for its field."""
    constraints = field.get("constraints", {})
    if raw == "":
        return "a value is required" if constraints.get("required") else None
    kind = field.get("type", "string")
    try:
        if kind == "integer":
            value = int(raw)
        elif kind == "number":
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
        return f"expected {expected}, got {raw!r}"
    if "enum" in constraints and raw not in constraints["enum"]:
        allowed = ", ".join(constraints["enum"])
        return f"{raw!r} is not one of the allowed values ({allowed})"
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], raw):
        hint = field.get("x-pattern-hint", f"the pattern {constraints['pattern']}")
        return f"{raw!r} does not match {hint}"
    if "maxLength" in constraints and len(raw) > constraints["maxLength"]:
        return f"is {len(raw)} characters long; at most {constraints['maxLength']} are allowed"
    if "minimum" in constraints and value < constraints["minimum"]:
        return f"{raw!r} is below the minimum {constraints['minimum']}"
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
    if not path.exists():
        problems.append(Problem(label, None, None, "file is missing"))
        return None
    raw = path.read_bytes()
    if not raw.strip():
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
    header = next(reader)
    expected = [f["name"] for f in resource["schema"]["fields"]]
    missing = [name for name in expected if name not in header]
    extra = [name for name in header if name not in expected]
    for name in missing:
        problems.append(Problem(label, 1, name, "column is missing from the header"))
    for name in extra:
        problems.append(Problem(label, 1, name, "column is not described in datapackage.json"))
    if missing or extra:
        return None
    rows = []
    for values in reader:
        line = reader.line_num
        if not values:
            continue
        if len(values) != len(header):
            problems.append(Problem(label, line, None, f"expected {len(header)} cells, found {len(values)}"))
            continue
        row = dict(zip(header, values))
        row["__line__"] = line
        rows.append(row)
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
        for fk in table.schema.get("foreignKeys", []):
            target = tables.get(fk["reference"]["resource"])
            if target is None:
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
                        f"{base.name}/{table.schema.get('x-path', table.path.name)}",
                        row["__line__"],
                        ", ".join(local),
                        f"{shown!r} is not a {'/'.join(remote)} in {target.path.name}",
                    )
                )


def read_package(base: Path | str | None = None) -> tuple[dict, dict[str, Table]]:
    """Read and check the whole package; raise :class:`DataError` listing every problem."""
    base = Path(base or data_dir()).resolve()
    descriptor_path = base / "datapackage.json"
    problems: list[Problem] = []
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError([Problem(f"{base.name}/datapackage.json", None, None, "file is missing")]) from None
    except json.JSONDecodeError as err:
        raise DataError(
            [Problem(f"{base.name}/datapackage.json", err.lineno, None, f"invalid JSON: {err.msg}")]
        ) from None
    tables: dict[str, Table] = {}
    for resource in descriptor["resources"]:
        table = _read_table(base, resource, problems)
        if table is not None:
            _check_table(table, f"{base.name}/{resource['path']}", problems)
            table.schema["x-path"] = resource["path"]
            tables[resource["name"]] = table
    _check_foreign_keys(tables, base, problems)
    if problems:
        raise DataError(problems)
    return descriptor, tables


def fingerprint(base: Path | str | None = None, names: list[str] | None = None) -> str:
    """A hash of the package's files (or of the named tables): changes whenever their bytes do."""
    base = Path(base or data_dir())
    descriptor = json.loads((base / "datapackage.json").read_text(encoding="utf-8"))
    digest = hashlib.sha256((base / "datapackage.json").read_bytes())
    for resource in descriptor["resources"]:
        if names is None or resource["name"] in names:
            digest.update(resource["name"].encode())
            path = base / resource["path"]
            digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:16]


@lru_cache(maxsize=8)
def _validated(base: str, stamp: str) -> tuple[dict, dict[str, Table]]:
    return read_package(base)


def _record_use(name: str) -> None:
    """Note which tables a chapter reads, so the book build can re-execute it when they change."""
    log = os.environ.get("BRIEFING_DEPS_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as out:
            out.write(name + "\n")


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


def describe(name: str, base: Path | str | None = None) -> dict:
    """The resource entry of ``name`` in datapackage.json (title, description, fields with units)."""
    descriptor, _ = _validated(str(Path(base or data_dir()).resolve()), fingerprint(base))
    return next(r for r in descriptor["resources"] if r["name"] == name)


def validate(base: Path | str | None = None) -> dict[str, int]:
    """Validate the package; return the number of rows per table or raise :class:`DataError`."""
    _, tables = read_package(base)
    return {name: len(table.rows) for name, table in tables.items()}
