"""API v1: the statistics as JSON for a scope and a cohort range (GET /api/v1/statistics/), and the
staff-written text of a year's report (GET/POST /api/v1/report-texts/).

The numbers are those of stats.selectors, as on the pages, in the documents and in the exports."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from gradtrack.accounts import roles
from gradtrack.api.parsers import JSONParser
from gradtrack.api.permissions import StaffScopePermission
from gradtrack.api.schema import ERROR_DESCRIPTIONS, ErrorSerializer, GradtrackAutoSchema
from gradtrack.records import selectors as access
from gradtrack.stats import report_selectors, selectors, services
from gradtrack.stats.forms import TEXT_MAX_LENGTH

YEAR_MIN, YEAR_MAX = 1990, 2100


def rate_field(help_text):
    return serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, coerce_to_string=False, help_text=help_text
    )


def salary_field(help_text):
    return serializers.DecimalField(
        max_digits=9, decimal_places=0, allow_null=True, coerce_to_string=False, help_text=help_text
    )


class FiguresSerializer(serializers.Serializer):
    graduates = serializers.IntegerField(help_text=_("毕业人数"))
    employed = serializers.IntegerField(help_text=_("就业学生人数：直接就业三类去向与升学之和"))
    employment_rate = rate_field(_("就业率（%）= 就业学生人数 ÷ 毕业学生人数；无毕业生时为 null"))
    direct = serializers.IntegerField(help_text=_("直接就业人数 = 就业学生 − 升学"))
    direct_employment_rate = rate_field(_("直接就业率（%）= 直接就业人数 ÷ 毕业学生人数"))
    matched = serializers.IntegerField(help_text=_("对口就业人数：直接就业且在职工作专业对口"))
    matched_rate = rate_field(_("对口就业率（%）= 对口 ÷ 直接就业"))
    further_study = serializers.IntegerField(help_text=_("升学人数（升入各类高一级学校）"))
    further_study_rate = rate_field(_("升学率（%）= 升学人数 ÷ 毕业学生人数"))
    military = serializers.IntegerField(help_text=_("参军人数（不计入就业学生，口径待各省填报说明确认）"))
    not_employed = serializers.IntegerField(help_text=_("未就业人数"))
    no_destination = serializers.IntegerField(help_text=_("去向未填人数"))
    current_jobs = serializers.IntegerField(help_text=_("在职人数"))
    average_salary = salary_field(_("在职工作的平均月薪（元）"))
    starting_salary = salary_field(_("平均起薪（元）：首份工作入职时的月薪"))
    first_jobs = serializers.IntegerField(help_text=_("有首份工作记录人数"))
    retained = serializers.IntegerField(help_text=_("仍在首份工作人数"))
    retention_rate = rate_field(_("留存率（%）= 仍在首份工作 ÷ 有首份工作记录"))


class GroupSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_("届别、系部代码、专业大类代码或专业代码"))
    label = serializers.CharField()
    figures = FiguresSerializer()


class ShareSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    percent = rate_field(_("占比（%）"))


class ScopeSerializer(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.ChoiceField(choices=selectors.Scope.KINDS)
    code = serializers.CharField(allow_blank=True)
    label = serializers.CharField()


class CohortsSerializer(serializers.Serializer):
    first = serializers.IntegerField()
    last = serializers.IntegerField()


class FlaggedSerializer(serializers.Serializer):
    below_minimum_wage = serializers.IntegerField(help_text=_("12/76 去向月薪低于当地最低工资标准"))
    missing_destination = serializers.IntegerField(help_text=_("未填毕业去向"))
    missing_salary = serializers.IntegerField(help_text=_("直接就业但无在职月薪"))
    total = serializers.IntegerField(help_text=_("至少有一项待核查的人数"))


class ItemRatingsSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    excellent = serializers.IntegerField(help_text=_("优秀"))
    good = serializers.IntegerField(help_text=_("良好"))
    fair = serializers.IntegerField(help_text=_("一般"))
    poor = serializers.IntegerField(help_text=_("差"))
    answered = serializers.IntegerField(help_text=_("回答该项的反馈份数"))
    good_rate = rate_field(_("优良率（%）=（优秀 + 良好）÷ 回答数"))


class FeedbackSerializer(serializers.Serializer):
    responses = serializers.IntegerField(help_text=_("已提交且涉及范围内毕业生的用人单位反馈份数"))
    quality = ShareSerializer(many=True, help_text=_("整体质量水平"))
    quality_rate = rate_field(_("质量评价优良率（%）=（高 + 较高）÷ 回答数"))
    satisfaction = ShareSerializer(many=True, help_text=_("整体满意度"))
    satisfaction_rate = rate_field(_("满意率（%）=（很满意 + 满意）÷ 回答数"))
    items = ItemRatingsSerializer(many=True, help_text=_("十六项素质"))
    hired = serializers.IntegerField(help_text=_("近三年到岗人数（用人单位填报）"))
    still_employed = serializers.IntegerField(help_text=_("至今仍在岗人数（用人单位填报）"))
    retention_rate = rate_field(_("留存率（%）= 至今仍在岗 ÷ 近三年到岗"))


class SurveyProgressSerializer(serializers.Serializer):
    campaign = serializers.CharField()
    cohorts = serializers.CharField()
    percent = serializers.IntegerField(help_text=_("覆盖比例（%）"))
    target = serializers.IntegerField(help_text=_("目标覆盖人数"))
    covered = serializers.IntegerField(help_text=_("计划覆盖人数"))
    planned = serializers.IntegerField(help_text=_("计划单位数"))
    sent = serializers.IntegerField()
    returned = serializers.IntegerField()
    visited = serializers.IntegerField()
    response_rate = rate_field(_("回收率（%）"))


class ChangeCountSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_("变动类型"))
    label = serializers.CharField()
    count = serializers.IntegerField(help_text=_("通报次数（不含已驳回）"))
    confirmed = serializers.IntegerField(help_text=_("其中已确认"))
    late = serializers.IntegerField(help_text=_("其中未及时通报"))


class ReplacementCountSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_("安置决定"))
    label = serializers.CharField()
    count = serializers.IntegerField(help_text=_("申请数"))
    placed = serializers.IntegerField(help_text=_("已安置"))
    open = serializers.IntegerField(help_text=_("办理中"))


class AccidentCountSerializer(serializers.Serializer):
    key = serializers.ChoiceField(choices=["within", "outside"], help_text=_("服务期内 / 服务期外"))
    label = serializers.CharField()
    count = serializers.IntegerField(help_text=_("事故数"))
    closed = serializers.IntegerField(help_text=_("已结案"))


class StatisticsSerializer(serializers.Serializer):
    scope = ScopeSerializer()
    cohorts = CohortsSerializer()
    minimum_wage = serializers.DecimalField(max_digits=8, decimal_places=2, coerce_to_string=False)
    total = FiguresSerializer()
    previous = FiguresSerializer(allow_null=True, help_text=_("单一届别时上一届的指标（用于“较上届”）"))
    by_cohort = GroupSerializer(many=True)
    by_department = GroupSerializer(many=True)
    by_category = GroupSerializer(many=True)
    by_major = GroupSerializer(many=True)
    destinations = ShareSerializer(many=True)
    salary_distribution = ShareSerializer(many=True)
    employer_natures = ShareSerializer(many=True)
    industries = ShareSerializer(many=True)
    sectors = ShareSerializer(many=True)
    localities = ShareSerializer(many=True)
    area_types = ShareSerializer(many=True)
    contract_terms = ShareSerializer(many=True)
    social_insurance = ShareSerializer(many=True)
    channels = ShareSerializer(many=True)
    flagged = FlaggedSerializer()
    feedback = FeedbackSerializer()
    survey_progress = SurveyProgressSerializer(many=True, help_text=_("结束届别当年的调查活动进度"))
    changes = ChangeCountSerializer(many=True, help_text=_("变动情况（按类型）"))
    replacements = ReplacementCountSerializer(many=True, help_text=_("再次就业安置（按安置决定）"))
    accidents = AccidentCountSerializer(many=True, help_text=_("意外事故"))


class StatisticsQuerySerializer(serializers.Serializer):
    scope = serializers.CharField(required=False, default="school", max_length=40)
    first = serializers.IntegerField(required=False, min_value=YEAR_MIN, max_value=YEAR_MAX)
    last = serializers.IntegerField(required=False, min_value=YEAR_MIN, max_value=YEAR_MAX)

    def validate(self, attrs):
        last = attrs.get("last") or selectors.latest_cohort()
        first = attrs.get("first") or last
        if first > last:
            raise serializers.ValidationError({"first": [_("起始届别不能晚于结束届别")]})
        attrs["cohorts"] = selectors.Cohorts(first, last)
        return attrs


def statistics_payload(stats: selectors.Statistics) -> dict:
    def group(rows):
        return [{"key": g.key, "label": g.label, "figures": g.figures.as_dict()} for g in rows]

    def shares(rows):
        return [{"key": s.key, "label": s.label, "count": s.count, "percent": s.percent} for s in rows]

    scope = stats.scope
    return {
        "scope": {"key": scope.key, "kind": scope.kind, "code": scope.code, "label": scope.label},
        "cohorts": {"first": stats.cohorts.first, "last": stats.cohorts.last},
        "minimum_wage": stats.policy.local_minimum_wage,
        "total": stats.total.as_dict(),
        "previous": stats.previous.as_dict() if stats.previous else None,
        "by_cohort": group(stats.by_cohort),
        "by_department": group(stats.by_department),
        "by_category": group(stats.by_category),
        "by_major": group(stats.by_major),
        **{
            name: shares(getattr(stats, name))
            for name in (
                "destinations",
                "salary_distribution",
                "employer_natures",
                "industries",
                "sectors",
                "localities",
                "area_types",
                "contract_terms",
                "social_insurance",
                "channels",
            )
        },
        "flagged": stats.flagged,
        "feedback": feedback_payload(stats.feedback),
        "survey_progress": [
            {
                "campaign": row.campaign,
                "cohorts": row.cohorts,
                "percent": row.percent,
                "target": row.target,
                "covered": row.covered,
                "planned": row.planned,
                "sent": row.sent,
                "returned": row.returned,
                "visited": row.visited,
                "response_rate": row.response_rate,
            }
            for row in stats.survey_progress
        ],
        **{
            name: [
                {"key": row.key, "label": row.label, "count": row.count, **row.detail}
                for row in getattr(stats, name)
            ]
            for name in ("changes", "replacements", "accidents")
        },
    }


def feedback_payload(feedback: selectors.Feedback) -> dict:
    def shares(rows):
        return [{"key": s.key, "label": s.label, "count": s.count, "percent": s.percent} for s in rows]

    return {
        "responses": feedback.responses,
        "quality": shares(feedback.quality),
        "quality_rate": feedback.quality_rate,
        "satisfaction": shares(feedback.satisfaction),
        "satisfaction_rate": feedback.satisfaction_rate,
        "items": [
            {
                "key": item.key,
                "label": item.label,
                **item.counts,
                "answered": item.answered,
                "good_rate": item.good_rate,
            }
            for item in feedback.items
        ],
        "hired": feedback.hired,
        "still_employed": feedback.still_employed,
        "retention_rate": feedback.retention_rate,
    }


class StatisticsSchema(GradtrackAutoSchema):
    """One object, not a list; a bad parameter is a 400, a scope outside the user's view a 404."""

    def _is_list_view(self, serializer=None):
        return False

    def _error_codes(self):
        return ["400", "401", "403", "404"]


