"""The plugin template renders into a plugin that installs, passes its own tests
and is found by MVidarr through its entry point.

The template is rendered the way cookiecutter does it (each default of
cookiecutter.json rendered in order with Jinja against the answers so far, then
every path and file), with Jinja2 that Flask already brings, so the test needs
no cookiecutter. The rendered plugin is installed into a temporary folder put on
PYTHONPATH, never into the shared virtualenv, so no other test ever sees it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest

TEMPLATE = Path(__file__).resolve().parents[2] / "plugin-template"
ANSWERS = {"plugin_name": "Template Check"}


def render(template: Path, dest: Path, answers: dict[str, str]) -> Path:
    # The files are Python, TOML and Markdown, not HTML: nothing to escape.
    env = jinja2.Environment(keep_trailing_newline=True,  # noqa: S701
                             undefined=jinja2.StrictUndefined)
    context: dict[str, str] = {}
    for key, default in json.loads((template / "cookiecutter.json").read_text()).items():
        value = answers.get(key, default)
        context[key] = env.from_string(value).render(cookiecutter=context)
    (root,) = [p for p in template.iterdir() if p.is_dir() and "{{" in p.name]
    for source in root.rglob("*"):
        if not source.is_file() or "__pycache__" in source.parts:
            continue
        rel = source.relative_to(template)
        target = dest.joinpath(*(env.from_string(part).render(cookiecutter=context)
                                 for part in rel.parts))
        target.parent.mkdir(parents=True, exist_ok=True)
        text = env.from_string(source.read_text()).render(cookiecutter=context)
        target.write_text(text)
    return dest / env.from_string(root.name).render(cookiecutter=context)


def run(args: list[str], cwd: Path, pythonpath: Path | None = None):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if pythonpath:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return render(TEMPLATE, tmp_path_factory.mktemp("rendered"), ANSWERS)


def test_every_placeholder_is_filled(rendered):
    assert rendered.name == "mvidarr-template-check"
    package = rendered / "mvidarr_template_check"
    assert (package / "plugin.py").is_file()
    for path in rendered.rglob("*"):
        assert "cookiecutter" not in str(path)
        if path.is_file():
            assert "cookiecutter" not in path.read_text(), path
    pyproject = (rendered / "pyproject.toml").read_text()
    assert 'template_check = "mvidarr_template_check.plugin"' in pyproject


def test_generated_code_is_lint_clean(rendered):
    ruff = Path(sys.executable).with_name("ruff")
    config = TEMPLATE.parent / "pyproject.toml"
    result = run([str(ruff), "check", "--config", str(config), "--no-cache", "."], rendered)
    assert result.returncode == 0, result.stdout + result.stderr


def test_generated_plugin_installs_and_its_tests_pass(rendered, tmp_path):
    tests = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
    # Not installed: its own tests must notice that MVidarr cannot find it.
    missing = run(tests, rendered)
    assert missing.returncode != 0
    assert "no entry point 'template_check'" in missing.stdout

    site = tmp_path / "site"
    install = run([sys.executable, "-m", "pip", "install", "-q", "--no-deps",
                   "--no-build-isolation", "--target", str(site), str(rendered)], rendered)
    assert install.returncode == 0, install.stderr
    assert list(site.glob("mvidarr_template_check-*.dist-info"))

    result = run(tests, rendered, pythonpath=site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" in result.stdout and "skipped" not in result.stdout
