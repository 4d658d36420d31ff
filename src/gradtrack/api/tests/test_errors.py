"""The error handler turns every failure into {"detail": …, "errors": {field: [messages]}}."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from rest_framework import exceptions

from gradtrack.api.errors import exception_handler
from gradtrack.core.concurrency import ConcurrentEditError


def test_a_service_error_names_its_fields_and_maps_all_to_non_field_errors():
    error = ValidationError({"mobile": ["手机号码有误"], "__all__": ["整体有误"]})
    response = exception_handler(error, {})
    assert response.status_code == 400
    assert response.data["errors"] == {"mobile": ["手机号码有误"], "non_field_errors": ["整体有误"]}


def test_a_concurrent_edit_is_a_409_naming_the_version():
    response = exception_handler(ConcurrentEditError(), {})
    assert response.status_code == 409
    assert set(response.data["errors"]) == {"version"}


def test_a_race_on_a_database_constraint_is_a_409():
    response = exception_handler(IntegrityError("UNIQUE constraint failed"), {})
    assert response.status_code == 409
    assert "UNIQUE" not in response.data["detail"]


def test_a_nested_drf_error_is_flattened_to_lists_of_strings():
    error = exceptions.ValidationError({"monthly_salary": ["请填写合法的数字。"], "extra": {"a": ["b"]}})
    response = exception_handler(error, {})
    assert response.data["errors"] == {"monthly_salary": ["请填写合法的数字。"], "extra": ["a: b"]}