class StatisticsViewSet(viewsets.ViewSet):
    permission_classes = [StaffScopePermission]
    schema = StatisticsSchema()

    @extend_schema(
        tags=["statistics"],
        summary=_("就业统计"),
        description=_(
            "一个统计范围和届别区间的全部就业指标（与统计页面、报告和 Excel 导出的数字相同）。"
            "系部人员的 school 范围即其所属系部；范围外的系部或专业返回 404。"
        ),
        parameters=[
            OpenApiParameter(
                "scope",
                str,
                description=_(
                    "school、dept:<系部代码>、category:<专业大类代码>、major:<专业代码>；默认 school"
                ),
            ),
            OpenApiParameter("first", int, description=_("起始届别（默认同 last）")),
            OpenApiParameter("last", int, description=_("结束届别（默认最近已毕业的一届）")),
        ],
        responses={
            200: StatisticsSerializer,
            **{
                int(code): OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code])
                for code in ("400", "401", "403", "404")
            },
        },
    )
    def list(self, request):
        query = StatisticsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        try:
            scope = selectors.resolve_scope(request.user, query.validated_data["scope"])
        except ValueError as error:
            raise serializers.ValidationError({"scope": [str(error)]}) from error
        stats = selectors.statistics_for(scope, query.validated_data["cohorts"])
        return Response(StatisticsSerializer(statistics_payload(stats)).data)


