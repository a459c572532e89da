"""The one small hierarchy of errors MVidarr raises.

`UserError` and its children carry a message meant for the person using MVidarr
(the API answers it as ``{"error": ...}``, the CLI prints it as one line).
Everything else is internal and never shown verbatim.
"""

from __future__ import annotations


class MvidarrError(Exception):
    """Base of every error MVidarr raises on purpose."""


class UserError(MvidarrError):
    """Something the user asked for cannot be done; the message says why."""

    status = 400

    def __init__(self, message: str, details: object | None = None):
        super().__init__(message)
        self.message = message
        self.details = details


class ValidationError(UserError):
    """Input that is well-formed but not acceptable (a bad setting value...)."""

    status = 422


class NotFoundError(UserError):
    status = 404


class ConflictError(UserError):
    status = 409


class ConfigError(MvidarrError):
    """The installation is misconfigured (bad database URL, unwritable data dir)."""


class TransientError(MvidarrError):
    """A failure worth retrying later: network, timeouts, 5xx answers."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class RateLimitError(TransientError):
    """An outside service asked us to slow down; `retry_after` is in seconds."""


class SourceUnavailableError(TransientError):
    """An outside service is down or refuses us for now (cool-down, quota)."""


class PermanentError(MvidarrError):
    """A failure retrying will not fix: a removed video, a geo block."""


class AuthenticationError(UserError):
    """No valid session, API key or token came with the request."""

    status = 401


class PermissionDeniedError(UserError):
    """Authenticated, but the role does not allow this."""

    status = 403


class TooManyRequestsError(UserError):
    """Slow down (login attempts, setup token tries); `retry_after` in seconds."""

    status = 429

    def __init__(self, message: str, retry_after: float, details: object | None = None):
        super().__init__(message, details)
        self.retry_after = retry_after
