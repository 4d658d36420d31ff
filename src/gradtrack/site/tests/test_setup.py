"""The deployment promises of the README: production settings pass Django's deploy checks, the app is Chinese."""

import os
import subprocess
import sys

import pytest
from django.urls import reverse

from gradtrack.cli import command_name


def run_gradtrack(*args, **env):
    # A clean production-like environment: none of the test run's own settings (nor the browser journeys'
    # DJANGO_ALLOW_ASYNC_UNSAFE) may leak into what is checked.
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("GRADTRACK_", "DJANGO_", "DATABASE_URL"))
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "gradtrack", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = run_gradtrack(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        GRADTRACK_SECRET_KEY="k" * 10 + "A-very-long-random-production-key-9f8e7d6c5b4a3210zyxwvu",
        GRADTRACK_ALLOWED_HOSTS="jiuye.example.edu.cn",
        GRADTRACK_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_debug_is_off_unless_set_and_a_missing_key_is_a_clear_error(tmp_path):
    result = run_gradtrack("check", GRADTRACK_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "GRADTRACK_SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    "argv, expected",
    [
        (["gradtrack", "import-graduates", "a.xlsx"], ["gradtrack", "import_graduates", "a.xlsx"]),
        (["gradtrack", "migrate", "--no-input"], ["gradtrack", "migrate", "--no-input"]),
        (["gradtrack", "--version"], ["gradtrack", "--version"]),
    ],
)
def test_the_console_script_accepts_hyphenated_command_names(argv, expected):
    assert command_name(argv) == expected


def test_the_login_page_is_in_chinese(client, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="zh-Hans">' in content
    assert "毕业生就业跟踪管理系统" in content and "登录" in content


def test_anonymous_visitors_are_sent_to_login(client, db):
    response = client.get(reverse("site:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("user_fixture", ["centre_user", "dept_user", "leader_user", "admin_user"])
def test_every_staff_role_signs_in_and_sees_the_dashboard(client, request, password, user_fixture):
    user = request.getfixturevalue(user_fixture)
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": password})
    assert response.status_code == 302
    response = client.get(reverse("site:dashboard"))
    assert response.status_code == 200
    assert "工作台" in response.content.decode()


def test_the_dashboard_counts_only_what_the_user_may_see(dept_client, graduate, other_graduate):
    response = dept_client.get(reverse("site:dashboard"))
    assert response.context["counts"]["total"] == 1
    names = [d.name for d in response.context["departments"]]
    assert names == [graduate.department.name]


def test_a_graduate_who_signs_in_on_the_staff_page_is_sent_to_the_portal(client, graduate, password):
    from gradtrack.testing.factories import UserFactory

    UserFactory(username=graduate.student_no, role="graduate", graduate=graduate)
    client.post(reverse("accounts:login"), {"username": graduate.student_no, "password": password})
    response = client.get(reverse("site:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
