"""Pages: their dates, notebook downloads, theme buttons, the site's address and link previews.

Contract: each chapter page offers its executed notebook; "last updated" is the last commit to the page or
to the data it reads (never the build date); the repository and launch buttons and the canonical address
come from the workflow's ``BRIEFING_REPOSITORY_URL`` and ``BRIEFING_SITE_URL``; with an address, each page's
first figure is its link-preview image; pages of documents no longer in the book are dropped.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from sphinx.application import Sphinx

from briefing import data as bdata
from briefing.sphinxext.citation import cite_page
from briefing.sphinxext.dependencies import _is_executable, cache_dir, records, specs
from briefing.sphinxext.previews import add_preview


def notebooks_from_cache(app: Sphinx, env) -> None:
    """Make sure every chapter has its executed notebook in ``jupyter_execute/`` (myst-nb writes it only for
    chapters read in this build); the theme offers it for download (.ipynb) and launch buttons use it."""
    import nbformat
    from jupyter_cache import get_cache

    folder = Path(app.outdir).parent / "jupyter_execute"
    cache = get_cache(str(cache_dir(app)))
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
    context["last_updated"] = page_date(app, pagename, context)


def page_date(app: Sphinx, pagename: str, context: dict) -> str | None:
    """The page's date from git, asked once per page (the citation and "last updated" both show it)."""
    if "briefing_page_date" not in context:
        context["briefing_page_date"] = _git_date(_page_paths(app, pagename))
    return context["briefing_page_date"]


def _page_paths(app: Sphinx, pagename: str) -> list[Path]:
    """The page's source and the data files it reads."""
    paths = [Path(app.env.doc2path(pagename))]
    entry = records(app.env).get(pagename)
    return paths + ([bdata.data_dir() / p for p in bdata.paths_of(entry["tables"])] if entry else [])


def on_page_citation(app, pagename, templatename, context, doctree):
    """How to cite a chapter, for the theme's article footer (before the theme drops empty footer items)."""
    if doctree is None or not pagename.startswith("book/") or not context.get("title"):
        return
    base = app.config.html_baseurl or ""
    url = base.rstrip("/") + "/" + pagename + ".html" if base else f"{pagename}.html"
    title = re.sub(r"<[^>]+>", "", context["title"])
    context["briefing_cite"] = cite_page(Path(app.srcdir), pagename, title, page_date(app, pagename, context), url)


#: The PDF edition's name in the site (``python -m briefing pdf`` writes it there; the Pages workflow runs it).
PDF_EDITION = "briefing-book.pdf"


def pdf_edition(app: Sphinx, config) -> None:
    """Whether pages link to the PDF edition: where it is published, that is where the build was told so
    (``python -m briefing build --pdf-edition``: the Pages workflow prints the PDF after the build) or an
    earlier ``python -m briefing pdf`` left it in the site. A config value, so that a change rewrites every
    page (a local build without a PDF shows no dead link; one with it links it from every page)."""
    if not config.briefing_pdf_edition and (Path(app.outdir) / PDF_EDITION).is_file():
        config.briefing_pdf_edition = PDF_EDITION


def on_page_pdf(app, pagename, templatename, context, doctree):
    """The link to the PDF edition in every page's footer, where it is published (see :func:`pdf_edition`)."""
    if doctree is not None and app.config.briefing_pdf_edition:
        context["briefing_pdf"] = context["pathto"](app.config.briefing_pdf_edition, 1)


def on_page_preview(app, pagename, templatename, context, doctree):
    """Before sphinxext-opengraph writes its tags: the page's first figure as its link preview image."""
    if doctree is not None and context.get("body"):
        meta = context.get("meta")
        if meta is None:
            meta = context["meta"] = {}
        add_preview(
            context["body"],
            pagename,
            meta,
            app.config.html_baseurl or "",
            Path(app.outdir),
            cache_dir(app),
            specs(app.env).get(pagename, {}),
        )


def theme_options(config) -> None:
    """Repository, edit and issue buttons, and the Binder and JupyterHub buttons, when the environment says
    where the repository (and a hub) lives; the GitHub workflows set BRIEFING_REPOSITORY_URL."""
    options = config.html_theme_options
    options["article_footer_items"] = [
        *options.get("article_footer_items", []),
        "cite-this-page.html",
        "pdf-edition.html",
    ]
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
    else:  # with no repository, the theme's Binder button would open Jupyter Book's own repository
        launch.pop("binderhub_url", None)


def site_address(config) -> None:
    """Canonical URLs, the sitemap and link previews need the site's public address: the Pages workflow
    gives it as BRIEFING_SITE_URL. A local build has none, so it writes no sitemap (and says nothing)."""
    url = os.environ.get("BRIEFING_SITE_URL", "").strip()
    if url:
        config.html_baseurl = config.ogp_site_url = url.rstrip("/") + "/"
    else:
        config.suppress_warnings = [*config.suppress_warnings, "sitemap.configuration"]


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
