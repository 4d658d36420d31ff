"""Forms of the tracking service: they parse input; tracking.services decide and save."""

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gradtrack.accounts.models import User
from gradtrack.tracking.models import ChangeReport, FollowUpContact, TrackingService, Verification

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
WIDE = {"col": "col-12"}


class StyledForm(forms.Form):
    """Bootstrap classes on every widget, and a service's ValidationError put next to its field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput | forms.CheckboxInput | forms.RadioSelect):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def add_service_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, error)


def _date_field(label, **kwargs):
    return forms.DateField(label=label, widget=DATE_WIDGET, **kwargs)


class ChangeFieldsForm(StyledForm):
    """What changed (§3): type, date and the details each type needs."""

    change_type = forms.ChoiceField(label=_("变动类型"), choices=ChangeReport.ChangeType.choices)
    occurred_on = _date_field(_("发生日期"))
    new_salary = forms.DecimalField(
        label=_("新月薪（元）"), required=False, min_value=0, max_digits=9, decimal_places=2
    )
    new_post = forms.CharField(label=_("新岗位"), max_length=60, required=False)
    new_title = forms.CharField(label=_("新职务"), max_length=60, required=False)
    new_employer_name = forms.CharField(
        label=_("新单位名称"), max_length=100, required=False, help_text=_("跳槽时填写")
    )
    new_mobile = forms.CharField(label=_("新手机号"), max_length=30, required=False)
    new_qq = forms.CharField(label=_("新QQ"), max_length=20, required=False)
    new_wechat = forms.CharField(label=_("新微信"), max_length=40, required=False)
    new_email = forms.EmailField(label=_("新邮箱"), required=False)
    details = forms.CharField(
        label=_("详细说明"), required=False, widget=forms.Textarea(attrs={"rows": 3, **WIDE})
    )

    def __init__(self, *args, change_types=None, **kwargs):
        super().__init__(*args, **kwargs)
        if change_types is not None:
            self.fields["change_type"].choices = [
                (value, label) for value, label in ChangeReport.ChangeType.choices if value in change_types
            ]


class PortalChangeForm(ChangeFieldsForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, change_types=ChangeReport.GRADUATE_TYPES, **kwargs)
        self.fields["occurred_on"].help_text = _("变动发生的日期；请在发生后尽快通报")
        for field in self.fields.values():
            field.widget.attrs.pop("col", None)


class StaffChangeForm(ChangeFieldsForm):
    reported_by = forms.ChoiceField(
        label=_("通报人"),
        choices=[
            (ChangeReport.ReportedBy.EMPLOYER, _("用人单位")),
            (ChangeReport.ReportedBy.SCHOOL, _("学校核查")),
            (ChangeReport.ReportedBy.GRADUATE, _("本人（电话、当面等）")),
        ],
    )
    reported_on = _date_field(_("通报日期"), initial=timezone.localdate)

    field_order = ["reported_by", "reported_on", "change_type", "occurred_on"]


class CorrectChangeForm(ChangeFieldsForm):
    """Confirm a change, correcting what the graduate wrote where needed."""

    note = forms.CharField(
        label=_("确认说明"), required=False, widget=forms.Textarea(attrs={"rows": 2, **WIDE})
    )

    @classmethod
    def for_change(cls, change: ChangeReport, data=None):
        initial = {name: getattr(change, name) for name in cls.base_fields if hasattr(change, name)}
        return cls(data, initial=initial)


class RejectChangeForm(StyledForm):
    reason = forms.CharField(label=_("驳回原因"), widget=forms.Textarea(attrs={"rows": 2, **WIDE}))


class ProposalDecisionForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("处理决定"),
        choices=[("terminate", _("确认终止跟踪服务（未按规定通报）")), ("decline", _("不予终止"))],
        widget=forms.RadioSelect,
    )
    decided_on = _date_field(_("决定日期"), initial=timezone.localdate)
    note = forms.CharField(label=_("处理说明"), widget=forms.Textarea(attrs={"rows": 2, **WIDE}))


# The channels staff log; 本人确认 is the graduate's own confirmation in the portal (§4).
STAFF_CHANNELS = [c for c in FollowUpContact.Channel.choices if c[0] != FollowUpContact.Channel.SELF]


class ContactForm(StyledForm):
    contacted_on = _date_field(_("回访日期"), initial=timezone.localdate)
    channel = forms.ChoiceField(label=_("方式"), choices=[("", _("请选择方式")), *STAFF_CHANNELS])
    # No default: an empty click must not save a "联系上" contact (§4).
    reached = forms.TypedChoiceField(
        label=_("是否联系上"),
        choices=[("1", _("联系上")), ("0", _("未联系上"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=_("回访情况"), required=False, widget=forms.Textarea(attrs={"rows": 2, **WIDE})
    )
    changes_learned = forms.CharField(
        label=_("发现的变动"), required=False, widget=forms.Textarea(attrs={"rows": 2, **WIDE})
    )


class VerificationForm(StyledForm):
    verified_on = _date_field(_("核查日期"), initial=timezone.localdate)
    outcome = forms.ChoiceField(label=_("核查结果"), choices=Verification.Outcome.choices)
    notes = forms.CharField(
        label=_("核查情况"), required=False, widget=forms.Textarea(attrs={"rows": 3, **WIDE})
    )
    change_type = forms.ChoiceField(
        label=_("发现的变动类型"),
        required=False,
        choices=[("", _("（发现未通报的变动时填写）")), *ChangeReport.ChangeType.choices],
    )
    occurred_on = _date_field(_("变动发生日期"), required=False)
    new_salary = forms.DecimalField(
        label=_("新月薪（元）"), required=False, min_value=0, max_digits=9, decimal_places=2
    )
    new_post = forms.CharField(label=_("新岗位"), max_length=60, required=False)
    new_title = forms.CharField(label=_("新职务"), max_length=60, required=False)
    new_employer_name = forms.CharField(label=_("新单位名称"), max_length=100, required=False)

    CHANGE_FIELDS = ("change_type", "occurred_on", "new_salary", "new_post", "new_title", "new_employer_name")

    def change_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.CHANGE_FIELDS}


class ResolveFlagForm(StyledForm):
    resolution_note = forms.CharField(label=_("办结说明"), widget=forms.Textarea(attrs={"rows": 3, **WIDE}))


class TerminateForm(StyledForm):
    cause = forms.ChoiceField(label=_("终止原因"), choices=TrackingService.TerminationCause.choices)
    decided_on = _date_field(_("终止日期"), initial=timezone.localdate)
    evidence = forms.CharField(label=_("终止依据"), widget=forms.Textarea(attrs={"rows": 3, **WIDE}))


class AccidentForm(StyledForm):
    occurred_on = _date_field(_("事故日期"))
    description = forms.CharField(label=_("事故经过"), widget=forms.Textarea(attrs={"rows": 3, **WIDE}))
    assigned_to = forms.ModelChoiceField(label=_("协助处理人"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = staff_who_write()


def staff_who_write():
    return User.objects.filter(
        is_active=True, role__in=[User.Role.ADMIN, User.Role.CENTRE, User.Role.DEPARTMENT]
    ).order_by("last_name", "first_name", "username")


class AssignForm(StyledForm):
    assigned_to = forms.ModelChoiceField(label=_("协助处理人"), queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = staff_who_write()


class StepForm(StyledForm):
    taken_on = _date_field(_("日期"), initial=timezone.localdate)
    description = forms.CharField(label=_("处理措施"), widget=forms.Textarea(attrs={"rows": 2, **WIDE}))


class CloseCaseForm(StyledForm):
    closed_on = _date_field(_("结案日期"), initial=timezone.localdate)
    outcome = forms.CharField(label=_("处理结果"), widget=forms.Textarea(attrs={"rows": 2, **WIDE}))


class InvitationForm(StyledForm):
    send_email = forms.BooleanField(label=_("同时发送到毕业生邮箱"), required=False)


class PortalLoginForm(StyledForm):
    student_no = forms.CharField(label=_("学号"), max_length=30)
    password = forms.CharField(label=_("密码"), strip=False, widget=forms.PasswordInput)


class SetPasswordForm(StyledForm):
    password1 = forms.CharField(
        label=_("设置密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("再次输入密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致"))
        return cleaned


class QueueFilterForm(StyledForm):
    """The call queue's filters (系/专业/班级/届) and search (姓名/学号/手机)."""

    department = forms.IntegerField(label=_("系部"), required=False)
    major = forms.IntegerField(label=_("专业"), required=False)
    class_name = forms.CharField(label=_("班级"), required=False, max_length=50)
    cohort = forms.IntegerField(label=_("届"), required=False, min_value=1990, max_value=9999)
    search = forms.CharField(label=_("姓名、学号或手机"), required=False, max_length=100)

    def selector_arguments(self) -> dict:
        data = getattr(self, "cleaned_data", {})
        return {
            name: data.get(name) or (None if name in ("department", "major", "cohort") else "")
            for name in self.fields
        }


