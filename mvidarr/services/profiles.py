"""Quality profiles as the user edits them: list, create, change, delete.

Exactly one profile is the default (the one a video without its own profile,
whose artist has none either, is downloaded with): marking one default unmarks
the others in the same transaction, and the default cannot be unmarked or
deleted, only replaced by marking another. A profile an artist or a video uses
cannot be deleted either: the user moves them to another profile first.
"""

from __future__ import annotations

from typing import Any

import peewee as pw

from mvidarr.errors import ConflictError, NotFoundError, ValidationError
from mvidarr.models import Artist, QualityProfile, Video, db
from mvidarr.services.quality import check_profile

PROFILE_SORTS = {
    "name": QualityProfile.name,
    "max_height": QualityProfile.max_height,
    "created_at": QualityProfile.created_at,
    "id": QualityProfile.id,
}
EDITABLE = ("name", "max_height", "video_codec", "audio_codec", "container",
            "allow_audio_only", "is_default")


def profiles() -> pw.ModelSelect:
    # The default is made on first use: a fresh install lists it, never an empty list.
    QualityProfile.default()
    return QualityProfile.select()


def get_profile(profile_id: int) -> QualityProfile:
    profile = QualityProfile.get_or_none(QualityProfile.id == profile_id)
    if profile is None:
        raise NotFoundError(f"no quality profile with id {profile_id}")
    return profile


def create_profile(fields: dict[str, Any]) -> QualityProfile:
    clean = _clean(fields)
    QualityProfile.default()  # the built-in default exists before the user's first profile
    make_default = clean.pop("is_default", False)
    try:
        with db.atomic():
            _name_is_free(clean["name"])
            profile = QualityProfile.create(**clean)
            if make_default:
                _make_default(profile)
    except pw.IntegrityError:  # the same name, created at the same moment
        raise ConflictError(f"a quality profile named {clean['name']!r} exists already",
                            {"field": "name"}) from None
    return get_profile(profile.id)


def update_profile(profile_id: int, fields: dict[str, Any]) -> QualityProfile:
    clean = _clean(fields)
    make_default = clean.pop("is_default", None)
    try:
        with db.atomic():
            profile = get_profile(profile_id)
            if "name" in clean:
                _name_is_free(clean["name"], profile.id)
            if make_default is False and profile.is_default:
                raise ConflictError("this is the default profile: mark another profile "
                                    "default instead", {"field": "is_default"})
            if clean:
                QualityProfile.update(**clean).where(QualityProfile.id == profile.id).execute()
            if make_default:
                _make_default(profile)
    except pw.IntegrityError:
        raise ConflictError(f"a quality profile named {clean.get('name')!r} exists already",
                            {"field": "name"}) from None
    return get_profile(profile_id)


def delete_profile(profile_id: int) -> None:
    with db.atomic():
        profile = get_profile(profile_id)
        if profile.is_default:
            raise ConflictError("the default profile cannot be deleted: mark another profile "
                                "default first")
        artists = Artist.select().where(Artist.quality_profile == profile.id).count()
        videos = Video.select().where(Video.quality_profile == profile.id).count()
        if artists or videos:
            raise ConflictError(f"the profile is in use by {artists} artist(s) and {videos} "
                                f"video(s): give them another profile first",
                                {"artists": artists, "videos": videos})
        profile.delete_instance()


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    clean = check_profile({key: fields[key] for key in EDITABLE if key in fields})
    if "name" in clean:
        name = clean["name"].strip() if isinstance(clean["name"], str) else ""
        if not name:
            raise ValidationError("name must not be empty", {"field": "name"})
        clean["name"] = name
    return clean


def _name_is_free(name: str, own_id: int | None = None) -> None:
    # Ignoring case, as artist names do: "720p VP9" next to "720P vp9" only confuses.
    # Compared here, not in SQL: SQLite's lower() folds ASCII only. Profiles are few.
    others = QualityProfile.select(QualityProfile.id, QualityProfile.name)
    if own_id is not None:
        others = others.where(QualityProfile.id != own_id)
    for other in others:
        if other.name.casefold() == name.casefold():
            raise ConflictError(f"a quality profile named {other.name!r} exists already",
                                {"field": "name"})


def _make_default(profile: QualityProfile) -> None:
    QualityProfile.update(is_default=False).where(
        QualityProfile.id != profile.id, QualityProfile.is_default == True).execute()  # noqa: E712
    QualityProfile.update(is_default=True).where(QualityProfile.id == profile.id).execute()
