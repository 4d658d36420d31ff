from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gradtrack.core.models import RecordedModel
from gradtrack.records import validators


class Department(models.Model):
    code = models.CharField(_("系部代码"), max_length=20, unique=True)
    name = models.CharField(_("系部名称"), max_length=50, unique=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("系部")
        verbose_name_plural = _("系部")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Major(models.Model):
    """A major the school teaches: an entry of the 中职 catalogue (its 专业类 and 专业大类 follow the entry), or a
    校本专业 (the school's own, no entry) with the 专业大类 the school gives it."""

    code = models.CharField(_("专业代码"), max_length=20, unique=True)
    name = models.CharField(_("专业名称"), max_length=60)
    department = models.ForeignKey(
        Department, verbose_name=_("系部"), on_delete=models.PROTECT, related_name="majors"
    )
    catalogue = models.ForeignKey(
        "core.CatalogueMajor",
        verbose_name=_("目录专业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="school_majors",
        help_text=_("《职业教育专业目录（2021年）》中的专业；不选即为校本专业"),
    )
    category = models.ForeignKey(
        "core.MajorCategory", verbose_name=_("专业大类"), on_delete=models.PROTECT, related_name="majors"
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("专业")
        verbose_name_plural = _("专业")
        ordering = ["department__code", "code"]
        constraints = [
            models.UniqueConstraint(fields=["department", "name"], name="major_unique_name_per_department")
        ]

    def __str__(self):
        return self.name

    @property
    def is_school_own(self) -> bool:
        """校本专业: not in the national catalogue."""
        return self.catalogue_id is None


class Graduate(models.Model):
    class Gender(models.TextChoices):
        MALE = "男", _("男")
        FEMALE = "女", _("女")

    class ArchiveReason(models.TextChoices):
        # Decision (README, "Decisions the policy leaves open"): a graduate archived as entered by mistake or
        # twice is not a graduate of the school and leaves the statistics (records.selectors.
        # counted_in_statistics); one archived for any other reason still graduated and is still counted.
        MISTAKE = "mistake", _("误录（不计入统计）")
        DUPLICATE = "duplicate", _("重复录入（不计入统计）")
        OTHER = "other", _("其他原因（仍计入统计）")

    # Archive reasons whose graduates the statistics leave out.
    NOT_COUNTED_REASONS = (ArchiveReason.MISTAKE, ArchiveReason.DUPLICATE)

    class PlacementMode(models.TextChoices):
        SCHOOL = "school", _("学校统一安置")
        SELF = "self", _("自主就业")
        FURTHER_STUDY = "further_study", _("升学")
        MILITARY = "military", _("参军")
        OTHER = "other", _("其他")

    student_no = models.CharField(_("学号"), max_length=30, unique=True)
    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices, blank=True)
    id_number = models.CharField(
        _("身份证号"), max_length=18, blank=True, validators=[validators.validate_id_number]
    )
    department = models.ForeignKey(
        Department, verbose_name=_("系部"), on_delete=models.PROTECT, related_name="graduates"
    )
    major = models.ForeignKey(
        Major, verbose_name=_("专业"), on_delete=models.PROTECT, related_name="graduates"
    )
    class_name = models.CharField(_("班级"), max_length=50, blank=True)
    graduation_year = models.PositiveSmallIntegerField(
        _("毕业年份（届）"), db_index=True, validators=[MinValueValidator(1990)]
    )
    graduation_month = models.PositiveSmallIntegerField(
        _("毕业月份"), default=6, choices=[(m, f"{m}月") for m in range(1, 13)]
    )
    mobile = models.CharField(_("手机"), max_length=11, blank=True, validators=[validators.validate_mobile])
    qq = models.CharField(_("QQ"), max_length=15, blank=True, validators=[validators.validate_qq])
    wechat = models.CharField(_("微信"), max_length=40, blank=True)
    email = models.EmailField(_("邮箱"), blank=True)
    parent_contact = models.CharField(_("家长联系方式"), max_length=100, blank=True)
    placement_mode = models.CharField(
        _("安置方式"), max_length=20, choices=PlacementMode.choices, default=PlacementMode.SCHOOL
    )
    destination = models.ForeignKey(
        "core.Destination", verbose_name=_("毕业去向"), null=True, blank=True, on_delete=models.PROTECT
    )
    destination_detail = models.ForeignKey(
        "core.DestinationCode",
        verbose_name=_("毕业去向代码（高校口径）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("可选：教育部高校毕业去向代码，如 11 签劳动合同形式就业"),
    )
    notes = models.TextField(_("备注"), blank=True)
    # 归档 (POLICY §1): a graduate with tracking history is archived instead of deleted — hidden from daily
    # lists, every record still readable, restorable. Written only by records.services.graduate_archive/restore.
    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True, db_index=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("归档人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    archive_reason = models.CharField(_("归档原因"), max_length=12, choices=ArchiveReason.choices, blank=True)
    archive_note = models.TextField(_("归档说明"), blank=True)
    # 个人信息删除 (《个人信息保护法》第四十七条): set by records.services.graduate_erase_personal_data.
    personal_data_erased_at = models.DateTimeField(_("个人信息删除时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("毕业生")
        verbose_name_plural = _("毕业生")
        ordering = ["-graduation_year", "student_no"]
        indexes = [
            models.Index(fields=["department", "graduation_year"]),
            models.Index(fields=["mobile"]),
            # The default order of the list and the API (−届, 学号): a page reads its rows off the index instead
            # of sorting a whole cohort.
            models.Index(fields=["-graduation_year", "student_no"], name="graduate_default_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(graduation_month__gte=1, graduation_month__lte=12), name="graduate_month_valid"
            ),
            models.CheckConstraint(
                condition=Q(archived_at__isnull=True) | ~Q(archive_reason=""),
                name="graduate_archive_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.student_no}）"

    @property
    def cohort_label(self) -> str:
        return f"{self.graduation_year}届"

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def personal_data_erased(self) -> bool:
        return self.personal_data_erased_at is not None


class Employer(models.Model):
    name = models.CharField(_("单位名称"), max_length=100)
    normalized_name = models.CharField(max_length=100, db_index=True, editable=False)
    credit_code = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        null=True,
        blank=True,
        unique=True,
        validators=[validators.validate_credit_code],
    )
    nature = models.ForeignKey(
        "core.EmployerNature", verbose_name=_("单位性质"), null=True, blank=True, on_delete=models.PROTECT
    )
    industry = models.ForeignKey(
        "core.Industry", verbose_name=_("行业"), null=True, blank=True, on_delete=models.PROTECT
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    region = models.CharField(_("所在地区"), max_length=60, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    email = models.EmailField(_("邮箱"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("用人单位")
        verbose_name_plural = _("用人单位")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Employment(models.Model):
    """One job in a graduate's employment file (个人就业档案, POLICY §1, §10)."""

    class EndReason(models.TextChoices):
        EXPELLED = "expelled", _("开除")
        BROKEN_PROMISE = "broken_promise", _("不履行招聘承诺")
        LAYOFF = "layoff", _("裁员")
        PRODUCTION_HALT = "production_halt", _("停产")
        CLOSURE = "closure", _("倒闭")
        UNPAID_WAGES = "unpaid_wages", _("拖欠工资")
        LABOUR_LAW = "labour_law", _("违反劳动法")
        OTHER_EMPLOYER = "other_employer", _("其他企业原因")
        PERSONAL = "personal", _("个人原因")
        FAMILY = "family", _("家庭原因")
        CONTRACT_END = "contract_end", _("合同期满")
        OTHER = "other", _("其他")

    class Channel(models.TextChoices):
        SCHOOL = "school", _("学校推荐")
        AGENCY = "agency", _("中介介绍")
        OTHER = "other", _("其他渠道")

    class Locality(models.TextChoices):
        LOCAL = "local", _("本地")
        ELSEWHERE = "elsewhere", _("异地")
        ABROAD = "abroad", _("境外")

    class AreaType(models.TextChoices):
        URBAN = "urban", _("城区")
        TOWN = "town", _("镇区")
        RURAL = "rural", _("乡村")

    class ContractTerm(models.TextChoices):
        NONE = "none", _("未签合同")
        UP_TO_1 = "le1", _("1年及以内")
        ONE_TO_2 = "1to2", _("1～2年")
        TWO_TO_3 = "2to3", _("2～3年")
        OVER_3 = "gt3", _("3年以上")

    graduate = models.ForeignKey(
        Graduate, verbose_name=_("毕业生"), on_delete=models.CASCADE, related_name="jobs"
    )
    employer = models.ForeignKey(
        Employer, verbose_name=_("企业名称"), on_delete=models.PROTECT, related_name="jobs"
    )
    location = models.CharField(_("工作地点"), max_length=100, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    post = models.CharField(_("工作岗位"), max_length=60, blank=True)
    title = models.CharField(_("职务"), max_length=60, blank=True)
    # POLICY §1: the 起薪 entered with the job stays; each later raise or cut is a SalaryChange, and
    # monthly_salary is the salary now (the latest change's, else the 起薪).
    starting_salary = models.DecimalField(
        _("起薪（元）"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("入职时的月薪；留空则取当前月薪"),
    )
    monthly_salary = models.DecimalField(
        _("当前月薪（元）"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("修改当前月薪即记录一次调薪（日期为今天）；起薪保持不变"),
    )
    start_date = models.DateField(_("入职日期"))
    probation_end = models.DateField(_("试用期截止日期"), null=True, blank=True)
    end_date = models.DateField(_("离职日期"), null=True, blank=True)
    end_reason = models.CharField(_("离职原因"), max_length=20, choices=EndReason.choices, blank=True)
    school_arranged = models.BooleanField(_("学校安置"), default=False)
    channel = models.CharField(_("就业渠道"), max_length=10, choices=Channel.choices, blank=True)
    matches_major = models.BooleanField(_("专业对口"), null=True, blank=True)
    locality = models.CharField(_("就业地域"), max_length=10, choices=Locality.choices, blank=True)
    area_type = models.CharField(_("城乡类别"), max_length=10, choices=AreaType.choices, blank=True)
    contract_term = models.CharField(
        _("劳动合同期限"), max_length=10, choices=ContractTerm.choices, blank=True
    )
    social_insurance = models.BooleanField(_("社会保险"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("就业记录")
        verbose_name_plural = _("就业记录")
        ordering = ["-start_date", "-pk"]
        indexes = [
            # An employer's page: its jobs, current first, then by start (make bench: the busiest employer's
            # 10,000 jobs were sorted for each page), and the count of its current jobs.
            models.Index(
                F("employer"),
                F("end_date").desc(),  # PostgreSQL puts NULLs first in DESC, as the page orders them
                F("start_date").desc(),
                F("id").desc(),
                name="employment_employer_page",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["graduate"], condition=Q(end_date__isnull=True), name="employment_one_current_job"
            ),
            models.CheckConstraint(
                condition=Q(monthly_salary__isnull=True) | Q(monthly_salary__gte=0),
                name="employment_salary_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(starting_salary__isnull=True) | Q(starting_salary__gte=0),
                name="employment_starting_salary_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="employment_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(probation_end__isnull=True) | Q(probation_end__gte=F("start_date")),
                name="employment_probation_not_before_start",
            ),
        ]

    def __str__(self):
        return f"{self.graduate.name} @ {self.employer.name}"

    @property
    def is_current(self) -> bool:
        return self.end_date is None


class SalaryChange(RecordedModel):
    """A dated raise or cut of a job's salary (调薪, POLICY §1): from a confirmed change report, a staff edit
    or an import. The job's 起薪 is never overwritten; its monthly_salary follows the latest change."""

    employment = models.ForeignKey(
        Employment, verbose_name=_("就业记录"), on_delete=models.CASCADE, related_name="salary_changes"
    )
    effective_on = models.DateField(_("调薪日期"))
    previous_salary = models.DecimalField(
        _("调整前月薪（元）"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    monthly_salary = models.DecimalField(
        _("调整后月薪（元）"), max_digits=9, decimal_places=2, validators=[MinValueValidator(0)]
    )
    source = models.CharField(_("来源"), max_length=40, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("调薪记录")
        verbose_name_plural = _("调薪记录")
        ordering = ["effective_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(monthly_salary__gte=0), name="salary_change_not_negative"),
        ]

    def __str__(self):
        return f"{self.employment} {self.effective_on} {self.monthly_salary}"

    @property
    def is_raise(self) -> bool:
        return self.previous_salary is not None and self.monthly_salary > self.previous_salary
