"""The settings forms of the administrator's page 学校信息与政策参数 (school profile, policy numbers)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gradtrack.core.forms import StyledFormMixin
from gradtrack.core.models import PolicySettings, SchoolProfile


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
            "starting_salary_bands",
            "contract_term_bands",
            "graduate_survey_first_wave_months",
            "graduate_survey_second_wave_months",
            "graduate_survey_open_days",
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
