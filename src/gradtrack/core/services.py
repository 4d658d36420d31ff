"""Writes to the school profile and the policy numbers, with their history in the same transaction."""

import re
import unicodedata
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from gradtrack.core import history
from gradtrack.core.models import PolicySettings, SchoolProfile

POSTCODE = re.compile(r"[0-9]{6}")
PERCENT_FIELDS = ("survey_past_cohorts_percent", "survey_current_cohort_percent", "site_visit_percent")
# Periods of the policy: zero would switch a rule off (or, for probation, end it before it starts).
PERIOD_FIELDS = (
    "service_years",
    "follow_up_months",
    "report_window_days",
    "probation_months",
    "replacement_wait_months",
)


def _check_school_profile(profile: SchoolProfile) -> None:
    # Typed on a Chinese keyboard the postcode may come in full-width digits (６１７０００).
    profile.postcode = unicodedata.normalize("NFKC", profile.postcode or "").strip()
    profile.full_clean()
    if profile.postcode and not POSTCODE.fullmatch(profile.postcode):
        raise ValidationError({"postcode": _("邮政编码应为6位数字")})


def _check_policy_settings(policy: PolicySettings) -> None:
    policy.full_clean()
    errors = {}
    for name in PERCENT_FIELDS:
        if not 1 <= getattr(policy, name) <= 100:
            errors[name] = _("比例应在 1 到 100 之间")
    for name in PERIOD_FIELDS:
        if getattr(policy, name) < 1:
            errors[name] = _("不能小于 1")
    if policy.local_minimum_wage is not None and policy.local_minimum_wage <= 0:
        errors["local_minimum_wage"] = _("最低工资标准应大于 0")
    if errors:
        raise ValidationError(errors)


def _quantize_decimals(instance: models.Model) -> None:
    # 2100 typed on the page is the 2100.00 stored: compare (and record history) as the database keeps it.
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if isinstance(field, models.DecimalField) and isinstance(value, Decimal):
            setattr(instance, field.attname, value.quantize(Decimal(1).scaleb(-field.decimal_places)))


def _save_singleton(model: type[models.Model], current, check, data: dict[str, Any], acting_user):
    instance = model.objects.select_for_update().order_by("pk").first()
    creating = instance is None
    if creating:
        # The defaults (or the demo school) as the page showed them, so the history shows what changed.
        instance = current()
    before = history.snapshot(instance)
    for key, value in data.items():
        setattr(instance, key, value.strip() if isinstance(value, str) else value)
    _quantize_decimals(instance)
    check(instance)
    if not creating and history.snapshot(instance) == before:
        return instance
    instance.save()
    if creating:
        history.record_create(instance, actor=acting_user)
    else:
        history.record_update(instance, before, actor=acting_user)
    return instance


@transaction.atomic
def school_profile_update(*, data: dict[str, Any], acting_user) -> SchoolProfile:
    return _save_singleton(SchoolProfile, SchoolProfile.current, _check_school_profile, data, acting_user)


@transaction.atomic
def policy_settings_update(*, data: dict[str, Any], acting_user) -> PolicySettings:
    return _save_singleton(PolicySettings, PolicySettings.current, _check_policy_settings, data, acting_user)
