"""Users, passwords and API keys.

Passwords are hashed with scrypt (salted, memory-hard) and checked in constant
time. API keys are 256-bit random tokens: only their SHA-256 is stored, and
their first characters, so a list can tell them apart.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from mvidarr.errors import ConflictError, NotFoundError, ValidationError
from mvidarr.models import ROLES, ApiKey, User, utcnow

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
KEY_PREFIX_LENGTH = 8


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **_SCRYPT)
    encode = base64.b64encode
    return (f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}$"
            f"{encode(salt).decode()}${encode(digest).decode()}")


def check_password(stored: str, password: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), dklen=32,
                                n=int(n), r=int(r), p=int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(expected, actual)


# A real scrypt hash (of a random password that was thrown away) to check against
# when the user does not exist, so that a wrong username costs exactly what a
# wrong password costs. It is computed ahead so that the first miss is no slower.
_DUMMY_HASH = ("scrypt$16384$8$1$nkt07vTjjSw9KB5TbSOhrw==$"
               "91iZiVNudOB6wLUMJrbpBFfpJyE4ZuiU6dj+zRaH08k=")


def dummy_check(password: str) -> None:
    check_password(_DUMMY_HASH, password)


def authenticate(username: str, password: str) -> User | None:
    """The user whose name and password these are, or None; one scrypt either way."""
    if not isinstance(username, str) or not isinstance(password, str):
        return None
    user = User.by_name(username) if username.strip() else None
    if user is None or len(password) > MAX_PASSWORD_LENGTH:
        dummy_check(password[:MAX_PASSWORD_LENGTH])
        return None
    return user if check_password(user.password_hash, password) else None


def validate_password(password: str) -> None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationError(f"a password has at most {MAX_PASSWORD_LENGTH} characters")


def validate_username(username: str) -> str:
    if not isinstance(username, str):
        raise ValidationError("a username is text")
    username = username.strip()
    if not 1 <= len(username) <= 150 or any(c.isspace() or not c.isprintable() for c in username):
        raise ValidationError("a username has 1 to 150 characters and no spaces")
    return username


def validate_role(role: str) -> str:
    if role not in ROLES:
        raise ValidationError(f"role must be one of: {', '.join(ROLES)}")
    return role


def create_user(username: str, password: str, role: str = "user") -> User:
    username = validate_username(username)
    validate_role(role)
    validate_password(password)
    if User.by_name(username) is not None:
        raise ConflictError(f"a user named {username!r} already exists")
    return User.create(username=username, password_hash=hash_password(password), role=role)


def set_password(user: User, password: str) -> None:
    validate_password(password)
    user.password_hash = hash_password(password)
    user.session_version += 1  # every session of the old password ends
    user.save()


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_api_key(username: str | User, name: str = "") -> tuple[ApiKey, str]:
    """Make a key for `username` (or a User); answer the row and the key, shown only
    this once."""
    user = username if isinstance(username, User) else User.by_name(username)
    if user is None:
        raise NotFoundError(f"no user named {username!r}")
    key = "mvk_" + secrets.token_urlsafe(32)
    row = ApiKey.create(user=user, name=name[:100], prefix=key[:KEY_PREFIX_LENGTH],
                        key_hash=_key_hash(key))
    return row, key


def user_for_api_key(key: str) -> User | None:
    if not key or len(key) > 200:
        return None
    row = (ApiKey.select(ApiKey, User).join(User)
           .where(ApiKey.key_hash == _key_hash(key), ApiKey.revoked_at.is_null()).first())
    if row is None:
        return None
    # Lookup by hash already compared a digest of the key; this guards the prefix too.
    if not hmac.compare_digest(row.prefix, key[:KEY_PREFIX_LENGTH]):
        return None
    now = utcnow()
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
        ApiKey.update(last_used_at=now).where(ApiKey.id == row.id).execute()
    return row.user


def api_keys(owner: User | None = None, *, include_revoked: bool = False):
    """A query of API keys (with their users): all of them, or those of `owner`."""
    query = ApiKey.select(ApiKey, User).join(User)
    if owner is not None:
        query = query.where(ApiKey.user == owner.id)
    if not include_revoked:
        query = query.where(ApiKey.revoked_at.is_null())
    return query


def revoke_api_key(key_id: int, owner: User | None = None) -> None:
    """Revoke a key; with `owner`, only one of theirs (others' keys do not exist)."""
    where = [ApiKey.id == key_id, ApiKey.revoked_at.is_null()]
    if owner is not None:
        where.append(ApiKey.user == owner.id)
    if not ApiKey.update(revoked_at=utcnow()).where(*where).execute():
        raise NotFoundError(f"no active API key {key_id}")


def admins_left(without: User) -> int:
    return User.select().where(User.role == "admin", User.id != without.id).count()


def update_user(user: User, *, role: str | None = None, password: str | None = None,
                reset_2fa: bool = False) -> User:
    """Change a user's role or password, or switch off their 2FA (a lost phone).

    The last admin keeps the admin role: without one nobody could manage users.
    """
    if role is not None and role != user.role:
        validate_role(role)
        if user.role == "admin" and not admins_left(user):
            raise ConflictError("the last admin cannot lose the admin role")
        user.role = role  # sessions read the role afresh on every request
    if password is not None:
        validate_password(password)
        user.password_hash = hash_password(password)
        user.session_version += 1
    if reset_2fa:
        user.totp_secret, user.totp_enabled, user.recovery_codes = None, False, []
        user.session_version += 1
    user.save()
    return user


def delete_user(user: User) -> None:
    if user.role == "admin" and not admins_left(user):
        raise ConflictError("the last admin cannot be deleted")
    user.delete_instance()


def get_user(user_id: int) -> User:
    user = User.get_or_none(User.id == user_id)
    if user is None:
        raise NotFoundError(f"no user {user_id}")
    return user


def users(role: str | None = None):
    """Every user (of `role`), as a query to page."""
    query = User.select()
    return query.where(User.role == validate_role(role)) if role else query
