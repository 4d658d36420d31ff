"""A small hand-built school whose figures are worked out by hand in the tests.

机电系 (``department``, major 数控技术应用, category 71), 2026届, ten graduates:

=====  ===========  ============================================  =========
 #     去向 (高校代码 → 中职 group)  jobs (current last)              对口
=====  ===========  ============================================  =========
 g1    11           2500 (Jul–Aug, ended), then 3000 current        yes
 g2    11           4000 current                                    yes
 g3    11           5000 current                                    yes
 g4    11           6000 current                                    no
 g5    11           current, salary missing                         no
 g6    12           1800 current (below the 2100 minimum wage)      no
 g7    80 升学       —
 g8    70 待就业     —
 g9    72 暂不就业   —
 g10   (none)       —
=====  ===========  ============================================  =========

就业 7 of 10 → 70.0 %; 直接就业 6; 对口 3 of 6 → 50.0 %; 平均月薪 (3000+4000+5000+6000+1800)/5 = 3960;
起薪 (2500+4000+5000+6000+1800)/5 = 3860; first jobs 6, still current 5 → 83.3 %;
flagged: g6 below the minimum wage, g10 no destination, g5 no salary.

2025届 of the same major: four graduates, three employed (11, 11, 80) and one 待就业 → 75.0 %.
信息技术系 (``other_department``) 2026届: two graduates, both 11 with a job of 8000.
"""

import datetime
from dataclasses import dataclass

import pytest

from gradtrack.core.models import DestinationCode, EmployerNature, Industry
from gradtrack.testing.factories import EmployerFactory, EmploymentFactory, GraduateFactory


@dataclass
class SmallSchool:
    graduates: dict
    employer: object


def _graduate(major, number, year, code):
    """A graduate whose 毕业去向 is the 中职 group the crosswalk proposes for the 高校 ``code``, kept as detail."""
    detail = DestinationCode.objects.get(code=code) if code else None
    return GraduateFactory(
        major=major,
        student_no=f"{year}{number:06d}",
        graduation_year=year,
        destination=detail.proposed_group if detail else None,
        destination_detail=detail,
    )


def _job(graduate, employer, salary, *, matches=False, start=(2026, 7, 1), end=None, **extra):
    return EmploymentFactory(
        graduate=graduate,
        employer=employer,
        monthly_salary=salary,
        matches_major=matches,
        start_date=datetime.date(*start),
        probation_end=None,
        end_date=end,
        end_reason="personal" if end else "",
        **extra,
    )


@pytest.fixture
def small_school(major, other_major):
    steel = EmployerFactory(
        name="攀钢集团有限公司",
        nature=EmployerNature.objects.get(code="31"),
        industry=Industry.objects.get(code="C"),
    )
    hotel = EmployerFactory(
        name="米易县阳光酒店",
        nature=EmployerNature.objects.get(code="39"),
        industry=Industry.objects.get(code="H"),
    )
    codes = ["11", "11", "11", "11", "11", "12", "80", "70", "72", None]
    g = {n: _graduate(major, n, 2026, code) for n, code in enumerate(codes, start=1)}
    _job(g[1], hotel, 2500, matches=True, end=datetime.date(2026, 8, 31))
    _job(g[1], steel, 3000, matches=True, start=(2026, 9, 15), locality="local", contract_term="le1")
    _job(g[2], steel, 4000, matches=True, locality="local", contract_term="1to2", social_insurance=True)
    _job(g[3], steel, 5000, matches=True, locality="elsewhere", contract_term="2to3", social_insurance=True)
    _job(g[4], hotel, 6000, locality="elsewhere", social_insurance=False)
    _job(g[5], hotel, None, locality="local")
    _job(g[6], hotel, 1800, locality="local")
    for n, code in enumerate(["11", "11", "80", "70"], start=20):
        g[n] = _graduate(major, n, 2025, code)
    for n in (30, 31):
        g[n] = _graduate(other_major, n, 2026, "11")
        _job(g[n], steel, 8000, matches=True)
    return SmallSchool(graduates=g, employer=steel)


