"""What a load balancer and users see when things go wrong (gradtrack.health and the error templates): a
health check, Chinese error pages, and a 503 — not a 500 — while the database cannot be reached."""

from unittest import mock

import pytest
from django.db import OperationalError, ProgrammingError
from django.test import Client
from django.urls import reverse

from gradtrack.health import server_error

DATABASE_DOWN = mock.patch(
    "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection",
    side_effect=OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused"),
)


def test_the_health_check_answers_ok_without_sign_in_https_or_a_known_host(client, db, settings, caplog):
    settings.SECURE_SSL_REDIRECT = True  # production: the load balancer probes over plain HTTP
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-store" in response["Cache-Control"]


def test_the_health_check_says_503_when_the_database_does_not_answer_and_logs_no_request_error(
    client, db, caplog
):
    with DATABASE_DOWN:
        response = client.get("/healthz")
    assert response.status_code == 503
    assert not [r for r in caplog.records if r.name == "django.request"]


@pytest.fixture
def failing_client(centre_user):
    client = Client(raise_request_exception=False)
    client.force_login(centre_user)
    return client


def test_a_page_while_the_database_is_down_is_a_chinese_503_page(failing_client):
    with DATABASE_DOWN:
        response = failing_client.get(reverse("records:graduate_list"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "系统暂时无法使用" in page and "数据库" in page
    assert "Server Error" not in page


def test_the_api_while_the_database_is_down_answers_503_in_json(failing_client):
    with DATABASE_DOWN:
        response = failing_client.get("/api/v1/graduates/")
    assert response.status_code == 503
    assert "数据库" in response.json()["detail"]


@pytest.mark.parametrize(
    "path, template_text",
    [("/records/graduates/", "系统出错（500）"), ("/api/v1/graduates/", "服务器内部错误")],
)
def test_any_other_error_is_a_chinese_500_page_or_json(rf, path, template_text):
    try:
        raise ProgrammingError("column does not exist")
    except ProgrammingError:
        response = server_error(rf.get(path))
    assert response.status_code == 500
    assert template_text in response.content.decode()
    assert "Retry-After" not in response


def test_an_unknown_address_is_a_chinese_404_page(centre_client):
    response = centre_client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在（404）" in response.content.decode()
    assert "Not Found" not in response.content.decode()


def test_a_page_beyond_ones_rights_is_a_chinese_403_page(dept_client):
    response = dept_client.get(reverse("records:department_list"))
    assert response.status_code == 403
    assert "无权访问（403）" in response.content.decode()


def test_a_request_for_an_unknown_host_is_a_chinese_400_page(client, db):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "请求有误（400）" in response.content.decode()
