"""One haul, one figure: rows that report again what another row reports (``same_as`` in the data).

Several outlets often tell the same seizure or announcement. Each report stays a row of its own, with its
source's words, and names in ``same_as`` the row that stands for the haul. :func:`problems` checks those
links when the package is validated; :func:`fold` draws each figure of a haul once, naming every outlet.
"""

from __future__ import annotations

import pandas as pd


def problems(tables: dict, folder: str) -> list[tuple[str, int, str, str]]:
    """(file, line, column, message) for each ``same_as`` that names its own row or another repeat: every
    repeat names the row that stands for the haul, so a chart can gather them in one step."""
    found = []
    for table in tables.values():
        key = table.schema.get("primaryKey")
        key = key[0] if isinstance(key, list) and len(key) == 1 else key
        if "same_as" not in table.fields or not isinstance(key, str):
            continue
        lead_of = {row[key]: row["same_as"] for row in table.rows}
        for row in table.rows:
            lead = row["same_as"]
            if lead and (lead == row[key] or lead_of.get(lead)):
                why = "itself" if lead == row[key] else f"{lead!r}, which repeats {lead_of[lead]!r}: name that row"
                label = f"{folder}/{table.schema.get('x-path', table.path.name)}"
                found.append((label, row["__line__"], "same_as", f"names {why}"))
    return found


def fold(df: pd.DataFrame, figure: list[str]) -> tuple[pd.DataFrame, pd.Series]:
    """``df`` with each haul's repeats of one figure folded into one row, and, per kept row, the source ids
    of the reports folded into it (an empty list where none was).

    Rows are one figure when they belong to one haul (a row and the rows whose ``same_as`` names it) and
    agree on every column in ``figure`` (say the drug, the unit drawn and the value). The row the others
    name is kept where it gives that figure; a repeat that gives another number stays, as the sources
    disagree."""
    haul = df["same_as"].astype("string").fillna(df["record_id"].astype("string"))
    ordered = df.assign(_haul=haul, _repeat=df["same_as"].notna()).sort_values("_repeat", kind="stable")
    groups = ordered.groupby(["_haul", *figure], sort=False, dropna=False)
    kept = groups.head(1)
    folded = groups["source_id"].agg(lambda ids: [str(s) for s in ids.iloc[1:]])
    also = pd.Series(
        [folded.loc[tuple(row)] for row in kept[["_haul", *figure]].itertuples(index=False)],
        index=kept.index,
        dtype=object,
    )
    rest = df.loc[df.index.isin(kept.index)]
    return rest, also.loc[rest.index]
