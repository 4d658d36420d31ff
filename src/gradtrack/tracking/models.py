"""The tracking service (跟踪服务, POLICY §2–§5): one service per school-placed graduate, the changes the
graduate reports, follow-up contacts, verifications, 违规记录 flags, accident cases, portal invitations and the
reminders the daily job has sent. Writes go through tracking.services; rules live in tracking.rules."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TrackingService(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("服务中")
        EXPIRED = "expired", _("已到期")
        TERMINATED = "terminated", _("已终止")

    class TerminationCause(models.TextChoices):
        UNREPORTED = "unreported", _("未按规定通报")
        EXPELLED = "expelled", _("被企业开除")

    # POLICY §1: a graduate entered by mistake may go with its service as long as the service has no history;
    # every record of that history below PROTECTs the service (and so the graduate) from any ORM delete.
    graduate = models.OneToOneField(
        "records.Graduate",
        verbose_name=_("毕业生"),
        on_delete=models.CASCADE,
        related_name="tracking_service",
    )
    start_date = models.DateField(_("服务开始日期"))
    end_date = models.DateField(_("服务截止日期（不含）"), db_index=True)
    status = models.CharField(_("服务状态"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    next_follow_up_due = models.DateField(_("下次回访日期"), null=True, blank=True, db_index=True)
    termination_cause = models.CharField(
        _("终止原因"), max_length=12, choices=TerminationCause.choices, blank=True
    )
    terminated_on = models.DateField(_("终止日期"), null=True, blank=True)
    terminated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("决定人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    termination_evidence = models.TextField(_("终止依据"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("跟踪服务")
        verbose_name_plural = _("跟踪服务")
        ordering = ["next_follow_up_due", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")), name="service_end_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(status="terminated")
                | (Q(terminated_on__isnull=False) & ~Q(termination_cause="")),
                name="service_termination_recorded",
            ),
        ]

    def __str__(self):
        return f"{self.graduate.name}（{self.graduate.student_no}）的跟踪服务"

    @property
    def last_covered_day(self):
        return self.end_date - datetime.timedelta(days=1)


class ChangeReport(models.Model):
    """A change the graduate must report (§3), reported by the graduate, the employer or found by the school."""

    class ChangeType(models.TextChoices):
        CONTACT = "contact", _("联系方式变更")
        PROMOTION = "promotion", _("升职")
        SALARY = "salary", _("调资")
        AWARD = "award", _("奖励")
        PENALTY = "penalty", _("惩罚")
        TRANSFER = "transfer", _("转岗")
        RESIGNATION = "resignation", _("辞职")
        JOB_CHANGE = "job_change", _("跳槽")
        DISMISSED = "dismissed", _("被辞退")
        EXPELLED = "expelled", _("被开除")
        ACCIDENT = "accident", _("意外事故")

    class ReportedBy(models.TextChoices):
        GRADUATE = "graduate", _("本人")
        EMPLOYER = "employer", _("用人单位")
        SCHOOL = "school", _("学校核查")

    class Status(models.TextChoices):
        PENDING = "pending", _("待确认")
        CONFIRMED = "confirmed", _("已确认")
        REJECTED = "rejected", _("已驳回")

    # Types the graduate reports in the portal; the others come from the employer or staff (§3).
    GRADUATE_TYPES = (
        ChangeType.CONTACT,
        ChangeType.PROMOTION,
        ChangeType.SALARY,
        ChangeType.AWARD,
        ChangeType.PENALTY,
        ChangeType.TRANSFER,
        ChangeType.RESIGNATION,
        ChangeType.JOB_CHANGE,
    )

    service = models.ForeignKey(
        TrackingService, verbose_name=_("跟踪服务"), on_delete=models.PROTECT, related_name="changes"
    )
    change_type = models.CharField(_("变动类型"), max_length=20, choices=ChangeType.choices)
    occurred_on = models.DateField(_("发生日期"))
    reported_on = models.DateField(_("通报日期"))
    reported_by = models.CharField(_("通报人"), max_length=10, choices=ReportedBy.choices)
    details = models.TextField(_("详细说明"), blank=True)
    new_salary = models.DecimalField(_("新月薪（元）"), max_digits=9, decimal_places=2, null=True, blank=True)
    new_post = models.CharField(_("新岗位"), max_length=60, blank=True)
    new_title = models.CharField(_("新职务"), max_length=60, blank=True)
    new_employer_name = models.CharField(_("新单位名称"), max_length=100, blank=True)
    new_mobile = models.CharField(_("新手机号"), max_length=30, blank=True)
    new_qq = models.CharField(_("新QQ"), max_length=20, blank=True)
    new_wechat = models.CharField(_("新微信"), max_length=40, blank=True)
    new_email = models.EmailField(_("新邮箱"), blank=True)
    late = models.BooleanField(_("未及时通报"), default=False)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decision_note = models.TextField(_("处理说明"), blank=True)
    # A confirmed late change proposes termination (§2); a staff member terminates or declines, with a note.
    proposal_outcome = models.CharField(
        _("终止建议处理"),
        max_length=12,
        blank=True,
        choices=[("terminated", _("已终止服务")), ("declined", _("不予终止"))],
    )
    proposal_note = models.TextField(_("终止建议处理说明"), blank=True)
    # A job a confirmed change updated has tracking history (POLICY §1): it cannot be deleted.
    employment = models.ForeignKey(
        "records.Employment",
        verbose_name=_("更新的就业记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contact = models.ForeignKey(
        "FollowUpContact",
        verbose_name=_("发现于回访"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="changes_found",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    # What a graduate's erasure (records.services.graduate_erase_personal_data) blanks here and in the history.
    PERSONAL_DATA_FIELDS = {"new_mobile": "", "new_qq": "", "new_wechat": "", "new_email": ""}

    class Meta:
        verbose_name = _("变动通报")
        verbose_name_plural = _("变动通报")
        ordering = ["-reported_on", "-pk"]

    def __str__(self):
        return f"{self.service.graduate.name} {self.get_change_type_display()}（{self.occurred_on}）"


class FollowUpContact(models.Model):
    """One follow-up attempt (定期回访, §4)."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("电话")
        QQ = "qq", _("QQ")
        WECHAT = "wechat", _("微信")
        EMAIL = "email", _("邮件")
        FAX = "fax", _("传真")
        VISIT = "visit", _("实地走访")
        SELF = "self", _("本人确认")  # the graduate confirmed in the portal (§4)

    service = models.ForeignKey(
        TrackingService, verbose_name=_("跟踪服务"), on_delete=models.PROTECT, related_name="contacts"
    )
    contacted_on = models.DateField(_("回访日期"))
    channel = models.CharField(_("方式"), max_length=10, choices=Channel.choices)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回访人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reached = models.BooleanField(_("联系上"), default=True)
    notes = models.TextField(_("回访情况"), blank=True)
    changes_learned = models.TextField(_("发现的变动"), blank=True)
    # The answers to the questions every contact asks (§4): still_with_employer, post, title, monthly_salary,
    # mobile, qq, wechat, email, as given (tracking.rules.ContactAnswers); empty when none were asked.
    answers = models.JSONField(_("回访问答"), default=dict, blank=True)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("回访记录")
        verbose_name_plural = _("回访记录")
        ordering = ["-contacted_on", "-pk"]

    def __str__(self):
        return f"{self.service.graduate.name} {self.contacted_on} {self.get_channel_display()}"


