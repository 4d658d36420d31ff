"""`gradtrack daily` reminds the employers of an open campaign who have not answered, every
survey_reminder_days (政策参数) after the invitation or the last reminder, and never twice on one day."""

import datetime

import pytest
from django.core import mail

from gradtrack.core import history
from gradtrack.core.models import PolicySettings
from gradtrack.surveys import services
from gradtrack.surveys.models import Invitation
from gradtrack.surveys.tests.conftest import YEAR, link
from gradtrack.testing.daily import at, daily

pytestmark = pytest.mark.django_db
D = datetime.date
SITE = "https://jiuye.example.edu.cn"


@pytest.fixture
def out_on_aug_2(current, employers, centre_user, django_capture_on_commit_callbacks, settings):
    """The current-cohort campaign (opens 08-01, closes 08-31), the shop added to its sample, its invitations
    sent on 08-02: e-mailed to the steelworks and the shop, posted to the hotel (no address)."""
    settings.GRADTRACK_SITE_URL = SITE + "/"
    services.plan_add_employer(campaign=current, employer=employers["shop"], acting_user=centre_user)
    with at(D(YEAR, 8, 2)), django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(campaign=current, link_for=link, acting_user=centre_user)
    mail.outbox.clear()
    return current


def reminded_today(django_capture_on_commit_callbacks) -> list[str]:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        daily()
    return sorted(message.to[0] for message in mail.outbox)


def test_the_reminders_follow_the_interval_until_the_campaign_closes(
    out_on_aug_2, employers, django_capture_on_commit_callbacks
):
    emailed = sorted(
        Invitation.objects.filter(campaign=out_on_aug_2).exclude(email="").values_list("email", flat=True)
    )
    assert emailed == ["hr@pangang.example", "shop@example.com"]  # the hotel has no address: posted
    both, steel_only = emailed, ["hr@pangang.example"]
    timeline = [
        (D(YEAR, 8, 8), [], "6 days after the invitation: not yet"),
        (D(YEAR, 8, 9), both, "7 days after: both unanswered employers with an address"),
        (D(YEAR, 8, 9), [], "the same day again: nothing twice"),
        (D(YEAR, 8, 16), steel_only, "7 days after the reminder: only who has not answered (the shop did)"),
        (D(YEAR, 9, 6), [], "after the campaign closed on 08-31: nothing"),
    ]
    for day, expected, why in timeline:
        with at(day):
            if day == D(YEAR, 8, 16):
                Invitation.objects.filter(employer=employers["shop"], campaign=out_on_aug_2).update(
                    submitted_at=datetime.datetime(YEAR, 8, 12, 3, tzinfo=datetime.UTC)
                )
            assert reminded_today(django_capture_on_commit_callbacks) == expected, why
    steel = Invitation.objects.get(campaign=out_on_aug_2, employer=employers["steel"])
    assert steel.reminder_count == 2


def test_a_reminder_carries_the_employers_own_link_under_the_site_address(
    out_on_aug_2, employers, django_capture_on_commit_callbacks
):
    with at(D(YEAR, 8, 9)):
        reminded_today(django_capture_on_commit_callbacks)
    message = next(m for m in mail.outbox if m.to == ["hr@pangang.example"])
    assert message.subject.startswith("【提醒】")
    token = (
        next(word for word in message.body.split() if word.startswith(SITE + "/f/"))
        .split("/f/")[1]
        .strip("/")
    )
    assert services.invitation_from_token(token).employer == employers["steel"]
    changes = [entry.changes for entry in history.history_of(out_on_aug_2)]
    assert {"调查进展": ["", "发送提醒 2 家"]} in changes


def test_without_a_site_address_the_daily_run_says_so_and_sends_no_survey_reminder(
    out_on_aug_2, settings, django_capture_on_commit_callbacks
):
    settings.GRADTRACK_SITE_URL = ""
    with at(D(YEAR, 8, 20)):
        with django_capture_on_commit_callbacks(execute=True):
            output = daily()
    assert "GRADTRACK_SITE_URL" in output
    assert not [m for m in mail.outbox if m.subject.startswith("【提醒】")]


def test_an_interval_of_zero_turns_the_automatic_reminders_off(
    out_on_aug_2, django_capture_on_commit_callbacks
):
    policy = PolicySettings.current()
    policy.survey_reminder_days = 0
    policy.save()
    with at(D(YEAR, 8, 20)):
        assert reminded_today(django_capture_on_commit_callbacks) == []