# --- The staff-written text of the reports (issue 14) -----------------------------------------------------------


class ReportTextQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(
        required=False,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        help_text=_("应届届别（默认最近已毕业的一届）"),
    )
    scope = serializers.CharField(
        required=False, default="school", max_length=40, help_text=_("school（全校报告）或 dept:<系部代码>")
    )


class ReportTextSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=YEAR_MIN, max_value=YEAR_MAX, help_text=_("应届届别"))
    scope = serializers.CharField(max_length=40, help_text=_("school（全校报告）或 dept:<系部代码>"))
    foreword = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=TEXT_MAX_LENGTH, help_text=_("前言")
    )
    improvements = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=TEXT_MAX_LENGTH,
        help_text=_("问题与改进措施"),
    )
    saved = serializers.BooleanField(read_only=True, help_text=_("本年度是否已保存（否：内容为草稿）"))
    from_year = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=_("草稿取自哪一届的报告文字；已保存或无往年文字时为 null")
    )
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True, help_text=_("最近保存时间"))


def text_department(user, scope: str):
    """The department a text scope names within what the user sees (None: the school's); 400 or 404 else."""
    kind, _sep, code = scope.partition(":")
    if scope == "school":
        if not roles.sees_whole_school(user):
            raise Http404
        return None
    if kind != "dept" or not code:
        raise serializers.ValidationError({"scope": [_("报告范围应为 school 或 dept:<系部代码>")]})
    department = access.departments_visible_to(user).filter(code=code).first()
    if department is None:
        raise Http404
    return department


