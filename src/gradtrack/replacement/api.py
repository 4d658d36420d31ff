"""API v1 endpoints of re-placement (再次就业安置, POLICY §6): open a request for a graduate and the job it follows
(the response carries the decision, its clause quoted and the earliest placement date), record registration,
tests, staff's outcome, the placement and closing; list and read. Rows come from replacement.selectors (a
department user sees their graduates' requests; out of scope is a 404); every write goes through
replacement.services, the same functions as the staff pages and the portal."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from gradtrack.api.fields import ScopedPrimaryKeyRelatedField
from gradtrack.api.filters import IntegerFilter
from gradtrack.api.permissions import StaffScopePermission
from gradtrack.api.schema import API_TAGS, GradtrackAutoSchema
from gradtrack.records import selectors as records_selectors
from gradtrack.records.models import Employment
from gradtrack.replacement import rules, selectors, services
from gradtrack.replacement.models import ReplacementRequest, ReplacementTest

TAG = "replacement"
API_TAGS.append(
    {
        "name": TAG,
        "description": _(
            "再次就业安置（POLICY §6）：申请时按政策判定（免费再次安置、待观察、酌情安置、酌情考虑、不予安置），"
            "依次记录报名登记、面试或笔试、酌情处理结果和安置；系部人员只能看到本系部毕业生的申请。"
        ),
    }
)


class ReplacementAutoSchema(GradtrackAutoSchema):
    """An action on one request (POST …/{id}/registration/) can also answer 404."""

    def _error_codes(self) -> list[str]:
        codes = super()._error_codes()
        if self.method == "POST" and "{id}" in self.path and "404" not in codes:
            codes.append("404")
        return codes


@extend_schema_field(OpenApiTypes.INT)
class IdField(ScopedPrimaryKeyRelatedField):
    """A record by its id, accepted only within the user's scope (typed as an integer in the schema)."""


class ReplacementTestSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    organiser_display = serializers.CharField(source="get_organiser_display", read_only=True)
    result_display = serializers.CharField(source="get_result_display", read_only=True)

    class Meta:
        model = ReplacementTest
        fields = [
            "id",
            "held_on",
            "kind",
            "kind_display",
            "organiser",
            "organiser_display",
            "employer",
            "result",
            "result_display",
            "notes",
        ]
        read_only_fields = fields


class ReplacementRequestSerializer(serializers.ModelSerializer):
    graduate_name = serializers.CharField(source="graduate.name", read_only=True)
    decision_display = serializers.CharField(source="get_decision_display", read_only=True)
    clause_text = serializers.CharField(
        read_only=True, help_text=_("依据条款原文（《毕业生就业跟踪管理办法》）")
    )
    agency_fee_paid_by_graduate = serializers.SerializerMethodField(help_text=_("中介费用自理（§二.7）"))
    preconditions = serializers.SerializerMethodField(help_text=_("安置前须满足的条件（§二.9）"))
    stage_display = serializers.CharField(source="get_stage_display", read_only=True)
    tests = ReplacementTestSerializer(many=True, read_only=True)

    class Meta:
        model = ReplacementRequest
        fields = [
            "id",
            "graduate",
            "graduate_name",
            "employment",
            "request_date",
            "opened_by",
            "decision",
            "decision_display",
            "clause",
            "clause_text",
            "earliest_placement_date",
            "agency_fee_paid_by_graduate",
            "preconditions",
            "decided_on",
            "stage",
            "stage_display",
            "registered_on",
            "tests",
            "outcome",
            "outcome_reason",
            "new_employment",
            "fee_payer",
            "placed_on",
            "closed_on",
            "close_reason",
            "close_note",
            "version",
        ]
        read_only_fields = fields

    def get_agency_fee_paid_by_graduate(self, request) -> bool:
        return request.agency_fee == rules.AgencyFee.GRADUATE

    def get_preconditions(self, request) -> list[str]:
        if request.decision == rules.Decision.DENIED:
            return []
        return [str(label) for label in rules.PRECONDITION_LABELS.values()]


