"""API v1 endpoints of the survey calendar (read-only): campaigns with their plan coverage and progress, plan
entries, invitations with their status, employer responses, trips and visits. Rows come from
surveys.selectors, so a department user sees what the web pages show them; out of scope is a 404."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.filters import OrderingFilter

from gradtrack.api.filters import IntegerFilter
from gradtrack.api.permissions import StaffScopePermission
from gradtrack.api.schema import API_TAGS, GradtrackAutoSchema
from gradtrack.surveys import selectors
from gradtrack.surveys.models import (
    RATING_FIELDS,
    Campaign,
    EmployerResponse,
    Invitation,
    PlanEntry,
    ResponseGraduate,
    Trip,
    Visit,
)

TAG = "surveys"
API_TAGS.append(
    {
        "name": TAG,
        "description": _("年度调查：调查活动、抽样方案、邀请、用人单位反馈、出差申请与走访（只读）"),
    }
)


class CoverageSerializer(serializers.Serializer):
    covered = serializers.IntegerField(help_text=_("样本单位覆盖的在职毕业生人数"))
    denominator = serializers.IntegerField(help_text=_("该届（各届）有在职记录的毕业生人数"))
    percent = serializers.IntegerField(help_text=_("覆盖比例（%）"))
    target = serializers.IntegerField(help_text=_("需覆盖的人数"))
    met = serializers.BooleanField(help_text=_("是否达标"))


class ProgressSerializer(serializers.Serializer):
    planned = serializers.IntegerField(help_text=_("样本单位数"))
    sent = serializers.IntegerField(help_text=_("已发送邀请的单位数"))
    returned = serializers.IntegerField(help_text=_("已反馈的单位数"))
    visited = serializers.IntegerField(help_text=_("已走访的单位数"))
    response_rate = serializers.FloatField(allow_null=True, help_text=_("反馈率（%）"))


class CampaignSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    cohort_years = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    coverage = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = [
            "id",
            "year",
            "kind",
            "kind_display",
            "cohort_years",
            "opens_on",
            "closes_on",
            "report_due",
            "percent",
            "plan_frozen_at",
            "coverage",
            "progress",
        ]

    def _progress(self, campaign):
        cache = self.context.setdefault("progress", {})
        if campaign.pk not in cache:
            cache[campaign.pk] = selectors.campaign_progress(campaign, self.context["request"].user)
        return cache[campaign.pk]

    @extend_schema_field(CoverageSerializer)
    def get_coverage(self, campaign) -> dict:
        sample = self._progress(campaign).sample
        return {
            "covered": sample.covered,
            "denominator": sample.denominator,
            "percent": sample.percent,
            "target": sample.target,
            "met": sample.met,
        }

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, campaign) -> dict:
        row = self._progress(campaign).employers
        return {
            "planned": row.planned,
            "sent": row.sent,
            "returned": row.returned,
            "visited": row.visited,
            "response_rate": row.response_rate,
        }


class PlanEntrySerializer(serializers.ModelSerializer):
    employer_name = serializers.CharField(source="employer.name", read_only=True)

    class Meta:
        model = PlanEntry
        fields = ["id", "campaign", "employer", "employer_name", "rank", "added_by_staff"]


class InvitationSerializer(serializers.ModelSerializer):
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    status = serializers.ChoiceField(choices=Invitation.Status.choices, read_only=True)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "campaign",
            "employer",
            "employer_name",
            "status",
            "email",
            "sent_at",
            "opened_at",
            "submitted_at",
            "last_reminded_at",
            "reminder_count",
        ]


class ResponseGraduateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ResponseGraduate
        fields = ["graduate", "name", "gender", "major", "graduated", "post", "title", "tenure"]


class EmployerResponseSerializer(serializers.ModelSerializer):
    campaign = serializers.IntegerField(source="invitation.campaign_id", read_only=True)
    employer = serializers.IntegerField(source="invitation.employer_id", read_only=True)
    nature_code = serializers.SlugRelatedField(slug_field="code", read_only=True)
    stamped = serializers.SerializerMethodField()
    graduates = ResponseGraduateSerializer(many=True, read_only=True)

    class Meta:
        model = EmployerResponse
        fields = [
            "id",
            "invitation",
            "campaign",
            "employer",
            "source",
            "unit_name",
            "stamped",
            "stamp_confirmation",
            "contact_person",
            "contact_phone",
            "nature",
            "nature_code",
            "quality",
            "satisfaction",
            *RATING_FIELDS,
            "hired_count",
            "still_employed_count",
            "suggestions",
            "submitted_at",
            "graduates",
        ]

    def get_stamped(self, response) -> bool:
        return bool(response.stamp_scan) or bool(response.stamp_confirmation)


class TripSerializer(serializers.ModelSerializer):
    class Meta:
        model = Trip
        fields = [
            "id",
            "campaign",
            "department",
            "destination",
            "employers",
            "people",
            "planned_date",
            "estimated_cost",
            "purpose",
            "status",
            "requested_by",
            "requested_at",
            "decided_by",
            "decided_at",
            "decision_note",
        ]


class VisitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Visit
        fields = [
            "id",
            "trip",
            "employer",
            "visited_on",
            "visitors",
            "met_whom",
            "graduates_situation",
            "assessment",
            "response",
        ]


class CampaignFilter(django_filters.FilterSet):
    year = IntegerFilter(field_name="year", label=_("年度"))
    kind = django_filters.ChoiceFilter(choices=Campaign.Kind.choices, label=_("类型"))

    class Meta:
        model = Campaign
        fields = ["year", "kind"]


def campaign_filter(model_, prefix=""):
    """A FilterSet with ?campaign=<id> for rows that belong to a campaign."""
    return type(
        f"{model_.__name__}Filter",
        (django_filters.FilterSet,),
        {
            "campaign": IntegerFilter(field_name=f"{prefix}campaign", label=_("调查活动 id")),
            "Meta": type("Meta", (), {"model": model_, "fields": ["campaign"]}),
        },
    )


def describe(noun):
    return extend_schema_view(
        list=extend_schema(tags=[TAG], summary=f"{noun}列表"),
        retrieve=extend_schema(tags=[TAG], summary=f"查看{noun}"),
    )


class SurveyViewSet(viewsets.ReadOnlyModelViewSet):
    selector = None
    related: tuple[str, ...] = ()
    lookup_value_regex = "[^/]+"
    permission_classes = [StaffScopePermission]
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["id"]
    ordering = ["id"]
    schema = GradtrackAutoSchema()

    def get_queryset(self):
        return type(self).selector(self.request.user).select_related(*self.related)


@describe("调查活动")
class CampaignViewSet(SurveyViewSet):
    selector = staticmethod(selectors.campaigns_visible_to)
    serializer_class = CampaignSerializer
    filterset_class = CampaignFilter
    ordering_fields = ["year", "closes_on"]
    ordering = ["-year", "opens_on"]


@describe("抽样单位")
class PlanEntryViewSet(SurveyViewSet):
    selector = staticmethod(selectors.plan_entries_visible_to)
    related = ("employer",)
    serializer_class = PlanEntrySerializer
    filterset_class = campaign_filter(PlanEntry)
    ordering = ["campaign", "rank", "id"]


@describe("调查邀请")
class InvitationViewSet(SurveyViewSet):
    selector = staticmethod(selectors.invitations_visible_to)
    related = ("employer", "campaign")
    serializer_class = InvitationSerializer
    filterset_class = campaign_filter(Invitation)


@describe("用人单位反馈")
class EmployerResponseViewSet(SurveyViewSet):
    selector = staticmethod(selectors.responses_visible_to)
    related = ("invitation", "nature_code")
    serializer_class = EmployerResponseSerializer
    filterset_class = campaign_filter(EmployerResponse, "invitation__")

    def get_queryset(self):
        return super().get_queryset().filter(submitted_at__isnull=False).prefetch_related("graduates")


@describe("出差申请")
class TripViewSet(SurveyViewSet):
    selector = staticmethod(selectors.trips_visible_to)
    serializer_class = TripSerializer
    filterset_class = campaign_filter(Trip)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("employers")


@describe("走访记录")
class VisitViewSet(SurveyViewSet):
    selector = staticmethod(selectors.visits_visible_to)
    serializer_class = VisitSerializer
    filterset_class = campaign_filter(Visit, "trip__")


def register(router) -> None:
    """Add this app's viewsets to the v1 router."""
    router.register("surveys/campaigns", CampaignViewSet, basename="survey-campaign")
    router.register("surveys/plan-entries", PlanEntryViewSet, basename="survey-plan-entry")
    router.register("surveys/invitations", InvitationViewSet, basename="survey-invitation")
    router.register("surveys/responses", EmployerResponseViewSet, basename="survey-response")
    router.register("surveys/trips", TripViewSet, basename="survey-trip")
    router.register("surveys/visits", VisitViewSet, basename="survey-visit")
