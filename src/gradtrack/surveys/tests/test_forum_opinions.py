"""毕业生座谈会 opinions (issue 15 item 5) and the theme list staff edit (issue 14 item 2): opinions entered per
participant or from notes, tagged automatically, tags corrected by staff with history; the same through the
API; visits record the 整体评价, suggestions and notes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gradtrack.core import history
from gradtrack.surveys import services
from gradtrack.surveys.models import ForumOpinion, SuggestionTheme, Trip

pytestmark = pytest.mark.django_db

FORUM = {"held_on": "2026-09-10", "place": "报告厅", "attendees": "毕业生 20 人", "minutes": "转达问候"}


@pytest.fixture
def client_as(client, request):
    def login(who):
        client.force_login(request.getfixturevalue(f"{who}_user"))
        return client

    return login


def _formset(rows):
    data = {"opinions-TOTAL_FORMS": str(len(rows)), "opinions-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data.update({f"opinions-{index}-{key}": value for key, value in row.items()})
    return data


@pytest.fixture
def forum(visit_campaign, centre_user):
    return services.forum_record(
        campaign=visit_campaign,
        data={**FORUM, "held_on": datetime.date(2026, 9, 10), "opinion_notes": "希望延长顶岗实习\n"},
        acting_user=centre_user,
    )


@pytest.mark.parametrize(
    ("notes", "expected"),
    [
        ("1. 延长实习\n2、更新设备\n\n- 多开班会", ["延长实习", "更新设备", "多开班会"]),
        ("  一条意见  ", ["一条意见"]),
        ("", []),
    ],
    ids=["numbered and bulleted lines", "one line", "blank"],
)
def test_notes_become_one_opinion_a_line(notes, expected):
    assert services.opinion_lines(notes) == expected


def test_a_forum_is_recorded_with_opinions_per_participant_and_from_notes(
    client_as, visit_campaign, graduate
):
    rows = [
        {"speaker": "李明", "student_no": graduate.student_no, "text": "学校的实训设备需要更新"},
        {"speaker": "", "student_no": "", "text": ""},  # an empty row is not saved
    ]
    response = client_as("centre").post(
        reverse("surveys:forum_create", args=[visit_campaign.pk]),
        {**FORUM, "opinion_notes": "建议延长顶岗实习时间\n希望多组织文体活动", **_formset(rows)},
    )
    assert response.status_code == 302
    opinions = list(ForumOpinion.objects.order_by("position"))
    assert [(o.position, o.speaker, o.text) for o in opinions] == [
        (1, "李明", "学校的实训设备需要更新"),
        (2, "", "建议延长顶岗实习时间"),
        (3, "", "希望多组织文体活动"),
    ]
    assert opinions[0].graduate == graduate
    # 实训 and 设备: an opinion may touch two themes
    assert [sorted(t.name for t in o.themes.all()) for o in opinions] == [
        ["专业技能", "实习与校企合作"],
        ["实习与校企合作"],
        [],
    ]
    page = client_as("centre").get(response["Location"]).content.decode()
    assert "学校的实训设备需要更新" in page and "修改主题" in page


def test_an_unknown_student_number_is_named_and_nothing_is_saved(client_as, visit_campaign):
    rows = [{"speaker": "某某", "student_no": "NOPE", "text": "意见"}]
    response = client_as("centre").post(
        reverse("surveys:forum_create", args=[visit_campaign.pk]), {**FORUM, **_formset(rows)}
    )
    assert response.status_code == 400
    assert "学号：没有找到该学号的毕业生" in response.content.decode()
    assert not ForumOpinion.objects.exists()


def test_staff_change_an_opinions_themes_with_history(client_as, forum):
    opinion = forum.opinions.get()
    chosen = SuggestionTheme.objects.get(name="职业素养")
    response = client_as("dept").post(
        reverse("surveys:forum_opinion_themes", args=[opinion.pk]), {f"{opinion.pk}-themes": [chosen.pk]}
    )
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert [t.name for t in opinion.themes.all()] == ["职业素养"] and opinion.themes_by_staff
    entry = history.history_of(opinion).order_by("-pk").first()
    assert entry.changes == {"themes": ["实习与校企合作", "职业素养"]}


def test_a_leader_reads_the_forum_but_cannot_change_it(client_as, forum):
    opinion = forum.opinions.get()
    page = client_as("leader").get(reverse("surveys:forum_detail", args=[forum.pk]))
    assert page.status_code == 200 and "修改主题" not in page.content.decode()
    url = reverse("surveys:forum_opinion_add", args=[forum.pk])
    assert client_as("leader").post(url, {"text": "意见"}).status_code == 403
    url = reverse("surveys:forum_opinion_themes", args=[opinion.pk])
    assert client_as("leader").post(url, {}).status_code == 403


def test_an_opinion_is_added_on_the_forum_page(client_as, forum):
    url = reverse("surveys:forum_opinion_add", args=[forum.pk])
    assert client_as("centre").post(url, {"speaker": "王芳", "text": ""}).status_code == 400
    assert client_as("centre").post(url, {"speaker": "王芳", "text": "注意安全"}).status_code == 302
    added = forum.opinions.get(speaker="王芳")
    assert added.position == 2 and [t.name for t in added.themes.all()] == ["安全意识"]


def test_editing_a_theme_retags_the_opinions_staff_left_alone(client_as, forum, centre_user):
    untouched = forum.opinions.get()
    kept = services.forum_opinion_add(forum=forum, data={"text": "多组织文体活动"}, acting_user=centre_user)
    services.forum_opinion_set_themes(opinion=kept, themes=[], acting_user=centre_user)

    response = client_as("centre").post(
        reverse("surveys:theme_create"),
        {"new-name": "校园文化", "new-keywords": "文体、社团", "new-position": 9},
    )
    assert response.status_code == 302
    assert [t.name for t in untouched.themes.all()] == ["实习与校企合作"]
    assert list(kept.themes.all()) == []  # staff said 其他: it stays so

    theme = SuggestionTheme.objects.get(name="实习与校企合作")
    client_as("centre").post(reverse("surveys:theme_delete", args=[theme.pk]))
    assert not SuggestionTheme.objects.filter(name="实习与校企合作").exists()
    assert list(untouched.themes.all()) == []
    assert history.history_of(theme).filter(action="delete").exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("centre", 200), ("dept", 403), ("leader", 403)],
    ids=["centre", "department", "leader"],
)
def test_only_the_centre_edits_the_theme_list(client_as, who, status):
    page = client_as(who).get(reverse("surveys:theme_list"))
    assert page.status_code == 200 and "专业技能" in page.content.decode()
    response = client_as(who).post(
        reverse("surveys:theme_create"), {"new-name": "新主题", "new-keywords": "词", "new-position": 9}
    )
    assert response.status_code == (302 if status == 200 else 403)


def test_other_is_not_a_theme_name(client_as):
    response = client_as("centre").post(
        reverse("surveys:theme_create"), {"new-name": "其他", "new-keywords": "词", "new-position": 9}
    )
    assert response.status_code == 400 and "不能作为主题名称" in response.content.decode()


def test_a_visit_records_the_overall_evaluation_suggestions_and_notes(
    client_as, visit_campaign, employers, centre_user, leader_user
):
    trip = services.trip_request(
        campaign=visit_campaign,
        data={
            "destination": "攀枝花",
            "people": "刘静",
            "planned_date": timezone.localdate(),
            "estimated_cost": 0,
        },
        employers=[employers["steel"]],
        acting_user=centre_user,
    )
    services.trip_decide(trip=trip, approve=True, acting_user=leader_user)
    response = client_as("centre").post(
        reverse("surveys:visit_create", args=[trip.pk]),
        {
            "employer": employers["steel"].pk,
            "visited_on": timezone.localdate().isoformat(),
            "visitors": "刘静",
            "met_whom": "人力资源部赵经理",
            "graduates_situation": "已转正",
            "evaluation": "good",
            "suggestions": "加强安全教育",
            "notes": "约定明年继续接收实习生",
        },
    )
    assert response.status_code == 302
    visit = Trip.objects.get(pk=trip.pk).visits.get()
    assert (visit.evaluation, visit.suggestions, visit.notes) == (
        "good",
        "加强安全教育",
        "约定明年继续接收实习生",
    )
    page = client_as("centre").get(reverse("surveys:trip_detail", args=[trip.pk])).content.decode()
    assert "整体评价" in page and "良好" in page and "约定明年继续接收实习生" in page


# --- API -----------------------------------------------------------------------------------------------------


def test_the_api_records_a_forum_and_changes_an_opinions_themes(centre_api, visit_campaign, graduate):
    body = {
        **FORUM,
        "campaign": visit_campaign.pk,
        "opinions": [{"speaker": "李明", "graduate": graduate.pk, "text": "希望更新实训设备"}],
        "opinion_notes": "建议延长实习",
    }
    created = centre_api.post("/api/v1/surveys/forums/", body, format="json")
    assert created.status_code == 201, created.json()
    opinions = created.json()["opinions"]
    assert [(o["text"], o["themes"]) for o in opinions] == [
        ("希望更新实训设备", ["专业技能", "实习与校企合作"]),
        ("建议延长实习", ["实习与校企合作"]),
    ]
    changed = centre_api.post(
        f"/api/v1/surveys/forum-opinions/{opinions[0]['id']}/themes/", {"themes": ["职业素养"]}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["themes"] == ["职业素养"]
    assert changed.json()["themes_by_staff"] is True
    wrong = centre_api.post(
        f"/api/v1/surveys/forum-opinions/{opinions[0]['id']}/themes/", {"themes": ["没有"]}, format="json"
    )
    assert wrong.status_code == 400 and "themes" in str(wrong.json())
    listed = centre_api.get("/api/v1/surveys/themes/").json()
    assert [row["name"] for row in listed["results"]][:2] == ["专业技能", "职业素养"]


def test_the_leader_reads_forum_opinions_but_cannot_add_one(leader_api, forum):
    assert leader_api.get("/api/v1/surveys/forum-opinions/").json()["count"] == 1
    response = leader_api.post(
        "/api/v1/surveys/forum-opinions/", {"forum": forum.pk, "text": "x"}, format="json"
    )
    assert response.status_code == 403


def test_the_schema_lists_the_forum_endpoints():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path in (
        "/api/v1/surveys/forums/",
        "/api/v1/surveys/forum-opinions/",
        "/api/v1/surveys/forum-opinions/{id}/themes/",
        "/api/v1/surveys/themes/",
    ):
        assert path in schema["paths"], path


def test_a_graduates_erasure_blanks_their_name_on_an_opinion(forum, graduate, admin_user, centre_user):
    from gradtrack.records.services import graduate_erase_personal_data

    opinion = services.forum_opinion_add(
        forum=forum,
        data={"speaker": graduate.name, "graduate": graduate, "text": "希望更新设备"},
        acting_user=centre_user,
    )
    graduate_erase_personal_data(graduate, reason="本人申请", acting_user=admin_user)
    opinion.refresh_from_db()
    assert opinion.speaker == "" and opinion.text == "希望更新设备"
