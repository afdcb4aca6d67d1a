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
    cover, contents = (reader.pages[i].extract_text() for i in (0, 1))
    assert "The drug corridor" in cover and "printed on" in cover  # a cover with the date it was printed
    assert "Contents" in contents and "Afghanistan: the source" in contents
    # the contents give each chapter's first page, and that page holds its title
    first = int(contents.split("Afghanistan: the source")[1].split()[0])
    assert "Afghanistan: the source" in reader.pages[first - 1].extract_text()


def test_pages_link_the_pdf_edition_only_where_it_is_published(site, tmp_path):
    """No dead link: a build with no PDF beside it links none; the Pages workflow (which prints the PDF after
    its build) or a PDF already in the site makes every page link it."""
    from types import SimpleNamespace

    from briefing.sphinxext.pages import PDF_EDITION, pdf_edition

    assert not [p for p in toc_pages() if PDF_EDITION in (site / p).read_text(encoding="utf-8")]
    app, config = SimpleNamespace(outdir=str(tmp_path)), SimpleNamespace(briefing_pdf_edition="")
    pdf_edition(app, config)
    assert config.briefing_pdf_edition == ""
    (tmp_path / PDF_EDITION).write_bytes(b"%PDF-1.7")
    pdf_edition(app, config)
    assert config.briefing_pdf_edition == PDF_EDITION
    (tmp_path / PDF_EDITION).unlink()
    config.briefing_pdf_edition = PDF_EDITION  # `python -m briefing build --pdf-edition`: printed after the build
    pdf_edition(app, config)
    assert config.briefing_pdf_edition == PDF_EDITION
