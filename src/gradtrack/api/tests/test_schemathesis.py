"""Property-based test of the whole API against its own served schema (schemathesis): for every operation,
generated requests — valid and invalid — must never get a server error, and every response must match the
schema (status code, content type, body).

Integers beyond 64 bits (2**63 and the like, a 500 from SQLite's driver before issue 16) are mixed into every
integer query parameter, every id in a path and every foreign key and version in a body, besides what the
schema's types would have generated.

The schema is loaded from the Django WSGI application, and the requests go through that application with a
centre user's bearer token, against the test database with a small school in it. GRADTRACK_SCHEMATHESIS_EXAMPLES
and GRADTRACK_SCHEMATHESIS_SEED run it harder or with another seed when hunting for bugs."""

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from gradtrack.accounts.services import api_token_create
from gradtrack.testing.factories import (
    DepartmentFactory,
    EmployerFactory,
    EmploymentFactory,
    GraduateFactory,
    MajorFactory,
)

EXAMPLES = int(os.environ.get("GRADTRACK_SCHEMATHESIS_EXAMPLES", "12"))
COVERAGE_PHASE = os.environ.get("GRADTRACK_SCHEMATHESIS_COVERAGE", "") == "1"
SEED = int(os.environ.get("GRADTRACK_SCHEMATHESIS_SEED", "20260601"))


@pytest.fixture
def school(department, other_department, major, other_major, graduate, other_graduate):
    """A few records of every kind, so that generated ids and filters sometimes hit real rows."""
    third = DepartmentFactory(code="CJ", name="财经商贸系")
    accounting = MajorFactory(code="730301", name="会计事务", department=third)
    steel, hotel = EmployerFactory(name="攀钢集团有限公司"), EmployerFactory(name="米易县阳光酒店")
    jobs = [
        EmploymentFactory(graduate=graduate, employer=steel),
        EmploymentFactory(
            graduate=other_graduate, employer=hotel, end_date="2024-12-31", end_reason="personal"
        ),
    ]
    for number in range(3):
        graduate_record = GraduateFactory(
            major=accounting, student_no=f"202530000{number}", graduation_year=2025
        )
        jobs.append(EmploymentFactory(graduate=graduate_record, employer=hotel))
    tracking = tracking_records(jobs)
    return {
        **tracking,
        "departments": [department.pk, other_department.pk, third.pk],
        "majors": [major.pk, other_major.pk, accounting.pk],
        "graduates": [graduate.pk, other_graduate.pk, *(job.graduate_id for job in jobs[2:])],
        "employers": [steel.pk, hotel.pk],
        "employments": [job.pk for job in jobs],
    }


def tracking_records(jobs) -> dict[str, list[int]]:
    """Tracking services of the school-placed graduates, with a change, a flag and an accident case."""
    from django.utils import timezone

    from gradtrack.tracking import services as tracking

    first_graduate = jobs[0].graduate
    service_ids = []
    for job in jobs:
        service = tracking.tracking_service_start(graduate=job.graduate, acting_user=None)
        if service is not None:
            service_ids.append(service.pk)
    first = tracking.TrackingService.objects.get(pk=service_ids[0])
    today = timezone.localdate()
    change = tracking.change_report_submit(
        service=first,
        data={"change_type": "salary", "occurred_on": today, "new_salary": 5000},
        reported_by="graduate",
        acting_user=None,
    )
    flag = tracking.violation_flag_raise(
        service=first, description="伪造工资条", raised_on=today, acting_user=None
    )
    case = tracking.accident_case_open(
        graduate=first_graduate, data={"occurred_on": today, "description": "工伤"}, acting_user=None
    )
    return {
        "tracking/services": service_ids,
        "tracking/changes": [change.pk],
        "tracking/flags": [flag.pk],
        "tracking/incidents": [case.pk],
    }


@pytest.fixture
def known_ids(school):
    KNOWN_IDS.clear()
    KNOWN_IDS.update({f"/api/v1/{name}/{{id}}/": ids for name, ids in school.items()})
    yield
    KNOWN_IDS.clear()


class ServedApp:
    """The Django WSGI application, rebuilt under the settings of the moment: its middleware reads them
    once, when it is built (SecurityMiddleware's HTTPS redirect, which the test settings switch off)."""

    handler: WSGIHandler | None = None

    def rebuild(self) -> None:
        self.handler = WSGIHandler()

    def __call__(self, environ, start_response):
        return self.handler(environ, start_response)


APP = ServedApp()


