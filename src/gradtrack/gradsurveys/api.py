"""API v1 of the 毕业生调查: waves (the centre creates one, like the page), their live response rate per department
and class, the responses, and the 毕业生满意度 figures. Rows come from gradsurveys.selectors, so a 系部 user sees
its own department's graduates only; 校领导 read."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

from gradtrack.accounts import privacy, roles
from gradtrack.api.filters import IntegerFilter
from gradtrack.api.parsers import JSONParser
from gradtrack.api.permissions import StaffScopePermission
from gradtrack.api.schema import API_TAGS, GradtrackAutoSchema
from gradtrack.gradsurveys import selectors, services
from gradtrack.gradsurveys.models import GraduateResponse, Wave
from gradtrack.security import access_log

TAG = "graduate-surveys"
API_TAGS.append(
    {
        "name": TAG,
        "description": _(
            "毕业生调查：调查轮次（半年后、三年后）、各系部和班级的回收率、答卷与毕业生满意度。"
            "可写：就业指导中心新建一轮调查；其余只读。"
        ),
    }
)


class RateRowSerializer(serializers.Serializer):
    label = serializers.CharField(help_text=_("系部、班级或“合计”"))
    department = serializers.CharField(help_text=_("班级所在系部（班级行）"))
    invited = serializers.IntegerField(help_text=_("邀请人数"))
    responded = serializers.IntegerField(help_text=_("已答人数"))
    response_rate = serializers.FloatField(allow_null=True, help_text=_("回收率（%）"))


class ResponseRatesSerializer(serializers.Serializer):
    total = RateRowSerializer()
    departments = RateRowSerializer(many=True)
    classes = RateRowSerializer(many=True)


class WaveSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    opens_on = serializers.DateField(required=False, help_text=_("留空则按政策参数"))
    closes_on = serializers.DateField(required=False, help_text=_("留空则按政策参数"))
    response_rate = serializers.SerializerMethodField()

    class Meta:
        model = Wave
        fields = ["id", "cohort", "kind", "kind_display", "opens_on", "closes_on", "response_rate"]

    def get_response_rate(self, wave) -> float | None:
        return selectors.response_rates(wave, self.context["request"].user).total.response_rate


class GraduateResponseSerializer(serializers.ModelSerializer):
    wave = serializers.IntegerField(source="invitation.wave_id", read_only=True)
    graduate = serializers.IntegerField(source="invitation.graduate_id", read_only=True)
    change_reports = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = GraduateResponse
        fields = [
            "id",
            "wave",
            "graduate",
            "status",
            "employer_name",
            "post",
            "monthly_salary",
            "matching",
            "job_rating",
            "teaching_rating",
            "guidance_rating",
            "suggestions",
            "source",
            "differs_from_file",
            "change_reports",
            "submitted_at",
        ]

    def to_representation(self, instance):
        # 月薪 is masked (null) for 校领导, as everywhere (accounts.privacy); what was given in full is logged.
        shown, disclosed = privacy.disclose(
            self.context["request"].user,
            super().to_representation(instance),
            in_list=True,
            masks={"monthly_salary": lambda value: None},
        )
        if disclosed:
            self.context["view"].disclosed.add(instance.pk)
        return shown


class QuestionFigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    n = serializers.IntegerField(help_text=_("作答人数"))
    favourable = serializers.IntegerField(help_text=_("评价优秀或良好（对口：完全或基本对口）的人数"))
    rate = serializers.FloatField(allow_null=True, help_text=_("比例（%）"))


class SatisfactionSerializer(serializers.Serializer):
    label = serializers.CharField()
    invited = serializers.IntegerField()
    responded = serializers.IntegerField()
    response_rate = serializers.FloatField(allow_null=True, help_text=_("回收率（%）"))
    questions = QuestionFigureSerializer(many=True)


class WaveFilter(django_filters.FilterSet):
    cohort = IntegerFilter(field_name="cohort", label=_("届别"))
    kind = django_filters.ChoiceFilter(choices=Wave.Kind.choices, label=_("轮次"))

    class Meta:
        model = Wave
        fields = ["cohort", "kind"]


class ResponseFilter(django_filters.FilterSet):
    wave = IntegerFilter(field_name="invitation__wave", label=_("调查轮次 id"))

    class Meta:
        model = GraduateResponse
        fields = ["wave"]


class ReadOnlyBase(viewsets.GenericViewSet):
    permission_classes = [StaffScopePermission]
    parser_classes = [JSONParser]
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["id"]
    ordering = ["id"]
    schema = GradtrackAutoSchema()


@extend_schema_view(
    list=extend_schema(tags=[TAG], summary="毕业生调查轮次列表"),
    retrieve=extend_schema(tags=[TAG], summary="查看毕业生调查轮次"),
    create=extend_schema(
        tags=[TAG],
        summary="新建一轮毕业生调查",
        description="与网页相同：日期留空则按政策参数；该届所有在册毕业生（已归档的除外）都会收到邀请。仅就业指导中心和管理员。",
    ),
)
class WaveViewSet(
    ReadOnlyBase,
    viewsets.mixins.ListModelMixin,
    viewsets.mixins.RetrieveModelMixin,
    viewsets.mixins.CreateModelMixin,
):
    serializer_class = WaveSerializer
    filterset_class = WaveFilter

    def get_queryset(self):
        return selectors.waves_visible_to(self.request.user)

    def create(self, request, *args, **kwargs):
        if not roles.can_manage_surveys(request.user):
            raise PermissionDenied(_("只有就业指导中心和管理员可以新建毕业生调查"))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        wave = services.wave_create(acting_user=request.user, **serializer.validated_data)
        return Response(self.get_serializer(wave).data, status=status.HTTP_201_CREATED)

    @extend_schema(tags=[TAG], summary="各系部和班级的回收率", responses={200: ResponseRatesSerializer})
    @action(
        detail=True, methods=["get"], url_path="response-rates", filter_backends=[], pagination_class=None
    )
    def response_rates(self, request, pk=None):
        rates = selectors.response_rates(self.get_object(), request.user)
        return Response(ResponseRatesSerializer(rates).data)

    @extend_schema(tags=[TAG], summary="本轮毕业生满意度", responses={200: SatisfactionSerializer})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def satisfaction(self, request, pk=None):
        wave = self.get_object()
        figures = selectors.graduate_satisfaction(cohorts=[wave.cohort], kind=wave.kind, user=request.user)
        return Response(SatisfactionSerializer(figures).data)


@extend_schema_view(
    list=extend_schema(tags=[TAG], summary="毕业生调查答卷列表"),
    retrieve=extend_schema(tags=[TAG], summary="查看毕业生调查答卷"),
)
class GraduateResponseViewSet(
    ReadOnlyBase, viewsets.mixins.ListModelMixin, viewsets.mixins.RetrieveModelMixin
):
    serializer_class = GraduateResponseSerializer
    filterset_class = ResponseFilter

    def initial(self, request, *args, **kwargs):
        self.disclosed = set()
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(self, "disclosed", None) and response.status_code < 400:
            kind = _("接口列表") if self.action == "list" else _("接口记录")
            access_log.log_api_read(
                request,
                subject=f"{_('毕业生调查答卷')}（{kind}）",
                record_count=len(self.disclosed),
                fields=["monthly_salary"],
            )
        return response

    def get_queryset(self):
        return (
            selectors.responses_visible_to(self.request.user)
            .select_related("invitation")
            .prefetch_related("change_reports")
        )


class OneObjectSchema(GradtrackAutoSchema):
    """One object, not a list; a bad parameter is a 400."""

    def _is_list_view(self, serializer=None):
        return False

    def _error_codes(self):
        return ["400", "401", "403"]


@extend_schema(
    tags=[TAG],
    summary="毕业生满意度",
    description="用户可见的毕业生的满意度：各题作答人数（n）与优良比例、专业对口率和回收率；可按届别与轮次筛选。",
    parameters=[
        OpenApiParameter("cohort", int, description="届别（可重复）", many=True),
        OpenApiParameter("kind", str, enum=Wave.Kind.values, description="轮次"),
    ],
    responses={200: SatisfactionSerializer},
)
class SatisfactionViewSet(viewsets.ViewSet):
    permission_classes = [StaffScopePermission]
    schema = OneObjectSchema()

    def list(self, request):
        cohorts = []
        for value in request.query_params.getlist("cohort"):
            if not value.isdigit():
                raise serializers.ValidationError({"cohort": _("届别须为年份数字")})
            cohorts.append(int(value))
        kind = request.query_params.get("kind") or None
        if kind and kind not in Wave.Kind.values:
            raise serializers.ValidationError({"kind": _("轮次无效")})
        figures = selectors.graduate_satisfaction(cohorts=cohorts or None, kind=kind, user=request.user)
        return Response(SatisfactionSerializer(figures).data)


def register(router) -> None:
    router.register("graduate-surveys/waves", WaveViewSet, basename="graduate-survey-wave")
    router.register(
        "graduate-surveys/responses", GraduateResponseViewSet, basename="graduate-survey-response"
    )
    router.register(
        "graduate-surveys/satisfaction", SatisfactionViewSet, basename="graduate-survey-satisfaction"
    )
