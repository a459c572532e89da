"""Real media for tests: small MP4s and JPEGs made by ffmpeg, and a local HTTP
server on 127.0.0.1 (port 0) that serves them with Range support.

The server can be slowed down (for cancel and crash tests), made to answer
error statuses for the first requests (for retry tests), and to redirect; it
records every request it answered (and the cookies it came with), and dates
each file by its modification time (``Last-Modified``).
"""

from __future__ import annotations

import re
import subprocess
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit


def make_mp4(path: Path, *, seconds: float = 1.0, size: str = "160x120", rate: int = 10,
             bitrate: str | None = None) -> Path:
    """An H.264 + AAC MP4 with a test picture and a tone, `seconds` long."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    video = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    if bitrate:
        # Random noise does not compress: the file reaches the size the benchmark wants.
        source = f"nullsrc=s={size}:r={rate},geq=random(1)*255:128:128"
        video += ["-b:v", bitrate, "-maxrate", bitrate, "-bufsize", bitrate]
    else:
        source = f"testsrc=size={size}:rate={rate}"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-y",
         "-f", "lavfi", "-i", source, "-f", "lavfi", "-i", "sine=frequency=440",
         "-t", str(seconds), *video, "-c:a", "aac", "-b:a", "32k",
         "-movflags", "+faststart", str(path)],
        check=True, timeout=300)
    return path


def make_jpeg(path: Path, *, size: str = "320x180") -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi",
                    "-i", f"testsrc=size={size}", "-frames:v", "1", str(path)],
                   check=True, timeout=60)
    return path


@dataclass
class MediaServer:
    """Serves `files` (URL path -> local file) on 127.0.0.1 with Range support.

    `rate` limits bytes per second (None: full speed); `fail` maps a URL path to
    a list of statuses answered (and consumed) before the real file;
    `redirects` maps a URL path to a Location.
    """

    files: dict[str, Path] = field(default_factory=dict)
    rate: float | None = None
    fail: dict[str, list[int]] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)
    cookies: list[str | None] = field(default_factory=list)  # each request's Cookie header
    host: str = "127.0.0.1"

    def __post_init__(self):
        self._server: ThreadingHTTPServer | None = None

    def add(self, url_path: str, file: Path) -> str:
        self.files[url_path] = Path(file)
        return self.url(url_path)

    def url(self, url_path: str) -> str:
        from urllib.parse import quote

        return f"http://{self.host}:{self.port}{quote(url_path)}"

    @property
    def port(self) -> int:
        assert self._server is not None, "start the server first"
        return self._server.server_address[1]

    def start(self) -> MediaServer:
        self._server = _QuietServer(("127.0.0.1", 0), _handler_for(self))
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True,
                         name="media-server").start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> MediaServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # clients hanging up mid-transfer (cancel tests) is expected


_RANGE = re.compile(r"bytes=(\d*)-(\d*)$")


def _handler_for(server: MediaServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # keep test output quiet
            pass

        def do_HEAD(self):
            self._answer(body=False)

        def do_GET(self):
            self._answer(body=True)

        def _answer(self, body: bool):
            path = unquote(urlsplit(self.path).path)
            server.requests.append((self.command, path))
            server.cookies.append(self.headers.get("Cookie"))
            statuses = server.fail.get(path)
            if statuses:
                self._empty(statuses.pop(0))
                return
            if path in server.redirects:
                self._empty(302, {"Location": server.redirects[path]})
                return
            file = server.files.get(path)
            if file is None or not file.exists():
                self._empty(404)
                return
            size = file.stat().st_size
            start, end = 0, size - 1
            status = 200
            match = _RANGE.match(self.headers.get("Range", ""))
            if match and (match.group(1) or match.group(2)):
                if match.group(1):
                    start = int(match.group(1))
                    end = min(int(match.group(2)), size - 1) if match.group(2) else size - 1
                else:
                    start = max(0, size - int(match.group(2)))
                if start >= size:
                    self._empty(416, {"Content-Range": f"bytes */{size}"})
                    return
                status = 206
            self.send_response(status)
            self.send_header("Content-Type", "video/mp4" if file.suffix == ".mp4"
                             else "image/jpeg")
            self.send_header("Accept-Ranges", "bytes")
            # As real file servers do: yt-dlp reads it as the file's upload date.
            self.send_header("Last-Modified", formatdate(file.stat().st_mtime, usegmt=True))
            self.send_header("Content-Length", str(end - start + 1))
            if status == 206:
                self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
            self.end_headers()
            if body:
                self._send(file, start, end - start + 1)

        def _send(self, file: Path, start: int, length: int):
            chunk = 64 * 1024 if server.rate is None else max(1024, int(server.rate / 20))
            with open(file, "rb") as handle:
                handle.seek(start)
                while length > 0:
                    data = handle.read(min(chunk, length))
                    if not data:
                        break
                    try:
                        self.wfile.write(data)
                        self.wfile.flush()
                    except (BrokenPipeError, ConnectionResetError):
                        return
                    length -= len(data)
                    if server.rate:
                        time.sleep(len(data) / server.rate)

        def _empty(self, status: int, headers: dict | None = None):
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Handler
