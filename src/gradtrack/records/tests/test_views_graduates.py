"""The graduates list, the graduate's page and the graduate form."""

import datetime
import random

import pytest
from django.urls import reverse

from gradtrack.core.models import Destination, HistoryEntry
from gradtrack.records import identifiers, services
from gradtrack.records.models import Graduate
from gradtrack.testing.factories import (
    EmployerFactory,
    EmploymentFactory,
    GraduateFactory,
    MajorFactory,
)

LIST_URL = reverse("records:graduate_list")
VALID_ID_NUMBER = "11010519491231002X"


def listed(response) -> list[str]:
    return [graduate.student_no for graduate in response.context["graduates"]]


def graduate_post(base_major, **overrides):
    data = {
        "student_no": "2026000100",
        "name": "赵强",
        "gender": "男",
        "id_number": "",
        "department": base_major.department.pk,
        "major": base_major.pk,
        "class_name": "数控2301班",
        "graduation_year": 2026,
        "graduation_month": 6,
        "mobile": "+86 139-0000-1111",
        "qq": "",
        "wechat": "",
        "email": "",
        "parent_contact": "",
        "placement_mode": "school",
        "destination": "",
        "notes": "",
    }
    data.update(overrides)
    return data


def edit_post(graduate, **overrides):
    data = graduate_post(graduate.major, student_no=graduate.student_no, name=graduate.name)
    data.update(mobile=graduate.mobile, graduation_year=graduate.graduation_year, version=graduate.version)
    data.update(overrides)
    return data


# --- The list ---------------------------------------------------------------------------------------------


@pytest.fixture
def roster(major, other_major):
    """Graduates who differ in one attribute each, to check every filter."""
    second_major = MajorFactory(code="660302", name="机电技术应用", department=major.department)
    employed = GraduateFactory(student_no="A001", name="陈一", major=major, graduation_year=2024)
    EmploymentFactory(graduate=employed, employer=EmployerFactory(name="攀钢集团"))
    GraduateFactory(
        student_no="A002", name="杨二", major=second_major, graduation_year=2025, mobile="13912345678"
    )
    GraduateFactory(
        student_no="A003",
        name="陈三",
        major=major,
        graduation_year=2025,
        placement_mode=Graduate.PlacementMode.SELF,
        destination=Destination.objects.get(code="ZZ-S"),
    )
    GraduateFactory(student_no="B001", name="陈四", major=other_major, graduation_year=2024)
    return {"second_major": second_major}


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"q": "陈"}, ["A001", "A003", "B001"]),
        ({"q": "A00"}, ["A001", "A002", "A003"]),
        ({"q": "139 1234 5678"}, ["A002"]),
        ({"q": "+86 139-1234-5678"}, ["A002"]),
        ({"graduation_year": "2025"}, ["A002", "A003"]),
        ({"placement_mode": "self"}, ["A003"]),
        ({"employed": "yes"}, ["A001"]),
        ({"employed": "no"}, ["A002", "A003", "B001"]),
        ({"q": "陈", "graduation_year": "2024"}, ["A001", "B001"]),
    ],
)
def test_the_list_searches_and_filters(centre_client, roster, query, expected):
    response = centre_client.get(LIST_URL, {**query, "sort": "student_no"})
    assert listed(response) == expected


def test_the_list_filters_by_department_major_and_destination(centre_client, roster, department, major):
    by = {
        "department": department.pk,
        "major": roster["second_major"].pk,
        "destination": Destination.objects.get(code="ZZ-S").pk,
    }
    expected = {"department": ["A001", "A002", "A003"], "major": ["A002"], "destination": ["A003"]}
    for name, value in by.items():
        assert listed(centre_client.get(LIST_URL, {name: value, "sort": "student_no"})) == expected[name]


def test_a_department_user_sees_and_can_choose_only_their_own(dept_client, roster, department, other_major):
    response = dept_client.get(LIST_URL, {"sort": "student_no"})
    assert listed(response) == ["A001", "A002", "A003"]
    form = response.context["filter_form"]
    assert list(form.fields["department"].queryset) == [department]
    assert other_major not in form.fields["major"].queryset


def test_a_filter_naming_another_department_matches_nothing(
    dept_client, roster, other_department, other_major
):
    for query in ({"department": other_department.pk}, {"major": other_major.pk}):
        response = dept_client.get(LIST_URL, query)
        assert listed(response) == []
        assert response.context["filter_form"].errors
        assert "没有符合条件的毕业生" in response.content.decode()


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("student_no", ["A001", "A002", "A003", "B001"]),
        ("-student_no", ["B001", "A003", "A002", "A001"]),
        ("graduation_year", ["A001", "B001", "A002", "A003"]),
        ("-graduation_year", ["A002", "A003", "A001", "B001"]),
        ("major", ["A001", "A003", "A002", "B001"]),  # by major code: 660301, 660302, 710201
        ("department", ["A001", "A002", "A003", "B001"]),
        ("no-such-column", ["A002", "A003", "A001", "B001"]),  # the default: newest cohort, then 学号
    ],
)
def test_the_list_sorts_by_its_columns(centre_client, roster, sort, expected):
    assert listed(centre_client.get(LIST_URL, {"sort": sort})) == expected


