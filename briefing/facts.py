"""Numbers for the prose, taken from the data so that text and charts cannot disagree.

A chapter glues them in one call::

    glue_facts(arrests_2024="enforcement/irq-2024-arrests")

and writes {glue:text}`arrests_2024:,.0f` in its prose. A reference is ``table/key`` where ``key`` is the
row's primary key (joined with ``|`` for a composite key, e.g. ``opium_afghanistan/2023|a-unodc-2023``)
and the value column is the table's measure (see ``VALUE_COLUMN``) unless one is named after a ``#``.
"""

from __future__ import annotations

from briefing.data import describe, load

VALUE_COLUMN = {"seizures": "quantity", "enforcement": "value", "opium_afghanistan": "cultivation_ha"}


def value(ref: str):
    """The number a reference points to, as a plain int or float."""
    path, _, column = ref.partition("#")
    table, _, key = path.partition("/")
    keys = describe(table)["schema"]["primaryKey"]
    keys = [keys] if isinstance(keys, str) else keys
    df = load(table)
    parts = key.split("|")
    if len(parts) != len(keys):
        raise KeyError(f"{ref!r}: {table} is keyed by {', '.join(keys)}")
    mask = True
    for k, part in zip(keys, parts):
        mask = mask & (df[k].astype(str) == part)
    rows = df[mask]
    if len(rows) != 1:
        raise KeyError(f"{ref!r}: no row {key!r} in {table}.csv")
    number = rows.iloc[0][column or VALUE_COLUMN[table]]
    return int(number) if float(number).is_integer() else float(number)


def glue_facts(**refs: str) -> dict:
    """Glue each named reference's value for the prose (nothing is displayed)."""
    from myst_nb import glue

    values = {name: value(ref) for name, ref in refs.items()}
    for name, number in values.items():
        glue(name, number, display=False)
    return values
