"""API v1 endpoints of the tracking service: services, changes, contacts, verifications, flags, incidents.

The same selectors and services as the pages: rows come from tracking.selectors (outside the scope: 404),
writes go through tracking.services. Staff read everything in their scope and write unless they are 校领导;
a graduate's portal session reads its own service and changes and reports changes, nothing else."""

import django_filters
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from gradtrack.accounts import roles
from gradtrack.api.fields import ScopedPrimaryKeyRelatedField
from gradtrack.api.filters import IntegerFilter
from gradtrack.api.schema import GradtrackAutoSchema
from gradtrack.records import selectors as records_selectors
from gradtrack.tracking import forms, rules, selectors, services
from gradtrack.tracking.models import (
    AccidentCase,
    AccidentStep,
    ChangeReport,
    FollowUpContact,
    TrackingService,
    Verification,
    ViolationFlag,
)


@extend_schema_field(OpenApiTypes.INT)
class ScopedIdField(ScopedPrimaryKeyRelatedField):
    """A record id in the user's scope (typed for the schema where the serializer has no model)."""


SCOPE_NOTE = _("系部人员只能看到本系部毕业生的记录；范围外的记录返回 404。")


class TrackingPermission(BasePermission):
    """Staff read, staff who write change; graduates only where the view allows them (their own records)."""

    message = "没有权限执行此操作"

    def has_permission(self, request, view):
        user = request.user
        if selectors.portal_graduate(user) is not None:
            return getattr(view, "graduates_allowed", False) and (
                request.method in SAFE_METHODS or getattr(view, "action", None) == "create"
            )
        if not roles.is_staff_user(user):
            return False
        return request.method in SAFE_METHODS or roles.can_write(user)


class TrackingAutoSchema(GradtrackAutoSchema):
    # An action on one record (…/{id}/confirm/) can also answer 404.
    def _error_codes(self):
        codes = super()._error_codes()
        if self.method == "POST" and "{id}" in self.path and "404" not in codes:
            codes.append("404")
        return codes


class TrackingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    selector = None
    related: tuple[str, ...] = ()
    graduates_allowed = False
    lookup_value_regex = "[^/]+"
    permission_classes = [TrackingPermission]
    parser_classes = [JSONParser]
    filter_backends = [DjangoFilterBackend]
    schema = TrackingAutoSchema()

    def get_queryset(self):
        return type(self).selector(self.request.user).select_related(*self.related).order_by("-pk")

    def respond(self, instance, code=status.HTTP_200_OK):
        return Response(self.get_serializer(instance).data, status=code)

    def valid_input(self, serializer_class):
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


# --- Serializers --------------------------------------------------------------------------------------------


def blank_choice(choices, label):
    """A read-only choice that may be empty (the schema then allows "")."""
    return serializers.ChoiceField(choices=choices, allow_blank=True, read_only=True, label=label)


class TrackingServiceSerializer(serializers.ModelSerializer):
    graduate_name = serializers.CharField(source="graduate.name", read_only=True, label=_("毕业生姓名"))
    last_covered_day = serializers.DateField(read_only=True, label=_("最后服务日"))
    termination_cause = blank_choice(TrackingService.TerminationCause.choices, _("终止原因"))

    class Meta:
        model = TrackingService
        fields = [
            "id",
            "graduate",
            "graduate_name",
            "start_date",
            "end_date",
            "last_covered_day",
            "status",
            "next_follow_up_due",
            "termination_cause",
            "terminated_on",
            "terminated_by",
            "termination_evidence",
            "version",
        ]
        read_only_fields = fields
        extra_kwargs = {"end_date": {"help_text": _("服务期的第一个不再覆盖的日期（开始日期加服务年限）")}}


