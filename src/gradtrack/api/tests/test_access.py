"""Who may do what, for every endpoint and method: the access trio (centre, same department, other department),
plus the administrator, the read-only leader and an anonymous client."""

from dataclasses import dataclass
from types import SimpleNamespace

import pytest

from gradtrack.core.models import HistoryEntry
from gradtrack.testing.api import with_version

USERS = ["centre", "admin", "dept", "other_dept", "leader", "anonymous"]


@pytest.fixture
def records(department, other_department, major, other_major, graduate, other_graduate, employer):
    from gradtrack.testing.factories import EmploymentFactory

    return SimpleNamespace(
        department=department,
        other_department=other_department,
        major=major,
        other_major=other_major,
        graduate=graduate,
        other_graduate=other_graduate,
        employer=employer,
        employment=EmploymentFactory(graduate=graduate, employer=employer),
        other_employment=EmploymentFactory(graduate=other_graduate, employer=employer),
    )


@dataclass(frozen=True)
class Endpoint:
    path: str
    own: str  # the record in dept_user's department
    other: str  # the record in other_dept_user's department
    new: object  # records -> the body of a create in dept_user's department
    put: object  # records -> a full body for the own record
    patch: dict


ENDPOINTS = {
    "departments": Endpoint(
        "departments",
        own="department",
        other="other_department",
        new=lambda r: {"code": "CJ", "name": "财经商贸系"},
        put=lambda r: {"code": "JD", "name": "机电工程系", "is_active": True},
        patch={"name": "机电工程系"},
    ),
    "majors": Endpoint(
        "majors",
        own="major",
        other="other_major",
        new=lambda r: {
            "code": "660302",
            "name": "机电技术应用",
            "department": r.department.pk,
            "category": "66",
        },
        put=lambda r: {"code": "660301", "name": "数控技术", "department": r.department.pk, "category": "66"},
        patch={"name": "数控技术"},
    ),
    "graduates": Endpoint(
        "graduates",
        own="graduate",
        other="other_graduate",
        new=lambda r: {
            "student_no": "2025000123",
            "name": "赵磊",
            "department": r.department.pk,
            "major": r.major.pk,
            "graduation_year": 2025,
        },
        put=lambda r: {
            "student_no": "2024000001",
            "name": "李明",
            "department": r.department.pk,
            "major": r.major.pk,
            "graduation_year": 2024,
            "class_name": "数控2101",
        },
        patch={"class_name": "数控2101"},
    ),
    "employers": Endpoint(
        "employers",
        own="employer",
        other="employer",  # a shared directory: every staff member sees every employer
        new=lambda r: {"name": "米易县新兴机械厂", "nature": "39", "industry": "C"},
        put=lambda r: {"name": "攀钢集团有限公司", "contact_person": "王经理"},
        patch={"contact_person": "王经理"},
    ),
    "employments": Endpoint(
        "employments",
        own="employment",
        other="other_employment",
        new=lambda r: {
            "graduate": r.graduate.pk,
            "employer": r.employer.pk,
            "start_date": "2023-01-01",
            "end_date": "2023-06-30",
            "end_reason": "personal",
        },
        put=lambda r: {
            "graduate": r.graduate.pk,
            "employer": r.employer.pk,
            "start_date": "2024-07-01",
            "post": "技术员",
        },
        patch={"post": "技术员"},
    ),
}

# Reading: the own record, and the other department's record.
READ = {
    "reference": {
        "centre": 200,
        "admin": 200,
        "dept": 200,
        "other_dept": 404,
        "leader": 200,
        "anonymous": 401,
    },
    "files": {"centre": 200, "admin": 200, "dept": 200, "other_dept": 404, "leader": 200, "anonymous": 401},
    "shared": {"centre": 200, "admin": 200, "dept": 200, "other_dept": 200, "leader": 200, "anonymous": 401},
}
# Creating in dept_user's department, and changing the own record (PUT and PATCH alike).
CREATE = {
    "reference": {
        "centre": 201,
        "admin": 201,
        "dept": 403,
        "other_dept": 403,
        "leader": 403,
        "anonymous": 401,
    },
    "files": {"centre": 201, "admin": 201, "dept": 201, "other_dept": 400, "leader": 403, "anonymous": 401},
    "shared": {"centre": 201, "admin": 201, "dept": 201, "other_dept": 201, "leader": 403, "anonymous": 401},
}
UPDATE = {
    "reference": {
        "centre": 200,
        "admin": 200,
        "dept": 403,
        "other_dept": 403,
        "leader": 403,
        "anonymous": 401,
    },
    "files": {"centre": 200, "admin": 200, "dept": 200, "other_dept": 404, "leader": 403, "anonymous": 401},
    # Employers: a 系部 adds one when entering a job, but only the centre and admins change master data.
    "shared": {"centre": 200, "admin": 200, "dept": 403, "other_dept": 403, "leader": 403, "anonymous": 401},
}
KIND = {
    "departments": "reference",
    "majors": "reference",
    "graduates": "files",
    "employers": "shared",
    "employments": "files",
}


