"""Every figure of the statistics module on the hand-built school of conftest.py, worked out by hand there."""

from decimal import Decimal

import pytest
from django.http import Http404

from gradtrack.core import reference
from gradtrack.core.models import Industry, PolicySettings
from gradtrack.records import services as records_services
from gradtrack.records.models import Employment
from gradtrack.stats import exports, selectors
from gradtrack.stats.selectors import Cohorts, percent, rate_sentence, resolve_scope
from gradtrack.testing.factories import EmployerFactory, EmploymentFactory, GraduateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stats_2026(small_school):
    return selectors.statistics_for(resolve_scope(None, "dept:JD"), Cohorts(2026, 2026))


@pytest.mark.parametrize(
    "part, whole, expected",
    [
        (7, 10, Decimal("70.0")),
        (1, 3, Decimal("33.3")),
        (2, 3, Decimal("66.7")),
        (1, 8, Decimal("12.5")),
        (0, 5, Decimal("0.0")),
        (3, 0, None),
    ],
)
def test_percent_rounds_half_up_to_one_decimal_and_is_none_over_nothing(part, whole, expected):
    assert percent(part, whole) == expected


def test_seven_of_ten_employed_is_an_employment_rate_of_70_percent(stats_2026):
    assert stats_2026.total.graduates == 10
    assert stats_2026.total.employed == 7
    assert stats_2026.total.employment_rate == Decimal("70.0")


def test_matched_rate_is_matched_over_directly_employed_not_over_all_employed(stats_2026):
    assert stats_2026.total.direct == 6
    assert stats_2026.total.matched == 3
    assert stats_2026.total.matched_rate == Decimal("50.0")


def test_outcome_groups_are_counted_from_the_destination_table(stats_2026):
    total = stats_2026.total
    # 80 → 升学; 70 and 72 → 未就业 (destinations.csv crosswalk); g10 has none
    assert (total.further_study, total.military, total.not_employed, total.no_destination) == (1, 0, 2, 1)


def test_direct_employment_and_further_study_rates_are_over_all_graduates(stats_2026):
    # 直接就业 = 就业 − 升学 = 7 − 1 = 6 of 10; 升学 1 of 10
    assert stats_2026.total.direct == stats_2026.total.employed - stats_2026.total.further_study
    assert stats_2026.total.direct_employment_rate == Decimal("60.0")
    assert stats_2026.total.further_study_rate == Decimal("10.0")


def test_average_salary_averages_current_jobs_that_have_a_salary(stats_2026):
    assert stats_2026.total.current_jobs == 6
    assert stats_2026.total.average_salary == Decimal("3960")


def test_starting_salary_is_the_salary_of_each_graduates_first_job(stats_2026):
    assert stats_2026.total.starting_salary == Decimal("3860")


def test_a_raise_changes_the_average_salary_and_leaves_the_starting_salary(small_school, centre_user):
    # POLICY §1: the 起薪 stays as entered; a raise is a dated salary change that moves the current salary only.
    job = (
        Employment.objects.filter(
            graduate__department__code="JD", graduate__graduation_year=2026, end_date__isnull=True
        )
        .exclude(monthly_salary=None)
        .order_by("pk")
        .first()
    )
    records_services.employment_salary_change(
        employment=job,
        monthly_salary=job.monthly_salary + 600,
        effective_on=job.start_date,
        acting_user=centre_user,
    )
    figures = selectors.statistics_for(resolve_scope(None, "dept:JD"), Cohorts(2026, 2026)).total
    assert figures.starting_salary == Decimal("3860")
    assert figures.average_salary == Decimal("4080")  # 3960 + 600 ÷ 5 salaries


def test_retention_is_first_jobs_still_current_over_first_jobs(stats_2026):
    assert (stats_2026.total.first_jobs, stats_2026.total.retained) == (6, 5)
    assert stats_2026.total.retention_rate == Decimal("83.3")


def test_records_are_flagged_for_low_pay_missing_destination_and_missing_salary(stats_2026, small_school):
    assert stats_2026.flagged == {
        "below_minimum_wage": 1,
        "missing_destination": 1,
        "missing_salary": 1,
        "total": 3,
    }
    flagged = selectors.flagged_graduates(
        Cohorts(2026, 2026).graduates(resolve_scope(None, "school").graduates()), PolicySettings.current()
    )
    g = small_school.graduates
    assert {
        (x.pk, x.flag_below_minimum_wage, x.flag_missing_destination, x.flag_missing_salary) for x in flagged
    } == {
        (g[6].pk, True, False, False),
        (g[10].pk, False, True, False),
        (g[5].pk, False, False, True),
    }


