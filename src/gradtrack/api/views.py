"""API v1 endpoints: thin — the queryset comes from records.selectors, writes go through records.services
(in the serializers), permissions from api.permissions, errors from api.errors."""

from django.http import JsonResponse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.filters import OrderingFilter

from gradtrack.api import filters
from gradtrack.api.parsers import JSONParser
from gradtrack.api.permissions import ReferenceDataPermission, StaffScopePermission
from gradtrack.api.schema import GradtrackAutoSchema
from gradtrack.core.models import Destination, EmployerNature, Industry, MajorCategory
from gradtrack.records import api as serializers
from gradtrack.records import selectors

SCOPE_NOTE = _("系部人员只能看到本系部的记录；范围外的记录返回 404。")
LIST_NOTE = _("分页（page、page_size ≤ 200），可按下列参数筛选和排序。")
VERSION_NOTE = _("可提交读取时得到的 version：若记录已被他人修改，返回 409 且不保存。")


def describe(noun, *, write_note=""):
    """Summaries and descriptions of the five operations of a record endpoint, in Chinese."""
    return extend_schema_view(
        list=extend_schema(
            summary=format_lazy(_("{noun}列表"), noun=noun),
            description=format_lazy("{}{}", LIST_NOTE, SCOPE_NOTE),
        ),
        retrieve=extend_schema(summary=format_lazy(_("查看{noun}"), noun=noun), description=SCOPE_NOTE),
        create=extend_schema(summary=format_lazy(_("新建{noun}"), noun=noun), description=write_note),
        update=extend_schema(
            summary=format_lazy(_("修改{noun}（整体提交）"), noun=noun),
            description=format_lazy("{}{}", write_note, VERSION_NOTE),
        ),
        partial_update=extend_schema(
            summary=format_lazy(_("修改{noun}（只提交要改的字段）"), noun=noun),
            description=format_lazy("{}{}", write_note, VERSION_NOTE),
        ),
    )


def not_found(request, *args, **kwargs):
    """Any other address under /api/v1/ answers in JSON too, never with the site's HTML error page."""
    return JsonResponse({"detail": str(_("接口或记录不存在"))}, status=404)


class RecordViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, read, create, update. No delete through the API."""

    selector = None  # a function of records.selectors: user -> queryset
    lookup_value_regex = "[^/]+"  # "1.5" or "abc" reach the view and get its JSON 404
    related: tuple[str, ...] = ()
    permission_classes = [StaffScopePermission]
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    parser_classes = [JSONParser]
    schema = GradtrackAutoSchema()

    def get_queryset(self):
        return type(self).selector(self.request.user).select_related(*self.related)


@extend_schema(tags=["departments"])
@describe(_("系部"), write_note=_("仅就业指导中心与系统管理员可写。"))
class DepartmentViewSet(RecordViewSet):
    selector = staticmethod(selectors.departments_visible_to)
    serializer_class = serializers.DepartmentSerializer
    permission_classes = [ReferenceDataPermission]
    ordering_fields = ["code", "name"]
    ordering = ["code"]


@extend_schema(tags=["majors"])
@describe(_("专业"), write_note=_("仅就业指导中心与系统管理员可写。"))
class MajorViewSet(RecordViewSet):
    selector = staticmethod(selectors.majors_visible_to)
    related = ("category",)
    serializer_class = serializers.MajorSerializer
    permission_classes = [ReferenceDataPermission]
    filterset_class = filters.MajorFilter
    ordering_fields = ["code", "name"]
    ordering = ["department__code", "code"]


@extend_schema(tags=["graduates"])
@describe(
    _("毕业生"),
    write_note=_("系部人员只能在本系部内新建或修改；学号唯一，身份证号按校验位检查，手机号保存时规范化。"),
)
class GraduateViewSet(RecordViewSet):
    selector = staticmethod(selectors.graduates_visible_to)
    related = ("destination",)
    serializer_class = serializers.GraduateSerializer
    filterset_class = filters.GraduateFilter
    ordering_fields = ["student_no", "name", "graduation_year", "updated_at"]
    ordering = ["-graduation_year", "student_no"]


@extend_schema(tags=["employers"])
@describe(_("用人单位"), write_note=_("统一社会信用代码唯一，并按校验位检查。"))
class EmployerViewSet(RecordViewSet):
    selector = staticmethod(selectors.employers_visible_to)
    related = ("nature", "industry")
    serializer_class = serializers.EmployerSerializer
    filterset_class = filters.EmployerFilter
    ordering_fields = ["name", "updated_at"]
    ordering = ["name", "pk"]


@extend_schema(tags=["employments"])
@describe(
    _("就业记录"),
    write_note=_("每位毕业生至多一份在职工作（离职日期为空）；离职日期不早于入职日期；月薪不为负。"),
)
class EmploymentViewSet(RecordViewSet):
    selector = staticmethod(selectors.employments_visible_to)
    related = ("graduate", "employer")
    serializer_class = serializers.EmploymentSerializer
    filterset_class = filters.EmploymentFilter
    ordering_fields = ["start_date", "end_date", "monthly_salary", "updated_at"]
    ordering = ["-start_date", "-pk"]


class CodeTableViewSet(viewsets.ReadOnlyModelViewSet):
    """A code list, read by every staff member; values are addressed by their code."""

    model = None
    permission_classes = [StaffScopePermission]
    pagination_class = None
    filter_backends: list = []
    lookup_field = "code"
    lookup_value_regex = "[^/\\x00]+"  # PostgreSQL refuses NUL in a query; such a code gets the JSON 404
    schema = GradtrackAutoSchema()

    def get_queryset(self):
        return self.model.objects.all()


def describe_code_table(noun):
    return extend_schema_view(
        list=extend_schema(tags=["code-tables"], summary=format_lazy(_("{noun}代码表"), noun=noun)),
        retrieve=extend_schema(tags=["code-tables"], summary=format_lazy(_("按代码查看{noun}"), noun=noun)),
    )


@describe_code_table(_("单位性质"))
class EmployerNatureViewSet(CodeTableViewSet):
    model = EmployerNature
    serializer_class = serializers.EmployerNatureSerializer


@describe_code_table(_("毕业去向"))
class DestinationViewSet(CodeTableViewSet):
    model = Destination
    serializer_class = serializers.DestinationSerializer


@describe_code_table(_("行业"))
class IndustryViewSet(CodeTableViewSet):
    model = Industry
    serializer_class = serializers.IndustrySerializer


@describe_code_table(_("专业类别"))
class MajorCategoryViewSet(CodeTableViewSet):
    model = MajorCategory
    serializer_class = serializers.MajorCategorySerializer
