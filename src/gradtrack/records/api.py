"""API v1 endpoints of the employment files: departments, majors, graduates, employers, jobs, and the code tables.

Thin, like the pages: the queryset comes from records.selectors (outside the user's scope: 404); writes go
through records.services (in the serializers). Serializers check the shape of a request (types, lengths, choices,
ids in the user's scope); the rules — check digits, uniqueness, one current job, dates in order — are decided by
records.services, after they normalise the input, so the UI, the importer and the API give the same answers.
Permissions, parsers, errors and the schema's details are the shared plumbing of api/."""

import django_filters
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

from gradtrack.accounts import privacy
from gradtrack.api.concurrency import VersionedWriteMixin
from gradtrack.api.fields import ScopedPrimaryKeyRelatedField, code_field
from gradtrack.api.filters import CodeChoiceFilter, IntegerFilter
from gradtrack.api.parsers import JSONParser
from gradtrack.api.permissions import MasterDataPermission, ReferenceDataPermission, StaffScopePermission
from gradtrack.api.schema import API_TAGS, ErrorSerializer, GradtrackAutoSchema
from gradtrack.core.history import BOOKKEEPING_FIELDS
from gradtrack.core.models import (
    CatalogueMajor,
    Destination,
    DestinationCode,
    EmployerNature,
    Industry,
    MajorCategory,
)
from gradtrack.records import selectors, services
from gradtrack.records.fields import (
    DEPARTMENT_FIELDS,
    EMPLOYER_FIELDS,
    EMPLOYMENT_FIELDS,
    GRADUATE_FIELDS,
    MAJOR_FIELDS,
)
from gradtrack.records.models import Department, Employer, Employment, Graduate, Major
from gradtrack.records.validators import normalize_employer_name
from gradtrack.security import access_log

API_SOURCE = "api"

API_TAGS.extend(
    [
        {
            "name": "departments",
            "description": _("系部（读：所有工作人员按范围；写：就业指导中心与系统管理员）"),
        },
        {"name": "majors", "description": _("专业（读：所有工作人员按范围；写：就业指导中心与系统管理员）")},
        {"name": "graduates", "description": _("毕业生档案（系部人员只能看到并修改本系部的毕业生）")},
        {"name": "employers", "description": _("用人单位（全校共享的单位名录）")},
        {"name": "employments", "description": _("就业记录（个人就业档案中的每一份工作，至多一份在职）")},
        {"name": "code-tables", "description": _("代码表：单位性质、毕业去向、行业、专业大类（只读）")},
    ]
)


# --- Serializers ------------------------------------------------------------------------------------------


class ServiceModelSerializer(serializers.ModelSerializer):
    # Creates and updates through records.services, which normalise, validate and write history.
    # (A comment, not a docstring: drf-spectacular would publish a docstring as every schema's description.)

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        # Model validators (check digits, uniqueness) would judge the raw input before the service
        # normalises it ('+86 139-…'); the service runs them on the normalised value instead.
        kwargs.pop("validators", None)
        return field_class, kwargs

    def get_validators(self):
        return []

    def _acting_user(self):
        return self.context["request"].user

    def create(self, validated_data):
        validated_data.pop("version", None)
        return services.record_create(
            self.Meta.model, data=validated_data, acting_user=self._acting_user(), source=API_SOURCE
        )

    def update(self, instance, validated_data):
        expected_version = validated_data.pop("version", None)
        return services.record_update(
            instance,
            data=validated_data,
            acting_user=self._acting_user(),
            expected_version=expected_version,
            source=API_SOURCE,
        )


class VersionedSerializer(ServiceModelSerializer):
    version = serializers.IntegerField(
        required=False,
        label=_("版本号"),
        min_value=1,
        help_text=_(
            "记录的版本号，每次修改加 1。修改时必须提交读取时得到的版本号：不提交返回 428，"
            "若记录已被他人修改返回 409，都不保存。新建时忽略。"
        ),
    )


def _with_read_only(fields, read_only: dict[str, str]) -> list[str]:
    """`fields` with read-only fields put in after the ones named (a graduate's name after its id)."""
    listed = []
    for name in fields:
        listed.append(name)
        if name in read_only:
            listed.append(read_only[name])
    return listed


