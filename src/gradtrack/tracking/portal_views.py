"""The graduate portal (phone first): sign in with 学号 + password, see the own file and service, report
changes. A portal account sees only its own graduate: anything else is a 404 (tracking.selectors)."""

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from gradtrack.accounts import roles
from gradtrack.accounts import services as accounts_services
from gradtrack.core.models import PolicySettings
from gradtrack.security import throttle
from gradtrack.security.network import client_address
from gradtrack.tracking import forms, selectors, services
from gradtrack.tracking.models import TrackingService


class GraduateRequiredMixin(AccessMixin):
    """Signed-in graduates only; staff and strangers are sent to the portal sign-in or refused."""

    def get_login_url(self):
        return reverse("portal:login")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.graduate = selectors.portal_graduate(request.user)
        if self.graduate is None:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _service(graduate) -> TrackingService | None:
    return TrackingService.objects.filter(graduate=graduate).first()


class PortalLoginView(View):
    template_name = "portal/login.html"

    def get(self, request):
        if selectors.portal_graduate(request.user):
            return redirect("portal:home")
        return render(request, self.template_name, {"form": forms.PortalLoginForm()})

    def post(self, request):
        form = forms.PortalLoginForm(request.POST)
        if form.is_valid():
            # The staff sign-in's throttle, keyed apart so that a 学号 never collides with a staff username.
            throttle_key = f"portal:{form.cleaned_data['student_no'].strip()}"
            address = client_address(request)
            # Counted as a failure under a row lock before the password is checked, so parallel guesses
            # cannot slip past the limit (security.throttle.sign_in_attempt).
            attempt = throttle.sign_in_attempt(throttle_key, address)
            if isinstance(attempt, throttle.Refusal):
                form.add_error(
                    None, _("登录失败次数过多，请 %(minutes)s 分钟后再试。") % {"minutes": attempt.minutes}
                )
                return render(request, self.template_name, {"form": form}, status=429)
            account = accounts_services.portal_user_for_student_no(form.cleaned_data["student_no"])
            user = None
            if account is not None:
                user = authenticate(
                    request, username=account.username, password=form.cleaned_data["password"]
                )
            if user is not None and selectors.portal_graduate(user) is not None:
                attempt.succeeded()
                login(request, user)
                next_url = request.POST.get("next") or request.GET.get("next")
                if (
                    next_url
                    and url_has_allowed_host_and_scheme(
                        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
                    )
                    and next_url.startswith(reverse("portal:home"))
                ):
                    return redirect(next_url)
                return redirect("portal:home")
            if user is not None and user.graduate is not None and user.graduate.is_archived:
                form.add_error(
                    None, _("你的档案已由学校归档，门户账号暂停使用。如有疑问，请联系学校就业指导中心。")
                )
            else:
                form.add_error(None, _("学号或密码不正确。首次使用请通过学校发给你的邀请链接设置密码。"))
        return render(request, self.template_name, {"form": form}, status=200)


class PortalLogoutView(View):
    def post(self, request):
        logout(request)
        return redirect("portal:login")


class PortalHomeView(GraduateRequiredMixin, TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        graduate = self.graduate
        service = _service(graduate)
        today = timezone.localdate()
        policy = PolicySettings.current()
        jobs = list(graduate.jobs.select_related("employer").order_by("-start_date", "-pk"))
        return super().get_context_data(
            graduate=graduate,
            service=service,
            status_today=services.status_on(service, today) if service else None,
            policy=policy,
            jobs=jobs,
            current_job=next((job for job in jobs if job.is_current), None),
            changes=selectors.changes_visible_to(self.request.user).order_by("-reported_on", "-pk")[:20],
            ask_for_confirmation=services.self_confirmation_due(service, today),
            **kwargs,
        )


class PortalConfirmView(GraduateRequiredMixin, View):
    """ "您的工作有变化吗？" → 无变化: one tap that counts as a contact (§4, 本人确认)."""

    def post(self, request):
        service = _service(self.graduate)
        if not services.self_confirmation_due(service):
            messages.info(request, _("目前无需确认；到下次回访时会再提醒你。"))
            return redirect("portal:home")
        try:
            services.self_confirmation_record(service=service, acting_user=request.user)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("谢谢！已记录你的确认：工作无变化。"))
        return redirect("portal:home")


class PortalChangeCreateView(GraduateRequiredMixin, TemplateView):
    template_name = "portal/change_form.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", forms.PortalChangeForm(initial={"occurred_on": timezone.localdate()}))
        return super().get_context_data(service=_service(self.graduate), **kwargs)

    def post(self, request, *args, **kwargs):
        service = _service(self.graduate)
        form = forms.PortalChangeForm(request.POST)
        if service is None or service.status != TrackingService.Status.ACTIVE:
            form.add_error(None, _("你目前没有进行中的跟踪服务，无需通报变动；如有需要请联系学校。"))
        elif form.is_valid():
            try:
                change = services.portal_change_report(
                    service=service, data=form.cleaned_data, acting_user=request.user
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("已提交，学校确认后会更新你的就业档案。"))
                return redirect("portal:change_detail", pk=change.pk)
        return self.render_to_response(self.get_context_data(form=form))


class PortalChangeDetailView(GraduateRequiredMixin, TemplateView):
    template_name = "portal/change_detail.html"

    def get_context_data(self, **kwargs):
        change = get_object_or_404(selectors.changes_visible_to(self.request.user), pk=self.kwargs["pk"])
        return super().get_context_data(change=change, **kwargs)


class PortalAcceptView(View):
    """The invitation link: set a password, then sign in. The token is single-use and expires."""

    template_name = "portal/accept.html"

    def _render(self, request, context, status=200):
        response = render(request, self.template_name, context, status=status)
        add_never_cache_headers(response)
        # The token is in the address: the site's same-origin policy keeps it from other sites. "no-referrer"
        # would also make Chromium send `Origin: null` with the form, which Django's CSRF check refuses (403).
        response["Referrer-Policy"] = "same-origin"
        return response

    def get(self, request, token):
        invitation = services.portal_invitation_for_token(token)
        if invitation is None:
            return self._render(request, {"invalid": True}, status=404)
        return self._render(request, {"form": forms.SetPasswordForm(), "graduate": invitation.graduate})

    def post(self, request, token):
        invitation = services.portal_invitation_for_token(token)
        if invitation is None:
            return self._render(request, {"invalid": True}, status=404)
        if roles.is_staff_user(request.user):
            logout(request)
        form = forms.SetPasswordForm(request.POST)
        if form.is_valid():
            try:
                user = services.portal_invitation_accept(token=token, password=form.cleaned_data["password1"])
            except ValidationError as error:
                form.add_error("password1", error)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("密码已设置。以后请用学号和这个密码登录。"))
                return redirect("portal:home")
        return self._render(request, {"form": form, "graduate": invitation.graduate})
