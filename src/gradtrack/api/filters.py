"""Filter fields every app's list endpoints share: a whole number, a code-table value by its code."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

# The databases' integer columns (ids included) are signed 64-bit: a larger number in a query string is not
# "no such record" on SQLite but an OverflowError from its driver, so it is refused as bad input first.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


class Int64Field(forms.IntegerField):
    default_error_messages = {
        "invalid": _("请输入整数。"),
        "min_value": _("数值过小（不能小于 %(limit_value)s）。"),
        "max_value": _("数值过大（不能大于 %(limit_value)s）。"),
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", INT64_MIN)
        kwargs.setdefault("max_value", INT64_MAX)
        super().__init__(*args, **kwargs)


@extend_schema_field(OpenApiTypes.INT64)
class IntegerFilter(django_filters.NumberFilter):
    """A whole number within 64 bits; anything else is a 400 naming the parameter."""

    field_class = Int64Field


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
