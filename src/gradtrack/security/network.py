"""The client's address as the throttle and the access log record it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address


def client_address(request) -> str | None:
    # Behind the one reverse proxy of the deployment (GRADTRACK_BEHIND_PROXY) the client is the last address
    # the proxy appended; anything before it was written by the client and cannot be trusted.
    candidate = request.META.get("REMOTE_ADDR", "")
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            candidate = forwarded.split(",")[-1].strip()
    try:
        validate_ipv46_address(candidate)
    except ValidationError:
        return None
    return candidate
