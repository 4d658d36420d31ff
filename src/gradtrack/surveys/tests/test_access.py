"""The access-control suite of the survey paths (POLICY §11): a response's rows of graduates — on the invitation
page, in the letter, in paper entry, through the API — for the centre and for the 系部 of each side.

The hotel employs two of 机电系's cohort and two of 信息技术系's: each department sees and edits only its own two.
"""

import io

import pytest
from django.urls import reverse
from docx import Document

from gradtrack.security.models import AccessLogEntry
from gradtrack.surveys import public_views, services
from gradtrack.surveys.models import EmployerResponse
from gradtrack.surveys.tests.conftest import complete_answers


@pytest.fixture
def client_as(client, request):
    def login(who):
        client.force_login(request.getfixturevalue(f"{who}_user"))
        return client

    return login


@pytest.fixture
def hotel_rows(hotel_invitation, department, other_department):
    """{"jd": [names], "xx": [names]} of the hotel's prefilled rows, by the graduates' department."""
    by_department = {department.pk: "jd", other_department.pk: "xx"}
    names = {"jd": [], "xx": []}
    for row in services.prefilled_rows(hotel_invitation):
        graduate = _graduate(row["graduate_id"])
        names[by_department[graduate.department_id]].append(row["name"])
    assert len(names["jd"]) == len(names["xx"]) == 2
    return names


def _graduate(pk):
    from gradtrack.records.models import Graduate

    return Graduate.objects.get(pk=pk)


@pytest.fixture
def submitted_hotel(hotel_invitation, centre_user):
    """The hotel's return, typed in by the centre with every prefilled row (posts set per row)."""
    rows = [{**row, "post": f"岗位{n}"} for n, row in enumerate(services.prefilled_rows(hotel_invitation))]
    return services.response_submit(
        invitation=hotel_invitation,
        data=complete_answers(unit_name="米易县阳光酒店"),
        rows=rows,
        source="paper",
        acting_user=centre_user,
    )


def stored_rows(invitation):
    response = EmployerResponse.objects.get(invitation=invitation)
    return list(response.graduates.order_by("position").values_list("graduate_id", "name", "post"))


SEES = {"centre": {"jd", "xx"}, "dept": {"jd"}, "other_dept": {"xx"}, "leader": {"jd", "xx"}}


def assert_shows_only(text: str, rows: dict, who: str) -> None:
    for side, names in rows.items():
        for name in names:
            assert (name in text) is (side in SEES[who]), (who, name)


