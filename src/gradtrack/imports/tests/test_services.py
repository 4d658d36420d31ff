"""The plan and its application: what a roster creates, updates and refuses."""

import datetime
import random
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone

from gradtrack.core import reference
from gradtrack.core.models import HistoryEntry, MajorCategory
from gradtrack.imports import services
from gradtrack.records import identifiers
from gradtrack.records import services as record_services
from gradtrack.records.models import Department, Employer, Employment, Graduate, Major
from gradtrack.testing.factories import EmployerFactory, EmploymentFactory
from gradtrack.testing.workbooks import HEADERS, person, read
from gradtrack.tracking.models import TrackingService

CREDIT_CODE = identifiers.make_credit_code(random.Random(7))
ID_NUMBER = identifiers.make_id_number(random.Random(3), datetime.date(2005, 3, 1))


def plan_for(rows, **options):
    roster_options = {k: options.pop(k) for k in ("above", "below", "headers", "file_name") if k in options}
    return services.graduate_import_plan(read(rows, **roster_options), **options)


def imported(rows, user=None, **options):
    plan = plan_for(rows, **options)
    assert plan.problems == []
    services.graduate_import_apply(plan, acting_user=user)
    return plan


def problem_cells(plan) -> set[tuple[int, str]]:
    return {(p.row, p.column) for p in plan.problems}


def test_a_roster_with_errors_lists_each_bad_cell_and_cannot_be_applied(major, other_major, graduate):
    rows = [
        person("2024100001", 手机="12345"),
        person("2024100002", 毕业时间="明年"),
        person("2024100003", 身份证号="110105194912310021"),
        person("2024100004", 单位名称="攀枝花钢铁公司", 入职日期="2024-07-01", 月薪=-100),
        person("2024100005", 姓名=None),
        person("2024100006", 专业="计算机应用"),
        person("2024100001", 姓名="另一个人"),
        person("2024100007", 邮箱="not-an-email"),
        person("2024100008", 单位名称="某公司", 统一社会信用代码="91510400MA12345678", 入职日期="2024-07-01"),
        person("2024100009", 性别="未知", 入职日期="2024-07-01"),
    ]
    plan = plan_for(rows)
    assert problem_cells(plan) == {
        (2, "手机"),
        (3, "毕业时间"),
        (4, "身份证号"),
        (5, "月薪"),
        (6, "姓名"),
        (7, "专业"),
        (8, "学号"),
        (9, "邮箱"),
        (10, "统一社会信用代码"),
        (11, "性别"),
        (11, "单位名称"),
    }
    messages = {(p.row, p.column): p.message for p in plan.problems}
    assert "11 位" in messages[(2, "手机")]
    assert "无法识别的日期“明年”" in messages[(3, "毕业时间")]
    assert "校验位" in messages[(4, "身份证号")]
    assert messages[(5, "月薪")] == "月薪不能为负数"
    assert messages[(6, "姓名")] == "必填项为空"
    assert "属于“信息技术系”，不属于“机电系”" in messages[(7, "专业")]
    assert "第 2 行已出现" in messages[(8, "学号")]
    assert "校验位" in messages[(10, "统一社会信用代码")]
    with pytest.raises(ValueError):
        services.graduate_import_apply(plan, acting_user=None)
    assert Graduate.objects.count() == 1
    assert not HistoryEntry.objects.exists()


