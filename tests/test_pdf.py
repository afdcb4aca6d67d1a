"""The book as one PDF, for readers who pass a briefing on as a file: every page in the order of the table
of contents, printed with the site's print stylesheet."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, toc_pages


def test_the_pdf_edition_holds_every_page_in_order(site, tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "book.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "pdf", "--site", str(site), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    reader = PdfReader(str(out))
    assert len(reader.pages) >= len(toc_pages())
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    for title in ("Afghanistan: the source", "Iran: the transit state", "Sources"):
        assert title in text, title
    assert text.index("Afghanistan: the source") < text.index("Iran: the transit state")
    assert "Download PNG" not in text  # controls are screen-only
