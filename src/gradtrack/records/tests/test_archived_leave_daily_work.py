"""An archived graduate (POLICY §1) leaves the daily work everywhere, not only the graduates list: the
employer's page, the re-placement queue and the graduate's own portal account; restoring brings them back."""

import pytest
from django.test import Client
from django.urls import reverse

from gradtrack.records import services
from gradtrack.testing.factories import EmploymentFactory

pytestmark = pytest.mark.django_db


def archive(graduate, user):
    return services.graduate_archive(graduate, reason="other", note="本人出国定居", acting_user=user)


def test_the_employer_page_leaves_archived_graduates_out_until_restored(
    client, centre_user, graduate, employer
):
    EmploymentFactory(graduate=graduate, employer=employer)
    client.force_login(centre_user)
    url = reverse("records:employer_detail", args=[employer.pk])
    assert "李明" in client.get(url).content.decode()

    archived = archive(graduate, centre_user)
    assert "李明" not in client.get(url).content.decode()

    services.graduate_restore(archived, acting_user=centre_user)
    assert "李明" in client.get(url).content.decode()


def test_an_archived_graduates_portal_account_is_paused_and_says_so(graduate_user, graduate, password):
    client = Client()
    login = reverse("portal:login")
    assert client.post(login, {"student_no": graduate.student_no, "password": password}).status_code == 302
    archive(graduate, None)

    # The open session no longer reaches the portal …
    assert client.get(reverse("portal:home")).status_code == 403
    # … and a new sign-in is refused with a reason, in Chinese.
    refused = Client().post(login, {"student_no": graduate.student_no, "password": password})
    assert refused.status_code == 200 and "档案已由学校归档" in refused.content.decode()
    # A wrong password still says only that the 学号 or password is wrong.
    wrong = Client().post(login, {"student_no": graduate.student_no, "password": "wrong-password"})
    assert "档案已由学校归档" not in wrong.content.decode()

    services.graduate_restore(graduate, acting_user=None)
    assert Client().post(login, {"student_no": graduate.student_no, "password": password}).status_code == 302