class AnswersSerializer(serializers.Serializer):
    still_with_employer = serializers.BooleanField(
        required=False, allow_null=True, label=_("仍在原单位"), help_text=_("不填表示无在职工作或未问")
    )
    new_employer_name = serializers.CharField(
        max_length=100, required=False, allow_blank=True, label=_("新单位名称"), help_text=_("已离开原单位时")
    )
    post = serializers.CharField(max_length=60, required=False, allow_blank=True, label=_("工作岗位"))
    title = serializers.CharField(max_length=60, required=False, allow_blank=True, label=_("职务"))
    monthly_salary = serializers.DecimalField(
        max_digits=9, decimal_places=2, min_value=0, required=False, allow_null=True, label=_("月薪（元）")
    )
    mobile = serializers.CharField(max_length=30, required=False, allow_blank=True, label=_("手机"))
    qq = serializers.CharField(max_length=20, required=False, allow_blank=True, label=_("QQ"))
    wechat = serializers.CharField(max_length=40, required=False, allow_blank=True, label=_("微信"))
    email = serializers.EmailField(required=False, allow_blank=True, label=_("邮箱"))


class ContactLogSerializer(serializers.Serializer):
    contacted_on = serializers.DateField(
        required=False, label=_("回访日期"), help_text=_("默认今天；可以往前填，不能晚于今天")
    )
    channel = serializers.ChoiceField(choices=forms.STAFF_CHANNELS, label=_("方式"))
    reached = serializers.BooleanField(label=_("联系上"))
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True, label=_("回访情况"))
    occurred_on = serializers.DateField(
        required=False,
        label=_("变动发生日期"),
        help_text=_("回答与档案不同时，变动的发生日期（默认回访日期）"),
    )
    answers = AnswersSerializer(
        required=False, label=_("回访问答"), help_text=_("联系上时的回答；空白的回答视为与档案一致")
    )


class QueueEntrySerializer(TrackingServiceSerializer):
    student_no = serializers.CharField(source="graduate.student_no", read_only=True, label=_("学号"))
    class_name = serializers.CharField(source="graduate.class_name", read_only=True, label=_("班级"))
    graduation_year = serializers.IntegerField(
        source="graduate.graduation_year", read_only=True, label=_("届")
    )
    last_contacted_on = serializers.DateField(read_only=True, allow_null=True, label=_("上次联系日期"))
    last_channel = serializers.CharField(read_only=True, allow_null=True, label=_("上次联系方式"))

    class Meta(TrackingServiceSerializer.Meta):
        fields = [
            *TrackingServiceSerializer.Meta.fields,
            "student_no",
            "class_name",
            "graduation_year",
            "last_contacted_on",
            "last_channel",
        ]
        read_only_fields = fields


class ServiceTerminateSerializer(serializers.Serializer):
    termination_cause = serializers.ChoiceField(
        choices=TrackingService.TerminationCause.choices, label=_("终止原因")
    )
    decided_on = serializers.DateField(required=False, label=_("终止日期"), help_text=_("默认今天"))
    evidence = serializers.CharField(max_length=2000, label=_("终止依据"))


class ChangeReportSerializer(serializers.ModelSerializer):
    new_email = serializers.CharField(read_only=True, label=_("新邮箱"))
    proposal_outcome = blank_choice(
        ChangeReport._meta.get_field("proposal_outcome").choices, _("终止建议处理")
    )

    class Meta:
        model = ChangeReport
        fields = [
            "id",
            "service",
            "change_type",
            "occurred_on",
            "reported_on",
            "reported_by",
            "details",
            "new_salary",
            "new_post",
            "new_title",
            "new_employer_name",
            "new_mobile",
            "new_qq",
            "new_wechat",
            "new_email",
            "late",
            "status",
            "decided_by",
            "decided_at",
            "decision_note",
            "proposal_outcome",
            "proposal_note",
            "employment",
            "created_at",
        ]
        read_only_fields = fields