def _as_disclosed(serializer, instance, data: dict, *, masks=None) -> dict:
    """``data`` through the masking rules of accounts.privacy (the same as the pages and exports use): a list
    never carries a full 身份证号, and nothing is given in full to a role that may not see it. What is given in
    full is noted on the view, which writes one access-log row for the request (SensitiveReadLogMixin)."""
    request = serializer.context.get("request")
    view = serializer.context.get("view")
    shown, disclosed = privacy.disclose(
        getattr(request, "user", None), data, in_list=getattr(view, "action", None) == "list", masks=masks
    )
    if disclosed and isinstance(view, SensitiveReadLogMixin):
        view.note_disclosure(instance, disclosed)
    return shown


def _left_out(value):
    return None


class DepartmentSerializer(ServiceModelSerializer):
    class Meta:
        model = Department
        fields = ["id", *DEPARTMENT_FIELDS]


class MajorSerializer(ServiceModelSerializer):
    department = ScopedPrimaryKeyRelatedField(
        selectors.departments_visible_to, label=_("系部"), help_text=_("系部 id")
    )
    catalogue = code_field(
        CatalogueMajor,
        required=False,
        allow_null=True,
        label=_("目录专业"),
        help_text=_("《职业教育专业目录（2021年）》中的专业代码；为空即校本专业"),
    )
    category = code_field(MajorCategory, label=_("专业大类"), help_text=_("专业大类代码（61–79）"))

    class Meta:
        model = Major
        fields = ["id", *MAJOR_FIELDS]


# 归档 (POLICY §1), shown on every graduate; the API lists archived graduates too (filter archived=false).
ARCHIVE_FIELDS = ("archived_at", "archive_reason", "archive_note")


class GraduateSerializer(VersionedSerializer):
    department = ScopedPrimaryKeyRelatedField(
        selectors.departments_visible_to, label=_("系部"), help_text=_("系部 id（须在当前用户的范围内）")
    )
    major = ScopedPrimaryKeyRelatedField(
        selectors.majors_visible_to, label=_("专业"), help_text=_("专业 id（须属于所选系部）")
    )
    destination = code_field(
        Destination,
        required=False,
        allow_null=True,
        label=_("毕业去向"),
        help_text=_("中职统计口径的毕业去向（ZZ-E1 … ZZ-U，见代码表 destinations）"),
    )
    destination_detail = code_field(
        DestinationCode,
        required=False,
        allow_null=True,
        label=_("毕业去向代码（高校口径）"),
        help_text=_("可选：教育部高校毕业去向代码，如 11"),
    )
    # Longer than stored: the service normalises '+86 139-0000-1111', full-width digits and spaces.
    mobile = serializers.CharField(
        label=_("手机"),
        max_length=30,
        required=False,
        allow_blank=True,
        help_text=_("11 位手机号；可带 +86、空格或连字符，保存时规范化"),
    )
    id_number = serializers.CharField(
        label=_("身份证号"),
        max_length=30,
        required=False,
        allow_blank=True,
        help_text=_("18 位身份证号，按 GB 11643 校验位检查"),
    )
    qq = serializers.CharField(label=_("QQ"), max_length=20, required=False, allow_blank=True)
    # Read-only here (the archive and restore actions write them); "" while the graduate is not archived.
    archive_reason = serializers.ChoiceField(
        choices=Graduate.ArchiveReason.choices, allow_blank=True, read_only=True, label=_("归档原因")
    )

    def to_representation(self, instance):
        # One graduate's record carries the 身份证号 in full for the roles that may see it, lists never;
        # contacts are masked for 校领导 in lists and records alike (accounts.privacy).
        return _as_disclosed(self, instance, super().to_representation(instance))

    class Meta:
        model = Graduate
        fields = ["id", *GRADUATE_FIELDS, *ARCHIVE_FIELDS, *BOOKKEEPING_FIELDS]
        read_only_fields = ARCHIVE_FIELDS  # written by the archive and restore actions


class EmployerSerializer(VersionedSerializer):
    credit_code = serializers.CharField(
        label=_("统一社会信用代码"),
        max_length=30,
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text=_("18 位统一社会信用代码，按 GB 32100 校验位检查"),
    )
    nature = code_field(
        EmployerNature, required=False, allow_null=True, label=_("单位性质"), help_text=_("单位性质代码")
    )
    industry = code_field(
        Industry, required=False, allow_null=True, label=_("行业"), help_text=_("行业代码（GB/T 4754 门类）")
    )

    class Meta:
        model = Employer
        fields = ["id", *EMPLOYER_FIELDS, *BOOKKEEPING_FIELDS]


