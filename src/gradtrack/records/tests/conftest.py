"""Fixtures of the records app's tests (the access trio, `employer` and the API clients live in the root
conftest)."""

import pytest

from gradtrack.testing.factories import EmploymentFactory


@pytest.fixture
def employment(graduate, employer):
    return EmploymentFactory(graduate=graduate, employer=employer)