def test_sorting_by_name_follows_the_names(centre_client, roster):
    names = [g.name for g in centre_client.get(LIST_URL, {"sort": "name"}).context["graduates"]]
    assert names == sorted(names)


def test_a_sort_link_toggles_the_direction_and_keeps_the_filters(centre_client, roster):
    response = centre_client.get(LIST_URL, {"q": "陈", "sort": "name", "page": "1"})
    link = response.context["sort"]["name"]
    assert link["active"] and not link["descending"]
    assert "sort=-name" in link["query"] and "q=" in link["query"] and "page" not in link["query"]


def test_the_list_pages_by_fifty_and_keeps_the_filters_across_pages(centre_client, major):
    GraduateFactory.create_batch(51, major=major, graduation_year=2023)
    GraduateFactory(major=major, graduation_year=2022)
    first = centre_client.get(LIST_URL, {"graduation_year": "2023"})
    assert len(first.context["graduates"]) == 50
    assert first.context["page_obj"].paginator.count == 51
    assert "graduation_year=2023&amp;page=2" in first.content.decode()
    second = centre_client.get(LIST_URL, {"graduation_year": "2023", "page": "2"})
    assert len(second.context["graduates"]) == 1


def test_the_list_shows_the_current_employer_without_a_query_per_row(
    centre_client, major, django_assert_max_num_queries
):
    for _ in range(30):
        EmploymentFactory(graduate=GraduateFactory(major=major))
    centre_client.get(LIST_URL)  # fills the cached filter choices (core.figures_cache), a fixed cost
    # 13 whatever the number of rows: session, user, 2 cache reads with their stamps, the page's ids, their
    # records, their employers, the school profile and the filter form's three choice lists.
    with django_assert_max_num_queries(13):
        response = centre_client.get(LIST_URL)
    rows = response.context["graduates"]
    assert all(g.current_employer_name for g in rows)
    assert rows[0].current_employer_name in response.content.decode()


def test_the_list_never_shows_the_id_number(centre_client, major):
    GraduateFactory(major=major, id_number=VALID_ID_NUMBER)
    assert VALID_ID_NUMBER not in centre_client.get(LIST_URL).content.decode()


def test_an_empty_list_says_so(centre_client, db):
    content = centre_client.get(LIST_URL).content.decode()
    assert "还没有可查看的毕业生" in content


# --- The graduate's page (个人就业档案) ---------------------------------------------------------------------


def test_the_page_shows_the_file_and_the_job_timeline_newest_first(centre_client, graduate):
    graduate.id_number = VALID_ID_NUMBER
    graduate.save()
    old = EmploymentFactory(
        graduate=graduate,
        employer=EmployerFactory(name="旧单位有限公司"),
        start_date=datetime.date(2024, 7, 1),
        end_date=datetime.date(2024, 12, 31),
        end_reason="personal",
    )
    current = EmploymentFactory(
        graduate=graduate,
        employer=EmployerFactory(name="新单位有限公司"),
        start_date=datetime.date(2025, 2, 1),
        probation_end=datetime.date(2025, 4, 30),
        post="数控车工",
        monthly_salary=5200,
    )
    response = centre_client.get(reverse("records:graduate_detail", args=[graduate.pk]))
    content = response.content.decode()
    assert response.context["jobs"] == [current, old]
    assert response.context["current_job"] == current
    assert VALID_ID_NUMBER in content
    assert content.index("新单位有限公司") < content.index("旧单位有限公司")
    assert reverse("records:employer_detail", args=[current.employer_id]) in content
    assert "数控车工" in content and "5200 元" in content and "个人原因" in content


def test_the_page_shows_the_history_after_an_edit(centre_client, graduate):
    url = reverse("records:graduate_update", args=[graduate.pk])
    response = centre_client.post(url, edit_post(graduate, mobile="13700001111"))
    assert response.status_code == 302
    content = centre_client.get(reverse("records:graduate_detail", args=[graduate.pk])).content.decode()
    assert "档案修改历史" in content
    assert graduate.mobile in content and "13700001111" in content
    assert "history-old" in content


def test_the_page_keeps_the_history_of_a_deleted_job(centre_client, centre_user, graduate):
    job = EmploymentFactory(graduate=graduate, employer=EmployerFactory(name="已删除单位"))
    centre_client.post(reverse("records:employment_delete", args=[job.pk]))
    response = centre_client.get(reverse("records:graduate_detail", args=[graduate.pk]))
    entries = list(response.context["job_history"])
    assert [e.action for e in entries] == ["delete"]
    assert "已删除单位" in response.content.decode()


# --- Creating and editing a graduate --------------------------------------------------------------------


def test_creating_a_graduate_normalises_the_phone_and_opens_the_file(dept_client, major):
    response = dept_client.post(reverse("records:graduate_create"), graduate_post(major))
    graduate = Graduate.objects.get(student_no="2026000100")
    assert response.url == reverse("records:graduate_detail", args=[graduate.pk])
    assert graduate.mobile == "13900001111"
    assert HistoryEntry.objects.filter(model="records.graduate", object_id=str(graduate.pk)).exists()


