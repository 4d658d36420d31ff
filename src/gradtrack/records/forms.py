"""Forms of the employment files and of the reference data (departments, majors). They only parse input: the
services normalise, validate and save.

A view calls the service in form_valid and hands any ValidationError back with `add_service_error`, so a
rule broken in the service (a bad 身份证号, a second current job, a stale version) shows inline on the form.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gradtrack.core.catalogue import Catalogue
from gradtrack.core.forms import StyledFormMixin
from gradtrack.core.models import CatalogueMajor, MajorCategory, PolicySettings
from gradtrack.records import selectors
from gradtrack.records.fields import (
    DEPARTMENT_FIELDS,
    EMPLOYER_FIELDS,
    EMPLOYMENT_FIELDS,
    GRADUATE_FIELDS,
    MAJOR_FIELDS,
)
from gradtrack.records.models import Department, Employer, Employment, Graduate, Major

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
WIDE = "col-12"


class ServiceForm(forms.ModelForm):
    """A ModelForm that leaves model validation to the services (they normalise phones and ids first)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput | forms.CheckboxInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def _post_clean(self):
        # The services validate the normalised record (full_clean, cross-field and database rules).
        pass

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()

    def service_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name in self._meta.fields}

    @property
    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version")

    def add_service_error(self, error: ValidationError) -> None:
        """Put each message next to its field; messages about other fields or the whole record go on top."""
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, error)


