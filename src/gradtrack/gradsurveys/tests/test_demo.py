"""The demo school shows the 毕业生调查 working today: the newest cohort's 半年后 wave open, every graduate of it
invited, some answers, one salary differing from the file waiting in 待确认变动, and the demo portal graduate
still to answer (issue 15, item 6)."""

import pytest
from django.utils import timezone

from gradtrack.accounts.models import User
from gradtrack.gradsurveys.models import GraduateResponse, Wave, WaveInvitation
from gradtrack.records.models import Graduate
from gradtrack.site import demo
from gradtrack.tracking.models import ChangeReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_school(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return demo.build_demo_school(graduates=300, employers=60, seed=11)


def test_the_demo_has_an_open_wave_with_some_answers_and_a_pending_salary(demo_school):
    wave = Wave.objects.get()
    newest = max(Graduate.objects.values_list("graduation_year", flat=True))
    assert (wave.cohort, wave.kind) == (newest, Wave.Kind.SIX_MONTHS) and wave.is_open(timezone.localdate())
    cohort = Graduate.objects.filter(graduation_year=newest, archived_at__isnull=True)
    assert set(wave.invitations.values_list("graduate_id", flat=True)) == set(
        cohort.values_list("pk", flat=True)
    )
    answered = GraduateResponse.objects.filter(invitation__wave=wave).count()
    assert 0.1 * cohort.count() <= answered <= 0.35 * cohort.count()
    differing = GraduateResponse.objects.get(differs_from_file=True)
    change = differing.change_reports.get()
    assert (change.change_type, change.status, change.reported_by) == ("salary", "pending", "graduate")
    portal = User.objects.filter(role=User.Role.GRADUATE).values("graduate_id")
    assert not GraduateResponse.objects.filter(invitation__graduate__in=portal).exists()
    assert WaveInvitation.objects.filter(graduate__in=portal, wave=wave).exists()


def test_the_demo_wipe_removes_the_waves_answers(demo_school):
    demo.wipe_demo_records()
    assert not WaveInvitation.objects.exists() and not GraduateResponse.objects.exists()
    assert not Wave.objects.exists() and not ChangeReport.objects.exists()


def test_demo_accounts_prints_a_personal_link_to_try(demo_school):
    import io

    from django.core.management import call_command

    from gradtrack.gradsurveys import services

    out = io.StringIO()
    call_command("demo_accounts", stdout=out)
    line = next(line for line in out.getvalue().splitlines() if line.startswith("毕业生调查个人链接"))
    token = line.rsplit("/g/", 1)[1].strip("/")
    invitation = services.invitation_from_token(token)
    assert invitation is not None and not GraduateResponse.objects.filter(invitation=invitation).exists()
