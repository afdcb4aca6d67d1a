"""The book's command line: ``python -m briefing validate|check|build|serve|lab|notebooks``.

- ``validate [DATA_DIR]``: check the data package; one line per table, or every problem with its file,
  line and column (exit status 1).
- ``check [CHAPTER ...]``: check the chapters without running them: every glue name, data reference,
  figure caption and label, one line per mistake with its file and line (exit status 1).
- ``build [--out DIR]``: build the whole site with warnings as errors. The book is built beside the
  target and swapped into place in one step only when the build succeeded, so a failed or interrupted
  build never leaves a half-written site; one build of a site runs at a time (:mod:`briefing.site_build`).
- ``serve [--port N] [DIR]``: serve the built site on 127.0.0.1 for a local preview.
- ``lab [JUPYTERLAB ARGS]``: JupyterLab on 127.0.0.1 with the chapters opening as notebooks (jupytext).
- ``pdf [--site DIR] [--out FILE]``: the built site as one PDF, in the order of ``_toc.yml``.
- ``notebooks [--out DIR]``: write ``.ipynb`` copies of the chapters (jupytext) for those who want them.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import subprocess
import sys
from pathlib import Path

from briefing import data as bdata

ROOT = Path(__file__).resolve().parent.parent


def cmd_validate(args) -> int:
    base = Path(args.data_dir or bdata.data_dir())
    try:
        counts = bdata.validate(base)
    except bdata.DataError as err:
        print(f"{base}: INVALID", file=sys.stderr)
        for problem in err.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    for name, rows in counts.items():
        print(f"{name:<22} {rows:>5} rows  ok")
    print(f"{base}: valid ({sum(counts.values())} rows in {len(counts)} tables)")
    return 0


def cmd_check(args) -> int:
    """The chapters' mistakes, one line each (what the build reports before running any chapter)."""
    from briefing.checks import check_chapters
    from briefing.myst_source import book_chapters, is_chapter

    try:
        named = [Path(p).resolve() for p in args.chapters if is_chapter(Path(p))]
        paths = list(dict.fromkeys([*book_chapters(ROOT), *named]))  # the book too: names must be unique in it
        mistakes = check_chapters(paths, ROOT)
    except bdata.DataError as err:
        print(err, file=sys.stderr)
        return 1
    for mistake in mistakes:
        print(mistake, file=sys.stderr)
    summary = f"{len(paths)} chapters: " + (f"{len(mistakes)} mistake(s)" if mistakes else "ok")
    print(summary, file=sys.stderr if mistakes else sys.stdout)
    return 1 if mistakes else 0


def cmd_build(args) -> int:
    from briefing.site_build import build_site

    state = Path(args.cache).resolve() if args.cache else ROOT / "_build"
    return build_site(ROOT, Path(args.out).resolve(), state, pdf_edition=args.pdf_edition, jobs=args.jobs)


