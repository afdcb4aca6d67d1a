"""The end of the build: what the site gets besides its pages, and the last check before it is published.

Contract: after Sphinx has written every page, this writes the Vega runtime, the theme's icons and exactly
the declared data files into the site, joins the pages' stylesheets into one and defers their scripts
(:mod:`briefing.sphinxext.head`), then checks every page and gives it its policy
(:mod:`briefing.sphinxext.security`). A chapter's script, or a download or image from outside ``book/`` and
``data/``, fails the build here, so ``python -m briefing build`` never swaps such a site in.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from briefing import data as bdata
from briefing.sphinxext.dependencies import DOWNLOADS, cache_dir, downloads, specs
from briefing.sphinxext.embeds import write_embeds
from briefing.sphinxext.figure_files import write_figure_files
from briefing.sphinxext.head import write_styles
from briefing.sphinxext.icons import write_icons
from briefing.sphinxext.pages import remove_stale_pages
from briefing.sphinxext.runtime import write_runtime
from briefing.sphinxext.security import UnsafeContent, csv_problem, harden_site

logger = logging.getLogger(__name__)


#: The folders a chapter may offer files or images from: the chapters and the data package, never the rest of
#: the checkout (``.git/config``, a virtual environment, the build's own cache).
PUBLISHABLE = ("book", "data")


def files_from_outside(app: Sphinx) -> list[str]:
    """Every ``{download}``, image or included file (``{literalinclude}``, ``{include}``) a chapter pulls from
    outside :data:`PUBLISHABLE`, and every chapter that is a link, as a sentence."""
    root = Path(app.srcdir).resolve()
    allowed = [root / folder for folder in PUBLISHABLE]
    wrong = []
    for kind, files in (("download", app.env.dlfiles), ("image", app.env.images)):
        for rel, (docnames, _) in files.items():
            path = root / rel
            inside = any(path.resolve().is_relative_to(folder) for folder in allowed)
            if not inside or any(p.is_symlink() for p in (path, *path.parents) if p.is_relative_to(root)):
                chapter = ", ".join(sorted(app.env.doc2path(d, False) for d in docnames))
                wrong.append(f"{chapter}: {kind} {rel!r} is outside {' and '.join(PUBLISHABLE)}/ (or a link)")
    for docname in sorted(app.env.found_docs):
        source = Path(app.env.doc2path(docname))
        chapter = app.env.doc2path(docname, False)
        if any(p.is_symlink() for p in (source, *source.parents) if p.is_relative_to(root)):
            wrong.append(f"{chapter}: the chapter is a link; chapters are regular files in book/")
        for dependency in sorted(app.env.dependencies.get(docname, ())):
            path = (root / dependency).resolve()
            if not any(path.is_relative_to(folder) for folder in allowed):
                wrong.append(f"{chapter}: includes {dependency!r}, outside {' and '.join(PUBLISHABLE)}/")
    return wrong


def write_downloads(outdir: Path, env) -> int:
    """Each figure's CSV as ``figures/<name>.csv`` and its live chart's files (its Vega spec as
    ``figures/<name>.vega.js``, :mod:`briefing.sphinxext.figure_files`), the folder made afresh (a figure removed from the book leaves no file
    behind); a CSV with a cell a spreadsheet would run as a formula fails the build."""
    import shutil

    folder = outdir / DOWNLOADS
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    written = 0
    for docname, figures in sorted(downloads(env).items()):
        for name, text in sorted(figures.items()):
            problem = csv_problem(text)
            if problem:
                raise ExtensionError(f"{env.doc2path(docname, False)}: figure {name!r}: {problem}")
            (folder / f"{name}.csv").write_text(text, encoding="utf-8")
            written += 1
    write_figure_files(folder, {name: vega for figures in specs(env).values() for name, vega in figures.items()})
    return written


#: The whole data package in one file, at the site's root (the Sources page links it).
PACKAGE_ZIP = "briefing-data.zip"


def write_package_zip(outdir: Path) -> None:
    """The published data package (descriptor, tables, boundaries) as one zip, for a reader who wants it all."""
    import zipfile

    folder = outdir / "data"
    with zipfile.ZipFile(outdir / PACKAGE_ZIP, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"data/{path.relative_to(folder).as_posix()}", date_time=(2000, 1, 1, 0, 0, 0))
            bundle.writestr(info, path.read_bytes(), zipfile.ZIP_DEFLATED)  # fixed dates: same data, same file


def on_build_finished(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    outside = files_from_outside(app)
    remove_stale_pages(app, outdir)
    write_runtime(outdir, cache_dir(app))
    icons = write_icons(outdir)
    chapters = {
        d: app.env.titles[d].astext() for d in app.env.found_docs if d.startswith("book/") and d in app.env.titles
    }
    embeds = write_embeds(outdir, chapters, app.config.html_title or app.config.project)
    logger.info(f"[briefing] {embeds} figures written as pages of their own, for embedding")
    files = bdata.publish(outdir / "data")  # the data behind every chart: exactly what the package declares
    files += write_downloads(outdir, app.env)  # and each chart's own rows, as its download
    write_package_zip(outdir)
    logger.info(f"[briefing] wrote the Vega runtime, {icons} icons and {files} data files into {outdir}")
    before, after = write_styles(outdir)  # after every page and sheet is written, before the policy check
    if before:
        logger.info(f"[briefing] the pages' stylesheets joined into one: {before // 1024} KB -> {after // 1024} KB")
    try:  # last, so that every page is checked and gets its policy, whatever was written before
        pages = harden_site(outdir, Path(app.srcdir))
    except UnsafeContent as err:
        raise ExtensionError("\n".join([str(err), *outside])) from None
    if outside:
        raise ExtensionError("chapters publish files from outside book/ and data/:\n" + "\n".join(outside))
    logger.info(f"[briefing] Content-Security-Policy set on {pages} pages")
