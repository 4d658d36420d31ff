"""Sign-in throttling: per account and per address, kept in the database, with a clear Chinese message."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gradtrack.security import throttle
from gradtrack.security.models import LoginFailure, ThrottleEvent

LOGIN = "accounts:login"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.LOGIN_THROTTLE_PER_USERNAME = 5
    settings.LOGIN_THROTTLE_PER_ADDRESS = 20
    settings.LOGIN_THROTTLE_MINUTES = 15


def sign_in(client, username, password, address="10.0.0.1"):
    return client.post(reverse(LOGIN), {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, username, times, address="10.0.0.1"):
    for _ in range(times):
        response = sign_in(client, username, "wrong-password", address)
        assert response.status_code == 200


def test_five_failures_lock_the_account_even_with_the_right_password(client, centre_user, password):
    fail(client, "centre", 5)
    response = sign_in(client, "centre", password)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "该账号登录失败次数过多，已暂时锁定。请 15 分钟后再试" in response.content.decode()


def test_four_failures_still_let_the_right_password_in_and_clear_the_count(client, centre_user, password):
    fail(client, "centre", 4)
    response = sign_in(client, "centre", password)
    assert response.status_code == 302
    assert not LoginFailure.objects.filter(username="centre").exists()


def test_the_lock_ignores_the_case_and_spaces_of_the_username(client, centre_user, password):
    fail(client, "Centre ", 5)
    assert "已暂时锁定" in sign_in(client, "centre", password).content.decode()


def test_the_lock_lifts_when_the_oldest_failure_leaves_the_window(client, centre_user, password):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail(client, "centre", 5)
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        assert "请 1 分钟后再试" in sign_in(client, "centre", password).content.decode()
    with time_machine.travel(start + timedelta(minutes=15, seconds=1), tick=False):
        assert sign_in(client, "centre", password).status_code == 302


def test_an_address_with_twenty_failures_over_many_accounts_is_refused(client, centre_user, password):
    for n in range(20):
        sign_in(client, f"guess{n}", "wrong-password", "10.0.0.9")
    response = sign_in(client, "centre", password, "10.0.0.9")
    assert "您所在的网络地址登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address is not affected.
    assert sign_in(client, "centre", password, "10.0.0.10").status_code == 302


def test_a_success_does_not_reset_the_count_of_the_address(client, centre_user, password):
    for n in range(19):
        sign_in(client, f"guess{n}", "wrong-password", "10.0.0.9")
    assert sign_in(client, "centre", password, "10.0.0.9").status_code == 302
    client.logout()
    sign_in(client, "guess", "wrong-password", "10.0.0.9")
    assert "网络地址" in sign_in(client, "centre", password, "10.0.0.9").content.decode()


def test_refused_attempts_are_not_counted_so_the_lock_does_not_grow(client, centre_user):
    fail(client, "centre", 8)
    assert LoginFailure.objects.filter(username="centre").count() == 5


def test_failures_are_shared_by_every_worker_through_the_database(centre_user, password):
    # Two clients stand for two processes: nothing is kept in memory.
    fail(Client(), "centre", 5)
    assert "已暂时锁定" in sign_in(Client(), "centre", password).content.decode()


@pytest.mark.parametrize(
    ("trusted", "forwarded", "expected"),
    [
        (False, "1.2.3.4", "10.0.0.1"),  # a client cannot choose its address
        (True, "1.2.3.4, 10.9.9.9", "10.9.9.9"),  # the address our proxy appended
        (True, "not-an-address", None),
    ],
)
def test_the_address_comes_from_the_proxy_only_when_configured(rf, settings, trusted, forwarded, expected):
    from gradtrack.security.network import client_address

    settings.TRUST_X_FORWARDED_FOR = trusted
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_old_failures_are_removed_when_a_new_one_is_recorded(db):
    with time_machine.travel(timezone.now() - timedelta(hours=1), tick=False):
        throttle.record_failure("old", "10.0.0.1")
    throttle.record_failure("new", "10.0.0.1")
    assert list(LoginFailure.objects.values_list("username", flat=True)) == ["new"]


def _parallel(count: int, attempt) -> list:
    """Run `attempt()` in `count` threads released at once; their results in order."""
    from django.db import connections

    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = attempt()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_fifteen_parallel_wrong_passwords_lock_the_account_after_five(centre_user, password):
    from django.db import connection

    if connection.vendor != "postgresql":
        # The in-memory SQLite test database is shared-cache: a second connection gets "database table is
        # locked" at once instead of waiting. Production SQLite serialises writers (BEGIN IMMEDIATE).
        pytest.skip("parallel connections need PostgreSQL (shared-cache SQLite refuses them)")
    responses = _parallel(15, lambda: sign_in(Client(), "centre", "wrong-password"))
    checked = [r for r in responses if "已暂时锁定" not in r.content.decode()]
    assert len(checked) == 5
    assert LoginFailure.objects.filter(username="centre").count() == 5
    assert "已暂时锁定" in sign_in(Client(), "centre", password).content.decode()


# --- Rate limits (the employer form's saves) ------------------------------------------------------------

WINDOW = timedelta(minutes=60)


def link_limit(limit=3):
    return throttle.RateLimit(key="form:link:abc", limit=limit, window=WINDOW, reason="link")


def address_limit(limit=5):
    return throttle.RateLimit(key="form:address:10.0.0.1", limit=limit, window=WINDOW, reason="address")


def test_a_rate_limit_lets_its_number_through_then_refuses_until_the_first_expires(db):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert [throttle.rate_limit_hit(link_limit()) for _ in range(3)] == [None, None, None]
        refused = throttle.rate_limit_hit(link_limit())
    assert refused.reason == "link" and refused.minutes == 60
    with time_machine.travel(start + WINDOW + timedelta(seconds=1), tick=False):
        assert throttle.rate_limit_hit(link_limit()) is None


def test_a_request_refused_by_one_limit_is_counted_by_none(db):
    for _ in range(3):
        throttle.rate_limit_hit(address_limit(), link_limit())
    assert throttle.rate_limit_hit(address_limit(), link_limit()).reason == "link"
    other_link = throttle.RateLimit(key="form:link:other", limit=3, window=WINDOW, reason="link")
    # The address counted 3 of its 5: the refused request did not count against it.
    assert throttle.rate_limit_hit(address_limit(), other_link) is None
    assert throttle.rate_limit_hit(address_limit(), other_link) is None
    assert throttle.rate_limit_hit(address_limit(), other_link).reason == "address"


def test_expired_rate_events_are_removed(db):
    with time_machine.travel(timezone.now() - 2 * WINDOW, tick=False):
        throttle.rate_limit_hit(link_limit())
    throttle.rate_limit_hit(address_limit())
    assert list(ThrottleEvent.objects.values_list("key", flat=True)) == ["form:address:10.0.0.1"]


@pytest.mark.django_db(transaction=True)
def test_parallel_requests_never_pass_a_rate_limit():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("parallel connections need PostgreSQL (shared-cache SQLite refuses them)")
    results = _parallel(12, lambda: throttle.rate_limit_hit(link_limit(4)))
    assert sum(result is None for result in results) == 4
    assert ThrottleEvent.objects.count() == 4
