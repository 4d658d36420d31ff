"""A small school for the survey tests: next year's campaigns (still open whatever today is), their cohort
employed at three employers in two departments, and graduates of the three cohorts before."""

import datetime
import itertools

import pytest
from django.utils import timezone

from gradtrack.surveys import services
from gradtrack.surveys.models import Campaign
from gradtrack.testing.factories import EmployerFactory, EmploymentFactory, GraduateFactory

YEAR = timezone.localdate().year + 1
STUDENT_NUMBERS = itertools.count(1)


def employ(major, employer, year, count, *, start=datetime.date(2024, 7, 1)):
    jobs = []
    for _n in range(count):
        graduate = GraduateFactory(
            major=major, graduation_year=year, student_no=f"S{year}{next(STUDENT_NUMBERS):06d}"
        )
        jobs.append(
            EmploymentFactory(graduate=graduate, employer=employer, start_date=start, probation_end=None)
        )
    return jobs


@pytest.fixture
def employers(db):
    return {
        "steel": EmployerFactory(
            name="攀钢集团有限公司", email="hr@pangang.example", contact_person="赵经理"
        ),
        "hotel": EmployerFactory(name="米易县阳光酒店", email=""),
        "shop": EmployerFactory(name="安宁超市", email="shop@example.com"),
    }


@pytest.fixture
def school(employers, major, other_major, graduate, other_graduate):
    """Next year's cohort: 6 employed in 机电系 (steel 4, hotel 2), 4 in 信息技术系 (hotel 2, shop 2);
    the `graduate` fixture (机电系) is one of steel's; earlier cohorts: 20 at the shop."""
    graduate.graduation_year = YEAR
    graduate.save()
    other_graduate.graduation_year = YEAR
    other_graduate.save()
    EmploymentFactory(graduate=graduate, employer=employers["steel"], post="钳工", title="班组长")
    EmploymentFactory(graduate=other_graduate, employer=employers["shop"])
    employ(major, employers["steel"], YEAR, 3)
    employ(major, employers["hotel"], YEAR, 2)
    employ(other_major, employers["hotel"], YEAR, 2)
    employ(other_major, employers["shop"], YEAR, 1)
    employ(other_major, employers["shop"], YEAR - 2, 20)
    return employers


@pytest.fixture
def campaigns(school, centre_user):
    created = services.campaigns_create_for_year(year=YEAR, acting_user=centre_user)
    return {c.kind: c for c in created}


@pytest.fixture
def current(campaigns):
    return campaigns[Campaign.Kind.CURRENT_COHORT]


@pytest.fixture
def visit_campaign(campaigns):
    return campaigns[Campaign.Kind.SITE_VISIT]


def link(invitation):
    return f"http://testserver/f/{services.invitation_token(invitation)}/"


@pytest.fixture
def sent(current, centre_user, django_capture_on_commit_callbacks):
    """The current-cohort campaign with its invitations out (and their e-mails in mail.outbox)."""
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(campaign=current, link_for=link, acting_user=centre_user)
    return current


@pytest.fixture
def steel_invitation(sent, employers):
    return sent.invitations.get(employer=employers["steel"])


@pytest.fixture
def hotel_invitation(sent, employers):
    return sent.invitations.get(employer=employers["hotel"])


def complete_answers(**overrides):
    answers = {
        "unit_name": "攀钢集团有限公司",
        "stamp_confirmation": "赵经理",
        "contact_person": "赵经理",
        "contact_phone": "0812-3333333",
        "nature": "state_owned",
        "quality": "fairly_high",
        "satisfaction": "satisfied",
        "overall_evaluation": "good",
        "hired_count": 6,
        "still_employed_count": 4,
        "suggestions": "加强实习环节",
    }
    from gradtrack.surveys.models import RATING_FIELDS

    answers.update({name: "good" for name in RATING_FIELDS})
    answers.update(overrides)
    return answers
