"""Waves dated by the policy settings, every graduate of the cohort invited, one answer each, differing answers
as the graduate's own change reports, and reminders to non-respondents only (issue 15, item 4)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from gradtrack.core.models import PolicySettings
from gradtrack.gradsurveys import services
from gradtrack.gradsurveys.models import GraduateResponse, Wave
from gradtrack.gradsurveys.tests.conftest import COHORT, answers_for, invitation_of
from gradtrack.testing.daily import at
from gradtrack.testing.factories import GraduateFactory
from gradtrack.tracking.models import ChangeReport

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("first", "second", "days", "month", "kind", "opens", "closes"),
    [
        # The defaults (MyCOS practice): 半年后 = 6 months, 三年后 = 36 months after a June graduation; 30 days open.
        (6, 36, 30, 6, Wave.Kind.SIX_MONTHS, datetime.date(2026, 12, 1), datetime.date(2026, 12, 30)),
        (6, 36, 30, 6, Wave.Kind.THREE_YEARS, datetime.date(2029, 6, 1), datetime.date(2029, 6, 30)),
        # Changed settings move the wave; a cohort that graduates in July opens a month later.
        (12, 24, 14, 6, Wave.Kind.SIX_MONTHS, datetime.date(2027, 6, 1), datetime.date(2027, 6, 14)),
        (6, 36, 30, 7, Wave.Kind.SIX_MONTHS, datetime.date(2027, 1, 1), datetime.date(2027, 1, 30)),
    ],
)
def test_a_wave_is_dated_by_the_policy_settings(major, first, second, days, month, kind, opens, closes):
    policy = PolicySettings.current()
    policy.graduate_survey_first_wave_months, policy.graduate_survey_second_wave_months = first, second
    policy.graduate_survey_open_days = days
    policy.save()
    GraduateFactory.create_batch(3, major=major, graduation_year=COHORT, graduation_month=month)
    assert services.wave_dates(COHORT, kind) == (opens, closes)


def test_the_defaults_are_half_a_year_and_three_years():
    policy = PolicySettings()
    assert (policy.graduate_survey_first_wave_months, policy.graduate_survey_second_wave_months) == (6, 36)


def test_the_second_wave_must_come_after_the_first():
    policy = PolicySettings(graduate_survey_first_wave_months=36, graduate_survey_second_wave_months=6)
    with pytest.raises(ValidationError) as error:
        policy.full_clean()
    assert "graduate_survey_second_wave_months" in error.value.message_dict


def test_every_graduate_of_the_cohort_is_invited_but_the_archived(wave, cohort, graduate):
    invited = set(wave.invitations.values_list("graduate__name", flat=True))
    assert invited == {
        "张伟",
        "刘洋",
        "陈静",
        "杨帆",
        "赵磊",
        "孙丽",
        "周强",
    }  # not-school-placed 刘洋 included
    assert "吴敏" not in invited and graduate.name not in invited  # archived; another cohort


def test_a_wave_is_created_once_per_cohort_and_kind(wave, centre_user):
    with pytest.raises(ValidationError) as error:
        services.wave_create(cohort=COHORT, kind=Wave.Kind.SIX_MONTHS, acting_user=centre_user)
    assert "kind" in error.value.message_dict


def test_a_graduate_entered_later_is_invited_too(wave, major):
    late = GraduateFactory(major=major, graduation_year=COHORT, class_name="机电1班")
    assert services.invitations_add_missing(wave) == 1
    assert wave.invitations.filter(graduate=late).exists()


def test_the_personal_link_names_its_invitation_and_nothing_else(wave, cohort):
    invitation = invitation_of(wave, cohort["placed"])
    token = services.invitation_token(invitation)
    assert services.invitation_from_token(token) == invitation
    public_id, _dot, mac = token.partition(".")
    assert services.invitation_from_token(f"{public_id}.{mac[:-1]}A") is None
    assert services.invitation_from_token(public_id) is None
    assert services.invitation_from_token("") is None


def test_a_salary_that_differs_from_the_file_is_a_pending_change_by_the_graduate(wave, cohort):
    invitation = invitation_of(wave, cohort["placed"])
    response = services.response_submit(
        invitation=invitation, data=answers_for(cohort["placed"], monthly_salary=4800), source="link"
    )
    change = ChangeReport.objects.get(service=cohort["service"])
    assert (change.change_type, change.status, change.reported_by, change.new_salary) == (
        ChangeReport.ChangeType.SALARY,
        ChangeReport.Status.PENDING,
        ChangeReport.ReportedBy.GRADUATE,
        4800,
    )
    assert response.differs_from_file and list(response.change_reports.all()) == [change]
    cohort["job"].refresh_from_db()
    assert cohort["job"].monthly_salary == 4200  # the file changes only when staff confirm


def test_answers_that_match_the_file_raise_no_change(wave, cohort):
    response = services.response_submit(
        invitation=invitation_of(wave, cohort["placed"]), data=answers_for(cohort["placed"]), source="portal"
    )
    assert not response.differs_from_file
    assert not ChangeReport.objects.exists()


def test_a_new_employer_is_a_job_change_with_its_post_and_salary(wave, cohort):
    services.response_submit(
        invitation=invitation_of(wave, cohort["placed"]),
        data=answers_for(
            cohort["placed"], employer_name="攀枝花新材料有限公司", post="质检员", monthly_salary=5000
        ),
        source="link",
    )
    change = ChangeReport.objects.get()
    assert (change.change_type, change.new_employer_name, change.new_post, change.new_salary) == (
        ChangeReport.ChangeType.JOB_CHANGE,
        "攀枝花新材料有限公司",
        "质检员",
        5000,
    )


def test_a_graduate_without_a_tracking_service_is_marked_for_staff_only(wave, cohort):
    from gradtrack.testing.factories import EmploymentFactory

    EmploymentFactory(graduate=cohort["self_found"], monthly_salary=3000, school_arranged=False)
    response = services.response_submit(
        invitation=invitation_of(wave, cohort["self_found"]),
        data=answers_for(cohort["self_found"], monthly_salary=3500),
        source="link",
    )
    assert response.differs_from_file and not response.change_reports.exists()
    assert not ChangeReport.objects.exists()


def test_one_response_per_graduate_per_wave(wave, cohort):
    invitation = invitation_of(wave, cohort["jd2a"])
    data = {"status": "further_study", "teaching_rating": "good", "guidance_rating": "fair"}
    services.response_submit(invitation=invitation, data=data, source="link")
    with pytest.raises(ValidationError) as error:
        services.response_submit(invitation=invitation, data=data, source="portal")
    assert error.value.code == "answered"
    assert GraduateResponse.objects.filter(invitation=invitation).count() == 1


def test_job_questions_are_required_of_the_employed_and_dropped_for_the_others(wave, cohort):
    invitation = invitation_of(wave, cohort["jd2a"])
    with pytest.raises(ValidationError) as error:
        services.response_submit(
            invitation=invitation,
            data={"status": "employed", "teaching_rating": "good", "guidance_rating": "good"},
            source="link",
        )
    assert set(error.value.message_dict) == {"employer_name", "matching", "job_rating"}
    response = services.response_submit(
        invitation=invitation,
        data={**answers_for(cohort["jd2a"]), "status": "not_employed"},
        source="link",
    )
    assert (response.employer_name, response.monthly_salary, response.matching, response.job_rating) == (
        "",
        None,
        "",
        "",
    )


def test_a_closed_wave_takes_no_answers(wave, cohort):
    Wave.objects.filter(pk=wave.pk).update(closes_on=timezone.localdate() - datetime.timedelta(days=1))
    invitation = invitation_of(wave, cohort["jd2a"])
    with pytest.raises(ValidationError) as error:
        services.response_submit(
            invitation=invitation,
            data={"status": "military", "teaching_rating": "good", "guidance_rating": "good"},
            source="link",
        )
    assert error.value.code == "closed"


def test_invitations_and_reminders_go_to_non_respondents_only_and_are_recorded(wave, cohort):
    policy = PolicySettings.current()
    policy.survey_reminder_days = 7
    policy.save()
    today = timezone.localdate()
    services.response_submit(
        invitation=invitation_of(wave, cohort["placed"]), data=answers_for(cohort["placed"]), source="link"
    )
    links = []
    sent = services.invitations_send_due(today=today, link_for=lambda i: links.append(i) or "https://x/g/t/")
    # 张伟 answered; 陈静 is the only other graduate with an e-mail address.
    assert sent == {"sent": 1, "reminded": 0}
    assert [message.to for message in mail.outbox] == [["chenjing@example.com"]]
    assert "https://x/g/t/" in mail.outbox[0].body
    chen = invitation_of(wave, cohort["jd1c"])
    assert chen.sent_at is not None and chen.reminder_count == 0
    assert services.invitations_send_due(today=today, link_for=lambda i: "l") == {"sent": 0, "reminded": 0}

    later = today + datetime.timedelta(days=7)
    with at(later):
        assert services.invitations_send_due(today=later, link_for=lambda i: "l") == {
            "sent": 0,
            "reminded": 1,
        }
        chen.refresh_from_db()
        assert chen.reminder_count == 1 and chen.last_reminded_at is not None
        assert mail.outbox[-1].subject.startswith("【提醒】") and mail.outbox[-1].to == [
            "chenjing@example.com"
        ]
        assert services.invitations_send_due(today=later, link_for=lambda i: "l") == {
            "sent": 0,
            "reminded": 0,
        }
