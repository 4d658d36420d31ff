"""API v1 endpoints of the survey calendar: campaigns with their plan coverage and progress, plan entries,
invitations with their status, employer responses, trips and visits. Rows come from surveys.selectors, so a
department user sees what the web pages show them; out of scope is a 404.

The writes are those of the staff pages (surveys/views.py), with their permissions, through the same services:
requesting a trip (trip_request), a 校领导's decision on it (trip_decide), recording a visit (visit_record),
typing in a paper or fax return (response_save_draft / response_submit), recording a 毕业生座谈会 with its
opinions (forum_record, forum_opinion_add) and correcting an opinion's themes (forum_opinion_set_themes). A service's ValidationError becomes
a 400 naming the field (api/errors.py)."""

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from gradtrack.accounts import roles
from gradtrack.api.fields import ScopedPrimaryKeyRelatedField
from gradtrack.api.filters import IntegerFilter
from gradtrack.api.parsers import JSONParser
from gradtrack.api.permissions import StaffScopePermission
from gradtrack.api.schema import API_TAGS, GradtrackAutoSchema
from gradtrack.records import selectors as records_selectors
from gradtrack.surveys import selectors, services
from gradtrack.surveys.forms import PaperSourceForm
from gradtrack.surveys.models import (
    RATING_FIELDS,
    Campaign,
    EmployerResponse,
    Forum,
    ForumOpinion,
    Invitation,
    PlanEntry,
    Rating,
    ResponseGraduate,
    SuggestionTheme,
    Trip,
    Visit,
)

TAG = "surveys"
API_TAGS.append(
    {
        "name": TAG,
        "description": _(
            "年度调查：调查活动、抽样方案、邀请、用人单位反馈、出差申请与走访、毕业生座谈会及其意见、意见主题。"
            "可写：提交出差申请、校领导审批、记录走访、录入纸质或传真登记表、记录座谈会及其意见、修改意见的主题；"
            "其余只读。"
        ),
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
    graduates = serializers.SerializerMethodField(
        help_text=_("一、毕业生工作基本情况：系部人员只看到本系部毕业生的行（surveys.selectors）")
    )

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

    @extend_schema_field(ResponseGraduateSerializer(many=True))
    def get_graduates(self, response) -> list:
        # The list prefetches the visible rows (EmployerResponseViewSet); one response filters its own.
        rows = getattr(response, "visible_rows", None)
        if rows is None:
            user = self.context["request"].user
            rows = selectors.response_rows_visible_to(user).filter(response=response)
        return ResponseGraduateSerializer(rows, many=True, context=self.context).data


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
            "evaluation",
            "assessment",
            "suggestions",
            "notes",
            "response",
        ]


class ForumOpinionSerializer(serializers.ModelSerializer):
    themes = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True, help_text=_("主题（保存时自动归类，工作人员可修改）")
    )

    class Meta:
        model = ForumOpinion
        fields = ["id", "forum", "position", "speaker", "graduate", "text", "themes", "themes_by_staff"]


class ForumSerializer(serializers.ModelSerializer):
    opinions = ForumOpinionSerializer(many=True, read_only=True)

    class Meta:
        model = Forum
        fields = ["id", "campaign", "held_on", "place", "attendees", "minutes", "recorded_by", "opinions"]


# --- Writes ------------------------------------------------------------------------------------------------

# The choices of the paper-entry page; named PaperSourceEnum in the schema (settings.ENUM_NAME_OVERRIDES).
PAPER_SOURCES = PaperSourceForm.base_fields["source"].choices


@extend_schema_field(OpenApiTypes.INT)
class IdField(ScopedPrimaryKeyRelatedField):
    """A record by its id, accepted only within the user's scope (typed as an integer in the schema)."""


class TripCreateSerializer(serializers.Serializer):
    campaign = IdField(selectors.campaigns_visible_to, label=_("实地走访活动"))
    destination = serializers.CharField(max_length=100, label=_("目的地"))
    department = IdField(
        records_selectors.departments_visible_to, required=False, allow_null=True, label=_("系部")
    )
    employers = IdField(records_selectors.employers_visible_to, many=True, label=_("走访单位"))
    people = serializers.CharField(max_length=200, label=_("出行人员"))
    planned_date = serializers.DateField(label=_("计划出发日期"))
    estimated_cost = serializers.DecimalField(
        max_digits=9, decimal_places=2, min_value=0, label=_("预计费用（元）")
    )
    purpose = serializers.CharField(required=False, allow_blank=True, max_length=4000, label=_("事由"))

    def validate(self, attrs):
        # The page offers only the campaign's sampled employers (any employer while it has no plan).
        plan = set(attrs["campaign"].plan_entries.values_list("employer_id", flat=True))
        outside = [employer.name for employer in attrs["employers"] if plan and employer.pk not in plan]
        if outside:
            message = _("不在该调查活动的抽样方案中：%(names)s") % {"names": "、".join(outside)}
            raise serializers.ValidationError({"employers": [message]})
        return attrs


class TripDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField(label=_("批准"), help_text=_("true 批准，false 不批准"))
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, label=_("审批意见"))


class VisitCreateSerializer(serializers.Serializer):
    trip = IdField(selectors.trips_visible_to, label=_("出差申请"))
    employer = IdField(records_selectors.employers_visible_to, label=_("用人单位"))
    visited_on = serializers.DateField(label=_("走访日期"))
    visitors = serializers.CharField(max_length=200, label=_("走访人员"))
    met_whom = serializers.CharField(max_length=200, label=_("接待人员"))
    graduates_situation = serializers.CharField(max_length=4000, label=_("毕业生工作适应情况"))
    evaluation = serializers.ChoiceField(
        choices=Rating.choices, required=False, allow_blank=True, label=_("用人单位对我校毕业生的整体评价")
    )
    assessment = serializers.CharField(
        required=False, allow_blank=True, max_length=4000, label=_("用人单位综合评价")
    )
    suggestions = serializers.CharField(
        required=False, allow_blank=True, max_length=4000, label=_("用人单位意见和建议")
    )
    notes = serializers.CharField(required=False, allow_blank=True, max_length=4000, label=_("备注"))


class ForumOpinionInputSerializer(serializers.Serializer):
    speaker = serializers.CharField(required=False, allow_blank=True, max_length=50, label=_("发言人"))
    graduate = IdField(
        records_selectors.graduates_visible_to, required=False, allow_null=True, label=_("毕业生")
    )
    text = serializers.CharField(max_length=4000, label=_("意见和建议"))


class ForumOpinionCreateSerializer(ForumOpinionInputSerializer):
    forum = IdField(selectors.forums_visible_to, label=_("毕业生座谈会"))


class ForumCreateSerializer(serializers.Serializer):
    campaign = IdField(selectors.campaigns_visible_to, label=_("实地走访活动"))
    held_on = serializers.DateField(label=_("日期"))
    place = serializers.CharField(max_length=100, label=_("地点"))
    attendees = serializers.CharField(max_length=4000, label=_("参加人员"))
    minutes = serializers.CharField(max_length=20000, label=_("会议纪要"))
    opinions = ForumOpinionInputSerializer(
        many=True, required=False, max_length=200, label=_("逐人录入的意见")
    )
    opinion_notes = serializers.CharField(
        required=False, allow_blank=True, max_length=20000, label=_("按纪要录入的意见（每行一条）")
    )

    def validate_campaign(self, campaign):
        if not campaign.is_visit:
            raise serializers.ValidationError(_("座谈会只能属于实地走访活动"))
        return campaign


class ForumOpinionThemesSerializer(serializers.Serializer):
    themes = serializers.SlugRelatedField(
        slug_field="name",
        many=True,
        queryset=SuggestionTheme.objects.all(),
        label=_("主题"),
        help_text=_("主题名称列表；空列表表示归入“其他”"),
    )


class SuggestionThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = SuggestionTheme
        fields = ["id", "name", "keywords", "position"]


class PaperEntryRowSerializer(serializers.ModelSerializer):
    graduate_id = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("预填行的毕业生 id（仅对预填的毕业生保留关联）")
    )

    class Meta:
        model = ResponseGraduate
        fields = ["graduate_id", *services.ROW_FIELDS]
        extra_kwargs = {"name": {"required": False, "allow_blank": True}}


class PaperEntrySerializer(serializers.ModelSerializer):
    source = serializers.ChoiceField(
        choices=PAPER_SOURCES, required=False, label=_("收回方式"), help_text=_("提交时必填")
    )
    draft = serializers.BooleanField(
        default=False, help_text=_("true 只保存草稿（不检查是否填写完整），false 提交（只能提交一次）")
    )
    graduates = PaperEntryRowSerializer(
        many=True,
        required=False,
        max_length=200,
        help_text=_(
            "一、毕业生工作基本情况；不提交则保留已保存的行（新登记表按学校记录预填）。系部人员只提交"
            "本系部毕业生的行，其他行保持不变；提交其他行返回 400"
        ),
    )

    class Meta:
        model = EmployerResponse
        fields = [*services.FORM_FIELDS, "source", "draft", "graduates"]
        extra_kwargs = {
            **{name: {"required": False} for name in services.FORM_FIELDS},
            "hired_count": {"required": False, "allow_null": True, "max_value": 100000},
            "still_employed_count": {"required": False, "allow_null": True, "max_value": 100000},
            "suggestions": {"required": False, "max_length": 4000},
        }

    def validate(self, attrs):
        if not attrs["draft"] and not attrs.get("source"):
            raise serializers.ValidationError({"source": [_("请选择收回方式（纸质或传真）")]})
        return attrs


