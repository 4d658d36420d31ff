"""Check-digit and format validation of identity numbers, credit codes and phone numbers (POLICY §10)."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

MOBILE_RE = re.compile(r"^1[3-9][0-9]{9}$")


def to_halfwidth(value: str) -> str:
    """Full-width digits, letters and punctuation become their ASCII forms."""
    return unicodedata.normalize("NFKC", value)


def normalize_mobile(value: str | int | None) -> str:
    """'+86 138-0000 0000', '８６１３８…' and 13800000000.0 all become '13800000000'."""
    if value is None:
        return ""
    text = to_halfwidth(str(value)).strip()
    if re.fullmatch(r"\d+\.0", text):
        text = text[:-2]
    digits = re.sub(r"[\s\-()（）.]", "", text)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


def validate_mobile(value: str) -> None:
    if value and not MOBILE_RE.fullmatch(value):
        raise ValidationError(_("手机号码应为以 1 开头的 11 位数字"), code="invalid_mobile")


def validate_qq(value: str) -> None:
    if value and not re.fullmatch(r"[1-9][0-9]{4,11}", value):
        raise ValidationError(_("QQ 号应为 5～12 位数字"), code="invalid_qq")


def normalize_id_number(value: str | None) -> str:
    return to_halfwidth(value or "").strip().upper().replace(" ", "")


def validate_id_number(value: str) -> None:
    if not value:
        return
    try:
        ric.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("身份证号无效（长度、出生日期或校验位不正确）"), code="invalid_id_number"
        ) from exc


def normalize_credit_code(value: str | None) -> str:
    return to_halfwidth(value or "").strip().upper().replace(" ", "")


def validate_credit_code(value: str) -> None:
    if not value:
        return
    try:
        uscc.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("统一社会信用代码无效（应为 18 位，且校验位正确）"), code="invalid_credit_code"
        ) from exc


def normalize_employer_name(value: str | None) -> str:
    """Names compare equal when they differ only in width, spaces or bracket style."""
    text = to_halfwidth(value or "")
    text = re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")
    return text.lower()
