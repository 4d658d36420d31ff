"""Journey: the centre opens the statistics on a phone; Chart.js (served by the site) draws every chart that has
data, without any Content-Security-Policy violation, and the page fits the screen."""

import pytest

from gradtrack.testing import csp
from gradtrack.testing.journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_centre_sees_the_charts_drawn_on_a_phone(
    browser, live_server, centre_user, password, small_school
):
    page = browser.new_page(phone=True)
    sign_in(page, live_server, centre_user, password, next_path="/stats/")
    page.goto(f"{live_server.url}/stats/?scope=school&first=2025&last=2026")
    assert page.get_by_role("heading", name="各届就业率与对口就业率").is_visible()
    page.wait_for_function("() => window.Chart !== undefined")
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('canvas[data-chart]')]"
        ".filter((canvas) => window.Chart.getChart(canvas)).map((canvas) => canvas.dataset.chart)"
    )
    assert {"rates_by_cohort", "salary_trend", "employer_natures", "salary_distribution"} <= set(drawn)
    assert page.locator('[data-figure="employment_rate"]').inner_text() == "75.0"  # (3 + 9) of (4 + 12)
    assert csp.violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize(
    "path", ["/stats/", "/stats/report/", "/stats/submissions/", "/stats/submissions/new/"]
)
def test_the_statistics_pages_are_accessible(browser, live_server, centre_user, password, small_school, path):
    from gradtrack.testing import axe

    page = browser.new_page()
    sign_in(page, live_server, centre_user, password)
    page.goto(f"{live_server.url}{path}")
    assert page.locator("h1").first.is_visible()
    found = axe.violations(page)
    assert not found, axe.describe(found)
    assert csp.violations(page) == []
