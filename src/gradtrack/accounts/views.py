"""Staff accounts (系统管理员 only), each staff member's own password and API tokens."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.functions import Concat
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from gradtrack.accounts import forms, services
from gradtrack.accounts.mixins import AdminRequiredMixin, StaffRequiredMixin
from gradtrack.accounts.models import ApiToken, User
from gradtrack.core import history


class UserListView(AdminRequiredMixin, ListView):
    template_name = "accounts/user_list.html"
    context_object_name = "users"
    paginate_by = 50

    def get_queryset(self):
        self.filters = forms.UserFilterForm(self.request.GET or None)
        users = User.objects.prefetch_related("departments").order_by("username")
        if not self.filters.is_valid():
            return users
        query = self.filters.cleaned_data["q"].strip()
        if query:
            users = users.annotate(full_name=Concat("last_name", "first_name")).filter(
                Q(username__icontains=query) | Q(full_name__icontains=query) | Q(phone__icontains=query)
            )
        if role := self.filters.cleaned_data["role"]:
            users = users.filter(role=role)
        if status := self.filters.cleaned_data["status"]:
            users = users.filter(is_active=status == "active")
        return users

    def get_context_data(self, **kwargs):
        return super().get_context_data(filters=self.filters, **kwargs)


class UserCreateView(AdminRequiredMixin, FormView):
    template_name = "accounts/user_form.html"
    form_class = forms.UserCreateForm

    def form_valid(self, form):
        try:
            user = services.user_create(
                data=form.user_data(), password=form.cleaned_data["password1"], acting_user=self.request.user
            )
        except ValidationError as exc:
            form.add_service_error(exc)
            return self.form_invalid(form)
        messages.success(self.request, _("已创建用户“%(user)s”") % {"user": user})
        return redirect("accounts:user_update", pk=user.pk)


class UserObjectMixin(AdminRequiredMixin):
    @cached_property
    def target(self) -> User:
        return get_object_or_404(User, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            target=self.target, is_self=self.target.pk == self.request.user.pk, **kwargs
        )


class UserUpdateView(UserObjectMixin, FormView):
    template_name = "accounts/user_form.html"
    form_class = forms.UserUpdateForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.target}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            history=history.history_of(self.target), token_count=active_tokens(self.target).count(), **kwargs
        )

    def form_valid(self, form):
        try:
            services.user_update(user=self.target, data=form.user_data(), acting_user=self.request.user)
        except ValidationError as exc:
            form.add_service_error(exc)
            return self.form_invalid(form)
        messages.success(self.request, _("已保存用户“%(user)s”") % {"user": self.target})
        return redirect("accounts:user_update", pk=self.target.pk)


class UserPasswordView(UserObjectMixin, FormView):
    template_name = "accounts/user_password.html"
    form_class = forms.PasswordResetForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.target}

    def form_valid(self, form):
        try:
            services.user_set_password(
                user=self.target, password=form.cleaned_data["new_password1"], acting_user=self.request.user
            )
        except ValidationError as exc:
            form.add_service_error(exc)
            return self.form_invalid(form)
        messages.success(self.request, _("已重置“%(user)s”的密码") % {"user": self.target})
        return redirect("accounts:user_update", pk=self.target.pk)


class UserTokensRevokeView(UserObjectMixin, TemplateView):
    """An administrator revokes every API token of another user, after a confirmation page that lists them."""

    template_name = "accounts/user_tokens_revoke.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(tokens=active_tokens(self.target), **kwargs)

    def post(self, request, *args, **kwargs):
        count = services.user_api_tokens_revoke(user=self.target, acting_user=request.user)
        if count:
            messages.success(
                request,
                _("已撤销“%(user)s”的 %(count)s 个 API 令牌") % {"user": self.target, "count": count},
            )
        else:
            messages.info(request, _("“%(user)s”没有有效的 API 令牌") % {"user": self.target})
        return redirect("accounts:user_update", pk=self.target.pk)


class UserDeactivateView(UserObjectMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            services.user_deactivate(user=self.target, acting_user=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("已停用用户“%(user)s”") % {"user": self.target})
        return redirect("accounts:user_update", pk=self.target.pk)


def token_status(token: ApiToken) -> tuple[str, str]:
    """(label, Bootstrap colour) of a token as the list shows it."""
    if token.revoked_at is not None:
        return _("已撤销"), "secondary"
    if not token.is_active:
        return _("已过期"), "warning"
    return _("有效"), "success"


def active_tokens(user: User):
    return user.api_tokens.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class PasswordChangeView(StaffRequiredMixin, FormView):
    """Every staff member changes their own password (the old one, then the new one twice); it is also where
    a forced change after an administrator set the password leads (accounts.middleware)."""

    template_name = "accounts/password_change.html"
    form_class = forms.OwnPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            forced=self.request.user.must_change_password,
            token_count=active_tokens(self.request.user).count(),
            next_url=self.next_url(),
            **kwargs,
        )

    def next_url(self) -> str:
        url = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if url_has_allowed_host_and_scheme(
            url, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return url
        return reverse("site:dashboard")

    def form_valid(self, form):
        try:
            user = services.user_change_own_password(
                user=self.request.user, password=form.cleaned_data["new_password1"]
            )
        except ValidationError as exc:
            form.add_service_error(exc)
            return self.form_invalid(form)
        update_session_auth_hash(self.request, user)  # this session stays signed in, every other one ends
        messages.success(self.request, _("密码已修改。您的 API 令牌已全部撤销，如仍需要请重新创建。"))
        return redirect(self.next_url())


class TokenListView(StaffRequiredMixin, TemplateView):
    """Every staff member sees and manages only their own tokens."""

    template_name = "accounts/token_list.html"

    def get_context_data(self, **kwargs):
        tokens = [(token, *token_status(token)) for token in self.request.user.api_tokens.all()]
        return super().get_context_data(tokens=tokens, form=forms.ApiTokenForm(), **kwargs)


class TokenCreateView(StaffRequiredMixin, FormView):
    template_name = "accounts/token_form.html"
    form_class = forms.ApiTokenForm

    def form_valid(self, form):
        token, secret = services.api_token_create(
            user=self.request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
        )
        # The secret exists only in this response: it is neither stored nor put in the session.
        response = TemplateResponse(
            self.request,
            "accounts/token_created.html",
            {"token": token, "secret": secret, "api_base": self.request.build_absolute_uri("/api/v1/")},
        )
        add_never_cache_headers(response)
        return response


class TokenRevokeView(StaffRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        token = get_object_or_404(ApiToken, pk=pk, user=request.user)
        services.api_token_revoke(token=token)
        messages.success(request, _("已撤销令牌“%(token)s”") % {"token": token})
        return redirect(reverse("accounts:token_list"))