def form_errors(response) -> dict:
    assert response.status_code == 200, "a rejected form is shown again, never a 500 or a redirect"
    return response.context["form"].errors


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"id_number": "110105194912310021"}, "id_number", "身份证号无效"),
        ({"mobile": "12345"}, "mobile", "手机号码应为以 1 开头的 11 位数字"),
        ({"name": ""}, "name", ""),
        ({"graduation_year": "1980"}, "graduation_year", ""),
    ],
    ids=["bad-id-check-digit", "bad-mobile", "missing-name", "year-too-early"],
)
def test_a_bad_value_is_shown_next_to_its_field(dept_client, major, overrides, field, message):
    response = dept_client.post(reverse("records:graduate_create"), graduate_post(major, **overrides))
    errors = form_errors(response)
    assert field in errors
    assert message in " ".join(errors[field])
    assert 'class="invalid-feedback d-block"' in response.content.decode()
    assert not Graduate.objects.filter(student_no="2026000100").exists()


def test_a_duplicate_student_number_is_refused_inline(dept_client, graduate, major):
    response = dept_client.post(
        reverse("records:graduate_create"), graduate_post(major, student_no=graduate.student_no)
    )
    assert "student_no" in form_errors(response)


def test_a_department_user_cannot_name_another_departments_major(dept_client, major, other_major):
    response = dept_client.post(
        reverse("records:graduate_create"),
        graduate_post(major, major=other_major.pk, department=other_major.department.pk),
    )
    errors = form_errors(response)
    assert "major" in errors and "department" in errors
    assert not Graduate.objects.filter(student_no="2026000100").exists()


def test_a_department_user_cannot_move_a_graduate_to_another_department(dept_client, graduate, other_major):
    url = reverse("records:graduate_update", args=[graduate.pk])
    response = dept_client.post(
        url, edit_post(graduate, major=other_major.pk, department=other_major.department.pk)
    )
    assert "major" in form_errors(response)
    graduate.refresh_from_db()
    assert graduate.major_id != other_major.pk


def test_a_major_outside_the_chosen_department_is_refused_by_the_service(centre_client, major, other_major):
    response = centre_client.post(
        reverse("records:graduate_create"), graduate_post(major, major=other_major.pk)
    )
    assert "不属于所选系部" in " ".join(form_errors(response)["major"])


def test_the_major_choices_carry_their_department_for_the_form_script(dept_client, major):
    content = dept_client.get(reverse("records:graduate_create")).content.decode()
    assert f'data-department="{major.department_id}"' in content
    assert "records.js" in content


def test_a_concurrent_edit_is_detected_and_the_users_input_is_kept(centre_client, centre_user, graduate):
    url = reverse("records:graduate_update", args=[graduate.pk])
    stale_version = centre_client.get(url).context["form"]["version"].value()
    services.record_update(graduate, data={"name": "他人修改"}, acting_user=centre_user)
    response = centre_client.post(url, edit_post(graduate, name="我的修改", version=stale_version))
    form = response.context["form"]
    assert "该记录已被他人修改" in " ".join(form.non_field_errors())
    assert 'value="我的修改"' in response.content.decode()
    graduate.refresh_from_db()
    assert graduate.name == "他人修改"


def test_an_edit_with_the_current_version_is_saved(centre_client, graduate):
    url = reverse("records:graduate_update", args=[graduate.pk])
    response = centre_client.post(url, edit_post(graduate, name="新名字"))
    assert response.status_code == 302
    graduate.refresh_from_db()
    assert (graduate.name, graduate.version) == ("新名字", 2)


def test_a_valid_id_number_is_accepted_in_full_width(centre_client, major):
    id_number = identifiers.make_id_number(random.Random(1), datetime.date(2006, 5, 1))
    typed = id_number.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    response = centre_client.post(reverse("records:graduate_create"), graduate_post(major, id_number=typed))
    assert response.status_code == 302
    assert Graduate.objects.get(student_no="2026000100").id_number == id_number


def test_a_user_of_one_department_finds_it_chosen_on_a_new_graduate(dept_client, department):
    form = dept_client.get(reverse("records:graduate_create")).context["form"]
    assert form["department"].value() == department.pk
    assert list(form.fields["department"].queryset) == [department]


def test_the_cached_total_follows_the_filters_and_every_saved_change(centre_client, centre_user, major):
    first = GraduateFactory(major=major, student_no="2024000101", graduation_year=2024)
    second = GraduateFactory(major=major, student_no="2023000102", graduation_year=2023)

    def total(query: str) -> int:
        return centre_client.get(LIST_URL + query).context["paginator"].count

    assert (total("?graduation_year=2024"), total("?graduation_year=2023"), total("")) == (1, 1, 2)
    services.record_update(second, data={"graduation_year": 2024}, acting_user=centre_user)
    assert (total("?graduation_year=2024"), total("?graduation_year=2023")) == (2, 0)
    assert first.pk in [
        g.pk for g in centre_client.get(LIST_URL + "?graduation_year=2024").context["graduates"]
    ]
