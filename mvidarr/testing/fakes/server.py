"""What every fake outside service shares: a real HTTP server on 127.0.0.1, port 0.

A `FakeService` subclass answers requests in `answer(request)`; this base runs it
in a werkzeug server thread, records every request (so contract tests can assert
exactly what a plugin sent), and offers the failure modes the reference lists:
queued faults (`fail_next`: a 429 with Retry-After, a 503, an HTML error page),
slow answers (`delay`), and an enforced request rate (`limit_rate`) that answers
`rate_status` to anyone calling faster than the service allows.

Use one as a context manager or call `start()` / `stop()`::

    with FakeImvdb() as imvdb:
        app.settings.set("imvdb.base_url", imvdb.url)
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

HTML_ERROR_PAGE = ("<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
                   "<body><h1>Bad Gateway</h1></body></html>")


@dataclass
class Recorded:
    """One request as the fake saw it."""

    method: str
    path: str
    args: dict[str, str]
    headers: dict[str, str]
    at: float  # time.monotonic() when it arrived
    status: int = 0


@dataclass
class Fault:
    status: int
    body: str
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"
    path: str | None = None  # only requests whose path contains this


class FakeService:
    """Base of the fakes: serving, recording, faults, delays, rate enforcement."""

    rate_status = 429  # what a caller faster than `limit_rate` gets
    rate_body = '{"error": "rate limit exceeded"}'

    def __init__(self):
        self.requests: list[Recorded] = []
        self.delay = 0.0
        self.down: Fault | None = None  # answered to every request while set
        self._faults: list[Fault] = []
        self._rate: float | None = None
        self._burst = 1.0
        self._tokens = 1.0
        self._filled_at = time.monotonic()
        self.rate_violations = 0
        self._lock = threading.Lock()
        self._server = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ----------------------------------------------------------

    def start(self) -> FakeService:
        self._server = make_server("127.0.0.1", 0, self._wsgi, threaded=True)
        server = self._server
        # A short poll keeps stop() quick: shutdown waits for the loop to look.
        self._thread = threading.Thread(target=lambda: server.serve_forever(poll_interval=0.05),
                                        daemon=True, name=type(self).__name__)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    @property
    def url(self) -> str:
        """The base URL a plugin's ``<plugin>.base_url`` setting takes."""
        return self.root

    # -- failure modes ------------------------------------------------------

    def fail_next(self, status: int, body: str | dict | None = None, *, times: int = 1,
                  headers: dict[str, str] | None = None, html: bool = False,
                  path: str | None = None) -> None:
        """Answer the next `times` requests (whose path contains `path`) with `status`."""
        fault = self._fault(status, body, headers, html, path)
        with self._lock:
            self._faults.extend([fault] * times)

    def go_down(self, status: int = 503, body: str | dict | None = None, *,
                html: bool = False) -> None:
        """Answer every request with `status` until `come_back`."""
        self.down = self._fault(status, body, None, html, None)

    def come_back(self) -> None:
        self.down = None

    def limit_rate(self, per_second: float, burst: float = 1.0) -> None:
        """Refuse requests arriving faster than `per_second` (a token bucket of `burst`)."""
        with self._lock:
            self._rate, self._burst, self._tokens = per_second, burst, burst
            self._filled_at = time.monotonic()

    def _fault(self, status, body, headers, html, path) -> Fault:
        if html:
            return Fault(status, body if isinstance(body, str) else HTML_ERROR_PAGE,
                         dict(headers or {}), "text/html; charset=utf-8", path)
        text = json.dumps(body) if isinstance(body, dict) else (body or "{}")
        return Fault(status, text, dict(headers or {}), "application/json", path)

    # -- recording ----------------------------------------------------------

    def calls(self, path_part: str = "") -> list[Recorded]:
        return [r for r in self.requests if path_part in r.path]

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self._faults.clear()
            self.rate_violations = 0

    # -- serving ------------------------------------------------------------

    def answer(self, request: Request) -> Response:
        raise NotImplementedError

    def json(self, data: Any, status: int = 200, headers: dict | None = None) -> Response:
        return Response(json.dumps(data), status=status, headers=headers,
                        content_type="application/json; charset=UTF-8")

    def _take_fault(self, path: str) -> Fault | None:
        with self._lock:
            for index, fault in enumerate(self._faults):
                if fault.path is None or fault.path in path:
                    return self._faults.pop(index)
        return self.down

    def _over_rate(self) -> bool:
        with self._lock:
            if self._rate is None:
                return False
            now = time.monotonic()
            # A little slack for scheduling jitter between client and server threads.
            self._tokens = min(self._burst, self._tokens + (now - self._filled_at) * self._rate)
            self._filled_at = now
            if self._tokens >= 1.0 - 0.05:
                self._tokens -= 1.0
                return False
            self.rate_violations += 1
            return True

    def _wsgi(self, environ, start_response):
        request = Request(environ)
        record = Recorded(request.method, request.path, dict(request.args.items()),
                          dict(request.headers.items()), time.monotonic())
        with self._lock:
            self.requests.append(record)
        if self.delay:
            time.sleep(self.delay)
        fault = self._take_fault(request.path)
        if fault is not None:
            response = Response(fault.body, status=fault.status, headers=fault.headers,
                                content_type=fault.content_type)
        elif self._over_rate():
            response = Response(self.rate_body, status=self.rate_status,
                                content_type="application/json")
        else:
            response = self.answer(request)
        record.status = response.status_code
        return response(environ, start_response)