@pytest.fixture
def feedback(small_school):
    """Employer responses of the 2026 campaign (see test_feedback.py for the figures worked out by hand).

    steel names g2 and g3: 高, 很满意, 思想政治表现 优秀, 专业知识 良好, hired 5, still 4 (submitted)
    hotel names g4:         一般, 满意, 思想政治表现 良好, 专业知识 一般, hired 3, still 1 (submitted)
    a draft naming g5:       低 (not submitted: not counted)
    another names g30 (信息技术系): 低, 不满意, 思想政治表现 差, hired 2, still 2 (submitted)
    """
    from django.utils import timezone

    from gradtrack.surveys.models import Campaign, EmployerResponse, Invitation, ResponseGraduate

    campaign = Campaign.objects.create(
        year=2026,
        kind=Campaign.Kind.CURRENT_COHORT,
        opens_on=datetime.date(2026, 8, 1),
        closes_on=datetime.date(2026, 8, 31),
        report_due=datetime.date(2026, 9, 15),
        percent=50,
    )
    g = small_school.graduates
    answers = [
        (
            ["g2", "g3"],
            True,
            dict(
                quality="high",
                satisfaction="very",
                rating_political="excellent",
                rating_knowledge="good",
                hired_count=5,
                still_employed_count=4,
            ),
        ),
        (
            ["g4"],
            True,
            dict(
                quality="average",
                satisfaction="satisfied",
                rating_political="good",
                rating_knowledge="fair",
                hired_count=3,
                still_employed_count=1,
            ),
        ),
        (["g5"], False, dict(quality="low")),
        (
            ["g30"],
            True,
            dict(
                quality="low",
                satisfaction="dissatisfied",
                rating_political="poor",
                hired_count=2,
                still_employed_count=2,
            ),
        ),
    ]
    for number, (names, submitted, values) in enumerate(answers):
        invitation = Invitation.objects.create(
            campaign=campaign,
            employer=EmployerFactory(),
            public_id=f"stats-test-{number}",
            sent_at=timezone.now(),
            submitted_at=timezone.now() if submitted else None,
        )
        response = EmployerResponse.objects.create(
            invitation=invitation, submitted_at=invitation.submitted_at, **values
        )
        for position, name in enumerate(names):
            graduate = g[int(name[1:])]
            ResponseGraduate.objects.create(
                response=response, graduate=graduate, position=position, name=graduate.name
            )
    return campaign


@pytest.fixture
def tracking_events(small_school, centre_user):
    """Tracking records of the 机电系 2026届 (see test_tracking_figures.py):
    g1: 调资 on time (confirmed), 跳槽 late (pending), 升职 rejected (not counted);
    g2: a 免费再次安置 request, placed; g4: a 酌情安置 request still open;
    g3: an accident within the service period, closed; g30 (信息技术系): an accident outside it, open."""
    from gradtrack.replacement.models import ReplacementRequest
    from gradtrack.tracking.models import AccidentCase, ChangeReport, TrackingService

    g = small_school.graduates
    day = datetime.date(2026, 10, 1)
    services = {
        n: TrackingService.objects.create(
            graduate=g[n], start_date=datetime.date(2026, 7, 1), end_date=datetime.date(2029, 7, 1)
        )
        for n in (1, 2)
    }
    for change_type, late, status in [
        ("salary", False, "confirmed"),
        ("job_change", True, "pending"),
        ("promotion", False, "rejected"),
    ]:
        ChangeReport.objects.create(
            service=services[1],
            change_type=change_type,
            occurred_on=day,
            reported_on=day,
            reported_by="graduate",
            late=late,
            status=status,
        )
    first_job = g[2].jobs.get()
    first_job.end_date, first_job.end_reason = datetime.date(2026, 10, 31), "layoff"
    first_job.save()
    placed = EmploymentFactory(
        graduate=g[2],
        employer=small_school.employer,
        start_date=datetime.date(2026, 12, 1),
        probation_end=None,
    )
    ReplacementRequest.objects.create(
        graduate=g[2],
        employment=first_job,
        request_date=day,
        opened_by="staff",
        decision="free",
        agency_fee="not_graduate",
        decided_on=day,
        stage="closed",
        closed_on=datetime.date(2026, 12, 1),
        close_reason="placed",
        new_employment=placed,
        placed_on=datetime.date(2026, 12, 1),
    )
    ReplacementRequest.objects.create(
        graduate=g[4],
        employment=g[4].jobs.get(),
        request_date=day,
        opened_by="staff",
        decision="discretionary",
        agency_fee="at_discretion",
        decided_on=day,
    )
    AccidentCase.objects.create(
        graduate=g[3], occurred_on=day, description="工伤", within_service=True, closed_on=day
    )
    AccidentCase.objects.create(graduate=g[30], occurred_on=day, description="交通事故", within_service=False)
