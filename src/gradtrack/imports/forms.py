from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from gradtrack.core.models import MajorCategory
from gradtrack.imports import reader


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
        label=_("新专业的专业类别"),
        queryset=MajorCategory.objects.all(),
        required=False,
        empty_label=_("按同系部已有专业确定"),
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text=_(
            "不选时，新专业采用同系部已有专业最常用的类别；新系部的专业须在此选择。导入后可在“专业”页修改。"
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
