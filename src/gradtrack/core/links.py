"""Links that answer without an account (the employer form, the graduate survey): ``<public_id>.<MAC>``.

Only the random ``public_id`` is stored; the MAC is an HMAC-SHA256 of it under the secret key and a salt per
kind of link, so a copy of the database cannot answer a form, a letter can be printed again with the same
link, and rotating ``GRADTRACK_SECRET_KEY`` invalidates every link still out (README, "The annual survey
calendar")."""

import base64
import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

MAX_TOKEN_LENGTH = 80


def new_public_id() -> str:
    return secrets.token_urlsafe(12)


def _mac(salt: str, public_id: str) -> str:
    digest = salted_hmac(salt, public_id, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest[:18]).decode()


def token_for(salt: str, public_id: str) -> str:
    return f"{public_id}.{_mac(salt, public_id)}"


def public_id_of(salt: str, token: str) -> str | None:
    """The public id a token names, or None for anything else (wrong MAC, malformed, too long)."""
    public_id, dot, mac = (token or "").partition(".")
    if not dot or not public_id or len(token) > MAX_TOKEN_LENGTH:
        return None
    return public_id if constant_time_compare(mac, _mac(salt, public_id)) else None
