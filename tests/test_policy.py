"""The site's Content-Security-Policy stops every script a chapter could smuggle in: only the theme's known
snippets run; any other inline script, event handler or ``javascript:`` URL fails the build naming the
chapter and line; a policy-looking tag in a chapter cannot replace the build's policy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import build, checkout

from briefing.sphinxext.security import THEME_SCRIPTS, UnsafeContent, harden_site

THEME = (
    '<script data-cfasync="false">\n    document.documentElement.dataset.mode = localStorage.getItem("mode") || "auto";\n'
    '    document.documentElement.dataset.theme = localStorage.getItem("theme") || "auto";\n  </script>'
)
PAGE = """<!DOCTYPE html>
<html><head><title>t</title>
{theme}
<script>DOCUMENTATION_OPTIONS.pagename = '{name}';</script>
<script src="../_static/x.js"></script>
</head><body>
<button onclick="toggleFullScreen()">full</button>
<script type="application/json" class="briefing-spec">{{"mark": "bar"}}</script>
{body}
</body></html>
"""


def site_with(tmp_path: Path, body: str, name: str = "book/iran") -> Path:
    out = tmp_path / "html"
    (out / name).parent.mkdir(parents=True)
    (out / f"{name}.html").write_text(PAGE.format(theme=THEME, name=name, body=body), encoding="utf-8")
    return out


def test_a_page_with_only_the_theme_snippets_gets_a_policy_listing_exactly_them(tmp_path):
    out = site_with(tmp_path, "<p>text</p>")
    assert harden_site(out) == 1
    html = (out / "book/iran.html").read_text()
    (policy,) = re.findall(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    hashes = set(re.findall(r"'sha256-[^']+'", policy))
    assert len(hashes) == 2 and "'sha256-P1Gd/Wqjqq8uduID7MOciZi3jIWvAuyCldpRMjsiEjw='" in hashes
    assert 'data-onclick="toggleFullScreen"' in html and "onclick=" not in html.replace("data-onclick", "")
    assert html.index("Content-Security-Policy") < html.index("<title>")  # first in <head>


HOSTILE = {
    "inline script": "<script>alert(1)</script>",
    "module script": '<script type="module">alert(1)</script>',
    "script in svg": "<svg><script>alert(1)</script></svg>",
    "unquoted handler": "<img src=x onerror=alert(1)>",
    "quoted handler": '<div onmouseover="alert(1)">x</div>',
    "handler in svg": '<svg onload="alert(1)"></svg>',
    "javascript link": '<a href=" javascript:alert(1)">x</a>',
    "encoded javascript link": '<a href="jav&#x09;ascript&colon;alert(1)">x</a>',
    "javascript in a form": '<form action="javascript:alert(1)"></form>',
    "meta refresh to javascript": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "another page's name": "<script>DOCUMENTATION_OPTIONS.pagename = 'book/other';</script>",
    "theme handler with a twist": '<button onclick="toggleFullScreen();alert(1)">x</button>',
    "script file offered as a download": '<script src="../_downloads/0a1b/evil.js"></script>',
    "script file from the data folder": '<script src="../data/sources.csv"></script>',
    "script file from another host": '<script src="//evil.example/x.js"></script>',
    "redirect to another site": '<meta http-equiv="refresh" content="0; url=https://evil.example/">',
    "redirect without url=": '<meta http-equiv="refresh" content="0;//evil.example/">',
    # markup that Python's own HTML parser reads differently from a browser (found by the red-team pass)
    "empty comment": "<!--><script>alert(1)</script>-->",
    "comment ended with --!>": "<!-- x --!><script>alert(1)</script>",
    "script end tag with an attribute": '<script type="application/json">{}</script x><script>alert(1)</script>',
    "CDATA in svg": "<svg><![CDATA[ > ]]><script>alert(1)</script></svg>",
    "frame": '<iframe src="../_downloads/0a1b/a.svg"></iframe>',
    "plug-in": '<object data="../_downloads/0a1b/a.svg"></object>',
    "redirect to a backslash host": '<meta http-equiv="refresh" content="0;url=\\\\evil.example">',
    "redirect with a tab": '<meta http-equiv="refresh" content="0;url=/&#9;/evil.example">',
    "another function bound as a theme handler": '<button data-onclick="document.write">x</button>',
    "a CSV download with a formula": '<a download="x.csv" href="data:text/csv,%3DHYPERLINK(1)">x</a>',
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_any_other_script_fails_naming_the_page_and_line(tmp_path, case):
    out = site_with(tmp_path, "\n\n" + HOSTILE[case])
    before = (out / "book/iran.html").read_text()
    with pytest.raises(UnsafeContent) as caught:
        harden_site(out)
    (finding,) = caught.value.findings
    assert finding.startswith("book/iran.html:14: "), finding
    assert (out / "book/iran.html").read_text() == before  # nothing rewritten
    assert not (out / "_headers").exists()


def test_an_svg_with_script_anywhere_in_the_site_fails(tmp_path):
    out = site_with(tmp_path, "<p>x</p>")
    (out / "_downloads" / "0a1b").mkdir(parents=True)
    (out / "_downloads" / "0a1b" / "chart.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg">\n<script>alert(1)</script></svg>'
    )
    with pytest.raises(UnsafeContent) as caught:
        harden_site(out)
    assert caught.value.findings[0].startswith("_downloads/0a1b/chart.svg:2: <script> element"), caught.value.findings


def test_svg_and_xml_files_are_read_as_xml_with_every_namespace(tmp_path):
    out = site_with(tmp_path, "<p>x</p>")
    (out / "_downloads" / "0a1b").mkdir(parents=True)
    prefixed = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:s="http://www.w3.org/2000/svg">\n<s:script>x()</s:script></svg>'
    )
    (out / "_downloads" / "0a1b" / "a.svg").write_text(prefixed)
    (out / "_downloads" / "0a1b" / "b.xhtml").write_text(
        '<html xmlns:h="http://www.w3.org/1999/xhtml"><h:script>x()</h:script></html>'
    )
    (out / "_downloads" / "0a1b" / "c.svg").write_text("<svg><unclosed></svg>")
    with pytest.raises(UnsafeContent) as caught:
        harden_site(out)
    found = "\n".join(caught.value.findings)
    assert "_downloads/0a1b/a.svg:2: <script> element" in found
    assert "_downloads/0a1b/b.xhtml:1: <script> element" in found
    assert "_downloads/0a1b/c.svg:1: not well-formed XML" in found


def test_the_theme_script_files_and_the_root_redirect_pass(tmp_path):
    out = site_with(
        tmp_path, '<script src="../_static/scripts/theme.js?v=1"></script><script src="../searchindex.js"></script>'
    )
    (out / "index.html").write_text('<meta http-equiv="Refresh" content="0; url=book/index.html" />')
    assert harden_site(out) == 2


def test_a_finding_names_the_chapter_source_and_its_line(tmp_path):
    out = site_with(tmp_path, "<script>alert('from the chapter')</script>")
    src = tmp_path / "src"
    (src / "book").mkdir(parents=True)
    (src / "book/iran.md").write_text("# Iran\n\nSome prose.\n\n<script>alert('from the chapter')</script>\n")
    with pytest.raises(UnsafeContent) as caught:
        harden_site(out, src)
    assert caught.value.findings[0].startswith("book/iran.md:5: inline script"), caught.value.findings


def test_a_csv_download_with_negative_numbers_passes(tmp_path):
    out = site_with(tmp_path, '<a download="x.csv" href="data:text/csv,lon,lat%0A-0.5,%2B51.5%0A">x</a>')
    assert harden_site(out) == 1


def test_a_policy_written_in_a_chapter_is_replaced_by_the_builds(tmp_path):
    weak = '<meta http-equiv="content-security-policy" content="script-src * \'unsafe-inline\'">'
    out = site_with(tmp_path, weak)
    harden_site(out)
    html = (out / "book/iran.html").read_text()
    policies = re.findall(r"<meta[^>]*content-security-policy[^>]*>", html, re.IGNORECASE)
    assert len(policies) == 1 and "unsafe-inline'" not in policies[0].split("script-src")[1].split(";")[0]


def test_a_rebuilt_page_keeps_one_policy(tmp_path):
    out = site_with(tmp_path, "<p>x</p>")
    harden_site(out)
    first = (out / "book/iran.html").read_text()
    harden_site(out)
    assert (out / "book/iran.html").read_text() == first


def test_headers_carry_each_pages_own_hashes_framing_and_a_scriptless_data_folder(tmp_path):
    out = site_with(tmp_path, "<p>x</p>")
    (out / "search.html").write_text(PAGE.format(theme="", name="search", body="").replace("../_static", "_static"))
    harden_site(out)
    headers = (out / "_headers").read_text()
    blocks = {block.splitlines()[0]: block.splitlines()[1:] for block in headers.strip().split("\n\n") if block.strip()}
    iran = " ".join(blocks["/book/iran.html"])
    search = " ".join(blocks["/search.html"])
    assert "frame-ancestors 'self'" in iran and "frame-ancestors 'self'" in search
    assert "'sha256-P1Gd/Wqjqq8uduID7MOciZi3jIWvAuyCldpRMjsiEjw='" in iran
    assert "'sha256-P1Gd/Wqjqq8uduID7MOciZi3jIWvAuyCldpRMjsiEjw='" not in search  # per page, not the union
    assert "/book/iran" in blocks  # the address without .html, as static hosts serve it
    assert "sandbox" in " ".join(blocks["/data/*"]) and "script-src" not in " ".join(blocks["/data/*"])
    assert not any("Content-Security-Policy" in line for line in blocks["/*"])


def test_a_file_named_by_its_content_may_be_kept_a_year_and_nothing_else_is(tmp_path):
    out = site_with(tmp_path, "<p>x</p>")
    (out / "figures").mkdir()
    (out / "figures/shared-0123456789ab.js").write_text("window.x = 1;")
    (out / "figures/iran-seizures.vega.js").write_text("window.y = 1;")
    harden_site(out)
    headers = (out / "_headers").read_text()
    blocks = {block.splitlines()[0]: block.splitlines()[1:] for block in headers.strip().split("\n\n") if block.strip()}
    assert blocks["/figures/shared-0123456789ab.js"] == ["  Cache-Control: public, max-age=31536000, immutable"]
    assert headers.count("Cache-Control") == 1  # a figure's own spec changes under its name: it is not kept


def test_the_theme_snippets_are_few_and_named():
    assert 0 < len(THEME_SCRIPTS) <= 10 and all(THEME_SCRIPTS.values())


INJECTED = """