class ReplacementOpenSerializer(serializers.Serializer):
    graduate = IdField(records_selectors.graduates_visible_to, label=_("毕业生"))
    employment = IdField(records_selectors.employments_visible_to, label=_("离职的工作"))
    request_date = serializers.DateField(required=False, label=_("申请日期（默认今天）"))


class ReplacementRegistrationSerializer(serializers.Serializer):
    registered_on = serializers.DateField(label=_("报名登记日期"))


class ReplacementTestInputSerializer(serializers.Serializer):
    held_on = serializers.DateField(label=_("考核日期"))
    kind = serializers.ChoiceField(choices=ReplacementTest.Kind.choices, label=_("形式"))
    organiser = serializers.ChoiceField(choices=ReplacementTest.Organiser.choices, label=_("组织方"))
    employer = IdField(
        records_selectors.employers_visible_to, required=False, allow_null=True, label=_("用人单位")
    )
    result = serializers.ChoiceField(choices=ReplacementTest.Result.choices, label=_("结果"))
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000, label=_("说明"))


class ReplacementOutcomeInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=ReplacementRequest.Outcome.choices, label=_("酌情处理结果"))
    reason = serializers.CharField(max_length=2000, label=_("处理理由"))


class ReplacementClassificationSerializer(serializers.Serializer):
    end_reason = serializers.ChoiceField(
        choices=[(c, label) for c, label in Employment.EndReason.choices if c in rules.CLASSIFIABLE_REASONS],
        label=_("归类为"),
    )


class ReplacementCloseSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(
        choices=[(c.value, c.label) for c in services.STAFF_CLOSE_REASONS], label=_("关闭原因")
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, label=_("说明"))


class ReplacementPlacementSerializer(serializers.ModelSerializer):
    employer = IdField(records_selectors.employers_visible_to, label=_("用人单位"))
    channel = serializers.ChoiceField(
        choices=[(c.value, c.label) for c in services.PLACEMENT_CHANNELS], label=_("就业渠道")
    )
    fee_payer = serializers.ChoiceField(
        choices=ReplacementRequest.FeePayer.choices,
        required=False,
        allow_blank=True,
        label=_("中介费用承担方（中介介绍时必填）"),
    )

    class Meta:
        model = Employment
        fields = [*services.PLACEMENT_JOB_FIELDS, "channel", "fee_payer"]

    def get_validators(self):
        return []


def _request_response(request_obj, context, code=status.HTTP_200_OK) -> Response:
    return Response(ReplacementRequestSerializer(request_obj, context=context).data, status=code)


class RequestFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(choices=ReplacementRequest.Stage.choices)
    decision = django_filters.ChoiceFilter(choices=ReplacementRequest.Decision.choices)
    graduate = IntegerFilter(field_name="graduate_id")

    class Meta:
        model = ReplacementRequest
        fields = ["stage", "decision", "graduate"]


def _action_schema(summary, body):
    return extend_schema(summary=summary, request=body, responses={200: ReplacementRequestSerializer})


