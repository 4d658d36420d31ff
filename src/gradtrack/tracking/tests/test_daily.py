"""`gradtrack daily`: expiry, expulsions, follow-up dates and reminders, idempotent within a day (time frozen)."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gradtrack.records import services as records_services
from gradtrack.records.models import Employment
from gradtrack.testing.daily import at, daily
from gradtrack.testing.factories import EmploymentFactory, GraduateFactory, UserFactory
from gradtrack.tracking import services
from gradtrack.tracking.models import ReminderSent, TrackingService

D = datetime.date

pytestmark = pytest.mark.django_db


@pytest.fixture
def placed(graduate):
    graduate.email = "liming@example.com"
    graduate.save()
    return EmploymentFactory(graduate=graduate, start_date=D(2024, 2, 29), probation_end=D(2024, 5, 28))


@pytest.fixture
def reminded_staff(department):
    return UserFactory(
        username="jd_mail", role="department", departments=[department], email="jd@example.com"
    )


def test_it_opens_the_service_of_a_school_placed_graduate(placed):
    with at(D(2024, 3, 1)):
        daily()
    service = TrackingService.objects.get(graduate=placed.graduate)
    assert (service.start_date, service.status, service.next_follow_up_due) == (
        D(2024, 2, 29),
        TrackingService.Status.ACTIVE,
        D(2024, 5, 29),
    )


@pytest.mark.parametrize(
    ("day", "status"),
    [(D(2027, 2, 27), "active"), (D(2027, 2, 28), "expired")],
    ids=["§2 still active on its last covered day", "§2 expired on the anniversary (leap-day start)"],
)
def test_it_expires_services_after_their_last_covered_day(placed, day, status):
    with at(D(2024, 3, 1)):
        daily()
    with at(day):
        daily()
    service = TrackingService.objects.get(graduate=placed.graduate)
    assert service.status == status
    assert (service.next_follow_up_due is None) is (status == "expired")


def test_an_expulsion_entered_in_the_file_terminates_the_service_at_once(placed, centre_user):
    with at(D(2024, 3, 1)):
        daily()
    with at(D(2025, 1, 20)):
        records_services.record_update(
            placed, data={"end_date": D(2025, 1, 15), "end_reason": "expelled"}, acting_user=centre_user
        )
        service = TrackingService.objects.get(graduate=placed.graduate)
        assert service.status == TrackingService.Status.TERMINATED
        assert "因开除终止 0 个" in daily()
    assert service.termination_cause == TrackingService.TerminationCause.EXPELLED
    assert service.terminated_on == D(2025, 1, 15)


def test_an_expulsion_that_bypassed_the_services_is_caught_by_the_daily_run(placed, centre_user):
    # An Excel import writes jobs in bulk, without the per-job hook; the daily run catches up.
    with at(D(2024, 3, 1)):
        daily()
    with at(D(2025, 1, 20)):
        Employment.objects.filter(pk=placed.pk).update(end_date=D(2025, 1, 15), end_reason="expelled")
        assert "因开除终止 1 个" in daily()
    service = TrackingService.objects.get(graduate=placed.graduate)
    assert service.status == TrackingService.Status.TERMINATED
    assert service.termination_cause == TrackingService.TerminationCause.EXPELLED
    assert service.terminated_on == D(2025, 1, 15)


def test_two_expulsions_that_bypassed_the_services_terminate_the_service_once_from_the_first(
    placed, employer
):
    with at(D(2024, 3, 1)):
        daily()
    Employment.objects.filter(pk=placed.pk).update(end_date=D(2024, 9, 30), end_reason="expelled")
    EmploymentFactory(
        graduate=placed.graduate,
        employer=employer,
        start_date=D(2024, 11, 1),
        probation_end=D(2025, 1, 31),
        end_date=D(2025, 1, 15),
        end_reason="expelled",
        school_arranged=False,
    )
    with at(D(2025, 1, 20)):
        assert "因开除终止 1 个" in daily()
        assert "因开除终止 0 个" in daily()
    service = TrackingService.objects.get(graduate=placed.graduate)
    assert (service.status, service.terminated_on) == (TrackingService.Status.TERMINATED, D(2024, 9, 30))


def test_reminders_go_once_a_day_to_staff_and_once_a_service_year_to_graduates(placed, reminded_staff):
    with at(D(2024, 3, 1)):
        daily()
    assert [m.to for m in mail.outbox] == [["liming@example.com"]]
    assert "30 天内" in mail.outbox[0].body
    mail.outbox.clear()
    with at(D(2024, 6, 10)):  # the follow-up due 2024-05-29 is overdue
        daily()
        first_run = [m.to for m in mail.outbox]
        daily()
        # staff: the overdue follow-up; the graduate: "您的工作有变化吗？" for the quarter that fell due (§4)
        assert [m.to for m in mail.outbox] == first_run == [["jd@example.com"], ["liming@example.com"]]
    assert "李明" in mail.outbox[0].body
    assert mail.outbox[1].subject == "您的工作有变化吗？"
    with at(D(2024, 6, 11)):
        daily()
    assert len(mail.outbox) == 3, "the next day the overdue follow-up is reminded again, the graduate not"
    with at(D(2025, 3, 1)):
        daily()
    assert ["liming@example.com"] in [m.to for m in mail.outbox], "a new service year: a new duty reminder"
    assert ReminderSent.objects.filter(kind="graduate_duty").count() == 2


def test_staff_of_another_department_are_not_reminded_of_these_graduates(placed, other_department):
    UserFactory(username="xx_mail", role="department", departments=[other_department], email="xx@example.com")
    with at(D(2024, 3, 1)):
        daily()
    with at(D(2024, 6, 10)):
        daily()
    assert ["xx@example.com"] not in [m.to for m in mail.outbox]


def test_each_quarter_the_graduate_is_asked_once_whether_the_job_changed(placed, graduate_user):
    with at(D(2024, 5, 29)):  # the first follow-up falls due
        daily()
        daily()
    asked = [m for m in mail.outbox if m.subject == "您的工作有变化吗？"]
    assert [m.to for m in asked] == [["liming@example.com"]]
    service = TrackingService.objects.get(graduate=placed.graduate)
    with at(D(2024, 6, 1)):
        services.self_confirmation_record(service=service, acting_user=graduate_user)
    service.refresh_from_db()
    assert service.next_follow_up_due == D(2024, 9, 1)  # §4: 3 months after the confirmation
    mail.outbox.clear()
    with at(D(2024, 7, 1)):
        daily()
    assert not [m for m in mail.outbox if m.subject == "您的工作有变化吗？"], "confirmed: not asked again"
    with at(D(2024, 9, 1)):
        daily()
    assert [m.subject for m in mail.outbox].count("您的工作有变化吗？") == 1, "the next quarter asks again"


def _placed_graduates(count: int, major) -> None:
    for number in range(count):
        graduate = GraduateFactory(major=major, email=f"g{number}@example.com")
        EmploymentFactory(graduate=graduate, start_date=D(2024, 2, 29), probation_end=D(2024, 5, 28))


def _queries_of_a_second_run(day) -> int:
    with at(day):
        daily()  # the first run of the day opens, dates and reminds
        with CaptureQueriesContext(connection) as queries:
            daily()
    return len(queries)


def test_a_run_with_nothing_to_change_costs_the_same_for_3_or_12_services(major):
    """Set-based (issue 18): rows that cannot change are neither read one by one nor locked; the
    "您的工作有变化吗？" requests already sent for a due date are skipped in SQL."""
    _placed_graduates(3, major)
    few = _queries_of_a_second_run(D(2024, 6, 1))
    _placed_graduates(9, major)
    with at(D(2024, 6, 1)):
        daily()
    many = _queries_of_a_second_run(D(2024, 6, 1))
    assert TrackingService.objects.filter(status="active").count() == 12
    assert ReminderSent.objects.filter(kind="graduate_confirm").count() == 12
    assert many == few


def test_the_confirmation_request_is_sent_once_per_due_date_across_runs(placed):
    with at(D(2024, 3, 1)):
        daily()
    with at(D(2024, 5, 29)):
        daily()
        daily()
    asked = ReminderSent.objects.filter(kind="graduate_confirm", recipient=f"graduate:{placed.graduate_id}")
    assert list(asked.values_list("period", flat=True)) == ["due:2024-05-29"]
    assert sum("您的工作有变化吗" in message.subject for message in mail.outbox) == 1
