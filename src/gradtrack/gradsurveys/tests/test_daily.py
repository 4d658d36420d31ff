"""`gradtrack daily` mails the personal links of open waves and reminds non-respondents, when the site address
is set (issue 15, item 4)."""

import pytest
from django.core import mail

from gradtrack.gradsurveys.tests.conftest import invitation_of
from gradtrack.testing.daily import daily

pytestmark = pytest.mark.django_db


def test_daily_sends_the_links_with_the_site_address(wave, cohort, settings):
    settings.GRADTRACK_SITE_URL = "https://jiuye.example.edu.cn"
    out = daily()
    assert "毕业生调查：发送邀请 2 封" in out
    invitation = invitation_of(wave, cohort["jd1c"])
    sent = [m for m in mail.outbox if m.to == ["chenjing@example.com"]]
    assert len(sent) == 1 and "https://jiuye.example.edu.cn/g/" in sent[0].body
    assert invitation.sent_at is not None


def test_daily_sends_nothing_without_the_site_address(wave, settings):
    settings.GRADTRACK_SITE_URL = ""
    assert "毕业生调查" not in daily()
    assert not wave.invitations.filter(sent_at__isnull=False).exists()
