"""The request-size cap: an oversized body is refused (413, in Chinese) before a byte of it is read."""

import socket
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gradtrack.security.limits import body_limit

MB = 1024 * 1024


class UnreadableBody:
    """A wsgi.input that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the request body was read")

    readline = read

    def __iter__(self):
        raise AssertionError("the request body was read")


def declared_post(client, path, length, **extra):
    return client.generic(
        "POST",
        path,
        CONTENT_TYPE="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": UnreadableBody()},
        **extra,
    )


def test_a_300_mb_post_to_the_sign_in_page_is_refused_unread(client, db):
    response = declared_post(client, reverse("accounts:login"), 300 * MB)
    assert response.status_code == 413
    page = response.content.decode().replace("\xa0", " ")
    assert "提交的内容过大（300.0 MB），本页面最多接受 2.0 MB" in page
    assert '<html lang="zh-Hans">' in page


def test_the_api_is_answered_in_json(client, db):
    response = declared_post(client, "/api/v1/graduates/", 300 * MB)
    assert response.status_code == 413
    assert "提交的内容过大" in response.json()["detail"]


def test_a_body_within_the_general_cap_goes_on_to_the_page(client, db):
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 200  # the sign-in form answers (wrong password), not the cap


@pytest.mark.parametrize(
    ("path", "length", "status"),
    [
        # The roster upload may carry its file's limit on top of the general cap.
        ("/imports/", settings.IMPORT_MAX_BYTES, 302),  # let through: the page itself asks for a sign-in
        ("/imports/", settings.IMPORT_MAX_BYTES + settings.REQUEST_MAX_BYTES + 1, 413),
        ("/f/anything/", settings.STAMP_SCAN_MAX_BYTES + settings.REQUEST_MAX_BYTES + 1, 413),
        ("/f/anything/draft/", settings.REQUEST_MAX_BYTES + 1, 413),  # the JSON draft carries no file
    ],
)
def test_upload_pages_take_their_files_limit_on_top(client, db, path, length, status):
    assert declared_post(client, path, length).status_code == status


def test_a_chunked_body_without_a_length_is_refused(client, db):
    response = client.generic(
        "POST",
        reverse("accounts:login"),
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 411
    assert "请求缺少长度信息" in response.content.decode()


def test_a_length_that_is_not_a_number_is_refused(client, db):
    response = declared_post(client, reverse("accounts:login"), "12x")
    assert response.status_code == 400
    assert "长度信息（Content-Length）无效" in response.content.decode()


def test_the_limits_follow_the_settings(settings):
    settings.REQUEST_MAX_BYTES = 1000
    settings.REQUEST_MAX_BYTES_BY_URL = {"imports:upload": 5000}
    assert body_limit("/imports/") == 5000
    assert body_limit("/accounts/login/") == 1000
    assert body_limit("/no/such/page/") == 1000


def _view_names(resolver, namespace="") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _view_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_upload_page_of_the_setting_exists():
    assert set(settings.REQUEST_MAX_BYTES_BY_URL) <= _view_names(get_resolver())


def test_a_real_server_answers_413_before_the_body_is_sent(live_server):
    # Headers announcing 300 MB and only the first 64 KB of it: the answer comes without the rest.
    address = urlsplit(live_server.url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as connection:
        connection.sendall(
            b"POST /accounts/login/ HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            + f"Content-Length: {300 * MB}\r\n\r\n".encode()
            + b"a" * 65536
        )
        answer = connection.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413")
