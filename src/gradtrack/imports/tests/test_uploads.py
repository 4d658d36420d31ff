"""Uploaded rosters waiting for confirmation are deleted after IMPORT_UPLOAD_KEEP_HOURS, by gradtrack daily."""

import io
import os
import time

from django.core.files.storage import default_storage
from django.core.management import call_command

from gradtrack.imports import uploads


def stored(name: str, hours_old: float) -> str:
    path = uploads.upload_store(io.BytesIO(b"roster with ID numbers"), token=name)
    then = time.time() - hours_old * 3600
    os.utime(default_storage.path(path), (then, then))
    return path


def test_uploads_older_than_the_setting_are_deleted_and_newer_ones_kept(db, settings):
    settings.IMPORT_UPLOAD_KEEP_HOURS = 2
    old, fresh = stored("old", 3), stored("fresh", 1)
    assert uploads.uploads_purge_abandoned() == 1
    assert not default_storage.exists(old)
    assert default_storage.exists(fresh)


def test_gradtrack_daily_deletes_abandoned_uploads(db, settings):
    settings.IMPORT_UPLOAD_KEEP_HOURS = 24
    old, fresh = stored("old", 25), stored("fresh", 23)
    output = io.StringIO()
    call_command("daily", stdout=output)
    assert not default_storage.exists(old)
    assert default_storage.exists(fresh)
    assert "删除超过保留时间仍未确认导入的上传文件 1 个" in output.getvalue()


def test_nothing_to_purge_without_any_upload_yet(db):
    assert uploads.uploads_purge_abandoned() == 0