class ChangeValuesSerializer(serializers.Serializer):
    change_type = serializers.ChoiceField(choices=ChangeReport.ChangeType.choices, label=_("变动类型"))
    occurred_on = serializers.DateField(label=_("发生日期"))
    details = serializers.CharField(max_length=2000, required=False, allow_blank=True, label=_("详细说明"))
    new_salary = serializers.DecimalField(
        max_digits=9, decimal_places=2, min_value=0, required=False, allow_null=True, label=_("新月薪（元）")
    )
    new_post = serializers.CharField(max_length=60, required=False, allow_blank=True, label=_("新岗位"))
    new_title = serializers.CharField(max_length=60, required=False, allow_blank=True, label=_("新职务"))
    new_employer_name = serializers.CharField(
        max_length=100, required=False, allow_blank=True, label=_("新单位名称")
    )
    new_mobile = serializers.CharField(max_length=30, required=False, allow_blank=True, label=_("新手机号"))
    new_qq = serializers.CharField(max_length=20, required=False, allow_blank=True, label=_("新QQ"))
    new_wechat = serializers.CharField(max_length=40, required=False, allow_blank=True, label=_("新微信"))
    new_email = serializers.EmailField(required=False, allow_blank=True, label=_("新邮箱"))


class ChangeCreateSerializer(ChangeValuesSerializer):
    service = ScopedIdField(
        selectors.services_visible_to, label=_("跟踪服务"), help_text=_("跟踪服务 id（须在当前用户的范围内）")
    )
    reported_by = serializers.ChoiceField(
        choices=ChangeReport.ReportedBy.choices,
        required=False,
        label=_("通报人"),
        help_text=_("工作人员登记时填写（默认用人单位）；毕业生本人提交时一律为“本人”"),
    )
    reported_on = serializers.DateField(required=False, label=_("通报日期"), help_text=_("默认今天"))


class ChangeCorrectionsSerializer(ChangeValuesSerializer):
    change_type = serializers.ChoiceField(
        choices=ChangeReport.ChangeType.choices, required=False, label=_("变动类型")
    )
    occurred_on = serializers.DateField(required=False, label=_("发生日期"))


class ChangeConfirmSerializer(serializers.Serializer):
    corrections = ChangeCorrectionsSerializer(
        required=False, label=_("更正"), help_text=_("确认前更正的内容（可选）")
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, label=_("确认说明"))


class ChangeRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, label=_("原因"))


class ChangeProposalSerializer(serializers.Serializer):
    terminate = serializers.BooleanField(label=_("确认终止"))
    note = serializers.CharField(max_length=2000, label=_("处理说明"))
    decided_on = serializers.DateField(required=False, label=_("决定日期"))


class FollowUpContactSerializer(serializers.ModelSerializer):
    service = ScopedPrimaryKeyRelatedField(selectors.services_visible_to, label=_("跟踪服务"))
    contacted_on = serializers.DateField(required=False, label=_("回访日期"), help_text=_("默认今天"))

    class Meta:
        model = FollowUpContact
        fields = ["id", "service", "contacted_on", "channel", "staff", "reached", "notes", "changes_learned"]
        read_only_fields = ["id", "staff"]
        extra_kwargs = {
            "notes": {"max_length": 2000},
            "changes_learned": {"max_length": 2000},
            "reached": {"help_text": _("联系上时自动排定下次回访日期")},
        }

    def validate_channel(self, value):
        # 本人确认 is the graduate's own confirmation in the portal, not a channel staff log (§4).
        if value == FollowUpContact.Channel.SELF:
            raise serializers.ValidationError(
                _("“本人确认”由毕业生本人在网上完成，工作人员请选择实际联系方式")
            )
        return value


class VerificationSerializer(serializers.ModelSerializer):
    service = ScopedPrimaryKeyRelatedField(selectors.services_visible_to, label=_("跟踪服务"))
    verified_on = serializers.DateField(required=False, label=_("核查日期"))
    found_change = ChangeValuesSerializer(
        required=False,
        write_only=True,
        label=_("发现的变动"),
        help_text=_("核查结果为“发现未通报的变动”时必填"),
    )

    class Meta:
        model = Verification
        fields = ["id", "service", "verified_on", "staff", "outcome", "notes", "change", "found_change"]
        read_only_fields = ["id", "staff", "change"]
        extra_kwargs = {"notes": {"max_length": 2000}}


class ViolationFlagSerializer(serializers.ModelSerializer):
    is_open = serializers.BooleanField(read_only=True, label=_("未办结"))

    class Meta:
        model = ViolationFlag
        fields = [
            "id",
            "service",
            "verification",
            "description",
            "raised_on",
            "raised_by",
            "is_open",
            "resolved_at",
            "resolved_by",
            "resolution_note",
        ]
        read_only_fields = fields