def test_the_minimum_wage_comes_from_the_policy_settings(small_school):
    policy = PolicySettings.current()
    policy.local_minimum_wage = Decimal("1500")
    policy.save()
    stats = selectors.statistics_for(resolve_scope(None, "school"), Cohorts(2026, 2026))
    assert stats.flagged["below_minimum_wage"] == 0


def test_the_school_scope_adds_up_every_department(small_school):
    stats = selectors.statistics_for(resolve_scope(None, "school"), Cohorts(2026, 2026))
    assert (stats.total.graduates, stats.total.employed, stats.total.employment_rate) == (
        12,
        9,
        Decimal("75.0"),
    )
    by_department = {row.key: row.figures for row in stats.by_department}
    assert by_department["JD"].employment_rate == Decimal("70.0")
    assert by_department["XX"].employment_rate == Decimal("100.0")
    assert by_department["XX"].average_salary == Decimal("8000")


def test_a_cohort_range_is_broken_down_by_cohort(small_school):
    stats = selectors.statistics_for(resolve_scope(None, "major:660301"), Cohorts(2025, 2026))
    by_cohort = {row.key: row.figures for row in stats.by_cohort}
    assert by_cohort["2025"].employment_rate == Decimal("75.0")
    assert by_cohort["2026"].employment_rate == Decimal("70.0")
    assert stats.total.graduates == 14
    assert stats.previous is None


def test_category_and_major_groupings_use_codes_and_names(small_school):
    stats = selectors.statistics_for(resolve_scope(None, "school"), Cohorts(2026, 2026))
    assert [(row.key, row.label, row.figures.graduates) for row in stats.by_major] == [
        ("660301", "数控技术应用", 10),
        ("710201", "计算机应用", 2),
    ]
    assert [(row.key, row.figures.graduates) for row in stats.by_category] == [("71", 12)]


def test_mixes_count_current_jobs(stats_2026):
    natures = {share.key: share.count for share in stats_2026.employer_natures}
    assert natures == {"31": 3, "39": 3}
    sectors = {share.key: share.count for share in stats_2026.sectors}
    assert sectors == {"1": 0, "2": 3, "3": 3}
    localities = {share.key: (share.count, share.percent) for share in stats_2026.localities}
    assert localities == {
        "local": (4, Decimal("66.7")),
        "elsewhere": (2, Decimal("33.3")),
        "abroad": (0, Decimal("0.0")),
    }
    insurance = {share.label: share.count for share in stats_2026.social_insurance}
    assert insurance == {"有社会保险": 2, "无社会保险": 1, "未填": 3}


def test_starting_salary_bands_count_first_jobs_in_the_bands_of_the_settings(stats_2026):
    # first jobs: g1 2500 (the hotel, since left), g2 4000, g3 5000, g4 6000, g5 none, g6 1800
    bands = [(share.label, share.count) for share in stats_2026.salary_distribution]
    assert bands == [("1000及以下", 0), ("1001–2000", 1), ("2001–3000", 1), ("3000以上", 3)]


def test_starting_salary_bands_follow_a_changed_setting(small_school):
    policy = PolicySettings(starting_salary_bands="2500,5000")
    stats = selectors.statistics_for(resolve_scope(None, "dept:JD"), Cohorts(2026, 2026), policy)
    assert [(s.label, s.count) for s in stats.salary_distribution] == [
        ("2500及以下", 2),
        ("2501–5000", 2),
        ("5000以上", 1),
    ]


@pytest.mark.parametrize(
    "bands, expected",
    [
        # the 广东2013 table's bands (the default): g1 le1, g2 1to2, g3 2to3, three jobs with none recorded
        (
            "1,2,3",
            [
                ("未签合同", 0),
                ("1年及以内", 1),
                ("1-2（含）年", 1),
                ("2-3（含）年", 1),
                ("3年以上", 0),
                ("未填", 3),
            ],
        ),
        ("1,3", [("未签合同", 0), ("1年及以内", 1), ("1-3（含）年", 2), ("3年以上", 0), ("未填", 3)]),
        ("2", [("未签合同", 0), ("2年及以内", 2), ("2年以上", 1), ("未填", 3)]),
    ],
)
def test_contract_terms_are_counted_in_the_bands_of_the_settings(small_school, bands, expected):
    policy = PolicySettings(contract_term_bands=bands)
    stats = selectors.statistics_for(resolve_scope(None, "dept:JD"), Cohorts(2026, 2026), policy)
    assert [(s.label, s.count) for s in stats.contract_terms] == expected


