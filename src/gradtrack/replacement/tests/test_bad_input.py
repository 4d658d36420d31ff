"""Bad input on every re-placement form (staff steps and the portal): hostile strings, huge inputs, wrong types,
control characters, other departments' ids. Each is refused with a message on the form or stored inert —
never a server error."""

import pytest
from django.urls import reverse

from gradtrack.testing.bad_input import BAD_VALUES, contains_raw_script, forms_in, payload_of

pytestmark = pytest.mark.django_db

STAFF_FORMS = [
    "request_register",
    "request_test",
    "request_outcome",
    "request_classify",
    "request_place",
    "request_close",
]


def post_bad_values(client, url, values):
    page = client.get(url)
    assert page.status_code == 200
    baseline = {}
    for form in forms_in(page.context):
        baseline.update(payload_of(form))
    for name in list(baseline) or ["employment"]:
        for value in values:
            response = client.post(url, {**baseline, name: value})
            assert response.status_code in (200, 302), (name, value, response.status_code)
            target = response if response.status_code == 200 else client.get(response["Location"])
            assert not contains_raw_script(target.content.decode()), name


def other_scope_ids(other_request):
    return [str(other_request.pk), str(other_request.employment_id), str(other_request.graduate_id)]


@pytest.mark.parametrize("kind", [*BAD_VALUES, "other_scope_ids"])
@pytest.mark.parametrize("step", STAFF_FORMS)
def test_each_step_refuses_bad_input(dept_client, laid_off_request, other_request, step, kind):
    values = other_scope_ids(other_request) if kind == "other_scope_ids" else BAD_VALUES[kind]
    post_bad_values(dept_client, reverse(f"replacement:{step}", args=[laid_off_request.pk]), values)


@pytest.mark.parametrize("kind", [*BAD_VALUES, "other_scope_ids"])
def test_opening_a_request_refuses_bad_input(dept_client, laid_off_job, other_request, kind):
    values = other_scope_ids(other_request) if kind == "other_scope_ids" else BAD_VALUES[kind]
    url = reverse("replacement:request_create", args=[laid_off_job.graduate_id])
    post_bad_values(dept_client, url, values)


@pytest.mark.parametrize("kind", [*BAD_VALUES, "other_scope_ids"])
def test_the_portal_form_refuses_bad_input(graduate_client, laid_off_job, other_request, kind):
    values = other_scope_ids(other_request) if kind == "other_scope_ids" else BAD_VALUES[kind]
    post_bad_values(graduate_client, reverse("portal_replacement:request_create"), values)


@pytest.mark.parametrize("value", [v for values in BAD_VALUES.values() for v in values])
def test_the_list_search_and_tab_refuse_bad_input(dept_client, laid_off_request, value):
    assert (
        dept_client.get(reverse("replacement:request_list"), {"q": value, "stage": value}).status_code == 200
    )
