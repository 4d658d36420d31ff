"""The annual survey calendar (POLICY §7) and the employer form (POLICY §8).

A campaign is one of the three surveys of a year; its sample plan lists the employers drawn by
surveys.sampling (staff may add or remove some until the invitations go out); each sampled employer gets an
invitation with an unguessable link; the employer's answers (online, or typed in from paper or fax) are one
response per invitation. Site visits need a trip approved by a 校领导 before the visit.
"""

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gradtrack.core.models import PolicySettings, RecordedModel
from gradtrack.surveys import rules


class Campaign(models.Model):
    class Kind(models.TextChoices):
        PAST_COHORTS = "past_cohorts", _("往届用人单位调查问卷")
        CURRENT_COHORT = "current_cohort", _("应届毕业生跟踪登记表")
        SITE_VISIT = "site_visit", _("实地走访")

    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(1990)])
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"))
    report_due = models.DateField(_("专题报告截止日期"))
    percent = models.PositiveSmallIntegerField(_("覆盖比例（%）"))
    plan_frozen_at = models.DateTimeField(_("抽样方案锁定时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("调查活动")
        verbose_name_plural = _("调查活动")
        ordering = ["-year", "opens_on", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["year", "kind"], name="campaign_one_per_kind_and_year")
        ]

    def __str__(self):
        return f"{self.year}年{self.get_kind_display()}"

    @property
    def cohort_years(self) -> list[int]:
        """The 届 whose graduates' employers the campaign surveys (surveys.rules.cohort_window, POLICY §7)."""
        return cohort_windows()[self.kind].years(self.year)

    @property
    def cohort_label(self) -> str:
        years = self.cohort_years
        if len(years) == 1:
            return f"{years[0]}届"
        return f"{years[0]}—{years[-1]}届"

    @property
    def is_visit(self) -> bool:
        return self.kind == self.Kind.SITE_VISIT

    @property
    def plan_is_frozen(self) -> bool:
        return self.plan_frozen_at is not None

    def is_closed(self, today: datetime.date | None = None) -> bool:
        return (today or timezone.localdate()) > self.closes_on


def cohort_windows(policy: PolicySettings | None = None) -> dict[str, rules.CohortWindow]:
    """Each campaign kind's window, with the number of the settings that surveys.rules says is meant."""
    policy = policy or PolicySettings.current()
    return {
        kind: rules.cohort_window(kind, past_cohorts=policy.service_years) for kind in Campaign.Kind.values
    }


class PlanEntry(models.Model):
    """One employer of a campaign's sample plan."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("调查活动"), on_delete=models.CASCADE, related_name="plan_entries"
    )
    employer = models.ForeignKey(
        "records.Employer", verbose_name=_("用人单位"), on_delete=models.CASCADE, related_name="+"
    )
    rank = models.PositiveIntegerField(_("抽样顺序"), default=0)
    added_by_staff = models.BooleanField(_("人工添加"), default=False)

    class Meta:
        verbose_name = _("抽样单位")
        verbose_name_plural = _("抽样单位")
        ordering = ["campaign", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "employer"], name="plan_entry_unique_employer")
        ]

    def __str__(self):
        return f"{self.campaign} · {self.employer}"


class Invitation(models.Model):
    """A sampled employer's invitation. The link's token is derived, never stored: it is an HMAC (keyed by
    SECRET_KEY) of the random ``public_id`` (surveys.services.invitation_token), so letters can be reprinted
    with the same link and a leaked database alone does not let anyone answer."""

    class Status(models.TextChoices):
        NOT_SENT = "not_sent", _("未发送")
        SENT = "sent", _("已发送")
        OPENED = "opened", _("已打开")
        SUBMITTED = "submitted", _("已提交")
        EXPIRED = "expired", _("已过期")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("调查活动"), on_delete=models.CASCADE, related_name="invitations"
    )
    employer = models.ForeignKey(
        "records.Employer", verbose_name=_("用人单位"), on_delete=models.CASCADE, related_name="+"
    )
    public_id = models.CharField(max_length=24, unique=True, editable=False)
    email = models.EmailField(_("发送邮箱"), blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    opened_at = models.DateTimeField(_("首次打开时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    last_reminded_at = models.DateTimeField(_("最近提醒时间"), null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField(_("提醒次数"), default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("调查邀请")
        verbose_name_plural = _("调查邀请")
        ordering = ["campaign", "employer__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "employer"], name="invitation_unique_employer")
        ]

    def __str__(self):
        return f"{self.campaign} · {self.employer}"

    def status(self, today: datetime.date | None = None) -> str:
        if self.submitted_at:
            return self.Status.SUBMITTED
        if self.campaign.is_closed(today):
            return self.Status.EXPIRED
        if self.opened_at:
            return self.Status.OPENED
        if self.sent_at:
            return self.Status.SENT
        return self.Status.NOT_SENT

    def status_label(self) -> str:
        return str(self.Status(self.status()).label)


class Rating(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    FAIR = "fair", _("一般")
    POOR = "poor", _("差")


# 二、3: the sixteen items in the attachment's order (left column then right column, row by row).
RATING_ITEMS = [
    ("political", _("思想政治表现")),
    ("knowledge", _("专业知识")),
    ("ethics", _("职业道德")),
    ("ability", _("工作能力")),
    ("dedication", _("敬业精神")),
    ("learning", _("学习能力")),
    ("foreign_language", _("外语能力")),
    ("innovation", _("创新能力")),
    ("computer", _("计算机能力")),
    ("teamwork", _("协作能力")),
    ("adaptability", _("适应能力")),
    ("management", _("组织管理能力")),
    ("competitiveness", _("竞争意识")),
    ("performance", _("工作业绩")),
    ("resilience", _("挫折耐受力")),
    ("physical", _("身体素质")),
]
RATING_FIELDS = [f"rating_{key}" for key, _label in RATING_ITEMS]


class EmployerResponse(models.Model):
    """The employer's answers to the form (附件), one per invitation; a draft until submitted."""

    class Source(models.TextChoices):
        ONLINE = "online", _("在线")
        PAPER = "paper", _("纸质")
        FAX = "fax", _("传真")

    class Nature(models.TextChoices):
        # The form's five natures (and 其他), each mapped to the MoE code (POLICY §10) in NATURE_CODES.
        AGENCY = "agency", _("机关")
        INSTITUTION = "institution", _("事业单位")
        STATE_OWNED = "state_owned", _("国有企业")
        JOINT_STOCK = "joint_stock", _("股份公司")
        PRIVATE = "private", _("私营企业")
        OTHER = "other", _("其他")

    NATURE_CODES = {
        "agency": "10",
        "institution": "29",
        "state_owned": "31",
        "joint_stock": "39",
        "private": "39",
        "other": "99",
    }

    class Quality(models.TextChoices):
        HIGH = "high", _("高")
        FAIRLY_HIGH = "fairly_high", _("较高")
        AVERAGE = "average", _("一般")
        LOW = "low", _("低")

    class Satisfaction(models.TextChoices):
        VERY = "very", _("很满意")
        SATISFIED = "satisfied", _("满意")
        INDIFFERENT = "indifferent", _("没感觉")
        DISSATISFIED = "dissatisfied", _("不满意")

    invitation = models.OneToOneField(
        Invitation, verbose_name=_("调查邀请"), on_delete=models.CASCADE, related_name="response"
    )
    source = models.CharField(_("填写方式"), max_length=10, choices=Source.choices, default=Source.ONLINE)
    unit_name = models.CharField(_("用人单位"), max_length=100, blank=True)
    stamp_confirmation = models.CharField(_("盖章确认"), max_length=100, blank=True)
    stamp_scan = models.FileField(_("盖章扫描件"), upload_to="surveys/stamps/%Y/", blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    nature = models.CharField(_("单位性质"), max_length=20, choices=Nature.choices, blank=True)
    nature_code = models.ForeignKey(
        "core.EmployerNature",
        verbose_name=_("单位性质代码"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    quality = models.CharField(_("整体质量水平"), max_length=20, choices=Quality.choices, blank=True)
    satisfaction = models.CharField(_("整体满意度"), max_length=20, choices=Satisfaction.choices, blank=True)
    rating_political = models.CharField(_("思想政治表现"), max_length=10, choices=Rating.choices, blank=True)
    rating_knowledge = models.CharField(_("专业知识"), max_length=10, choices=Rating.choices, blank=True)
    rating_ethics = models.CharField(_("职业道德"), max_length=10, choices=Rating.choices, blank=True)
    rating_ability = models.CharField(_("工作能力"), max_length=10, choices=Rating.choices, blank=True)
    rating_dedication = models.CharField(_("敬业精神"), max_length=10, choices=Rating.choices, blank=True)
    rating_learning = models.CharField(_("学习能力"), max_length=10, choices=Rating.choices, blank=True)
    rating_foreign_language = models.CharField(
        _("外语能力"), max_length=10, choices=Rating.choices, blank=True
    )
    rating_innovation = models.CharField(_("创新能力"), max_length=10, choices=Rating.choices, blank=True)
    rating_computer = models.CharField(_("计算机能力"), max_length=10, choices=Rating.choices, blank=True)
    rating_teamwork = models.CharField(_("协作能力"), max_length=10, choices=Rating.choices, blank=True)
    rating_adaptability = models.CharField(_("适应能力"), max_length=10, choices=Rating.choices, blank=True)
    rating_management = models.CharField(_("组织管理能力"), max_length=10, choices=Rating.choices, blank=True)
    rating_competitiveness = models.CharField(
        _("竞争意识"), max_length=10, choices=Rating.choices, blank=True
    )
    rating_performance = models.CharField(_("工作业绩"), max_length=10, choices=Rating.choices, blank=True)
    rating_resilience = models.CharField(_("挫折耐受力"), max_length=10, choices=Rating.choices, blank=True)
    rating_physical = models.CharField(_("身体素质"), max_length=10, choices=Rating.choices, blank=True)
    hired_count = models.PositiveIntegerField(
        _("近三年以来到贵单位就业的我校学生人数"), null=True, blank=True
    )
    still_employed_count = models.PositiveIntegerField(
        _("至今仍在贵单位工作的我校毕业生人数"), null=True, blank=True
    )
    suggestions = models.TextField(_("对我校毕业生就业工作的意见和建议"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("用人单位反馈")
        verbose_name_plural = _("用人单位反馈")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(still_employed_count__isnull=True)
                | models.Q(hired_count__isnull=True)
                | models.Q(still_employed_count__lte=models.F("hired_count")),
                name="response_still_employed_not_above_hired",
            )
        ]

    def __str__(self):
        return f"{self.invitation}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    def ratings(self) -> list[tuple[str, str, str]]:
        """(field name, item label, rating label) in the attachment's order."""
        rows = []
        for (key, label), field in zip(RATING_ITEMS, RATING_FIELDS, strict=True):
            value = getattr(self, field)
            rows.append((key, str(label), str(Rating(value).label) if value else ""))
        return rows


class ResponseGraduate(models.Model):
    """一、我校毕业生工作基本情况: a row prefilled from the school's records, as the employer corrected it."""

    response = models.ForeignKey(
        EmployerResponse, verbose_name=_("用人单位反馈"), on_delete=models.CASCADE, related_name="graduates"
    )
    graduate = models.ForeignKey(
        "records.Graduate",
        verbose_name=_("毕业生"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=2, blank=True)
    major = models.CharField(_("专业"), max_length=60, blank=True)
    graduated = models.CharField(_("毕业时间"), max_length=20, blank=True)
    post = models.CharField(_("工作岗位"), max_length=60, blank=True)
    title = models.CharField(_("职务"), max_length=60, blank=True)
    tenure = models.CharField(_("在贵单位工作时间"), max_length=30, blank=True)

    # The row stays the employer's answer (post, tenure) when the graduate's record goes: SET_NULL above, and a
    # graduate's erasure (records.services.graduate_erase_personal_data) blanks the name here and in the history.
    PERSONAL_DATA_FIELDS = {"name": "（已删除）"}

    class Meta:
        verbose_name = _("毕业生工作情况")
        verbose_name_plural = _("毕业生工作情况")
        ordering = ["response", "position", "pk"]

    def __str__(self):
        return self.name


class Trip(models.Model):
    """An off-site visit trip (§三(二)5): approved by a 校领导 before any visit is recorded."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已批准")
        REJECTED = "rejected", _("未批准")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("调查活动"), on_delete=models.CASCADE, related_name="trips"
    )
    department = models.ForeignKey(
        "records.Department",
        verbose_name=_("系部"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    destination = models.CharField(_("目的地"), max_length=100)
    employers = models.ManyToManyField("records.Employer", verbose_name=_("走访单位"), related_name="+")
    people = models.CharField(_("出行人员"), max_length=200)
    planned_date = models.DateField(_("计划出发日期"))
    estimated_cost = models.DecimalField(
        _("预计费用（元）"), max_digits=9, decimal_places=2, validators=[MinValueValidator(0)]
    )
    purpose = models.TextField(_("事由"), blank=True)
    status = models.CharField(_("审批状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("出差申请")
        verbose_name_plural = _("出差申请")
        ordering = ["-planned_date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(estimated_cost__gte=0), name="trip_cost_not_negative")
        ]

    def __str__(self):
        return f"{self.destination}（{self.planned_date}）"


class Visit(RecordedModel):
    """A site visit to an employer (实地走访), recorded only on an approved trip."""

    trip = models.ForeignKey(
        Trip, verbose_name=_("出差申请"), on_delete=models.CASCADE, related_name="visits"
    )
    employer = models.ForeignKey(
        "records.Employer", verbose_name=_("用人单位"), on_delete=models.CASCADE, related_name="+"
    )
    visited_on = models.DateField(_("走访日期"))
    visitors = models.CharField(_("走访人员"), max_length=200)
    met_whom = models.CharField(_("接待人员"), max_length=200)
    graduates_situation = models.TextField(_("毕业生工作适应情况"))
    assessment = models.TextField(_("用人单位综合评价"), blank=True)
    response = models.OneToOneField(
        EmployerResponse,
        verbose_name=_("现场填写的登记表"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visit",
    )

    class Meta:
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        ordering = ["-visited_on", "-pk"]

    def __str__(self):
        return f"{self.employer}（{self.visited_on}）"


class Forum(RecordedModel):
    """毕业生座谈会 (§三(二)4)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("调查活动"), on_delete=models.CASCADE, related_name="forums"
    )
    held_on = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=100)
    attendees = models.TextField(_("参加人员"))
    minutes = models.TextField(_("会议纪要"))
    suggestions = models.TextField(_("毕业生意见和建议"), blank=True)

    class Meta:
        verbose_name = _("毕业生座谈会")
        verbose_name_plural = _("毕业生座谈会")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.place}（{self.held_on}）"


class SuggestionTheme(models.Model):
    """A theme of the 意见和建议 (surveys.themes): staff edit the names and keywords the reports group by."""

    name = models.CharField(_("主题"), max_length=30, unique=True)
    keywords = models.TextField(
        _("关键词"), help_text=_("用空格或顿号分隔；意见中出现任一关键词即归入该主题。")
    )
    position = models.PositiveSmallIntegerField(_("排列顺序"), default=0)

    class Meta:
        verbose_name = _("意见主题")
        verbose_name_plural = _("意见主题")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name
