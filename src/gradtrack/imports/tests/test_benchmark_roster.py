"""The benchmark's sample roster (imports/benchmark.py) is one the import accepts: `make bench` times an import,
not a refusal. It failed once when a column was added to the roster and the sample's cells shifted."""

import pytest

from gradtrack.core.models import MajorCategory
from gradtrack.imports import reader, services
from gradtrack.imports.benchmark import write_sample

pytestmark = pytest.mark.django_db


def test_the_sample_roster_plans_without_a_problem(tmp_path):
    path = tmp_path / "roster.xlsx"
    write_sample(60, str(path))
    with open(path, "rb") as source:
        roster = reader.read_roster(source, file_name=path.name)
    plan = services.graduate_import_plan(
        roster, create_missing=True, major_category=MajorCategory.objects.order_by("code").first()
    )
    assert plan.problems == []
    assert len(roster.rows) == 60
