from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from gradtrack.core.models import MajorCategory
from gradtrack.imports import reader, services


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("名单文件（.xlsx、.xls 或 .csv）"),
        widget=forms.ClearableFileInput(
            attrs={
                "class": "form-control",
                "accept": ",".join(reader.SUFFIXES),
                "col": "col-12",
            }
        ),
    )
    create_missing = forms.BooleanField(
        label=_("新建文件中出现而系统中没有的系部和专业"),
        required=False,
        initial=True,
        help_text=_("新建的系部和专业先列在预览中，确认后才会创建。"),
    )
    major_category = forms.ModelChoiceField(
        label=_("新校本专业的专业大类"),
        queryset=MajorCategory.objects.all(),
        required=False,
        empty_label=_("按同系部其他专业确定"),
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text=_(
            "新专业按名称对照《职业教育专业目录（2021年）》，专业代码和专业大类取自目录；"
            "只有目录中没有、选作“校本专业”的新专业才用此处的专业大类。导入后可在“专业”页修改。"
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("文件大小 %(size)s，超过上限 %(limit)s。")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        if not upload.name.lower().endswith(reader.SUFFIXES):
            raise forms.ValidationError(
                _("只能导入 .xlsx、.xls 或 .csv 文件；其他格式请先在 Excel 或 WPS 中“另存为”.xlsx。")
            )
        try:
            reader.check_workbook(upload, file_name=upload.name)
        except reader.RosterError as error:
            raise forms.ValidationError(error.message) from error
        upload.seek(0)
        return upload


class MajorChoiceForm(forms.Form):
    """One drop-down per new major the catalogue does not know by name (not one per row): its three closest
    catalogue entries, or 校本专业."""

    def __init__(self, unmatched: list[services.UnmatchedMajor], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.unmatched = unmatched
        for index, major in enumerate(unmatched):
            choices = [("", _("请选择"))]
            choices += [
                (entry.code, f"{entry.code} {entry.name}（{entry.major_class.name}）")
                for entry in major.closest
            ]
            choices.append((services.SCHOOL_OWN, _("校本专业（不在目录中）")))
            self.fields[f"major_{index}"] = forms.ChoiceField(
                label=major.name,
                choices=choices,
                widget=forms.Select(attrs={"class": "form-select"}),
                help_text=_("第 %(rows)s 行") % {"rows": "、".join(str(row) for row in major.rows)},
                error_messages={"required": _("请为该专业选择目录专业或“校本专业”")},
            )

    def choices(self) -> dict[str, str]:
        """{major name: catalogue code or SCHOOL_OWN}, as graduate_import_plan takes them."""
        return {major.name: self.cleaned_data[f"major_{i}"] for i, major in enumerate(self.unmatched)}
