"""OpenAPI details drf-spectacular cannot guess: the bearer token scheme and the error responses of every operation."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

# Each app's api.py adds the tags of its endpoints.
API_TAGS: list[dict] = []

SCHEMA_DESCRIPTION = _(
    "毕业生就业跟踪管理系统 REST API v1。\n\n"
    "认证：在请求头中提交 `Authorization: Bearer <令牌>`；令牌由用户在系统中创建，过期或撤销后返回 401。\n\n"
    "范围：与网页界面相同，系部人员只能看到本系部的记录；范围外的记录一律返回 404。校领导只读（写操作返回 403）。\n\n"
    '错误：返回 JSON `{"detail": 说明, "errors": {字段名: [原因, …]}}`，字段名与请求体中的字段一致。\n\n'
    "并发修改：修改带 `version` 的记录（毕业生、用人单位、就业记录）时必须提交读取时得到的 `version`；"
    "不提交返回 428，若记录已被他人修改返回 409，都不覆盖他人的修改。\n\n"
    "外键以 id 表示；代码表（单位性质、行业、毕业去向、专业大类）以代码表示。"
)


class ErrorSerializer(serializers.Serializer):
    """The JSON body of every error response (api/errors.py)."""

    detail = serializers.CharField(help_text=_("错误说明"))
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_("按字段列出的错误原因；non_field_errors 为不属于单个字段的错误"),
    )


ERROR_DESCRIPTIONS = {
    "400": _("提交的数据或查询参数有误，errors 按字段列出原因"),
    "401": _("未提供令牌，或令牌无效、已过期、已撤销"),
    "403": _("当前角色无权执行此操作（例如校领导修改数据）"),
    "404": _("记录不存在，或不在当前用户的查看范围内"),
    "409": _("记录已被他人修改（提交的 version 不是当前版本）或与其他记录冲突，未保存"),
    "415": _("请求体应为 application/json"),
    "428": _("修改此记录须提交读取时得到的 version，未提交，未保存"),
}


class GradtrackAutoSchema(AutoSchema):
    """Every operation documents the error responses it can give, so clients and schemathesis know them."""

    def _error_codes(self) -> list[str]:
        codes = ["401", "403"]
        if self.method == "GET" and self._is_list_view():
            codes += ["400", "404"]  # a bad filter value; a page number past the end
        elif self.method == "GET":
            codes += ["404"]
        elif self.method == "POST":
            codes += ["400", "409", "415"]
        elif self.method in ("PUT", "PATCH"):
            codes += ["400", "404", "409", "415"]
            if getattr(self.view, "writes_require_version", lambda: False)():
                codes += ["428"]
        return codes

    def get_auth(self):
        # The global SECURITY setting and the view's authenticators both name tokenAuth; list it once.
        unique = []
        for requirement in super().get_auth():
            if requirement not in unique:
                unique.append(requirement)
        return unique

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if code not in responses:
                error = OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code])
                responses[code] = self._get_response_for_code(error, code, direction=direction)
        return responses


class HashedTokenScheme(OpenApiAuthenticationExtension):
    target_class = "gradtrack.api.authentication.HashedTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(_("API 令牌：Authorization: Bearer <令牌>")),
        }