class FlagResolveSerializer(serializers.Serializer):
    resolution_note = serializers.CharField(max_length=2000, label=_("办结说明"))


class AccidentStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = AccidentStep
        fields = ["id", "taken_on", "description", "staff"]
        read_only_fields = fields


class IncidentSerializer(serializers.ModelSerializer):
    graduate = ScopedPrimaryKeyRelatedField(records_selectors.graduates_visible_to, label=_("毕业生"))
    assigned_to = serializers.PrimaryKeyRelatedField(
        queryset=forms.staff_who_write(), required=False, allow_null=True, label=_("协助处理人")
    )
    steps = AccidentStepSerializer(many=True, read_only=True)
    is_open = serializers.BooleanField(read_only=True, label=_("处理中"))

    class Meta:
        model = AccidentCase
        fields = [
            "id",
            "graduate",
            "occurred_on",
            "description",
            "employer",
            "assigned_to",
            "within_service",
            "outcome",
            "closed_on",
            "is_open",
            "steps",
        ]
        read_only_fields = ["id", "employer", "within_service", "outcome", "closed_on"]
        extra_kwargs = {
            "description": {"max_length": 2000},
            "within_service": {"help_text": _("事故日期在跟踪服务期内；否则为“服务期外”")},
        }


class IncidentStepCreateSerializer(serializers.Serializer):
    taken_on = serializers.DateField(required=False, label=_("日期"))
    description = serializers.CharField(max_length=2000, label=_("处理措施"))


class IncidentCloseSerializer(serializers.Serializer):
    closed_on = serializers.DateField(required=False, label=_("结案日期"))
    outcome = serializers.CharField(max_length=2000, label=_("处理结果"))


class ContactLoggedSerializer(serializers.Serializer):
    contact = FollowUpContactSerializer(read_only=True, label=_("回访记录"))
    changes = ChangeReportSerializer(many=True, read_only=True, label=_("发现的变动（待确认）"))
    service = TrackingServiceSerializer(read_only=True, label=_("跟踪服务"))


# --- Filters ------------------------------------------------------------------------------------------------


def _filters(model, graduate_path: str, extra: dict, names: list[str]):
    """A FilterSet of `model` with graduate and department (via `graduate_path`) and the `extra` filters."""
    attrs = {
        "graduate": IntegerFilter(field_name=f"{graduate_path}_id", label=_("毕业生 id")),
        "department": IntegerFilter(field_name=f"{graduate_path}__department_id", label=_("系部 id")),
        **extra,
    }
    attrs["Meta"] = type("Meta", (), {"model": model, "fields": ["graduate", "department", *names]})
    return type(f"{model.__name__}Filter", (django_filters.FilterSet,), attrs)


SERVICE_FILTER = IntegerFilter(field_name="service_id", label=_("跟踪服务 id"))

ServiceFilter = _filters(
    TrackingService,
    "graduate",
    {
        "service": IntegerFilter(field_name="pk", label=_("跟踪服务 id")),
        "status": django_filters.ChoiceFilter(choices=TrackingService.Status.choices, label=_("服务状态")),
        "due_before": django_filters.DateFilter(
            field_name="next_follow_up_due", lookup_expr="lte", label=_("下次回访日期不晚于")
        ),
        "due_after": django_filters.DateFilter(
            field_name="next_follow_up_due", lookup_expr="gte", label=_("下次回访日期不早于")
        ),
    },
    ["service", "status", "due_before", "due_after"],
)
ChangeFilter = _filters(
    ChangeReport,
    "service__graduate",
    {
        "service": SERVICE_FILTER,
        "status": django_filters.ChoiceFilter(choices=ChangeReport.Status.choices, label=_("状态")),
        "change_type": django_filters.ChoiceFilter(
            choices=ChangeReport.ChangeType.choices, label=_("变动类型")
        ),
        "reported_by": django_filters.ChoiceFilter(
            choices=ChangeReport.ReportedBy.choices, label=_("通报人")
        ),
    },
    ["service", "status", "change_type", "reported_by"],
)
ContactFilter = _filters(
    FollowUpContact,
    "service__graduate",
    {
        "service": SERVICE_FILTER,
        "channel": django_filters.ChoiceFilter(choices=FollowUpContact.Channel.choices, label=_("方式")),
        "reached": django_filters.BooleanFilter(label=_("联系上")),
    },
    ["service", "channel", "reached"],
)
VerificationFilter = _filters(Verification, "service__graduate", {"service": SERVICE_FILTER}, ["service"])
FlagFilter = _filters(
    ViolationFlag,
    "service__graduate",
    {
        "service": SERVICE_FILTER,
        "open": django_filters.BooleanFilter(
            field_name="resolved_at", lookup_expr="isnull", label=_("true：只看未办结")
        ),
    },
    ["service", "open"],
)
IncidentFilter = _filters(
    AccidentCase,
    "graduate",
    {
        "open": django_filters.BooleanFilter(
            field_name="closed_on", lookup_expr="isnull", label=_("true：只看处理中")
        )
    },
    ["open"],
)


