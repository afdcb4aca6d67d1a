"""The GitHub Actions workflows run the README's own commands: a pull request is built with warnings as
errors and tested, and its site uploaded as a preview; main is deployed to GitHub Pages; a scheduled,
non-blocking job checks the external links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"


def readme_commands(section: str) -> list[str]:
    """The command lines of the fenced bash blocks under a "## <section>" heading of the README."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(section)}\s*$(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    assert match, f"README.md has no '## {section}' section"
    blocks = re.findall(r"^```bash\s*$(.*?)^```\s*$", match.group(1), re.MULTILINE | re.DOTALL)
    lines = [line.strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def readme_command(section: str) -> str:
    """The section's command: its first fenced bash line (e.g. ``bash scripts/build.sh``)."""
    commands = readme_commands(section)
    assert commands, f"README.md's '{section}' section has no fenced bash command"
    return commands[0]


BUILD = readme_command("Build the site")
TEST = readme_command("Run the tests")


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    """The ``on:`` block (YAML 1.1 reads the bare key ``on`` as the boolean True)."""
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return on or {}


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def run_lines(workflow: dict) -> list[str]:
    return [line.strip() for step in steps(workflow) for line in str(step.get("run", "")).splitlines()]


def uses(workflow: dict, action: str) -> list[dict]:
    return [step for step in steps(workflow) if str(step.get("uses", "")).split("@")[0] == action]


def test_the_readme_commands_are_the_scripts():
    assert BUILD == "bash scripts/build.sh"
    assert TEST == "bash scripts/test.sh"
    for command in (BUILD, TEST):
        assert (ROOT / command.split()[1]).is_file(), command


@pytest.mark.parametrize("name", ["pr.yml", "pages.yml", "linkcheck.yml"])
def test_workflow_parses_and_pins_every_action(name):
    workflow = load(name)
    assert workflow.get("name") and workflow.get("jobs"), name
    for step in steps(workflow):
        if "uses" in step:
            action, _, version = step["uses"].partition("@")
            assert re.fullmatch(r"[0-9a-f]{40}", version), f"{name}: {action} is not pinned to a full commit SHA"
    # the version a SHA stands for is written beside it, so a reviewer can read what runs
    for line in (ROOT / ".github" / "workflows" / name).read_text().splitlines():
        if "uses:" in line:
            assert re.search(r"@[0-9a-f]{40}\s+# v\d+\.\d+\.\d+$", line), f"{name}: no version comment: {line.strip()}"
    for step in uses(workflow, "actions/checkout"):
        assert step.get("with", {}).get("persist-credentials") is False, (
            f"{name}: checkout leaves the token in .git/config (set persist-credentials: false)"
        )
    for step in uses(workflow, "actions/setup-python"):
        assert str(step["with"]["python-version"]) == "3.11", f"{name}: the README's Python is 3.11"


def test_pull_requests_are_built_and_tested_with_the_readme_commands():
    workflow = load("pr.yml")
    assert "pull_request" in triggers(workflow)
    lines = run_lines(workflow)
    assert BUILD in lines, f"pr.yml does not run the README's build command {BUILD!r}"
    assert TEST in lines, f"pr.yml does not run the README's test command {TEST!r}"


def test_pull_requests_upload_the_built_site_as_a_preview():
    workflow = load("pr.yml")
    (upload,) = uses(workflow, "actions/upload-artifact")
    assert upload["with"]["name"] == "site-preview"
    assert upload["with"]["path"].rstrip("/") == "_build/html"
    # the preview is uploaded after the site was built, in the same job
    for job in workflow["jobs"].values():
        names = [s.get("run", s.get("uses", "")) for s in job.get("steps", [])]
        if upload in job.get("steps", []):
            assert names.index(BUILD) < names.index(upload["uses"])


def test_pages_builds_and_deploys_main():
    workflow = load("pages.yml")
    push = triggers(workflow)["push"]
    assert push["branches"] == ["main"]
    # the README's build command, told that the next step prints the PDF edition every page links
    assert f"{BUILD} --pdf-edition" in [line.split("#")[0].strip() for line in run_lines(workflow)]
    build_step = next(s for s in steps(workflow) if str(s.get("run", "")).startswith(BUILD))
    assert build_step["env"]["BRIEFING_SITE_URL"] == "${{ steps.pages.outputs.base_url }}", "the site's address"
    (artifact,) = uses(workflow, "actions/upload-pages-artifact")
    assert artifact["with"]["path"].rstrip("/") == "_build/html"
    assert uses(workflow, "actions/deploy-pages")
    assert workflow["permissions"] == {"contents": "read"}, "only the deploy job may write to Pages"
    deploy = next(
        job for job in workflow["jobs"].values() if any("deploy-pages" in str(s.get("uses")) for s in job["steps"])
    )
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    for job in workflow["jobs"].values():
        if job is not deploy:
            permissions = job.get("permissions", {})
            assert permissions.get("pages", "read") == "read" and "id-token" not in permissions
    assert deploy["environment"]["name"] == "github-pages"
    assert "refs/heads/main" in str(deploy.get("if", "refs/heads/main"))


def test_link_check_is_scheduled_and_never_blocks():
    workflow = load("linkcheck.yml")
    on = triggers(workflow)
    assert on["schedule"] and all(entry.get("cron") for entry in on["schedule"])
    assert "workflow_dispatch" in on
    assert "pull_request" not in on and "push" not in on, "the link check must not gate changes"
    for job in workflow["jobs"].values():
        assert job.get("continue-on-error") is True
    assert any("linkcheck" in line for line in run_lines(workflow))