def test_the_corrected_roster_creates_and_updates_the_right_graduates(major, graduate, centre_user):
    rows = [
        person("2024000001", 姓名="李明", 手机="139 1234 5678", 班级="2021级数控1班"),
        person(
            "2024100001",
            身份证号=ID_NUMBER,
            单位名称="攀枝花钢城机械有限公司",
            统一社会信用代码=CREDIT_CODE,
            单位性质="私营企业",
            工作岗位="数控车工",
            月薪="4,500元",
            入职日期="2024/07/01",
            毕业去向="11",
        ),
    ]
    plan = plan_for(rows)
    assert plan.counts == {
        "departments_created": 0,
        "majors_created": 0,
        "employers_created": 1,
        "employers_updated": 0,
        "graduates_created": 1,
        "graduates_updated": 1,
        "jobs_created": 1,
        "jobs_updated": 0,
        "jobs_ended": 0,
    }
    [update] = plan.updated()
    assert update.label == "李明（2024000001）"
    assert ("手机", graduate.mobile, "13912345678") in update.fields
    assert ("班级", "", "2021级数控1班") in update.fields

    services.graduate_import_apply(plan, acting_user=centre_user)

    graduate.refresh_from_db()
    assert (graduate.mobile, graduate.class_name, graduate.version) == ("13912345678", "2021级数控1班", 2)
    newcomer = Graduate.objects.get(student_no="2024100001")
    assert (newcomer.department, newcomer.major, newcomer.graduation_year, newcomer.graduation_month) == (
        major.department,
        major,
        2024,
        6,
    )
    assert (newcomer.destination.code, newcomer.destination_detail.code) == ("ZZ-E1", "11")
    job = newcomer.jobs.get()
    assert job.employer.credit_code == CREDIT_CODE
    assert job.employer.nature.code == "39"
    assert (job.monthly_salary, job.start_date, job.end_date) == (
        Decimal("4500.00"),
        datetime.date(2024, 7, 1),
        None,
    )
    assert job.probation_end == datetime.date(2024, 9, 30)
    assert job.school_arranged
    # The school-arranged job opened the newcomer's tracking service, with the service's own history.
    assert TrackingService.objects.get(graduate=newcomer).start_date == job.start_date
    assert HistoryEntry.objects.filter(model="tracking.trackingservice", action="create").count() == 1
    entries = HistoryEntry.objects.filter(model__startswith="records.")
    assert {(e.model, e.action) for e in entries} == {
        ("records.graduate", "update"),
        ("records.graduate", "create"),
        ("records.employer", "create"),
        ("records.employment", "create"),
    }
    assert {e.source for e in entries} == {"Excel 导入: 名单.xlsx"}
    assert {e.actor for e in entries} == {centre_user}
    update_entry = entries.get(model="records.graduate", action="update")
    assert update_entry.changes["mobile"][1] == "13912345678"


def test_importing_the_same_file_again_changes_nothing(major, graduate, centre_user):
    rows = [
        person("2024000001", 姓名="李明", 班级="2021级数控1班"),
        person("2024100001", 单位名称="攀枝花钢城机械有限公司", 入职日期="2024-07-01", 月薪=4500),
        person(
            "2024100002", 单位名称="攀枝花钢城机械有限公司", 统一社会信用代码=CREDIT_CODE, 入职日期="2024-07"
        ),
    ]
    imported(rows, centre_user)
    history_rows = HistoryEntry.objects.count()

    again = plan_for(rows)
    assert again.problems == []
    assert again.is_empty
    assert again.created() == [] and again.updated() == []
    assert again.unchanged_rows == 3
    services.graduate_import_apply(again, acting_user=centre_user)
    assert HistoryEntry.objects.count() == history_rows
    assert Employer.objects.count() == 1


def test_a_roster_under_a_title_row_with_a_signature_footer_imports(major):
    plan = imported(
        [person("2024100001"), person("2024100002", 姓名="钱多多")],
        above=[["2024届毕业生就业名单"], []],
        below=[[], ["制表人：王老师", None, None, "审核：", None, "日期：2024年9月1日"]],
    )
    assert plan.counts["graduates_created"] == 2
    assert plan.skipped_rows == [7]
    assert set(Graduate.objects.values_list("name", flat=True)) == {"赵小龙", "钱多多"}


