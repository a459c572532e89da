"""The layout PRODUCT.md fixes, checked so that it stays true."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_there_is_no_top_level_web_module():
    # Run from a neutral folder so the checkout itself is not on sys.path.
    probe = subprocess.run([sys.executable, "-c", "import web"], cwd="/", capture_output=True)
    assert probe.returncode != 0
    ok = subprocess.run([sys.executable, "-c", "import mvidarr.web"], cwd="/",
                        capture_output=True)
    assert ok.returncode == 0, ok.stderr


def test_the_core_does_not_import_flask():
    offenders = []
    for path in (ROOT / "mvidarr").rglob("*.py"):
        parts = path.relative_to(ROOT / "mvidarr").parts
        if parts[0] in ("testing", "cli"):
            continue  # test support and `mvidarr serve` build the web app on purpose
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n == "flask" or n.startswith(("flask.", "mvidarr.web")) for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, f"core modules importing Flask: {offenders}"


def test_every_package_is_listed_for_setuptools():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "packages"])
    found = {".".join(("mvidarr", *p.parent.relative_to(ROOT / "mvidarr").parts)).rstrip(".")
             for p in (ROOT / "mvidarr").rglob("__init__.py")}
    found |= {".".join(("mvidarr", "web", *p.parent.relative_to(ROOT / "web").parts)).rstrip(".")
              for p in (ROOT / "web").rglob("__init__.py")}
    assert found <= listed, f"packages missing from pyproject.toml: {found - listed}"


def test_plugin_packages_are_separate_distributions():
    for folder in sorted((ROOT / "plugins").iterdir()):
        meta = tomllib.loads((folder / "pyproject.toml").read_text())
        name = folder.name
        assert meta["project"]["name"] == f"mvidarr-{name}"
        assert f"{name}" in meta["project"]["entry-points"]["mvidarr"]
        assert (folder / f"mvidarr_{name}" / "__init__.py").exists()
        assert (folder / "README.md").exists() and (folder / "tests").is_dir()


def test_importing_the_core_does_no_work(tmp_path):
    # Importing every core module must not open a database or create files.
    code = ("import os, pkgutil, importlib, mvidarr; "
            "[importlib.import_module(m.name) for m in pkgutil.walk_packages(mvidarr.__path__, "
            "'mvidarr.') if not any(p in m.name for p in ('.testing', '.migrations.', "
            "'__main__'))]; "
            "print(sorted(os.listdir('.')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                         text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