@extend_schema(tags=[TAG])
@extend_schema_view(
    list=extend_schema(summary=_("再次安置申请列表"), description=_("系部人员只能看到本系部毕业生的申请。")),
    retrieve=extend_schema(summary=_("查看再次安置申请（决定、依据条款原文、最早可安置日期、各步骤）")),
    create=extend_schema(
        summary=_("为毕业生的某份已离职工作提出再次安置申请"),
        description=_(
            "按 POLICY §6 判定，返回决定、依据条款及原文、最早可安置日期（待观察）。不予安置的申请立即关闭。"
        ),
        request=ReplacementOpenSerializer,
        responses={201: ReplacementRequestSerializer},
    ),
)
class ReplacementRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = ReplacementRequestSerializer
    permission_classes = [StaffScopePermission]
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = RequestFilter
    ordering_fields = ["request_date", "updated_at"]
    ordering = ["-request_date", "-pk"]
    parser_classes = [JSONParser]
    lookup_value_regex = "[^/]+"
    schema = ReplacementAutoSchema()

    def get_queryset(self):
        return selectors.requests_visible_to(self.request.user).prefetch_related("tests")

    def _payload(self, serializer_class):
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def create(self, request, *args, **kwargs):
        data = self._payload(ReplacementOpenSerializer)
        opened = services.replacement_request_open(
            graduate=data["graduate"],
            employment=data["employment"],
            request_date=data.get("request_date"),
            opened_by=ReplacementRequest.OpenedBy.STAFF,
            acting_user=request.user,
            source=services.API_SOURCE,
        )
        return _request_response(opened, self.get_serializer_context(), status.HTTP_201_CREATED)

    @_action_schema(_("记录报名登记"), ReplacementRegistrationSerializer)
    @action(detail=True, methods=["post"])
    def registration(self, request, pk=None):
        obj = self.get_object()
        data = self._payload(ReplacementRegistrationSerializer)
        obj = services.replacement_request_register(
            request=obj,
            registered_on=data["registered_on"],
            acting_user=request.user,
            source=services.API_SOURCE,
        )
        return _request_response(obj, self.get_serializer_context())

    @_action_schema(_("记录面试或笔试及结果"), ReplacementTestInputSerializer)
    @action(detail=True, methods=["post"])
    def tests(self, request, pk=None):
        obj = self.get_object()
        data = self._payload(ReplacementTestInputSerializer)
        services.replacement_test_record(
            request=obj, data=dict(data), acting_user=request.user, source=services.API_SOURCE
        )
        return _request_response(self.get_object(), self.get_serializer_context())

    @_action_schema(_("记录酌情处理结果（同意安置或不同意）及理由"), ReplacementOutcomeInputSerializer)
    @action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        obj = self.get_object()
        data = self._payload(ReplacementOutcomeInputSerializer)
        obj = services.replacement_request_decide(
            request=obj,
            outcome=data["outcome"],
            reason=data["reason"],
            acting_user=request.user,
            source=services.API_SOURCE,
        )
        return _request_response(obj, self.get_serializer_context())

    @_action_schema(
        _("把待归类的离职原因归为企业原因或个人、家庭原因，并重新判定"), ReplacementClassificationSerializer
    )
    @action(detail=True, methods=["post"])
    def classification(self, request, pk=None):
        obj = self.get_object()
        data = self._payload(ReplacementClassificationSerializer)
        obj = services.replacement_request_classify(
            request=obj, end_reason=data["end_reason"], acting_user=request.user, source=services.API_SOURCE
        )
        return _request_response(obj, self.get_serializer_context())

    @_action_schema(_("安置：新建学校安置的就业记录（学校推荐或中介介绍）"), ReplacementPlacementSerializer)
    @action(detail=True, methods=["post"])
    def placement(self, request, pk=None):
        obj = self.get_object()
        data = dict(self._payload(ReplacementPlacementSerializer))
        channel = data.pop("channel")
        fee_payer = data.pop("fee_payer", "")
        obj = services.replacement_request_place(
            request=obj,
            job_data=data,
            channel=channel,
            fee_payer=fee_payer,
            acting_user=request.user,
            source=services.API_SOURCE,
        )
        return _request_response(obj, self.get_serializer_context())

    @_action_schema(_("关闭申请（未通过考核、本人撤回或其他）"), ReplacementCloseSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        obj = self.get_object()
        data = self._payload(ReplacementCloseSerializer)
        obj = services.replacement_request_close(
            request=obj,
            reason=data["reason"],
            note=data.get("note", ""),
            acting_user=request.user,
            source=services.API_SOURCE,
        )
        return _request_response(obj, self.get_serializer_context())


def register(router) -> None:
    """Add this app's viewsets to the v1 router."""
    router.register("replacement-requests", ReplacementRequestViewSet, basename="replacement-request")
