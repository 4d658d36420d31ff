"""A forced password change: after an administrator set or reset a user's password (User.must_change_password),
every page sends the user to the change page until they have chosen their own."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

# Besides the change page itself: signing out, and what is not a page (static files are served before).
EXEMPT_PREFIXES = ("/accounts/logout/", "/api/", "/healthz")


def forced_password_change(get_response):
    def middleware(request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            change_page = reverse("accounts:password_change")
            if request.path != change_page and not request.path.startswith(EXEMPT_PREFIXES):
                target = change_page
                if request.method == "GET":
                    target += "?" + urlencode({"next": request.get_full_path()})
                return redirect(target)
        return get_response(request)

    return middleware
