"""Load and validate the book's data package (``data/datapackage.json``).

Every chart and every number in the book comes through :func:`load`. The package is checked as a whole by
:func:`validate` (``python -m briefing validate``) and once per build, before any chapter runs; a chapter
then checks only the tables it loads. A problem is reported with the file, the CSV line and the column, so
a contributor can go straight to the cell that is wrong.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

import pandas as pd

from briefing.package_files import publish as _publish
from briefing.validation import (
    DataError,
    Problem,
    Table,
    check_descriptor,
    check_one_boundary_file,
    check_one_table,
    check_package,
)

__all__ = [
    "DataError",
    "Problem",
    "Table",
    "data_dir",
    "describe",
    "fingerprint",
    "load",
    "package_descriptor",
    "read_package",
    "validate",
]

#: The data folder of the checkout this package sits in; every function also takes another folder.
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def data_dir() -> Path:
    return DEFAULT_DATA_DIR.resolve()


def read_package(base: Path | str | None = None) -> tuple[dict, dict[str, Table]]:
    """Read and check the whole package; raise :class:`DataError` listing every problem."""
    return check_package(Path(base or data_dir()).resolve())


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


def _stamp(base: str) -> tuple:
    """What this process's caches are keyed on: the size and modification time of every file in the data
    folder, read without opening any (a content hash of every file on every call costs seconds a build)."""
    entries = []
    for folder, _, files in os.walk(base):
        for name in files:
            info = os.lstat(os.path.join(folder, name))
            entries.append((folder, name, info.st_size, info.st_mtime_ns, info.st_ino))
    return tuple(sorted(entries))


@lru_cache(maxsize=8)
def _descriptor(base: str, stamp: tuple) -> dict:
    return check_descriptor(Path(base))


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
def _frame(base: str, stamp: tuple, name: str) -> pd.DataFrame:
    return _to_frame(check_one_table(Path(base), name))


def load(name: str, base: Path | str | None = None) -> pd.DataFrame:
    """Return table ``name`` as a typed DataFrame: dates as datetimes, numbers numeric, enumerations as
    categories. The table is checked cell by cell first (the keys between tables are checked by
    :func:`validate`), and each frame is built once per process and per version of the files; callers get
    their own copy."""
    base = str(Path(base or data_dir()).resolve())
    _record_use(name)
    return _frame(base, _stamp(base), name).copy()


def boundaries(base: Path | str | None = None) -> dict:
    """The map's country boundaries (the package's first boundary file), as GeoJSON."""
    base = str(Path(base or data_dir()).resolve())
    rel = _descriptor(base, _stamp(base))["x-boundaries"][0]
    check_one_boundary_file(Path(base), rel)
    _record_use("boundaries")
    return json.loads((Path(base) / rel).read_text(encoding="utf-8"))


def paths_of(names: list[str], base: Path | str | None = None) -> list[str]:
    """The files behind the named tables (and ``"boundaries"``), relative to the data folder."""
    descriptor = package_descriptor(base)
    paths = [r["path"] for r in descriptor["resources"] if r["name"] in names]
    return paths + (list(descriptor.get("x-boundaries", [])) if "boundaries" in names else [])


def publish(target: Path, base: Path | str | None = None) -> int:
    """Validate the package and copy exactly its declared files into ``target``; return how many."""
    base = Path(base or data_dir()).resolve()
    descriptor, _ = read_package(base)
    return _publish(base, descriptor, target)


def package_descriptor(base: Path | str | None = None) -> dict:
    """``datapackage.json``, checked (not the tables it describes)."""
    base = str(Path(base or data_dir()).resolve())
    return _descriptor(base, _stamp(base))


def describe(name: str, base: Path | str | None = None) -> dict:
    """The resource entry of ``name`` in datapackage.json (title, description, fields with units)."""
    return next(r for r in package_descriptor(base)["resources"] if r["name"] == name)


def validate(base: Path | str | None = None) -> dict[str, int]:
    """Validate the package; return the number of rows per table or raise :class:`DataError`."""
    _, tables = read_package(base)
    return {name: len(table.rows) for name, table in tables.items()}
