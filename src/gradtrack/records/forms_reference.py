"""Forms of the reference data (departments, majors). Saving goes through records.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gradtrack.core.forms import StyledFormMixin
from gradtrack.core.models import MajorCategory
from gradtrack.records.models import Department, Major

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
        fields = ["code", "name", "is_active"]
        help_texts = {"is_active": _("停用后不能再为该系部新增毕业生或专业，已有记录保持不变")}


class MajorForm(ReferenceForm):
    class Meta:
        model = Major
        fields = ["code", "name", "department", "category", "is_active"]
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

    def clean(self):
        # The database's "one name per department", said next to the name in words a user understands
        # (a field with an error is left out of the model's own constraint check).
        cleaned_data = super().clean()
        department, name = cleaned_data.get("department"), cleaned_data.get("name")
        if department and name:
            same_name = Major.objects.filter(department=department, name=name).exclude(pk=self.instance.pk)
            if same_name.exists():
                self.add_error("name", _("“%(department)s”已有同名专业") % {"department": department})
        return cleaned_data


class MajorFilterForm(forms.Form):
    # Bounded: SQLite refuses a LIKE pattern over 50,000 bytes with a server error.
    q = forms.CharField(label=_("搜索"), required=False, max_length=100)
    department = forms.ModelChoiceField(
        label=_("系部"), queryset=Department.objects.none(), required=False, empty_label=_("全部系部")
    )
    category = forms.ModelChoiceField(
        label=_("专业类别"), queryset=MajorCategory.objects.all(), required=False, empty_label=_("全部类别")
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