def report_text_payload(year: int, scope: str, department) -> dict:
    draft = report_selectors.report_text_draft(year, department)
    return {
        "year": year,
        "scope": scope,
        "foreword": draft.foreword,
        "improvements": draft.improvements,
        "saved": draft.saved is not None,
        "from_year": draft.from_year,
        "updated_at": draft.saved.updated_at if draft.saved else None,
    }


class ReportTextSchema(GradtrackAutoSchema):
    def _is_list_view(self, serializer=None):
        return False

    def _error_codes(self):
        if self.method == "GET":
            return ["400", "401", "403", "404"]
        return ["400", "401", "403", "404", "415"]


def _error_responses(*codes):
    return {
        int(code): OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code]) for code in codes
    }


class ReportTextViewSet(viewsets.ViewSet):
    """The 前言 and 问题与改进措施 of a year's report, the same as on the 统计报告 page."""

    permission_classes = [StaffScopePermission]
    parser_classes = [JSONParser]
    schema = ReportTextSchema()

    @extend_schema(
        tags=["statistics"],
        summary=_("报告文字（读取）"),
        description=_(
            "一届报告中由学校或系部填写的“前言”和“问题与改进措施”。本届未保存时返回最近一届的文字作为草稿"
            "（saved 为 false，from_year 为其届别）。"
        ),
        parameters=[ReportTextQuerySerializer],
        responses={200: ReportTextSerializer, **_error_responses("400", "401", "403", "404")},
    )
    def list(self, request):
        query = ReportTextQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data.get("year") or selectors.latest_cohort()
        scope = query.validated_data["scope"]
        department = text_department(request.user, scope)
        return Response(ReportTextSerializer(report_text_payload(year, scope, department)).data)

    @extend_schema(
        tags=["statistics"],
        summary=_("报告文字（保存）"),
        description=_(
            "保存一届报告的“前言”和“问题与改进措施”（有修改历史）。全校报告由就业指导中心填写，系部报告由本系部填写。"
        ),
        request=ReportTextSerializer,
        responses={200: ReportTextSerializer, **_error_responses("400", "401", "403", "404", "415")},
    )
    def create(self, request):
        body = ReportTextSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        department = text_department(request.user, data["scope"])
        services.report_text_save(
            year=data["year"],
            department=department,
            foreword=data["foreword"],
            improvements=data["improvements"],
            acting_user=request.user,
        )
        return Response(
            ReportTextSerializer(report_text_payload(data["year"], data["scope"], department)).data
        )


def register(router) -> None:
    """Add this app's viewsets to the v1 router."""
    router.register("statistics", StatisticsViewSet, basename="statistics")
    router.register("report-texts", ReportTextViewSet, basename="report-text")
