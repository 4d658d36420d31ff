"""Search and the default order are served by indexes on PostgreSQL (issue 18): the planner, told not to scan
the table, answers the search of the graduates list and of the employer directory from the trigram indexes of
records' migration 0007, and the −届/学号 order from its B-tree. On SQLite those indexes do not exist."""

import pytest
from django.db import connection

from gradtrack.records.filters import search_graduates
from gradtrack.records.models import Employer, Graduate

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only"),
]


def plan(queryset) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("李明华", "graduate_name_trgm"),
        ("2024000", "graduate_student_no_trgm"),
        ("38123", "graduate_mobile_trgm"),
    ],
    ids=["姓名", "学号", "digits of a phone"],
)
def test_the_graduate_search_reads_a_trigram_index(graduate, text, index):
    # Unordered: on a one-row table the planner would rather walk the order's index and filter.
    assert index in plan(search_graduates(Graduate.objects.order_by(), text))


def test_the_employer_search_reads_its_trigram_indexes(employer):
    queryset = Employer.objects.filter(name__icontains="攀钢集团") | Employer.objects.filter(
        normalized_name__contains="攀钢集团"
    )
    found = plan(queryset)
    assert "employer_name_trgm" in found and "employer_normalized_name_trgm" in found


def test_the_default_order_reads_its_index(graduate):
    assert "graduate_default_order" in plan(Graduate.objects.order_by("-graduation_year", "student_no")[:50])


def test_a_search_finds_the_same_rows_with_and_without_the_index(graduate, other_graduate):
    assert list(search_graduates(Graduate.objects.all(), "李明")) == [graduate]
    assert list(search_graduates(Graduate.objects.all(), "24000002")) == [other_graduate]
