"""A hand-built 2026届 for the 毕业生调查: 机电系 (the shared `department`) with classes 机电1班 (3 graduates) and
机电2班 (2), 信息技术系 (`other_department`) with 网络1班 (2); one school-placed graduate with a job and an active
tracking service (`placed`), one not school-placed, one archived (never invited)."""

import datetime

import pytest
from django.utils import timezone

from gradtrack.gradsurveys import services
from gradtrack.gradsurveys.models import Wave
from gradtrack.records import services as records_services
from gradtrack.records.models import Graduate
from gradtrack.testing.factories import EmploymentFactory, GraduateFactory
from gradtrack.tracking import services as tracking_services

COHORT = 2026


@pytest.fixture
def cohort(major, other_major, centre_user):
    def grad(major_, class_name, **extra):
        return GraduateFactory(major=major_, class_name=class_name, graduation_year=COHORT, **extra)

    people = {
        "placed": grad(major, "机电1班", name="张伟", email="zhangwei@example.com"),
        "self_found": grad(major, "机电1班", name="刘洋", placement_mode=Graduate.PlacementMode.SELF),
        "jd1c": grad(major, "机电1班", name="陈静", email="chenjing@example.com"),
        "jd2a": grad(major, "机电2班", name="杨帆"),
        "jd2b": grad(major, "机电2班", name="赵磊"),
        "xx1a": grad(other_major, "网络1班", name="孙丽"),
        "xx1b": grad(other_major, "网络1班", name="周强"),
        "archived": grad(major, "机电2班", name="吴敏"),
    }
    start = timezone.localdate() - datetime.timedelta(days=150)
    job = EmploymentFactory(
        graduate=people["placed"],
        monthly_salary=4200,
        start_date=start,
        probation_end=start + datetime.timedelta(days=90),
    )
    people["job"] = job
    people["service"] = tracking_services.tracking_service_start(
        graduate=people["placed"], acting_user=centre_user
    )
    records_services.graduate_archive(
        people["archived"],
        reason=Graduate.ArchiveReason.OTHER,
        note="出国",
        acting_user=centre_user,
        source="test",
    )
    return people


@pytest.fixture
def wave(cohort, centre_user):
    today = timezone.localdate()
    return services.wave_create(
        cohort=COHORT,
        kind=Wave.Kind.SIX_MONTHS,
        acting_user=centre_user,
        opens_on=today - datetime.timedelta(days=2),
        closes_on=today + datetime.timedelta(days=20),
    )


def invitation_of(wave, graduate):
    return wave.invitations.get(graduate=graduate)


GOOD_ANSWERS = {
    "status": "employed",
    "employer_name": None,  # filled from the job in tests
    "post": "操作工",
    "monthly_salary": 4200,
    "matching": "fully",
    "job_rating": "good",
    "teaching_rating": "excellent",
    "guidance_rating": "good",
    "suggestions": "多组织招聘会",
}


def answers_for(graduate, **changes):
    job = graduate.jobs.filter(end_date__isnull=True).select_related("employer").first()
    data = {**GOOD_ANSWERS, "employer_name": job.employer.name if job else "某公司"}
    data.update(changes)
    return data
