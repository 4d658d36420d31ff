"""Fixtures every app's tests share: the access trio of STYLE.md (centre, same department, other department),
their API clients, an employer, and the graduates' portal accounts."""

import importlib
import os

import pytest
from rest_framework.test import APIClient

from gradtrack.accounts import services as accounts_services
from gradtrack.testing.api import bearer_client
from gradtrack.testing.factories import (
    PASSWORD,
    DepartmentFactory,
    EmployerFactory,
    GraduateFactory,
    MajorFactory,
    UserFactory,
)

pytest_plugins = ["gradtrack.testing.browser"]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    # Two test runs on one PostgreSQL server (two checkouts, or CI beside a developer) must not drop each
    # other's test database: give each run its own.
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("postgresql"):
        database.setdefault("TEST", {})["NAME"] = f"test_{database['NAME']}_{os.getpid()}"


@pytest.fixture(scope="session", autouse=True)
def _release_test_database(django_db_setup, django_db_blocker):
    # At the end of a PostgreSQL run a connection of another thread (the browser journeys' live server) could
    # still be open, and dropping the test database failed with "being accessed by other users", leaving a
    # test_postgres_<pid> database behind. Close every other connection to this run's own database first.
    yield
    from django.db import connection

    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture(scope="session", autouse=True)
def _plain_http():
    # Tests speak plain HTTP, including the live server of the browser journeys, whose middleware is built once
    # per session (before any function-scoped `settings` override). Production's HTTPS settings are tested by
    # running `gradtrack check --deploy` in a subprocess (core/tests/test_setup.py).
    from django.conf import settings

    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_HSTS_SECONDS = 0


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return "transactional_db" in item.fixturenames or "live_server" in item.fixturenames


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    # A transactional test (browser journeys) ends by flushing every table, including the code tables and the
    # policy settings that migrations load; refill them so that the tests after it see a migrated database,
    # and forget the cached figures.
    # A hook wrapper, not an autouse fixture: its code after `yield` runs after every fixture's teardown,
    # pytest-django's flush included (a fixture's teardown would run before that flush).
    yield
    # After the session's last test its test database is already destroyed: nothing to refill.
    if _is_transactional(item) and nextitem is not None:
        from django.apps import apps
        from pytest_django.plugin import blocking_manager_key

        from gradtrack.core import figures_cache

        loads = [
            importlib.import_module("gradtrack.core.migrations.0002_code_tables").load,
            importlib.import_module("gradtrack.core.migrations.0008_load_reference_tables").load,
            importlib.import_module(
                "gradtrack.records.migrations.0006_catalogue_majors_and_destination_groups"
            ).forward,
            # the default 意见主题 the reports group suggestions by (surveys.themes)
            importlib.import_module(
                "gradtrack.surveys.migrations.0003_special_suggestion_themes"
            ).seed_themes,
        ]
        with item.config.stash[blocking_manager_key].unblock():
            for load in loads:
                load(apps, None)
            # The flush emptied the history but not the cache table: figures keyed by the old history stamp
            # would come back for the next test's data.
            figures_cache.forget_all()


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # The manifest of hashed static names exists only after collectstatic; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Every test user gets a password; Argon2 (production) costs ~0.4 s each. Hashing itself is tested apart.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def department(db):
    return DepartmentFactory(code="JD", name="机电系")


@pytest.fixture
def other_department(db):
    return DepartmentFactory(code="XX", name="信息技术系")


@pytest.fixture
def major(department):
    return MajorFactory(code="660301", name="数控技术应用", department=department)


@pytest.fixture
def other_major(other_department):
    return MajorFactory(code="710201", name="计算机应用", department=other_department)


@pytest.fixture
def graduate(major):
    return GraduateFactory(major=major, student_no="2024000001", name="李明")


@pytest.fixture
def other_graduate(other_major):
    return GraduateFactory(major=other_major, student_no="2024000002", name="王芳", gender="女")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", role="admin")


@pytest.fixture
def centre_user(db):
    return UserFactory(username="centre", role="centre")


@pytest.fixture
def leader_user(db):
    return UserFactory(username="leader", role="leader")


@pytest.fixture
def dept_user(department):
    return UserFactory(username="jd_staff", role="department", departments=[department])


@pytest.fixture
def other_dept_user(other_department):
    return UserFactory(username="xx_staff", role="department", departments=[other_department])


def _client_for(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def centre_client(client, centre_user):
    return _client_for(client, centre_user)


@pytest.fixture
def dept_client(client, dept_user):
    return _client_for(client, dept_user)


@pytest.fixture
def other_dept_client(client, other_dept_user):
    return _client_for(client, other_dept_user)


@pytest.fixture
def leader_client(client, leader_user):
    return _client_for(client, leader_user)


@pytest.fixture
def admin_client(client, admin_user):
    return _client_for(client, admin_user)


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def employer(db):
    return EmployerFactory(name="攀钢集团有限公司")


# --- Graduates' portal accounts (graduate A = `graduate`, graduate B = `other_graduate`) ----------------------


@pytest.fixture
def graduate_user(graduate, password):
    return accounts_services.portal_account_set_password(graduate=graduate, password=password)


@pytest.fixture
def other_graduate_user(other_graduate, password):
    return accounts_services.portal_account_set_password(graduate=other_graduate, password=password)


@pytest.fixture
def graduate_client(client, graduate_user):
    return _client_for(client, graduate_user)


# --- API clients with a bearer token (testing.api) ------------------------------------------------------------


@pytest.fixture
def centre_api(centre_user):
    return bearer_client(centre_user)


@pytest.fixture
def dept_api(dept_user):
    return bearer_client(dept_user)


@pytest.fixture
def other_dept_api(other_dept_user):
    return bearer_client(other_dept_user)


@pytest.fixture
def leader_api(leader_user):
    return bearer_client(leader_user)


@pytest.fixture
def admin_api(admin_user):
    return bearer_client(admin_user)


@pytest.fixture
def anonymous_api(db):
    return APIClient()


@pytest.fixture
def api_as(request):
    """api_as("dept") → the API client of `dept_user`; the access tables name users by role, "anonymous" too."""

    def client_for(who: str) -> APIClient:
        return request.getfixturevalue(f"{who}_api")

    return client_for
