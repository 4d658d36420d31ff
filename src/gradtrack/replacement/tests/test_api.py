"""The re-placement API: the decision in the response, the steps, refusals as 400 with the reason, and access
for the trio (centre, same department, other department) plus the read-only leader."""

import pytest
from django.urls import reverse

from gradtrack.replacement.models import ReplacementRequest
from gradtrack.replacement.tests.conftest import TODAY, D, on, school_job, with_service
from gradtrack.testing.api import bearer_client

pytestmark = pytest.mark.django_db

LIST = "/api/v1/replacement-requests/"


def detail(request_obj, step=""):
    return f"{LIST}{request_obj.pk}/{step + '/' if step else ''}"


def test_opening_a_request_answers_with_the_decision_clause_and_earliest_date(api_as, probation_resignation):
    response = api_as("dept").post(
        LIST,
        {"graduate": probation_resignation.graduate_id, "employment": probation_resignation.pk,
         "request_date": "2024-09-10"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["decision"] == "wait" and body["decision_display"] == "待观察"
    assert body["clause"] == "§二.7" and body["clause_text"].endswith("其中介费用自理。")
    assert body["earliest_placement_date"] == "2024-11-30"
    assert body["agency_fee_paid_by_graduate"] is True
    assert body["preconditions"] == ["到学校报名登记", "通过企业或学校组织的招聘面试或笔试"]
    assert body["stage"] == "registration"
    assert ReplacementRequest.objects.get(pk=body["id"]).opened_by == "staff"


def test_a_laid_off_graduate_is_walked_through_the_api_to_a_new_job(api_as, laid_off_job, new_employer):
    client = api_as("centre")
    created = client.post(
        LIST, {"graduate": laid_off_job.graduate_id, "employment": laid_off_job.pk}, format="json"
    )
    assert created.json()["decision"] == "free"
    request_obj = ReplacementRequest.objects.get(pk=created.json()["id"])
    refused = client.post(
        detail(request_obj, "placement"),
        {"employer": new_employer.pk, "start_date": "2025-03-10", "channel": "school"},
        format="json",
    )
    assert refused.status_code == 400
    assert "尚未报名登记" in " ".join(refused.json()["errors"]["non_field_errors"])
    assert (
        client.post(
            detail(request_obj, "registration"), {"registered_on": "2025-03-03"}, format="json"
        ).json()["stage"]
        == "test"
    )
    tested = client.post(
        detail(request_obj, "tests"),
        {"held_on": "2025-03-03", "kind": "written", "organiser": "employer", "employer": new_employer.pk,
         "result": "passed"},
        format="json",
    )  # fmt: skip
    assert tested.status_code == 200 and tested.json()["stage"] == "placement"
    placed = client.post(
        detail(request_obj, "placement"),
        {"employer": new_employer.pk, "start_date": "2025-03-10", "post": "服务员", "channel": "agency",
         "fee_payer": "employer"},
        format="json",
    )  # fmt: skip
    assert placed.status_code == 200, placed.json()
    assert placed.json()["stage"] == "closed" and placed.json()["new_employment"]
    assert placed.json()["fee_payer"] == "employer"


def test_a_discretionary_outcome_and_closing_through_the_api(api_as, graduate):
    job = with_service(school_job(graduate, end=D(2025, 1, 5), reason="personal"))
    client = api_as("centre")
    request_id = client.post(LIST, {"graduate": graduate.pk, "employment": job.pk}, format="json").json()[
        "id"
    ]
    request_obj = ReplacementRequest.objects.get(pk=request_id)
    assert request_obj.decision == "discretionary"
    response = client.post(
        detail(request_obj, "outcome"), {"outcome": "declined", "reason": "无故旷工"}, format="json"
    )
    assert response.json()["stage"] == "closed" and response.json()["outcome"] == "declined"
    again = client.post(detail(request_obj, "close"), {"reason": "withdrawn"}, format="json")
    assert again.status_code == 400


def test_classification_through_the_api(api_as, graduate):
    job = with_service(school_job(graduate, end=D(2025, 1, 5), reason="other"))
    client = api_as("centre")
    request_id = client.post(LIST, {"graduate": graduate.pk, "employment": job.pk}, format="json").json()[
        "id"
    ]
    response = client.post(f"{LIST}{request_id}/classification/", {"end_reason": "closure"}, format="json")
    assert response.json()["decision"] == "free" and response.json()["clause"] == "§二.6"


@pytest.mark.parametrize(
    ("who", "expected"), [("centre", 200), ("dept", 200), ("other_dept", 404), ("leader", 200)]
)
def test_reading_a_request(api_as, laid_off_request, who, expected):
    assert api_as(who).get(detail(laid_off_request)).status_code == expected


@pytest.mark.parametrize(("who", "count"), [("centre", 2), ("dept", 1), ("other_dept", 1), ("leader", 2)])
def test_the_list_is_scoped(api_as, laid_off_request, other_request, who, count):
    assert api_as(who).get(LIST).json()["count"] == count


@pytest.mark.parametrize(
    ("who", "expected"), [("centre", 201), ("dept", 201), ("other_dept", 400), ("leader", 403)]
)
def test_opening_a_request(api_as, laid_off_job, who, expected):
    body = {"graduate": laid_off_job.graduate_id, "employment": laid_off_job.pk}
    assert api_as(who).post(LIST, body, format="json").status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"), [("centre", 200), ("dept", 200), ("other_dept", 404), ("leader", 403)]
)
@pytest.mark.parametrize(
    ("step", "body"),
    [
        ("registration", {"registered_on": "2025-03-03"}),
        ("tests", {"held_on": "2025-03-03", "kind": "interview", "organiser": "school", "result": "failed"}),
        ("close", {"reason": "withdrawn"}),
    ],
)
def test_recording_a_step(api_as, laid_off_request, who, expected, step, body):
    if step == "tests":
        laid_off_request.registered_on = TODAY
        laid_off_request.save()
    assert api_as(who).post(detail(laid_off_request, step), body, format="json").status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"), [("centre", 400), ("dept", 400), ("other_dept", 404), ("leader", 403)]
)
def test_an_outcome_or_placement_refused_by_the_rules_or_access(
    api_as, laid_off_request, new_employer, who, expected
):
    client = api_as(who)
    outcome = client.post(
        detail(laid_off_request, "outcome"), {"outcome": "agreed", "reason": "x"}, format="json"
    )
    assert outcome.status_code == expected  # a free decision takes no outcome
    classified = client.post(
        detail(laid_off_request, "classification"), {"end_reason": "layoff"}, format="json"
    )
    assert classified.status_code == expected  # a 裁员 needs no classification
    placement = {"employer": new_employer.pk, "start_date": "2025-03-10", "channel": "school"}
    assert (
        client.post(detail(laid_off_request, "placement"), placement, format="json").status_code == expected
    )


