"""The graduate's form (phone first, large targets) and the staff's form for a new wave."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gradtrack.core.forms import StyledFormMixin
from gradtrack.core.models import Destination
from gradtrack.gradsurveys import services
from gradtrack.gradsurveys.models import RATED_QUESTIONS, Matching, Wave
from gradtrack.records.models import Graduate
from gradtrack.surveys.models import Rating

LARGE = {"class": "form-control form-control-lg"}


def add_service_error(form, error):
    """A service's ValidationError on the fields it names (the others at the top)."""
    for name, errors in error.error_dict.items() if hasattr(error, "error_dict") else [(None, error)]:
        form.add_error(name if name in form.fields else None, errors)


def _choice(label, choices, required=True):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择“%(label)s”") % {"label": label}},
    )


class GraduateSurveyForm(forms.Form):
    status = _choice(_("你目前的状况"), Destination.Group.choices)
    employer_name = forms.CharField(
        label=_("工作单位"), max_length=100, required=False, widget=forms.TextInput(attrs=LARGE)
    )
    post = forms.CharField(
        label=_("工作岗位"), max_length=60, required=False, widget=forms.TextInput(attrs=LARGE)
    )
    monthly_salary = forms.DecimalField(
        label=_("月收入（元，税前）"),
        required=False,
        min_value=0,
        max_digits=9,
        decimal_places=2,
        widget=forms.NumberInput(attrs={**LARGE, "inputmode": "numeric", "step": "1"}),
        error_messages={"invalid": _("请按数字填写月收入"), "min_value": _("月收入不能为负数")},
    )
    matching = _choice(_("工作与所学专业对口吗"), Matching.choices, required=False)
    job_rating = _choice(RATED_QUESTIONS[0][1], Rating.choices, required=False)
    teaching_rating = _choice(RATED_QUESTIONS[1][1], Rating.choices)
    guidance_rating = _choice(RATED_QUESTIONS[2][1], Rating.choices)
    suggestions = forms.CharField(
        label=_("对母校的意见和建议"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "form-control form-control-lg", "rows": 4}),
    )

    JOB_FIELDS = ("employer_name", "post", "monthly_salary", "matching", "job_rating")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status"):  # the job questions, required of the employed (the service's rule)
            try:
                services.clean_answers(cleaned)
            except ValidationError as error:
                add_service_error(self, error)
        return cleaned

    def job_fields(self):
        return [self[name] for name in self.JOB_FIELDS]

    def add_service_error(self, error):
        add_service_error(self, error)


def cohort_choices():
    years = Graduate.objects.order_by("-graduation_year").values_list("graduation_year", flat=True).distinct()
    return [(year, f"{year}届") for year in years]


class WaveForm(StyledFormMixin, forms.Form):
    cohort = forms.TypedChoiceField(label=_("届别"), coerce=int, choices=cohort_choices)
    kind = forms.ChoiceField(label=_("轮次"), choices=Wave.Kind.choices)
    opens_on = forms.DateField(
        label=_("开始日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("留空则按政策参数：毕业后的月数"),
    )
    closes_on = forms.DateField(
        label=_("截止日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("留空则按政策参数：开放天数"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].initial = timezone.localdate().year

    def add_service_error(self, error):
        add_service_error(self, error)
