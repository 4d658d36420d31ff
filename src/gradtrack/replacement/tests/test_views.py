"""Staff pages and the graduate portal: access for the trio (+ the read-only leader), a graduate seeing only
their own requests, the walk of a 裁员 case and of a probation resignation through the pages, and the one
decision function behind the UI, the portal and the API."""

from unittest import mock

import pytest
from django.urls import reverse

from gradtrack.records.models import Employment
from gradtrack.replacement import rules
from gradtrack.replacement.models import ReplacementRequest
from gradtrack.replacement.tests.conftest import TODAY, D, on
from gradtrack.testing.api import bearer_client

pytestmark = pytest.mark.django_db

STEPS = [
    "request_register",
    "request_test",
    "request_outcome",
    "request_classify",
    "request_place",
    "request_close",
]


def login(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("who", "expected"),
    [("centre", 200), ("dept", 200), ("other_dept", 200), ("leader", 200)],
)
def test_the_list_of_open_requests(client, request, laid_off_request, who, expected):
    response = login(client, request.getfixturevalue(f"{who}_user")).get(reverse("replacement:request_list"))
    assert response.status_code == expected
    assert (laid_off_request.graduate.name in response.text) == (who != "other_dept")


def test_the_list_counts_open_requests_by_stage(centre_client, laid_off_request, other_request, centre_user):
    from gradtrack.replacement import services

    services.replacement_request_register(request=other_request, registered_on=TODAY, acting_user=centre_user)
    response = centre_client.get(reverse("replacement:request_list"), {"stage": "test"})
    tabs = {tab["key"]: tab["count"] for tab in response.context["tabs"]}
    assert tabs == {"open": 2, "registration": 1, "test": 1, "placement": 0, "closed": None}
    assert list(response.context["requests"]) == [other_request]


def test_the_list_is_for_staff_only(client, graduate_user):
    assert login(client, graduate_user).get(reverse("replacement:request_list")).status_code == 403


@pytest.mark.parametrize(
    ("who", "expected"), [("centre", 200), ("dept", 200), ("other_dept", 404), ("leader", 200)]
)
def test_the_request_page_quotes_the_clause(client, request, laid_off_request, who, expected):
    response = login(client, request.getfixturevalue(f"{who}_user")).get(
        reverse("replacement:request_detail", args=[laid_off_request.pk])
    )
    assert response.status_code == expected
    if expected == 200:
        assert "免费再次安置" in response.text and "§二.6" in response.text
        assert "学校将免费进行再次就业安置。" in response.text
        assert ("记录报名登记" in response.text) == (who != "leader")


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize(
    ("who", "expected"), [("centre", 200), ("dept", 200), ("other_dept", 404), ("leader", 403)]
)
def test_each_step_page(client, request, laid_off_request, step, who, expected):
    url = reverse(f"replacement:{step}", args=[laid_off_request.pk])
    assert login(client, request.getfixturevalue(f"{who}_user")).get(url).status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"), [("centre", 302), ("dept", 302), ("other_dept", 404), ("leader", 403)]
)
def test_redeciding(client, request, laid_off_request, who, expected):
    url = reverse("replacement:request_redecide", args=[laid_off_request.pk])
    assert login(client, request.getfixturevalue(f"{who}_user")).post(url).status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"), [("centre", 302), ("dept", 302), ("other_dept", 404), ("leader", 403)]
)
def test_staff_open_a_request_from_the_graduates_file(client, request, laid_off_job, who, expected):
    url = reverse("replacement:request_create", args=[laid_off_job.graduate_id])
    client = login(client, request.getfixturevalue(f"{who}_user"))
    response = client.post(url, {"employment": laid_off_job.pk, "request_date": "2025-01-20"})
    assert response.status_code == expected
    assert ReplacementRequest.objects.filter(graduate=laid_off_job.graduate).exists() == (expected == 302)


def test_the_graduate_page_lists_the_requests(dept_client, laid_off_request):
    response = dept_client.get(reverse("records:graduate_detail", args=[laid_off_request.graduate_id]))
    assert reverse("replacement:request_detail", args=[laid_off_request.pk]) in response.text
    assert reverse("replacement:request_create", args=[laid_off_request.graduate_id]) in response.text


