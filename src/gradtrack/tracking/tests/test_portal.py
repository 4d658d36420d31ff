"""The graduate portal: invitation → password → 学号 sign-in; a graduate sees only their own file, is kept
out of every staff page and staff endpoint, and gets 404 for another graduate's records."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from gradtrack.accounts import roles
from gradtrack.tracking import services
from gradtrack.tracking.models import ChangeReport

pytestmark = pytest.mark.django_db


def test_a_graduate_account_is_not_staff(graduate_user):
    assert not roles.is_staff_user(graduate_user)
    assert not roles.can_write(graduate_user)


@pytest.mark.parametrize(
    "url",
    [
        "/records/graduates/",
        "/records/employers/",
        "/tracking/services/",
        "/tracking/changes/",
        "/tracking/follow-ups/",
        "/tracking/flags/",
        "/tracking/accidents/",
        "/accounts/tokens/",
    ],
)
def test_a_graduate_is_refused_every_staff_page(graduate_client, url):
    assert graduate_client.get(url).status_code == 403


def test_a_graduate_on_the_staff_home_page_is_sent_to_the_portal(graduate_client):
    response = graduate_client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")


def test_a_graduate_is_refused_staff_object_pages(graduate_client, service, job):
    for url in [
        reverse("records:graduate_detail", args=[service.graduate.pk]),
        reverse("tracking:service_detail", args=[service.pk]),
    ]:
        assert graduate_client.get(url).status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/graduates/",
        "/api/v1/employments/",
        "/api/v1/departments/",
        "/api/v1/tracking/contacts/",
        "/api/v1/tracking/verifications/",
        "/api/v1/tracking/flags/",
        "/api/v1/tracking/incidents/",
    ],
)
def test_a_graduate_is_refused_the_staff_api(graduate_user, url):
    api = APIClient()
    api.force_login(graduate_user)
    assert api.get(url).status_code == 403


def test_the_invitation_link_sets_a_password_and_signs_the_graduate_in(
    client, graduate, centre_user, password
):
    _invitation, token = services.portal_invitation_create(graduate=graduate, acting_user=centre_user)
    url = reverse("portal:accept", args=[token])
    assert "李明" in client.get(url).content.decode()
    response = client.post(url, {"password1": password, "password2": password})
    assert response.url == reverse("portal:home")
    assert client.get(reverse("portal:home")).status_code == 200
    assert client.get(url).status_code == 404, "the link works once"


def test_a_weak_password_is_refused_on_the_invitation_page(client, graduate, centre_user):
    _invitation, token = services.portal_invitation_create(graduate=graduate, acting_user=centre_user)
    response = client.post(reverse("portal:accept", args=[token]), {"password1": "123", "password2": "123"})
    assert response.status_code == 200
    assert services.portal_invitation_for_token(token) is not None


def test_graduates_sign_in_with_their_student_number(client, graduate_user, password):
    response = client.post(reverse("portal:login"), {"student_no": "2024000001", "password": password})
    assert response.url == reverse("portal:home")
    bad = Client().post(reverse("portal:login"), {"student_no": "2024000001", "password": "wrong"})
    assert "学号或密码不正确" in bad.content.decode()


def test_portal_sign_in_locks_after_the_failures_the_settings_allow(graduate_user, password, settings):
    """security.throttle.sign_in_attempt counts the attempt before the password: the right password after the
    limit is refused too, until the window has passed."""
    login = reverse("portal:login")
    for _attempt in range(settings.LOGIN_THROTTLE_PER_USERNAME):
        wrong = Client().post(login, {"student_no": "2024000001", "password": "wrong"})
        assert wrong.status_code == 200
    refused = Client().post(login, {"student_no": "2024000001", "password": password})
    assert refused.status_code == 429
    assert "登录失败次数过多" in refused.content.decode()


def test_staff_cannot_sign_in_on_the_portal(client, centre_user, password):
    response = client.post(
        reverse("portal:login"), {"student_no": centre_user.username, "password": password}
    )
    assert response.status_code == 200
    assert "学号或密码不正确" in response.content.decode()


def test_staff_are_refused_the_portal_pages(centre_client):
    assert centre_client.get(reverse("portal:home")).status_code == 403


def test_the_portal_asks_strangers_to_sign_in(client):
    response = client.get(reverse("portal:home"))
    assert response.url.startswith(reverse("portal:login"))


def test_the_home_page_shows_the_service_and_the_duties_with_the_settings_numbers(graduate_client, service):
    content = graduate_client.get(reverse("portal:home")).content.decode()
    assert service.last_covered_day.strftime("%Y-%m-%d") in content
    assert "30 天内" in content and "服务中" in content


def test_a_graduate_reports_a_change_and_sees_its_status(graduate_client, service):
    response = graduate_client.post(
        reverse("portal:change_create"),
        {"change_type": "salary", "occurred_on": timezone.localdate().isoformat(), "new_salary": "5200"},
    )
    change = ChangeReport.objects.get()
    assert response.url == reverse("portal:change_detail", args=[change.pk])
    assert (change.reported_by, change.status, change.late) == ("graduate", "pending", False)
    assert "待确认" in graduate_client.get(response.url).content.decode()


def test_the_portal_form_explains_what_is_missing(graduate_client, service):
    response = graduate_client.post(
        reverse("portal:change_create"),
        {"change_type": "salary", "occurred_on": timezone.localdate().isoformat()},
    )
    assert "调资请填写新月薪" in response.content.decode()


def test_graduate_a_gets_404_for_graduate_b_pages_and_api_objects(
    graduate_client, graduate_user, other_change, other_service
):
    assert graduate_client.get(reverse("portal:change_detail", args=[other_change.pk])).status_code == 404
    api = APIClient()
    api.force_login(graduate_user)
    assert api.get(f"/api/v1/tracking/changes/{other_change.pk}/").status_code == 404
    assert api.get(f"/api/v1/tracking/services/{other_service.pk}/").status_code == 404
    response = api.post(
        "/api/v1/tracking/changes/",
        {
            "service": other_service.pk,
            "change_type": "salary",
            "occurred_on": timezone.localdate().isoformat(),
            "new_salary": "1",
        },
        format="json",
    )
    assert response.status_code == 400 and "service" in response.json()["errors"]


def test_a_graduate_reads_and_reports_through_the_api_as_themself(
    graduate_user, service, other_service, salary_change
):
    api = APIClient()
    api.force_login(graduate_user)
    assert [s["id"] for s in api.get("/api/v1/tracking/services/").json()["results"]] == [service.pk]
    assert [c["id"] for c in api.get("/api/v1/tracking/changes/").json()["results"]] == [salary_change.pk]
    response = api.post(
        "/api/v1/tracking/changes/",
        {
            "service": service.pk,
            "change_type": "promotion",
            "occurred_on": timezone.localdate().isoformat(),
            "new_title": "班组长",
            "reported_by": "school",
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["reported_by"] == "graduate"
    assert (
        api.post(f"/api/v1/tracking/changes/{salary_change.pk}/confirm/", {}, format="json").status_code
        == 403
    )
