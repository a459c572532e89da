"""Logging: a rotating file in the data folder, with secrets redacted."""

from __future__ import annotations

import logging
import logging.handlers
import re
from collections.abc import Callable
from pathlib import Path

from mvidarr.config import make_private

# key=value, "key": "value" and header forms of things that are always secret.
_SECRET_PATTERNS = [
    re.compile(r"(?i)((?:api[_-]?key|apikey|token|password|passwd|secret|client_secret|"
               r"x-api-key|x-plex-token)[\"']?\s*[:=]\s*[\"']?)([^\s&\"',;]+)"),
    re.compile(r"(?i)(authorization:\s*(?:bearer|basic)\s+)(\S+)"),
]
REDACTED = "********"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file that only its owner can read (mode 0600)."""

    def _open(self):
        make_private(Path(self.baseFilename))
        return super()._open()


class RedactingFilter(logging.Filter):
    """Replace secret values in every record with ********.

    `secrets` answers the current secret values (settings marked secret); the
    patterns catch keys and tokens that never were settings.
    """

    def __init__(self, secrets: Callable[[], list[str]]):
        super().__init__()
        self.secrets = secrets

    def redact(self, text: str) -> str:
        try:
            values = self.secrets()
        except Exception:
            values = []  # no database yet (or not on this thread): patterns still apply
        for value in sorted(values, key=len, reverse=True):
            if len(value) >= 4:
                text = text.replace(value, REDACTED)
        for pattern in _SECRET_PATTERNS:
            text = pattern.sub(lambda m: m.group(1) + REDACTED, text)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg = self.redact(message)
        record.args = None
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        return True


def setup_logging(data_dir: Path, secrets: Callable[[], list[str]], level: str = "INFO",
                  console: bool = True) -> logging.Logger:
    """Send the `mvidarr` logger to data_dir/logs/mvidarr.log (and the console)."""
    logger = logging.getLogger("mvidarr")
    for handler in list(logger.handlers):
        if getattr(handler, "_mvidarr", False):
            logger.removeHandler(handler)
            handler.close()
    logger.setLevel(level)
    logger.propagate = True
    redactor = RedactingFilter(secrets)
    log_dir = Path(data_dir) / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    handlers: list[logging.Handler] = [PrivateRotatingFileHandler(
        log_dir / "mvidarr.log", maxBytes=5 * 1024 * 1024, backupCount=5, encoding="utf-8")]
    if console:
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler._mvidarr = True
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.addFilter(redactor)
        logger.addHandler(handler)
    return logger