def test_a_single_cohort_is_compared_with_the_one_before(stats_2026):
    assert stats_2026.previous.employment_rate == Decimal("75.0")
    sentence = rate_sentence(
        stats_2026.cohorts, "就业率", stats_2026.total.employment_rate, stats_2026.previous.employment_rate
    )
    assert sentence == "2026届毕业生就业率为70.0%，较上届下降5.0个百分点。"


@pytest.mark.parametrize(
    "current, previous, expected",
    [
        (Decimal("96.3"), Decimal("95.1"), "2026届毕业生就业率为96.3%，较上届提高1.2个百分点。"),
        (Decimal("96.3"), Decimal("96.3"), "2026届毕业生就业率为96.3%，与上届持平。"),
        (Decimal("96.3"), None, "2026届毕业生就业率为96.3%。"),
        (None, None, "2026届毕业生就业率暂无数据。"),
    ],
)
def test_the_rate_sentence_says_how_the_rate_moved(current, previous, expected):
    assert rate_sentence(Cohorts(2026, 2026), "就业率", current, previous) == expected


def test_a_department_user_sees_only_their_departments(small_school, dept_user):
    stats = selectors.statistics_for(resolve_scope(dept_user, "school"), Cohorts(2026, 2026))
    assert stats.total.graduates == 10
    assert stats.scope.label == "机电系"
    with pytest.raises(Http404):
        resolve_scope(dept_user, "dept:XX")
    with pytest.raises(Http404):
        resolve_scope(dept_user, "major:710201")


@pytest.mark.parametrize("key", ["", "nation", "dept", "school:JD", "dept:"])
def test_an_unknown_scope_is_refused(key, db):
    if key == "":
        assert resolve_scope(None, key).kind == "school"
        return
    with pytest.raises(ValueError):
        resolve_scope(None, key)


def test_figures_take_a_fixed_number_of_queries_whatever_the_number_of_graduates(
    small_school, django_assert_max_num_queries
):
    scope = resolve_scope(None, "school")
    with django_assert_max_num_queries(40):
        selectors.statistics_for(scope, Cohorts(2025, 2026))


# GB/T 4754 大类 whose 三次产业 differs from most of their 门类 (《三次产业划分规定》, 2018 revision), and two that do not.
SECTOR_DIVISIONS = ("05", "11", "43", "33", "62")


def _sector_of_division(code: str) -> str:
    row = next(r for r in reference.rows(reference.INDUSTRIES) if r["division_code"] == code)
    return row["sector"]


@pytest.mark.parametrize("division", SECTOR_DIVISIONS)
def test_a_job_counts_in_the_sector_of_its_industry_division(major, division):
    """A job at an employer recorded at 大类 level counts in that 大类's 产业 (05, 11, 43: 第三产业), in the
    statistics and in the provincial table; a job recorded at 门类 level counts in its 门类's."""
    employer = EmployerFactory(industry=Industry.objects.get(code=division))
    graduate = GraduateFactory(major=major, graduation_year=2026)
    EmploymentFactory(graduate=graduate, employer=employer, end_date=None)
    stats = selectors.statistics_for(resolve_scope(None, "school"), Cohorts(2026, 2026))
    counted = {share.label: share.count for share in stats.sectors}
    assert counted[_sector_of_division(division)] == 1
    assert sum(counted.values()) == 1
    section = Industry.objects.get(code=division).section
    assert {share.key: share.count for share in stats.industries} == {section.code: 1}

    headers, rows = exports.provincial_by_category(
        Cohorts(2026, 2026).graduates(graduates_of_school()), PolicySettings.current()
    )
    total = rows[-1]
    for label in ("第一产业", "第二产业", "第三产业"):
        assert total[headers.index(label)] == (1 if label == _sector_of_division(division) else 0)


def graduates_of_school():
    return resolve_scope(None, "school").graduates()


def test_the_sector_of_every_division_is_loaded_from_the_reference_table(db):
    for row in reference.rows(reference.INDUSTRIES):
        division = Industry.objects.get(code=row["division_code"])
        assert (division.get_sector_display(), division.section.code, division.name) == (
            row["sector"],
            row["section"],
            row["division_name"],
        )
