import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    class Role(models.TextChoices):
        ADMIN = "admin", _("系统管理员")
        CENTRE = "centre", _("就业指导中心")
        DEPARTMENT = "department", _("系部")
        LEADER = "leader", _("校领导")
        GRADUATE = "graduate", _("毕业生")

    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.DEPARTMENT)
    departments = models.ManyToManyField(
        "records.Department", verbose_name=_("所属系部"), blank=True, related_name="staff"
    )
    phone = models.CharField(_("手机"), max_length=20, blank=True)
    # Set when an administrator sets or resets the password: the user must choose their own before anything
    # else (accounts.middleware), so that the administrator no longer knows it.
    must_change_password = models.BooleanField(_("须修改密码"), default=False)
    # A graduate's portal account (role 毕业生) belongs to exactly one graduate and sees only that file.
    graduate = models.OneToOneField(
        "records.Graduate",
        verbose_name=_("毕业生"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="portal_user",
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        return f"{self.last_name}{self.first_name}".strip()


class ApiToken(models.Model):
    """A per-user API token; only its SHA-256 is stored, the secret is shown once."""

    PREFIX_LENGTH = 8

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("用途说明"), max_length=60)
    prefix = models.CharField(_("前缀"), max_length=PREFIX_LENGTH, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("有效期至"))
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def generate_key() -> str:
        return "gt_" + secrets.token_urlsafe(32)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
