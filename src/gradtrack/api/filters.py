"""List filters. Choices of departments, majors and graduates come from the user's scope (records.selectors)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gradtrack.core.models import Destination, EmployerNature, Industry, MajorCategory
from gradtrack.records import selectors
from gradtrack.records.models import Employer, Employment, Graduate, Major
from gradtrack.records.validators import normalize_employer_name


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class CodeChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        # PostgreSQL refuses a NUL character in a query (a server error, not "no such code").
        if isinstance(value, str) and "\x00" in value:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class CodeChoiceFilter(django_filters.ModelChoiceFilter):
    """A code-table value by its code."""

    field_class = CodeChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "code")
        super().__init__(*args, **kwargs)


def _scoped(selector):
    return lambda request: selector(getattr(request, "user", None))


class MajorFilter(django_filters.FilterSet):
    department = django_filters.ModelChoiceFilter(
        queryset=_scoped(selectors.departments_visible_to), label=_("系部 id")
    )
    category = CodeChoiceFilter(queryset=MajorCategory.objects.all(), label=_("专业类别代码"))

    class Meta:
        model = Major
        fields = ["department", "category"]


class GraduateFilter(django_filters.FilterSet):
    department = django_filters.ModelChoiceFilter(
        queryset=_scoped(selectors.departments_visible_to), label=_("系部 id")
    )
    major = django_filters.ModelChoiceFilter(
        queryset=_scoped(selectors.majors_visible_to), label=_("专业 id")
    )
    graduation_year = IntegerFilter(label=_("毕业年份（届）"))
    placement_mode = django_filters.ChoiceFilter(choices=Graduate.PlacementMode.choices, label=_("安置方式"))
    destination = CodeChoiceFilter(queryset=Destination.objects.all(), label=_("毕业去向代码"))
    search = django_filters.CharFilter(
        method="filter_search", label=_("按姓名、学号或手机号搜索"), max_length=100
    )

    class Meta:
        model = Graduate
        fields = ["department", "major", "graduation_year", "placement_mode", "destination"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(student_no__icontains=value) | Q(mobile__icontains=value)
        )


class EmployerFilter(django_filters.FilterSet):
    nature = CodeChoiceFilter(queryset=EmployerNature.objects.all(), label=_("单位性质代码"))
    industry = CodeChoiceFilter(queryset=Industry.objects.all(), label=_("行业代码"))
    search = django_filters.CharFilter(
        method="filter_search", label=_("按单位名称或统一社会信用代码搜索"), max_length=100
    )

    class Meta:
        model = Employer
        fields = ["nature", "industry"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(normalized_name__icontains=normalize_employer_name(value))
            | Q(credit_code__icontains=value.upper())
        )


class EmploymentFilter(django_filters.FilterSet):
    graduate = django_filters.ModelChoiceFilter(
        queryset=_scoped(selectors.graduates_visible_to), label=_("毕业生 id")
    )
    employer = django_filters.ModelChoiceFilter(
        queryset=_scoped(selectors.employers_visible_to), label=_("用人单位 id")
    )
    current = django_filters.BooleanFilter(
        field_name="end_date", lookup_expr="isnull", label=_("true：只看在职；false：只看已离职")
    )

    class Meta:
        model = Employment
        fields = ["graduate", "employer", "current"]
