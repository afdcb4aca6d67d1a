"""Does a row's evidence state its number?

Every table that holds figures has an ``evidence`` column (its last): the passage of the source that
states the row's figure, in the source's words. Its three forms:

- a quotation: ``seized 6 tonnes 183 kg of drugs``; the row's number must be among the numbers the
  quotation states, read as a fact-checker would read them ("6 tonnes 183 kg" is 6,183 kg or 6.183 t,
  "1.1 tonnes" is 1,100 kg, "14,483", "nearly 250", "seven million", "$3.5bn");
- a quotation and how the number follows from it, after `` | derived: ``: an arithmetic expression
  (numbers, ``+ - * /`` and brackets) whose every number is stated in the quotation (or is a unit factor
  such as 1000), and whose result is the row's number, e.g. ``"1,200 kg ... and 300 kg" | derived: 1200 + 300``;
- ``unverified: <reason>``: the passage could not be checked in this pass, and why.

The rules are checked by the validator (``briefing.data``), which names the file, line and column of a
cell that breaks them, and the counts are reported on the Methods page.
"""

from __future__ import annotations

import ast
import itertools
import operator
import re

UNVERIFIED = "unverified:"
DERIVED = " | derived:"

#: Numbers a derivation may use without the quotation stating them: unit and scale factors.
FACTORS = {10, 100, 1000, 1_000_000, 1_000_000_000, 12, 365}

_WORDS = {
    "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
    "half": 0.5,
    # German, for the one German-language source (RP Online): "zwölf Millionen", "vier Millionen".
    "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "neun": 9, "zehn": 10, "zwölf": 12,
}  # fmt: skip
_SCALES = {
    "hundred": 100, "thousand": 1e3, "k": 1e3, "million": 1e6, "millions": 1e6, "mn": 1e6, "m": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12,
    "tausend": 1e3, "millionen": 1e6, "milliarde": 1e9, "milliarden": 1e9,
}  # fmt: skip
#: Weight units, as the number of kilograms in one.
_WEIGHTS = {
    "t": 1000, "ton": 1000, "tons": 1000, "tonne": 1000, "tonnes": 1000, "mt": 1000,
    "kg": 1, "kgs": 1, "kilo": 1, "kilos": 1, "kilogram": 1, "kilograms": 1, "kilogrammes": 1,
    "g": 0.001, "gram": 0.001, "grams": 0.001, "grammes": 0.001,
}  # fmt: skip

_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:[,\u202f\u00a0]\d{3})+|\d+)(?:\.(\d+))?(?!\d)")
_RANGE = re.compile(
    r"(\d[\d,]*(?:\.\d+)?)\s*(?:and|to|or|-|\u2013)\s*\$?\s*(\d[\d,]*(?:\.\d+)?)\s*"
    r"(thousand|million|billion|bn|mn|trillion)\b",
    re.IGNORECASE,
)
_AFTER = re.compile(r"\s*-?\s*([a-z]+)\b", re.IGNORECASE)
_WORD_RUN = re.compile(
    r"\b((?:"
    + "|".join(sorted(_WORDS, key=len, reverse=True))
    + r")(?:[\s-]+(?:and\s+)?(?:"
    + "|".join(sorted((set(_WORDS) - {"a", "an"}) | set(_SCALES), key=len, reverse=True))
    + r"))*)\b",
    re.IGNORECASE,
)


def _words_value(text: str) -> float | None:
    """The value of a run of number words ("seven million", "two hundred and fifty"), or None."""
    total, current, seen = 0.0, 0.0, False
    for word in re.split(r"[\s-]+", text.lower()):
        if word == "and":
            continue
        if word in ("hundred",) and seen:
            current = (current or 1) * 100
        elif word in _SCALES and word not in ("m", "b", "k", "mn", "bn") and seen:
            total += (current or 1) * _SCALES[word]
            current = 0
        elif word in _WORDS:
            if word in ("a", "an") and seen:
                return None
            current += _WORDS[word]
            seen = True
        else:
            return None
    value = total + current
    return value if seen and value else None


def _tokens(text: str) -> list[tuple[int, int, float]]:
    """(start, end, value) of every number in the text, written in digits or in words."""
    found = []
    for match in _NUMBER.finditer(text):
        whole = re.sub(r"[,\u202f\u00a0]", "", match.group(1))
        found.append((match.start(), match.end(), float(whole + ("." + match.group(2) if match.group(2) else ""))))
    for match in _WORD_RUN.finditer(text):
        value = _words_value(match.group(1))
        if value is not None and match.group(1).lower() not in ("a", "an"):
            found.append((match.start(), match.end(), value))
    return sorted(found)


