"""Bad input on every form of the staff UI (issue 2): hostile strings, huge inputs, wrong types, other
departments' ids and control characters, field by field. Each is refused with a message on the form or stored
inert (escaped on output) — never a server error."""

import pytest
from django.urls import reverse

from gradtrack.testing.bad_input import (
    BAD_VALUES,
    PER_FIELD_VALUES,
    SQL,
    XSS,
    contains_raw_script,
    forms_in,
    payload_of,
)
from gradtrack.testing.factories import EmployerFactory, EmploymentFactory, UserFactory

# (URL name, the object its URL takes, who submits it)
FORM_PAGES = [
    ("records:graduate_create", None, "dept"),
    ("records:graduate_update", "graduate", "dept"),
    ("records:employment_create", "graduate", "dept"),
    ("records:employment_update", "employment", "dept"),
    ("records:employer_create", None, "dept"),
    ("records:employer_update", "employer", "centre"),
    ("records:department_create", None, "centre"),
    ("records:department_update", "department", "centre"),
    ("records:major_create", None, "centre"),
    ("records:major_update", "major", "centre"),
    ("accounts:user_create", None, "admin"),
    ("accounts:user_update", "staff_member", "admin"),
    ("accounts:user_password", "staff_member", "admin"),
    ("accounts:token_create", None, "centre"),
    ("site:settings", None, "admin"),
]

# POST-only actions: junk in the body must not matter.
ACTIONS = [
    ("records:graduate_delete", "graduate", "dept"),
    ("records:employment_delete", "employment", "dept"),
    ("records:department_deactivate", "department", "centre"),
    ("records:department_delete", "department", "centre"),
    ("records:major_deactivate", "major", "centre"),
    ("records:major_delete", "major", "centre"),
    ("accounts:user_deactivate", "staff_member", "admin"),
    ("accounts:token_revoke", "token", "centre"),
    ("accounts:logout", None, "centre"),
]

# List pages and their GET filters.
LISTS = [
    "records:graduate_list",
    "records:graduate_export",
    "records:employer_list",
    "records:department_list",
    "records:major_list",
    "accounts:user_list",
    "security:access_log",
]
FILTER_PARAMS = [
    "q",
    "department",
    "major",
    "graduation_year",
    "placement_mode",
    "destination",
    "employed",
    "nature",
    "industry",
    "role",
    "status",
    "action",
    "since",
    "until",
    "sort",
    "page",
]


@pytest.fixture
def objects(graduate, other_graduate, centre_user, dept_user, admin_user):
    from gradtrack.accounts.services import api_token_create

    token, _secret = api_token_create(user=centre_user, name="脚本")
    return {
        "graduate": graduate,
        "employment": EmploymentFactory(graduate=graduate),
        "employer": EmployerFactory(),
        "department": graduate.department,
        "major": graduate.major,
        "staff_member": UserFactory(username="teacher", role="department", departments=[graduate.department]),
        "token": token,
    }


@pytest.fixture
def as_user(client, request):
    def sign_in(who):
        client.force_login(request.getfixturevalue(f"{who}_user"))
        return client

    return sign_in


def url_for(url_name, argument, objects):
    return reverse(url_name, args=[objects[argument].pk] if argument else [])


def other_scope_ids(other_graduate) -> list[str]:
    """Ids a 系部 user of 机电系 must not be able to attach to: another department's records."""
    return [str(other_graduate.pk), str(other_graduate.major_id), str(other_graduate.department_id)]


def baseline_of(client, url) -> dict:
    page = client.get(url)
    assert page.status_code == 200
    data = {}
    for form in forms_in(page.context):
        data.update(payload_of(form))
    return data


def assert_refused_or_inert(client, response, what):
    assert response.status_code in (200, 302), (what, response.status_code)
    if response.status_code == 200:
        assert not contains_raw_script(response.content.decode()), what
    else:
        # Stored: the next page (the record, or the list) shows it escaped.
        shown = client.get(response["Location"])
        assert shown.status_code == 200
        assert not contains_raw_script(shown.content.decode()), what


