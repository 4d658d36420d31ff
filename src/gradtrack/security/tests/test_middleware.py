"""Every answer of the app says "do not store" (personal information) and denies the browser features no page
uses; static files, answered by WhiteNoise before the app, stay cacheable."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import override_settings
from django.urls import reverse

from gradtrack.security.middleware import privacy_headers


def assert_not_stored(response):
    directives = {part.strip() for part in response.headers["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives, response.headers["Cache-Control"]


def assert_features_denied(response):
    policy = response.headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy


@pytest.mark.parametrize(
    "url", [reverse("site:dashboard"), reverse("records:graduate_list"), reverse("records:employer_list")]
)
def test_a_signed_in_page_is_not_stored_and_denies_camera_microphone_and_location(centre_client, url):
    response = centre_client.get(url)
    assert response.status_code == 200
    assert_not_stored(response)
    assert_features_denied(response)


def test_a_page_with_a_graduates_personal_data_is_not_stored(dept_client, graduate):
    response = dept_client.get(reverse("records:graduate_detail", args=[graduate.pk]))
    assert_not_stored(response)


def test_an_api_list_with_phones_is_not_stored(centre_api, graduate):
    response = centre_api.get("/api/v1/graduates/")
    assert response.status_code == 200
    assert_not_stored(response)
    assert_features_denied(response)


def test_the_public_employer_form_and_the_sign_in_page_are_not_stored(client, db):
    for url in ["/f/not-a-real-link/", reverse("accounts:login")]:
        response = client.get(url)
        assert_not_stored(response)
        assert_features_denied(response)


def test_an_anonymous_answer_that_sets_its_own_cache_control_keeps_it(rf):
    def cacheable(request):
        response = HttpResponse("公开")
        response["Cache-Control"] = "public, max-age=60"
        return response

    request = rf.get("/")
    request.user = AnonymousUser()
    response = privacy_headers(cacheable)(request)
    assert response["Cache-Control"] == "public, max-age=60"


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
def test_static_files_are_not_marked_no_store(client, db):
    # With finders on, WhiteNoise serves the source files as it serves collectstatic's in production.
    response = client.get("/static/gradtrack/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
