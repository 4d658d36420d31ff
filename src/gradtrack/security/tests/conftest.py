import datetime
import random

import pytest

from gradtrack.records.identifiers import make_id_number
from gradtrack.testing.factories import EmploymentFactory

ID_NUMBER = make_id_number(random.Random(7), datetime.date(2006, 5, 4))


@pytest.fixture
def id_number():
    return ID_NUMBER


@pytest.fixture
def identified_graduate(graduate):
    """The shared `graduate` (机电系) with a 身份证号, QQ, e-mail and a current job paying 4200."""
    graduate.id_number = ID_NUMBER
    graduate.mobile = "13912345678"
    graduate.qq = "12345678"
    graduate.email = "liming@example.com"
    graduate.save()
    EmploymentFactory(graduate=graduate, monthly_salary=4200)
    return graduate


@pytest.fixture
def login_as(client, request):
    """login_as("centre") → the test client signed in as that fixture's user."""

    def sign_in(who: str):
        client.force_login(request.getfixturevalue(f"{who}_user"))
        return client

    return sign_in
