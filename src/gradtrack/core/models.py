import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class SchoolProfile(models.Model):
    """The school as it appears on letters, forms and reports (one row)."""

    name = models.CharField(_("学校名称"), max_length=100)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    phone = models.CharField(_("电话"), max_length=50, blank=True)
    fax = models.CharField(_("传真"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    office = models.CharField(_("负责部门"), max_length=100, default="学生就业指导中心")

    class Meta:
        verbose_name = _("学校信息")
        verbose_name_plural = _("学校信息")

    def __str__(self):
        return self.name

    @classmethod
    def current(cls) -> "SchoolProfile":
        profile = cls.objects.order_by("pk").first()
        return profile or cls(name="（未设置学校名称）")


def validate_month_day(value: str) -> None:
    """A yearly date as MM-DD (a date of a common year, so 02-29 is refused)."""
    try:
        if len(value) != 5:
            raise ValueError(value)
        datetime.datetime.strptime(f"2001-{value}", "%Y-%m-%d")
    except (TypeError, ValueError):
        raise ValidationError(_("请按“月-日”填写，例如 04-30")) from None


def band_bounds(value: str) -> list[int]:
    """ "1000,2000,3000" as [1000, 2000, 3000]; ValueError unless whole numbers, rising, at least one."""
    text = (value or "").replace("，", ",").replace("、", ",")
    bounds = [int(part) for part in text.split(",") if part.strip()]
    if not bounds or any(b <= 0 for b in bounds) or bounds != sorted(set(bounds)):
        raise ValueError(value)
    return bounds


def validate_band_bounds(value: str) -> None:
    try:
        band_bounds(value)
    except (TypeError, ValueError):
        raise ValidationError(_("请填写由小到大、用逗号分隔的正整数，例如 1000,2000,3000")) from None


# The contract terms a job records (records.Employment.ContractTerm) end at these years, so bands can only join them.
CONTRACT_TERM_BOUNDS = (1, 2, 3)


def validate_contract_term_bounds(value: str) -> None:
    validate_band_bounds(value)
    if not set(band_bounds(value)) <= set(CONTRACT_TERM_BOUNDS):
        raise ValidationError(_("分段上限只能从 1、2、3 年中选（就业记录按这些期限登记）"))


class PolicySettings(models.Model):
    """Every number of the policy, editable by an administrator (POLICY.md: settings with defaults)."""

    service_years = models.PositiveSmallIntegerField(_("跟踪服务期（年）"), default=3)
    follow_up_months = models.PositiveSmallIntegerField(_("回访周期（月）"), default=3)
    report_window_days = models.PositiveSmallIntegerField(_("变动通报期限（天）"), default=30)
    probation_months = models.PositiveSmallIntegerField(_("默认试用期（月）"), default=3)
    replacement_wait_months = models.PositiveSmallIntegerField(_("试用期内辞职再安置等待期（月）"), default=3)
    survey_past_cohorts_percent = models.PositiveSmallIntegerField(_("往届用人单位调查比例（%）"), default=10)
    survey_current_cohort_percent = models.PositiveSmallIntegerField(
        _("应届用人单位调查比例（%）"), default=50
    )
    site_visit_percent = models.PositiveSmallIntegerField(_("实地走访比例（%）"), default=5)
    portal_invitation_days = models.PositiveSmallIntegerField(
        _("毕业生平台邀请链接有效期（天）"), default=14, validators=[MinValueValidator(1)]
    )
    service_ending_notice_days = models.PositiveSmallIntegerField(
        _("工作台提示即将到期服务的天数"), default=30, validators=[MinValueValidator(1)]
    )
    local_minimum_wage = models.DecimalField(
        _("当地最低工资标准（元/月）"), max_digits=8, decimal_places=2, default=2100
    )
    # The survey calendar (POLICY §7), as MM-DD of the campaign's year.
    survey_past_cohorts_deadline = models.CharField(
        _("往届用人单位调查截止（月-日）"), max_length=5, default="04-30", validators=[validate_month_day]
    )
    survey_current_cohort_opens = models.CharField(
        _("应届跟踪登记表开始（月-日）"), max_length=5, default="08-01", validators=[validate_month_day]
    )
    survey_current_cohort_deadline = models.CharField(
        _("应届跟踪登记表截止（月-日）"), max_length=5, default="08-31", validators=[validate_month_day]
    )
    site_visit_deadline = models.CharField(
        _("实地走访截止（月-日）"), max_length=5, default="08-31", validators=[validate_month_day]
    )
    survey_reminder_days = models.PositiveSmallIntegerField(
        _("调查提醒间隔（天）"),
        default=7,
        help_text=_("未反馈的用人单位每隔多少天自动收到一次提醒邮件（gradtrack daily）；0 为不自动提醒"),
    )
    survey_report_deadline = models.CharField(
        _("综合性专题报告截止（月-日）"), max_length=5, default="09-15", validators=[validate_month_day]
    )
    # The bands of the provincial 就业情况统计表 (provincial_employment_table_columns.csv): 起薪 "1001" in the
    # 广东2013 copy and 2001～3000 / 高于3000 in the national 2014 release; contract terms 1年及以内, 1-2（含）年,
    # 2-3（含）年, 3年以上.
    starting_salary_bands = models.CharField(
        _("起薪分段上限（元）"),
        max_length=60,
        default="1000,2000,3000",
        validators=[validate_band_bounds],
        help_text=_(
            "各段的上限（含），用逗号分隔，如 1000,2000,3000 即 1000及以下、1001–2000、2001–3000、3000以上"
        ),
    )
    contract_term_bands = models.CharField(
        _("劳动合同期限分段（年）"),
        max_length=20,
        default="1,2,3",
        validators=[validate_contract_term_bounds],
        help_text=_("各段的上限（含），从 1、2、3 中选，用逗号分隔；另有“未签合同”一段"),
    )

    # 毕业生调查 (issue 15): the waves each cohort is asked in, counted in months from its graduation (the MyCOS
    # practice: 半年后 and 三年后), and how many days a wave stays open.
    graduate_survey_first_wave_months = models.PositiveSmallIntegerField(
        _("毕业生调查第一轮（毕业后月数）"),
        default=6,
        validators=[MinValueValidator(1)],
        help_text=_("“半年后”调查在毕业后第几个月开始"),
    )
    graduate_survey_second_wave_months = models.PositiveSmallIntegerField(
        _("毕业生调查第二轮（毕业后月数）"),
        default=36,
        validators=[MinValueValidator(1)],
        help_text=_("“三年后”调查在毕业后第几个月开始"),
    )
    graduate_survey_open_days = models.PositiveSmallIntegerField(
        _("毕业生调查开放天数"),
        default=30,
        validators=[MinValueValidator(1)],
        help_text=_("每轮调查从开始之日起开放多少天"),
    )

    class Meta:
        verbose_name = _("政策参数")
        verbose_name_plural = _("政策参数")

    def __str__(self):
        return str(_("政策参数"))

    @classmethod
    def current(cls) -> "PolicySettings":
        return cls.objects.order_by("pk").first() or cls()

    def clean(self):
        super().clean()
        first, second = self.graduate_survey_first_wave_months, self.graduate_survey_second_wave_months
        if first and second and first >= second:
            raise ValidationError(
                {"graduate_survey_second_wave_months": _("第二轮调查须晚于第一轮（月数更大）")}
            )
        opens, closes = self.survey_current_cohort_opens, self.survey_current_cohort_deadline
        try:
            validate_month_day(opens)
            validate_month_day(closes)
        except ValidationError:
            return  # the field validators report it
        if opens > closes:  # MM-DD strings compare like the dates
            raise ValidationError({"survey_current_cohort_deadline": _("截止日期不能早于开始日期")})

    @staticmethod
    def date_in(year: int, month_day: str) -> datetime.date:
        month, day = (int(part) for part in month_day.split("-"))
        return datetime.date(year, month, day)


class CodeTable(models.Model):
    """A national or school code list kept as data (POLICY §10), loaded from core/reference/ by migrations."""

    code = models.CharField(_("代码"), max_length=10, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    # confirmed=no in the reference CSV: one public copy only, or a gap in the copies (core/reference/README.md)
    confirmed = models.BooleanField(_("已核实"), default=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class EmployerNature(CodeTable):
    """单位性质 with the MoE codes."""

    class Meta(CodeTable.Meta):
        verbose_name = _("单位性质")
        verbose_name_plural = _("单位性质")


class Destination(CodeTable):
    """毕业去向 as 中职 statistics count it: the groups of the 就业情况统计表 (local keys ZZ-…, the groups have no
    official codes). 就业学生 = the three groups of 直接就业 + 升学 (destinations.csv ZZ-AGG-EMP)."""

    class Group(models.TextChoices):
        EMPLOYED = "employed", _("直接就业")
        FURTHER_STUDY = "further_study", _("升学")
        MILITARY = "military", _("参军")
        NOT_EMPLOYED = "not_employed", _("未就业")

    group = models.CharField(_("类别"), max_length=20, choices=Group.choices)
    counts_as_employed = models.BooleanField(_("计入就业学生"), default=False)
    direct_employment = models.BooleanField(_("直接就业"), default=False)

    class Meta(CodeTable.Meta):
        verbose_name = _("毕业去向")
        verbose_name_plural = _("毕业去向")


class DestinationCode(CodeTable):
    """教育部 高校 毕业去向代码 (教学厅函〔2021〕19号), kept as an optional detail of a graduate's 毕业去向.

    ``proposed_groups`` is the crosswalk proposed in destinations.csv; no official crosswalk exists."""

    group_label = models.CharField(_("高校统计分组"), max_length=30, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级代码"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_groups = models.ManyToManyField(
        Destination, verbose_name=_("建议对应的中职去向"), blank=True, related_name="proposed_codes"
    )

    class Meta(CodeTable.Meta):
        verbose_name = _("高校毕业去向代码")
        verbose_name_plural = _("高校毕业去向代码")

    @property
    def proposed_group(self) -> "Destination | None":
        """The 中职 group a graduate with this code is counted in: the first the crosswalk proposes."""
        return self.proposed_groups.order_by("sort_order", "code").first()


class Industry(CodeTable):
    """GB/T 4754—2017 门类 (A–T, no ``section``) and 大类 (01–97, under their 门类), each with its 三次产业.

    A 大类's 产业 is the one 《三次产业划分规定》 (2018) gives it; a 门类's is that of most of its 大类, for jobs
    whose industry is recorded at 门类 level only."""

    class Sector(models.IntegerChoices):
        PRIMARY = 1, _("第一产业")
        SECONDARY = 2, _("第二产业")
        TERTIARY = 3, _("第三产业")

    sector = models.PositiveSmallIntegerField(_("产业"), choices=Sector.choices)
    section = models.ForeignKey(
        "self",
        verbose_name=_("门类"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="divisions",
        limit_choices_to={"section__isnull": True},
    )

    class Meta(CodeTable.Meta):
        verbose_name = _("行业")
        verbose_name_plural = _("行业")

    @property
    def is_section(self) -> bool:
        return self.section_id is None


class MajorCategory(CodeTable):
    """专业大类 of 《职业教育专业目录（2021年）》 (61–79)."""

    class Meta(CodeTable.Meta):
        verbose_name = _("专业大类")
        verbose_name_plural = _("专业大类")


class MajorClass(CodeTable):
    """专业类 of the 2021 catalogue that have 中职 majors (88 of 97)."""

    category = models.ForeignKey(
        MajorCategory, verbose_name=_("专业大类"), on_delete=models.PROTECT, related_name="classes"
    )

    class Meta(CodeTable.Meta):
        verbose_name = _("专业类")
        verbose_name_plural = _("专业类")


class CatalogueMajor(CodeTable):
    """A 中职 major of the 2021 catalogue and its later additions (中职专业目录)."""

    major_class = models.ForeignKey(
        MajorClass, verbose_name=_("专业类"), on_delete=models.PROTECT, related_name="majors"
    )
    added_in = models.CharField(_("列入目录"), max_length=20, blank=True)
    former_names = models.JSONField(_("曾用名"), default=list, blank=True)

    class Meta(CodeTable.Meta):
        verbose_name = _("中职专业目录")
        verbose_name_plural = _("中职专业目录")

    def __str__(self):
        return f"{self.code} {self.name}"


class RecordedModel(models.Model):
    """A row someone recorded (a test, a visit, a forum): who recorded it, and when.

    The recorder may be empty, and not only in validation: their account can be deleted later (SET_NULL) and the
    row must stay valid; a service without a signed-in user (a command) records none."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        abstract = True


class HistoryEntry(models.Model):
    """Who changed which record when, with old → new values; written by services in their transaction."""

    class Action(models.TextChoices):
        CREATE = "create", _("创建")
        UPDATE = "update", _("修改")
        DELETE = "delete", _("删除")

    model = models.CharField(_("记录类型"), max_length=50, db_index=True)
    object_id = models.CharField(_("记录编号"), max_length=40)
    object_repr = models.CharField(_("记录"), max_length=200)
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    changes = models.JSONField(_("变更内容"), default=dict)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    source = models.CharField(_("来源"), max_length=40, blank=True)
    # The record this one belongs to ("records.graduate:12" for a job), so a graduate's page finds the history of
    # jobs that were since deleted.
    owner = models.CharField(_("所属记录"), max_length=60, blank=True, db_index=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("修改历史")
        verbose_name_plural = _("修改历史")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["model", "object_id", "-at"])]

    def __str__(self):
        return f"{self.get_action_display()} {self.object_repr}"
