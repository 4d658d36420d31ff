"""The 工作台 panel: the latest cohort's rates in the user's scope, and the rounds still waiting."""

import datetime

import pytest
import time_machine

from gradtrack.stats import services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "client_name, scope_label",
    [
        ("centre_client", "（未设置学校名称）"),
        ("dept_client", "机电系"),
        ("other_dept_client", "信息技术系"),
    ],
)
def test_the_panel_shows_the_latest_cohort_in_the_users_scope(
    request, small_school, client_name, scope_label
):
    html = request.getfixturevalue(client_name).get("/").content.decode()
    assert f"就业统计 · {scope_label} 2026届" in html


@time_machine.travel(datetime.datetime(2026, 9, 1, 10, tzinfo=datetime.UTC))
def test_the_panel_lists_a_round_the_users_department_has_not_submitted(
    small_school, centre_user, dept_client
):
    services.report_round_create(
        year=2026,
        title="2026届质量跟踪调查报告",
        deadline=datetime.date(2026, 9, 10),
        acting_user=centre_user,
    )
    html = dept_client.get("/").content.decode()
    assert "2026届质量跟踪调查报告" in html
    assert "1 个系部未报送（截止 2026-09-10）" in html