def cmd_serve(args) -> int:
    root = Path(args.dir).resolve()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    with http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
        print(f"Serving {root} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C to stop)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


#: JupyterLab setting that opens a chapter (.md) as a notebook through jupytext instead of as text.
LAB_OVERRIDES = {
    "@jupyterlab/docmanager-extension:plugin": {
        "defaultViewers": {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}
    },
    # no news fetched from jupyter.org: the chapters work with no internet
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


#: The chapter JupyterLab opens on, and what to do there (printed when it starts).
LANDING = "book/index.md"
LAB_NOTE = f"""JupyterLab opens on {LANDING}, the landing chapter, as a notebook. How to use a chapter:
  - Run > Run All Cells draws its charts; each chart has its own controls (drop-downs, sliders) above it.
  - The collapsed cells set the chapter up (click the dots to see them); the rest is the book's prose.
  - The data are one import away: import briefing as b; b.load("seizures").
  - Saving writes the chapter's .md file back without outputs, so git shows only your change.
  - Other chapters are in book/ (left sidebar); Ctrl+C here stops JupyterLab."""


def lab_settings() -> Path:
    """Write the overrides into this environment's JupyterLab settings (not into the user's home)."""
    target = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    current = json.loads(target.read_text()) if target.exists() else {}
    current.update(LAB_OVERRIDES)
    target.write_text(json.dumps(current, indent=2))
    return target


def cmd_lab(args, extra) -> int:
    lab_settings()
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--ip=127.0.0.1",
        f"--ServerApp.root_dir={ROOT}",
        f"--ServerApp.preferred_dir={ROOT / 'book'}",
        f"--LabApp.default_url=/lab/tree/{LANDING}",  # open on the landing chapter, not the Launcher
        "--ServerApp.contents_manager_class=briefing.lab.ChapterContentsManager",  # set-up cells collapsed
        # the book's own JupyterLab plugin (Run All keeps the reader's place), served from the package
        f"--LabApp.extra_labextensions_path={Path(__file__).parent / 'labextension'}",
        *extra,
    ]
    print(LAB_NOTE, file=sys.stderr, flush=True)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    os.execv(sys.executable, command)  # become JupyterLab: stopping this process stops the server


def cmd_pdf(args) -> int:
    from briefing.pdf import make_pdf

    site, out = Path(args.site).resolve(), Path(args.out).resolve()
    if not (site / "index.html").exists():
        print(f"{site} holds no built site: run `python -m briefing build` first", file=sys.stderr)
        return 1
    pages = make_pdf(site, out, ROOT, args.chromium)
    print(f"{out}: {pages} pages")
    return 0


def cmd_notebooks(args) -> int:
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    for chapter in sorted((ROOT / "book").glob("*.md")):
        head = chapter.read_text(encoding="utf-8").lstrip()
        if head.startswith("---\njupytext:"):
            target = out / (chapter.stem + ".ipynb")
            subprocess.run(
                [sys.executable, "-m", "jupytext", "--quiet", "--to", "ipynb", "-o", str(target), str(chapter)],
                check=True,
            )
            print(target)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m briefing", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="validate the data package")
    p.add_argument("data_dir", nargs="?", help="folder holding datapackage.json (default: data/)")
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("check", help="check the chapters: glue names, data references, figures, labels")
    p.add_argument("chapters", nargs="*", help="chapters not yet in _toc.yml to check with the book's")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("build", help="build the whole site, atomically")
    p.add_argument("--out", default=str(ROOT / "_build" / "html"), help="where the site goes (default: _build/html)")
    p.add_argument("--cache", help="folder for the execution cache and doctrees (default: _build)")
    p.add_argument(
        "--pdf-edition",
        action="store_true",
        help="link every page to the PDF edition (briefing-book.pdf), to be printed after this build",
    )
    p.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=1,
        help="chapters read (and run) at a time: the same site, sooner (default: 1)",
    )
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("serve", help="serve the built site on 127.0.0.1")
    p.add_argument("dir", nargs="?", default=str(ROOT / "_build" / "html"))
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("lab", help="open the chapters live in JupyterLab (chapters open as notebooks)")
    p.set_defaults(func=cmd_lab, passthrough=True)
    p = sub.add_parser("pdf", help="print the built site into one PDF (needs Playwright and Chromium)")
    p.add_argument("--site", default=str(ROOT / "_build" / "html"))
    p.add_argument("--out", default=str(ROOT / "_build" / "html" / "briefing-book.pdf"))
    p.add_argument("--chromium", default="/usr/bin/chromium", help="the Chromium (or Chrome) to print with")
    p.set_defaults(func=cmd_pdf)
    p = sub.add_parser("notebooks", help="write .ipynb copies of the chapters")
    p.add_argument("--out", default=str(ROOT / "notebooks"))
    p.set_defaults(func=cmd_notebooks)
    args, extra = parser.parse_known_args(argv)
    if getattr(args, "passthrough", False):
        return args.func(args, extra)  # the rest goes to JupyterLab (e.g. --port 8889)
    if extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
