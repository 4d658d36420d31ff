"""Reads of core's data: the code tables as the settings page lists them."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from gradtrack.core.models import (
    CatalogueMajor,
    Destination,
    DestinationCode,
    EmployerNature,
    Industry,
    MajorCategory,
    MajorClass,
)


@dataclass(frozen=True)
class CodeRow:
    code: str
    name: str
    detail: str  # where the row belongs (its 专业类, 门类, 产业 …)
    confirmed: bool
    note: str


@dataclass(frozen=True)
class CodeTableListing:
    key: str
    title: str
    source: str
    rows: list[CodeRow]

    @property
    def unconfirmed(self) -> list[CodeRow]:
        """Rows confirmed=no in the reference tables (core/reference/README.md): shown marked 待核实."""
        return [row for row in self.rows if not row.confirmed]


def code_tables() -> list[CodeTableListing]:
    """Every code table with its rows, in the order the settings page shows them (eight queries)."""
    majors = CatalogueMajor.objects.select_related("major_class__category")
    destinations = Destination.objects.prefetch_related("proposed_codes")
    return [
        CodeTableListing(
            "majors",
            _("中职专业目录"),
            _("《职业教育专业目录（2021年）》及2022—2025年增补"),
            [
                CodeRow(
                    m.code,
                    m.name,
                    f"{m.major_class.name} · {m.major_class.category.name}",
                    m.confirmed,
                    m.note,
                )
                for m in majors
            ],
        ),
        CodeTableListing(
            "categories",
            _("专业大类与专业类"),
            _("《职业教育专业目录（2021年）》"),
            [CodeRow(c.code, c.name, _("专业大类"), c.confirmed, c.note) for c in MajorCategory.objects.all()]
            + [
                CodeRow(c.code, c.name, c.category.name, c.confirmed, c.note)
                for c in MajorClass.objects.select_related("category")
            ],
        ),
        CodeTableListing(
            "destinations",
            _("毕业去向（中职统计口径）"),
            _("中等职业学校毕业生就业情况统计表；括号内为建议对应的高校去向代码（非官方）"),
            [
                CodeRow(
                    d.code,
                    d.name,
                    "、".join(c.code for c in d.proposed_codes.all()),
                    d.confirmed,
                    d.note,
                )
                for d in destinations
            ],
        ),
        CodeTableListing(
            "destination_codes",
            _("高校毕业去向代码"),
            _("教学厅函〔2021〕19号；作为毕业去向的可选明细"),
            [
                CodeRow(c.code, c.name, c.group_label, c.confirmed, c.note)
                for c in DestinationCode.objects.all()
            ],
        ),
        CodeTableListing(
            "industries",
            _("行业（国民经济行业分类）"),
            _("GB/T 4754—2017；三次产业按《三次产业划分规定》（2018年修订）"),
            [
                CodeRow(i.code, i.name, i.get_sector_display(), i.confirmed, i.note)
                for i in Industry.objects.all()
            ],
        ),
        CodeTableListing(
            "employer_natures",
            _("单位性质"),
            _("教育部就业数据单位性质代码"),
            [CodeRow(n.code, n.name, "", n.confirmed, n.note) for n in EmployerNature.objects.all()],
        ),
    ]
