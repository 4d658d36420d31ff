"""Forms of the statistics pages: which scope and cohorts, which report and its staff-written text, a round,
a submission."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gradtrack.accounts import roles
from gradtrack.core.forms import StyledFormMixin
from gradtrack.records import selectors as access
from gradtrack.records.models import Department
from gradtrack.stats import documents, selectors
from gradtrack.stats.models import ReportRound
from gradtrack.stats.services import REPORT_MAX_BYTES

YEAR_MIN, YEAR_MAX = 1990, 2100
TEXT_MAX_LENGTH = 10000  # a page or two of a report, per field


class ScopeForm(StyledFormMixin, forms.Form):
    """A scope within what the user sees; one outside it is a 404 (resolve_scope), an unknown one an error."""

    scope = forms.CharField(label=_("统计范围"), required=False, widget=forms.Select)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["scope"].widget.choices = selectors.scope_choices(user)

    def clean_scope(self):
        try:
            return selectors.resolve_scope(self.user, self.cleaned_data.get("scope") or "school")
        except ValueError as error:
            raise ValidationError(str(error)) from error


class StatisticsForm(ScopeForm):
    first = forms.IntegerField(label=_("起始届别"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX)
    last = forms.IntegerField(label=_("结束届别"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX)

    default_span = 3  # the page opens on the last three cohorts, so that trends show

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        last = cleaned.get("last") or selectors.latest_cohort()
        first = cleaned.get("first") or (last - self.default_span + 1)
        if first > last:
            raise ValidationError({"first": _("起始届别不能晚于结束届别。")})
        cleaned["cohorts"] = selectors.Cohorts(first, last)
        return cleaned


class ReportForm(ScopeForm):
    year = forms.IntegerField(label=_("应届届别"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    kind = forms.ChoiceField(label=_("报告类型"), choices=documents.kind_choices)
    file_format = forms.ChoiceField(label=_("格式"), choices=[("docx", "Word（.docx）"), ("pdf", "PDF")])
    name_employers = forms.BooleanField(
        label=_("引用用人单位意见和建议时注明单位名称"),
        required=False,
        help_text=_(
            "用于就业跟踪报告和系部报告；默认只注明单位性质（如“私营企业”）。对外报送前请确认用人单位同意具名。"
        ),
    )


class ReportRoundForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ReportRound
        fields = ["year", "title", "deadline", "notes"]
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class SubmissionForm(StyledFormMixin, forms.Form):
    source = forms.ChoiceField(
        label=_("报告来源"),
        choices=[("generated", _("系统生成（当前数据）")), ("upload", _("上传修改后的文件"))],
        widget=forms.RadioSelect,
        initial="generated",
    )
    file = forms.FileField(label=_("报告文件（.docx 或 .pdf）"), required=False)
    notes = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > REPORT_MAX_BYTES:
            # Refused before it is read into memory; the service checks the name and size again.
            raise ValidationError(_("文件过大（不超过 20 MB）。"))
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("source") == "upload" and not cleaned.get("file"):
            self.add_error("file", _("请选择要上传的文件。"))
        return cleaned


def text_scope_choices(user) -> list[tuple[str, str]]:
    """Whose report text the user may write: the school's (staff who see it whole) and each visible 系."""
    choices = []
    if roles.sees_whole_school(user):
        choices.append(("school", _("全校报告（就业跟踪报告）")))
    choices += [
        (f"dept:{d.code}", _("%(name)s报告") % {"name": d.name})
        for d in access.departments_visible_to(user).filter(is_active=True).order_by("code")
    ]
    return choices


class ReportTextForm(StyledFormMixin, forms.Form):
    """The 前言 and 问题与改进措施 staff write for a year's report (saved by services.report_text_save)."""

    # Which report: chosen on the page above the form (?text_year=&text_scope=), carried as hidden fields.
    year = forms.IntegerField(
        label=_("应届届别"), min_value=YEAR_MIN, max_value=YEAR_MAX, widget=forms.HiddenInput
    )
    scope = forms.ChoiceField(label=_("报告"), widget=forms.HiddenInput)
    foreword = forms.CharField(
        label=_("前言"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "col": "col-12"}),
        help_text=_("印在报告“前言”中系统生成的说明之后；每行为一段。"),
    )
    improvements = forms.CharField(
        label=_("问题与改进措施"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8, "col": "col-12"}),
        help_text=_("印在报告“问题与改进措施”一节；每行为一段。"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = text_scope_choices(user)

    def clean_scope(self):
        """The department named (None for the school's text)."""
        value = self.cleaned_data["scope"]
        if value == "school":
            return None
        return Department.objects.get(code=value.partition(":")[2])