<script>window.__xss = 'markdown'</script>

```{raw} html
<img src="x" onerror="window.__xss = 'raw'">
```

```{code-cell} ipython3
from IPython.display import HTML
HTML("<a href='javascript:void(0)'>cell output</a>")
```
"""


@pytest.mark.slow
def test_a_chapter_with_scripts_fails_the_build_before_it_runs_naming_each_line(tmp_path):
    repo = checkout(tmp_path / "repo")
    chapter = repo / "book" / "methods.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text + INJECTED, encoding="utf-8")
    lines = (text + INJECTED).splitlines()
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("the previous site")
    result = build(repo, out, tmp_path / "state")
    report = result.stdout + result.stderr
    assert result.returncode != 0
    for needle in ("window.__xss = 'markdown'", "window.__xss = 'raw'", "from IPython.display", "javascript:void(0)"):
        line = next(i for i, text in enumerate(lines, 1) if needle in text)
        assert f"book/methods.md:{line}: " in report, (needle, report[-3000:])
    assert "nothing was executed" in report.lower() or not list((tmp_path / "state").rglob("*.ipynb"))
    assert (out / "index.html").read_text() == "the previous site"


@pytest.mark.slow
def test_a_chapter_offering_a_file_from_outside_the_book_fails_the_build(tmp_path):
    repo = checkout(tmp_path / "repo")
    chapter = repo / "book" / "methods.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n{download}`settings <../_config.yml>`\n")
    out = tmp_path / "site"
    result = build(repo, out, tmp_path / "state")
    assert result.returncode != 0
    assert "book/methods.md: download '_config.yml' is outside book and data/" in result.stdout + result.stderr
    assert not out.exists()
