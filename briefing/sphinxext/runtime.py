"""The shared Vega runtime: one copy in the site's ``_static/``, for every chart on every page.

Contract: :func:`write_runtime` puts ``_static/briefing/vega-runtime.js`` into the built site. The runtime
comes from vl-convert-python (never committed), wrapped in a function so that only ``vega``, ``vegaLite``
and ``vegaEmbed`` reach ``window``; it is kept beside the execution cache, keyed by the vl-convert version,
written atomically and reused only when its recorded hash matches.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import shutil
from pathlib import Path

RUNTIME = "briefing/vega-runtime.js"


def runtime_source() -> str:
    """vega, vega-lite and vega-embed in one classic script, its top-level names kept out of ``window``
    except the three it exports."""
    import vl_convert

    bundle = vl_convert.javascript_bundle()
    versions = {"vega": vl_convert.get_vega_version(), "vega-embed": vl_convert.get_vega_embed_version()}
    return (
        f"/* Vega runtime from vl-convert-python {importlib.metadata.version('vl-convert-python')}: "
        f"{json.dumps(versions)} */\n(function(){{\n{bundle}\n}})();\n"
    )


def write_atomic(path: Path, text: str) -> None:
    """Write a whole file or nothing: a temporary file beside it, then a rename (an interrupted or
    concurrent build never leaves half a file for the next one to reuse)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _runtime_is_whole(path: Path) -> bool:
    """A cached runtime is reused only when it is the file this build would write: its hash is recorded
    beside it when it is made."""
    digest = path.with_suffix(".sha256")
    if not (path.is_file() and digest.is_file()):
        return False
    return hashlib.sha256(path.read_bytes()).hexdigest() == digest.read_text().strip()


def write_runtime(outdir: Path, cache_dir: Path) -> Path:
    """Write the runtime into the site. Making it takes vl-convert about five seconds, so it is kept beside
    the execution cache, keyed by the vl-convert version, for the next build."""
    version = importlib.metadata.version("vl-convert-python")
    cached = cache_dir / f"vega-runtime-{version}.js"
    if not _runtime_is_whole(cached):
        source = runtime_source()
        write_atomic(cached, source)
        write_atomic(cached.with_suffix(".sha256"), hashlib.sha256(source.encode("utf-8")).hexdigest())
    target = outdir / "_static" / RUNTIME
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, target)
    return target
