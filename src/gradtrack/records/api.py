"""Serializers check the shape of a request (types, lengths, choices, ids in the user's scope); the rules —
check digits, uniqueness, one current job, dates in order — are decided by records.services, after they
normalise the input, so the UI, the importer and the API give the same answers."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gradtrack.accounts import privacy
from gradtrack.api.fields import ScopedPrimaryKeyRelatedField, code_field
from gradtrack.core.models import Destination, EmployerNature, Industry, MajorCategory
from gradtrack.records import selectors, services
from gradtrack.records.models import Department, Employer, Employment, Graduate, Major
from gradtrack.security import access_log

API_SOURCE = "api"


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
            "记录的版本号，每次修改加 1。修改时提交读取时得到的版本号：若记录已被他人修改，返回 409 且不保存；"
            "不提交则不检查。新建时忽略。"
        ),
    )


def _disclosure_and_list(serializer) -> tuple[privacy.Disclosure, bool]:
    request = serializer.context.get("request")
    view = serializer.context.get("view")
    return privacy.disclosure_for(getattr(request, "user", None)), getattr(view, "action", None) == "list"


class DepartmentSerializer(ServiceModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "code", "name", "is_active"]


class MajorSerializer(ServiceModelSerializer):
    department = ScopedPrimaryKeyRelatedField(
        selectors.departments_visible_to, label=_("系部"), help_text=_("系部 id")
    )
    category = code_field(MajorCategory, label=_("专业类别"), help_text=_("专业类别代码（中职专业目录大类）"))

    class Meta:
        model = Major
        fields = ["id", "code", "name", "department", "category", "is_active"]


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
        help_text=_("毕业去向代码（教育部代码）"),
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

    def to_representation(self, instance):
        # Lists never carry a full 身份证号, nor contacts for roles that do not need them (accounts.privacy);
        # one graduate's record carries it in full for the roles that may see it, and that is logged.
        data = super().to_representation(instance)
        disclosure, in_list = _disclosure_and_list(self)
        if in_list or not disclosure.full_id_number:
            data["id_number"] = privacy.mask_id_number(data["id_number"])
        elif data["id_number"]:
            access_log.log_id_number_view(self.context["request"], instance)
        if in_list and not disclosure.contacts_in_lists:
            for name in privacy.CONTACT_FIELDS:
                data[name] = privacy.mask_contact(data[name])
        return data

    class Meta:
        model = Graduate
        fields = [
            "id",
            "student_no",
            "name",
            "gender",
            "id_number",
            "department",
            "major",
            "class_name",
            "graduation_year",
            "graduation_month",
            "mobile",
            "qq",
            "wechat",
            "email",
            "parent_contact",
            "placement_mode",
            "destination",
            "notes",
            "version",
            "created_at",
            "updated_at",
        ]


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
        fields = [
            "id",
            "name",
            "credit_code",
            "nature",
            "industry",
            "address",
            "region",
            "contact_person",
            "contact_phone",
            "email",
            "version",
            "created_at",
            "updated_at",
        ]


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
        data = super().to_representation(instance)
        disclosure, in_list = _disclosure_and_list(self)
        if in_list and not disclosure.salary_in_lists:
            data["monthly_salary"] = None  # the schema's number-or-null: a masked salary is left out
        return data

    class Meta:
        model = Employment
        fields = [
            "id",
            "graduate",
            "graduate_name",
            "employer",
            "employer_name",
            "location",
            "phone",
            "post",
            "title",
            "monthly_salary",
            "start_date",
            "probation_end",
            "end_date",
            "end_reason",
            "is_current",
            "school_arranged",
            "channel",
            "matches_major",
            "locality",
            "area_type",
            "contract_term",
            "social_insurance",
            "version",
            "created_at",
            "updated_at",
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
    class Meta:
        model = Industry
        fields = ["code", "name", "sector"]


class MajorCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = MajorCategory
        fields = ["code", "name"]
