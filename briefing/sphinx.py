"""What the static site needs, done by the build itself (listed in ``_config.yml``).

- Validate the data package before anything is read or written: a bad cell stops the build with its file,
  line and column.
- Serve one Vega runtime from the site's own ``_static/`` (written from vl-convert-python at the end of the
  build, never committed), plus the small loader that draws every chart on a page from its inert JSON spec.
- Keep the execution cache honest: myst-nb's cache keys on code only, so each chapter's outputs are tied to
  the data tables it read and to the code of this package; when either changes, the chapter re-executes.
- Offer each executed chapter as a notebook download; date each page by its last commit (page and data).
- Generate the Sources page from ``data/sources.csv`` with the tables and chapters that use each source.
- Switch off sphinx-thebe, which loads from a CDN and fails offline.
- Put every page under a strict Content-Security-Policy (:mod:`briefing.security`).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import shutil
import subprocess
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError, SphinxError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from briefing import data as bdata
from briefing.display import BUILD_ENV
from briefing.security import harden_site

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
RUNTIME = "briefing/vega-runtime.js"
PACKAGE_DIR = Path(__file__).parent


# --- the shared Vega runtime -----------------------------------------------------------------------------


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


def write_runtime(outdir: Path, cache_dir: Path) -> Path:
    """Write the runtime into the site. Making it takes vl-convert about five seconds, so it is kept beside
    the execution cache, keyed by the vl-convert version, for the next build."""
    version = importlib.metadata.version("vl-convert-python")
    cached = cache_dir / f"vega-runtime-{version}.js"
    if not cached.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        cached.write_text(runtime_source(), encoding="utf-8")
    target = outdir / "_static" / RUNTIME
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, target)
    return target


# --- which chapter read which table ----------------------------------------------------------------------


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
        self.entries: dict[str, dict] = json.loads(self.path.read_text()) if self.path.exists() else {}

    def log_for(self, docname: str) -> Path:
        return self.logs / (docname.replace("/", "__") + ".txt")

    def stamp(self, tables: list[str]) -> str:
        return bdata.fingerprint(names=tables) + _code_fingerprint()

    def save(self) -> None:
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.entries, indent=1, sort_keys=True))

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
    paths = {str(Path(app.env.doc2path(d)).resolve()) for d in docnames}
    for record in cache.list_cache_records():
        if str(Path(record.uri).resolve()) in paths:
            cache.remove_cache(record.pk)


def on_env_get_outdated(app, env, added, changed, removed):
    """Re-read (so myst-nb re-executes) every chapter whose data or code changed since its cached run."""
    ledger = build_ledger(app)
    candidates = [d for d in env.found_docs if d not in added and _is_executable(app, d)]
    stale = ledger.stale(candidates)
    if stale:
        logger.info(f"[briefing] data or code changed for: {', '.join(sorted(stale))}; re-executing")
        _drop_cache_records(app, stale)
    extra = set(stale)
    if "sources" in env.found_docs:  # the generated Sources page follows sources.csv and every chapter
        extra.add("sources")
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


# --- the Sources page ------------------------------------------------------------------------------------


class sources_placeholder(nodes.General, nodes.Element):
    """Replaced by the list of sources once every chapter has been read."""


class SourcesDirective(SphinxDirective):
    has_content = False

    def run(self):
        return [sources_placeholder()]


def _sources_nodes(app: Sphinx, fromdocname: str) -> list[nodes.Node]:
    _, tables = bdata.read_package()
    ledger = build_ledger(app)
    sources = tables["sources"].rows
    used_in_tables: dict[str, list[str]] = {}
    for name, table in tables.items():
        if name != "sources" and "source_id" in table.fields:
            for sid in {row["source_id"] for row in table.rows}:
                used_in_tables.setdefault(sid, []).append(name)
    chapters_by_table: dict[str, list[str]] = {}
    for docname, entry in sorted(ledger.entries.items()):
        for table in entry["tables"]:
            chapters_by_table.setdefault(table, []).append(docname)
    items = nodes.bullet_list(classes=["briefing-sources"])
    for row in sorted(sources, key=lambda r: (r["publisher"].lower(), r["published"])):
        sid = row["source_id"]
        para = nodes.paragraph(ids=[f"source-{sid}"])
        para += nodes.strong(text=row["publisher"])
        para += nodes.Text(", ")
        para += nodes.reference(text=row["title"], refuri=row["url"])
        para += nodes.Text(f" (published {row['published']}; read {row['accessed']}). ")
        para += nodes.emphasis(
            text=f"Kind: {row['kind']}" + (" (official claims)" if row["kind"] == "government" else "")
        )
        para += nodes.Text(f". Terms: {row['terms']}. Identifier: ")
        para += nodes.literal(text=sid)
        used = sorted(used_in_tables.get(sid, []))
        para += nodes.Text(". Data: " + (", ".join(f"{t}.csv" for t in used) if used else "none") + ". Chapters: ")
        chapters = sorted({d for t in used for d in chapters_by_table.get(t, [])})
        for i, docname in enumerate(chapters):
            if i:
                para += nodes.Text(", ")
            title = app.env.titles[docname].astext() if docname in app.env.titles else docname
            para += nodes.reference(text=title, refuri=app.builder.get_relative_uri(fromdocname, docname))
        if not chapters:
            para += nodes.Text("none yet")
        para += nodes.Text(".")
        items += nodes.list_item("", para)
    return [items]


def on_doctree_resolved(app, doctree, docname):
    for node in doctree.findall(sources_placeholder):
        node.replace_self(_sources_nodes(app, docname))


# --- a contributor's mistakes, named before any chapter runs --------------------------------------------


class ChapterError(SphinxError):
    category = "Mistakes in the chapters (nothing was executed)"


def check_before_reading(app: Sphinx, env, docnames) -> None:
    """Every mistake in every chapter in one line each (file, line, what, "did you mean"), before any
    kernel starts: no notebook or Sphinx traceback for a mistyped name or reference."""
    from briefing.checks import check_chapters, is_chapter

    chapters = [Path(env.doc2path(d)) for d in sorted(env.found_docs)]
    mistakes = check_chapters([p for p in chapters if is_chapter(p)], Path(app.srcdir))
    if mistakes:
        raise ChapterError("\n".join(map(str, mistakes)))


# --- pages, static files and the end of the build --------------------------------------------------------


def notebooks_from_cache(app: Sphinx, env) -> None:
    """Make sure every chapter has its executed notebook in ``jupyter_execute/`` (myst-nb writes it only for
    chapters read in this build); the theme offers it for download (.ipynb) and launch buttons use it."""
    import nbformat
    from jupyter_cache import get_cache

    folder = Path(app.outdir).parent / "jupyter_execute"
    cache = get_cache(str(build_ledger(app).cache_dir))
    records = {str(Path(r.uri).resolve()): r.pk for r in cache.list_cache_records()}
    for docname in sorted(env.found_docs):
        target = folder / f"{docname}.ipynb"
        source = str(Path(env.doc2path(docname)).resolve())
        if _is_executable(app, docname) and not target.exists() and source in records:
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(cache.get_cache_bundle(records[source]).nb, str(target))


def _git_date(paths: list[Path]) -> str | None:
    """The date of the last commit that touched any of ``paths`` (None outside a git checkout)."""
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%cs", "--", *map(str, paths)],
            cwd=paths[0].parent,
            capture_output=True,
            text=True,
            check=True,
            timeout=20,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return out or None


def on_page_context(app, pagename, templatename, context, doctree):
    """ "Last updated" is the last commit to the page or to the data tables it reads, not the build date:
    two builds of one commit give the same page."""
    if doctree is None:
        return
    paths = [Path(app.env.doc2path(pagename))]
    entry = build_ledger(app).entries.get(pagename)
    if entry:
        paths += [bdata.data_dir() / bdata.describe(t)["path"] for t in entry["tables"]]
    context["last_updated"] = _git_date(paths)


def theme_options(config) -> None:
    """Repository, edit and issue buttons, and the Binder and JupyterHub buttons, when the environment says
    where the repository (and a hub) lives; the GitHub workflows set BRIEFING_REPOSITORY_URL."""
    options = config.html_theme_options
    launch = options.setdefault("launch_buttons", {})
    if os.environ.get("BRIEFING_JUPYTERHUB_URL"):
        launch["jupyterhub_url"] = os.environ["BRIEFING_JUPYTERHUB_URL"]
    if os.environ.get("BRIEFING_REPOSITORY_URL"):
        options.update(
            repository_url=os.environ["BRIEFING_REPOSITORY_URL"],
            path_to_docs="",
            repository_branch=os.environ.get("BRIEFING_REPOSITORY_BRANCH", "main"),
            use_edit_page_button=True,
            use_repository_button=True,
            use_issues_button=True,
        )


def on_config_inited(app: Sphinx, config) -> None:
    os.environ[BUILD_ENV] = "1"  # every chapter kernel renders figures as static HTML
    # Chapter kernels start in book/: make them import this checkout's package and read this data.
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(app.srcdir)), os.environ.get("PYTHONPATH")]))
    os.environ["BRIEFING_DATA_DIR"] = str(bdata.data_dir())
    try:
        counts = bdata.validate()
    except bdata.DataError as err:
        raise ExtensionError(f"the data package is invalid, nothing was built.\n{err}") from None
    logger.info(f"[briefing] data package valid: {sum(counts.values())} rows in {len(counts)} tables")
    config.html_static_path.append(str(STATIC))
    config.templates_path.insert(0, str(PACKAGE_DIR / "html_templates"))  # before the theme's components
    theme_options(config)


def drop_thebe(app: Sphinx) -> None:
    """sphinx-thebe (always loaded by Jupyter Book 1) injects inline scripts, a loader added twice under
    Sphinx 7.4 (a console error on every page) and thebe from a CDN; the site has no live kernel, so its
    event handlers are disconnected before any of them runs."""
    for listeners in app.events.listeners.values():
        for listener in list(listeners):
            if getattr(listener.handler, "__module__", "").startswith("sphinx_thebe"):
                app.disconnect(listener.id)
    app.registry.css_files = [(name, attrs) for name, attrs in app.registry.css_files if "thebe" not in name]
    app.registry.js_files = [(name, attrs) for name, attrs in app.registry.js_files if "thebe" not in str(name)]


def remove_stale_pages(app: Sphinx, outdir: Path) -> None:
    """The build starts from the previous site (``python -m briefing build``): drop the pages, and their
    downloadable sources, of documents that are no longer in the book."""
    keep = set(app.env.all_docs) | {"genindex", "search", "index"}
    for page in outdir.rglob("*.html"):
        rel = page.relative_to(outdir)
        if rel.parts[0] not in ("_static", "_sources", "data") and rel.with_suffix("").as_posix() not in keep:
            page.unlink()
    for source in (outdir / "_sources").rglob("*.*") if (outdir / "_sources").is_dir() else []:
        doc = source.relative_to(outdir / "_sources").as_posix().split(".")[0]
        if doc not in app.env.all_docs:
            source.unlink()


def on_build_finished(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    remove_stale_pages(app, outdir)
    write_runtime(outdir, build_ledger(app).cache_dir)
    pages = harden_site(outdir)
    logger.info(f"[briefing] Content-Security-Policy set on {pages} pages")
    target = outdir / "data"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(bdata.data_dir(), target)  # the data behind every chart, downloadable from the site
    logger.info(f"[briefing] wrote the Vega runtime and the data package into {outdir}")


def setup(app: Sphinx) -> dict:
    drop_thebe(app)
    app.connect("config-inited", on_config_inited)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("env-before-read-docs", check_before_reading)
    app.connect("source-read", on_source_read)
    app.connect("doctree-read", on_doctree_read)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("env-updated", notebooks_from_cache)
    app.connect("html-page-context", on_page_context, priority=900)
    app.connect("build-finished", on_build_finished, priority=900)  # after sphinx-external-toc writes index.html
    app.add_node(sources_placeholder)
    app.add_directive("briefing-sources", SourcesDirective)
    app.add_js_file(RUNTIME, loading_method="defer")
    app.add_js_file("briefing/charts.js", loading_method="defer")
    app.add_js_file("briefing/page.js", loading_method="defer")
    app.add_css_file("briefing/briefing.css")
    return {"version": "1.0", "parallel_read_safe": False, "parallel_write_safe": True}