class EmploymentSerializer(VersionedSerializer):
    graduate = ScopedPrimaryKeyRelatedField(
        selectors.graduates_visible_to, label=_("毕业生"), help_text=_("毕业生 id（须在当前用户的范围内）")
    )
    employer = ScopedPrimaryKeyRelatedField(
        selectors.employers_visible_to, label=_("用人单位"), help_text=_("用人单位 id")
    )
    graduate_name = serializers.CharField(source="graduate.name", read_only=True, label=_("毕业生姓名"))
    employer_name = serializers.CharField(source="employer.name", read_only=True, label=_("单位名称"))
    is_current = serializers.BooleanField(read_only=True, label=_("在职"), help_text=_("离职日期为空即在职"))

    def to_representation(self, instance):
        # The schema's number-or-null: a salary the user may not see (list or record) is left out.
        return _as_disclosed(
            self,
            instance,
            super().to_representation(instance),
            masks={"monthly_salary": _left_out, "starting_salary": _left_out},
        )

    class Meta:
        model = Employment
        fields = [
            "id",
            *_with_read_only(
                EMPLOYMENT_FIELDS,  # the names after the ids, 在职 after how the job ended
                {"graduate": "graduate_name", "employer": "employer_name", "end_reason": "is_current"},
            ),
            *BOOKKEEPING_FIELDS,
        ]
        extra_kwargs = {
            "probation_end": {
                "help_text": _("试用期最后一天；不填时按政策参数默认为入职日期加试用期月数减一天")
            },
            "end_date": {"help_text": _("最后工作日；为空表示在职，每位毕业生至多一份在职工作")},
        }


class EmployerNatureSerializer(serializers.ModelSerializer):
    class Meta:
        model = EmployerNature
        fields = ["code", "name"]


class DestinationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Destination
        fields = ["code", "name", "group", "counts_as_employed", "direct_employment"]


class IndustrySerializer(serializers.ModelSerializer):
    section = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, help_text=_("所属门类代码；门类本身为 null")
    )

    class Meta:
        model = Industry
        fields = ["code", "name", "sector", "section"]


class MajorCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = MajorCategory
        fields = ["code", "name"]


# --- Filters ----------------------------------------------------------------------------------------------


def _scoped(selector):
    return lambda request: selector(getattr(request, "user", None))


class MajorFilter(django_filters.FilterSet):
    department = django_filters.ModelChoiceFilter(
        queryset=_scoped(selectors.departments_visible_to), label=_("系部 id")
    )
    category = CodeChoiceFilter(queryset=MajorCategory.objects.all(), label=_("专业大类代码"))

    class Meta:
        model = Major
        fields = ["department", "category"]


class GraduateFilter(django_filters.FilterSet):
    department = django_filters.ModelChoiceFilter(
        queryset=_scoped(selectors.departments_visible_to), label=_("系部 id")
    )
    major = django_filters.ModelChoiceFilter(
        queryset=_scoped(selectors.majors_visible_to), label=_("专业 id")
    )
    graduation_year = IntegerFilter(label=_("毕业年份（届）"))
    placement_mode = django_filters.ChoiceFilter(choices=Graduate.PlacementMode.choices, label=_("安置方式"))
    destination = CodeChoiceFilter(queryset=Destination.objects.all(), label=_("毕业去向代码"))
    search = django_filters.CharFilter(
        method="filter_search", label=_("按姓名、学号或手机号搜索"), max_length=100
    )
    archived = django_filters.BooleanFilter(
        field_name="archived_at",
        lookup_expr="isnull",
        exclude=True,
        label=_("true：只看已归档；false：不含已归档"),
    )

    class Meta:
        model = Graduate
        fields = ["department", "major", "graduation_year", "placement_mode", "destination"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(student_no__icontains=value) | Q(mobile__icontains=value)
        )


class EmployerFilter(django_filters.FilterSet):
    nature = CodeChoiceFilter(queryset=EmployerNature.objects.all(), label=_("单位性质代码"))
    industry = CodeChoiceFilter(queryset=Industry.objects.all(), label=_("行业代码"))
    search = django_filters.CharFilter(
        method="filter_search", label=_("按单位名称或统一社会信用代码搜索"), max_length=100
    )

    class Meta:
        model = Employer
        fields = ["nature", "industry"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(normalized_name__icontains=normalize_employer_name(value))
            | Q(credit_code__icontains=value.upper())
        )