def url(endpoint: Endpoint, record=None) -> str:
    return f"/api/v1/{endpoint.path}/" + (f"{record.pk}/" if record is not None else "")


def flip(statuses: dict[str, int]) -> dict[str, int]:
    """The other department's record: the two department users swap places."""
    return {**statuses, "dept": statuses["other_dept"], "other_dept": statuses["dept"]}


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("name", ENDPOINTS)
def test_reading_the_own_departments_record(name, who, records, api_as):
    endpoint = ENDPOINTS[name]
    record = getattr(records, endpoint.own)
    response = api_as(who).get(url(endpoint, record))
    assert response.status_code == READ[KIND[name]][who]
    if response.status_code == 200:
        assert response.json()["id"] == record.pk


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("name", ENDPOINTS)
def test_reading_the_other_departments_record(name, who, records, api_as):
    endpoint = ENDPOINTS[name]
    record = getattr(records, endpoint.other)
    response = api_as(who).get(url(endpoint, record))
    assert response.status_code == flip(READ[KIND[name]])[who]


VISIBLE_IN_LIST = {
    "reference": {
        "centre": {"own", "other"},
        "admin": {"own", "other"},
        "dept": {"own"},
        "other_dept": {"other"},
        "leader": {"own", "other"},
    },
    "files": {
        "centre": {"own", "other"},
        "admin": {"own", "other"},
        "dept": {"own"},
        "other_dept": {"other"},
        "leader": {"own", "other"},
    },
    "shared": {who: {"own"} for who in ["centre", "admin", "dept", "other_dept", "leader"]},
}


@pytest.mark.parametrize("who", ["centre", "admin", "dept", "other_dept", "leader"])
@pytest.mark.parametrize("name", ENDPOINTS)
def test_a_list_holds_exactly_the_records_in_scope(name, who, records, api_as):
    endpoint = ENDPOINTS[name]
    expected = {getattr(records, getattr(endpoint, side)).pk for side in VISIBLE_IN_LIST[KIND[name]][who]}
    response = api_as(who).get(url(endpoint))
    assert response.status_code == 200
    body = response.json()
    assert {row["id"] for row in body["results"]} == expected
    assert body["count"] == len(expected)


@pytest.mark.parametrize("name", ENDPOINTS)
def test_an_anonymous_list_is_refused_with_401(name, records, anonymous_api):
    response = anonymous_api.get(url(ENDPOINTS[name]))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json()["detail"]


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("name", ENDPOINTS)
def test_creating(name, who, records, api_as):
    endpoint = ENDPOINTS[name]
    model = type(getattr(records, endpoint.own))
    before = model.objects.count()
    response = api_as(who).post(url(endpoint), endpoint.new(records), format="json")
    assert response.status_code == CREATE[KIND[name]][who], response.content
    assert model.objects.count() == before + (1 if response.status_code == 201 else 0)


@pytest.mark.parametrize("method", ["put", "patch"])
@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("name", ENDPOINTS)
def test_changing_the_own_departments_record(name, who, method, records, api_as):
    endpoint = ENDPOINTS[name]
    record = getattr(records, endpoint.own)
    body = with_version(endpoint.put(records) if method == "put" else endpoint.patch, record)
    response = getattr(api_as(who), method)(url(endpoint, record), body, format="json")
    assert response.status_code == UPDATE[KIND[name]][who], response.content
    changed = HistoryEntry.objects.filter(
        model=record._meta.label_lower, object_id=str(record.pk), action="update"
    ).exists()
    assert changed == (response.status_code == 200)


@pytest.mark.parametrize("method", ["put", "patch"])
@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("name", ENDPOINTS)
def test_changing_the_other_departments_record(name, who, method, records, api_as):
    endpoint = ENDPOINTS[name]
    record = getattr(records, endpoint.other)
    if method == "put":
        body = endpoint.put(records)
        # The full body of the other record: keep it in its own department.
        for key, value in {
            "department": records.other_department.pk,
            "major": records.other_major.pk,
        }.items():
            if key in body:
                body[key] = value
        if name == "graduates":
            body["student_no"] = records.other_graduate.student_no
        if name == "employments":
            body["graduate"] = records.other_graduate.pk
        if name == "departments":
            body["code"] = records.other_department.code
        if name == "majors":
            body["code"] = records.other_major.code
    else:
        body = endpoint.patch
    body = with_version(body, record)
    response = getattr(api_as(who), method)(url(endpoint, record), body, format="json")
    assert response.status_code == flip(UPDATE[KIND[name]])[who], response.content


