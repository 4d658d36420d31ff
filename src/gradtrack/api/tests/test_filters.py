"""Integer filters are validated to the databases' 64 bits: a larger number is a 400 naming the parameter,
never the SQLite driver's OverflowError (a 500)."""

import pytest

from gradtrack.api.filters import INT64_MAX, INT64_MIN

FILTERED_LISTS = [
    "/api/v1/surveys/invitations/?campaign={}",
    "/api/v1/surveys/plan-entries/?campaign={}",
    "/api/v1/surveys/responses/?campaign={}",
    "/api/v1/surveys/campaigns/?year={}",
    "/api/v1/replacement-requests/?graduate={}",
    "/api/v1/graduates/?graduation_year={}",
]


@pytest.mark.parametrize("url", FILTERED_LISTS)
@pytest.mark.parametrize("value", [INT64_MAX + 1, INT64_MIN - 1, 10**30])
def test_an_out_of_range_integer_filter_is_a_400_in_chinese(centre_api, url, value):
    response = centre_api.get(url.format(value))

    assert response.status_code == 400
    parameter = url.split("?")[1].split("=")[0]
    assert "数值过" in response.json()["errors"][parameter][0]


@pytest.mark.parametrize("url", FILTERED_LISTS)
@pytest.mark.parametrize("value", [INT64_MAX, INT64_MIN])
def test_the_largest_and_smallest_64_bit_integers_are_valid_filters_matching_nothing(centre_api, url, value):
    response = centre_api.get(url.format(value))

    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_a_filter_that_is_not_a_number_says_so(centre_api):
    response = centre_api.get("/api/v1/surveys/invitations/?campaign=abc")

    assert response.status_code == 400
    assert response.json()["errors"]["campaign"] == ["请输入整数。"]