def numbers_in(text: str) -> set[float]:
    """Every number the text states, in every reading a fact-checker would accept: the bare number, the
    number times its scale word ("3.5 billion", "$3.5bn"), and a weight in both kilograms and tonnes
    ("1.1 tonnes" gives 1.1 and 1,100; "6 tonnes 183 kg" and "six tons and 183 kilograms" also give 6,183
    and 6.183)."""
    found: set[float] = set()
    weights: list[tuple[int, int, float]] = []  # (start, end, kilograms) of each number with a weight unit
    for start, end, value in _tokens(text):
        found.add(value)
        after = _AFTER.match(text, end)
        unit = after.group(1).lower() if after else ""
        if unit in _SCALES and not text[start:end].isalpha():
            value *= _SCALES[unit]
            found.add(value)
            after = _AFTER.match(text, after.end())
            unit = after.group(1).lower() if after else ""
        if unit in _WEIGHTS:
            kilograms = value * _WEIGHTS[unit]
            found.update({kilograms, kilograms / 1000})
            weights.append((start, after.end(), kilograms))
    # A range shares its scale: "between 30 and 40 billion", "$84-144 million".
    for match in _RANGE.finditer(text):
        low = float(re.sub(r"[,\u202f\u00a0]", "", match.group(1)))
        found.add(low * _SCALES[match.group(3).lower()])
    for (_, end, first), (start, _, second) in itertools.pairwise(weights):
        if re.fullmatch(r"\s*(?:,|and|\+)?\s*", text[end:start]) and first > second:  # "6 tonnes 183 kg"
            found.update({first + second, (first + second) / 1000})
    return found


def figures_in_prose(text: str) -> list[float]:
    """The figures a sentence of the book's own prose states (an event's summary): every number written
    in digits, except years (four digits from 1900 to 2100)."""
    found = []
    for match in _NUMBER.finditer(text):
        whole = re.sub(r"[,\u202f\u00a0]", "", match.group(1))
        value = float(whole + ("." + match.group(2) if match.group(2) else ""))
        if not (match.group(1).isdigit() and len(match.group(1)) == 4 and 1900 <= value <= 2100):
            found.append(value)
    return found


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def evaluate(expression: str) -> tuple[float, list[float]]:
    """Evaluate a derivation (numbers, + - * /, brackets); return its value and the numbers it uses.
    Raise ValueError when it is anything else."""
    cleaned = re.sub(r"(?<=\d),(?=\d{3})", "", expression.strip())
    try:
        tree = ast.parse(cleaned, mode="eval")
    except SyntaxError:
        raise ValueError(f"cannot read the derivation {expression.strip()!r}") from None
    used: list[float] = []

    def walk(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(node.value, bool):
            used.append(float(node.value))
            return float(node.value)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](walk(node.left), walk(node.right))
        raise ValueError(f"cannot read the derivation {expression.strip()!r}: only numbers, + - * / and brackets")

    try:
        return walk(tree.body), used
    except ZeroDivisionError:
        raise ValueError(f"the derivation {expression.strip()!r} divides by zero") from None


def _decimals(value: float) -> int:
    text = repr(float(value)).rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def check(evidence: str, values: list[float]) -> str | None:
    """What is wrong with ``evidence`` for a row whose figures are ``values``, or None when it holds."""
    text = evidence.strip()
    if not text:
        return f"is empty: quote the source's passage, or write '{UNVERIFIED} <reason>'"
    if text.lower().startswith(UNVERIFIED):
        if not text[len(UNVERIFIED) :].strip():
            return f"'{UNVERIFIED}' needs a reason (e.g. 'source unreadable here')"
        return None
    quote, _, derivation = text.partition(DERIVED)
    stated = numbers_in(quote)
    missing = [v for v in values if not any(_same(v, s) for s in stated)]
    if derivation:
        try:
            result, used = evaluate(derivation)
        except ValueError as err:
            return str(err)
        unstated = [n for n in used if n not in FACTORS and not any(_same(n, s) for s in stated)]
        if unstated:
            return f"the derivation uses {', '.join(f'{n:g}' for n in unstated)}, which the quotation does not state"
        # The row may round the result to its own precision.
        missing = [v for v in missing if abs(result - v) > 0.5 * 10 ** -_decimals(v) + 1e-9 * abs(v)]
        if missing:
            return f"the derivation gives {result:g}, not the row's {' / '.join(f'{v:g}' for v in missing)}"
        return None
    if missing:
        return (
            f"does not state the row's {' and '.join(f'{v:g}' for v in missing)} "
            f"(add '{DERIVED.strip()} <sum or conversion>' or mark it '{UNVERIFIED} <reason>')"
        )
    return None


def status(evidence: str) -> str:
    """'unverified' or 'checked' (a checked row's evidence has passed :func:`check`)."""
    return "unverified" if evidence.strip().lower().startswith(UNVERIFIED) else "checked"