class Verification(models.Model):
    """核查 (§4, §三(三)2): what a contact learned compared with the file."""

    class Outcome(models.TextChoices):
        CONSISTENT = "consistent", _("与档案一致")
        CHANGE = "change", _("发现未通报的变动")
        VIOLATION = "violation", _("弄虚作假或隐瞒")

    service = models.ForeignKey(
        TrackingService, verbose_name=_("跟踪服务"), on_delete=models.PROTECT, related_name="verifications"
    )
    verified_on = models.DateField(_("核查日期"))
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核查人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(_("核查结果"), max_length=12, choices=Outcome.choices)
    notes = models.TextField(_("核查情况"), blank=True)
    change = models.ForeignKey(
        ChangeReport,
        verbose_name=_("记录的变动"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("核查记录")
        verbose_name_plural = _("核查记录")
        ordering = ["-verified_on", "-pk"]

    def __str__(self):
        return f"{self.service.graduate.name} {self.verified_on} {self.get_outcome_display()}"


class UndeletableQuerySet(models.QuerySet):
    def delete(self):
        raise models.ProtectedError(_("违规记录不能删除，只能填写说明后办结"), set())


class ViolationFlag(models.Model):
    """违规记录 (§三(三)3): reported to leadership; never deleted, only resolved with a note."""

    service = models.ForeignKey(
        TrackingService, verbose_name=_("跟踪服务"), on_delete=models.PROTECT, related_name="flags"
    )
    verification = models.ForeignKey(
        Verification,
        verbose_name=_("核查记录"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.TextField(_("违规情况"))
    raised_on = models.DateField(_("发现日期"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办结人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolution_note = models.TextField(_("办结说明"), blank=True)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        verbose_name = _("违规记录")
        verbose_name_plural = _("违规记录")
        ordering = ["resolved_at", "-raised_on", "-pk"]

    def __str__(self):
        return f"{self.service.graduate.name} {self.raised_on} {_('违规记录')}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    def delete(self, *args, **kwargs):
        raise models.ProtectedError(_("违规记录不能删除，只能填写说明后办结"), {self})


class AccidentCase(models.Model):
    """意外事故 (§5): opened, assigned to staff who assist the family, steps logged, closed."""

    graduate = models.ForeignKey(
        "records.Graduate", verbose_name=_("毕业生"), on_delete=models.PROTECT, related_name="accident_cases"
    )
    occurred_on = models.DateField(_("事故日期"))
    description = models.TextField(_("事故经过"))
    employer = models.ForeignKey(
        "records.Employer",
        verbose_name=_("用人单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("协助处理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    within_service = models.BooleanField(_("在服务期内"), default=True)
    outcome = models.TextField(_("处理结果"), blank=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("立案人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("立案时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("意外事故")
        verbose_name_plural = _("意外事故")
        ordering = ["closed_on", "-occurred_on", "-pk"]

    def __str__(self):
        return f"{self.graduate.name} {self.occurred_on} {_('意外事故')}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class AccidentStep(models.Model):
    case = models.ForeignKey(
        AccidentCase, verbose_name=_("事故"), on_delete=models.PROTECT, related_name="steps"
    )
    taken_on = models.DateField(_("日期"))
    description = models.TextField(_("处理措施"))
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("处理措施")
        verbose_name_plural = _("处理措施")
        ordering = ["taken_on", "pk"]

    def __str__(self):
        return f"{self.taken_on} {self.description[:20]}"


class PortalInvitation(models.Model):
    """A one-time link for a graduate to set a portal password; only its SHA-256 is stored."""

    graduate = models.ForeignKey(
        "records.Graduate",
        verbose_name=_("毕业生"),
        on_delete=models.CASCADE,
        related_name="portal_invitations",
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("邀请人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("有效期至"))
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("毕业生邀请")
        verbose_name_plural = _("毕业生邀请")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.graduate} {self.created_at:%Y-%m-%d}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @staticmethod
    def generate_token() -> str:
        return secrets.token_urlsafe(32)

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()


class ReminderSent(models.Model):
    """What the daily job has sent, so that a second run in the same period sends nothing again."""

    kind = models.CharField(_("提醒类型"), max_length=30)
    recipient = models.CharField(_("收件人"), max_length=60)
    period = models.CharField(_("周期"), max_length=40)
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("已发送提醒")
        verbose_name_plural = _("已发送提醒")
        constraints = [
            models.UniqueConstraint(fields=["kind", "recipient", "period"], name="reminder_once_per_period")
        ]

    def __str__(self):
        return f"{self.kind} {self.recipient} {self.period}"
