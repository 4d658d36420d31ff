"""The side navigation: one list, each entry shown when its page exists and the user's role may open it."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from gradtrack.accounts import roles


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str
    allowed: object = roles.is_staff_user
    section: str = ""


NAV_ITEMS = [
    NavItem(_("工作台"), "site:dashboard", "speedometer2"),
    NavItem(_("毕业生"), "records:graduate_list", "people", section=_("就业档案")),
    NavItem(_("用人单位"), "records:employer_list", "building", section=_("就业档案")),
    NavItem(
        _("Excel 导入"),
        "imports:upload",
        "file-earmark-spreadsheet",
        roles.can_manage_reference_data,
        _("就业档案"),
    ),
    NavItem(_("回访工作台"), "tracking:queue", "telephone", section=_("跟踪服务")),
    NavItem(_("待确认变动"), "tracking:change_list", "inbox", section=_("跟踪服务")),
    NavItem(_("跟踪服务"), "tracking:service_list", "person-check", section=_("跟踪服务")),
    NavItem(_("违规记录"), "tracking:flag_list", "flag", section=_("跟踪服务")),
    NavItem(_("意外事故"), "tracking:accident_list", "bandaid", section=_("跟踪服务")),
    NavItem(_("再次就业安置"), "replacement:request_list", "arrow-repeat", section=_("跟踪服务")),
    NavItem(_("就业统计"), "stats:overview", "bar-chart", section=_("统计与报告")),
    NavItem(_("统计报告"), "stats:report", "file-earmark-word", section=_("统计与报告")),
    NavItem(_("报告报送"), "stats:round_list", "send", section=_("统计与报告")),
    NavItem(_("调查活动"), "surveys:campaign_list", "clipboard-data", section=_("年度调查")),
    NavItem(_("出差与走访"), "surveys:trip_list", "geo-alt", section=_("年度调查")),
    NavItem(_("毕业生调查"), "gradsurveys:wave_list", "ui-checks", section=_("年度调查")),
    NavItem(
        _("系部"), "records:department_list", "diagram-3", roles.can_manage_reference_data, _("系统管理")
    ),
    NavItem(_("专业"), "records:major_list", "mortarboard", roles.can_manage_reference_data, _("系统管理")),
    NavItem(_("用户"), "accounts:user_list", "person-gear", roles.is_admin, _("系统管理")),
    NavItem(_("学校信息与政策参数"), "site:settings", "sliders", roles.is_admin, _("系统管理")),
    NavItem(_("API 令牌"), "accounts:token_list", "key", roles.is_staff_user, _("系统管理")),
    NavItem(_("个人信息访问记录"), "security:access_log", "journal-text", roles.is_admin, _("系统管理")),
]


def nav_for(user, current_view: str | None) -> list[dict]:
    items = []
    for item in NAV_ITEMS:
        if not item.allowed(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append(
            {
                "label": item.label,
                "url": url,
                "icon": item.icon,
                "section": item.section,
                "active": current_view is not None
                and current_view.split(":")[0] == item.url_name.split(":")[0]
                and current_view.rsplit("_", 1)[0] == item.url_name.rsplit("_", 1)[0],
            }
        )
    return items
