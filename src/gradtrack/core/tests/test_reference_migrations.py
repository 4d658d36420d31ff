"""Existing databases migrate forward onto the official code tables (core 0007–0008, records 0005–0006): a
database at the previous schema, with the 2010-style 大类 names, 高校-coded destinations and majors named as a
school writes them, is migrated and checked against the reference CSVs."""

import importlib

import pytest

from gradtrack.core import reference
from gradtrack.testing.migrations import latest
from gradtrack.testing.migrations import migrate as _migrate

pytestmark = pytest.mark.django_db(transaction=True)

PREVIOUS = [("core", "0006_policy_survey_reminder_days"), ("records", "0002_employment_employer_page_index")]


def _latest():
    return latest()


def _previous_database():
    """The schema before issue 12, with the code tables as 0002 loaded them and a school's records."""
    old = _migrate(PREVIOUS)
    Destination = old.get_model("core", "Destination")
    Industry = old.get_model("core", "Industry")
    Destination.objects.all().delete()
    Industry.objects.exclude(code__regex=r"^[A-T]$").delete()
    importlib.import_module("gradtrack.core.migrations.0002_code_tables").load(old, None)
    category = old.get_model("core", "MajorCategory").objects.get(code="66")
    department = old.get_model("records", "Department").objects.create(code="JD", name="机电系")
    Major = old.get_model("records", "Major")
    majors = {
        "JD01": Major.objects.create(
            code="JD01", name="机电技术应用专业", department=department, category=category
        ),
        "JD02": Major.objects.create(code="JD02", name="钒钛冶炼", department=department, category=category),
    }
    Graduate = old.get_model("records", "Graduate")
    for number, (code, major) in enumerate([("11", "JD01"), ("12", "JD01"), ("80", "JD02"), ("70", "JD02")]):
        Graduate.objects.create(
            student_no=f"2024{number:06d}",
            name="学生",
            department=department,
            major=majors[major],
            graduation_year=2024,
            destination=Destination.objects.get(code=code),
        )
    Graduate.objects.create(
        student_no="2024000009",
        name="学生",
        department=department,
        major=majors["JD01"],
        graduation_year=2024,
    )
    old.get_model("records", "Employer").objects.create(
        name="攀钢", normalized_name="攀钢", industry=Industry.objects.get(code="C")
    )
    return category.name


def test_a_database_of_the_previous_schema_migrates_forward_with_its_records():
    old_category_name = _previous_database()
    assert old_category_name == "装备制造类"
    new = _migrate(_latest())

    categories = [r for r in reference.rows(reference.MAJOR_CATEGORIES) if r["level"] == "大类"]
    MajorCategory = new.get_model("core", "MajorCategory")
    assert sorted(MajorCategory.objects.values_list("code", "name")) == [
        (r["code"], r["name"]) for r in categories
    ]

    Major = new.get_model("records", "Major")
    matched, school_own = Major.objects.get(code="JD01"), Major.objects.get(code="JD02")
    entry = next(r for r in reference.rows(reference.MAJORS) if r["name"] == "机电技术应用")
    assert (matched.catalogue.code, matched.category.code) == (entry["code"], entry["category_code"])
    assert (school_own.catalogue, school_own.category.code) == (None, "66")

    crosswalk = {}
    for row in reference.rows(reference.DESTINATIONS):
        if row["scheme"] == "zhongzhi":
            for code in reference.codes(row["crosswalk_to_hei_code"]):
                crosswalk.setdefault(code, row["code"])
    Graduate = new.get_model("records", "Graduate")
    outcomes = {
        (
            g.destination.code if g.destination else None,
            g.destination_detail.code if g.destination_detail else None,
        )
        for g in Graduate.objects.select_related("destination", "destination_detail")
    }
    assert outcomes == {(crosswalk[code], code) for code in ("11", "12", "80", "70")} | {(None, None)}
    Destination = new.get_model("core", "Destination")
    assert not Destination.objects.exclude(code__startswith="ZZ-").exists(), "the 高校-coded rows are gone"

    Industry = new.get_model("core", "Industry")
    employer = new.get_model("records", "Employer").objects.get()
    assert employer.industry.code == "C"
    divisions = reference.rows(reference.INDUSTRIES)
    assert Industry.objects.filter(section__isnull=False).count() == len(divisions)
    repair = next(r for r in divisions if r["division_code"] == "43")
    assert (Industry.objects.get(code="43").section.code, Industry.objects.get(code="43").sector) == (
        repair["section"],
        {"第一产业": 1, "第二产业": 2, "第三产业": 3}[repair["sector"]],
    )