# Graduates and jobs entered by mistake may be deleted (POLICY §1, tracking/tests/test_history_protects_records.py).
DELETABLE = {"graduates", "employments"}


@pytest.mark.parametrize("name", [name for name in ENDPOINTS if name not in DELETABLE])
def test_there_is_no_delete(name, records, centre_api):
    endpoint = ENDPOINTS[name]
    response = centre_api.delete(url(endpoint, getattr(records, endpoint.own)))
    assert response.status_code == 405


@pytest.mark.parametrize("name", sorted(DELETABLE))
@pytest.mark.parametrize("who", ["leader", "other_dept"])
def test_only_writers_in_scope_delete(name, who, records, api_as):
    endpoint = ENDPOINTS[name]
    response = api_as(who).delete(url(endpoint, getattr(records, endpoint.own)))
    assert response.status_code == (403 if who == "leader" else 404)


CODE_TABLES = {
    "employer-natures": "31",
    "destinations": "ZZ-E1",
    "industries": "C",
    "major-categories": "66",
}


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("table", CODE_TABLES)
def test_code_tables_are_read_by_every_staff_member(table, who, api_as):
    response = api_as(who).get(f"/api/v1/code-tables/{table}/")
    assert response.status_code == (401 if who == "anonymous" else 200)
    if response.status_code == 200:
        assert CODE_TABLES[table] in {row["code"] for row in response.json()}
        detail = api_as(who).get(f"/api/v1/code-tables/{table}/{CODE_TABLES[table]}/")
        assert detail.json()["code"] == CODE_TABLES[table]


@pytest.mark.parametrize("who", ["centre", "leader"])
def test_code_tables_cannot_be_written(who, api_as):
    response = api_as(who).post("/api/v1/code-tables/industries/", {"code": "Z", "name": "x"}, format="json")
    assert response.status_code == (405 if who == "centre" else 403)


# --- What a record carries: 校领导 read everything masked; every list carrying phones is logged -------------

SENSITIVE = {
    "graduates": {"mobile": "13912345678", "parent_contact": "13800001111", "qq": "12345678"},
    "employments": {"monthly_salary": "4200.00"},
}
MASKED = {
    "graduates": {"mobile": "139****5678", "parent_contact": "138****1111", "qq": "1****"},
    "employments": {"monthly_salary": None},
}


@pytest.fixture
def contacts(records):
    records.graduate.mobile, records.graduate.parent_contact = "13912345678", "13800001111"
    records.graduate.qq = "12345678"
    records.graduate.save()
    return records


@pytest.mark.parametrize("shape", ["list", "detail"])
@pytest.mark.parametrize("name", SENSITIVE)
@pytest.mark.parametrize("who", ["leader", "centre", "admin", "dept"])
def test_phones_and_salaries_are_masked_for_the_leader_in_lists_and_records(
    contacts, api_as, who, name, shape
):
    from gradtrack.security.models import AccessLogEntry

    endpoint = ENDPOINTS[name]
    record = getattr(contacts, endpoint.own)
    if shape == "list":
        rows = api_as(who).get(url(endpoint)).json()["results"]
        [row] = [row for row in rows if row["id"] == record.pk]
    else:
        row = api_as(who).get(url(endpoint, record)).json()
    expected = MASKED[name] if who == "leader" else SENSITIVE[name]
    assert {key: row[key] for key in expected} == expected
    # Given in full: one log row for the request; masked: none.
    assert AccessLogEntry.objects.count() == (0 if who == "leader" else 1)


@pytest.mark.parametrize("name", SENSITIVE)
def test_each_api_list_returning_phones_or_salaries_writes_one_log_entry(contacts, api_as, name):
    from gradtrack.security.models import AccessLogEntry

    api = api_as("centre")
    for page in range(3):
        assert api.get(url(ENDPOINTS[name]), {"page": 1}).status_code == 200
        assert AccessLogEntry.objects.count() == page + 1
    entry = AccessLogEntry.objects.latest("pk")
    assert (entry.action, entry.record_count) == (AccessLogEntry.Action.API_READ, 2)
    assert entry.actor.username == "centre"
    assert ("手机" if name == "graduates" else "月薪") in entry.fields


def test_lists_without_personal_fields_are_not_logged(records, api_as):
    from gradtrack.security.models import AccessLogEntry

    for path in ("departments", "majors", "employers"):
        assert api_as("centre").get(f"/api/v1/{path}/").status_code == 200
    assert not AccessLogEntry.objects.exists()
