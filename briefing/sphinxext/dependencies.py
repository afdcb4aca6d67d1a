"""Which chapter read which table: the execution cache that follows the data.

Contract: myst-nb's cache keys on a notebook's code only. This room records, per chapter, the tables it
read when it last ran (the kernel writes them to a log named by ``BRIEFING_DEPS_LOG``) with a stamp of
those tables, this package's code and the checkout; on the next build a chapter whose stamp changed has its
cache record dropped, so myst-nb runs it again. The ledger is one JSON file beside the cache, written
atomically; an unreadable ledger counts as empty (every chapter runs).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util import logging

from briefing import data as bdata
from briefing.sphinxext.runtime import write_atomic

logger = logging.getLogger(__name__)
PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _code_fingerprint() -> str:
    """Changes when this package's code or the chart libraries change: their outputs would too."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        digest.update(path.read_bytes())
    for dist in ("altair", "vl-convert-python", "pandas", "myst-nb"):
        digest.update(f"{dist}={importlib.metadata.version(dist)}".encode())
    return digest.hexdigest()[:16]


class DepsLedger:
    """A JSON file beside the execution cache: for each chapter, the tables it read when it last ran and
    the fingerprint of those tables and of the package code at that time."""

    def __init__(self, app: Sphinx):
        self.app = app
        self.cache_dir = Path(app.config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache")
        self.path = self.cache_dir / "briefing-deps.json"
        self.logs = self.cache_dir / "briefing-logs"
        self.srcdir = str(Path(app.srcdir).resolve())
        self.entries: dict[str, dict] = self._read()

    def _read(self) -> dict[str, dict]:
        """The entries on disk; an unreadable or malformed ledger counts as empty (every chapter runs)."""
        try:
            entries = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(entries, dict):
            return {}
        return {
            doc: entry
            for doc, entry in entries.items()
            if isinstance(entry, dict)
            and isinstance(entry.get("stamp"), str)
            and isinstance(entry.get("tables"), list)
            and all(isinstance(t, str) for t in entry["tables"])
        }

    def log_for(self, docname: str) -> Path:
        return self.logs / (docname.replace("/", "__") + ".txt")

    def stamp(self, tables: list[str]) -> str:
        """Data, code and checkout: a cache shared by two checkouts never serves one's outputs to the other."""
        checkout = hashlib.sha256(self.srcdir.encode()).hexdigest()[:8]
        return bdata.fingerprint(names=tables) + _code_fingerprint() + checkout

    def save(self) -> None:
        write_atomic(self.path, json.dumps(self.entries, indent=1, sort_keys=True))

    def stale(self, docnames: list[str]) -> list[str]:
        """Chapters whose tables or code changed since they ran, or whose dependencies are unknown."""
        return [
            d
            for d in docnames
            if d not in self.entries or self.entries[d]["stamp"] != self.stamp(self.entries[d]["tables"])
        ]


def build_ledger(app: Sphinx) -> DepsLedger:
    """The build's one ledger, read from disk once and shared by every event handler."""
    if not hasattr(app, "briefing_ledger"):
        app.briefing_ledger = DepsLedger(app)
    return app.briefing_ledger


def _is_executable(app: Sphinx, docname: str) -> bool:
    path = Path(app.env.doc2path(docname))
    return path.suffix == ".md" and path.read_text(encoding="utf-8").lstrip().startswith("---\njupytext:")


def _drop_cache_records(app: Sphinx, docnames: list[str]) -> None:
    from jupyter_cache import get_cache

    cache = get_cache(str(build_ledger(app).cache_dir))
    # The cache matches notebooks by their code, wherever they were run: drop this checkout's records and
    # those another checkout sharing the cache made of the same chapters.
    paths = {str(Path(app.env.doc2path(d)).resolve()) for d in docnames}
    tails = {
        "/" + Path(app.env.doc2path(d)).resolve().relative_to(Path(app.srcdir).resolve()).as_posix() for d in docnames
    }
    for record in cache.list_cache_records():
        uri = Path(record.uri).resolve().as_posix()
        if uri in paths or any(uri.endswith(tail) for tail in tails):
            cache.remove_cache(record.pk)


def on_env_get_outdated(app, env, added, changed, removed):
    """Re-read (so myst-nb re-executes) every chapter whose data or code changed since its cached run."""
    ledger = build_ledger(app)
    # Every chapter, new to this environment or not: a fresh environment over a cache shared with another
    # checkout would otherwise take that checkout's outputs for chapters whose code matches.
    candidates = [d for d in env.found_docs if _is_executable(app, d)]
    stale = ledger.stale(candidates)
    if stale:
        logger.info(f"[briefing] data or code changed for: {', '.join(sorted(stale))}; re-executing")
        _drop_cache_records(app, stale)
    extra = set(stale)
    # The generated Sources page (book/sources) follows sources.csv and every chapter: always rebuilt.
    extra.update(d for d in env.found_docs if d.rsplit("/", 1)[-1] == "sources")
    return sorted(extra)


def on_source_read(app, docname, source):
    if _is_executable(app, docname):
        ledger = build_ledger(app)
        log = ledger.log_for(docname)
        log.parent.mkdir(parents=True, exist_ok=True)
        log.unlink(missing_ok=True)
        os.environ["BRIEFING_DEPS_LOG"] = str(log)  # the kernel started for this chapter inherits it


def on_doctree_read(app, doctree):
    docname = app.env.docname
    if not _is_executable(app, docname):
        return
    ledger = build_ledger(app)
    log = ledger.log_for(docname)
    if log.exists():  # the chapter really executed (not served from the cache): record what it read
        tables = sorted(set(log.read_text().split()))
        ledger.entries[docname] = {"tables": tables, "stamp": ledger.stamp(tables)}
        ledger.save()
    os.environ.pop("BRIEFING_DEPS_LOG", None)


# --- a contributor's mistakes, named before any chapter runs --------------------------------------------


class ChapterError(SphinxError):
    category = "Mistakes in the chapters (nothing was executed)"


def check_before_reading(app: Sphinx, env, docnames) -> None:
    """Every mistake in every chapter in one line each (file, line, what, "did you mean"), before any
    kernel starts: no notebook or Sphinx traceback for a mistyped name or reference."""
    from briefing.checks import check_chapters, is_chapter

    chapters = [Path(env.doc2path(d)) for d in sorted(env.found_docs)]
    mistakes = check_chapters([p for p in chapters if is_chapter(p)], Path(app.srcdir))
    # Only MyST chapters are checked, so only they may run: a notebook in another format would run unchecked.
    mistakes += [
        f"{p.relative_to(app.srcdir).as_posix()}:1: only MyST Markdown chapters (.md) belong in the book"
        for p in chapters
        if p.suffix != ".md"
    ]
    if mistakes:
        raise ChapterError("\n".join(map(str, mistakes)))
