"""POLICY §2 "the start always follows the file": whichever write changes the graduate's school-arranged jobs
(a corrected 入职日期, an earlier job entered later, a deleted job), the service's start, end, status and due
follow-up are recomputed at once and its history says what changed and why; re-placement then decides on the
corrected period."""

import datetime

import pytest
import time_machine

from gradtrack.core import history
from gradtrack.records import services as records_services
from gradtrack.records.models import Employment
from gradtrack.replacement import rules as replacement_rules
from gradtrack.replacement import services as replacement_services
from gradtrack.tracking import services
from gradtrack.tracking.models import TrackingService

pytestmark = pytest.mark.django_db

D = datetime.date


def at(day: datetime.date):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 10, tzinfo=datetime.UTC))


def school_job(graduate, employer, user, start, **extra):
    return records_services.employment_create(
        data={
            "graduate": graduate,
            "employer": employer,
            "start_date": start,
            "school_arranged": True,
            **extra,
        },
        acting_user=user,
    )


def correction_notes(service):
    return [
        entry.changes[services.CORRECTION_NOTE][1]
        for entry in history.history_of(service)
        if services.CORRECTION_NOTE in entry.changes
    ]


def test_a_corrected_start_date_moves_the_start_end_and_due_date(graduate, employer, centre_user):
    with at(D(2024, 8, 1)):
        job = school_job(graduate, employer, centre_user, D(2024, 7, 10))
        service = TrackingService.objects.get(graduate=graduate)
        assert (service.start_date, service.next_follow_up_due) == (D(2024, 7, 10), D(2024, 10, 10))
        records_services.record_update(job, data={"start_date": D(2024, 7, 1)}, acting_user=centre_user)
    service.refresh_from_db()
    assert service.start_date == D(2024, 7, 1)
    assert service.end_date == D(2027, 7, 1)  # last covered day 2027-06-30
    assert service.next_follow_up_due == D(2024, 10, 1)
    (note,) = correction_notes(service)
    assert "入职日期" in note and employer.name in note
    entry = history.history_of(service).first()
    assert entry.changes["start_date"] == ["2024-07-10", "2024-07-01"]
    assert entry.actor == centre_user


def test_an_earlier_school_arranged_job_entered_later_becomes_the_start(graduate, employer, centre_user):
    with at(D(2025, 4, 1)):
        later = school_job(graduate, employer, centre_user, D(2025, 3, 1))
        service = TrackingService.objects.get(graduate=graduate)
        services.follow_up_contact_log(
            service=service,
            data={"contacted_on": D(2025, 3, 20), "channel": "phone", "reached": True},
            acting_user=centre_user,
        )
        records_services.record_update(
            later, data={"end_date": D(2025, 3, 25), "end_reason": "personal"}, acting_user=centre_user
        )
        school_job(
            graduate, employer, centre_user, D(2024, 7, 1), end_date=D(2025, 2, 28), end_reason="layoff"
        )
    service.refresh_from_db()
    assert (service.start_date, service.end_date) == (D(2024, 7, 1), D(2027, 7, 1))
    assert service.next_follow_up_due == D(2025, 6, 20)  # still 3 months after the last contact (§4)
    assert "补录" in correction_notes(service)[0]


def test_deleting_the_first_job_moves_the_start_to_the_next(graduate, employer, centre_user):
    with at(D(2025, 4, 1)):
        first = school_job(
            graduate, employer, centre_user, D(2024, 7, 1), end_date=D(2025, 2, 28), end_reason="layoff"
        )
        school_job(graduate, employer, centre_user, D(2025, 3, 1))
        service = TrackingService.objects.get(graduate=graduate)
        assert service.start_date == D(2024, 7, 1)
        records_services.record_delete(first, acting_user=centre_user)
    service.refresh_from_db()
    assert (service.start_date, service.end_date, service.next_follow_up_due) == (
        D(2025, 3, 1),
        D(2028, 3, 1),
        D(2025, 6, 1),
    )
    assert "删除" in correction_notes(service)[0]


def test_deleting_the_only_school_arranged_job_keeps_the_service_and_its_history(
    graduate, employer, centre_user
):
    with at(D(2024, 8, 1)):
        job = school_job(graduate, employer, centre_user, D(2024, 7, 1))
        records_services.record_delete(job, acting_user=centre_user)
    service = TrackingService.objects.get(graduate=graduate)
    assert service.start_date == D(2024, 7, 1) and correction_notes(service) == []


def test_an_edit_that_leaves_the_earliest_job_alone_changes_nothing(graduate, employer, centre_user):
    with at(D(2024, 8, 1)):
        job = school_job(graduate, employer, centre_user, D(2024, 7, 1))
        service = TrackingService.objects.get(graduate=graduate)
        version = service.version
        records_services.record_update(job, data={"post": "装配工"}, acting_user=centre_user)
    service.refresh_from_db()
    assert service.version == version and correction_notes(service) == []


def test_a_corrected_start_can_expire_the_service(graduate, employer, centre_user):
    with at(D(2026, 9, 15)):
        job = school_job(graduate, employer, centre_user, D(2023, 10, 1))
        records_services.record_update(job, data={"start_date": D(2023, 9, 1)}, acting_user=centre_user)
    service = TrackingService.objects.get(graduate=graduate)
    assert service.status == TrackingService.Status.EXPIRED and service.next_follow_up_due is None


@pytest.mark.parametrize(
    ("ended_on", "request_on", "decision"),
    [
        pytest.param(
            D(2027, 7, 15),
            D(2027, 7, 15),
            replacement_rules.Decision.OUTSIDE_SERVICE,
            id="§二.9 layoff on 2027-07-15 after the start was corrected 07-10 → 07-01: 酌情考虑",
        ),
        pytest.param(
            D(2027, 7, 5),
            D(2027, 7, 5),
            replacement_rules.Decision.OUTSIDE_SERVICE,
            id="§二.9 a request on 2027-07-05, inside the old period, outside the corrected one: 酌情考虑",
        ),
    ],
)
def test_re_placement_decides_on_the_corrected_period(
    graduate, employer, centre_user, ended_on, request_on, decision
):
    with at(D(2024, 8, 1)):
        job = school_job(graduate, employer, centre_user, D(2024, 7, 10))
    with at(D(2024, 8, 2)):
        records_services.record_update(job, data={"start_date": D(2024, 7, 1)}, acting_user=centre_user)
    with at(request_on):
        records_services.record_update(
            Employment.objects.get(pk=job.pk),
            data={"end_date": ended_on, "end_reason": "layoff"},
            acting_user=centre_user,
        )
        result = replacement_services.decision_for(
            graduate=graduate, employment=Employment.objects.get(pk=job.pk), request_date=request_on
        )
    assert result.decision == decision
    assert result.clause == "§二.9"
