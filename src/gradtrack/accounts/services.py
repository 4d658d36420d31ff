"""Writes to users and API tokens."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gradtrack.accounts.models import ApiToken, User


@transaction.atomic
def api_token_create(*, user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """Returns the token and its secret; the secret is shown once and only its hash is kept."""
    key = ApiToken.generate_key()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip() or "API",
        prefix=key[: ApiToken.PREFIX_LENGTH],
        key_hash=ApiToken.hash_key(key),
        expires_at=timezone.now() + datetime.timedelta(days=days or settings.API_TOKEN_DAYS),
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
