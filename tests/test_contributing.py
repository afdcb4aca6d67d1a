"""A contributor's mistakes, made on a copy of the repository, are each named in one line with the chapter
file and line (and a suggestion), with no traceback, by `python -m briefing check` and by the build, which
stops before running any chapter and ends by repeating what to fix."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import build, checkout
from workspace import ROOT

from briefing.checks import check_chapters
from briefing.myst_source import book_chapters


def edit(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` in ``path``; return the line it is on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def check(repo: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "briefing", "check"], cwd=repo, capture_output=True, text=True, check=False
    )


def line_about(report: str, where: str) -> str:
    lines = [line for line in report.splitlines() if line.strip().startswith(where)]
    assert len(lines) == 1, f"expected one line starting with {where}:\n{report}"
    return lines[0]


@pytest.fixture(scope="module")
def mistakes(tmp_path_factory):
    """One copy of the repository with one of each mistake; {what: (file:line, its message, ...)}."""
    repo = checkout(tmp_path_factory.mktemp("mistakes"))
    iran, iraq, afg = (repo / "book" / f"{c}.md" for c in ("iran", "iraq", "afghanistan"))
    row = edit(iran, "seizures/irn-1393-all-drugs", "seizures/irn-1393-all-drug")
    glue_name = edit(iran, "{glue:text}`irn_1396_t:,.0f`", "{glue:text}`irn_1369_t:,.0f`")
    figure_name = edit(iraq, 'name="iraq-seizures"', 'name="iran-seizures"')
    source = edit(
        iraq, "sources for the same period", "[sources](sources.md#source-rudaw-2025-09-41) for the same period"
    )
    caption = edit_caption_away(afg, "fig-afghanistan-opium")
    doc = edit(iraq, "{doc}`syria-lebanon`", "{doc}`syria-lebanen`")
    code = edit(iraq, 'b.figures.seizures(["IRQ"], ["captagon"]', 'b.figures.seizures(["IRQ"], ["captagone"]')
    expected = {
        "row": (
            f"book/iran.md:{row}",
            "no row 'irn-1393-all-drug' in seizures.csv",
            "did you mean 'irn-1393-all-drugs'?",
        ),
        "glue name": (
            f"book/iran.md:{glue_name}",
            "nothing named 'irn_1369_t' is glued",
            "did you mean 'irn_1399_t'?",
        ),
        "figure name": (
            f"book/iraq.md:{figure_name}",
            "the figure name 'iran-seizures' is already used at book/iran.md:",
        ),
        "source": (
            f"book/iraq.md:{source}",
            "no source 'rudaw-2025-09-41' in data/sources.csv",
            "did you mean 'rudaw-2025-09-14'?",
        ),
        "caption": (f"book/afghanistan.md:{caption}", "figure fig-afghanistan-opium has no caption"),
        "code": (f"book/iraq.md:{code}", "b.figures.seizures: no 'captagone' in the data", "did you mean 'captagon'?"),
        "doc": (f"book/iraq.md:{doc}", "{doc}`syria-lebanen` names no page", "did you mean 'syria-lebanon'?"),
    }
    return repo, expected, check(repo)  # one run of the checker reports every mistake


def edit_caption_away(chapter: Path, label: str) -> int:
    """Delete the caption of the figure labelled ``label``; return the line of its ``{glue:figure}``."""
    text = chapter.read_text(encoding="utf-8")
    match = re.search(r"```\{glue:figure\} \S+\n:name: " + label + r"\n\n.*?\n```", text, re.DOTALL)
    assert match, label
    head = match[0].split("\n")[:2]
    chapter.write_text(text[: match.start()] + "\n".join(head) + "\n```" + text[match.end() :], encoding="utf-8")
    return text[: match.start()].count("\n") + 1


@pytest.mark.parametrize("what", ["row", "glue name", "figure name", "source", "caption", "doc", "code"])
def test_check_names_each_mistake_in_one_line(mistakes, what):
    _, expected, result = mistakes
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    where, *says = expected[what]
    line = line_about(result.stderr, where + ":")
    for words in says:
        assert words in line, line


@pytest.mark.slow
def test_the_build_stops_before_running_a_chapter_and_repeats_what_to_fix(mistakes, tmp_path):
    repo, expected, _ = mistakes
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("the previous site")
    result = build(repo, out, tmp_path / "state", timeout=300)
    assert result.returncode != 0
    report = result.stdout + result.stderr
    assert "Traceback" not in report and "Executing notebook" not in report  # no kernel was started
    summary = result.stderr.split("What to fix")[-1]
    for where, *says in expected.values():
        line = line_about(summary, where + ":")
        assert all(words in line for words in says), line
    assert (out / "index.html").read_text() == "the previous site"


def test_a_figure_with_no_label_or_an_unknown_figure_glue_name_is_named(tmp_path):
    repo = checkout(tmp_path / "repo")
    chapter = repo / "book" / "iran.md"
    at = edit(chapter, "```{glue:figure} iran_seizures\n:name: fig-iran-seizures\n", "```{glue:figure} iran_seizure\n")
    mistakes = [str(m) for m in check_chapters([chapter], repo)]
    assert (
        f"book/iran.md:{at}: the {{glue:figure}} iran_seizure has no label: add ':name: fig-<chapter>-<name>' under it"
        in mistakes
    )
    assert any(
        m.startswith(f"book/iran.md:{at}: ")
        and "'iran_seizure', which nothing in this chapter glues" in m
        and "did you mean 'iran_seizures'?" in m
        for m in mistakes
    ), mistakes


def test_a_code_cell_over_three_lines_is_named_with_its_line(tmp_path):
    repo = checkout(tmp_path / "repo")
    chapter = repo / "book" / "methods.md"
    at = edit(chapter, "import briefing as b\n", "import briefing as b\nimport math\nimport os\nimport re\n") - 3
    mistakes = [str(m) for m in check_chapters([chapter], repo)]
    assert any(m.startswith(f"book/methods.md:{at}: a code cell of ") and "split it" in m for m in mistakes), mistakes


def test_the_book_and_the_template_have_no_mistakes(tmp_path):
    assert [str(m) for m in check_chapters(book_chapters(ROOT), ROOT)] == []
    repo = checkout(tmp_path / "repo")  # the template copied into book/, as CONTRIBUTING.md says
    (repo / "book" / "example.md").write_text((ROOT / "templates" / "chapter.md").read_text(encoding="utf-8"))
    assert [str(m) for m in check_chapters([repo / "book" / "example.md"], repo)] == []


@pytest.mark.slow
def test_pre_commit_runs_offline_from_a_fresh_clone(tmp_path):
    """Every hook is local and runs a pinned tool: with no network and an empty pre-commit cache, all pass
    on the repository, and a mistake in a chapter stops the commit with its one line."""
    repo = checkout(tmp_path / "repo")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GIT_"))},
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),  # nothing installed before
        "VIRTUAL_ENV": sys.prefix,  # the test environment, as an activated .venv would be
        "HTTP_PROXY": "http://127.0.0.1:9",  # any download would fail
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "PIP_NO_INDEX": "1",
    }

    def git(*args):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    run = [sys.executable, "-m", "pre_commit", "run", "--all-files"]
    result = subprocess.run(run, cwd=repo, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "github.com" not in (repo / ".pre-commit-config.yaml").read_text()
    at = edit(repo / "book" / "iran.md", "seizures/irn-1393-all-drugs", "seizures/irn-1393-all-drug")
    git("add", "-A")
    result = subprocess.run(run, cwd=repo, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 1
    line = line_about(result.stdout, f"book/iran.md:{at}:")
    assert "did you mean 'irn-1393-all-drugs'?" in line


def test_community_files_welcome_each_kind_of_contribution():
    import yaml

    forms = ROOT / ".github" / "ISSUE_TEMPLATE"
    for name in ("data-correction.yml", "new-source.yml", "new-chapter.yml"):
        form = yaml.safe_load((forms / name).read_text(encoding="utf-8"))
        assert form["name"] and form["description"], name
        fields = [item for item in form["body"] if item["type"] != "markdown"]
        assert any(f.get("validations", {}).get("required") for f in fields), f"{name} requires nothing"
        assert all(f["id"] and f["attributes"]["label"] for f in fields), name
    conduct = (ROOT / "CODE_OF_CONDUCT.md").read_text(encoding="utf-8")
    assert conduct.startswith("# Code of conduct")
    # a report has somewhere real to go: GitHub's own routes, the same private form SECURITY.md names
    reporting = conduct[conduct.index("## Reporting") :]
    assert "Report to repository admins" in reporting and "Report a vulnerability" in reporting
    assert "Report a vulnerability" in (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", conduct), "an e-mail address nobody reads"
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "## Review a pull request" in contributing and "site-preview" in contributing
    assert "CODE_OF_CONDUCT.md" in contributing and "CODE_OF_CONDUCT.md" in (ROOT / "README.md").read_text()


@pytest.mark.slow
def test_a_build_failing_on_a_sphinx_warning_ends_by_repeating_it(tmp_path):
    """A mistake only Sphinx sees (here a {ref} to no label) fails the build, and the last lines say so."""
    repo = checkout(tmp_path / "repo")
    at = edit(
        repo / "book" / "methods.md", "# Methods and sources\n", "# Methods and sources\n\nSee {ref}`no-such-label`.\n"
    )
    result = build(repo, tmp_path / "site", tmp_path / "state", timeout=900)
    assert result.returncode != 0
    summary = result.stderr.split("What to fix")[-1]
    line = line_about(summary, f"book/methods.md:{at + 2}:")
    assert "no-such-label" in line and "WARNING" in line, summary


def test_examples_in_code_blocks_and_comments_are_not_mistakes(tmp_path):
    repo = checkout(tmp_path / "repo")
    chapter = repo / "book" / "methods.md"
    example = (
        "\n% a comment naming {glue:text}`not_glued`\n\nWrite ``{glue:text}`name:,.0f` `` in the prose.\n\n"
        "````md\n```{glue:figure} not_glued\n```\nand {glue:text}`not_glued_either`\n````\n"
    )
    chapter.write_text(chapter.read_text(encoding="utf-8") + example, encoding="utf-8")
    assert [str(m) for m in check_chapters([chapter], repo)] == []


def test_a_mistyped_toc_entry_is_named_first(tmp_path):
    repo = checkout(tmp_path / "repo")
    at = edit(repo / "_toc.yml", "file: book/iraq\n", "file: book/irak\n")
    result = check(repo)
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first == f"_toc.yml:{at}: no file book/irak.md (did you mean 'book/iraq.md'?)", result.stderr
    assert "book/iraq.md exists but _toc.yml does not list it" in result.stderr
