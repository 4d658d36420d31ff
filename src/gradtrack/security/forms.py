from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from gradtrack.accounts import privacy
from gradtrack.accounts.models import User
from gradtrack.security import throttle
from gradtrack.security.models import AccessLogEntry
from gradtrack.security.network import client_address


class ThrottledAuthenticationForm(AuthenticationForm):
    """The sign-in form, refusing an account or an address after too many failures (security.throttle)."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if not username or not self.cleaned_data.get("password"):
            return super().clean()  # a field is missing: nothing is checked, nothing counted
        address = client_address(self.request) if self.request is not None else None
        attempt = throttle.sign_in_attempt(username, address)
        if isinstance(attempt, throttle.Refusal):
            raise ValidationError(self.refusal_message(attempt), code="throttled")
        try:
            cleaned_data = super().clean()
        except ValidationError as error:
            if error.code != "invalid_login":
                attempt.withdraw()
            raise
        attempt.succeeded()
        return cleaned_data

    @staticmethod
    def refusal_message(refused: throttle.Refusal) -> str:
        if refused.reason == "username":
            return _(
                "该账号登录失败次数过多，已暂时锁定。请 %(minutes)s 分钟后再试；"
                "如忘记密码，请联系系统管理员重置。"
            ) % {"minutes": refused.minutes}
        return _("您所在的网络地址登录失败次数过多，请 %(minutes)s 分钟后再试。") % {
            "minutes": refused.minutes
        }


COMMAND_LINE = "cli"


class AccessLogFilterForm(forms.Form):
    q = forms.CharField(label=_l("操作人或内容"), required=False, max_length=100)
    actor = forms.ChoiceField(label=_l("操作人"), required=False)
    action = forms.ChoiceField(
        label=_l("操作"), required=False, choices=[("", _l("全部操作")), *AccessLogEntry.Action.choices]
    )
    field = forms.ChoiceField(
        label=_l("涉及字段"),
        required=False,
        choices=[("", _l("全部字段")), *privacy.SENSITIVE_FIELDS.items()],
    )
    since = forms.DateField(
        label=_l("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_l("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The users the log names (an account deleted since is found through 操作人或内容).
        users = User.objects.filter(pk__in=AccessLogEntry.objects.values("actor")).order_by("username")
        self.fields["actor"].choices = [
            ("", _("全部操作人")),
            (COMMAND_LINE, _("命令行")),
            *((str(user.pk), f"{user} ({user.username})") for user in users),
        ]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("截止日期不能早于起始日期"))
        return cleaned

    def filter(self, entries: QuerySet[AccessLogEntry]) -> QuerySet[AccessLogEntry]:
        """The entries the valid form asks for (an invalid one: none, its errors shown on the form)."""
        if not self.is_bound:
            return entries
        if not self.is_valid():
            return entries.none()
        data = self.cleaned_data
        if data["q"]:
            entries = entries.filter(Q(actor_repr__icontains=data["q"]) | Q(subject__icontains=data["q"]))
        if data["actor"] == COMMAND_LINE:
            entries = entries.filter(actor__isnull=True, actor_repr__startswith=_("命令行"))
        elif data["actor"]:
            entries = entries.filter(actor_id=data["actor"])
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["field"]:
            entries = entries.filter(fields__contains=str(privacy.SENSITIVE_FIELDS[data["field"]]))
        if data["since"]:
            entries = entries.filter(at__date__gte=data["since"])
        if data["until"]:
            entries = entries.filter(at__date__lte=data["until"])
        return entries
