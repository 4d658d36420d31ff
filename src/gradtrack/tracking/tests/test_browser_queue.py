"""Journey (acceptance, POLICY §4): a 系部 user filters the 回访工作台 to one class, logs "reached, nothing
changed" for the first graduate in at most 3 interactions, presses 下一位, logs a different salary for the
second and confirms the change there; the 工作台's overdue count falls by 2, the cohort's 平均起薪 is unchanged
and the job's timeline shows the raise. At desktop size and on a 390×844 phone."""

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from gradtrack.records.models import Graduate
from gradtrack.stats import selectors as stats_selectors
from gradtrack.testing.factories import EmploymentFactory, GraduateFactory
from gradtrack.testing.journeys import sign_in
from gradtrack.tracking import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def starting_salary_of_cohort(graduate):
    scope = stats_selectors.resolve_scope(None, f"dept:{graduate.department.code}")
    cohort = graduate.graduation_year
    return stats_selectors.statistics_for(
        scope, stats_selectors.Cohorts(cohort, cohort)
    ).total.starting_salary


def overdue_on_dashboard(page, url):
    page.goto(f"{url}/")
    card = page.locator("a.card", has_text="逾期回访")
    return int(card.locator("[data-tracking-count]").inner_text())


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone 390×844"])
def test_a_department_user_works_the_queue_of_one_class(
    browser, live_server, dept_user, password, graduate, service, job, employer, centre_user, phone
):
    start = timezone.localdate() - relativedelta(months=13)
    second = GraduateFactory(major=graduate.major, student_no="2024000005", name="赵强", class_name="机电2班")
    second_job = EmploymentFactory(graduate=second, employer=employer, start_date=start, probation_end=start)
    services.tracking_service_start(graduate=second, acting_user=centre_user)
    other_class = GraduateFactory(
        major=graduate.major, student_no="2024000007", name="钱多", class_name="机电3班"
    )
    EmploymentFactory(graduate=other_class, employer=employer, start_date=start, probation_end=start)
    services.tracking_service_start(graduate=other_class, acting_user=centre_user)
    Graduate.objects.filter(pk=graduate.pk).update(class_name="机电2班")
    average_before = starting_salary_of_cohort(graduate)

    page = browser.new_page(phone=phone)
    url = live_server.url
    sign_in(page, live_server, dept_user, password)
    overdue_before = overdue_on_dashboard(page, url)
    assert overdue_before == 3

    page.goto(f"{url}/tracking/queue/")
    page.get_by_label("班级").select_option("机电2班")
    page.get_by_role("button", name="筛选").click()
    rows = page.locator("[data-queue-row]")
    rows.first.wait_for()
    assert rows.count() == 2 and "钱多" not in page.locator("table").inner_text()

    # Reached, nothing changed: 1 open the graduate, 2 pick the channel, 3 save.
    page.get_by_role("link", name="李明").click()
    page.get_by_label("电话").check()
    page.get_by_role("button", name="联系上，无变化").click()
    assert page.get_by_text("已记录回访，下次回访日期").is_visible()
    if phone:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_role("link", name="下一位").click()
    page.get_by_role("heading", name="赵强").wait_for()
    page.get_by_label("微信").first.check()
    page.locator("[data-questions] summary").click()
    page.get_by_label("月薪（元）").fill("4900")
    page.get_by_role("button", name="联系上，保存回答").click()
    assert page.get_by_text("发现 1 项变动").is_visible()
    page.get_by_role("button", name="确认变动").click()
    assert page.get_by_text("已确认变动，就业档案已更新。").is_visible()
    if phone:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390

    assert overdue_on_dashboard(page, url) == overdue_before - 2
    assert starting_salary_of_cohort(graduate) == average_before

    page.goto(f"{url}/records/graduates/{second.pk}/")
    timeline = page.locator(".salary-timeline")
    assert "4200 → 4900" in timeline.inner_text()
    second_job.refresh_from_db()
    assert (second_job.starting_salary, second_job.monthly_salary) == (4200, 4900)
