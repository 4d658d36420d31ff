"""Forms of re-placement: they parse input; replacement.services decide and save."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gradtrack.records import selectors as records_selectors
from gradtrack.records.models import Employment
from gradtrack.replacement import rules, selectors, services
from gradtrack.replacement.models import ReplacementRequest, ReplacementTest
from gradtrack.tracking.forms import StyledForm

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
WIDE = {"col": "col-12"}


def _date_field(label, **kwargs):
    return forms.DateField(label=label, widget=DATE_WIDGET, **kwargs)


class EndedJobChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, job: Employment) -> str:
        reason = job.get_end_reason_display() or _("未填写离职原因")
        return f"{job.employer.name}（{job.start_date:%Y-%m-%d} — {job.end_date:%Y-%m-%d}，{reason}）"


class PortalRequestForm(StyledForm):
    employment = EndedJobChoiceField(
        label=_("离职的工作"), queryset=Employment.objects.none(), empty_label=None, widget=forms.RadioSelect
    )

    def __init__(self, *args, graduate, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employment"].queryset = selectors.ended_jobs_of(graduate)


class StaffRequestForm(PortalRequestForm):
    request_date = _date_field(
        _("申请日期"), help_text=_("毕业生提出申请的日期；判定“是否在跟踪服务期内”以此为准。")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request_date"].initial = timezone.localdate()


class RegistrationForm(StyledForm):
    registered_on = _date_field(_("报名登记日期"))


class TestForm(StyledForm):
    held_on = _date_field(_("考核日期"))
    kind = forms.ChoiceField(label=_("形式"), choices=ReplacementTest.Kind.choices)
    organiser = forms.ChoiceField(label=_("组织方"), choices=ReplacementTest.Organiser.choices)
    employer = forms.ModelChoiceField(label=_("用人单位"), queryset=None, required=False)
    result = forms.ChoiceField(label=_("结果"), choices=ReplacementTest.Result.choices)
    notes = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3, **WIDE}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = records_selectors.employers_visible_to(user)


class OutcomeForm(StyledForm):
    outcome = forms.ChoiceField(
        label=_("处理结果"), choices=ReplacementRequest.Outcome.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(label=_("处理理由"), widget=forms.Textarea(attrs={"rows": 3, **WIDE}))


class ClassifyForm(StyledForm):
    end_reason = forms.ChoiceField(
        label=_("离职原因归类为"),
        choices=[(c, label) for c, label in Employment.EndReason.choices if c in rules.CLASSIFIABLE_REASONS],
        help_text=_("企业原因（§二.6）或本人、家庭原因（§二.7、§二.8）；会写入就业档案并重新判定。"),
    )


class PlacementForm(StyledForm):
    employer = forms.ModelChoiceField(label=_("用人单位"), queryset=None)
    start_date = _date_field(_("入职日期"))
    probation_end = _date_field(_("试用期截止日期"), required=False, help_text=_("不填则按默认试用期计算。"))
    post = forms.CharField(label=_("工作岗位"), max_length=60, required=False)
    title = forms.CharField(label=_("职务"), max_length=60, required=False)
    location = forms.CharField(label=_("工作地点"), max_length=100, required=False)
    monthly_salary = forms.DecimalField(
        label=_("月薪（元）"), max_digits=9, decimal_places=2, min_value=0, required=False
    )
    channel = forms.ChoiceField(
        label=_("就业渠道"), choices=[(c.value, c.label) for c in services.PLACEMENT_CHANNELS]
    )
    fee_payer = forms.ChoiceField(
        label=_("中介费用承担方"),
        choices=[("", _("（非中介介绍，不适用）")), *ReplacementRequest.FeePayer.choices],
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = records_selectors.employers_visible_to(user)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        channel = data.pop("channel")
        fee_payer = data.pop("fee_payer", "")
        job_data = {key: value for key, value in data.items() if value not in (None, "")}
        return {"job_data": job_data, "channel": channel, "fee_payer": fee_payer}


class CloseForm(StyledForm):
    reason = forms.ChoiceField(
        label=_("关闭原因"), choices=[(c.value, c.label) for c in services.STAFF_CLOSE_REASONS]
    )
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3, **WIDE}))
