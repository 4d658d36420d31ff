"""Throttling kept in the database (shared by every worker), safe against parallel requests.

Sign-in: a username with LOGIN_THROTTLE_PER_USERNAME failures, or an address with LOGIN_THROTTLE_PER_ADDRESS
failures, inside the last LOGIN_THROTTLE_MINUTES is refused without its password being checked, until the
oldest of those failures leaves the window. A successful sign-in clears the account's failures, not the
address's: one valid account must not reset the count of an address guessing at others.

Other rate limits (the employer form's saves per link and per address): `rate_limit_hit` counts one request
against several limits at once and refuses it, counting nothing, while any of them is reached.

Decision: every count-then-record happens in one transaction holding a row lock (SELECT … FOR UPDATE on
`ThrottleLock`, one row per bucket of keys), so parallel requests for the same key take turns. A sign-in
attempt is counted as a failure *before* its password is checked (`sign_in_attempt`) and the count is taken
back when it succeeds: otherwise fifteen parallel guesses would all pass the check before the first failure
is written. On SQLite, which has no row locks, every write transaction already runs alone
(`transaction_mode=IMMEDIATE` in settings), which gives the same guarantee.
"""

import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gradtrack.security.models import LoginFailure, ThrottleEvent, ThrottleLock

# Keys share a lock row when their hashes fall in one bucket: a brief wait for an unrelated key, never a
# missed count. Few rows, created on first use, never removed.
LOCK_BUCKETS = 256


@dataclass(frozen=True)
class ThrottleLimits:
    per_username: int
    per_address: int
    window: timedelta


@dataclass(frozen=True)
class Refusal:
    reason: str  # "username" or "address" for sign-in; the RateLimit's reason otherwise
    wait: timedelta

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.wait.total_seconds() / 60))


@dataclass(frozen=True)
class RateLimit:
    key: str
    limit: int
    window: timedelta
    reason: str


def limits() -> ThrottleLimits:
    return ThrottleLimits(
        per_username=settings.LOGIN_THROTTLE_PER_USERNAME,
        per_address=settings.LOGIN_THROTTLE_PER_ADDRESS,
        window=timedelta(minutes=settings.LOGIN_THROTTLE_MINUTES),
    )


def username_key(username: str) -> str:
    # "Admin" and "admin " are the same target for someone guessing passwords.
    return (username or "").strip().lower()[:150]


def _bucket(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=4).digest(), "big") % LOCK_BUCKETS


def _lock(keys: Iterable[str]) -> None:
    """Hold the lock rows of these keys until the transaction ends (always in the same order: no deadlock)."""
    buckets = sorted({_bucket(key) for key in keys})
    ThrottleLock.objects.bulk_create([ThrottleLock(pk=bucket) for bucket in buckets], ignore_conflicts=True)
    list(ThrottleLock.objects.select_for_update().filter(pk__in=buckets).order_by("pk"))


def _wait(ends: list[datetime], limit: int, now: datetime) -> timedelta | None:
    """`ends`: when each counted event stops counting, latest first. Blocked while `limit` of them still
    count, until the limit-th of them ends."""
    if limit <= 0 or len(ends) < limit:
        return None
    return ends[limit - 1] - now


# --- Sign-in ----------------------------------------------------------------------------------------------


def _sign_in_keys(username: str, address: str | None) -> list[str]:
    return [f"login:user:{username_key(username)}", *([f"login:address:{address}"] if address else [])]


def refusal(username: str, address: str | None, *, now: datetime | None = None) -> Refusal | None:
    """Whether a sign-in would be refused now (a read: use `sign_in_attempt` to check and count at once)."""
    now = now or timezone.now()
    rules = limits()
    recent = LoginFailure.objects.filter(at__gt=now - rules.window).order_by("-at")

    def wait_for(failures, limit: int) -> timedelta | None:
        ends = [at + rules.window for at in failures.values_list("at", flat=True)[:limit]]
        return _wait(ends, limit, now)

    wait = wait_for(recent.filter(username=username_key(username)), rules.per_username)
    if wait is not None:
        return Refusal("username", wait)
    if address:
        wait = wait_for(recent.filter(address=address), rules.per_address)
        if wait is not None:
            return Refusal("address", wait)
    return None


@dataclass(frozen=True)
class SignInAttempt:
    """An attempt already counted as a failure; `succeeded()` or `withdraw()` takes the count back."""

    failure_id: int
    username: str

    def succeeded(self) -> None:
        clear_username(self.username)

    def withdraw(self) -> None:
        # The password was right but the sign-in was refused for another reason (an inactive account).
        LoginFailure.objects.filter(pk=self.failure_id).delete()


def sign_in_attempt(username: str, address: str | None) -> SignInAttempt | Refusal:
    """Refuse a sign-in over the limits, or count it as a failure before its password is checked."""
    with transaction.atomic():
        _lock(_sign_in_keys(username, address))
        refused = refusal(username, address)
        if refused is not None:
            return refused
        failure = LoginFailure.objects.create(username=username_key(username), address=address)
    _forget_old_failures()
    return SignInAttempt(failure_id=failure.pk, username=username)


def _forget_old_failures() -> None:
    LoginFailure.objects.filter(at__lte=timezone.now() - limits().window).delete()


def record_failure(username: str, address: str | None) -> None:
    """Count a failed sign-in checked without `sign_in_attempt` (not safe against parallel attempts)."""
    _forget_old_failures()
    LoginFailure.objects.create(username=username_key(username), address=address)


def clear_username(username: str) -> None:
    LoginFailure.objects.filter(username=username_key(username)).delete()


# --- Rate limits ----------------------------------------------------------------------------------------


def rate_limit_hit(*rate_limits: RateLimit) -> Refusal | None:
    """Count one request against every limit, or refuse it (counting nothing) while one of them is reached."""
    now = timezone.now()
    with transaction.atomic():
        _lock(rule.key for rule in rate_limits)
        for rule in rate_limits:
            counted = ThrottleEvent.objects.filter(key=rule.key, expires_at__gt=now).order_by("-expires_at")
            ends = list(counted.values_list("expires_at", flat=True)[: max(rule.limit, 0)])
            wait = _wait(ends, rule.limit, now)
            if wait is not None:
                return Refusal(rule.reason, wait)
        ThrottleEvent.objects.bulk_create(
            ThrottleEvent(key=rule.key, expires_at=now + rule.window)
            for rule in rate_limits
            if rule.limit > 0
        )
    ThrottleEvent.objects.filter(expires_at__lte=now).delete()
    return None