def test_a_graduates_portal_account_cannot_use_the_api(graduate_user, laid_off_request):
    assert bearer_client(graduate_user).get(LIST).status_code == 403


def test_the_endpoints_are_in_the_schema(client):
    paths = client.get(reverse("api:schema")).json()["paths"]
    for step in ("registration", "tests", "outcome", "classification", "placement", "close"):
        assert f"/api/v1/replacement-requests/{{id}}/{step}/" in paths
    assert "post" in paths["/api/v1/replacement-requests/"]


def test_a_probation_resignation_is_refused_before_its_earliest_date_and_placed_on_it(
    api_as, probation_resignation, new_employer
):
    client = api_as("centre")
    with on(D(2024, 9, 10)):
        opened = client.post(
            LIST,
            {"graduate": probation_resignation.graduate_id, "employment": probation_resignation.pk},
            format="json",
        ).json()
        client.post(f"{LIST}{opened['id']}/registration/", {"registered_on": "2024-09-10"}, format="json")
        client.post(
            f"{LIST}{opened['id']}/tests/",
            {"held_on": "2024-09-10", "kind": "interview", "organiser": "school", "result": "passed"},
            format="json",
        )
    body = {
        "employer": new_employer.pk,
        "start_date": "2024-12-01",
        "channel": "agency",
        "fee_payer": "graduate",
    }
    with on(D(2024, 11, 29)):
        refused = client.post(f"{LIST}{opened['id']}/placement/", body, format="json")
    assert refused.status_code == 400
    assert "最早可安置日期为 2024-11-30" in " ".join(refused.json()["errors"]["non_field_errors"])
    with on(D(2024, 11, 30)):
        placed = client.post(f"{LIST}{opened['id']}/placement/", body, format="json")
    assert placed.status_code == 200 and placed.json()["placed_on"] == "2024-11-30"
