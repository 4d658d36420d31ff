"""Who sees which personal information in full — the one place that decides it (README, "Privacy").

| role              | 身份证号 in lists, exports, API lists | 身份证号 on a graduate's page, form, API record | 联系方式 and 月薪 in lists, exports, API |
|-------------------|----------------------------------------|-------------------------------------------------|-------------------------------------------|
| 系统管理员         | never (left out or masked)             | full, and every view is logged                  | full                                      |
| 就业指导中心       | never                                  | full, logged                                    | full                                      |
| 系部 (own dept.)   | never                                  | full, logged                                    | full                                      |
| 校领导             | never                                  | masked                                          | masked, in lists and on one record alike  |

A 系部 user only ever reaches their own department's graduates (records.selectors), so "own department" is
the scope's job, not this module's. 校领导 read everything for oversight and statistics, which needs neither
identity numbers nor individual contacts or salaries: they are masked on every output — pages, API lists and
records, exports, documents — so that masking is not a matter of which door one comes in by. Every output
asks ``shows_in_full`` / ``disclose`` here; what was given in full is written to the access log
(security.access_log) by the output that gave it.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from gradtrack.accounts import roles
from gradtrack.accounts.models import User

MASK = "****"
CONTACT_FIELDS = ("mobile", "qq", "wechat", "email", "parent_contact")
SALARY_FIELDS = ("monthly_salary", "starting_salary")
# Every field whose reading in full is personal information the access log must record, with its label.
SENSITIVE_FIELDS = {
    "id_number": _("身份证号"),
    "mobile": _("手机"),
    "qq": _("QQ"),
    "wechat": _("微信"),
    "email": _("邮箱"),
    "parent_contact": _("家长联系方式"),
    "monthly_salary": _("月薪"),
    "starting_salary": _("起薪"),
}
FULL_ID_NUMBER_ROLES = {User.Role.ADMIN, User.Role.CENTRE, User.Role.DEPARTMENT}
BULK_CONTACT_ROLES = {User.Role.ADMIN, User.Role.CENTRE, User.Role.DEPARTMENT}


@dataclass(frozen=True)
class Disclosure:
    full_id_number: bool  # on one graduate's page / form / API record (never in lists)
    contacts_in_lists: bool  # 手机, QQ, 微信, 邮箱, 家长联系方式 in lists, exports, API lists and records
    salary_in_lists: bool  # 月薪 in lists, exports, API lists and records


def disclosure_for(user) -> Disclosure:
    if not roles.is_staff_user(user):
        return Disclosure(False, False, False)
    role = User.Role.ADMIN if user.is_superuser else user.role
    bulk = role in BULK_CONTACT_ROLES
    return Disclosure(
        full_id_number=role in FULL_ID_NUMBER_ROLES, contacts_in_lists=bulk, salary_in_lists=bulk
    )


def mask_id_number(value: str | None) -> str:
    """510402********123X: the region and the last four, enough to tell two people apart."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) <= 8:
        return MASK
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_mobile(value: str | None) -> str:
    """139****1111."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) < 8:
        return MASK
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_contact(value: str | None) -> str:
    """Any contact: a mobile number as 139****1111, an e-mail as z****@qq.com, anything else as z****."""
    value = (value or "").strip()
    if not value:
        return ""
    digits = value.replace(" ", "").replace("-", "")
    if digits.isdigit() and len(digits) == 11:
        return mask_mobile(digits)
    local, at, domain = value.partition("@")
    if at:
        return local[:1] + MASK + "@" + domain
    return value[:1] + MASK


def mask_salary(value):
    return None if value is None else MASK


def shows_in_full(user, field: str, *, in_list: bool) -> bool:
    """Whether ``user`` sees ``field`` unmasked in a list (``in_list``) or on one record."""
    disclosure = disclosure_for(user)
    if field == "id_number":
        return disclosure.full_id_number and not in_list
    if field in CONTACT_FIELDS:
        return disclosure.contacts_in_lists
    if field in SALARY_FIELDS:
        return disclosure.salary_in_lists
    return True


def fields_in_full(user, fields, *, in_list: bool) -> list[str]:
    """Of ``fields``, those ``user`` sees unmasked: what an output that carries them writes to the access log."""
    return [field for field in fields if shows_in_full(user, field, in_list=in_list)]


def mask_value(field: str, value):
    if field == "id_number":
        return mask_id_number(value)
    if field in CONTACT_FIELDS:
        return mask_contact(value)
    if field in SALARY_FIELDS:
        return mask_salary(value)
    return value


def _present(value) -> bool:
    return value not in (None, "")


def disclose(
    user,
    values: Mapping,
    *,
    in_list: bool,
    masks: Mapping[str, Callable] | None = None,
) -> tuple[dict, set[str]]:
    """``values`` as ``user`` may see them, and the sensitive fields among them given in full (not empty).

    Every sensitive field the user may not see in full is masked (``masks`` replaces a field's mask, e.g. the
    API's salary is left out as null). The second value is what the output must write to the access log."""
    shown, disclosed = dict(values), set()
    for field in SENSITIVE_FIELDS.keys() & shown.keys():
        if shows_in_full(user, field, in_list=in_list):
            if _present(shown[field]):
                disclosed.add(field)
        else:
            mask = (masks or {}).get(field)
            shown[field] = mask(shown[field]) if mask else mask_value(field, shown[field])
    return shown, disclosed


def field_labels(fields) -> str:
    """ "身份证号、手机" in the table's order, for the access log; other personal data (a letter's "姓名") as named."""
    fields = list(fields)
    labels = [str(label) for name, label in SENSITIVE_FIELDS.items() if name in fields]
    return "、".join(labels + [str(name) for name in fields if name not in SENSITIVE_FIELDS])
