from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm, SetPasswordMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from gradtrack.accounts.models import User
from gradtrack.core.forms import StyledFormMixin


def _departments():
    # records.Department, reached through the user's own field: accounts sits below records and never imports it.
    return User._meta.get_field("departments").related_model.objects


class CheckboxList(forms.CheckboxSelectMultiple):
    template_name = "accounts/widgets/checkbox_list.html"

    def id_for_label(self, id_, index=None):
        # The field's label points at the first checkbox.
        return f"{id_}_{index or 0}" if id_ else id_


class DepartmentsField(forms.ModelMultipleChoiceField):
    """Refuses an id no database column can hold: Django would pass it to an `IN (…)` query, which then fails
    with a server error instead of the form's "invalid choice"."""

    largest_id = 2**63 - 1

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip()
            if not text.isdigit() or len(text) > 19 or int(text) > self.largest_id:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=100)
    role = forms.ChoiceField(
        label=_("角色"), required=False, choices=[("", _("全部角色")), *User.Role.choices]
    )
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部状态")), ("active", _("启用")), ("inactive", _("已停用"))],
    )


class UserForm(StyledFormMixin, forms.Form):
    """Fields of an account that an administrator edits; saving goes through accounts.services."""

    username = forms.CharField(label=_("用户名"), max_length=150)
    last_name = forms.CharField(label=_("姓"), max_length=150)
    first_name = forms.CharField(label=_("名"), max_length=150)
    # 毕业生 accounts are made by a graduate's invitation (tracking), never here.
    role = forms.ChoiceField(
        label=_("角色"), choices=[c for c in User.Role.choices if c[0] != User.Role.GRADUATE]
    )
    departments = DepartmentsField(
        label=_("所属系部"),
        queryset=None,  # set per form in __init__
        required=False,
        widget=CheckboxList,
        help_text=_("系部用户至少选择一个；系统管理员、就业指导中心和校领导可查看全校，无需选择"),
    )
    phone = forms.CharField(label=_("手机"), max_length=20, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)

    def __init__(self, *args, user: User | None = None, **kwargs):
        if user is not None:
            kwargs["initial"] = {
                "username": user.username,
                "last_name": user.last_name,
                "first_name": user.first_name,
                "role": user.role,
                "departments": list(user.departments.all()),
                "phone": user.phone,
                "email": user.email,
                "is_active": user.is_active,
                **(kwargs.get("initial") or {}),
            }
        super().__init__(*args, **kwargs)
        # Inactive departments stay selectable only where the user already belongs to them.
        departments = _departments().filter(is_active=True)
        if user is not None:
            departments = departments | _departments().filter(staff=user)
        self.fields["departments"].queryset = departments.distinct().order_by("code")
        self.fields["departments"].widget.attrs["col"] = "col-12"


class UserCreateForm(SetPasswordMixin, UserForm):
    password1, password2 = SetPasswordMixin.create_password_fields(label1=_("初始密码"), label2=_("确认密码"))
    service_error_fields = {"password": "password1"}

    def clean(self):
        cleaned_data = super().clean()
        self.validate_passwords("password1", "password2")
        if "password2" not in self.errors:
            # Shown with the other errors at once; the service checks again before saving.
            candidate = User(
                **{
                    name: cleaned_data.get(name) or ""
                    for name in ("username", "last_name", "first_name", "email")
                }
            )
            self.validate_password_for_user(candidate, "password1")
        return cleaned_data

    def user_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in UserForm.base_fields}


class UserUpdateForm(UserForm):
    is_active = forms.BooleanField(label=_("启用"), required=False)

    def user_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class PasswordResetForm(StyledFormMixin, SetPasswordForm):
    service_error_fields = {"password": "new_password1"}


class OwnPasswordChangeForm(StyledFormMixin, PasswordChangeForm):
    """Django's form (the old password, the new one twice, AUTH_PASSWORD_VALIDATORS); saving goes through
    accounts.services.user_change_own_password, not the form's save()."""

    service_error_fields = {"password": "new_password1"}


class ApiTokenForm(StyledFormMixin, forms.Form):
    name = forms.CharField(
        label=_("用途说明"),
        max_length=60,
        help_text=_("例如：教务系统同步、统计脚本"),
    )
    days = forms.IntegerField(label=_("有效期（天）"), min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        longest = settings.API_TOKEN_DAYS
        days = self.fields["days"]
        days.max_value = longest
        days.validators.append(MaxValueValidator(longest))
        days.widget.attrs["max"] = longest
        days.initial = longest
        days.help_text = _("最长 %(days)s 天") % {"days": longest}
