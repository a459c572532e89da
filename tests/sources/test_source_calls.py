"""`app.sources.get_json`: pacing, Retry-After, back-off, cache, errors and health,
against a real HTTP server on 127.0.0.1."""

import socket
import threading
import time

import pytest
from werkzeug.wrappers import Response

from mvidarr import (
    RateLimitError,
    SourceHTTPError,
    SourceUnavailableError,
    hookimpl,
    source_settings,
)
from mvidarr.testing.fakes.server import FakeService


class EchoService(FakeService):
    """Answers every request with its number."""

    def answer(self, request):
        if request.path == "/missing":
            return self.json({"error": "Not found"}, 404)
        if request.path == "/teapot":
            return self.json({"error": {"reason": "teapot"}}, 418)
        if request.path == "/page":
            return Response("<html>maintenance</html>", content_type="text/html")
        return self.json({"n": len(self.requests)})


class TestSource:
    @hookimpl
    def register_settings(self, app):
        return source_settings("testsrc", requests_per_second=20, cache_hours=0)


@pytest.fixture
def service():
    with EchoService() as service:
        yield service


@pytest.fixture
def app(make_app):
    app = make_app(testsrc=TestSource())
    app.sources.backoff_base = 0.05
    return app


def get(app, service, path="/thing", **kwargs):
    return app.sources.get_json("testsrc", service.root + path, **kwargs)


def health(app, name="testsrc"):
    with app.connection():
        return next(p for p in app.plugin_states.describe() if p["name"] == name)


def test_calls_keep_to_the_sources_rate(app, service):
    started = time.monotonic()
    for _ in range(5):
        get(app, service)
    # 20 a second: four intervals between five calls (exact spacing: test_ratelimit.py).
    assert 0.2 <= time.monotonic() - started < 0.5
    assert len(service.requests) == 5


def test_the_rate_setting_applies_to_the_next_call(app, service):
    with app.connection():
        app.settings.set("testsrc.requests_per_second", 4)
    app.settings.invalidate()
    started = time.monotonic()
    get(app, service)
    get(app, service)
    assert time.monotonic() - started >= 0.25


def test_retry_after_delays_the_source_by_that_long_and_no_more(app, service):
    service.fail_next(429, {"error": "slow down"}, headers={"Retry-After": "2"})
    started = time.monotonic()
    assert get(app, service) == {"n": 2}
    first, second = service.requests
    assert 2.0 <= second.at - first.at < 2.4
    assert time.monotonic() - started < 2.4
    # The pause is over: the next call waits only for its usual slot.
    get(app, service)
    assert service.requests[2].at - second.at < 0.2


def test_a_long_retry_after_becomes_a_cooldown(app, service):
    service.fail_next(429, headers={"Retry-After": "3600"})
    with pytest.raises(RateLimitError) as caught:
        get(app, service)
    assert caught.value.retry_after == 3600
    with pytest.raises(SourceUnavailableError, match="paused"):
        get(app, service)
    assert len(service.requests) == 1  # the cool-down made no call
    shown = health(app)
    assert shown["health"] == "cooldown" and shown["cooldown_until"] is not None
    assert "HTTP 429" in shown["last_error"]


def test_5xx_is_retried_with_backoff(app, service):
    service.fail_next(503, times=2)
    assert get(app, service) == {"n": 3}
    first, second, third = service.requests
    assert second.at - first.at >= 0.05 * 0.1
    assert health(app)["health"] == "ok"


def test_an_outage_ends_in_unavailable_health_and_no_more_calls(app, service):
    service.go_down(503, html=True)
    with pytest.raises(SourceUnavailableError, match="HTTP 503"):
        get(app, service)
    assert len(service.requests) == app.sources.max_retries + 1
    with pytest.raises(SourceUnavailableError):
        get(app, service)
    assert len(service.requests) == app.sources.max_retries + 1
    shown = health(app)
    assert shown["health"] == "cooldown"
    assert "answered HTTP 503" in shown["last_error"]


def test_timeouts_are_retried_then_raised_as_unavailable(app, service):
    service.delay = 0.5
    app.http.default_timeout = (1.0, 0.1)
    app.sources.max_retries = 1
    with pytest.raises(SourceUnavailableError) as caught:
        get(app, service)
    host = service.root.removeprefix("http://")
    assert str(caught.value) == f"{host} did not answer: timed out after 0.1 s (2 tries)"
    assert len(service.requests) == 2


