"""Form helpers shared by the staff pages, and the settings forms (school profile, policy numbers)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gradtrack.core.models import PolicySettings, SchoolProfile


class StyledFormMixin:
    """Bootstrap classes on every widget, `is-invalid` on fields with errors, and a service's errors inline.

    Services raise ValidationError naming model fields; `service_error_fields` maps a name the form calls
    differently (e.g. `password` → `password1`). Errors on names the form does not show go to the top.
    """

    service_error_fields: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()

    def add_service_error(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            target = self.service_error_fields.get(name, name)
            self.add_error(target if target in self.fields else None, errors)


class SchoolProfileForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = SchoolProfile
        fields = ["name", "address", "postcode", "phone", "fax", "email", "office"]
        widgets = {"postcode": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 6})}


class PolicySettingsForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = PolicySettings
        fields = [
            "service_years",
            "follow_up_months",
            "report_window_days",
            "probation_months",
            "replacement_wait_months",
            "portal_invitation_days",
            "service_ending_notice_days",
            "survey_past_cohorts_percent",
            "survey_current_cohort_percent",
            "site_visit_percent",
            "local_minimum_wage",
            "survey_past_cohorts_deadline",
            "survey_current_cohort_opens",
            "survey_current_cohort_deadline",
            "site_visit_deadline",
            "survey_report_deadline",
            "survey_reminder_days",
        ]
        help_texts = {
            "service_years": _("自首次学校安置入职之日起计算"),
            "report_window_days": _("毕业生须在变动发生后多少天内通报"),
            "portal_invitation_days": _("教师发出的设置密码链接在多少天后失效"),
            "service_ending_notice_days": _("工作台列出多少天内到期的跟踪服务"),
            "survey_past_cohorts_percent": _("每年4月底前，近三届毕业生用人单位调查的覆盖比例"),
            "survey_current_cohort_percent": _("每年8月，应届毕业生用人单位跟踪登记表的覆盖比例"),
            "site_visit_percent": _("9月前实地走访用人单位的覆盖比例"),
            "local_minimum_wage": _("低于此标准的“其他录用形式”“自由职业”去向会被标记核查"),
        }
