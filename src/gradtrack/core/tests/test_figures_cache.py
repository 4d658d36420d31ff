"""Cached figures are never older than the last write made through the services, never shared between users
who see different graduates, and can be turned off."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from gradtrack.core import figures_cache
from gradtrack.records import services as records_services
from gradtrack.records.selectors import visibility_key
from gradtrack.testing.factories import EmployerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_same_question_is_computed_once_until_the_data_changes(centre_user, graduate):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert figures_cache.cached("test", ["a"], compute) == 1
    assert figures_cache.cached("test", ["a"], compute) == 1
    assert figures_cache.cached("test", ["b"], compute) == 2, "other parts are another question"
    records_services.record_update(graduate, data={"name": "李明明"}, acting_user=centre_user)
    assert figures_cache.cached("test", ["a"], compute) == 3, "a write through the services is a new stamp"


def test_none_is_cached_like_any_other_answer():
    calls = []
    for _ in range(2):
        figures_cache.cached("none", [], lambda: calls.append(1))
    assert calls == [1]


def test_a_timeout_of_zero_turns_caching_off(settings):
    settings.GRADTRACK_FIGURES_CACHE_SECONDS = 0
    calls = []
    for _ in range(2):
        figures_cache.cached("off", [], lambda: calls.append(1))
    assert calls == [1, 1]


def test_the_key_names_the_day(centre_user):
    stamp = figures_cache.data_stamp()
    today = datetime.date(2026, 11, 25)
    assert figures_cache.key_for("x", [], stamp=stamp, today=today) != figures_cache.key_for(
        "x", [], stamp=stamp, today=today + datetime.timedelta(days=1)
    )


def test_a_job_added_on_the_page_shows_at_once_on_the_dashboard(centre_client, graduate):
    before = centre_client.get(reverse("site:dashboard")).context["counts"]["employed"]
    employer = EmployerFactory()
    response = centre_client.post(
        reverse("records:employment_create", args=[graduate.pk]),
        {"employer": employer.pk, "start_date": "2026-07-01", "monthly_salary": "4000", "channel": "school"},
    )
    assert response.status_code == 302
    assert centre_client.get(reverse("site:dashboard")).context["counts"]["employed"] == before + 1


@pytest.mark.parametrize("first", ["centre", "dept"])
def test_users_who_see_different_graduates_never_share_figures(
    centre_user, dept_user, graduate, other_graduate, first
):
    users = {"centre": centre_user, "dept": dept_user}
    expected = {"centre": 2, "dept": 1}
    for who in [first, *(who for who in users if who != first)]:
        client = Client()
        client.force_login(users[who])
        assert client.get(reverse("site:dashboard")).context["counts"]["total"] == expected[who]
        stats = client.get(reverse("stats:overview") + "?scope=school&first=2024&last=2024").context
        assert stats["total"].graduates == expected[who]


def test_a_department_user_with_the_same_departments_shares_the_computation(
    dept_user, department, other_department
):
    colleague = UserFactory(username="jd2", role="department", departments=[department])
    outsider = UserFactory(username="xx2", role="department", departments=[other_department])
    assert visibility_key(colleague) == visibility_key(dept_user) != visibility_key(outsider)


def test_wiping_the_demo_forgets_every_cached_figure(django_capture_on_commit_callbacks):
    # Wiping deletes history entries, so the newest id can go back to one that keyed other data.
    from gradtrack.site.demo import wipe_demo_records

    calls = []
    figures_cache.cached("wipe", [], lambda: calls.append(1))
    with django_capture_on_commit_callbacks(execute=True):
        wipe_demo_records()
    figures_cache.cached("wipe", [], lambda: calls.append(1))
    assert calls == [1, 1]
