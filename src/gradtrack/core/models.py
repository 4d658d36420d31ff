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
    """A national or school code list kept as data (POLICY §10)."""

    code = models.CharField(_("代码"), max_length=10, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

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
    """毕业去向 with the MoE codes."""

    class Group(models.TextChoices):
        EMPLOYED = "employed", _("就业")
        FURTHER_STUDY = "further_study", _("升学")
        MILITARY = "military", _("参军")
        SEEKING = "seeking", _("待就业")
        NOT_SEEKING = "not_seeking", _("暂不就业")

    group = models.CharField(_("类别"), max_length=20, choices=Group.choices)
    counts_as_employed = models.BooleanField(_("计入就业人数"), default=False)
    direct_employment = models.BooleanField(_("直接就业"), default=False)

    class Meta(CodeTable.Meta):
        verbose_name = _("毕业去向")
        verbose_name_plural = _("毕业去向")


class Industry(CodeTable):
    """GB/T 4754 sections and the 产业 they belong to."""

    class Sector(models.IntegerChoices):
        PRIMARY = 1, _("第一产业")
        SECONDARY = 2, _("第二产业")
        TERTIARY = 3, _("第三产业")

    sector = models.PositiveSmallIntegerField(_("产业"), choices=Sector.choices)

    class Meta(CodeTable.Meta):
        verbose_name = _("行业")
        verbose_name_plural = _("行业")


class MajorCategory(CodeTable):
    """专业类别 (中职专业目录 大类)."""

    class Meta(CodeTable.Meta):
        verbose_name = _("专业类别")
        verbose_name_plural = _("专业类别")


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
