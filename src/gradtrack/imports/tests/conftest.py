import pytest


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_directory(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
