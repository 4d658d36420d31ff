"""Headers on every response the app itself answers (static files are answered before, by WhiteNoise):

- Content-Security-Policy: scripts and styles only from this site, never inline;
- Permissions-Policy: no page of the app uses the camera, the microphone, the location or payment, so none may;
- Cache-Control: no-store, because nearly every page carries personal information (a graduate's file, the
  employer form's list of graduates, an API list of phones): neither the browser's back/forward cache on a
  shared computer in a 系部 office nor a proxy may keep a copy. A view that deliberately makes an anonymous
  answer cacheable (it sets Cache-Control itself) keeps its own header.
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers


def content_security_policy(get_response):
    policy = "; ".join(f"{name} {value}" for name, value in settings.CONTENT_SECURITY_POLICY.items())

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Content-Security-Policy", policy)
        return response

    return middleware


def privacy_headers(get_response):
    permissions = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENIED)

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", permissions)
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        if signed_in or "Cache-Control" not in response.headers:
            add_never_cache_headers(response)
        return response

    return middleware
