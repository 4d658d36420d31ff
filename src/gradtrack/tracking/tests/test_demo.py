"""The demo school's tracking service: every state staff meet on the first day, and a graduate who can sign in."""

import datetime

import pytest
from django.core.management import call_command
from django.db.models import Count

from gradtrack.accounts.models import User
from gradtrack.core.demo import DEMO_PASSWORD
from gradtrack.records.models import Employment, Graduate
from gradtrack.site import demo
from gradtrack.tracking.models import (
    AccidentCase,
    ChangeReport,
    FollowUpContact,
    TrackingService,
    Verification,
    ViolationFlag,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_school(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return demo.build_demo_school(graduates=300, employers=60, seed=11, today=datetime.date(2026, 11, 25))


def test_the_demo_shows_every_state_staff_meet_and_a_graduate_who_can_sign_in(demo_school):
    # One build for all the checks: building the demo school takes a while.
    placed = Graduate.objects.filter(placement_mode="school", jobs__school_arranged=True).distinct()
    assert TrackingService.objects.count() == placed.count() > 0
    assert not TrackingService.objects.exclude(graduate__placement_mode="school").exists()
    assert set(ChangeReport.objects.values_list("status", flat=True)) == {"pending", "confirmed", "rejected"}
    assert ChangeReport.objects.filter(late=True, status="confirmed", proposal_outcome="").exists()
    assert FollowUpContact.objects.filter(reached=False).exists()
    assert Verification.objects.count() >= 2
    assert ViolationFlag.objects.filter(resolved_at__isnull=True).count() == 1
    assert AccidentCase.objects.filter(closed_on__isnull=True, assigned_to__isnull=False).exists()
    assert TrackingService.objects.filter(status="terminated", termination_cause="unreported").exists()
    assert TrackingService.objects.filter(
        status="active", next_follow_up_due__lt=datetime.date(2026, 11, 25)
    ).exists()
    # The 回访工作台 in use (§4): self-confirmations, changes found by contacts, this morning's calls.
    assert FollowUpContact.objects.filter(channel="self", reached=True, staff__isnull=True).count() >= 4
    found = ChangeReport.objects.filter(reported_by="school", contact__isnull=False)
    assert set(found.values_list("status", flat=True)) == {"pending", "confirmed"}
    assert FollowUpContact.objects.filter(contacted_on=datetime.date(2026, 11, 25), reached=True).count() >= 5
    # POLICY §1: a salary timeline with two raises; every job keeps its 起薪.
    assert Employment.objects.annotate(raises=Count("salary_changes")).filter(raises__gte=2).exists()
    assert not Employment.objects.filter(starting_salary__isnull=True, monthly_salary__isnull=False).exists()
    user = User.objects.get(role=User.Role.GRADUATE)
    assert user.graduate.graduation_year == 2026
    assert user.check_password(DEMO_PASSWORD)
    assert user.graduate.student_no in [a.username for a in demo.demo_account_status()]


def test_wiping_the_demo_removes_its_tracking_records(demo_school):
    demo.wipe_demo_records()
    assert not TrackingService.objects.exists()
    assert not User.objects.filter(role=User.Role.GRADUATE).exists()
    call_command("check")