class EmploymentFilter(django_filters.FilterSet):
    graduate = django_filters.ModelChoiceFilter(
        queryset=_scoped(selectors.graduates_visible_to), label=_("毕业生 id")
    )
    employer = django_filters.ModelChoiceFilter(
        queryset=_scoped(selectors.employers_visible_to), label=_("用人单位 id")
    )
    current = django_filters.BooleanFilter(
        field_name="end_date", lookup_expr="isnull", label=_("true：只看在职；false：只看已离职")
    )

    class Meta:
        model = Employment
        fields = ["graduate", "employer", "current"]


# --- Viewsets ---------------------------------------------------------------------------------------------

SCOPE_NOTE = _("系部人员只能看到本系部的记录；范围外的记录返回 404。")
LIST_NOTE = _("分页（page、page_size ≤ 200），可按下列参数筛选和排序。")
VERSION_NOTE = _(
    "带 version 的记录须提交读取时得到的 version：不提交返回 428，若记录已被他人修改返回 409，都不保存。"
)


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


class SensitiveReadLogMixin:
    """Writes one access-log row per request whose answer carried sensitive fields in full (PIPL Art. 51):
    a list or record of graduates with their phones, jobs with their salaries, a full 身份证号. The
    serializers note what they gave in full (``note_disclosure``); nothing is logged for masked answers."""

    log_subject = ""  # what the records are: "毕业生"

    def note_disclosure(self, instance, fields) -> None:
        ledger = self.__dict__.setdefault("_disclosed", {})
        record, noted = ledger.get(instance.pk, (instance, set()))
        ledger[instance.pk] = (record, noted | set(fields))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        ledger = self.__dict__.pop("_disclosed", None)
        if ledger and response.status_code < 400:
            fields = set().union(*(noted for _record, noted in ledger.values()))
            if self.action != "list" and "id_number" in fields:
                [(record, _noted)] = ledger.values()
                access_log.log_id_number_view(request, record, fields=fields)
            else:
                kind = _("接口列表") if self.action == "list" else _("接口记录")
                access_log.log_api_read(
                    request,
                    subject=f"{self.log_subject}（{kind}）",
                    record_count=len(ledger),
                    fields=fields,
                )
        return response


