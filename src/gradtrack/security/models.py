"""Records the security features keep in the database (never in a process: every worker sees them)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginFailure(models.Model):
    """One failed sign-in; counted per username and per address inside the throttle window."""

    username = models.CharField(_("用户名"), max_length=150, db_index=True)
    address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True, db_index=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("登录失败记录")
        verbose_name_plural = _("登录失败记录")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.username} @ {self.address}"


class ThrottleLock(models.Model):
    """A row to lock (SELECT … FOR UPDATE) while a throttle counts and records: one per bucket of keys.

    Counting and recording an attempt under this lock is what makes parallel attempts see each other; the
    rows are few (a key's hash picks its bucket) and never removed, so the lock needs no clean-up."""

    id = models.PositiveIntegerField(primary_key=True)

    class Meta:
        verbose_name = _("限流锁")
        verbose_name_plural = _("限流锁")

    def __str__(self):
        return str(self.pk)


class ThrottleEvent(models.Model):
    """One counted request of a rate limit ("employer-form:link:…"), counted until it expires."""

    key = models.CharField(_("限流键"), max_length=200)
    expires_at = models.DateTimeField(_("失效时间"), db_index=True)

    class Meta:
        verbose_name = _("限流记录")
        verbose_name_plural = _("限流记录")
        indexes = [models.Index(fields=["key", "expires_at"], name="security_throttle_key_idx")]

    def __str__(self):
        return self.key


class AccessLogEntry(models.Model):
    """Who read personal information in bulk or in full, when, what, how many records and why
    (《个人信息保护法》第五十一条). One row per request, however many records it carried."""

    class Action(models.TextChoices):
        EXPORT = "export", _("导出")
        VIEW_ID_NUMBER = "view_id_number", _("查看完整身份证号")
        ERASE_PERSONAL_DATA = "erase_personal", _("删除个人信息")
        API_READ = "api_read", _("接口读取")
        DOWNLOAD = "download", _("下载文档")
        BACKUP = "backup", _("备份")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_repr = models.CharField(_("操作人"), max_length=160)
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    # What was read: "毕业生名单（筛选：届别=2024）", "李明（2024000001）".
    subject = models.CharField(_("内容"), max_length=300)
    record_count = models.PositiveIntegerField(_("记录数"), default=1)
    # Which sensitive fields were read in full: "身份证号、手机、月薪" (accounts.privacy.SENSITIVE_FIELDS).
    fields = models.CharField(_("涉及字段"), max_length=200, blank=True)
    reason = models.CharField(_("事由"), max_length=300, blank=True)
    path = models.CharField(_("访问地址"), max_length=500, blank=True)
    address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("个人信息访问记录")
        verbose_name_plural = _("个人信息访问记录")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.actor_repr} {self.get_action_display()} {self.subject}"
