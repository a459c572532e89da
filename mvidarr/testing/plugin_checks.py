"""Checks every installed plugin's tests run against a live `app`: that MVidarr
found the plugin through its entry point, registered its settings as its own,
keeps its secrets out of sight and refuses badly typed values.

Call them inside a test that uses the ``db`` fixture (they read and write
settings)::

    def test_plugin_is_loaded(db):
        assert_plugin_loaded(db, "plex", expected_settings=["plex.base_url", "plex.token"],
                             secrets=["plex.token"], url_settings=["plex.base_url"])
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import metadata
from typing import TYPE_CHECKING

from mvidarr.errors import ValidationError
from mvidarr.plugins import ENTRY_POINT_GROUP
from mvidarr.settings import REDACTED

if TYPE_CHECKING:
    from mvidarr.app import Mvidarr

# A value no default or redaction marker could be mistaken for.
SECRET_PROBE = "probe-secret-7f3a9c"  # noqa: S105 (a test value)


def assert_entry_point(app: Mvidarr, name: str) -> None:
    """`name` is announced in the ``mvidarr`` entry-point group, and the object it
    points to is the one MVidarr registered as an installed (not built-in) plugin."""
    points = {ep.name: ep for ep in metadata.entry_points(group=ENTRY_POINT_GROUP)}
    assert name in points, f"no entry point {name!r} in group {ENTRY_POINT_GROUP!r}"
    info = app.plugin_infos.get(name)
    assert info is not None, f"MVidarr did not load plugin {name!r}"
    assert not info.builtin
    assert info.module == points[name].value
    assert app.pm.get_plugin(name) is points[name].load()


def owned_settings(app: Mvidarr, name: str) -> set[str]:
    """Keys of the settings registered with plugin `name` as owner."""
    return {key for key, spec in app.settings.specs.items() if spec.plugin == name}


def assert_settings(app: Mvidarr, name: str, expected: Iterable[str],
                    secrets: Iterable[str] = ()) -> None:
    """The plugin owns exactly `expected`; exactly `secrets` among them are secret."""
    expected, secrets = set(expected), set(secrets)
    owned = owned_settings(app, name)
    assert owned == expected, (f"settings of {name}: unexpected {sorted(owned - expected)}, "
                               f"missing {sorted(expected - owned)}")
    shown_secret = {key for key in expected if app.settings.spec(key).secret}
    assert shown_secret == secrets, f"secret settings of {name}: {sorted(shown_secret)}"
    for key in secrets:
        assert app.settings.spec(key).default in (None, ""), f"{key} has a default in code"


def assert_secret_redacted(app: Mvidarr, key: str) -> None:
    """Once set, the secret `key` is usable by the plugin but shown only redacted."""
    assert app.settings.shown(key) is None  # unset: nothing to hide, nothing shown
    app.settings.set(key, SECRET_PROBE)
    assert app.settings.get(key) == SECRET_PROBE
    assert app.settings.shown(key) == REDACTED
    described = app.settings.describe(key)
    assert described["value"] == REDACTED and described["is_set"] is True
    assert SECRET_PROBE not in repr(described)
    assert SECRET_PROBE in app.settings.secret_values()  # so the log filter hides it


def assert_refuses_bad_url(app: Mvidarr, key: str) -> None:
    """A non-text value for the URL setting `key` is refused and changes nothing."""
    before = app.settings.get(key)
    for bad in (8686, ["http://127.0.0.1"], True):
        try:
            app.settings.set(key, bad)
        except ValidationError as exc:
            assert exc.details.get("key") == key
        else:
            raise AssertionError(f"{key} accepted {bad!r}")
    assert app.settings.get(key) == before


def assert_plugin_loaded(app: Mvidarr, name: str, *, expected_settings: Iterable[str],
                         secrets: Iterable[str] = (), url_settings: Iterable[str] = ()) -> None:
    """All of the above for plugin `name`."""
    assert_entry_point(app, name)
    assert_settings(app, name, expected_settings, secrets)
    for key in secrets:
        assert_secret_redacted(app, key)
    for key in url_settings:
        assert_refuses_bad_url(app, key)
