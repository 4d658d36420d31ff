"""The re-placement work queue leaves archived graduates out (POLICY §1); their requests stay readable."""

import pytest
from django.test import Client
from django.urls import reverse

from gradtrack.records import services as records_services
from gradtrack.replacement import selectors

pytestmark = pytest.mark.django_db


def test_the_replacement_queue_and_its_counts_leave_archived_graduates_out(centre_user, laid_off_request):
    request = laid_off_request
    assert list(selectors.open_requests(centre_user)) == [request]
    assert sum(selectors.open_counts_by_stage(centre_user).values()) == 1

    graduate = records_services.graduate_archive(
        request.graduate, reason="other", note="本人出国定居", acting_user=centre_user
    )
    assert not selectors.open_requests(centre_user).exists()
    assert sum(selectors.open_counts_by_stage(centre_user).values()) == 0
    client = Client()
    client.force_login(centre_user)
    assert client.get(reverse("replacement:request_detail", args=[request.pk])).status_code == 200
    listed = client.get(reverse("replacement:request_list"), {"stage": request.stage}).content.decode()
    assert "李明" not in listed

    records_services.graduate_restore(graduate, acting_user=centre_user)
    assert list(selectors.open_requests(centre_user)) == [request]
