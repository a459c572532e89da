"""Two-factor authentication: TOTP codes (RFC 6238, with pyotp) and recovery codes.

Enrolment is two steps: `begin` makes a secret (shown once, as text, an
otpauth:// URI and a QR code), `enable` switches 2FA on when a code from the
authenticator app matches and answers ten recovery codes. Recovery codes are
80-bit random, stored as SHA-256 hashes and removed when used. A TOTP code is
accepted once: the time step it belongs to is remembered for the user.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import secrets
import time
from datetime import timedelta

import peewee
import pyotp

from mvidarr.errors import ConflictError
from mvidarr.models import TotpUse, User, db, utcnow

# Wrong and replayed codes get the same answer; the hint covers the common honest case.
WRONG_CODE = "wrong or already used two-factor code (each code works once: wait for the next)"

ISSUER = "MVidarr"
STEP_SECONDS = 30
RECOVERY_CODES = 10


def begin(user: User) -> dict:
    """Give `user` a new secret (not yet active); answer it, its URI and QR code."""
    if user.totp_enabled:
        raise ConflictError("two-factor authentication is on already: switch it off first")
    user.totp_secret = pyotp.random_base32()
    user.save()
    uri = pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.username, issuer_name=ISSUER)
    return {"secret": user.totp_secret, "provisioning_uri": uri,
            "qr_png": base64.b64encode(qr_png(uri)).decode()}


def qr_png(text: str) -> bytes:
    """`text` as a QR code in a PNG image."""
    import qrcode
    import qrcode.image.pure

    image = qrcode.make(text, image_factory=qrcode.image.pure.PyPNGImage, box_size=6)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()


def enable(user: User, code: str) -> list[str] | None:
    """Switch 2FA on if `code` matches the begun secret; answer the recovery codes."""
    if user.totp_enabled:
        raise ConflictError("two-factor authentication is on already")
    if not user.totp_secret:
        raise ConflictError("start the enrolment first (POST /api/auth/2fa/enrol)")
    if not check_totp(user, code):
        return None
    user.totp_enabled = True
    user.session_version += 1  # every other session ends; the caller renews its own
    user.save()
    return new_recovery_codes(user)


def disable(user: User) -> None:
    user.totp_secret, user.totp_enabled, user.recovery_codes = None, False, []
    user.session_version += 1
    user.save()


def check(user: User, code: str) -> bool:
    """A TOTP code (six digits) or an unused recovery code of `user`."""
    if not isinstance(code, str) or not user.totp_enabled:
        return False
    code = "".join(code.split())
    if len(code) == 6 and code.isdigit():
        return check_totp(user, code)
    return use_recovery_code(user, code)


def check_totp(user: User, code: str, now: float | None = None) -> bool:
    """Whether `code` is the current (or a neighbouring) TOTP code, never seen before."""
    if not user.totp_secret or not isinstance(code, str):
        return False
    code = "".join(code.split())
    if not (len(code) == 6 and code.isdigit()):
        return False
    now = time.time() if now is None else now
    totp = pyotp.TOTP(user.totp_secret)
    matched = None
    for offset in (-1, 0, 1):  # one step either side: clocks drift, people type slowly
        if hmac.compare_digest(totp.at(int(now), counter_offset=offset), code):
            matched = int(now) // STEP_SECONDS + offset
    if matched is None:
        return False
    try:
        with db.atomic():
            TotpUse.create(user=user.id, step=matched)
    except peewee.IntegrityError:
        return False  # this code was used already
    TotpUse.delete().where(TotpUse.used_at < utcnow() - timedelta(minutes=10)).execute()
    return True


def _recovery_hash(code: str) -> str:
    normal = "".join(code.split()).replace("-", "").lower()
    return hashlib.sha256(normal.encode()).hexdigest()


def new_recovery_codes(user: User) -> list[str]:
    """Replace `user`'s recovery codes; answer the new ones (shown only this once)."""
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = secrets.token_hex(10)
        codes.append("-".join(raw[i:i + 4] for i in range(0, len(raw), 4)))
    user.recovery_codes = [_recovery_hash(code) for code in codes]
    user.save()
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    """Whether `code` is one of `user`'s unused recovery codes; it is used up."""
    wanted = _recovery_hash(code)
    stored = list(user.recovery_codes or [])
    found = None
    for candidate in stored:
        if hmac.compare_digest(candidate, wanted):
            found = candidate
    if found is None:
        return False
    left = [candidate for candidate in stored if candidate != found]
    # Only if nobody used a code in between: the same code never works twice.
    as_stored = peewee.Value(User.recovery_codes.db_value(stored), converter=str, unpack=False)
    changed = User.update(recovery_codes=left).where(
        User.id == user.id, User.recovery_codes == as_stored).execute()
    user.recovery_codes = left
    return bool(changed)
