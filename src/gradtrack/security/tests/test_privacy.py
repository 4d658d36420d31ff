"""身份证号, contacts and salaries: masked where a role does not need them (accounts.privacy), logged where shown."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gradtrack.accounts import privacy
from gradtrack.accounts.models import User
from gradtrack.records import services
from gradtrack.security.models import AccessLogEntry
from gradtrack.testing.api import bearer_client

VIEW_ID = AccessLogEntry.Action.VIEW_ID_NUMBER


# --- The rule ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "full_id_number", "bulk_contacts_and_salary"),
    [
        (User.Role.ADMIN, True, True),
        (User.Role.CENTRE, True, True),
        (User.Role.DEPARTMENT, True, True),  # their own graduates only: the scope decides that
        (User.Role.LEADER, False, False),
    ],
)
def test_each_role_sees_what_the_privacy_table_says(role, full_id_number, bulk_contacts_and_salary):
    disclosure = privacy.disclosure_for(User(role=role, is_active=True))
    assert disclosure.full_id_number is full_id_number
    assert disclosure.contacts_in_lists is bulk_contacts_and_salary
    assert disclosure.salary_in_lists is bulk_contacts_and_salary


def test_an_anonymous_visitor_sees_nothing_in_full():
    from django.contrib.auth.models import AnonymousUser

    assert privacy.disclosure_for(AnonymousUser()) == privacy.Disclosure(False, False, False)


@pytest.mark.parametrize(
    ("mask", "value", "masked"),
    [
        (privacy.mask_id_number, "51042120060504123X", "5104**********123X"),
        (privacy.mask_id_number, "", ""),
        (privacy.mask_id_number, "1234", "****"),
        (privacy.mask_mobile, "13912345678", "139****5678"),
        (privacy.mask_mobile, "123", "****"),
        (privacy.mask_contact, "139-1234-5678", "139****5678"),
        (privacy.mask_contact, "liming@example.com", "l****@example.com"),
        (privacy.mask_contact, "wx_liming", "w****"),
        (privacy.mask_contact, None, ""),
    ],
)
def test_masks_keep_just_enough_to_tell_records_apart(mask, value, masked):
    assert mask(value) == masked


# --- Pages ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["admin", "centre", "dept"])
def test_the_graduate_page_shows_the_full_id_number_and_logs_it(
    login_as, identified_graduate, id_number, who
):
    response = login_as(who).get(reverse("records:graduate_detail", args=[identified_graduate.pk]))
    assert id_number in response.content.decode()
    entry = AccessLogEntry.objects.get(action=VIEW_ID)
    assert entry.actor == response.wsgi_request.user
    assert entry.subject == "李明（2024000001）"
    assert entry.path == reverse("records:graduate_detail", args=[identified_graduate.pk])


def test_a_leader_sees_the_id_number_masked_also_in_the_history_and_nothing_is_logged(
    login_as, identified_graduate, id_number, centre_user
):
    services.record_update(
        identified_graduate, data={"id_number": ""}, acting_user=centre_user
    )  # the history now holds the number as an old value
    identified_graduate.refresh_from_db()
    services.record_update(identified_graduate, data={"id_number": id_number}, acting_user=centre_user)
    page = login_as("leader").get(reverse("records:graduate_detail", args=[identified_graduate.pk]))
    html = page.content.decode()
    assert id_number not in html
    assert privacy.mask_id_number(id_number) in html
    assert not AccessLogEntry.objects.exists()


def test_a_graduate_without_an_id_number_is_not_logged(login_as, graduate):
    login_as("centre").get(reverse("records:graduate_detail", args=[graduate.pk]))
    assert not AccessLogEntry.objects.exists()


def test_another_departments_graduate_is_a_404_and_nothing_is_logged(login_as, identified_graduate):
    response = login_as("other_dept").get(reverse("records:graduate_detail", args=[identified_graduate.pk]))
    assert response.status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_opening_the_edit_form_is_a_logged_view_of_the_id_number(login_as, identified_graduate, id_number):
    response = login_as("dept").get(reverse("records:graduate_update", args=[identified_graduate.pk]))
    assert id_number in response.content.decode()
    assert AccessLogEntry.objects.filter(action=VIEW_ID).count() == 1


@pytest.mark.parametrize(("who", "mobile_shown"), [("centre", True), ("dept", True), ("leader", False)])
def test_the_list_never_shows_id_numbers_and_masks_phones_for_leaders(
    login_as, identified_graduate, id_number, who, mobile_shown
):
    html = login_as(who).get(reverse("records:graduate_list")).content.decode()
    assert id_number not in html
    assert ("13912345678" in html) is mobile_shown
    assert ("139****5678" in html) is not mobile_shown


# --- Exports -------------------------------------------------------------------------------------------------


def exported_rows(response) -> list[dict]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize(
    ("who", "mobile", "qq", "salary"),
    [
        ("centre", "13912345678", "12345678", 4200),
        ("dept", "13912345678", "12345678", 4200),
        ("leader", "139****5678", "1****", "****"),
    ],
)
def test_the_export_masks_contacts_and_salaries_for_leaders_and_never_has_id_numbers(
    login_as, identified_graduate, id_number, who, mobile, qq, salary
):
    response = login_as(who).get(reverse("records:graduate_export"))
    [row] = exported_rows(response)
    assert (row["手机"], row["QQ"], row["月薪"]) == (mobile, qq, salary)
    assert id_number not in response.content.decode("latin-1")
    assert "身份证号" not in row


def test_every_export_is_logged_with_who_when_and_what(login_as, identified_graduate, other_graduate):
    response = login_as("centre").get(reverse("records:graduate_export"), {"graduation_year": 2024})
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get()
    assert entry.action == AccessLogEntry.Action.EXPORT
    assert entry.actor.username == "centre"
    assert entry.record_count == 2
    assert "graduation_year=2024" in entry.path
    assert entry.at is not None


def test_the_export_neutralises_cells_a_spreadsheet_would_run(login_as, graduate):
    # Stored as typed (inert in the database and on pages), neutralised only in the file.
    graduate.name = '=HYPERLINK("http://evil.example","点我")'
    graduate.class_name = "+1+2"
    graduate.qq = "-3+4"
    graduate.wechat = "@SUM(A1)"
    graduate.save()
    [row] = exported_rows(login_as("centre").get(reverse("records:graduate_export")))
    assert row["姓名"] == '\'=HYPERLINK("http://evil.example","点我")'
    assert row["班级"] == "'+1+2"
    assert row["QQ"] == "'-3+4"
    assert row["微信"] == "'@SUM(A1)"
    sheet = load_workbook(
        io.BytesIO(login_as("centre").get(reverse("records:graduate_export")).content)
    ).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


# --- API -----------------------------------------------------------------------------------------------------


def test_api_lists_mask_the_id_number_for_everyone_and_log_the_phones_they_carry(
    identified_graduate, centre_user, id_number
):
    [record] = bearer_client(centre_user).get("/api/v1/graduates/").json()["results"]
    assert record["id_number"] == privacy.mask_id_number(id_number)
    assert record["mobile"] == "13912345678"
    entry = AccessLogEntry.objects.get()
    assert (entry.action, entry.record_count) == (AccessLogEntry.Action.API_READ, 1)
    assert entry.fields.startswith("手机")
    assert "身份证号" not in entry.fields
    assert entry.path == "/api/v1/graduates/"


def test_api_lists_mask_contacts_and_salaries_for_leaders(identified_graduate, leader_user):
    api = bearer_client(leader_user)
    [record] = api.get("/api/v1/graduates/").json()["results"]
    assert record["mobile"] == "139****5678"
    assert record["email"] == "l****@example.com"
    [job] = api.get("/api/v1/employments/").json()["results"]
    assert job["monthly_salary"] is None
    assert not AccessLogEntry.objects.exists()


def test_one_api_record_masks_contacts_and_salaries_for_leaders(identified_graduate, leader_user):
    identified_graduate.parent_contact = "13800001111"
    identified_graduate.save()
    api = bearer_client(leader_user)
    record = api.get(f"/api/v1/graduates/{identified_graduate.pk}/").json()
    assert (record["mobile"], record["parent_contact"]) == ("139****5678", "138****1111")
    assert record["qq"] == "1****"
    job_id = identified_graduate.jobs.get().pk
    assert api.get(f"/api/v1/employments/{job_id}/").json()["monthly_salary"] is None
    assert not AccessLogEntry.objects.exists()


def test_one_api_record_of_a_job_logs_its_salary(identified_graduate, centre_user):
    job = identified_graduate.jobs.get()
    record = bearer_client(centre_user).get(f"/api/v1/employments/{job.pk}/").json()
    assert record["monthly_salary"] == "4200.00"
    entry = AccessLogEntry.objects.get()
    assert (entry.action, entry.fields, entry.record_count) == (
        AccessLogEntry.Action.API_READ,
        "月薪、起薪",
        1,
    )


def test_a_list_page_of_many_graduates_is_one_log_row_counting_them(
    identified_graduate, other_graduate, centre_user
):
    response = bearer_client(centre_user).get("/api/v1/graduates/")
    assert response.json()["count"] == 2
    entry = AccessLogEntry.objects.get()
    assert entry.record_count == 2


def test_one_api_record_has_the_full_id_number_for_centre_and_is_logged(
    identified_graduate, centre_user, id_number
):
    record = bearer_client(centre_user).get(f"/api/v1/graduates/{identified_graduate.pk}/").json()
    assert record["id_number"] == id_number
    assert AccessLogEntry.objects.get().action == VIEW_ID


def test_one_api_record_has_a_masked_id_number_for_leaders(identified_graduate, leader_user, id_number):
    record = bearer_client(leader_user).get(f"/api/v1/graduates/{identified_graduate.pk}/").json()
    assert record["id_number"] == privacy.mask_id_number(id_number)
    assert not AccessLogEntry.objects.exists()


# --- One rule for pages and API alike -------------------------------------------------------------------------


def test_a_leader_sees_contacts_and_salaries_masked_on_the_graduates_page_and_its_history(
    login_as, identified_graduate, centre_user
):
    identified_graduate.refresh_from_db()
    services.record_update(identified_graduate, data={"mobile": "13700001111"}, acting_user=centre_user)
    html = (
        login_as("leader")
        .get(reverse("records:graduate_detail", args=[identified_graduate.pk]))
        .content.decode()
    )
    for full in ("13700001111", "13912345678", "12345678", "liming@example.com", "4200"):
        assert full not in html, full
    assert "137****1111" in html and "139****5678" in html
    assert "l****@example.com" in html
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize("who", ["centre", "dept"])
def test_staff_see_contacts_and_salaries_in_full_on_the_page(login_as, identified_graduate, who):
    html = (
        login_as(who).get(reverse("records:graduate_detail", args=[identified_graduate.pk])).content.decode()
    )
    assert 'href="tel:13912345678"' in html and "4200" in html
    entry = AccessLogEntry.objects.get()
    assert entry.fields.startswith("身份证号、手机")


def test_the_export_log_names_the_fields_it_carried(login_as, identified_graduate):
    login_as("centre").get(reverse("records:graduate_export"))
    login_as("leader").get(reverse("records:graduate_export"))
    centre, leader = AccessLogEntry.objects.order_by("pk")
    assert "手机" in centre.fields and "月薪" in centre.fields
    assert leader.fields == ""
