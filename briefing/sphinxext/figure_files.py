"""How each figure's live chart travels to the reader: the script files the site publishes in ``figures/``.

Contract: at the end of the build, from each figure's Vega spec (kept per page in the build environment,
:mod:`briefing.sphinxext.dependencies`), this writes

- ``figures/<name>.vega.js``: the spec charts.js draws, without the columns it never names and without the long
  text only its tooltips show (:func:`briefing.compile.site_spec`), and without a dataset other figures share;
- ``figures/<name>.words.js``: that long text (the source's words, an event's summary), which charts.js loads
  when the reader first points at, taps or moves into the chart;
- ``figures/shared-<hash>.js``: a large dataset two or more figures draw (the map's country boundaries, on the
  landing page and in the routes chapter), named by its content so that a browser that has it keeps it; the
  spec names it in ``usermeta.briefing.shared`` and charts.js puts its rows back before Vega reads the spec.

All are scripts, not JSON: a page opened from disk (file://) may load a script but not fetch() a file. The
page's picture, table view and CSV do not come from these files and are not changed by them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from briefing.compile import packed_geojson, site_spec, unpacked_geojson
from briefing.display import site_script, spec_script
from briefing.sphinxext.dependencies import SPEC_SUFFIX

#: A dataset shared by figures is a file of its own from this many bytes of JSON; a smaller one travels in each
#: spec (a file of its own would cost the reader a request for little).
SHARED_FROM = 16 * 1024
WORDS_SUFFIX = ".words.js"
SHARED_PREFIX = "shared-"


def _key(values: list) -> str:
    text = json.dumps(values, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return SHARED_PREFIX + hashlib.sha256(text.encode()).hexdigest()[:12] if len(text) >= SHARED_FROM else ""


def shared_datasets(specs: dict[str, dict]) -> dict[str, list]:
    """{file key: rows} for each large dataset that two or more of the figures ``specs`` (by name) draw."""
    users: dict[str, set] = {}
    rows: dict[str, list] = {}
    for name, vega in specs.items():
        for dataset in vega.get("data", []):
            if isinstance(dataset.get("values"), list) and (key := _key(dataset["values"])):
                users.setdefault(key, set()).add(name)
                rows[key] = dataset["values"]
    return {key: rows[key] for key, names in users.items() if len(names) > 1}


def without_shared(vega: dict, shared: dict[str, list]) -> dict:
    """The spec with each shared dataset's rows left out and its file named in ``usermeta.briefing.shared``."""
    data, named = [], {}
    for dataset in vega.get("data", []):
        key = _key(dataset["values"]) if isinstance(dataset.get("values"), list) else ""
        if key in shared:
            named[dataset["name"]] = key
            dataset = {k: v for k, v in dataset.items() if k != "values"}
        data.append(dataset)
    if not named:
        return vega
    usermeta = dict(vega.get("usermeta", {}))
    usermeta["briefing"] = {**usermeta.get("briefing", {}), "shared": named}
    return {**vega, "data": data, "usermeta": usermeta}


def shared_payload(rows: list) -> dict:
    """What a shared file holds: boundaries packed (:func:`briefing.compile.packed_geojson`) when they unpack to
    exactly these rows, else the rows."""
    packed = packed_geojson(rows)
    return {"packed": packed} if packed is not None and unpacked_geojson(packed) == rows else {"rows": rows}


def write_figure_files(folder: Path, specs: dict[str, dict]) -> dict[str, int]:
    """Write every figure's spec and words, and the datasets figures share, into ``folder``; how many of each."""
    shared = shared_datasets(specs)
    for key, rows in sorted(shared.items()):
        (folder / f"{key}.js").write_text(site_script("briefingData", key, shared_payload(rows)), encoding="utf-8")
    words_files = 0
    for name, vega in sorted(specs.items()):
        spec, words = site_spec(without_shared(vega, shared))
        (folder / f"{name}{SPEC_SUFFIX}").write_text(spec_script(name, spec), encoding="utf-8")
        if words:
            (folder / f"{name}{WORDS_SUFFIX}").write_text(site_script("briefingWords", name, words), encoding="utf-8")
            words_files += 1
    return {"specs": len(specs), "words": words_files, "shared": len(shared)}
