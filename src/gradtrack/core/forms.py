"""Form helpers shared by the staff pages of every app."""

from django import forms
from django.core.exceptions import ValidationError


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
