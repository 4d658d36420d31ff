"""Who sees which personal information in full — the one place that decides it (README, "Privacy").

| role              | 身份证号 in lists, exports, API lists | 身份证号 on a graduate's page, form, API record | 联系方式 and 月薪 in lists, exports, API |
|-------------------|----------------------------------------|-------------------------------------------------|-------------------------------------------|
| 系统管理员         | never (left out or masked)             | full, and every view is logged                  | full                                      |
| 就业指导中心       | never                                  | full, logged                                    | full                                      |
| 系部 (own dept.)   | never                                  | full, logged                                    | full                                      |
| 校领导             | never                                  | masked                                          | masked                                    |

A 系部 user only ever reaches their own department's graduates (records.selectors), so "own department" is
the scope's job, not this module's. 校领导 read everything for oversight and statistics, which needs neither
identity numbers nor individual contacts or salaries in bulk; a single graduate's page still shows their
contacts and jobs (a leader following up a 违规 report needs them). Every export is logged whoever makes it
(security.access_log).
"""

from dataclasses import dataclass

from gradtrack.accounts import roles
from gradtrack.accounts.models import User

MASK = "****"
CONTACT_FIELDS = ("mobile", "qq", "wechat", "email", "parent_contact")
FULL_ID_NUMBER_ROLES = {User.Role.ADMIN, User.Role.CENTRE, User.Role.DEPARTMENT}
BULK_CONTACT_ROLES = {User.Role.ADMIN, User.Role.CENTRE, User.Role.DEPARTMENT}


@dataclass(frozen=True)
class Disclosure:
    full_id_number: bool  # on one graduate's page / form / API record (never in lists)
    contacts_in_lists: bool  # 手机, QQ, 微信, 邮箱, 家长联系方式 in lists, exports and API lists
    salary_in_lists: bool  # 月薪 in exports and API lists


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
