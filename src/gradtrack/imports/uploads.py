"""Where an uploaded roster waits for its confirmation: media/imports/ in Django's storage.

Such a file holds a whole roster with 身份证号, so it lives no longer than it must: it is deleted when the import
is confirmed or replaced by another upload, and, never confirmed, after IMPORT_UPLOAD_KEEP_HOURS by
`gradtrack daily` (and at the next upload). Backups leave this folder out (site.backup).

Decision: the hours are a Django setting (GRADTRACK_IMPORT_UPLOAD_KEEP_HOURS), not a policy setting: they bound
how long personal data sits on the server's disk, a deployment's security limit like the upload sizes, not a
number of the school's 办法 for an administrator to tune on a page.
"""

import datetime

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

UPLOAD_DIR = "imports"


def upload_store(upload, *, token: str) -> str:
    """Keep the upload until it is confirmed; returns its name in the storage."""
    return default_storage.save(f"{UPLOAD_DIR}/{token}.xlsx", upload)


def upload_discard(name: str) -> None:
    default_storage.delete(name)


def uploads_purge_abandoned(*, now: datetime.datetime | None = None) -> int:
    """Delete the uploads older than IMPORT_UPLOAD_KEEP_HOURS; how many were deleted. Best effort: a storage
    that cannot list its files keeps them (the confirmation and the next upload still delete their own)."""
    cutoff = (now or timezone.now()) - datetime.timedelta(hours=settings.IMPORT_UPLOAD_KEEP_HOURS)
    removed = 0
    try:
        _directories, files = default_storage.listdir(UPLOAD_DIR)
        for name in files:
            path = f"{UPLOAD_DIR}/{name}"
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                removed += 1
    except (FileNotFoundError, NotImplementedError, OSError):
        pass
    return removed
