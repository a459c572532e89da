"""The one-time setup token that lets the first admin be created.

While no user exists, `prepare` makes a random token, keeps it in
`<data_dir>/setup_token` (mode 0600) and prints it on the console, so that the
person who started MVidarr (and only they: the file and the terminal are theirs)
can create the first admin through `POST /api/auth/setup`. The log file only says where
the token is: the log is read by more people than the terminal, and secrets
never go into it. `consume` takes the token once; afterwards the file is gone.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import sys
from pathlib import Path

from mvidarr import accounts
from mvidarr.config import private_file
from mvidarr.errors import AuthenticationError, ConflictError
from mvidarr.models import User, db

FILE_NAME = "setup_token"
log = logging.getLogger("mvidarr.setup")


def path_of(data_dir: Path) -> Path:
    return Path(data_dir) / FILE_NAME


def needed() -> bool:
    """Whether MVidarr still waits for its first user."""
    return not User.select().exists()


def prepare(app, *, announce: bool = True) -> str | None:
    """Make (or reuse) the setup token while no user exists; answer it.

    When users exist a leftover token file is removed and None answered.
    """
    path = path_of(app.data_dir)
    if not needed():
        path.unlink(missing_ok=True)
        return None
    token = private_file(path, lambda: secrets.token_urlsafe(32))
    if announce:
        log.warning("no user exists yet: create the first admin with POST /api/auth/setup "
                    "and the one-time setup token kept in %s (see README.md)", path)
        if app.config.log_to_console:
            print(f"MVidarr setup token (one use, also in {path}): {token}",
                  file=sys.stderr, flush=True)
    return token


def consume(app, token: str, username: str, password: str) -> User:
    """Create the first admin if `token` is the setup token; the token is gone after."""
    path = path_of(app.data_dir)
    if not needed():
        raise ConflictError("setup is done: a user exists already")
    try:
        expected = path.read_text().strip()
    except FileNotFoundError:
        raise AuthenticationError("no setup token exists: restart MVidarr to make one") from None
    if not isinstance(token, str) or not expected or not hmac.compare_digest(
            token.encode(), expected.encode()):
        raise AuthenticationError("wrong setup token")
    with db.atomic():
        if not needed():  # another request won the race
            raise ConflictError("setup is done: a user exists already")
        user = accounts.create_user(username, password, "admin")
    path.unlink(missing_ok=True)
    log.info("setup done: created the first admin %s", user.username)
    return user
