"""Typed settings: a registry of specs filled by the core and plugins, values
kept in the database behind a small cache.

The cache is dropped on every write in this process, and re-read after
`CACHE_SECONDS` so that a change made by another process (the web app while a
worker runs) applies without a restart.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from peewee import IntegrityError

from mvidarr.errors import NotFoundError, ValidationError
from mvidarr.models import Setting, db, utcnow
from mvidarr.types import SettingSpec

CACHE_SECONDS = 2.0
REDACTED = "********"
_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


class Settings:
    def __init__(self):
        self.specs: dict[str, SettingSpec] = {}
        self._cache: dict[str, Any] | None = None
        self._loaded_at = 0.0
        self._lock = threading.Lock()

    def register(self, spec: SettingSpec) -> None:
        if spec.plugin != "core" and not spec.key.startswith(spec.plugin + "."):
            raise ValueError(f"setting {spec.key}: keys of plugin {spec.plugin} start with "
                             f"'{spec.plugin}.'")
        known = self.specs.get(spec.key)
        if known and known.plugin != spec.plugin:
            raise ValueError(f"setting {spec.key} is already registered by {known.plugin}")
        self.specs[spec.key] = spec

    def spec(self, key: str) -> SettingSpec:
        try:
            return self.specs[key]
        except KeyError:
            raise NotFoundError(f"unknown setting {key!r}") from None

    def _values(self) -> dict[str, Any]:
        with self._lock:
            if self._cache is None or time.monotonic() - self._loaded_at > CACHE_SECONDS:
                self._cache = {row.key: row.value for row in Setting.select()}
                self._loaded_at = time.monotonic()
            return self._cache

    def invalidate(self) -> None:
        with self._lock:
            self._cache = None

    def get(self, key: str) -> Any:
        spec = self.spec(key)
        value = self._values().get(key)
        # A NULL stored before None meant "reset" reads as the default, too.
        return spec.default if value is None else value

    def is_set(self, key: str) -> bool:
        return self.get(key) not in (None, "", [])

    def set(self, key: str, value: Any) -> Any:
        """Validate and store `value`; answer the stored value. Bad values change nothing.

        None resets the setting to its default (a stored NULL would hide the default).
        """
        spec = self.spec(key)
        if value is None:
            self.reset(key)
            return spec.default
        clean = coerce(spec, value)
        now = utcnow()
        if not Setting.update(value=clean, updated_at=now).where(Setting.key == key).execute():
            try:
                with db.atomic():
                    Setting.create(key=key, value=clean, updated_at=now)
            except IntegrityError:  # another writer made the row meanwhile: ours is newer
                Setting.update(value=clean, updated_at=now).where(Setting.key == key).execute()
        self.invalidate()
        return clean

    def reset(self, key: str) -> None:
        """Forget the stored value: the setting reads as its default again."""
        self.spec(key)
        Setting.delete().where(Setting.key == key).execute()
        self.invalidate()

    def shown(self, key: str) -> Any:
        """The value as the API, CLI and logs may show it: secrets redacted."""
        spec = self.spec(key)
        value = self.get(key)
        if spec.secret:
            return REDACTED if value not in (None, "") else None
        return value

    def describe(self, key: str) -> dict[str, Any]:
        spec = self.spec(key)
        return {
            "key": spec.key,
            "value": self.shown(key),
            "type": spec.type,
            "default": None if spec.secret else spec.default,
            "choices": list(spec.choices) if spec.choices else None,
            "minimum": spec.minimum,
            "maximum": spec.maximum,
            "secret": spec.secret,
            "is_set": self.is_set(key),
            "description": spec.description,
            "plugin": spec.plugin,
        }

    def secret_values(self) -> list[str]:
        """Every secret's value as last read, for the log redaction filter.

        Reads only the cache: logging must never touch the database.
        """
        values = self._cache or {}
        return [str(values[key]) for key, spec in self.specs.items()
                if spec.secret and values.get(key)]


def coerce(spec: SettingSpec, value: Any) -> Any:
    """`value` as the type `spec` declares, or a ValidationError naming the key."""
    try:
        clean = _COERCE[spec.type](value)
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"setting {spec.key}: {exc}", details={"key": spec.key}) from None
    if spec.choices is not None and clean not in spec.choices:
        choices = ", ".join(str(c) for c in spec.choices)
        raise ValidationError(f"setting {spec.key}: {clean!r} is not one of: {choices}",
                              details={"key": spec.key, "choices": list(spec.choices)})
    if spec.type in ("int", "float") and clean is not None:
        if spec.minimum is not None and clean < spec.minimum:
            raise ValidationError(f"setting {spec.key}: must be at least {spec.minimum}",
                                  details={"key": spec.key})
        if spec.maximum is not None and clean > spec.maximum:
            raise ValidationError(f"setting {spec.key}: must be at most {spec.maximum}",
                                  details={"key": spec.key})
    if spec.validate is not None and clean is not None:
        try:
            spec.validate(clean)
        except ValueError as exc:
            raise ValidationError(f"setting {spec.key}: {exc}", details={"key": spec.key}) \
                from None
    return clean


def _str(value):
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError("expects text")
    if "\x00" in value:
        raise ValueError("text must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text is not valid Unicode") from None
    return value


def _int(value):
    if isinstance(value, bool):
        raise TypeError("expects a whole number")
    if isinstance(value, str):
        value = value.strip()
    if isinstance(value, float) and not value.is_integer():
        raise ValueError("expects a whole number")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValueError(f"expects a whole number, not {value!r}") from None


def _float(value):
    if isinstance(value, bool):
        raise TypeError("expects a number")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"expects a number, not {value!r}") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError("expects a finite number")
    return number


def _bool(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise ValueError(f"expects true or false, not {value!r}")


def _list(value):
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError("expects a list of text (or comma-separated text)")
    return [_str(v) for v in value]


def _path(value):
    value = _str(value)
    if value is not None and not value.strip():
        raise ValueError("expects a folder path")
    # Stored as used: " /srv/mv " would be checked as /srv/mv but used as a relative path.
    return value.strip() if value is not None else None


_COERCE = {"str": _str, "int": _int, "float": _float, "bool": _bool, "list": _list,
           "path": _path}