class MajorSelect(forms.Select):
    """Each option names its department, so records.js can narrow the list to the chosen department."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-department"] = str(instance.department_id)
        return option


class MajorChoiceField(forms.ModelChoiceField):
    widget = MajorSelect

    def label_from_instance(self, obj: Major) -> str:
        return f"{obj.name}（{obj.department.name}）"


class GraduateForm(ServiceForm):
    # Wider than the stored value: the service turns '+86 138-0000-0000' into 11 digits.
    mobile = forms.CharField(label=_("手机"), required=False, max_length=30)
    id_number = forms.CharField(label=_("身份证号"), required=False, max_length=30)
    qq = forms.CharField(label=_("QQ"), required=False, max_length=30)

    class Meta:
        model = Graduate
        fields = GRADUATE_FIELDS
        field_classes = {"major": MajorChoiceField}
        widgets = {"notes": forms.Textarea(attrs={"rows": 3, "col": WIDE})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Department staff can only choose their own departments and majors; anything else is "not a valid choice".
        departments = selectors.departments_visible_to(user)
        self.fields["department"].queryset = departments
        self.fields["department"].empty_label = _("请选择系部")
        self.fields["department"].widget.attrs["data-department-select"] = ""
        self.fields["major"].queryset = selectors.majors_visible_to(user).select_related("department")
        self.fields["major"].empty_label = _("请选择专业")
        self.fields["major"].widget.attrs["data-major-select"] = ""
        self.fields["gender"].choices = [("", _("（未填）")), *Graduate.Gender.choices]
        self.fields["destination"].empty_label = _("（未填）")
        if not self.instance.pk and len(departments) == 1:
            self.fields["department"].initial = departments[0].pk


class EmployerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Employer) -> str:
        return f"{obj.name}（{obj.credit_code}）" if obj.credit_code else obj.name


class EmploymentForm(ServiceForm):
    class Meta:
        model = Employment
        # The graduate is the one whose page the form is on, never a choice.
        fields = [name for name in EMPLOYMENT_FIELDS if name != "graduate"]
        field_classes = {"employer": EmployerChoiceField}
        widgets = {"start_date": DATE_WIDGET, "probation_end": DATE_WIDGET, "end_date": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = Employer.objects.order_by("normalized_name")
        self.fields["employer"].empty_label = _("请选择用人单位")
        self.fields["employer"].widget.attrs["data-employer-select"] = ""
        self.fields["probation_end"].help_text = _("留空则按默认试用期（%(months)s 个月）自动计算") % {
            "months": PolicySettings.current().probation_months
        }
        self.fields["end_date"].help_text = _("仍在职请留空；同一毕业生只能有一份在职工作")


class EmployerForm(ServiceForm):
    credit_code = forms.CharField(label=_("统一社会信用代码"), required=False, max_length=30)
    # The page asks for 所在地区 before 地址 (an address reads from the larger place to the smaller); the fields
    # after them keep their order.
    field_order = [*EMPLOYER_FIELDS[: EMPLOYER_FIELDS.index("address")], "region"]

    class Meta:
        model = Employer
        fields = EMPLOYER_FIELDS


# --- Reference data: departments and majors (saved through records.services) ----------------------------

STATUS_CHOICES = [("", _("全部状态")), ("active", _("启用")), ("inactive", _("已停用"))]


class ReferenceForm(StyledFormMixin, forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            # A new record starts active; deactivating is a later decision.
            del self.fields["is_active"]

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class DepartmentForm(ReferenceForm):
    class Meta:
        model = Department
        fields = DEPARTMENT_FIELDS
        help_texts = {"is_active": _("停用后不能再为该系部新增毕业生或专业，已有记录保持不变")}


class MajorForm(ReferenceForm):
    class Meta:
        model = Major
        fields = MAJOR_FIELDS
        help_texts = {
            "code": _("中等职业学校专业目录中的专业代码，如 660301"),
            "is_active": _("停用后不能再为该专业新增毕业生，已有记录保持不变"),
        }

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        # Active departments, and the major's own even if it has since been deactivated.
        current = Department.objects.filter(pk=self.instance.department_id)
        self.fields["department"].queryset = (departments.filter(is_active=True) | current).distinct()
        self.fields["category"].queryset = MajorCategory.objects.all()
        self.fields["category"].label_from_instance = lambda category: f"{category.code} {category.name}"
        self.fields["catalogue"].queryset = CatalogueMajor.objects.select_related("major_class__category")
        self.fields["catalogue"].help_text = _(
            "不选时按专业名称在目录中查找；目录中没有的为校本专业，须选择专业大类"
        )
        # A catalogue major's code and 大类 follow its entry: both may be left empty for one.
        self.fields["code"].required = False
        self.fields["category"].required = False

    def clean(self):
        cleaned_data = super().clean()
        self._follow_the_catalogue(cleaned_data)
        # The database's "one name per department", said next to the name in words a user understands
        # (a field with an error is left out of the model's own constraint check).
        department, name = cleaned_data.get("department"), cleaned_data.get("name")
        if department and name:
            same_name = Major.objects.filter(department=department, name=name).exclude(pk=self.instance.pk)
            if same_name.exists():
                self.add_error("name", _("“%(department)s”已有同名专业") % {"department": department})
        return cleaned_data

    def _follow_the_catalogue(self, cleaned_data) -> None:
        """A new major named as in the 中职 catalogue (exactly or normalised, core.catalogue) is that entry; an
        entry gives the major its 大类, and its code where none is typed. A 校本专业 needs its code and 大类."""
        entry, name = cleaned_data.get("catalogue"), cleaned_data.get("name")
        if entry is None and name and not self.instance.pk and "catalogue" not in self.errors:
            entry = Catalogue(CatalogueMajor.objects.select_related("major_class__category")).match(name)
            cleaned_data["catalogue"] = entry
            if entry is not None:
                cleaned_data["name"] = entry.name  # the catalogue's spelling, as the import gives it
        if entry is not None:
            cleaned_data["category"] = entry.major_class.category
            if not cleaned_data.get("code") and "code" not in self.errors:
                cleaned_data["code"] = entry.code
            return
        if not cleaned_data.get("code") and "code" not in self.errors:
            self.add_error("code", _("校本专业请填写专业代码"))
        if cleaned_data.get("category") is None and "category" not in self.errors:
            self.add_error(
                "category", _("“%(name)s”不在中职专业目录中，请选择专业大类") % {"name": name or ""}
            )


class MajorFilterForm(forms.Form):
    # Bounded: SQLite refuses a LIKE pattern over 50,000 bytes with a server error.
    q = forms.CharField(label=_("搜索"), required=False, max_length=100)
    department = forms.ModelChoiceField(
        label=_("系部"), queryset=Department.objects.none(), required=False, empty_label=_("全部系部")
    )
    category = forms.ModelChoiceField(
        label=_("专业大类"), queryset=MajorCategory.objects.all(), required=False, empty_label=_("全部大类")
    )
    status = forms.ChoiceField(label=_("状态"), choices=STATUS_CHOICES, required=False)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["q"].widget.attrs.update(
            {"class": "form-control", "placeholder": _("专业名称或代码"), "type": "search"}
        )
        for name in ("department", "category", "status"):
            self.fields[name].widget.attrs.update({"class": "form-select", "data-autosubmit": ""})


class GraduateArchiveForm(StyledFormMixin, forms.Form):
    """归档 (POLICY §1): why the graduate leaves the daily lists; the reason decides the statistics."""

    archive_reason = forms.ChoiceField(
        label=_("归档原因"), choices=[("", _("请选择")), *Graduate.ArchiveReason.choices]
    )
    archive_note = forms.CharField(
        label=_("归档说明"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "col": WIDE}),
        help_text=_("写明归档的缘由，例如重复录入时另一条记录的学号。"),
    )


class PersonalDataEraseForm(StyledFormMixin, forms.Form):
    """个人信息删除 at the graduate's request: the reason goes into the history and the access log."""

    reason = forms.CharField(
        label=_("删除理由"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3, "col": WIDE}),
        help_text=_("例如：本人于 2026-11-20 书面申请删除个人信息（《个人信息保护法》第四十七条）。"),
    )
    confirm = forms.BooleanField(
        label=_("我确认：姓名、学号、身份证号与全部联系方式将被删除且无法恢复"), required=True
    )