class QueueContactForm(StyledForm):
    """One contact from the queue (§4): the channel, reached or not, and the same questions each time,
    prefilled with the file's values. The buttons say what happened: 联系上·无变化, 联系上·保存回答, 未联系上."""

    OUTCOMES = ("unchanged", "answered", "not_reached")

    contacted_on = _date_field(_("回访日期"), initial=timezone.localdate, required=False)
    channel = forms.ChoiceField(label=_("方式"), choices=STAFF_CHANNELS, widget=forms.RadioSelect)
    still_with_employer = forms.TypedChoiceField(
        label=_("仍在原单位工作吗？"),
        choices=[("1", _("是")), ("0", _("否，已离开"))],
        coerce=lambda value: value == "1",
        required=False,
        initial="1",
        widget=forms.RadioSelect,
    )
    new_employer_name = forms.CharField(label=_("新单位（已离开时）"), required=False, max_length=100)
    post = forms.CharField(label=_("工作岗位"), required=False, max_length=60)
    title = forms.CharField(label=_("职务"), required=False, max_length=60)
    monthly_salary = forms.DecimalField(
        label=_("月薪（元）"), required=False, min_value=0, max_digits=9, decimal_places=2
    )
    mobile = forms.CharField(label=_("手机"), required=False, max_length=30)
    qq = forms.CharField(label=_("QQ"), required=False, max_length=20)
    wechat = forms.CharField(label=_("微信"), required=False, max_length=40)
    email = forms.EmailField(label=_("邮箱"), required=False)
    occurred_on = _date_field(_("变动发生日期（有变化时）"), required=False)
    notes = forms.CharField(
        label=_("回访情况"), required=False, widget=forms.Textarea(attrs={"rows": 2, **WIDE})
    )

    def __init__(self, *args, file=None, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate().isoformat()
        self.fields["contacted_on"].widget.attrs["max"] = today  # may be set back, not forward
        if file is not None:
            for name in ("post", "title", "monthly_salary", *CONTACT_FIELD_NAMES):
                self.fields[name].initial = getattr(file, name)
            if not file.has_job:
                for name in ("still_with_employer", "new_employer_name", "post", "title", "monthly_salary"):
                    del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        outcome = self.data.get("outcome")
        if outcome not in self.OUTCOMES:
            raise ValidationError(_("请选择回访结果：联系上（无变化或保存回答）或未联系上"))
        cleaned["outcome"] = outcome
        return cleaned


CONTACT_FIELD_NAMES = ("mobile", "qq", "wechat", "email")