def test_header_variants_import_like_the_template(major):
    headers = [
        "序号",
        "学号",
        "学生姓名",
        "院系",
        "专业名称",
        "毕业年月",
        "联系电话",
        "就业单位",
        "入职时间",
        "月薪（元）",
    ]
    row = {
        "序号": 1,
        "学号": "2024100001",
        "学生姓名": "赵小龙",
        "院系": "机电系",
        "专业名称": "数控技术应用",
        "毕业年月": "2024.6",
        "联系电话": "138-0000-1111",
        "就业单位": "攀枝花钢城机械有限公司",
        "入职时间": "2024年7月1日",
        "月薪（元）": "5000",
    }
    plan = imported([row], headers=headers)
    assert plan.ignored_headers == ["序号"]
    job = Employment.objects.get()
    assert (job.graduate.mobile, job.employer.name, job.start_date, job.monthly_salary) == (
        "13800001111",
        "攀枝花钢城机械有限公司",
        datetime.date(2024, 7, 1),
        Decimal("5000.00"),
    )


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (datetime.datetime(2024, 7, 15), datetime.date(2024, 7, 15)),
        (datetime.date(2024, 7, 15), datetime.date(2024, 7, 15)),
        ("2024-07-15", datetime.date(2024, 7, 15)),
        ("2024/07/15", datetime.date(2024, 7, 15)),
        ("2024年7月15日", datetime.date(2024, 7, 15)),
        ("2024-07", datetime.date(2024, 7, 1)),
        ("2024.7", datetime.date(2024, 7, 1)),
        ("2024年7月", datetime.date(2024, 7, 1)),
    ],
)
def test_every_date_format_reaches_the_employment_file(major, start, expected):
    imported([person(单位名称="攀枝花钢城机械有限公司", 入职日期=start)])
    assert Employment.objects.get().start_date == expected


@pytest.mark.parametrize(
    ("written", "year", "month"),
    [
        ("2023-06", 2023, 6),
        ("2023.7", 2023, 7),
        ("2023/06/30", 2023, 6),
        ("2023年6月", 2023, 6),
        (datetime.datetime(2023, 1, 10), 2023, 1),
        ("2023届", 2023, 6),
    ],
)
def test_graduation_time_sets_year_and_month(major, written, year, month):
    imported([person(毕业时间=written)])
    graduate = Graduate.objects.get()
    assert (graduate.graduation_year, graduate.graduation_month) == (year, month)


def test_full_width_digits_are_read_as_digits(major):
    imported(
        [
            person(
                "２０２４１０００９９",
                手机="１３８００００１１１１",
                班级="２１级数控１班",
                毕业时间="２０２４年６月",
                单位名称="攀枝花钢城机械有限公司",
                入职日期="２０２４－０７－０１",
                月薪="４５００",
            )
        ]
    )
    graduate = Graduate.objects.get()
    assert (graduate.student_no, graduate.mobile, graduate.class_name) == (
        "2024100099",
        "13800001111",
        "21级数控1班",
    )
    assert graduate.jobs.get().monthly_salary == Decimal("4500.00")


@pytest.mark.parametrize(
    "written",
    [
        "13800001111",
        "138 0000 1111",
        "138-0000-1111",
        "+86 138 0000 1111",
        "+86-13800001111",
        "(+86)13800001111",
        "0086 13800001111",
        "8613800001111",
        13800001111,
        13800001111.0,
    ],
)
def test_phone_numbers_are_normalised_to_eleven_digits(major, written):
    imported([person(手机=written)])
    assert Graduate.objects.get().mobile == "13800001111"


def test_the_same_student_number_twice_with_the_same_data_is_imported_once(major):
    plan = imported([person("2024100001"), person("2024100001")])
    assert plan.duplicate_rows == [3]
    assert Graduate.objects.count() == 1


def test_the_same_student_number_twice_with_different_data_is_an_error(major):
    plan = plan_for([person("2024100001"), person("2024100001", 手机="13900002222")])
    assert [(p.row, p.column) for p in plan.problems] == [(3, "学号")]
    assert "学号“2024100001”在第 2 行已出现，且两行内容不同" in plan.problems[0].message


