"""Which files the data package is made of, and the only ones the site publishes.

The package is what ``datapackage.json`` declares: its CSV resources and the boundary files listed under
``x-boundaries``. Everything here refuses before it reads: a symbolic link anywhere in the data folder, a
path that leaves the folder (absolute, ``..``, a directory) or a malformed descriptor is a
:class:`~briefing.validation.Problem` naming the file, and a link's target is never opened or printed. The site
gets regular-file copies of the declared files and nothing else (no ``.html`` or ``.svg`` rides along).
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from pathlib import Path

#: A declared path: lowercase words and folders inside the data folder, nothing that could leave it.
SAFE_PATH = re.compile(r"[a-z0-9_-]+(/[a-z0-9_-]+)*\.(csv|geojson)")
RESOURCE_NAME = re.compile(r"[a-z0-9_]+")
MAX_DESCRIPTOR = 1_000_000
MAX_BOUNDARIES = 5_000_000
GEOMETRIES = {"Polygon", "MultiPolygon"}


def _problem(file: str, message: str, line: int | None = None, column: str | None = None):
    from briefing.validation import Problem  # validation imports this module; the class lives there

    return Problem(file, line, column, message)


def regular_file(base: Path, rel: str) -> bool:
    """Whether ``base/rel`` is a regular file reached through no symbolic link (checked without following)."""
    path = base
    for part in Path(rel).parts:
        path = path / part
        try:
            mode = path.lstat().st_mode
        except OSError:
            return False
        if stat.S_ISLNK(mode):
            return False
    return stat.S_ISREG(mode)


def unsafe_files(base: Path) -> list:
    """Every symbolic link or special file under ``base``, without following or opening any of them."""
    problems = []
    for folder, dirs, files in os.walk(base, followlinks=False):
        for name in sorted(dirs + files):
            path = Path(folder) / name
            rel = f"{base.name}/{path.relative_to(base).as_posix()}"
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                problems.append(_problem(rel, "is a symbolic link; the data folder holds regular files only"))
            elif not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                problems.append(_problem(rel, "is not a regular file"))
    return problems


def _declared_path(label: str, where: str, path, problems: list) -> bool:
    if not isinstance(path, str) or not SAFE_PATH.fullmatch(path):
        problems.append(
            _problem(label, f"{where}: path {path!r} must be a relative .csv or .geojson file inside the data folder")
        )
        return False
    return True


def read_descriptor(base: Path, problems: list) -> dict:
    """``datapackage.json``, checked for the shape the validator relies on. Fatal problems raise
    :class:`~briefing.data.DataError` at once; the rest are added to ``problems``."""
    from briefing.cells import KNOWN_CONSTRAINTS, KNOWN_TYPES
    from briefing.validation import DataError

    label = f"{base.name}/datapackage.json"
    path = base / "datapackage.json"
    if not regular_file(base, "datapackage.json"):
        raise DataError(problems + ([] if path.is_symlink() else [_problem(label, "file is missing")]))
    if path.stat().st_size > MAX_DESCRIPTOR:
        raise DataError(problems + [_problem(label, f"file is larger than {MAX_DESCRIPTOR} bytes")])
    try:
        descriptor = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise DataError(problems + [_problem(label, "file is not UTF-8")]) from None
    except json.JSONDecodeError as err:
        raise DataError(problems + [_problem(label, f"invalid JSON: {err.msg}", err.lineno)]) from None
    except RecursionError:
        raise DataError(problems + [_problem(label, "JSON nested too deeply")]) from None
    fatal = []
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise DataError(problems + [_problem(label, "expected an object with a list of 'resources'")])
    names = set()
    for i, resource in enumerate(descriptor["resources"]):
        where = f"resources[{i}]"
        if not isinstance(resource, dict):
            fatal.append(_problem(label, f"{where}: expected an object"))
            continue
        name = resource.get("name")
        if not isinstance(name, str) or not RESOURCE_NAME.fullmatch(name) or name in names:
            fatal.append(_problem(label, f"{where}: name {name!r} must be a unique lowercase identifier"))
        names.add(name)
        _declared_path(label, where, resource.get("path"), fatal)
        schema = resource.get("schema")
        fields = schema.get("fields") if isinstance(schema, dict) else None
        if not isinstance(fields, list) or not fields or not all(isinstance(f, dict) for f in fields):
            fatal.append(_problem(label, f"{where} ({name}): schema must hold a list of fields"))
            continue
        seen = set()
        for field in fields:
            fname = field.get("name")
            if not isinstance(fname, str) or not fname or fname in seen:
                fatal.append(_problem(label, f"{where} ({name}): field name {fname!r} is missing or repeated"))
            seen.add(fname)
            kind = field.get("type", "string")
            constraints = field.get("constraints", {})
            if kind not in KNOWN_TYPES:
                fatal.append(
                    _problem(label, f"{name}: field {fname!r} has type {kind!r}, which the validator does not check")
                )
            if not isinstance(constraints, dict) or set(constraints) - KNOWN_CONSTRAINTS:
                unknown = sorted(set(constraints) - KNOWN_CONSTRAINTS) if isinstance(constraints, dict) else constraints
                fatal.append(
                    _problem(
                        label, f"{name}: field {fname!r} asks for constraints the validator does not check: {unknown}"
                    )
                )
            elif kind in ("number", "integer") and "maximum" not in constraints:
                fatal.append(_problem(label, f"{name}: numeric field {fname!r} must state a maximum"))
    boundaries = descriptor.get("x-boundaries", [])
    if not isinstance(boundaries, list):
        fatal.append(_problem(label, "x-boundaries must be a list of paths"))
    else:
        for i, rel in enumerate(boundaries):
            _declared_path(label, f"x-boundaries[{i}]", rel, fatal)
    if fatal:
        raise DataError(problems + fatal)
    return descriptor


def _coordinates_ok(coords, depth: int = 0) -> bool:
    """Positions (longitude, latitude) nested as GeoJSON nests them: at most four levels (MultiPolygon)."""
    if isinstance(coords, list) and len(coords) == 2 and all(isinstance(c, (int, float)) for c in coords):
        return all(math.isfinite(c) for c in coords) and -180 <= coords[0] <= 180 and -90 <= coords[1] <= 90
    return (
        isinstance(coords, list) and bool(coords) and depth < 4 and all(_coordinates_ok(c, depth + 1) for c in coords)
    )


def check_boundaries(base: Path, rel: str, problems: list) -> None:
    """A boundary file: GeoJSON, a FeatureCollection of (multi)polygons with finite longitudes and latitudes."""
    label = f"{base.name}/{rel}"
    path = base / rel
    if not regular_file(base, rel):
        if not (path.is_symlink() or path.parent.is_symlink()):  # a link is reported by unsafe_files
            problems.append(_problem(label, "file is missing"))
        return
    if path.stat().st_size > MAX_BOUNDARIES:
        problems.append(_problem(label, f"file is larger than {MAX_BOUNDARIES} bytes"))
        return
    try:
        geo = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        problems.append(_problem(label, "file is not UTF-8"))
        return
    except json.JSONDecodeError as err:
        problems.append(_problem(label, f"invalid JSON: {err.msg}", err.lineno))
        return
    except RecursionError:
        problems.append(_problem(label, "JSON nested too deeply"))
        return
    if not isinstance(geo, dict) or geo.get("type") != "FeatureCollection" or not isinstance(geo.get("features"), list):
        problems.append(_problem(label, "expected a GeoJSON FeatureCollection"))
        return
    for i, feature in enumerate(geo["features"]):
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRIES:
            problems.append(_problem(label, f"features[{i}]: expected a Polygon or MultiPolygon geometry"))
        elif not _coordinates_ok(geometry.get("coordinates")):
            problems.append(_problem(label, f"features[{i}]: coordinates must be finite longitudes and latitudes"))


def declared_paths(descriptor: dict) -> list[str]:
    """The package's files, as declared: the descriptor, its resources and its boundary files."""
    return (
        ["datapackage.json"] + [r["path"] for r in descriptor["resources"]] + list(descriptor.get("x-boundaries", []))
    )


def publish(base: Path, descriptor: dict, target: Path) -> int:
    """Copy exactly the declared files into ``target`` (replaced whole) as regular files; return how many.
    Each is opened without following links, so a link swapped in after validation is refused, not read."""
    import shutil

    shutil.rmtree(target, ignore_errors=True)
    paths = declared_paths(descriptor)
    for rel in paths:
        if not regular_file(base, rel):
            raise ValueError(f"{base.name}/{rel} is not a regular file; nothing of it was published")
        fd = os.open(base / rel, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, "rb") as source:
            content = source.read()
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        (target / rel).write_bytes(content)
    return len(paths)
