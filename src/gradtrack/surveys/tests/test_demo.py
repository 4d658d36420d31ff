"""Acceptance on the demo data: each of the three 2026 plans meets its target, in the UI and the API; invitations
went out, employers answered online and on paper, a leader approved a trip before its visits, a forum was held."""

import datetime

import pytest
from django.urls import reverse

from gradtrack.site import demo
from gradtrack.surveys import selectors
from gradtrack.surveys.models import Campaign, EmployerResponse, Forum, Invitation, Trip, Visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_school(db):
    return demo.build_demo_school(graduates=300, employers=40, seed=11, today=datetime.date(2026, 11, 25))


def test_the_three_demo_plans_meet_their_targets(demo_school):
    campaigns = Campaign.objects.filter(year=2026)
    assert campaigns.count() == 3
    for campaign in campaigns:
        sample = selectors.plan_coverage(campaign)
        assert sample.denominator > 0 and sample.met, campaign


def test_the_demo_has_invitations_answers_and_visits(demo_school):
    invitations = Invitation.objects.filter(campaign__year=2026)
    assert invitations.filter(sent_at__isnull=False).count() == invitations.count() > 0
    responses = EmployerResponse.objects.filter(submitted_at__isnull=False)
    assert responses.count() >= invitations.count() // 2
    assert {"online", "paper"} <= set(responses.values_list("source", flat=True))
    assert all(r.still_employed_count <= r.hired_count for r in responses)
    trip = Trip.objects.get(campaign__year=2026)
    assert trip.status == Trip.Status.APPROVED
    visits = Visit.objects.filter(trip=trip)
    assert visits.exists()
    assert all(v.visited_on >= trip.decided_at.date() for v in visits)
    assert Forum.objects.filter(campaign__year=2026).count() == 1


def test_the_ui_and_the_api_show_the_demo_plans_met(demo_school, client):
    centre = demo_school.users["centre"]
    client.force_login(centre)
    content = client.get(reverse("surveys:campaign_list")).content.decode()
    # the three plans of 2026 and the three of 2025 (the year before, for the year-on-year comparison)
    assert content.count("已达标") == 6 and "未达标" not in content
    client.logout()
    from gradtrack.accounts.services import api_token_create

    _token, key = api_token_create(user=centre, name="demo")
    body = client.get("/api/v1/surveys/campaigns/?year=2026", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert body["count"] == 3
    assert all(row["coverage"]["met"] for row in body["results"])


def test_wiping_and_rebuilding_the_demo_rebuilds_its_campaigns(demo_school):
    demo.wipe_demo_records()
    demo.build_demo_school(graduates=300, employers=40, seed=11, today=datetime.date(2026, 11, 25))
    assert Campaign.objects.filter(year=2026).count() == 3
    assert all(selectors.plan_coverage(c).met for c in Campaign.objects.filter(year=2026))


def test_overall_satisfaction_is_answered_on_its_own_not_copied_from_quality(demo_school):
    answers = list(
        EmployerResponse.objects.filter(submitted_at__isnull=False).values_list("quality", "satisfaction")
    )
    assert len(answers) >= 5
    satisfaction_by_quality: dict[str, set[str]] = {}
    for quality, satisfaction in answers:
        satisfaction_by_quality.setdefault(quality, set()).add(satisfaction)
    # the same quality comes with different satisfactions: one answer does not decide the other
    assert any(len(satisfactions) > 1 for satisfactions in satisfaction_by_quality.values())
    levels = [EmployerResponse.Quality.values, EmployerResponse.Satisfaction.values]
    same_level = sum(levels[0].index(q) == levels[1].index(s) for q, s in answers)
    assert 0 < same_level < len(answers)  # they may agree, but not always


def test_the_demo_visits_and_forum_give_the_special_report_something_to_say(demo_school):
    """Issue 14 item 8: visits with their 整体评价 and notes, a forum with a dozen tagged opinions, employer
    suggestions over several themes, and the year before visited too (a year-on-year comparison)."""
    from gradtrack.surveys import themes
    from gradtrack.surveys.models import ForumOpinion

    visits = Visit.objects.filter(trip__campaign__year=2026)
    assert visits.exclude(evaluation="").count() == visits.count() > 0
    assert visits.exclude(suggestions="").exists() and visits.exclude(notes="").exists()
    opinions = ForumOpinion.objects.filter(forum__campaign__year=2026)
    assert opinions.count() == 12
    assert opinions.filter(graduate__isnull=False).count() == 4
    assert 8 <= opinions.filter(themes__isnull=False).distinct().count() < 12  # and some 其他
    texts = EmployerResponse.objects.filter(submitted_at__isnull=False).exclude(suggestions="")
    groups = themes.group([(t, "") for t in texts.values_list("suggestions", flat=True)])
    assert len([g for g in groups if g.theme != themes.OTHER]) >= 5
    assert Visit.objects.filter(trip__campaign__year=2025).exists()
    assert ForumOpinion.objects.filter(forum__campaign__year=2025).count() == 12


def test_the_demo_wipe_removes_the_trips_and_forums_it_made(demo_school):
    from gradtrack.surveys.models import ForumOpinion

    demo.wipe_demo_records()
    assert not Trip.objects.exists() and not Forum.objects.exists() and not ForumOpinion.objects.exists()


def test_the_demo_has_an_employer_campaign_open_today_with_answers_and_open_invitations(demo_school):
    """Issue 15 item 6: `make run` shows the employer form working on the demo day."""
    from gradtrack.surveys import services

    today = datetime.date(2026, 11, 25)
    open_campaigns = [
        c for c in Campaign.objects.exclude(kind=Campaign.Kind.SITE_VISIT) if not c.is_closed(today)
    ]
    assert len(open_campaigns) == 1
    invitations = list(open_campaigns[0].invitations.all())
    statuses = [invitation.status(today) for invitation in invitations]
    assert statuses.count(Invitation.Status.SUBMITTED) >= len(invitations) // 2
    pending = [
        i for i, status in zip(invitations, statuses, strict=True) if status != Invitation.Status.SUBMITTED
    ]
    assert pending
    # The employer with the most prefilled graduates (17 in the full-size demo) is among those still to answer.
    size = {i.pk: len(services.prefilled_rows(i)) for i in invitations}
    assert max(size[i.pk] for i in pending) == max(size.values()) > 1
    drafts = EmployerResponse.objects.filter(invitation__in=pending, submitted_at__isnull=True)
    assert drafts.exists() and drafts.first().graduates.filter(status="left").exists()
