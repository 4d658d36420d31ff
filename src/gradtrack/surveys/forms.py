"""Forms of the survey pages. The employer form (附件) is one form class used online and for paper entry;
its fields are optional here because a draft keeps whatever was typed — completeness is checked by
surveys.services.response_submit, whose errors name these fields."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from gradtrack.core.forms import StyledFormMixin
from gradtrack.records.models import Employer
from gradtrack.surveys.models import (
    RATING_FIELDS,
    RATING_ITEMS,
    EmployerResponse,
    Rating,
    ResponseGraduate,
    SuggestionTheme,
)

STAMP_EXTENSIONS = (".jpg", ".jpeg", ".png", ".pdf")


class EmployerForm(forms.Form):
    unit_name = forms.CharField(label=_("用人单位"), max_length=100, required=False)
    stamp_scan = forms.FileField(
        label=_("盖章扫描件（照片或 PDF）"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )
    stamp_confirmation = forms.CharField(
        label=_("或填写确认人姓名代替盖章"),
        max_length=100,
        required=False,
        help_text=_("确认本表内容属实，由本单位负责人填写"),
    )
    contact_person = forms.CharField(label=_("联系人"), max_length=50, required=False)
    contact_phone = forms.CharField(
        label=_("联系电话"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    nature = forms.ChoiceField(
        label=_("单位性质"), choices=EmployerResponse.Nature.choices, required=False, widget=forms.RadioSelect
    )
    quality = forms.ChoiceField(
        label=_(
            "1．从您对我校毕业生的日常工作表现及工作技能的综合情况来看，贵单位认为我校毕业生的整体质量水平"
            "在同类中等职业学校毕业生中趋于什么样的水平"
        ),
        choices=EmployerResponse.Quality.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    satisfaction = forms.ChoiceField(
        label=_("2．贵单位对我校毕业生的工作整体满意度是"),
        choices=EmployerResponse.Satisfaction.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    overall_evaluation = forms.ChoiceField(
        label=_("对我校毕业生就业质量的整体评价"),
        choices=Rating.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    hired_count = forms.IntegerField(
        label=_("近三年以来到贵单位就业的我校学生人数"),
        min_value=0,
        max_value=100000,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    still_employed_count = forms.IntegerField(
        label=_("至今仍在贵单位工作的我校毕业生人数"),
        min_value=0,
        max_value=100000,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    suggestions = forms.CharField(
        label=_("对我校毕业生就业工作的意见和建议"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for (_key, label), name in zip(RATING_ITEMS, RATING_FIELDS, strict=True):
            self.fields[name] = forms.ChoiceField(
                label=label, choices=Rating.choices, required=False, widget=forms.RadioSelect
            )
        for name in ("unit_name", "stamp_confirmation", "contact_person", "contact_phone", "suggestions"):
            self.fields[name].widget.attrs["class"] = "form-control"
        for name in ("hired_count", "still_employed_count"):
            self.fields[name].widget.attrs["class"] = "form-control"
        self.fields["stamp_scan"].widget.attrs.update(
            {"class": "visually-hidden gt-file-input", "aria-describedby": "stamp-scan-name"}
        )
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect):
                # Shown as 44-px toggle buttons (the label is the target; the input stays for assistive tech).
                field.widget.attrs["class"] = "btn-check"

    def clean_stamp_scan(self):
        scan = self.cleaned_data.get("stamp_scan")
        if not scan:
            return None
        if scan.size > settings.STAMP_SCAN_MAX_BYTES:
            raise forms.ValidationError(
                _("扫描件不能超过 %(limit)s") % {"limit": filesizeformat(settings.STAMP_SCAN_MAX_BYTES)}
            )
        if not scan.name.lower().endswith(STAMP_EXTENSIONS):
            raise forms.ValidationError(_("请上传 JPG、PNG 图片或 PDF 文件"))
        return scan

    def show_errors(self, errors: dict) -> None:
        """Show a saved draft's errors (services.response_errors) on a form that was not posted."""
        if not self.is_bound:
            self.cleaned_data = {}
        self.add_service_error(forms.ValidationError(errors))

    def add_service_error(self, error) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            self.add_error(name if name in self.fields else None, errors)

    def rating_fields(self):
        return [self[name] for name in RATING_FIELDS]

    def matrix_fields(self):
        """The matrix of step 2: the attachment's 整体评价 row, then the sixteen items."""
        return [self["overall_evaluation"], *self.rating_fields()]

    def valid_data(self) -> dict:
        """What validated, for a draft: an invalid number is left out rather than refusing the whole draft."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if name != "stamp_scan" or value}

    def all_good(self) -> dict:
        """The "全部良好" shortcut: every matrix answer 良好 (the employer then adjusts)."""
        return {field.name: Rating.GOOD for field in self.matrix_fields()}


class GraduateRowForm(forms.Form):
    """A row of 一、; a prefilled row names its graduate by an opaque reference (`row_refs`: reference →
    graduate id, drawn up by the view), never by the graduate's id, and a reference it did not hand out is an
    error of the row (`has_error("row_ref")`)."""

    row_ref = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    gender = forms.ChoiceField(
        label=_("性别"), choices=[("", "—"), ("男", _("男")), ("女", _("女"))], required=False
    )
    major = forms.CharField(label=_("专业"), max_length=60, required=False)
    graduated = forms.CharField(label=_("毕业时间"), max_length=20, required=False)
    post = forms.CharField(label=_("工作岗位"), max_length=60, required=False)
    title = forms.CharField(label=_("职务"), max_length=60, required=False)
    tenure = forms.CharField(label=_("在贵单位工作时间"), max_length=30, required=False)
    status = forms.ChoiceField(
        label=_("是否仍在贵单位"),
        choices=ResponseGraduate.Status.choices,
        required=False,
        initial=ResponseGraduate.Status.PRESENT,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
    )

    def __init__(self, *args, row_refs: dict[str, int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.row_refs = row_refs or {}
        for name, field in self.fields.items():
            if name not in ("row_ref", "status"):
                field.widget.attrs["class"] = "form-select" if name == "gender" else "form-control"

    @property
    def prefilled(self) -> bool:
        """A row the school's records or an earlier save filled (shown compactly), not the blank 增加一位."""
        return bool(self.initial.get("name"))

    def clean(self):
        cleaned = super().clean()
        ref = cleaned.get("row_ref") or ""
        if ref and ref not in self.row_refs:
            self.add_error("row_ref", _("该行的毕业生标识无效"))
        cleaned["graduate_id"] = self.row_refs.get(ref)
        return cleaned


