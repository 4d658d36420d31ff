"""The error of an edit that lost a race: part of the kernel, so the API's error handler can answer it with a
409 without importing the apps whose services raise it."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class ConcurrentEditError(ValidationError):
    """Someone else saved the record after this edit began; nothing was overwritten."""

    def __init__(self):
        super().__init__(_("该记录已被他人修改，请刷新页面后重新编辑。"), code="concurrent_edit")