# --- Endpoints ----------------------------------------------------------------------------------------------


def _read(noun):
    return {
        "list": extend_schema(summary=format_lazy(_("{noun}列表"), noun=noun), description=SCOPE_NOTE),
        "retrieve": extend_schema(summary=format_lazy(_("查看{noun}"), noun=noun), description=SCOPE_NOTE),
    }


@extend_schema(tags=["tracking"])
@extend_schema_view(**_read(_("跟踪服务")))
class TrackingServiceViewSet(TrackingViewSet):
    selector = staticmethod(selectors.services_visible_to)
    related = ("graduate",)
    filterset_class = ServiceFilter
    serializer_class = TrackingServiceSerializer
    graduates_allowed = True

    @extend_schema(
        summary=_("终止跟踪服务"),
        description=_("仅限“未按规定通报”或“被企业开除”两种原因，须写明依据。"),
        request=ServiceTerminateSerializer,
        responses={200: TrackingServiceSerializer},
    )
    @action(detail=True, methods=["post"])
    def terminate(self, request, pk=None):
        service = self.get_object()
        data = self.valid_input(ServiceTerminateSerializer)
        service = services.tracking_service_terminate(
            service=service,
            cause=data["termination_cause"],
            evidence=data["evidence"],
            decided_on=data.get("decided_on") or timezone.localdate(),
            acting_user=request.user,
        )
        return self.respond(service)

    @extend_schema(
        summary=_("记录一次回访（含问答）"),
        description=_(
            "须填写方式和是否联系上。联系上时从回访日期起三个月后再次回访；未联系上不改变回访日期。"
            "回答与档案不同的，各生成一条由学校核查发现的变动（待确认），可随后确认。"
        ),
        request=ContactLogSerializer,
        responses={201: ContactLoggedSerializer},
    )
    @action(detail=True, methods=["post"])
    def contact(self, request, pk=None):
        service = self.get_object()
        data = dict(self.valid_input(ContactLogSerializer))
        answers = data.pop("answers", None)
        contact, changes = services.follow_up_contact_answered(
            service=service,
            data=data,
            answers=rules.ContactAnswers(**answers) if answers is not None else None,
            acting_user=request.user,
            source="api",
        )
        service.refresh_from_db()
        payload = {"contact": contact, "changes": changes, "service": service}
        return Response(
            ContactLoggedSerializer(payload, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


class QueueFilter(django_filters.FilterSet):
    department = IntegerFilter(label=_("系部 id"), method="narrow")
    major = IntegerFilter(label=_("专业 id"), method="narrow")
    class_name = django_filters.CharFilter(label=_("班级"), max_length=50, method="narrow")
    cohort = IntegerFilter(label=_("届（毕业年份）"), method="narrow")
    search = django_filters.CharFilter(label=_("按姓名、学号或手机号搜索"), max_length=100, method="narrow")

    class Meta:
        model = TrackingService
        fields = ["department", "major", "class_name", "cohort", "search"]

    def narrow(self, queryset, name, value):
        return queryset  # the queue selector applies them all at once (QueueViewSet.get_queryset)


@extend_schema(tags=["tracking"])
@extend_schema_view(
    list=extend_schema(
        summary=_("回访工作台：到期和逾期的回访"),
        description=format_lazy(_("按逾期时间从长到短排列。{scope}"), scope=SCOPE_NOTE),
    )
)
class QueueViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [TrackingPermission]
    serializer_class = QueueEntrySerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = QueueFilter
    schema = TrackingAutoSchema()

    def get_queryset(self):
        params = self.request.query_params
        if getattr(self, "swagger_fake_view", False):
            return TrackingService.objects.none()
        form = forms.QueueFilterForm(params)
        form.is_valid()
        return selectors.follow_up_queue(self.request.user, **form.selector_arguments())

    def filter_queryset(self, queryset):
        # Validate the parameters (400 on a bad one); the queue selector has applied them.
        super().filter_queryset(queryset)
        return queryset


@extend_schema(tags=["tracking"])
@extend_schema_view(**_read(_("变动通报")))
class ChangeReportViewSet(TrackingViewSet):
    selector = staticmethod(selectors.changes_visible_to)
    filterset_class = ChangeFilter
    serializer_class = ChangeReportSerializer
    graduates_allowed = True

    @extend_schema(
        summary=_("通报或登记变动"),
        description=_("毕业生本人提交时通报人为“本人”；超过通报期限或由学校发现的，标记为未及时通报。"),
        request=ChangeCreateSerializer,
        responses={201: ChangeReportSerializer},
    )
    def create(self, request):
        data = dict(self.valid_input(ChangeCreateSerializer))
        service = data.pop("service")
        if selectors.portal_graduate(request.user) is not None:
            reported_by, reported_on = ChangeReport.ReportedBy.GRADUATE, None
        else:
            reported_by = data.pop("reported_by", ChangeReport.ReportedBy.EMPLOYER)
            reported_on = data.pop("reported_on", None)
        change = services.change_report_submit(
            service=service,
            data=data,
            reported_by=reported_by,
            reported_on=reported_on,
            acting_user=request.user,
            source="api",
        )
        return self.respond(change, status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("确认变动（可更正）"),
        description=_("确认后更新就业档案，原值保留在修改历史中。"),
        request=ChangeConfirmSerializer,
        responses={200: ChangeReportSerializer},
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        change = self.get_object()
        data = self.valid_input(ChangeConfirmSerializer)
        change = services.change_report_confirm(
            change=change,
            acting_user=request.user,
            corrections=dict(data.get("corrections") or {}),
            note=data.get("note", ""),
        )
        return self.respond(change)

    @extend_schema(
        summary=_("驳回变动"), request=ChangeRejectSerializer, responses={200: ChangeReportSerializer}
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        change = self.get_object()
        data = self.valid_input(ChangeRejectSerializer)
        return self.respond(
            services.change_report_reject(change=change, acting_user=request.user, reason=data["reason"])
        )

    @extend_schema(
        summary=_("处理终止建议"),
        description=_("已确认且未及时通报的变动：确认终止跟踪服务或不予终止，须写明说明。"),
        request=ChangeProposalSerializer,
        responses={200: ChangeReportSerializer},
    )
    @action(detail=True, methods=["post"])
    def proposal(self, request, pk=None):
        change = self.get_object()
        data = self.valid_input(ChangeProposalSerializer)
        change = services.termination_proposal_decide(
            change=change,
            terminate=data["terminate"],
            note=data["note"],
            decided_on=data.get("decided_on"),
            acting_user=request.user,
        )
        return self.respond(change)


@extend_schema(tags=["tracking"])
@extend_schema_view(**_read(_("回访记录")))
class FollowUpContactViewSet(mixins.CreateModelMixin, TrackingViewSet):
    selector = staticmethod(selectors.contacts_visible_to)
    filterset_class = ContactFilter
    serializer_class = FollowUpContactSerializer

    @extend_schema(
        summary=_("记录回访"),
        description=_("联系上时排定下次回访；服务已到期或已终止的不能再记录回访。"),
        responses={201: FollowUpContactSerializer},
    )
    def create(self, request):
        data = dict(self.valid_input(FollowUpContactSerializer))
        contact = services.follow_up_contact_log(
            service=data.pop("service"), data=data, acting_user=request.user
        )
        return self.respond(contact, status.HTTP_201_CREATED)


@extend_schema(tags=["tracking"])
@extend_schema_view(**_read(_("核查记录")))
class VerificationViewSet(mixins.CreateModelMixin, TrackingViewSet):
    selector = staticmethod(selectors.verifications_visible_to)
    filterset_class = VerificationFilter
    serializer_class = VerificationSerializer

    @extend_schema(
        summary=_("记录核查"),
        description=_("发现未通报的变动时登记为未及时通报的变动（待确认）；弄虚作假或隐瞒时生成违规记录。"),
        responses={201: VerificationSerializer},
    )
    def create(self, request):
        data = dict(self.valid_input(VerificationSerializer))
        change_data = data.pop("found_change", None)
        verification = services.verification_record(
            service=data.pop("service"),
            data=data,
            change_data=dict(change_data) if change_data else None,
            acting_user=request.user,
        )
        return self.respond(verification, status.HTTP_201_CREATED)


@extend_schema(tags=["tracking"])
@extend_schema_view(**_read(_("违规记录")))
class ViolationFlagViewSet(TrackingViewSet):
    """违规记录 are never deleted: there is no delete, only resolve with a note."""

    selector = staticmethod(selectors.flags_visible_to)
    filterset_class = FlagFilter
    serializer_class = ViolationFlagSerializer

    @extend_schema(
        summary=_("办结违规记录"), request=FlagResolveSerializer, responses={200: ViolationFlagSerializer}
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        flag = self.get_object()
        data = self.valid_input(FlagResolveSerializer)
        return self.respond(
            services.violation_flag_resolve(flag=flag, note=data["resolution_note"], acting_user=request.user)
        )


@extend_schema(tags=["tracking"])
@extend_schema_view(**_read(_("意外事故")))
class IncidentViewSet(mixins.CreateModelMixin, TrackingViewSet):
    selector = staticmethod(selectors.accidents_visible_to)
    filterset_class = IncidentFilter
    serializer_class = IncidentSerializer

    def get_queryset(self):
        return super().get_queryset().prefetch_related("steps")

    @extend_schema(
        summary=_("登记意外事故"),
        description=_("服务期外的事故也可登记，within_service 为 false。"),
        responses={201: IncidentSerializer},
    )
    def create(self, request):
        data = dict(self.valid_input(IncidentSerializer))
        case = services.accident_case_open(graduate=data.pop("graduate"), data=data, acting_user=request.user)
        return self.respond(case, status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("记录处理措施"), request=IncidentStepCreateSerializer, responses={200: IncidentSerializer}
    )
    @action(detail=True, methods=["post"])
    def steps(self, request, pk=None):
        case = self.get_object()
        services.accident_step_add(
            case=case, data=self.valid_input(IncidentStepCreateSerializer), acting_user=request.user
        )
        return self.respond(self.get_object())

    @extend_schema(summary=_("结案"), request=IncidentCloseSerializer, responses={200: IncidentSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        case = self.get_object()
        data = self.valid_input(IncidentCloseSerializer)
        case = services.accident_case_close(
            case=case,
            outcome=data["outcome"],
            closed_on=data.get("closed_on") or timezone.localdate(),
            acting_user=request.user,
        )
        return self.respond(case)


def register(router) -> None:
    """Add this app's viewsets to the v1 router."""
    router.register("tracking/services", TrackingServiceViewSet, basename="tracking-service")
    router.register("tracking/queue", QueueViewSet, basename="tracking-queue")
    router.register("tracking/changes", ChangeReportViewSet, basename="tracking-change")
    router.register("tracking/contacts", FollowUpContactViewSet, basename="tracking-contact")
    router.register("tracking/verifications", VerificationViewSet, basename="tracking-verification")
    router.register("tracking/flags", ViolationFlagViewSet, basename="tracking-flag")
    router.register("tracking/incidents", IncidentViewSet, basename="tracking-incident")