def test_an_unknown_department_is_an_error_without_create_missing(major):
    plan = plan_for([person(系部="汽车工程系", 专业="汽车运用与维修")])
    assert [(p.row, p.column) for p in plan.problems] == [(2, "系部")]
    assert "系部“汽车工程系”不存在" in plan.problems[0].message


def test_an_unknown_department_and_its_majors_are_created_with_create_missing(major, centre_user):
    category = MajorCategory.objects.get(code="70")
    plan = plan_for(
        [
            person("2024100001", 系部="汽车工程系", 专业="汽车运用与维修"),
            person("2024100002", 系部="汽车工程系", 专业="汽车运用与维修"),
        ],
        create_missing=True,
        major_category=category,
    )
    assert plan.counts["departments_created"] == 1 and plan.counts["majors_created"] == 1
    services.graduate_import_apply(plan, acting_user=centre_user)
    department = Department.objects.get(name="汽车工程系")
    new_major = Major.objects.get(name="汽车运用与维修")
    # a catalogue major: its code and 大类 come from the catalogue, not from the category chosen for 校本专业
    assert (
        department.code,
        new_major.code,
        new_major.catalogue.code,
        new_major.department,
        new_major.category,
    ) == (
        "XB01",
        "700206",
        "700206",
        department,
        category,
    )
    assert set(Graduate.objects.filter(department=department).values_list("student_no", flat=True)) == {
        "2024100001",
        "2024100002",
    }
    assert HistoryEntry.objects.filter(model="records.department", action="create").count() == 1


def test_a_new_major_of_a_new_department_takes_its_category_from_the_catalogue(major):
    plan = plan_for([person(系部="汽车工程系", 专业="汽车运用与维修")], create_missing=True)
    assert plan.problems == []
    new_major = plan.creates[Major][0].instance
    entry = next(r for r in reference.rows(reference.MAJORS) if r["name"] == "汽车运用与维修")
    assert (new_major.code, new_major.category.code) == (entry["code"], entry["category_code"])


def test_a_new_major_the_catalogue_does_not_know_is_one_problem_until_chosen(major):
    rows = [person("2024100001", 专业="数控技术"), person("2024100002", 专业="数控技术")]
    plan = plan_for(rows, create_missing=True)
    assert [(p.row, p.column) for p in plan.problems] == [(2, "专业")]
    assert [(u.name, u.rows) for u in plan.unmatched_majors.values()] == [("数控技术", [2, 3])]
    assert plan.unmatched_majors["数控技术"].closest[0].code == "660103"
    plan = plan_for(rows, create_missing=True, major_choices={"数控技术": "660103"})
    assert plan.problems == []


def test_a_school_own_major_in_a_known_department_takes_the_departments_category(major):
    imported(
        [person(专业="钒钛冶炼技术")],
        create_missing=True,
        major_choices={"钒钛冶炼技术": services.SCHOOL_OWN},
    )
    new_major = Major.objects.get(name="钒钛冶炼技术")
    assert (new_major.category, new_major.is_school_own) == (major.category, True)


@pytest.mark.parametrize(
    ("written", "catalogue_name"),
    [
        ("机电技术应用", "机电技术应用"),
        (" 机电技术应用专业 ", "机电技术应用"),
        ("计算机　应用", "计算机应用"),  # a full-width space
        ("ＵＩ设计", None),  # not in the catalogue
    ],
)
def test_a_new_major_is_matched_to_the_catalogue_by_its_normalised_name(major, written, catalogue_name):
    plan = plan_for([person(系部="信息技术系", 专业=written)], create_missing=True)
    if catalogue_name is None:
        assert list(plan.unmatched_majors) and plan.has_problems
        return
    new_major = plan.creates[Major][0].instance
    entry = next(r for r in reference.rows(reference.MAJORS) if r["name"] == catalogue_name)
    assert (new_major.name, new_major.catalogue.code) == (catalogue_name, entry["code"])