def test_a_laid_off_graduate_is_walked_from_request_to_new_job_through_the_pages(
    dept_client, laid_off_job, new_employer
):
    graduate = laid_off_job.graduate
    response = dept_client.post(
        reverse("replacement:request_create", args=[graduate.pk]),
        {"employment": laid_off_job.pk, "request_date": "2025-01-20"},
    )
    request_obj = ReplacementRequest.objects.get(graduate=graduate)
    assert response.url == reverse("replacement:request_detail", args=[request_obj.pk])
    assert request_obj.decision == "free"
    step = lambda name: reverse(f"replacement:{name}", args=[request_obj.pk])  # noqa: E731
    # A placement now is refused with the reason, and nothing is created.
    refused = dept_client.post(step("request_place"), {"employer": new_employer.pk, "start_date": "2025-03-10",
                                                     "channel": "school"})  # fmt: skip
    assert refused.status_code == 200 and "尚未报名登记" in refused.text
    assert dept_client.post(step("request_register"), {"registered_on": "2025-01-21"}).status_code == 302
    assert dept_client.post(step("request_test"), {"held_on": "2025-02-01", "kind": "interview",
                                                 "organiser": "school", "result": "passed"}).status_code == 302  # fmt: skip
    placed = dept_client.post(step("request_place"), {"employer": new_employer.pk, "start_date": "2025-03-10",
                                                    "post": "客房服务员", "channel": "school"})  # fmt: skip
    assert placed.status_code == 302
    request_obj.refresh_from_db()
    assert request_obj.stage == "closed" and request_obj.close_reason == "placed"
    new_job = graduate.jobs.get(end_date__isnull=True)
    assert new_job == request_obj.new_employment and new_job.school_arranged and new_job.channel == "school"
    page = dept_client.get(reverse("replacement:request_detail", args=[request_obj.pk]))
    assert "米易县阳光酒店" in page.text and "已安置" in page.text


def test_a_probation_resignation_is_refused_before_its_earliest_date_and_placed_on_it(
    dept_client, probation_resignation, new_employer
):
    graduate = probation_resignation.graduate
    with on(D(2024, 9, 10)):
        dept_client.post(
            reverse("replacement:request_create", args=[graduate.pk]),
            {"employment": probation_resignation.pk, "request_date": "2024-09-10"},
        )
        request_obj = ReplacementRequest.objects.get(graduate=graduate)
        step = lambda name: reverse(f"replacement:{name}", args=[request_obj.pk])  # noqa: E731
        dept_client.post(step("request_register"), {"registered_on": "2024-09-10"})
        dept_client.post(step("request_test"), {"held_on": "2024-09-10", "kind": "written", "organiser": "school",
                                              "result": "passed"})  # fmt: skip
    assert request_obj.earliest_placement_date == D(2024, 11, 30)
    body = {
        "employer": new_employer.pk,
        "start_date": "2024-12-02",
        "channel": "agency",
        "fee_payer": "graduate",
    }
    with on(D(2024, 11, 29)):
        refused = dept_client.post(step("request_place"), body)
    assert refused.status_code == 200 and "最早可安置日期为 2024-11-30" in refused.text
    assert not graduate.jobs.filter(end_date__isnull=True).exists()
    with on(D(2024, 11, 30)):
        school_pays = dept_client.post(step("request_place"), {**body, "fee_payer": "school"})
        assert "中介费用自理" in school_pays.text
        assert dept_client.post(step("request_place"), body).status_code == 302
    request_obj.refresh_from_db()
    assert request_obj.placed_on == D(2024, 11, 30) and request_obj.fee_payer == "graduate"
    assert request_obj.new_employment.channel == Employment.Channel.AGENCY


# --- The portal ------------------------------------------------------------------------------------------


def test_a_graduate_opens_a_request_in_the_portal_and_sees_the_decision(graduate_client, laid_off_job):
    form = graduate_client.get(reverse("portal_replacement:request_create"))
    assert form.status_code == 200 and laid_off_job.employer.name in form.text
    response = graduate_client.post(
        reverse("portal_replacement:request_create"), {"employment": laid_off_job.pk}
    )
    request_obj = ReplacementRequest.objects.get(graduate=laid_off_job.graduate)
    assert response.url == reverse("portal_replacement:request_detail", args=[request_obj.pk])
    assert request_obj.opened_by == "graduate" and request_obj.request_date == TODAY
    page = graduate_client.get(response.url)
    assert "免费再次安置" in page.text and "学校将免费进行再次就业安置。" in page.text
    assert (
        reverse("portal_replacement:request_detail", args=[request_obj.pk])
        in graduate_client.get(reverse("portal_replacement:request_list")).text
    )


