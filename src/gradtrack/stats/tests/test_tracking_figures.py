"""Changes by type, re-placements by decision and accidents (tracking and replacement apps): conftest.tracking_events."""

import io

import pytest
from docx import Document

from gradtrack.stats import documents, selectors
from gradtrack.stats.selectors import Cohorts, resolve_scope

pytestmark = pytest.mark.django_db


def _stats(scope):
    return selectors.statistics_for(resolve_scope(None, scope), Cohorts(2026, 2026))


def test_changes_are_counted_by_type_without_the_rejected_ones(tracking_events):
    changes = {
        row.key: (row.count, row.detail["confirmed"], row.detail["late"]) for row in _stats("dept:JD").changes
    }
    assert changes["salary"] == (1, 1, 0)
    assert changes["job_change"] == (1, 0, 1)
    assert changes["promotion"] == (0, 0, 0)
    assert len(changes) == 11  # every type of POLICY §3, zeros included


def test_replacements_are_counted_by_decision_with_those_placed(tracking_events):
    rows = {
        row.key: (row.count, row.detail["placed"], row.detail["open"])
        for row in _stats("dept:JD").replacements
    }
    assert rows["free"] == (1, 1, 0)
    assert rows["discretionary"] == (1, 0, 1)
    assert rows["denied"] == (0, 0, 0)


def test_accidents_are_counted_within_and_outside_the_service_period(tracking_events):
    school = {row.key: (row.count, row.detail["closed"]) for row in _stats("school").accidents}
    assert school == {"within": (1, 1), "outside": (1, 0)}
    department = {row.key: row.count for row in _stats("dept:JD").accidents}
    assert department == {"within": 1, "outside": 0}


def test_the_report_says_how_many_changes_replacements_and_accidents(tracking_events):
    report = documents.build_report(resolve_scope(None, "dept:JD"), 2026, "department", "docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(report.content)).paragraphs)
    # The cohorts still tracked that have graduates (2023 and 2024 have none); the rejected change is not counted.
    assert "2025—2026届毕业生共通报变动2次，其中未及时通报1次。" in text
    assert "申请再次就业安置2人次，已安置1人次，办理中1人次。" in text
    assert "发生意外事故1起，其中服务期内1起（已结案1起），服务期外0起。" in text


def test_the_api_gives_the_same_counts(tracking_events, centre_user):
    from gradtrack.testing.api import bearer_client

    body = bearer_client(centre_user).get("/api/v1/statistics/", {"scope": "dept:JD", "first": 2026}).json()
    free = next(row for row in body["replacements"] if row["key"] == "free")
    assert free == {"key": "free", "label": "免费再次安置", "count": 1, "placed": 1, "open": 0}
    assert body["accidents"][0] == {"key": "within", "label": "服务期内", "count": 1, "closed": 1}