def test_a_roster_name_of_an_existing_catalogue_major_finds_it(major):
    from gradtrack.core.models import CatalogueMajor

    entry = CatalogueMajor.objects.get(code="660301")
    existing = Major.objects.create(
        code="JD01",
        name="机电技术应用（订单班）",
        department=major.department,
        catalogue=entry,
        category=major.category,
    )
    plan = plan_for([person(专业="机电技术应用")], create_missing=True)
    assert plan.counts["majors_created"] == 0
    assert plan.creates[Graduate][0].instance.major == existing


def test_a_major_of_another_department_is_an_error_even_with_create_missing(major, other_major):
    plan = plan_for([person(专业="计算机应用")], create_missing=True)
    assert [(p.row, p.column) for p in plan.problems] == [(2, "专业")]


def test_a_row_naming_the_current_employer_updates_that_job(graduate, centre_user):
    job = EmploymentFactory(graduate=graduate, monthly_salary=4200, post="操作工")
    plan = imported(
        [person("2024000001", 姓名=graduate.name, 单位名称=job.employer.name, 月薪=5000, 职务="班组长")],
        centre_user,
    )
    assert plan.counts["jobs_updated"] == 1 and plan.counts["jobs_created"] == 0
    job.refresh_from_db()
    assert (job.monthly_salary, job.title, job.post, job.end_date) == (
        Decimal("5000.00"),
        "班组长",
        "操作工",
        None,
    )
    entry = HistoryEntry.objects.get(model="records.employment", action="update")
    assert entry.changes == {"monthly_salary": ["4200.00", "5000.00"], "title": ["", "班组长"]}


def test_a_new_employer_ends_an_earlier_current_job_the_day_before(graduate, centre_user):
    old_job = EmploymentFactory(graduate=graduate, start_date=datetime.date(2024, 7, 1))
    plan = imported(
        [person("2024000001", 姓名=graduate.name, 单位名称="攀枝花新岗位有限公司", 入职日期="2025-03-01")],
        centre_user,
    )
    assert (plan.counts["jobs_ended"], plan.counts["jobs_created"]) == (1, 1)
    old_job.refresh_from_db()
    assert old_job.end_date == datetime.date(2025, 2, 28)
    current = graduate.jobs.get(end_date__isnull=True)
    assert (current.employer.name, current.start_date, current.school_arranged) == (
        "攀枝花新岗位有限公司",
        datetime.date(2025, 3, 1),
        False,
    )
    assert HistoryEntry.objects.get(model="records.employment", action="update").changes == {
        "end_date": ["", "2025-02-28"]
    }


def test_a_new_job_starting_before_the_current_one_is_an_error(graduate):
    EmploymentFactory(graduate=graduate, start_date=datetime.date(2025, 3, 1), probation_end=None)
    plan = plan_for([person("2024000001", 姓名=graduate.name, 单位名称="别的公司", 入职日期="2025-03-01")])
    assert [(p.row, p.column) for p in plan.problems] == [(2, "入职日期")]
    assert "须晚于该日期" in plan.problems[0].message


def test_a_new_job_needs_a_start_date(major):
    plan = plan_for([person(单位名称="攀枝花钢城机械有限公司")])
    assert [(p.row, p.column) for p in plan.problems] == [(2, "入职日期")]


def test_job_details_without_an_employer_are_an_error(major):
    plan = plan_for([person(工作岗位="车工", 月薪=4000)])
    assert [(p.row, p.column) for p in plan.problems] == [(2, "单位名称")]


