"""{{cookiecutter.plugin_name}}: MVidarr finds the plugin and it delivers events.

The `app` and `db` fixtures come from `mvidarr.testing`, which pytest loads by
itself once MVidarr is installed.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from mvidarr import Event
from mvidarr.testing.plugin_checks import assert_entry_point, assert_plugin_loaded

NAME = "{{cookiecutter.plugin_slug}}"


def test_entry_point_is_found_by_mvidarr(app):
    assert_entry_point(app, NAME)
    assert app.hooks.plugins_implementing("notify").count(NAME) == 1


def test_settings_are_registered_and_the_token_redacted(db):
    assert_plugin_loaded(db, NAME,
                         expected_settings=[f"{NAME}.base_url", f"{NAME}.token",
                                            f"{NAME}.events"],
                         secrets=[f"{NAME}.token"], url_settings=[f"{NAME}.base_url"])


@pytest.fixture
def receiver():
    """A real HTTP server on 127.0.0.1 that records what it is sent."""
    calls, status = [], [204]

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            calls.append((dict(self.headers), json.loads(self.rfile.read(length))))
            self.send_response(status[0])
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", calls, status
    server.shutdown()
    server.server_close()


def test_events_are_posted_with_the_token(db, receiver):
    url, calls, _ = receiver
    db.settings.set(f"{NAME}.base_url", url)
    db.settings.set(f"{NAME}.token", "s3cret")
    db.hooks.broadcast("notify", event=Event("download_finished", "Filed a video", {"id": 7}))
    db.hooks.broadcast("notify", event=Event("video_added", "not a kind we send"))
    assert len(calls) == 1
    headers, body = calls[0]
    assert headers["Authorization"] == "Bearer s3cret"
    assert body == {"kind": "download_finished", "message": "Filed a video", "data": {"id": 7}}


def test_a_failing_receiver_is_contained_and_recorded(db, receiver):
    url, calls, status = receiver
    status[0] = 500
    db.settings.set(f"{NAME}.base_url", url)
    db.hooks.broadcast("notify", event=Event("test", "hello"))  # does not raise
    assert len(calls) == 1
    state = db.plugin_states.row(NAME)
    assert state.health == "error" and "500" in state.last_error
