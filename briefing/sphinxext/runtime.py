"""The shared Vega runtime: one copy in the site's ``_static/``, for every chart on every page.

Contract: :func:`write_runtime` puts ``_static/briefing/vega-runtime.js`` into the built site. Charts reach
the page already compiled to Vega (:func:`briefing.compile.vega_spec`), so the runtime is Vega alone, with
its expression interpreter and the tooltip handler: npm builds, pinned and committed in ``briefing/vendor/``
(vl-convert's bundler has neither, and its Vega-only bundle exports nothing). No Vega-Lite compiler, no
vega-embed. One classic script that sets only ``vega`` (with ``vega.expressionInterpreter``) and
``vegaTooltip`` on ``window``; kept beside the execution cache, keyed by the vendored files, written
atomically and reused only when its recorded hash matches.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

RUNTIME = "briefing/vega-runtime.js"
VENDOR = Path(__file__).resolve().parent.parent / "vendor"
#: npm builds, pinned (briefing/vendor/README.md): Vega's own browser build, then two ES modules linked to it.
VEGA, INTERPRETER, TOOLTIP = "vega-6.2.0.min.js", "vega-interpreter-2.2.1.js", "vega-tooltip-1.0.0.js"
IMPORT = re.compile(r"^import \{([^}]*)\} from 'vega-util';$", re.MULTILINE)
EXPORT = re.compile(r"^export \{([^}]*)\};$", re.MULTILINE)


def classic_module(name: str) -> str:
    """A vendored ES module as an expression giving its exports: its one import from ``vega-util`` read from
    ``window.vega`` (Vega's build exports all of vega-util), its export list returned as an object."""
    text = (VENDOR / name).read_text(encoding="utf-8")
    text = IMPORT.sub(lambda m: f"const {{{m.group(1).strip()}}} = window.vega;", text)
    exports = EXPORT.findall(text)
    if len(exports) != 1:
        raise ValueError(f"{VENDOR / name}: expected one export list, found {len(exports)}")
    pairs = [part.split(" as ") for part in (p.strip() for p in exports[0].split(",")) if part]
    text = EXPORT.sub("return {" + ", ".join(f"{pair[-1]}: {pair[0]}" for pair in pairs) + "};", text)
    return f"(function () {{\n{text}\n}})()"


def runtime_source() -> str:
    """Vega, its expression interpreter and the tooltip handler in one classic script that sets only
    ``window.vega`` and ``window.vegaTooltip``: no Vega-Lite compiler (charts arrive compiled), no vega-embed."""
    vega = (VENDOR / VEGA).read_text(encoding="utf-8")
    return (
        f"/* Vega runtime: {VEGA}, {INTERPRETER}, {TOOLTIP} (npm, BSD-3-Clause; briefing/vendor/README.md) */\n"
        f"{vega}\n"
        f"window.vega.expressionInterpreter = {classic_module(INTERPRETER)}.expressionInterpreter;\n"
        f"window.vegaTooltip = {classic_module(TOOLTIP)};\n"
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
    vendored = hashlib.sha256(b"".join((VENDOR / n).read_bytes() for n in (VEGA, INTERPRETER, TOOLTIP)))
    vendored.update(Path(__file__).read_bytes())  # how they are joined
    cached = cache_dir / f"vega-runtime-{vendored.hexdigest()[:12]}.js"
    if not _runtime_is_whole(cached):
        source = runtime_source()
        write_atomic(cached, source)
        write_atomic(cached.with_suffix(".sha256"), hashlib.sha256(source.encode("utf-8")).hexdigest())
    target = outdir / "_static" / RUNTIME
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, target)
    return target
