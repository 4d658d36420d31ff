"""``gradtrack daily`` (cron, once a day): the tracking service's daily run (tracking.daily) and the survey
reminders (surveys.daily), and the removal of roster uploads never confirmed (imports.uploads)."""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from gradtrack.gradsurveys.daily import remind_graduates
from gradtrack.imports.uploads import uploads_purge_abandoned
from gradtrack.surveys.daily import remind_employers
from gradtrack.tracking.daily import run_daily


class Command(BaseCommand):
    help = _(
        "每日任务：建立缺少的跟踪服务、处理到期和开除终止、更新回访日期、发送提醒邮件（含未反馈的用人单位；"
        "同一天重复运行不会重复发送）、删除过期未确认的导入文件。"
    )

    def handle(self, *args, **options):
        summary = run_daily()
        self.stdout.write(
            _(
                "新建跟踪服务 %(opened)s 个，更新 %(updated)s 个，因开除终止 %(terminated)s 个；"
                "发送工作人员提醒 %(staff)s 封、毕业生提醒 %(graduates)s 封、"
                "季度确认（您的工作有变化吗？）%(confirm)s 封。"
            )
            % {
                "opened": summary.services_opened,
                "updated": summary.services_updated,
                "terminated": summary.services_terminated,
                "staff": summary.staff_reminders,
                "graduates": summary.graduate_reminders,
                "confirm": summary.confirmation_requests,
            }
        )
        employers = remind_employers(timezone.localdate())
        if employers is None:
            self.stdout.write(_("未设置 GRADTRACK_SITE_URL（系统对外访问地址），未发送用人单位调查提醒。"))
        else:
            self.stdout.write(_("向未反馈的用人单位发送调查提醒 %(n)s 封。") % {"n": employers})
        graduates = remind_graduates(timezone.localdate())
        if graduates is not None:
            self.stdout.write(
                _("毕业生调查：发送邀请 %(sent)s 封，向未作答的毕业生发送提醒 %(reminded)s 封。") % graduates
            )
        removed = uploads_purge_abandoned()
        self.stdout.write(_("删除超过保留时间仍未确认导入的上传文件 %(n)s 个。") % {"n": removed})
