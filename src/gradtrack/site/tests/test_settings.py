import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gradtrack.core import reference, services
from gradtrack.core.models import HistoryEntry, PolicySettings, SchoolProfile

URL = "/settings/"


def page_data(**overrides):
    """Every field of the settings page, filled with valid values."""
    data = {
        "school-name": "攀枝花市华森职业学校",
        "school-address": "四川省攀枝花市东区",
        "school-postcode": "617000",
        "school-phone": "0812-3333333",
        "school-fax": "0812-3333334",
        "school-email": "jiuye@example.cn",
        "school-office": "学生就业指导中心",
        "policy-service_years": "3",
        "policy-follow_up_months": "3",
        "policy-report_window_days": "30",
        "policy-probation_months": "3",
        "policy-replacement_wait_months": "3",
        "policy-portal_invitation_days": "14",
        "policy-service_ending_notice_days": "30",
        "policy-survey_reminder_days": "7",
        "policy-survey_past_cohorts_percent": "10",
        "policy-survey_current_cohort_percent": "50",
        "policy-site_visit_percent": "5",
        "policy-local_minimum_wage": "2100",
        "policy-survey_past_cohorts_deadline": "04-30",
        "policy-survey_current_cohort_opens": "08-01",
        "policy-survey_current_cohort_deadline": "08-31",
        "policy-site_visit_deadline": "08-31",
        "policy-survey_report_deadline": "09-15",
        "policy-starting_salary_bands": "1000,2000,3000",
        "policy-contract_term_bands": "1,2,3",
        "policy-graduate_survey_first_wave_months": "6",
        "policy-graduate_survey_second_wave_months": "36",
        "policy-graduate_survey_open_days": "30",
    }
    data.update(overrides)
    return data


def test_the_url_is_the_one_the_navigation_expects():
    assert reverse("site:settings") == URL


@pytest.mark.parametrize(
    "user_fixture, status",
    [
        ("admin_user", 200),
        ("centre_user", 403),
        ("dept_user", 403),
        ("other_dept_user", 403),
        ("leader_user", 403),
    ],
)
def test_only_an_administrator_opens_and_saves_the_settings(client, request, user_fixture, status):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(URL).status_code == status
    response = client.post(URL, page_data(**{"policy-service_years": "5"}))
    assert response.status_code == (302 if status == 200 else 403)
    assert PolicySettings.current().service_years == (5 if status == 200 else 3)


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, db):
    for response in (client.get(URL), client.post(URL, page_data())):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_the_page_shows_the_current_values(admin_client):
    PolicySettings.objects.update(report_window_days=45)
    form = admin_client.get(URL).context["policy_form"]
    assert form.initial["report_window_days"] == 45


def test_saving_updates_both_parts_and_records_who_changed_what(admin_client, admin_user):
    response = admin_client.post(
        URL, page_data(**{"policy-survey_current_cohort_percent": "60", "school-postcode": "617001"})
    )
    assert response.status_code == 302
    assert PolicySettings.current().survey_current_cohort_percent == 60
    assert SchoolProfile.current().postcode == "617001"
    policy_entry = HistoryEntry.objects.get(model="core.policysettings")
    assert policy_entry.action == "update"
    assert policy_entry.actor == admin_user
    assert policy_entry.changes == {"survey_current_cohort_percent": ["50", "60"]}
    school_entry = HistoryEntry.objects.get(model="core.schoolprofile")
    assert school_entry.action == "create"
    assert school_entry.changes["postcode"] == ["", "617001"]
    page = admin_client.get(URL).content.decode()
    assert "应届用人单位调查比例" in page and "60" in page


def test_saving_unchanged_values_writes_no_history(admin_client):
    admin_client.post(URL, page_data())
    HistoryEntry.objects.all().delete()
    admin_client.post(URL, page_data())
    assert not HistoryEntry.objects.exists()


@pytest.mark.parametrize(
    "field, value",
    [
        ("school-postcode", "61700"),
        ("school-postcode", "6170001"),
        ("school-postcode", "abcdef"),
        ("school-name", ""),
        ("school-email", "jiuye-at-example"),
        ("policy-survey_past_cohorts_percent", "0"),
        ("policy-survey_current_cohort_percent", "101"),
        ("policy-site_visit_percent", "-5"),
        ("policy-service_years", "0"),
        ("policy-follow_up_months", "0"),
        ("policy-report_window_days", "0"),
        ("policy-probation_months", "0"),
        ("policy-replacement_wait_months", "0"),
        ("policy-portal_invitation_days", "0"),
        ("policy-service_ending_notice_days", "0"),
        ("policy-local_minimum_wage", "0"),
        ("policy-local_minimum_wage", "abc"),
    ],
)
def test_an_invalid_value_is_refused_next_to_its_field_and_nothing_is_saved(admin_client, field, value):
    # A valid change travels with the invalid one: it must not be saved either.
    response = admin_client.post(URL, page_data(**{"policy-report_window_days": "45", field: value}))
    assert response.status_code == 200
    prefix, name = field.split("-", 1)
    assert name in response.context[f"{prefix}_form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert PolicySettings.current().report_window_days == 30
    assert not SchoolProfile.objects.exists()
    assert not HistoryEntry.objects.exists()


@pytest.mark.parametrize("percent, allowed", [(0, False), (1, True), (50, True), (100, True), (101, False)])
def test_percentages_run_from_1_to_100(admin_user, percent, allowed):
    data = {"site_visit_percent": percent}
    if allowed:
        assert (
            services.policy_settings_update(data=data, acting_user=admin_user).site_visit_percent == percent
        )
    else:
        with pytest.raises(ValidationError) as caught:
            services.policy_settings_update(data=data, acting_user=admin_user)
        assert "site_visit_percent" in caught.value.message_dict


def test_a_postcode_in_full_width_digits_is_stored_in_ascii(admin_user):
    profile = services.school_profile_update(
        data={"name": "华森职校", "postcode": "６１７０００"}, acting_user=admin_user
    )
    assert profile.postcode == "617000"


def test_the_minimum_wage_keeps_its_decimals(admin_user):
    services.policy_settings_update(data={"local_minimum_wage": Decimal("2330.50")}, acting_user=admin_user)
    assert PolicySettings.current().local_minimum_wage == Decimal("2330.50")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("starting_salary_bands", "3000,2000", "由小到大"),
        ("starting_salary_bands", "一千", "由小到大"),
        ("contract_term_bands", "1,5", "只能从 1、2、3 年中选"),
    ],
)
def test_band_settings_that_cannot_be_bands_are_refused(admin_client, field, value, message):
    response = admin_client.post(URL, page_data(**{f"policy-{field}": value}))
    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_bands_are_saved_as_settings(admin_client):
    admin_client.post(URL, page_data(**{"policy-starting_salary_bands": "2000，3000，4000"}))
    assert PolicySettings.current().starting_salary_bands == "2000，3000，4000"


def test_the_code_tables_are_listed_with_the_unconfirmed_rows_marked(admin_client):
    page = admin_client.get(URL).content.decode()
    for file_name, name_column in [
        (reference.MAJORS, "name"),
        (reference.DESTINATIONS, "name"),
    ]:
        for row in reference.rows(file_name):
            if file_name == reference.DESTINATIONS and row["code"].startswith("ZZ-AGG"):
                continue  # the aggregates are definitions, not rows of a table
            cell = f"<td>{row['code']}</td><td>{row[name_column]}</td>"
            assert cell in page
            marked = re.search(re.escape(f'<tr class="table-warning"><td>{row["code"]}</td>'), page)
            assert bool(marked) == (not row["confirmed"]), row["code"]
