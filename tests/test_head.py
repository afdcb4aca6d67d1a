"""The one stylesheet and the deferred scripts (briefing.sphinxext.head), on a small made-up site."""

from __future__ import annotations

from pathlib import Path

from briefing.sphinxext import head

PAGE = """<html><head>
    <link rel="stylesheet" type="text/css" href="../_static/styles/theme.css?digest=1" />
    <link rel="stylesheet" type="text/css" href="../_static/extra.css?v=2" />
    <link media="print" rel="stylesheet" type="text/css" href="../_static/print.css" />
    <link rel="preload" as="script" href="../_static/scripts/bootstrap.js?digest=1" />
    <script src="../_static/documentation_options.js?v=1"></script>
    <script src="../_static/doctools.js?v=1"></script>
    <script src="../_static/copybutton.js?v=1"></script>
    <script>DOCUMENTATION_OPTIONS.pagename = 'book/x';</script>
</head><body><div class="used-here">text</div></body></html>
"""


def site(tmp_path: Path) -> Path:
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "x.html").write_text(PAGE)
    styles = tmp_path / "_static" / "styles"
    styles.mkdir(parents=True)
    (styles / "theme.css").write_text('@import "../basic.css";\n')
    (tmp_path / "_static" / "basic.css").write_text("div.used-here { background: url(file.png) }\n")
    (tmp_path / "_static" / "extra.css").write_text(
        "/*! licence kept */\n/* a comment dropped */\n"
        ".used-here, .nowhere { color :  red ; }\n.nowhere > p { color: blue }\n"
        "@media (max-width: 600px) { .nowhere { margin: 0 } .used-here:hover { margin: 0 auto } }\n"
        "html[data-theme=dark] .used-here::before { content: 'x' }\n"
    )
    (tmp_path / "_static" / "print.css").write_text(".nowhere { color: black }\n")
    return tmp_path


def test_pages_link_one_trimmed_sheet_and_block_on_no_script(tmp_path):
    root = site(tmp_path)
    before, after = head.write_styles(root)
    css = (root / "_static" / head.STYLESHEET).read_text()
    assert 0 < after < before
    assert "/*! licence kept */" in css and "a comment dropped" not in css
    assert ".used-here{color:red}" in css and "nowhere" not in css  # unused selectors and rules gone
    assert "@media (max-width: 600px){.used-here:hover{margin:0 auto}}" in css  # groups keep what is used
    assert 'html[data-theme=dark] .used-here::before{content:"x"}' in css  # dark mode kept
    assert 'div.used-here{background:url("../file.png")}' in css  # basic.css imported in place, url moved
    page = (root / "book" / "x.html").read_text()
    assert page.count('rel="stylesheet"') == 2 and f"../_static/{head.STYLESHEET}?v=" in page
    assert 'media="print"' in page  # the print sheet stays apart: it blocks nothing
    assert 'rel="preload" as="script"' not in page
    assert '<script src="../_static/documentation_options.js?v=1"></script>' in page  # the inline line needs it
    assert '<script defer="defer" src="../_static/doctools.js?v=1"></script>' in page
    assert "copybutton.js" not in page  # no code block on the page


def test_a_second_run_keeps_the_one_sheet(tmp_path):
    root = site(tmp_path)
    head.write_styles(root)
    first = (root / "book" / "x.html").read_text()
    head.write_styles(root)  # an incremental build that rewrote no page
    assert (root / "book" / "x.html").read_text() == first
