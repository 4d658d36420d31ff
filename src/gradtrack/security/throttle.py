"""Sign-in throttling per account and per address (counts kept in the database, shared by every worker).

A username with LOGIN_THROTTLE_PER_USERNAME failures, or an address with LOGIN_THROTTLE_PER_ADDRESS
failures, inside the last LOGIN_THROTTLE_MINUTES is refused without its password being checked, until the
oldest of those failures leaves the window. A successful sign-in clears the account's failures, not the
address's: one valid account must not reset the count of an address guessing at others.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from gradtrack.security.models import LoginFailure


@dataclass(frozen=True)
class ThrottleLimits:
    per_username: int
    per_address: int
    window: timedelta


@dataclass(frozen=True)
class Refusal:
    reason: str  # "username" or "address"
    wait: timedelta

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.wait.total_seconds() / 60))


def limits() -> ThrottleLimits:
    return ThrottleLimits(
        per_username=settings.LOGIN_THROTTLE_PER_USERNAME,
        per_address=settings.LOGIN_THROTTLE_PER_ADDRESS,
        window=timedelta(minutes=settings.LOGIN_THROTTLE_MINUTES),
    )


def username_key(username: str) -> str:
    # "Admin" and "admin " are the same target for someone guessing passwords.
    return (username or "").strip().lower()[:150]


def _wait(times: list[datetime], limit: int, window: timedelta, now: datetime) -> timedelta | None:
    """Times newest first; blocked while `limit` of them lie inside the window, until the limit-th leaves it."""
    if limit <= 0 or len(times) < limit:
        return None
    return times[limit - 1] + window - now


def refusal(username: str, address: str | None, *, now: datetime | None = None) -> Refusal | None:
    now = now or timezone.now()
    rules = limits()
    since = now - rules.window
    recent = LoginFailure.objects.filter(at__gt=since).order_by("-at")
    by_username = list(
        recent.filter(username=username_key(username)).values_list("at", flat=True)[: rules.per_username]
    )
    wait = _wait(by_username, rules.per_username, rules.window, now)
    if wait is not None:
        return Refusal("username", wait)
    if address:
        by_address = list(recent.filter(address=address).values_list("at", flat=True)[: rules.per_address])
        wait = _wait(by_address, rules.per_address, rules.window, now)
        if wait is not None:
            return Refusal("address", wait)
    return None


def record_failure(username: str, address: str | None) -> None:
    LoginFailure.objects.filter(at__lte=timezone.now() - limits().window).delete()
    LoginFailure.objects.create(username=username_key(username), address=address)


def clear_username(username: str) -> None:
    LoginFailure.objects.filter(username=username_key(username)).delete()
