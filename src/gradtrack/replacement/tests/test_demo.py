"""The demo school's re-placement requests: one of each story, and wiping the demo removes them."""

import io

import pytest
from django.core.management import call_command

from gradtrack.replacement import services
from gradtrack.replacement.models import ReplacementRequest
from gradtrack.replacement.tests.conftest import TODAY
from gradtrack.site import demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_school(db):
    call_command("demo_data", graduates=150, stdout=io.StringIO(), stderr=io.StringIO())


def test_the_demo_has_a_request_for_each_story(demo_school):
    requests = {r.decision: r for r in ReplacementRequest.objects.all()}
    assert set(requests) == {"free", "wait", "discretionary", "denied"}
    free = requests["free"]
    assert free.stage == "closed" and free.new_employment.school_arranged and free.new_employment.is_current
    waiting = requests["wait"]
    assert waiting.stage == "placement" and waiting.earliest_placement_date > TODAY
    assert requests["discretionary"].stage == "test" and requests["discretionary"].outcome == ""
    assert requests["denied"].stage == "closed" and requests["denied"].clause == "§二.10"
    assert not any(services.decision_changed(r) for r in requests.values())


def test_wiping_the_demo_removes_its_requests(demo_school):
    demo.wipe_demo_records()
    assert not ReplacementRequest.objects.exists()