def test_a_graduate_cannot_see_another_graduates_request(graduate_client, other_request):
    url = reverse("portal_replacement:request_detail", args=[other_request.pk])
    assert graduate_client.get(url).status_code == 404


def test_a_graduate_cannot_ask_for_another_graduates_job(graduate_client, laid_off_job, other_laid_off_job):
    response = graduate_client.post(
        reverse("portal_replacement:request_create"), {"employment": other_laid_off_job.pk}
    )
    assert response.status_code == 200 and "employment" in response.context["form"].errors
    assert not ReplacementRequest.objects.exists()


@pytest.mark.parametrize("name", ["request_list", "request_create"])
@pytest.mark.parametrize(
    ("who", "expected"), [("centre", 403), ("dept", 403), ("other_dept", 403), ("leader", 403)]
)
def test_the_portal_is_for_graduates_only(client, request, name, who, expected):
    response = login(client, request.getfixturevalue(f"{who}_user")).get(
        reverse(f"portal_replacement:{name}")
    )
    assert response.status_code == expected


def test_the_portal_sends_strangers_to_sign_in(client):
    response = client.get(reverse("portal_replacement:request_list"))
    assert response.status_code == 302 and reverse("portal:login") in response.url


def test_the_portal_home_links_the_requests(graduate_client, laid_off_request):
    response = graduate_client.get(reverse("portal:home"))
    assert reverse("portal_replacement:request_detail", args=[laid_off_request.pk]) in response.text


# --- One decision function -------------------------------------------------------------------------------


def test_the_ui_the_portal_and_the_api_call_the_same_decision_function(
    client, dept_user, graduate_user, laid_off_job, centre_user
):
    spy = mock.patch(
        "gradtrack.replacement.services.rules.replacement_decision", wraps=rules.replacement_decision
    )
    with spy as decide:
        login(client, graduate_user).post(
            reverse("portal_replacement:request_create"), {"employment": laid_off_job.pk}
        )
        portal = ReplacementRequest.objects.get()
        assert decide.call_count == 1
        portal_args = decide.call_args.kwargs
        from gradtrack.replacement import services

        services.replacement_request_close(
            request=portal, reason="withdrawn", note="", acting_user=centre_user
        )
        login(client, dept_user).post(
            reverse("replacement:request_create", args=[laid_off_job.graduate_id]),
            {"employment": laid_off_job.pk, "request_date": TODAY.isoformat()},
        )
        staff = ReplacementRequest.objects.get(stage="registration")
        assert decide.call_count == 2 and decide.call_args.kwargs == portal_args
        services.replacement_request_close(
            request=staff, reason="withdrawn", note="", acting_user=centre_user
        )
        response = bearer_client(centre_user).post(
            "/api/v1/replacement-requests/",
            {"graduate": laid_off_job.graduate_id, "employment": laid_off_job.pk},
            format="json",
        )
        assert decide.call_count == 3 and decide.call_args.kwargs == portal_args
    assert response.json()["decision"] == portal.decision == staff.decision == "free"


@pytest.mark.parametrize(("who", "count"), [("centre", 2), ("dept", 1), ("other_dept", 1), ("leader", 2)])
def test_the_dashboard_counts_open_requests_by_stage(
    client, request, laid_off_request, other_request, who, count
):
    response = login(client, request.getfixturevalue(f"{who}_user")).get(reverse("site:dashboard"))
    panel = next(p for p in response.context["panels"] if p["template"] == "replacement/panel.html")
    assert {item["stage"]: item["count"] for item in panel["items"]} == {
        "registration": count,
        "test": 0,
        "placement": 0,
    }
    assert "再次就业安置" in response.text


def test_the_side_nav_links_the_requests(dept_client):
    response = dept_client.get(reverse("replacement:request_list"))
    assert f'href="{reverse("replacement:request_list")}"' in response.text