def test_an_unreachable_service_is_unavailable(app, service):
    url = service.root
    service.stop()
    with pytest.raises(SourceUnavailableError) as caught:
        app.sources.get_json("testsrc", url + "/x")
    # In words: not urllib3's "HTTPConnectionPool(host=...): Max retries exceeded ...";
    # and at once: a refused connection is refused again on a retry.
    assert str(caught.value) == f"connection refused by {url[7:]}"


def test_an_html_answer_is_unavailable_not_a_crash(app, service):
    with pytest.raises(SourceUnavailableError, match="not JSON"):
        get(app, service, "/page")


def test_client_errors_carry_status_and_body(app, service):
    with pytest.raises(SourceHTTPError) as caught:
        get(app, service, "/teapot")
    assert caught.value.status == 418
    assert caught.value.payload == {"error": {"reason": "teapot"}}
    assert get(app, service, "/missing", allow_404=True) is None
    assert len(service.requests) == 2  # neither was retried


def test_cached_answers_make_no_call_until_they_expire(app, service):
    assert get(app, service, params={"q": "a"}, cache_ttl=0.3) == {"n": 1}
    assert get(app, service, params={"q": "a"}, cache_ttl=0.3) == {"n": 1}
    assert get(app, service, params={"q": "b"}, cache_ttl=0.3) == {"n": 2}
    assert len(service.requests) == 2
    time.sleep(0.35)
    assert get(app, service, params={"q": "a"}, cache_ttl=0.3) == {"n": 3}


def test_the_cache_setting_is_the_default_ttl(app, service):
    with app.connection():
        app.settings.set("testsrc.cache_hours", 1)
    app.settings.invalidate()
    get(app, service)
    get(app, service)
    assert len(service.requests) == 1


def test_calls_and_quota_used_today_show_in_health(app, service):
    get(app, service, cost=100)
    get(app, service, cost=1)
    shown = health(app)
    assert shown["calls_today"] == 2 and shown["quota_used"] == 101
    assert shown["last_success_at"] is not None


def test_a_spent_quota_stops_calls_until_it_resets(app, service):
    get(app, service, cost=60, quota_budget=100)
    with pytest.raises(SourceUnavailableError, match="quota"):
        get(app, service, cost=60, quota_budget=100)
    assert len(service.requests) == 1
    assert app.sources.cooldown_left("testsrc") > 0
    assert health(app)["health"] == "cooldown"


def test_a_cooldown_survives_a_restart(make_app, service):
    first = make_app(testsrc=TestSource())
    first.sources.cool_down("testsrc", 600, "a bot check")
    second = make_app(testsrc=TestSource())
    with pytest.raises(SourceUnavailableError, match="a bot check"):
        get(second, service)
    assert service.requests == []


def test_under_tests_only_loopback_is_called(app):
    assert app.sources.local_only
    with pytest.raises(SourceUnavailableError, match="only 127.0.0.1"):
        app.sources.get_json("testsrc", "https://musicbrainz.org/ws/2/artist")
    app.sources.check_url("testsrc", "http://127.0.0.1:9/x")
    app.sources.check_url("testsrc", "http://localhost:9/x")


def test_the_quota_day_of_a_source_ends_at_midnight_in_its_zone(app):
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    app.sources.set_quota_timezone("testsrc", "America/Los_Angeles")
    pacific = datetime.now(ZoneInfo("America/Los_Angeles"))
    assert app.sources.today("testsrc") == pacific.date()
    reset = datetime.now(UTC) + timedelta(seconds=app.sources.seconds_to_quota_reset("testsrc"))
    local = reset.astimezone(ZoneInfo("America/Los_Angeles"))
    assert (local.hour, local.minute) in ((0, 0), (23, 59))


def test_a_connection_dropped_mid_way_is_retried(app):
    # Accepts, then closes without answering: a reset may pass on a second try,
    # unlike a refused connection or a name that does not resolve.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted = []

    def serve():
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            accepted.append(conn)
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    app.sources.max_retries = 2
    try:
        with pytest.raises(SourceUnavailableError, match=r"\(3 tries\)"):
            app.sources.get_json("testsrc", f"http://127.0.0.1:{listener.getsockname()[1]}/x")
    finally:
        listener.close()
    assert len(accepted) == 3