def test_employers_match_by_credit_code_then_by_normalised_name(major):
    by_code = EmployerFactory(name="攀枝花钢城集团有限公司", credit_code=CREDIT_CODE)
    by_name = EmployerFactory(
        name="四川（攀枝花）精工有限公司", credit_code=None, normalized_name="四川（攀枝花）精工有限公司"
    )
    EmployerFactory(
        name="四川（攀枝花）精工有限公司", normalized_name="四川（攀枝花）精工有限公司"
    )  # has a code
    imported(
        [
            person(
                "2024100001", 单位名称="钢城集团（简称）", 统一社会信用代码=CREDIT_CODE, 入职日期="2024-07-01"
            ),
            person(
                "2024100002", 单位名称="四川(攀枝花) 精工有限公司", 入职日期="2024-07-01", 单位性质="事业单位"
            ),
        ]
    )
    assert Employment.objects.get(graduate__student_no="2024100001").employer == by_code
    assert Employment.objects.get(graduate__student_no="2024100002").employer == by_name
    by_name.refresh_from_db()
    assert by_name.nature.code == "29"  # an empty 单位性质 is filled in
    assert Employer.objects.count() == 3


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("股份公司", "39"),
        ("私营企业", "39"),
        ("事业单位", "29"),
        ("31", "31"),
        ("国有企业", "31"),
        ("机关", "10"),
    ],
)
def test_employer_nature_is_read_by_name_or_code(major, written, code):
    imported([person(单位名称="攀枝花钢城机械有限公司", 入职日期="2024-07-01", 单位性质=written)])
    assert Employer.objects.get().nature.code == code


@pytest.mark.parametrize(
    ("written", "group", "detail"),
    [
        ("11", "ZZ-E1", "11"),
        ("签劳动合同形式就业", "ZZ-E1", "11"),
        ("到国家机关、企事业单位就业", "ZZ-E1", None),
        ("ZZ-E2", "ZZ-E2", None),
        ("合法从事个体经营", "ZZ-E2", None),
        ("自主创业", "ZZ-E2", "75"),
        ("76", "ZZ-E3", "76"),
        ("升学", "ZZ-S", "80"),
        ("升入各类高一级学校", "ZZ-S", None),
        ("参军", "ZZ-M", None),
        ("应征义务兵", "ZZ-M", "46"),
        ("待就业", "ZZ-U", "70"),
    ],
)
def test_destination_is_read_as_a_group_or_a_detail_code_counted_in_its_proposed_group(
    major, written, group, detail
):
    imported([person(毕业去向=written)])
    graduate = Graduate.objects.get()
    assert (graduate.destination.code, getattr(graduate.destination_detail, "code", None)) == (group, detail)
    if detail:  # the group is the crosswalk's (destinations.csv), not one typed here
        proposed = [
            row["code"]
            for row in reference.rows(reference.DESTINATIONS)
            if row["scheme"] == "zhongzhi" and detail in reference.codes(row["crosswalk_to_hei_code"])
        ]
        assert group == proposed[0]


def test_naming_the_group_alone_keeps_the_detail_of_that_group(major):
    imported([person(毕业去向="11")])
    imported([person(毕业去向="到国家机关、企事业单位就业")])
    assert Graduate.objects.get().destination_detail.code == "11"
    imported([person(毕业去向="升入各类高一级学校")])
    assert Graduate.objects.get().destination_detail is None


@pytest.mark.parametrize(
    ("written", "mode"),
    [
        ("学校统一安置", "school"),
        ("自主就业", "self"),
        ("升学", "further_study"),
        ("参军", "military"),
        ("其他", "other"),
    ],
)
def test_placement_mode_is_read_by_its_label(major, written, mode):
    imported([person(安置方式=written)])
    assert Graduate.objects.get().placement_mode == mode


def test_blank_cells_leave_existing_values_alone(graduate):
    graduate.class_name = "2021级数控1班"
    graduate.save()
    plan = plan_for([person("2024000001", 姓名=graduate.name, 手机=graduate.mobile, 班级=None)])
    assert plan.is_empty


@pytest.mark.parametrize(
    "column, masked",
    [("手机", "138****5678"), ("家长联系方式", "父亲 李* 139****0000"), ("身份证号", "510402********123X")],
)
def test_a_masked_value_from_a_masked_export_is_refused_and_the_file_keeps_its_value(
    graduate, column, masked
):
    mobile, parent = graduate.mobile, graduate.parent_contact
    rows = [person("2024000001", 姓名=graduate.name, **{column: masked})]
    plan = plan_for(rows, headers=[*HEADERS, "家长联系方式"])
    assert [p.column for p in plan.problems] == [column]
    assert "遮挡" in plan.problems[0].message
    graduate.refresh_from_db()
    assert (graduate.mobile, graduate.parent_contact) == (mobile, parent)


