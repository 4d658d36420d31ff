"""The records part of the demo school reads like a real one: catalogue majors with their codes, given names that
match the recorded 性别, and posts that fit the major of a graduate working in their field."""

import csv
import datetime
from pathlib import Path

import pytest

import gradtrack
from gradtrack.records import demo
from gradtrack.records.models import Employment, Graduate

CATALOGUE = "zhongzhi_majors_2021.csv"
PACKAGE = Path(gradtrack.__file__).resolve().parent
CATALOGUE_PLACES = [
    PACKAGE / "core" / "reference" / CATALOGUE,  # the copy the code tables' migrations load
    PACKAGE.parents[1] / ".." / "shared" / "reference" / CATALOGUE,  # ../shared/reference beside the clone
    PACKAGE.parents[1] / ".." / ".." / "shared" / "reference" / CATALOGUE,  # … beside a worktree's parent
]


def catalogue() -> dict[str, str]:
    """code → name of the 2021 中职 catalogue, from the reference CSV (not a copy in the tests)."""
    path = next((place for place in CATALOGUE_PLACES if place.is_file()), None)
    assert path is not None, f"the reference catalogue {CATALOGUE} is in none of {CATALOGUE_PLACES}"
    with path.open(encoding="utf-8-sig", newline="") as source:
        return {row["code"]: row["name"] for row in csv.DictReader(source)}


MAJOR_SPECS = [spec for department in demo.DEPARTMENTS for spec in department.majors]


@pytest.mark.parametrize("spec", MAJOR_SPECS, ids=lambda spec: spec.name)
def test_every_demo_major_is_a_catalogue_major_with_its_code(spec):
    assert catalogue().get(spec.code) == spec.name


@pytest.fixture
def demo_records(db):
    return demo.DemoSchoolBuilder(
        graduates=240, employers=40, seed=7, today=datetime.date(2026, 11, 25)
    ).build()


def test_every_graduates_given_name_is_of_their_recorded_gender(demo_records):
    graduates = list(Graduate.objects.all())
    assert {g.gender for g in graduates} == {Graduate.Gender.MALE, Graduate.Gender.FEMALE}
    for graduate in graduates:
        pool = demo.GIVEN_NAMES[graduate.gender]
        assert any(
            graduate.name.endswith(given) and len(graduate.name) - len(given) in (1, 2) for given in pool
        ), (
            graduate.name,
            graduate.gender,
        )
        other = demo.GIVEN_NAMES[Graduate.Gender.FEMALE if graduate.gender == Graduate.Gender.MALE else "男"]
        assert graduate.name[1:] not in other and graduate.name[2:] not in other


def test_the_pools_share_no_given_name():
    assert not set(demo.GIVEN_NAMES[Graduate.Gender.MALE]) & set(demo.GIVEN_NAMES[Graduate.Gender.FEMALE])


def test_a_graduate_working_in_their_field_holds_a_post_of_their_major(demo_records):
    posts = {spec.code: set(spec.posts) for spec in MAJOR_SPECS}
    in_field = Employment.objects.filter(matches_major=True).select_related("graduate__major")
    assert in_field.count() > 50
    for job in in_field:
        assert job.post in posts[job.graduate.major.code], (job.graduate.major.name, job.post)
    mechatronics = set(in_field.filter(graduate__major__code="660301").values_list("post", flat=True))
    assert mechatronics and mechatronics <= {
        "设备维修工",
        "电工",
        "装配钳工",
        "机电维修工",
        "自动化设备调试员",
        "生产线操作工",
    }
