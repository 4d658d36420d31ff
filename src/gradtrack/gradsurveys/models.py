"""毕业生调查 (issue 15): waves of a cohort (半年后, 三年后), one invitation per graduate, one response each.

An invitation's personal link is ``<public_id>.<mac>`` (gradsurveys.services.invitation_token): only the random
public_id is stored, so a copy of the database alone cannot answer for anyone."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gradtrack.core.models import Destination
from gradtrack.surveys.models import Rating


class Wave(models.Model):
    class Kind(models.TextChoices):
        SIX_MONTHS = "six_months", _("半年后")
        THREE_YEARS = "three_years", _("三年后")

    cohort = models.PositiveSmallIntegerField(_("届别"))
    kind = models.CharField(_("轮次"), max_length=12, choices=Kind.choices)
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"))
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
        verbose_name = _("毕业生调查")
        verbose_name_plural = _("毕业生调查")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "kind"], name="gradsurveys_wave_unique_kind")
        ]

    def __str__(self):
        return _("%(cohort)s届毕业生调查（%(kind)s）") % {
            "cohort": self.cohort,
            "kind": self.get_kind_display(),
        }

    @property
    def year(self) -> int:
        return self.opens_on.year

    def is_open(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on

    def status_label(self, today: datetime.date | None = None) -> str:
        today = today or timezone.localdate()
        if today < self.opens_on:
            return str(_("未开始"))
        if today > self.closes_on:
            return str(_("已结束"))
        return str(_("进行中"))


class WaveInvitation(models.Model):
    """A graduate invited to a wave: the personal link, and what was sent to them (invitation, reminders)."""

    wave = models.ForeignKey(
        Wave, verbose_name=_("调查轮次"), on_delete=models.CASCADE, related_name="invitations"
    )
    graduate = models.ForeignKey(
        "records.Graduate",
        verbose_name=_("毕业生"),
        on_delete=models.PROTECT,
        related_name="survey_invitations",
    )
    public_id = models.CharField(max_length=24, unique=True, editable=False)
    email = models.EmailField(_("发送邮箱"), blank=True)
    sent_at = models.DateTimeField(_("邀请发送时间"), null=True, blank=True)
    opened_at = models.DateTimeField(_("首次打开时间"), null=True, blank=True)
    last_reminded_at = models.DateTimeField(_("最近提醒时间"), null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField(_("提醒次数"), default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("毕业生调查邀请")
        verbose_name_plural = _("毕业生调查邀请")
        ordering = ["wave", "graduate__student_no"]
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "graduate"], name="gradsurveys_invitation_unique_graduate"
            )
        ]

    def __str__(self):
        return f"{self.wave} · {self.graduate}"


class Matching(models.TextChoices):
    """专业对口: how well the job matches the major (four points, the first two count as 对口)."""

    FULLY = "fully", _("完全对口")
    MOSTLY = "mostly", _("基本对口")
    LITTLE = "little", _("不太对口")
    NOT = "not", _("不对口")


MATCHED = (Matching.FULLY, Matching.MOSTLY)
# 满意度: the share answering 优秀 or 良好 (the employer form's Rating scale).
SATISFIED = (Rating.EXCELLENT, Rating.GOOD)
# The questions rated on the four-point scale, in the form's order: (field, the question, the figure's name).
RATED_QUESTIONS = [
    ("job_rating", _("你对目前工作的总体评价"), _("工作满意度")),
    ("teaching_rating", _("你对母校教育教学的评价"), _("教学满意度")),
    ("guidance_rating", _("你对母校就业指导服务的评价"), _("就业指导服务满意度")),
]


class GraduateResponse(models.Model):
    """One graduate's answers to one wave (one per invitation)."""

    class Source(models.TextChoices):
        PORTAL = "portal", _("毕业生服务平台")
        LINK = "link", _("个人链接")

    invitation = models.OneToOneField(
        WaveInvitation, verbose_name=_("调查邀请"), on_delete=models.CASCADE, related_name="response"
    )
    status = models.CharField(_("目前状况"), max_length=20, choices=Destination.Group.choices)
    employer_name = models.CharField(_("工作单位"), max_length=100, blank=True)
    post = models.CharField(_("工作岗位"), max_length=60, blank=True)
    monthly_salary = models.DecimalField(
        _("月收入（元）"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    matching = models.CharField(_("专业对口"), max_length=10, choices=Matching.choices, blank=True)
    job_rating = models.CharField(_("工作满意度"), max_length=10, choices=Rating.choices, blank=True)
    teaching_rating = models.CharField(_("教学满意度"), max_length=10, choices=Rating.choices)
    guidance_rating = models.CharField(_("就业指导服务满意度"), max_length=10, choices=Rating.choices)
    suggestions = models.TextField(_("意见和建议"), blank=True)
    source = models.CharField(_("填写方式"), max_length=10, choices=Source.choices)
    # The change reports the answers raised (pending staff confirmation in 待确认变动), when they differ from the file.
    change_reports = models.ManyToManyField(
        "tracking.ChangeReport", verbose_name=_("产生的变动通报"), blank=True, related_name="+"
    )
    differs_from_file = models.BooleanField(_("与档案不一致"), default=False)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)

    class Meta:
        verbose_name = _("毕业生调查答卷")
        verbose_name_plural = _("毕业生调查答卷")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self):
        return str(self.invitation)
