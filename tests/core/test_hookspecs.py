"""Meta-tests: every hookspec is documented, and every hookspec has a test."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from mvidarr import hookspecs

ROOT = Path(__file__).resolve().parents[2]
SPECS = sorted(
    name for name, fn in vars(hookspecs).items()
    if inspect.isfunction(fn) and hasattr(fn, "mvidarr_spec")
)


def test_there_are_hookspecs():
    assert {"search_source", "fetch_metadata", "download_video", "post_download",
            "notify"} <= set(SPECS)


@pytest.mark.parametrize("name", SPECS)
def test_hookspec_is_documented(name):
    fn = getattr(hookspecs, name)
    doc = inspect.getdoc(fn) or ""
    assert doc, f"hookspec {name} has no docstring"
    for arg in inspect.signature(fn).parameters:
        assert f":param {arg}:" in doc, f"hookspec {name} does not document {arg}"
    assert ":return:" in doc, f"hookspec {name} does not say what to return"


@pytest.mark.parametrize("name", SPECS)
def test_hookspec_is_typed(name):
    signature = inspect.signature(getattr(hookspecs, name))
    assert signature.return_annotation is not inspect.Signature.empty
    for param in signature.parameters.values():
        assert param.annotation is not inspect.Parameter.empty, f"{name}({param.name}) untyped"


def test_firstresult_hooks_say_they_stop_at_first_result():
    for name in SPECS:
        spec = getattr(hookspecs, name).mvidarr_spec
        doc = inspect.getdoc(getattr(hookspecs, name))
        if spec.get("firstresult"):
            assert "Stops at first non-None result" in doc, name


@pytest.mark.parametrize("name", SPECS)
def test_every_hookspec_has_a_test(name):
    pattern = re.compile(rf"def test_hook_{name}\b")
    test_files = [*ROOT.glob("tests/**/*.py"), *ROOT.glob("plugins/*/tests/**/*.py")]
    assert any(pattern.search(path.read_text()) for path in test_files), (
        f"no test named test_hook_{name} calls hook {name}")
