"""Re-placement requests (再次就业安置, POLICY §6): the request, the decision stored when it was made (and
recomputable from the file by replacement.services), staff's outcome of a discretionary decision, the
registration, the interviews/tests and the new school-arranged job. Writes go through replacement.services."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gradtrack.core.models import RecordedModel
from gradtrack.replacement import rules


class ReplacementRequest(models.Model):
    class Decision(models.TextChoices):
        FREE = rules.Decision.FREE.value, rules.DECISION_LABELS[rules.Decision.FREE]
        WAIT = rules.Decision.WAIT.value, rules.DECISION_LABELS[rules.Decision.WAIT]
        DISCRETIONARY = (
            rules.Decision.DISCRETIONARY.value,
            rules.DECISION_LABELS[rules.Decision.DISCRETIONARY],
        )
        OUTSIDE_SERVICE = (
            rules.Decision.OUTSIDE_SERVICE.value,
            rules.DECISION_LABELS[rules.Decision.OUTSIDE_SERVICE],
        )
        DENIED = rules.Decision.DENIED.value, rules.DECISION_LABELS[rules.Decision.DENIED]
        NEEDS_CLASSIFICATION = (
            rules.Decision.NEEDS_CLASSIFICATION.value,
            rules.DECISION_LABELS[rules.Decision.NEEDS_CLASSIFICATION],
        )

    class Stage(models.TextChoices):
        REGISTRATION = "registration", _("报名登记")
        TEST = "test", _("面试/笔试")
        PLACEMENT = "placement", _("安置")
        CLOSED = "closed", _("已关闭")

    class OpenedBy(models.TextChoices):
        GRADUATE = "graduate", _("毕业生本人（网上申请）")
        STAFF = "staff", _("学校工作人员")

    class Outcome(models.TextChoices):
        AGREED = rules.Outcome.AGREED.value, _("同意安置")
        DECLINED = rules.Outcome.DECLINED.value, _("不同意")

    class FeePayer(models.TextChoices):
        GRADUATE = "graduate", _("毕业生本人（中介费用自理）")
        SCHOOL = "school", _("学校")
        EMPLOYER = "employer", _("用人单位")

    class CloseReason(models.TextChoices):
        PLACED = "placed", _("已安置")
        DENIED = "denied", _("不予安置")
        DECLINED = "declined", _("酌情不予安置")
        FAILED = "failed", _("未通过面试或笔试")
        WITHDRAWN = "withdrawn", _("本人撤回")
        OTHER = "other", _("其他")

    graduate = models.ForeignKey(
        "records.Graduate",
        verbose_name=_("毕业生"),
        on_delete=models.PROTECT,
        related_name="replacement_requests",
    )
    # A request is tracking history (POLICY §1): neither the graduate nor the job it follows can be deleted
    # while it exists; they are archived instead (records.services.graduate_archive).
    employment = models.ForeignKey(
        "records.Employment",
        verbose_name=_("离职的工作"),
        on_delete=models.PROTECT,
        related_name="replacement_requests",
    )
    request_date = models.DateField(_("申请日期"))
    opened_by = models.CharField(_("申请方式"), max_length=10, choices=OpenedBy.choices)
    opened_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The decision as made (POLICY §6); replacement.services.current_decision recomputes it from the file.
    decision = models.CharField(_("安置决定"), max_length=24, choices=Decision.choices)
    clause = models.CharField(_("依据条款"), max_length=10, blank=True)
    earliest_placement_date = models.DateField(_("最早可安置日期"), null=True, blank=True)
    agency_fee = models.CharField(
        _("中介费用"),
        max_length=16,
        choices=[
            (rules.AgencyFee.GRADUATE.value, _("中介费用自理")),
            (rules.AgencyFee.NOT_GRADUATE.value, _("免费安置，毕业生不承担")),
            (rules.AgencyFee.AT_DISCRETION.value, _("由学校酌定")),
            (rules.AgencyFee.NONE.value, _("不适用")),
        ],
    )
    decided_on = models.DateField(_("判定日期"))
    stage = models.CharField(
        _("阶段"), max_length=12, choices=Stage.choices, default=Stage.REGISTRATION, db_index=True
    )
    outcome = models.CharField(_("酌情处理结果"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(_("处理理由"), blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    registered_on = models.DateField(_("报名登记日期"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    new_employment = models.ForeignKey(
        "records.Employment",
        verbose_name=_("安置的工作"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    fee_payer = models.CharField(_("中介费用承担方"), max_length=10, choices=FeePayer.choices, blank=True)
    placed_on = models.DateField(_("安置日期"), null=True, blank=True)
    closed_on = models.DateField(_("关闭日期"), null=True, blank=True)
    close_reason = models.CharField(_("关闭原因"), max_length=10, choices=CloseReason.choices, blank=True)
    close_note = models.TextField(_("关闭说明"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("再次安置申请")
        verbose_name_plural = _("再次安置申请")
        ordering = ["-request_date", "-pk"]
        constraints = [
            # One open request per graduate at a time.
            models.UniqueConstraint(
                fields=["graduate"], condition=~Q(stage="closed"), name="replacement_one_open_request"
            ),
            models.CheckConstraint(
                condition=~Q(stage="closed") | (Q(closed_on__isnull=False) & ~Q(close_reason="")),
                name="replacement_closure_recorded",
            ),
            models.CheckConstraint(
                condition=Q(new_employment__isnull=True) | Q(placed_on__isnull=False),
                name="replacement_placement_dated",
            ),
        ]

    def __str__(self):
        return f"{self.graduate.name} {_('再次安置申请')}（{self.request_date}）"

    @property
    def is_open(self) -> bool:
        return self.stage != self.Stage.CLOSED

    @property
    def clause_text(self) -> str:
        return str(rules.CLAUSE_TEXTS[self.clause]) if self.clause else ""

    @property
    def needs_staff_outcome(self) -> bool:
        return self.decision in rules.DISCRETIONARY_DECISIONS


class ReplacementTest(RecordedModel):
    """招聘面试或笔试 organised by an employer or by the school (§二.9), with its result."""

    class Kind(models.TextChoices):
        INTERVIEW = "interview", _("面试")
        WRITTEN = "written", _("笔试")

    class Organiser(models.TextChoices):
        EMPLOYER = "employer", _("用人单位组织")
        SCHOOL = "school", _("学校组织")

    class Result(models.TextChoices):
        PASSED = "passed", _("通过")
        FAILED = "failed", _("未通过")

    request = models.ForeignKey(
        ReplacementRequest, verbose_name=_("再次安置申请"), on_delete=models.PROTECT, related_name="tests"
    )
    held_on = models.DateField(_("考核日期"))
    kind = models.CharField(_("形式"), max_length=10, choices=Kind.choices)
    organiser = models.CharField(_("组织方"), max_length=10, choices=Organiser.choices)
    employer = models.ForeignKey(
        "records.Employer",
        verbose_name=_("用人单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    result = models.CharField(_("结果"), max_length=10, choices=Result.choices)
    notes = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("招聘面试或笔试")
        verbose_name_plural = _("招聘面试或笔试")
        ordering = ["held_on", "pk"]

    def __str__(self):
        return f"{self.held_on} {self.get_kind_display()} {self.get_result_display()}"
