"""Checks for setting values, used as `SettingSpec(validate=...)`.

Each takes the value after type coercion (never None: a null resets the
setting) and raises ValueError saying what is wrong, so that a bad value is
refused when it is set instead of breaking a download or the start later.
Plugins use them through ``from mvidarr import validators``.
"""

from __future__ import annotations

import ipaddress
import os
import re
import string
from pathlib import PureWindowsPath
from urllib.parse import urlsplit

from mvidarr.errors import ValidationError

_HTTP = ("http", "https")
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")
MIN_WEBHOOK_TOKEN = 16
# Only ASCII here: a browser sends an international host name in its xn-- form.
_ORIGIN = re.compile(r"(?i:https?)://(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)"
                     r"(?::(?P<port>[0-9]{1,5}))?/?", re.ASCII)
_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?", re.ASCII)


def http_url(value: str) -> None:
    """An ``http://`` or ``https://`` URL with a host (a service's base URL)."""
    if any(ch.isspace() for ch in value):
        raise ValueError(f"{value!r} is not a URL: it contains spaces")
    parts = urlsplit(value)
    if parts.scheme.lower() not in _HTTP:
        raise ValueError(f"{value!r} is not an http:// or https:// URL")
    if not parts.hostname:
        raise ValueError(f"{value!r} has no host name")
    if "@" in parts.netloc:
        # It would be shown unredacted wherever the URL is shown.
        raise ValueError("the URL must not carry a user name or password: put credentials "
                         "in the key/token setting")
    _port(parts, value)


def token(value: str) -> None:
    """A key, token, id or user name: printable ASCII without spaces (it goes into an
    HTTP header or a URL). Empty means not set."""
    if any(not 33 <= ord(ch) <= 126 for ch in value):
        raise ValueError("must be printable ASCII without spaces, line breaks or control "
                         "characters")


def webhook_token(value: str) -> None:
    """A webhook's shared secret: a `token` of at least 16 characters (empty: one is
    generated)."""
    token(value)
    if value and len(value) < MIN_WEBHOOK_TOKEN:
        raise ValueError(f"must be at least {MIN_WEBHOOK_TOKEN} characters long (or empty, "
                         f"and one is generated)")


def contact(value: str) -> None:
    """Who runs this MVidarr, for a service's User-Agent: one line, not empty."""
    single_line(value)
    if not value.strip():
        raise ValueError("must not be empty: the service asks for a URL or e-mail address")


def single_line(value: str) -> None:
    """Text without line breaks or control characters (it goes into an HTTP header)."""
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise ValueError("must be one line without control characters")


def cors_origins(values: list[str]) -> None:
    """Each item a browser origin: ``scheme://host[:port]``, no path, no ``*``."""
    for value in values:
        if "*" in value:
            raise ValueError(f"{value!r}: wildcards are not accepted; name every origin")
        match = _ORIGIN.fullmatch(value)
        if match is None or not _origin_host(match["host"]) \
                or (match["port"] is not None and not 0 < int(match["port"]) < 65536):
            raise ValueError(f"{value!r} is not an origin: only scheme://host[:port] like "
                             f"https://example.org:8443 (http or https, a host name or IP "
                             f"address, no path, no spaces)")


def _origin_host(host: str) -> bool:
    if host.startswith("["):
        try:
            return ipaddress.ip_address(host[1:-1]).version == 6
        except ValueError:
            return False
    labels = host.split(".")
    if all(label.isdigit() for label in labels):  # looks like IPv4: it must be one
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            return False
        return True
    return len(host) <= 253 and all(_LABEL.fullmatch(label) for label in labels)


def ip_networks(values: list[str]) -> None:
    """Each item an IP address (``10.0.0.2``) or a network (``10.0.0.0/8``)."""
    for value in values:
        try:
            ipaddress.ip_network(value.strip(), strict=False)
        except ValueError:
            raise ValueError(f"{value!r} is not an IP address or CIDR network") from None


SYSTEM_FOLDERS = ("/", "/proc", "/sys", "/dev", "/etc", "/bin", "/sbin", "/boot")


def absolute_path(value: str) -> None:
    """A folder path that is absolute once ``~`` is expanded, not a file and not a
    system folder (files would be filed, and fail, there)."""
    path = os.path.expanduser(value.strip())
    if not os.path.isabs(path):
        raise ValueError(f"{value!r} is not an absolute path (like /srv/music-videos)")
    real = os.path.realpath(path)
    if os.path.exists(real) and not os.path.isdir(real):
        raise ValueError(f"{value!r} exists and is not a folder")
    if any(real == folder or (folder != "/" and real.startswith(folder + "/"))
           for folder in SYSTEM_FOLDERS):
        raise ValueError(f"{value!r} is a system folder; choose a folder for your videos")


def naming_template(value: str) -> None:
    """A naming template of known tokens only, relative, inside the library."""
    from mvidarr.services.filing import check_template  # the renderer's own check

    try:
        check_template(value)
        fields = list(string.Formatter().parse(value))
    except ValidationError as exc:
        if "." in value or "[" in value:
            _no_access(value)
        raise ValueError(exc.message) from None
    for _, name, spec, conversion in fields:
        if name is not None and (spec or conversion):
            raise ValueError(f"{{{name}}}: tokens take no format or conversion "
                             f"(':' or '!')")
    text = value.strip()
    if text.startswith(("/", "\\", "~")) or _WINDOWS_DRIVE.match(text) \
            or PureWindowsPath(text).is_absolute():
        raise ValueError("the naming template must be relative to the library root")
    segments = [segment.strip() for segment in re.split(r"[/\\]", text)]
    if ".." in segments:
        raise ValueError("the naming template must not contain '..' segments")
    if not any(name for _, name, _, _ in string.Formatter().parse(segments[-1])):
        raise ValueError("the file name (after the last /) needs a token, or every video "
                         "gets the same name")


def _no_access(value: str) -> None:
    """A clearer word than "unknown token" for ``{artist.__class__}`` or ``{artist[0]}``."""
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(value) if name]
    except ValueError:
        return  # malformed: check_template's own message says so
    for name in names:
        if any(mark in name for mark in ".["):
            raise ValueError(f"{{{name}}}: tokens allow no attribute or index access")


def _port(parts, value: str) -> None:
    try:
        parts.port  # noqa: B018 - reading it checks it
    except ValueError:
        raise ValueError(f"{value!r} has an invalid port") from None

