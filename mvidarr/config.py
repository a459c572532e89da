"""Where MVidarr keeps its data and how it is reached: from the environment."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from mvidarr.errors import ConfigError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5000


@dataclass
class Config:
    data_dir: Path
    database_url: str
    secret_key: str | None = None  # None: generated once into the data folder
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    log_to_console: bool = True

    @classmethod
    def from_env(cls, env: dict | None = None, **overrides) -> Config:
        env = os.environ if env is None else env
        data_dir = Path(env.get("MVIDARR_DATA_DIR") or "./data").expanduser().resolve()
        port_text = env.get("MVIDARR_PORT") or str(DEFAULT_PORT)
        try:
            port = int(port_text)
        except ValueError:
            raise ConfigError(f"MVIDARR_PORT must be a port number, not {port_text!r}") from None
        from mvidarr.db import default_url

        values = {
            "data_dir": data_dir,
            "database_url": env.get("MVIDARR_DATABASE_URL") or default_url(data_dir),
            "secret_key": env.get("MVIDARR_SECRET_KEY") or None,
            "host": env.get("MVIDARR_HOST") or DEFAULT_HOST,
            "port": port,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def ensure_data_dir(config: Config) -> Path:
    """Create the data folder if needed; a folder that cannot be made is a config error."""
    try:
        config.data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create the data folder {config.data_dir}: "
                          f"{exc.strerror or exc} (set MVIDARR_DATA_DIR)") from None
    return config.data_dir


def make_private(path: Path) -> None:
    """Create `path` readable by its owner only (mode 0600), or tighten it if it exists:
    the database holds keys and TOTP secrets, the log holds who did what."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
    except PermissionError:
        pass  # not ours to change: leave it as the operator set it


def private_file(path: Path, make) -> str:
    """Read a small secret file, creating it with mode 0600 from `make()` if missing."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    value = make()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")
    return value


def secret_key(config: Config) -> str:
    if config.secret_key:
        return config.secret_key
    return private_file(config.data_dir / "secret_key", lambda: secrets.token_hex(32))