class RecordViewSet(
    VersionedWriteMixin,
    SensitiveReadLogMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, read, create, update. Graduates and jobs add DELETE (DeletableRecordMixin); nothing else is deleted
    through the API."""

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
    serializer_class = DepartmentSerializer
    permission_classes = [ReferenceDataPermission]
    ordering_fields = ["code", "name"]
    ordering = ["code"]


@extend_schema(tags=["majors"])
@describe(_("专业"), write_note=_("仅就业指导中心与系统管理员可写。"))
class MajorViewSet(RecordViewSet):
    selector = staticmethod(selectors.majors_visible_to)
    related = ("category",)
    serializer_class = MajorSerializer
    permission_classes = [ReferenceDataPermission]
    filterset_class = MajorFilter
    ordering_fields = ["code", "name"]
    ordering = ["department__code", "code"]


class GraduateArchiveSerializer(serializers.Serializer):
    archive_reason = serializers.ChoiceField(choices=Graduate.ArchiveReason.choices, label=_("归档原因"))
    archive_note = serializers.CharField(label=_("归档说明"), max_length=1000)


class DeletableRecordSchema(GradtrackAutoSchema):
    # DELETE answers 404 out of scope and 409 with tracking history; an action on one record (…/{id}/archive/)
    # can also answer 404.

    def _error_codes(self) -> list[str]:
        codes = super()._error_codes()
        if self.method == "DELETE":
            codes += ["404", "409"]
        elif self.method == "POST" and "{id}" in self.path and "404" not in codes:
            codes.append("404")
        return codes


class DeletableRecordMixin(mixins.DestroyModelMixin):
    """DELETE of a record entered by mistake (POLICY §1): 204, its deletion in the history; one with tracking
    history is refused with 409 and nothing is deleted — archive it instead."""

    schema = DeletableRecordSchema()

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        try:
            services.record_delete(instance, acting_user=request.user, source=API_SOURCE)
        except services.RecordHasHistoryError as error:
            return Response(
                {"detail": str(error.messages[0]), "errors": {"non_field_errors": error.messages}},
                status=status.HTTP_409_CONFLICT,
            )
        return Response(status=status.HTTP_204_NO_CONTENT)


DELETE_RESPONSES = {
    204: None,
    409: OpenApiResponse(
        ErrorSerializer, description=_("记录已有跟踪记录，按规定不能删除，未删除任何记录；请改为归档")
    ),
}
DELETE_NOTE = _(
    "只能删除误录且没有任何跟踪记录（变动、回访、核查、违规记录、意外事故、再次安置申请）的记录；"
    "否则返回 409 且不删除任何记录，请改为归档。删除保留在修改历史中。"
)


@extend_schema(tags=["graduates"])
@describe(
    _("毕业生"),
    write_note=_("系部人员只能在本系部内新建或修改；学号唯一，身份证号按校验位检查，手机号保存时规范化。"),
)
@extend_schema_view(
    destroy=extend_schema(summary=_("删除误录的毕业生"), description=DELETE_NOTE, responses=DELETE_RESPONSES)
)
class GraduateViewSet(DeletableRecordMixin, RecordViewSet):
    log_subject = _("毕业生")
    selector = staticmethod(selectors.graduates_visible_to)
    related = ("destination",)
    serializer_class = GraduateSerializer
    filterset_class = GraduateFilter
    ordering_fields = ["student_no", "name", "graduation_year", "updated_at"]
    ordering = ["-graduation_year", "student_no"]

    @extend_schema(
        summary=_("归档毕业生"),
        description=_("归档后不出现在日常名单中，记录仍可读取，可恢复（POLICY §1）。"),
        request=GraduateArchiveSerializer,
        responses=GraduateSerializer,
    )
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        graduate = self.get_object()
        payload = GraduateArchiveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        graduate = services.graduate_archive(
            graduate,
            reason=payload.validated_data["archive_reason"],
            note=payload.validated_data["archive_note"],
            acting_user=request.user,
            source=API_SOURCE,
        )
        return Response(self.get_serializer(graduate).data)

    @extend_schema(summary=_("恢复已归档的毕业生"), request=None, responses=GraduateSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        graduate = services.graduate_restore(self.get_object(), acting_user=request.user, source=API_SOURCE)
        return Response(self.get_serializer(graduate).data)


@extend_schema(tags=["employers"])
@describe(
    _("用人单位"),
    write_note=_(
        "统一社会信用代码唯一，并按校验位检查。可写的人员都能新增；修改已有单位的信息仅限就业指导中心与系统管理员。"
    ),
)
class EmployerViewSet(RecordViewSet):
    selector = staticmethod(selectors.employers_visible_to)
    permission_classes = [MasterDataPermission]
    related = ("nature", "industry")
    serializer_class = EmployerSerializer
    filterset_class = EmployerFilter
    ordering_fields = ["name", "updated_at"]
    ordering = ["name", "pk"]


@extend_schema(tags=["employments"])
@describe(
    _("就业记录"),
    write_note=_("每位毕业生至多一份在职工作（离职日期为空）；离职日期不早于入职日期；月薪不为负。"),
)
@extend_schema_view(
    destroy=extend_schema(
        summary=_("删除误录的就业记录"), description=DELETE_NOTE, responses=DELETE_RESPONSES
    )
)
class EmploymentViewSet(DeletableRecordMixin, RecordViewSet):
    log_subject = _("就业记录")
    selector = staticmethod(selectors.employments_visible_to)
    related = ("graduate", "employer")
    serializer_class = EmploymentSerializer
    filterset_class = EmploymentFilter
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
    serializer_class = EmployerNatureSerializer


@describe_code_table(_("毕业去向"))
class DestinationViewSet(CodeTableViewSet):
    model = Destination
    serializer_class = DestinationSerializer


@describe_code_table(_("行业"))
class IndustryViewSet(CodeTableViewSet):
    model = Industry
    serializer_class = IndustrySerializer

    def get_queryset(self):
        return Industry.objects.select_related("section")


@describe_code_table(_("专业大类"))
class MajorCategoryViewSet(CodeTableViewSet):
    model = MajorCategory
    serializer_class = MajorCategorySerializer


def register(router) -> None:
    """Add this app's viewsets to the v1 router."""
    router.register("departments", DepartmentViewSet, basename="department")
    router.register("majors", MajorViewSet, basename="major")
    router.register("graduates", GraduateViewSet, basename="graduate")
    router.register("employers", EmployerViewSet, basename="employer")
    router.register("employments", EmploymentViewSet, basename="employment")
    router.register("code-tables/employer-natures", EmployerNatureViewSet, basename="employer-nature")
    router.register("code-tables/destinations", DestinationViewSet, basename="destination")
    router.register("code-tables/industries", IndustryViewSet, basename="industry")
    router.register("code-tables/major-categories", MajorCategoryViewSet, basename="major-category")
