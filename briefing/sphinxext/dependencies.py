"""Which chapter used which tables and sources: the execution cache that follows the data.

Contract: myst-nb's cache keys on a notebook's code only. Each chapter's kernel ends by displaying its
record (``b.chapter_sources()``: the tables it read and the sources it used), which the book's MIME
renderer (:mod:`briefing.sphinxext.outputs`) stores here, per document, in the build environment with a
stamp of those tables, this package's code and the checkout, and notes each table file as a dependency of
the page. On the next build a chapter whose stamp changed, or whose record is missing, has its cache record
dropped, so myst-nb runs it again. The records travel with the environment (Sphinx pickles it and merges
the records of parallel readers); nothing else is written.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.errors import SphinxError
from sphinx.util import logging

from briefing import data as bdata

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


def stamp(tables: list[str], srcdir: str, base: Path | None = None) -> str:
    """Data, code and checkout: a cache shared by two checkouts never serves one's outputs to the other."""
    checkout = hashlib.sha256(str(Path(srcdir).resolve()).encode()).hexdigest()[:8]
    return bdata.fingerprint(base, names=tables) + _code_fingerprint() + checkout


def cache_dir(app: Sphinx) -> Path:
    return Path(app.config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache")


def records(env) -> dict[str, dict]:
    """{docname: {"tables", "sources", "stamp"}} for every chapter read, in this build or an earlier one."""
    if not hasattr(env, "briefing_records"):
        env.briefing_records = {}
    return env.briefing_records


def record_chapter(env, record: dict) -> None:
    """Store what the chapter being read reports it used, and make each table file a dependency of it."""
    tables = sorted({str(t) for t in record.get("tables", [])})
    sources = sorted({str(s) for s in record.get("sources", [])})
    records(env)[env.docname] = {"tables": tables, "sources": sources, "stamp": stamp(tables, env.srcdir)}
    for path in bdata.paths_of(tables):
        env.note_dependency(str(bdata.data_dir() / path))


#: Where the site publishes each figure's CSV (one folder, as figure names are unique across the book).
DOWNLOADS = "figures"
#: Each figure's Vega spec is a script beside its CSV, not JSON: charts.js loads it with a <script> element,
#: which works from file:// as well as served (a fetch() of a file:// address fails in Chromium).
SPEC_SUFFIX = ".vega.js"


def downloads(env) -> dict[str, dict[str, str]]:
    """{docname: {figure name: CSV text}}: each figure's data, published by the end of the build."""
    if not hasattr(env, "briefing_downloads"):
        env.briefing_downloads = {}
    return env.briefing_downloads


#: A figure's name becomes a file name in figures/: lowercase words joined by hyphens, nothing else.
FIGURE_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _file_name(env, name) -> str:
    """``name`` if it can name a file in figures/ and nothing outside it; else the build stops, naming it."""
    if not (isinstance(name, str) and len(name) <= 80 and FIGURE_NAME.fullmatch(name)):
        raise SphinxError(
            f"{env.doc2path(env.docname, False)}: a figure named {str(name)[:80]!r}: a figure's name is lowercase "
            "letters and digits joined by hyphens (it names the figure's files in figures/)"
        )
    return name


def record_download(env, name: str, csv: str) -> str:
    """Keep a figure's CSV for the site; the link to it from the page being read."""
    name = _file_name(env, name)
    downloads(env).setdefault(env.docname, {})[name] = csv
    return "../" * env.docname.count("/") + f"{DOWNLOADS}/{name}.csv"


def specs(env) -> dict[str, dict[str, dict]]:
    """{docname: {figure name: Vega spec}}: what each figure's live chart draws, published by
    the end of the build beside its CSV (``figures/<name>.vega.js``) and read by the link previews."""
    if not hasattr(env, "briefing_specs"):
        env.briefing_specs = {}
    return env.briefing_specs


def record_spec(env, name: str, vega: dict) -> str:
    """Keep a figure's Vega spec for the site; the address of its file from the page being read."""
    name = _file_name(env, name)
    specs(env).setdefault(env.docname, {})[name] = vega
    return "../" * env.docname.count("/") + f"{DOWNLOADS}/{name}{SPEC_SUFFIX}"


def stale(env, docnames: list[str]) -> list[str]:
    """Chapters whose tables or code changed since they ran, or whose record is unknown."""
    known = records(env)
    return [d for d in docnames if d not in known or known[d]["stamp"] != stamp(known[d]["tables"], env.srcdir)]


class ChapterRecords(EnvironmentCollector):
    """Keeps the chapters' records in the environment: dropped with their document, merged after a
    parallel read."""

    def clear_doc(self, app, env, docname) -> None:
        for kept in (records, downloads, specs):
            kept(env).pop(docname, None)

    def merge_other(self, app, env, docnames, other) -> None:
        for docname in docnames:
            for kept in (records, downloads, specs):
                if docname in kept(other):
                    kept(env)[docname] = kept(other)[docname]

    def process_doc(self, app, doctree) -> None:
        pass  # recorded while the chapter's outputs are rendered (briefing.sphinxext.outputs)


def _is_executable(app: Sphinx, docname: str) -> bool:
    path = Path(app.env.doc2path(docname))
    return path.suffix == ".md" and path.read_text(encoding="utf-8").lstrip().startswith("---\njupytext:")


def _drop_cache_records(app: Sphinx, docnames: list[str]) -> None:
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_dir(app)))
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
    # Every chapter, new to this environment or not: a fresh environment over a cache shared with another
    # checkout would otherwise take that checkout's outputs for chapters whose code matches.
    candidates = [d for d in env.found_docs if _is_executable(app, d)]
    outdated = stale(env, candidates)
    if outdated:
        logger.info(f"[briefing] data or code changed for: {', '.join(sorted(outdated))}; re-executing")
        _drop_cache_records(app, outdated)
    extra = set(outdated)
    # The generated Sources page (book/sources) follows sources.csv and every chapter: always rebuilt.
    extra.update(d for d in env.found_docs if d.rsplit("/", 1)[-1] == "sources")
    return sorted(extra)


# --- a contributor's mistakes, named before any chapter runs --------------------------------------------


class ChapterError(SphinxError):
    category = "Mistakes in the chapters (nothing was executed)"


def check_before_reading(app: Sphinx, env, docnames) -> None:
    """Every mistake in every chapter in one line each (file, line, what, "did you mean"), before any
    kernel starts: no notebook or Sphinx traceback for a mistyped name or reference. (The data package
    was validated as a whole when the build started, in :mod:`briefing.sphinxext.config`; each chapter's
    kernel then checks only the tables it loads.)"""
    from briefing.checks import check_chapters
    from briefing.myst_source import is_chapter

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
