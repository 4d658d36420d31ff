"""axe-core on the main pages, in Chromium, with the Content-Security-Policy in force: no serious or critical
accessibility violation, and no resource the policy had to block."""

import pytest
from django.urls import reverse

from gradtrack.testing import axe, csp
from gradtrack.testing.factories import EmployerFactory, EmploymentFactory
from gradtrack.testing.journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    ("site:dashboard", None),
    ("records:graduate_list", None),
    ("records:graduate_detail", "graduate"),
    ("records:graduate_create", None),
    ("records:graduate_update", "graduate"),
    ("records:employer_list", None),
    ("records:employer_detail", "employer"),
    ("records:employment_create", "graduate"),
    ("imports:upload", None),
    ("records:department_list", None),
    ("records:major_list", None),
    ("accounts:user_list", None),
    ("accounts:user_create", None),
    ("site:settings", None),
    ("accounts:token_list", None),
    ("accounts:password_change", None),
    ("security:access_log", None),
]


@pytest.fixture
def school(graduate, other_graduate, dept_user, leader_user):
    employer = EmployerFactory(name="攀钢集团有限公司")
    EmploymentFactory(graduate=graduate, employer=employer)
    return {"graduate": graduate, "employer": employer}


def assert_accessible(page):
    found = axe.violations(page)
    assert not found, axe.describe(found)
    assert csp.violations(page) == []


def test_the_login_page_is_accessible(browser, live_server, db):
    page = browser.new_page()
    csp.watch(page)
    page.goto(f"{live_server.url}{reverse('accounts:login')}")
    assert_accessible(page)


def test_the_error_page_is_accessible(browser, live_server, admin_user, password):
    page = browser.new_page()
    sign_in(page, live_server, admin_user, password)
    page.goto(f"{live_server.url}/no-such-page/")
    assert page.locator("h1").first.inner_text().strip().endswith("页面不存在（404）")
    assert_accessible(page)


@pytest.mark.parametrize(("url_name", "argument"), PAGES)
def test_the_main_pages_are_accessible(
    browser, live_server, admin_user, password, school, url_name, argument
):
    page = browser.new_page()
    sign_in(page, live_server, admin_user, password)
    args = [school[argument].pk] if argument else []
    page.goto(f"{live_server.url}{reverse(url_name, args=args)}")
    assert page.locator("h1").first.is_visible()
    assert_accessible(page)


def test_a_form_with_errors_stays_accessible(browser, live_server, admin_user, password, school):
    page = browser.new_page()
    sign_in(page, live_server, admin_user, password)
    page.goto(f"{live_server.url}{reverse('records:graduate_create')}")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert page.locator(".invalid-feedback").first.is_visible()
    assert_accessible(page)


def test_the_graduates_list_is_accessible_on_a_phone(browser, live_server, admin_user, password, school):
    page = browser.new_page(phone=True)
    sign_in(page, live_server, admin_user, password)
    page.goto(f"{live_server.url}{reverse('records:graduate_list')}")
    assert_accessible(page)
