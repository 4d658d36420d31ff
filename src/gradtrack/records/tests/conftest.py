"""Fixtures of the records app's tests (the access trio itself lives in the root conftest)."""

import pytest


@pytest.fixture(autouse=True)
def _static_files_without_manifest(settings):
    # Pages render {% static %}; the test run has no collectstatic manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The factories set a password for every user; Argon2 would make each page test slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
