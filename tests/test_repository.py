"""What a contributor meets besides the book: the citation file, the licences, the chapter template, the
pre-commit hooks, the pull-request template and the commands CONTRIBUTING.md tells them to run."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from briefing.display import FIGURE_MIME, figure_html
from briefing.facts import CHAPTER_MIME

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "templates" / "chapter.md"


def test_citation_file_parses_with_the_required_keys():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["message"].strip() and cff["title"].strip()
    assert cff["title"].startswith("The drug corridor: Afghanistan to the Levant")
    assert cff["authors"] and all(a.get("name") or a.get("family-names") for a in cff["authors"])
    assert isinstance(cff["date-released"], datetime.date)
    licences = cff["license"] if isinstance(cff["license"], list) else [cff["license"]]
    assert set(licences) <= {"CC-BY-4.0", "MIT"} and "CC-BY-4.0" in licences


def test_code_text_and_data_each_have_a_licence():
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    for name in ("LICENSE-TEXT.md", "LICENSE-DATA.md"):
        text = (ROOT / name).read_text(encoding="utf-8")
        assert "CC BY 4.0" in text and "https://creativecommons.org/licenses/by/4.0/" in text, name
    data = (ROOT / "LICENSE-DATA.md").read_text(encoding="utf-8")
    assert "terms" in data and "Natural Earth" in data and "public domain" in data


def header(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), f"{path.name} has no front matter"
    return text[: text.index("\n---\n", 4) + 5]


def test_template_has_the_chapters_jupytext_header_and_is_not_built():
    assert header(TEMPLATE) == header(ROOT / "book" / "iran.md")
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    not_built = config.get("only_build_toc_files") is True or "templates" in config.get("exclude_patterns", [])
    assert not_built, "the template would be built as a page"
    assert "templates/" not in (ROOT / "_toc.yml").read_text(encoding="utf-8")


def test_template_follows_the_naming_rules():
    text = TEMPLATE.read_text(encoding="utf-8")
    assert re.search(r"^# \S", text, re.MULTILINE), "a chapter needs a top-level title"
    assert ":::{admonition} Key points" in text
    labels = re.findall(r"^:name: (\S+)$", text, re.MULTILINE)
    figures = re.findall(r"^```\{glue:figure\} (\S+)$", text, re.MULTILINE)
    assert labels and len(labels) == len(figures)
    for label, glued in zip(labels, figures):
        assert re.fullmatch(r"fig-[a-z0-9]+(-[a-z0-9]+)+", label), label
        assert glued.replace("_", "-") == label.removeprefix("fig-"), (glued, label)
        assert f'glue("{glued}", b.figures.' in text and f'name="{glued.replace("_", "-")}"' in text
    assert 'glue("chapter_sources", b.chapter_sources())' in text and "```{glue} chapter_sources\n```" in text


def test_template_is_stable_under_jupytext():
    """The jupytext pre-commit hook leaves the template as it is."""
    jupytext = pytest.importorskip("jupytext")
    text = TEMPLATE.read_text(encoding="utf-8")
    assert jupytext.writes(jupytext.reads(text, fmt="md:myst"), fmt="md:myst") == text


def test_template_runs_and_its_figures_render_for_the_site(tmp_path):
    """Executed as the book build executes a chapter, the template glues its numbers, its figures (as the
    book's bundles, which render as static HTML) and its record of sources and tables."""
    jupytext = pytest.importorskip("jupytext")
    nbclient = pytest.importorskip("nbclient")
    notebook = jupytext.read(TEMPLATE)
    nbclient.NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    figures = [o["data"][FIGURE_MIME] for o in outputs if FIGURE_MIME in o.get("data", {})]
    assert sum('class="briefing-chart"' in figure_html(f) for f in figures) == 2
    (record,) = [o["data"][CHAPTER_MIME] for o in outputs if CHAPTER_MIME in o.get("data", {})]
    assert record["sources"] and "sources" in record["tables"] and "- " in record["markdown"]


def test_pre_commit_hooks_are_local_and_run_pinned_tools():
    """No hook is fetched from GitHub: each runs, with the repository's Python, a tool pinned in the
    requirements (tests/test_contributing.py runs them all offline)."""
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = {hook["id"]: hook for hook in config["repos"][0]["hooks"]}
    for needed in (
        "ruff-check",
        "ruff-format",
        "jupytext",
        "trailing-whitespace",
        "end-of-file-fixer",
        "check-added-large-files",
        "validate-data",
        "check-chapters",
        "no-ipynb",
    ):
        assert needed in hooks, needed
    pinned = {
        m.group(1).lower().replace("-", "_")
        for name in ("requirements.txt", "requirements-test.txt")
        for m in re.finditer(r"^([A-Za-z0-9_.-]+)==", (ROOT / name).read_text(), re.MULTILINE)
    }
    for hook in hooks.values():
        if hook["language"] == "fail":
            continue
        assert hook["language"] == "system", hook["id"]
        command = hook["entry"].split()
        assert command[:2] == ["scripts/python.sh", "-m"], hook["id"]
        module = command[2].split(".")[0]
        assert module == "briefing" or module in pinned, f"{hook['id']} runs {module}, which is not pinned"
    assert hooks["validate-data"]["entry"].endswith("-m briefing validate")
    assert hooks["check-chapters"]["entry"].endswith("-m briefing check")


def test_pull_request_template_asks_the_questions():
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    for heading in ("## What changed", "## Sources added", "## What reviewers should look at", "## Checklist"):
        assert heading in text, heading
    for command in ("python -m briefing validate", "bash scripts/test.sh", "bash scripts/build.sh"):
        assert f"- [ ] `{command}`" in text, command


def briefing_subcommands() -> set[str]:
    out = subprocess.run(
        [sys.executable, "-m", "briefing", "--help"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return set(re.search(r"\{([a-z,]+)\}", out).group(1).split(","))


def test_every_command_the_guides_name_exists():
    subcommands = briefing_subcommands()
    for name in ("README.md", "CONTRIBUTING.md", "Makefile", ".github/pull_request_template.md"):
        text = (ROOT / name).read_text(encoding="utf-8")
        for used in re.findall(r"-m briefing ([a-z]+)", text):
            assert used in subcommands, f"{name} names `python -m briefing {used}`, which does not exist"
        for script in re.findall(r"bash (scripts/[\w-]+\.\w+)", text):
            assert (ROOT / script).is_file(), f"{name} names {script}, which does not exist"
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for command in (
        "bash scripts/test.sh",
        "bash scripts/build.sh",
        "python -m briefing validate",
        "python -m briefing build",
        "python -m briefing serve",
        "python -m briefing lab",
        "python -m briefing notebooks",
        "python -m briefing check",
        "python -m pre_commit run --all-files",
    ):
        assert command in contributing, command


def test_contributing_names_only_test_files_that_exist():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    named = set(re.findall(r"tests/(test_\w+\.py)", text))
    assert named, "CONTRIBUTING.md should say which tests enforce the hard rules"
    for name in named:
        assert (ROOT / "tests" / name).is_file(), name
