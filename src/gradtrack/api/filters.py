"""Filter fields every app's list endpoints share: a whole number, a code-table value by its code."""

import django_filters
from django import forms


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