GraduateRowFormSet = forms.formset_factory(GraduateRowForm, extra=1, max_num=200, absolute_max=200)


def rows_of(formset) -> list[dict]:
    formset.is_valid()
    return [form.cleaned_data for form in formset.forms if getattr(form, "cleaned_data", None)]


class PaperSourceForm(StyledFormMixin, forms.Form):
    source = forms.ChoiceField(
        label=_("收回方式"),
        choices=[
            (EmployerResponse.Source.PAPER, EmployerResponse.Source.PAPER.label),
            (EmployerResponse.Source.FAX, EmployerResponse.Source.FAX.label),
        ],
    )


class CampaignYearForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=1990, max_value=9000)


class PlanAddForm(StyledFormMixin, forms.Form):
    employer = forms.ModelChoiceField(label=_("用人单位"), queryset=Employer.objects.order_by("name"))


class TripForm(StyledFormMixin, forms.Form):
    destination = forms.CharField(label=_("目的地"), max_length=100)
    department = forms.ModelChoiceField(label=_("系部"), queryset=None, required=False)
    employers = forms.ModelMultipleChoiceField(
        label=_("走访单位"), queryset=Employer.objects.none(), widget=forms.SelectMultiple(attrs={"size": 8})
    )
    people = forms.CharField(label=_("出行人员"), max_length=200)
    planned_date = forms.DateField(label=_("计划出发日期"), widget=forms.DateInput(attrs={"type": "date"}))
    estimated_cost = forms.DecimalField(
        label=_("预计费用（元）"), min_value=0, max_digits=9, decimal_places=2
    )
    purpose = forms.CharField(label=_("事由"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, departments, employers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["employers"].queryset = employers


class TripDecisionForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("批准")), ("reject", _("不批准"))])
    note = forms.CharField(label=_("审批意见"), max_length=200, required=False)


class VisitForm(StyledFormMixin, forms.Form):
    employer = forms.ModelChoiceField(label=_("用人单位"), queryset=Employer.objects.none())
    visited_on = forms.DateField(label=_("走访日期"), widget=forms.DateInput(attrs={"type": "date"}))
    visitors = forms.CharField(label=_("走访人员"), max_length=200)
    met_whom = forms.CharField(label=_("接待人员"), max_length=200, help_text=_("如：人力资源部王经理"))
    graduates_situation = forms.CharField(
        label=_("毕业生工作适应情况"), widget=forms.Textarea(attrs={"rows": 3})
    )
    evaluation = forms.ChoiceField(
        label=_("用人单位对我校毕业生的整体评价"),
        choices=Rating.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    assessment = forms.CharField(
        label=_("用人单位综合评价"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    suggestions = forms.CharField(
        label=_("用人单位意见和建议"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    notes = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, employers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers


class ForumForm(StyledFormMixin, forms.Form):
    held_on = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("地点"), max_length=100)
    attendees = forms.CharField(label=_("参加人员"), widget=forms.Textarea(attrs={"rows": 2}))
    minutes = forms.CharField(label=_("会议纪要"), widget=forms.Textarea(attrs={"rows": 4}))
    opinion_notes = forms.CharField(
        label=_("按纪要录入的意见和建议"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一条意见；也可以在下方逐人录入。保存时自动归入意见主题。"),
    )


class ForumOpinionForm(StyledFormMixin, forms.Form):
    """One participant's opinion: the text, and who said it if known (name, the graduate by 学号)."""

    speaker = forms.CharField(label=_("发言人（可不填）"), max_length=50, required=False)
    student_no = forms.CharField(label=_("学号（可不填）"), max_length=30, required=False)
    text = forms.CharField(label=_("意见和建议"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, graduates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.graduates = graduates

    def clean(self):
        data = super().clean()
        student_no = (data.get("student_no") or "").strip()
        data["graduate"] = None
        if student_no:
            graduate = self.graduates.filter(student_no=student_no).first() if self.graduates else None
            if graduate is None:
                self.add_error("student_no", _("学号：没有找到该学号的毕业生"))
            data["graduate"] = graduate
        if (student_no or data.get("speaker")) and not (data.get("text") or "").strip():
            self.add_error("text", _("意见和建议：请填写这位发言人的意见"))
        return data


ForumOpinionFormSet = forms.formset_factory(ForumOpinionForm, extra=5, max_num=100)


class ForumOpinionThemesForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(
        label=_("主题"),
        queryset=SuggestionTheme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class SuggestionThemeForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = SuggestionTheme
        fields = ["name", "keywords", "position"]
        widgets = {"keywords": forms.Textarea(attrs={"rows": 2})}