# --- Reading ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", list(SEES))
def test_the_invitation_page_lists_only_the_graduates_the_user_sees(
    client_as, who, hotel_invitation, hotel_rows
):
    page = client_as(who).get(reverse("surveys:invitation_detail", args=[hotel_invitation.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert_shows_only(html, hotel_rows, who)
    assert ("另有 2 行属于其他系部" in html) is (who in {"dept", "other_dept"})


@pytest.mark.parametrize("who", list(SEES))
def test_the_saved_return_on_the_page_shows_only_the_users_rows(client_as, who, submitted_hotel, hotel_rows):
    html = client_as(who).get(reverse("surveys:invitation_detail", args=[submitted_hotel.invitation_id]))
    assert_shows_only(html.content.decode(), hotel_rows, who)


@pytest.mark.parametrize("who", ["centre", "dept", "other_dept"])
def test_the_letter_lists_only_the_users_rows_and_its_download_is_logged(
    client_as, who, hotel_invitation, hotel_rows
):
    response = client_as(who).get(reverse("surveys:invitation_document", args=[hotel_invitation.pk, "docx"]))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert_shows_only(text, hotel_rows, who)
    entry = AccessLogEntry.objects.get()
    assert entry.action == AccessLogEntry.Action.DOWNLOAD
    assert entry.record_count == len(SEES[who]) * 2
    assert "米易县阳光酒店" in entry.subject
    assert "姓名" in entry.fields


@pytest.mark.parametrize("who", ["centre", "dept", "other_dept", "leader"])
def test_the_responses_api_returns_only_the_users_rows(api_as, who, submitted_hotel, hotel_rows):
    for url in ("/api/v1/surveys/responses/", f"/api/v1/surveys/responses/{submitted_hotel.pk}/"):
        body = api_as(who).get(url).json()
        [record] = body["results"] if "results" in body else [body]
        names = {row["name"] for row in record["graduates"]}
        expected = {name for side in SEES[who] for name in hotel_rows[side]}
        assert names == expected


def test_the_paper_entry_form_offers_only_the_users_rows(client_as, hotel_invitation, hotel_rows):
    html = client_as("dept").get(reverse("surveys:paper_entry", args=[hotel_invitation.pk])).content.decode()
    assert_shows_only(html, hotel_rows, "dept")
    assert "保存时保持不变" in html


# --- Writing ----------------------------------------------------------------------------------------------


def paper_post(rows, invitation, action="draft"):
    """The paper-entry page's post of ``rows``; a row's graduate is named by its reference on the page."""
    data = {
        "action": action,
        "source": "paper",
        "rows-TOTAL_FORMS": str(len(rows)),
        "rows-INITIAL_FORMS": str(len(rows)),
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "200",
        **{k: str(v) for k, v in complete_answers().items()},
    }
    for n, row in enumerate(rows):
        row = dict(row)
        graduate_id = row.pop("graduate_id", None)
        row["row_ref"] = public_views.row_ref(invitation, graduate_id) if graduate_id else ""
        data.update({f"rows-{n}-{key}": "" if value is None else str(value) for key, value in row.items()})
    return data


def own_rows(user, invitation):
    from gradtrack.surveys import selectors

    return selectors.rows_visible_to(user, services.response_rows(invitation))


def test_a_department_edits_its_own_rows_and_the_others_stay_as_they_were(
    client_as, dept_user, submitted_hotel, hotel_invitation
):
    # Back to a draft the department may still change (the centre's return, as if not yet submitted).
    EmployerResponse.objects.filter(pk=submitted_hotel.pk).update(submitted_at=None)
    type(hotel_invitation).objects.filter(pk=hotel_invitation.pk).update(submitted_at=None)
    before = stored_rows(hotel_invitation)
    rows = [{**row, "post": "前台主管"} for row in own_rows(dept_user, hotel_invitation)]
    response = client_as("dept").post(
        reverse("surveys:paper_entry", args=[hotel_invitation.pk]), paper_post(rows, hotel_invitation)
    )
    assert response.status_code == 302
    after = stored_rows(hotel_invitation)
    mine = {row["graduate_id"] for row in rows}
    assert [row for row in after if row[0] not in mine] == [row for row in before if row[0] not in mine]
    assert {row[2] for row in after if row[0] in mine} == {"前台主管"}
    assert len(after) == len(before)


def test_a_department_starting_a_return_keeps_the_other_departments_prefilled_rows(
    client_as, dept_user, hotel_invitation, hotel_rows
):
    rows = [{**row, "post": "服务员"} for row in own_rows(dept_user, hotel_invitation)]
    response = client_as("dept").post(
        reverse("surveys:paper_entry", args=[hotel_invitation.pk]), paper_post(rows, hotel_invitation)
    )
    assert response.status_code == 302
    saved = stored_rows(hotel_invitation)
    assert {name for _id, name, _post in saved} == set(hotel_rows["jd"] + hotel_rows["xx"])
    assert {post for _id, name, post in saved if name in hotel_rows["jd"]} == {"服务员"}


@pytest.mark.parametrize("forged", ["other_departments_row", "new_person"])
def test_a_department_cannot_write_other_rows_through_the_page(
    client_as, other_dept_user, dept_user, hotel_invitation, forged
):
    rows = own_rows(dept_user, hotel_invitation)
    if forged == "other_departments_row":
        rows.append({**own_rows(other_dept_user, hotel_invitation)[0], "post": "已离职"})
    else:
        rows.append({"graduate_id": None, "name": "陌生人", "post": "厨师"})
    response = client_as("dept").post(
        reverse("surveys:paper_entry", args=[hotel_invitation.pk]), paper_post(rows, hotel_invitation)
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "系部人员只能录入本系部毕业生的行" in html
    assert "第 3 行" in html
    assert not EmployerResponse.objects.filter(invitation=hotel_invitation).exists()


def test_a_department_cannot_overwrite_other_rows_through_the_api(
    api_as, other_dept_user, dept_user, submitted_hotel, hotel_invitation
):
    EmployerResponse.objects.filter(pk=submitted_hotel.pk).update(submitted_at=None)
    type(hotel_invitation).objects.filter(pk=hotel_invitation.pk).update(submitted_at=None)
    before = stored_rows(hotel_invitation)
    theirs = [{**row, "post": "已改"} for row in own_rows(other_dept_user, hotel_invitation)]
    url = f"/api/v1/surveys/invitations/{hotel_invitation.pk}/paper-entry/"
    response = api_as("dept").post(url, {"draft": True, "graduates": theirs}, format="json")
    assert response.status_code == 400
    assert "系部人员只能录入本系部毕业生的行" in str(response.json())
    assert stored_rows(hotel_invitation) == before

    mine = [{**row, "post": "领班"} for row in own_rows(dept_user, hotel_invitation)]
    response = api_as("dept").post(url, {"draft": True, "graduates": mine}, format="json")
    assert response.status_code == 200, response.json()
    assert {row["post"] for row in response.json()["graduates"]} == {"领班"}
    after = stored_rows(hotel_invitation)
    theirs_ids = {row["graduate_id"] for row in theirs}
    assert [row for row in after if row[0] in theirs_ids] == [row for row in before if row[0] in theirs_ids]


def test_the_centre_still_edits_every_row(api_as, hotel_invitation):
    url = f"/api/v1/surveys/invitations/{hotel_invitation.pk}/paper-entry/"
    rows = [{**row, "post": "员工"} for row in services.prefilled_rows(hotel_invitation)]
    response = api_as("centre").post(url, {"draft": True, "graduates": rows}, format="json")
    assert response.status_code == 200
    assert {post for _id, _name, post in stored_rows(hotel_invitation)} == {"员工"}
