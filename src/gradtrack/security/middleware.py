"""Content-Security-Policy on every response: scripts and styles only from this site, never inline."""

from django.conf import settings


def content_security_policy(get_response):
    policy = "; ".join(f"{name} {value}" for name, value in settings.CONTENT_SECURITY_POLICY.items())

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Content-Security-Policy", policy)
        return response

    return middleware