@pytest.mark.parametrize(("url_name", "argument", "who"), FORM_PAGES)
def test_each_field_alone_refuses_bad_input_or_stores_it_inert(as_user, objects, url_name, argument, who):
    client = as_user(who)
    url = url_for(url_name, argument, objects)
    baseline = baseline_of(client, url)
    for name in list(baseline):
        for value in PER_FIELD_VALUES:
            response = client.post(url, {**baseline, name: value})
            assert_refused_or_inert(client, response, (name, value))
            if response.status_code == 302 and client.get(url).status_code == 200:
                baseline = baseline_of(client, url)  # the record's version moved on


@pytest.mark.parametrize("kind", [*BAD_VALUES, "other_scope_ids"])
@pytest.mark.parametrize(("url_name", "argument", "who"), FORM_PAGES)
def test_every_field_at_once_refuses_bad_input(
    as_user, objects, other_graduate, url_name, argument, who, kind
):
    client = as_user(who)
    url = url_for(url_name, argument, objects)
    values = other_scope_ids(other_graduate) if kind == "other_scope_ids" else BAD_VALUES[kind]
    names = list(baseline_of(client, url))
    for value in values:
        response = client.post(url, dict.fromkeys(names, value))
        assert_refused_or_inert(client, response, value)


@pytest.mark.parametrize(("url_name", "argument", "who"), ACTIONS)
def test_actions_ignore_junk_in_the_request(as_user, objects, url_name, argument, who):
    client = as_user(who)
    url = url_for(url_name, argument, objects)
    junk = {
        "id": "abc",
        "pk": SQL,
        "next": "https://evil.example/",
        "confirm": XSS,
        "x" * 1000: "九" * 10_000,
    }
    response = client.post(url, junk)
    assert response.status_code in (200, 302, 400, 404)
    if response.status_code == 302:
        assert not response["Location"].startswith(("http://", "https://", "//"))


@pytest.mark.parametrize("url_name", LISTS)
@pytest.mark.parametrize("kind", [*BAD_VALUES, "other_scope_ids"])
def test_list_filters_accept_any_query_string_without_error(
    admin_client, objects, other_graduate, url_name, kind
):
    values = other_scope_ids(other_graduate) if kind == "other_scope_ids" else BAD_VALUES[kind]
    queries = [dict.fromkeys(FILTER_PARAMS, value) for value in values]
    if kind == "huge":
        queries += [{param: values[0]} for param in FILTER_PARAMS]  # a valid rest must not hide one field
    for query in queries:
        response = admin_client.get(reverse(url_name), query)
        assert response.status_code in (200, 404), query
        if response["Content-Type"].startswith("text/html"):
            assert not contains_raw_script(response.content.decode())


def test_a_department_user_cannot_file_a_graduate_under_another_department(
    dept_client, other_graduate, major
):
    response = dept_client.post(
        reverse("records:graduate_create"),
        {
            "student_no": "2024999999",
            "name": "越权",
            "department": other_graduate.department_id,
            "major": other_graduate.major_id,
            "graduation_year": 2024,
            "graduation_month": 6,
            "placement_mode": "school",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not other_graduate.department.graduates.filter(student_no="2024999999").exists()


@pytest.mark.parametrize(
    ("url_name", "field"),
    [
        ("records:graduate_update", "name"),
        ("records:employer_update", "name"),
        ("records:department_update", "name"),
    ],
)
def test_a_script_stored_as_a_name_is_shown_as_text_everywhere(centre_client, objects, url_name, field):
    target = {"records:graduate_update": "graduate", "records:employer_update": "employer"}.get(
        url_name, "department"
    )
    url = reverse(url_name, args=[objects[target].pk])
    page = centre_client.get(url)
    data = {}
    for form in forms_in(page.context):
        data.update(payload_of(form))
    response = centre_client.post(url, {**data, field: "<b>粗</b><script>alert(1)</script>"})
    assert response.status_code == 302, response.content.decode()[:3000]
    for list_url in [
        response["Location"],
        reverse("records:graduate_list"),
        reverse("records:employer_list"),
        reverse("records:department_list"),
    ]:
        html = centre_client.get(list_url).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "<b>粗</b>" not in html


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "/\\evil.example"]
)
def test_the_employer_form_never_redirects_off_site(dept_client, db, next_url):
    response = dept_client.post(
        f"{reverse('records:employer_create')}?next={next_url}", {"name": "攀枝花钢城集团有限公司"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/records/employers/")
