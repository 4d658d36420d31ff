"""The cohort window of POLICY §7 (surveys.rules.cohort_window) as a table, and the one window every caller uses:
the campaign's cohorts, its sample's denominator and which invitations a department user sees."""

import pytest

from gradtrack.core.models import PolicySettings
from gradtrack.surveys import rules, selectors, services
from gradtrack.surveys.models import Campaign
from gradtrack.surveys.tests.conftest import YEAR, employ


@pytest.mark.parametrize(
    ("kind", "past_cohorts", "years"),
    [
        pytest.param("past_cohorts", 3, [2023, 2024, 2025], id="§三(二)1 the last three cohorts: Y−3 … Y−1"),
        pytest.param("past_cohorts", 2, [2024, 2025], id="§三(二)1 the number of cohorts is a setting"),
        pytest.param("current_cohort", 3, [2026], id="§三(二)2 the August form: this year's cohort"),
        pytest.param("site_visit", 3, [2026], id="§三(二)4 site visits: this year's cohort"),
    ],
)
def test_the_cohorts_a_campaign_of_2026_covers(kind, past_cohorts, years):
    assert rules.cohort_window(kind, past_cohorts=past_cohorts).years(2026) == years


def test_the_kinds_are_the_models_values():
    assert set(rules.CampaignKind) == set(Campaign.Kind.values)


@pytest.mark.parametrize(
    ("service_years", "cohorts", "sees_it"),
    [
        pytest.param(
            3, [YEAR - 3, YEAR - 2, YEAR - 1], True, id="§三(二)1 Y−3 is among the last three cohorts"
        ),
        pytest.param(2, [YEAR - 2, YEAR - 1], False, id="§三(二)1 with two, Y−3 is not"),
    ],
)
def test_the_settings_window_decides_the_cohorts_the_sample_and_what_a_department_sees(
    employers, major, centre_user, dept_user, service_years, cohorts, sees_it
):
    policy = PolicySettings.current()
    policy.service_years = service_years
    policy.save()
    employ(major, employers["steel"], YEAR - 3, 2)  # 机电系, the department of dept_user
    employ(major, employers["hotel"], YEAR - 1, 1)
    past = next(
        c
        for c in services.campaigns_create_for_year(year=YEAR, acting_user=centre_user)
        if c.kind == Campaign.Kind.PAST_COHORTS
    )
    invitation = services.invitation_for(past, employers["steel"])
    assert past.cohort_years == cohorts
    assert selectors.plan_coverage(past).denominator == (3 if sees_it else 1)
    assert selectors.invitations_visible_to(dept_user).filter(pk=invitation.pk).exists() is sees_it
