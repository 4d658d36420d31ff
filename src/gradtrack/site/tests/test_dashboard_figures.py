"""The 工作台's figures count each graduate once, however many jobs they have had (found by make bench)."""

import datetime

from django.urls import reverse

from gradtrack.testing.factories import EmploymentFactory, GraduateFactory


def test_a_graduate_with_several_jobs_counts_once_in_every_figure(
    centre_client, graduate, other_graduate, major
):
    EmploymentFactory(
        graduate=graduate, start_date=datetime.date(2023, 7, 1), end_date=datetime.date(2023, 12, 31)
    )
    EmploymentFactory(
        graduate=graduate, start_date=datetime.date(2024, 1, 15), end_date=datetime.date(2024, 6, 30)
    )
    EmploymentFactory(graduate=graduate, start_date=datetime.date(2024, 7, 1))
    EmploymentFactory(
        graduate=other_graduate, start_date=datetime.date(2024, 7, 1), end_date=datetime.date(2024, 9, 1)
    )
    GraduateFactory(major=major, student_no="2024000003", placement_mode="self")

    context = centre_client.get(reverse("site:dashboard")).context
    assert context["counts"] == {"total": 3, "employed": 1, "school_arranged": 2}
    assert context["by_cohort"] == [{"graduation_year": 2024, "total": 3, "employed": 1}]
    assert {d.name: d.graduate_count for d in context["departments"]} == {"机电系": 2, "信息技术系": 1}


def test_a_department_user_counts_only_their_departments_graduates_and_jobs(
    dept_client, graduate, other_graduate
):
    EmploymentFactory(graduate=graduate, start_date=datetime.date(2024, 7, 1))
    EmploymentFactory(graduate=other_graduate, start_date=datetime.date(2024, 7, 1))

    context = dept_client.get(reverse("site:dashboard")).context
    assert (context["counts"]["total"], context["counts"]["employed"]) == (1, 1)
    assert [d.name for d in context["departments"]] == ["机电系"]
