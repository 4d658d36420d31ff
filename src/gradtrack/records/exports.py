"""Exports of the employment files: each yields headers then rows for the shared xlsx writer (core.xlsx).

The graduate list has the import template's columns in the template's order (imports.columns), so an exported
list can be corrected and imported again, and imported unchanged it changes nothing. 身份证号 is left out: it is
sensitive and shown on the graduate's own page only (a blank cell never erases on import). Contacts and salaries
are masked for roles that do not need them in bulk (accounts.privacy); such a list is for reading, not importing.
"""

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from gradtrack.accounts.privacy import (
    CONTACT_FIELDS,
    SALARY_FIELDS,
    Disclosure,
    mask_contact,
    mask_salary,
)
from gradtrack.records.models import Employment, Graduate

# The sensitive fields the graduate list carries (no 身份证号), for the access log.
GRADUATE_LIST_SENSITIVE_FIELDS = (*CONTACT_FIELDS, *SALARY_FIELDS)


def graduate_list_headers() -> list[str]:
    return [
        _("学号"),
        _("姓名"),
        _("性别"),
        _("系部"),
        _("专业"),
        _("班级"),
        _("毕业时间"),
        _("手机"),
        _("QQ"),
        _("微信"),
        _("邮箱"),
        _("家长联系方式"),
        _("安置方式"),
        _("毕业去向"),
        _("单位名称"),
        _("统一社会信用代码"),
        _("单位性质"),
        _("工作地点"),
        _("工作岗位"),
        _("职务"),
        _("月薪"),
        _("入职日期"),
    ]


def graduate_list_rows(graduates: QuerySet[Graduate], *, disclosure: Disclosure) -> Iterator[list]:
    """One row per graduate, in the queryset's order, with the current job (if any) — two queries in all."""
    contact = (lambda value: value) if disclosure.contacts_in_lists else mask_contact
    salary = (lambda value: value) if disclosure.salary_in_lists else mask_salary
    graduates = graduates.select_related("department", "major", "destination")
    jobs = {
        job.graduate_id: job
        for job in Employment.objects.filter(
            end_date__isnull=True, graduate__in=graduates.order_by().values("pk")
        ).select_related("employer__nature")
    }
    for graduate in graduates.iterator(chunk_size=2000):
        job = jobs.get(graduate.pk)
        employer = job.employer if job else None
        yield [
            graduate.student_no,
            graduate.name,
            graduate.gender,
            graduate.department.name,
            graduate.major.name,
            graduate.class_name,
            f"{graduate.graduation_year}-{graduate.graduation_month:02d}",
            contact(graduate.mobile),
            contact(graduate.qq),
            contact(graduate.wechat),
            contact(graduate.email),
            contact(graduate.parent_contact),
            graduate.get_placement_mode_display(),
            graduate.destination.name if graduate.destination else "",
            employer.name if employer else "",
            (employer.credit_code or "") if employer else "",
            employer.nature.name if employer and employer.nature else "",
            job.location if job else "",
            job.post if job else "",
            job.title if job else "",
            salary(job.monthly_salary) if job else None,
            job.start_date if job else None,
        ]