def test_the_history_source_is_cut_to_fit_the_column(major):
    imported([person()], file_name="某某职业技术学校二〇二四届毕业生就业情况统计表（最终版）.xlsx")
    assert len(HistoryEntry.objects.get().source) <= 40


def test_the_fingerprint_changes_when_the_database_changes_after_the_preview(graduate):
    rows = [person("2024000001", 姓名=graduate.name, 手机="13912345678")]
    before = plan_for(rows).fingerprint()
    assert plan_for(rows).fingerprint() == before
    graduate.mobile = "13700000000"
    graduate.save()
    assert plan_for(rows).fingerprint() != before


def test_a_record_saved_by_someone_else_after_planning_stops_the_whole_import(graduate, major, centre_user):
    plan = plan_for([person("2024000001", 姓名=graduate.name, 手机="13912345678"), person("2024100001")])
    record_services.record_update(graduate, data={"class_name": "数控2班"}, acting_user=centre_user)
    with pytest.raises(record_services.ConcurrentEditError):
        services.graduate_import_apply(plan, acting_user=centre_user)
    graduate.refresh_from_db()
    assert (graduate.class_name, graduate.mobile != "13912345678") == ("数控2班", True)
    assert not Graduate.objects.filter(student_no="2024100001").exists()
    assert not HistoryEntry.objects.filter(source__startswith="Excel").exists()


def test_a_write_failing_after_the_services_opened_leaves_no_record_and_no_service(major, monkeypatch):
    start = (timezone.localdate() - relativedelta(months=2)).isoformat()
    rows = [
        person(f"20241000{n:02d}", 姓名=f"学生{n}", 单位名称="攀枝花钢城机械有限公司", 入职日期=start)
        for n in range(1, 4)
    ]
    plan = plan_for(rows)
    assert plan.problems == []
    open_when_it_failed = []

    def refuse_the_last_rows_job(saved_jobs, acting_user):
        if any(saved.job.graduate.student_no == "2024100003" for saved in saved_jobs):
            open_when_it_failed.extend(TrackingService.objects.values_list("graduate__student_no", flat=True))
            raise ValidationError("refused")

    # After tracking's receiver, which has opened the services by then.
    receivers = [*record_services.jobs_saved_receivers, refuse_the_last_rows_job]
    monkeypatch.setattr(record_services, "jobs_saved_receivers", receivers)
    with pytest.raises(ValidationError):
        services.graduate_import_apply(plan, acting_user=None)
    assert sorted(open_when_it_failed) == ["2024100001", "2024100002", "2024100003"]  # opened in the import
    assert not TrackingService.objects.exists()
    assert not Graduate.objects.exists() and not Employment.objects.exists()
    assert not HistoryEntry.objects.exists()


def test_updates_raise_the_version_like_the_services_do(graduate):
    EmploymentFactory(graduate=graduate, start_date=datetime.date(2024, 7, 1))
    imported([person("2024000001", 姓名="李明明", 单位名称="攀枝花新岗位有限公司", 入职日期="2025-03-01")])
    graduate.refresh_from_db()
    ended = graduate.jobs.get(end_date__isnull=False)
    assert (graduate.name, graduate.version, ended.version) == ("李明明", 2, 2)


def test_many_graduates_changing_the_same_columns_are_all_updated(major, centre_user):
    imported([person(f"20241000{n:02d}", 手机=f"138000000{n:02d}") for n in range(5)])
    imported([person(f"20241000{n:02d}", 手机=f"139000000{n:02d}") for n in range(5)], centre_user)
    assert sorted(Graduate.objects.values_list("mobile", flat=True)) == [
        f"139000000{n:02d}" for n in range(5)
    ]
    assert HistoryEntry.objects.filter(action="update", actor=centre_user).count() == 5
