"""The cookies yt-dlp sends: one secret setting, ``ytdlp.cookies``, holding the text
of a Netscape ``cookies.txt`` (not a path to one).

yt-dlp only reads cookies from a file, and writes its jar back to that file when
it closes. So every yt-dlp call gets its own private copy: `cookie_file(app)`
writes the setting's current text to a new file (mode 0600) under
``<data_dir>/tmp/cookies/`` and removes it when the call is over. The setting is
read at every call, so a change applies to the next one without a restart, and
whatever yt-dlp writes back lands in a copy nobody reads.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mvidarr.app import Mvidarr

SETTING = "ytdlp.cookies"
HEADER = "# Netscape HTTP Cookie File"
# What Python's cookie jar (and so yt-dlp) demands as the first line of the file.
_HEADER_RE = re.compile(r"#( Netscape)? HTTP Cookie File")
_HTTPONLY = "#HttpOnly_"  # curl's mark of an HttpOnly cookie: a cookie line, not a comment
_FIELDS = 7
STALE_SECONDS = 24 * 3600  # a copy this old was left by a process that died mid-call


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def check_cookies(text: str) -> None:
    """Raise ValueError, in words, unless `text` looks like a Netscape cookies.txt:
    the header line, or cookie lines of 7 tab-separated fields (comments and blank
    lines allowed). Blank text is accepted: it means "no cookies". The message
    never repeats the text: it is a secret."""
    if not text.strip():
        return
    if text.lstrip()[:1] in ("{", "["):
        raise ValueError("this looks like JSON; export the cookies in the Netscape "
                         "cookies.txt format (tab-separated lines) instead")
    header = cookies = 0
    for number, line in enumerate(_lines(text), 1):
        if line.startswith(_HTTPONLY):
            line = line[len(_HTTPONLY):]
        elif not line.strip():
            continue
        elif line.startswith("#"):
            header += bool(_HEADER_RE.match(line))
            continue
        fields = line.split("\t")
        if len(fields) != _FIELDS:
            raise ValueError(
                f"line {number} is not a cookie: a Netscape cookies.txt line has 7 fields "
                f"separated by tabs (domain, include subdomains, path, secure, expiry, name, "
                f"value), this one has {len(fields)}")
        if fields[4] and not re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", fields[4]):
            raise ValueError(f"line {number}: the expiry (5th field) must be a number of "
                             f"seconds since 1970")
        cookies += 1
    if not header and not cookies:
        raise ValueError("this is not a Netscape cookies.txt: it has neither the "
                         f"'{HEADER}' line nor a cookie line")


def file_text(text: str) -> str:
    """`text` as yt-dlp reads it: Unix line ends, and the header line first."""
    lines = _lines(text.strip("\n\r"))
    if not _HEADER_RE.match(lines[0]):
        lines.insert(0, HEADER)
    return "\n".join(lines) + "\n"


def cookie_folder(app: Mvidarr) -> Path:
    return app.data_dir / "tmp" / "cookies"


@contextlib.contextmanager
def cookie_file(app: Mvidarr) -> Iterator[Path | None]:
    """A private copy of the ``ytdlp.cookies`` setting for one yt-dlp call
    (`cookiefile=`), removed afterwards; None when no cookies are set."""
    with app.connection():
        text = app.settings.get(SETTING) if SETTING in app.settings.specs else None
    if not text or not text.strip():
        yield None
        return
    folder = cookie_folder(app)
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    _remove_stale(folder)
    handle, name = tempfile.mkstemp(prefix="cookies-", suffix=".txt", dir=folder)  # 0600
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(file_text(text))
        yield path
    finally:
        path.unlink(missing_ok=True)


def _remove_stale(folder: Path) -> None:
    """Copies left by a process killed mid-call (they hold a secret)."""
    limit = time.time() - STALE_SECONDS
    for entry in folder.glob("cookies-*.txt"):
        with contextlib.suppress(OSError):
            if entry.stat().st_mtime < limit:
                entry.unlink()