@pytest.fixture
def served_app(settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    APP.rebuild()
    # The WSGI handler closes "old" connections around each request; inside the test's transaction that
    # would close the test database connection. Django's own test client disconnects them the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def centre_token(centre_user):
    _token, key = api_token_create(user=centre_user, name="schemathesis")
    return key


CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        "generation": {
            "mode": "all",
            "max-examples": EXAMPLES,
            "with-security-parameters": False,
            "database": "none",
        },
        "phases": {"coverage": {"enabled": COVERAGE_PHASE}, "stateful": {"enabled": False}},
        "checks": {
            "enabled": False,
            "not_a_server_error": {"enabled": True},
            "status_code_conformance": {"enabled": True},
            "content_type_conformance": {"enabled": True},
            "response_schema_conformance": {"enabled": True},
        },
    }
)


def served_schema():
    """The schema as /api/v1/openapi.json serves it, fetched through the WSGI application at collection."""
    with override_settings(ALLOWED_HOSTS=["localhost"], SECURE_SSL_REDIRECT=False):
        APP.rebuild()
        return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP, config=CONFIG)


schema = served_schema()
KNOWN_IDS: dict[str, list[int]] = {}
KNOWN_CODES = {  # loaded by the migration core/0002
    "employer-natures": ["31", "39"],
    "destinations": ["10", "80"],
    "industries": ["C", "H"],
    "major-categories": ["66", "71"],
}


# Just beyond and at the edges of the databases' signed 64-bit integers, and far beyond.
BIG_INTEGERS = [2**63, 2**63 - 1, -(2**63), -(2**63) - 1, 2**64, 10**30]


def integer_query_parameters(raw_schema: dict) -> dict[tuple[str, str], list[str]]:
    """(path, METHOD) -> the names of its integer query parameters, as the served schema declares them."""
    found = {}
    for path, operations in raw_schema["paths"].items():
        for method, operation in operations.items():
            if not isinstance(operation, dict):
                continue
            names = [
                parameter["name"]
                for parameter in operation.get("parameters", [])
                if parameter.get("in") == "query"
                and parameter.get("schema", {}).get("type") in ("integer", "number")
            ]
            if names:
                found[(path, method.upper())] = names
    return found


INTEGER_QUERY = integer_query_parameters(schema.raw_schema)


@schema.hook
def before_generate_query(context, strategy):
    names = INTEGER_QUERY.get((context.operation.path, context.operation.method.upper()))
    if not names:
        return strategy

    def with_big_integer(generated):
        query, name, value = generated
        return {**(query if isinstance(query, dict) else {}), name: value}

    big = st.tuples(strategy, st.sampled_from(names), st.sampled_from(BIG_INTEGERS)).map(with_big_integer)
    return st.one_of(strategy, big)


@schema.hook
def before_generate_path_parameters(context, strategy):
    # About half of the generated ids name a real record of the test's data (filled in by `known_ids`
    # when the test runs), so that reads and updates get past the 404.
    path = context.operation.path

    def real_id(index: int) -> dict:
        ids = KNOWN_IDS.get(path) or [index]
        return {"id": ids[index % len(ids)]}

    if path.endswith("/{code}/"):
        table = path.split("/")[-3]
        return st.one_of(strategy, st.sampled_from(KNOWN_CODES[table]).map(lambda code: {"code": code}))
    if "/{id}/" not in path:
        return strategy
    path = path[: path.index("/{id}/") + len("/{id}/")]  # actions on a record (…/{id}/confirm/) too
    big = st.sampled_from(BIG_INTEGERS).map(lambda number: {"id": number})
    return st.one_of(strategy, st.integers(min_value=0, max_value=50).map(real_id), big)


FOREIGN_KEYS = {
    "service": "tracking/services",
    "department": "departments",
    "major": "majors",
    "graduate": "graduates",
    "employer": "employers",
}


@schema.hook
def before_generate_body(context, strategy):
    # Likewise for the foreign keys of a body, so that creates and updates reach the services' rules.
    def with_real_ids(body_and_indexes):
        body, indexes = body_and_indexes
        if not isinstance(body, dict):
            return body
        body = dict(body)
        for key, index in zip(FOREIGN_KEYS, indexes, strict=True):
            ids = KNOWN_IDS.get(f"/api/v1/{FOREIGN_KEYS[key]}/{{id}}/")
            if key in body and ids:
                body[key] = ids[index % len(ids)]
        return body

    def with_big_integer(generated):
        body, key, value = generated
        return {**body, key: value} if isinstance(body, dict) else body

    indexes = st.tuples(*(st.integers(min_value=0, max_value=50) for _ in FOREIGN_KEYS))
    keys = st.sampled_from([*FOREIGN_KEYS, "version", "employment", "campaign", "invitation"])
    return st.one_of(
        strategy,
        st.tuples(strategy, indexes).map(with_real_ids),
        st.tuples(strategy, keys, st.sampled_from(BIG_INTEGERS)).map(with_big_integer),
    )


@settings(deadline=None, suppress_health_check=list(HealthCheck))
@schema.parametrize()
@pytest.mark.usefixtures("served_app", "known_ids")
def test_no_operation_gives_a_server_error_or_breaks_its_schema(case, centre_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {centre_token}"})
