"""What one cell of the data package may hold: the rules every value meets whatever its schema says (ASCII
numbers, no formula starts, no invisible characters, a ceiling on every number and on every cell's length)
and the checks of each field's type and constraints. :mod:`briefing.validation` applies them row by row.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

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


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
        return True
    except ValueError:
        return False
