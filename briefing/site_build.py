"""Build the site atomically (``python -m briefing build``): the book is built beside the target and
swapped into place in one step only when the build succeeded, so a failed or interrupted build never leaves
a half-written site; one build of a site runs at a time (a lock file beside it); a failing build ends by
repeating what to fix."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path


def exchange(a: Path, b: Path) -> None:
    """Swap two folders in one step (Linux ``renameat2(RENAME_EXCHANGE)``): a reader, or a crash, sees the
    old site or the new one, never none. Elsewhere, two renames in quick succession."""
    import ctypes
    import ctypes.util

    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None:
        at_fdcwd, rename_exchange = -100, 2
        if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
            return
    aside = a.with_name(a.name + ".old")
    a.rename(aside)
    b.rename(a)
    aside.rename(b)


@contextlib.contextmanager
def build_lock(out: Path):
    """One build of ``out`` at a time: a second waits for the first rather than interleave their swaps."""
    with open(out.with_name(f".{out.name}.lock"), "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"Another build of {out} is running; waiting for it to finish ...", flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def clean_leftovers(out: Path) -> None:
    """Remove what a build of ``out`` that was killed half-way left beside it (called under the lock)."""
    for leftover in [*out.parent.glob(f".building-{out.name}-*"), out.with_name(out.name + ".old")]:
        shutil.rmtree(leftover, ignore_errors=True)


class ErrorLog:
    """Sphinx's error stream, passed through and kept: a failing build ends by repeating its errors (with
    ``-W`` every warning is one), which are otherwise buried in the routine output."""

    def __init__(self, stream, root: Path):
        self.stream, self.text, self.root = stream, [], root

    def write(self, text: str) -> int:
        self.text.append(text)
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return False  # no colour codes in what is kept

    def errors(self, result) -> list[str]:
        """One line per error: each warning's first line, then the message of the error that stopped
        Sphinx (``build_sphinx`` returns it)."""
        text = re.sub(r"\x1b\[[0-9;]*m", "", "".join(self.text)).replace(f"{self.root}{os.sep}", "")
        found = [line for line in text.splitlines() if re.search(r"\b(WARNING|ERROR|CRITICAL):", line)]
        if isinstance(result, BaseException):
            found += [line for line in str(result).splitlines() if line.strip()]
        return list(dict.fromkeys(found))


def build_site(root: Path, out: Path, state: Path, pdf_edition: bool = False, jobs: int = 1) -> int:
    """Build the book in ``root`` into ``out`` (execution cache and doctrees in ``state``), with warnings as
    errors, reading ``jobs`` chapters at a time; 0 when the new site is in place, 1 (and ``out`` untouched) when the build failed."""
    from jupyter_book.sphinx import build_sphinx

    from briefing.sphinxext.pages import PDF_EDITION

    out.parent.mkdir(parents=True, exist_ok=True)
    with build_lock(out):
        clean_leftovers(out)
        work = Path(tempfile.mkdtemp(prefix=f".building-{out.name}-", dir=out.parent))
        print(f"Building the book into {out} ...", flush=True)
        if out.is_dir():  # start from the previous site: Sphinx then rewrites only the pages that changed
            shutil.copytree(out, work / "html", symlinks=True)
        log = ErrorLog(sys.stderr, root)
        sys.stderr = log
        try:
            # What `jupyter-book build -W -n --keep-going .` does, with the output in a folder of our choosing.
            result = build_sphinx(
                str(root),
                str(work / "html"),
                noconfig=True,
                path_config=str(root / "_config.yml"),
                doctreedir=str(state / ".doctrees"),
                warningiserror=True,
                keep_going=True,
                jobs=jobs,
                confoverrides={
                    "external_toc_path": (root / "_toc.yml").as_posix(),
                    "nitpicky": True,
                    "latex_individualpages": False,
                    "nb_execution_cache_path": str(state / ".jupyter_cache"),
                    # every page links the PDF edition, which the caller prints after this build
                    **({"briefing_pdf_edition": PDF_EDITION} if pdf_edition else {}),
                },
            )
            sys.stderr = log.stream
            if result != 0:
                errors = log.errors(result)
                print(f"\nThe build failed; {out} was left as it was. What to fix ({len(errors)}):", file=sys.stderr)
                for line in errors or [str(result)]:
                    print(f"  {line}", file=sys.stderr)
                return 1
            if out.exists():
                exchange(out, work / "html")
            else:
                (work / "html").rename(out)
            print(f"The site is in {out}: open {out / 'index.html'} or run `python -m briefing serve`.")
            return 0
        finally:
            sys.stderr = log.stream
            shutil.rmtree(work, ignore_errors=True)