class TripApproverPermission(BasePermission):
    """Only a 校领导 decides a trip (the page's TripDecideView), though leaders otherwise only read."""

    message = _("只有校领导可以审批出差申请")

    def has_permission(self, request, view):
        return roles.can_approve_trips(request.user)


class SurveyAutoSchema(GradtrackAutoSchema):
    # A POST on one record (…/{id}/decide/) can also answer 404.
    def _error_codes(self) -> list[str]:
        on_record = self.method == "POST" and "{id}" in self.path
        return [*super()._error_codes(), *(["404"] if on_record else [])]


# --- Viewsets ----------------------------------------------------------------------------------------------


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


def describe_write(summary, description, body, result, code=status.HTTP_200_OK):
    return extend_schema(summary=summary, description=description, request=body, responses={code: result})


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
    parser_classes = [JSONParser]
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["id"]
    ordering = ["id"]
    schema = SurveyAutoSchema()

    def get_queryset(self):
        return type(self).selector(self.request.user).select_related(*self.related)

    def valid_input(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def respond(self, instance, code=status.HTTP_200_OK, serializer_class=None) -> Response:
        serializer_class = serializer_class or self.get_serializer_class()
        return Response(serializer_class(instance, context=self.get_serializer_context()).data, status=code)


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

    @describe_write(
        _("录入纸质或传真登记表"),
        _(
            "与网页“录入纸质/传真登记表”相同：draft 为 true 时只保存草稿，否则检查填写完整后提交（只能提交"
            "一次）。盖章扫描件请在网页上传；此处填写确认人姓名（stamp_confirmation）代替盖章。"
        ),
        PaperEntrySerializer,
        EmployerResponseSerializer,
    )
    @action(detail=True, methods=["post"], url_path="paper-entry")
    def paper_entry(self, request, pk=None):
        invitation = self.get_object()
        data = self.valid_input(PaperEntrySerializer)
        # Without rows a new return starts from the prefilled ones, like the page's form (the service decides,
        # and keeps the rows a 系部 user does not see as they are).
        draft, source, rows = data.pop("draft"), data.pop("source", None), data.pop("graduates", None)
        if draft:
            response = services.response_save_draft(
                invitation=invitation, data=data, rows=rows, acting_user=request.user
            )
        else:
            response = services.response_submit(
                invitation=invitation, data=data, rows=rows, source=source, acting_user=request.user
            )
        return self.respond(response, serializer_class=EmployerResponseSerializer)


@describe("用人单位反馈")
class EmployerResponseViewSet(SurveyViewSet):
    selector = staticmethod(selectors.responses_visible_to)
    related = ("invitation", "nature_code")
    serializer_class = EmployerResponseSerializer
    filterset_class = campaign_filter(EmployerResponse, "invitation__")

    def get_queryset(self):
        rows = selectors.response_rows_visible_to(self.request.user)
        return (
            super()
            .get_queryset()
            .filter(submitted_at__isnull=False)
            .prefetch_related(Prefetch("graduates", queryset=rows, to_attr="visible_rows"))
        )


class ServiceCreateMixin:
    # POST on the list: the body checked by `input_serializer`, the record made by `record` (a service).
    # (A comment, not a docstring: drf-spectacular would publish a docstring as the operations' description.)

    input_serializer: type[serializers.Serializer]

    def record(self, data: dict, acting_user):  # pragma: no cover - every viewset records
        raise NotImplementedError

    def create(self, request):
        created = self.record(self.valid_input(self.input_serializer), request.user)
        return self.respond(created, status.HTTP_201_CREATED)


@describe("出差申请")
@extend_schema_view(
    create=describe_write(
        _("提交出差申请"),
        _("与网页相同：系部人员只能为本系部申请；走访单位须在该实地走访活动的抽样方案中。"),
        TripCreateSerializer,
        TripSerializer,
        status.HTTP_201_CREATED,
    )
)
class TripViewSet(ServiceCreateMixin, SurveyViewSet):
    selector = staticmethod(selectors.trips_visible_to)
    serializer_class = TripSerializer
    input_serializer = TripCreateSerializer
    filterset_class = campaign_filter(Trip)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("employers")

    def record(self, data, acting_user):
        campaign, employers = data.pop("campaign"), data.pop("employers")
        return services.trip_request(
            campaign=campaign, data=data, employers=employers, acting_user=acting_user
        )

    @describe_write(
        _("审批出差申请（仅校领导）"),
        _("批准或不批准待审批的出差申请；已审批的申请不能再次审批。"),
        TripDecisionSerializer,
        TripSerializer,
    )
    @action(detail=True, methods=["post"], permission_classes=[TripApproverPermission])
    def decide(self, request, pk=None):
        trip = self.get_object()
        data = self.valid_input(TripDecisionSerializer)
        trip = services.trip_decide(
            trip=trip, approve=data["approve"], note=data.get("note", ""), acting_user=request.user
        )
        return self.respond(trip)


@describe("走访记录")
@extend_schema_view(
    create=describe_write(
        _("记录走访"),
        _("只能在已经校领导批准的出差申请上记录，走访单位须在申请中，走访日期不早于批准日期。"),
        VisitCreateSerializer,
        VisitSerializer,
        status.HTTP_201_CREATED,
    )
)
class VisitViewSet(ServiceCreateMixin, SurveyViewSet):
    selector = staticmethod(selectors.visits_visible_to)
    serializer_class = VisitSerializer
    input_serializer = VisitCreateSerializer
    filterset_class = campaign_filter(Visit, "trip__")

    def record(self, data, acting_user):
        trip, employer = data.pop("trip"), data.pop("employer")
        try:
            return services.visit_record(trip=trip, employer=employer, data=data, acting_user=acting_user)
        except ValidationError as error:
            # The page shows this refusal on the trip's page; here it names the trip the client sent.
            if getattr(error, "code", None) == "trip_not_approved":
                raise ValidationError({"trip": error}) from error
            raise


@describe("毕业生座谈会")
@extend_schema_view(
    create=describe_write(
        _("记录毕业生座谈会"),
        _(
            "与网页相同：意见可逐人录入（opinions）或按纪要每行一条（opinion_notes），保存时自动按意见主题归类。"
        ),
        ForumCreateSerializer,
        ForumSerializer,
        status.HTTP_201_CREATED,
    )
)
class ForumViewSet(ServiceCreateMixin, SurveyViewSet):
    selector = staticmethod(selectors.forums_visible_to)
    serializer_class = ForumSerializer
    input_serializer = ForumCreateSerializer
    filterset_class = campaign_filter(Forum)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("opinions__themes")

    def record(self, data, acting_user):
        campaign, opinions = data.pop("campaign"), data.pop("opinions", [])
        return services.forum_record(
            campaign=campaign, data=data, opinions=[dict(row) for row in opinions], acting_user=acting_user
        )


@describe("座谈会意见")
@extend_schema_view(
    create=describe_write(
        _("增加一条座谈会意见"),
        _("发言人和毕业生可不填；保存时按意见主题自动归类。"),
        ForumOpinionCreateSerializer,
        ForumOpinionSerializer,
        status.HTTP_201_CREATED,
    )
)
class ForumOpinionViewSet(ServiceCreateMixin, SurveyViewSet):
    selector = staticmethod(selectors.forum_opinions_visible_to)
    serializer_class = ForumOpinionSerializer
    input_serializer = ForumOpinionCreateSerializer
    filterset_class = campaign_filter(ForumOpinion, "forum__")

    def get_queryset(self):
        return super().get_queryset().prefetch_related("themes")

    def record(self, data, acting_user):
        forum = data.pop("forum")
        return services.forum_opinion_add(forum=forum, data=data, acting_user=acting_user)

    @describe_write(
        _("修改座谈会意见的主题"),
        _("工作人员修改后，该意见不再随主题列表的修改自动重新归类。"),
        ForumOpinionThemesSerializer,
        ForumOpinionSerializer,
    )
    @action(detail=True, methods=["post"])
    def themes(self, request, pk=None):
        opinion = self.get_object()
        data = self.valid_input(ForumOpinionThemesSerializer)
        opinion = services.forum_opinion_set_themes(
            opinion=opinion, themes=data["themes"], acting_user=request.user
        )
        return self.respond(opinion)


@describe("意见主题")
class SuggestionThemeViewSet(SurveyViewSet):
    selector = staticmethod(selectors.suggestion_themes_visible_to)
    serializer_class = SuggestionThemeSerializer
    ordering = ["position", "id"]


def register(router) -> None:
    """Add this app's viewsets to the v1 router."""
    router.register("surveys/campaigns", CampaignViewSet, basename="survey-campaign")
    router.register("surveys/plan-entries", PlanEntryViewSet, basename="survey-plan-entry")
    router.register("surveys/invitations", InvitationViewSet, basename="survey-invitation")
    router.register("surveys/responses", EmployerResponseViewSet, basename="survey-response")
    router.register("surveys/trips", TripViewSet, basename="survey-trip")
    router.register("surveys/visits", VisitViewSet, basename="survey-visit")
    router.register("surveys/forums", ForumViewSet, basename="survey-forum")
    router.register("surveys/forum-opinions", ForumOpinionViewSet, basename="survey-forum-opinion")
    router.register("surveys/themes", SuggestionThemeViewSet, basename="survey-theme")
