"""The official code tables from core/reference/ (read at migration time from the package's copy; README.md there
says where each file comes from): the 2021 names of the 19 专业大类, the 88 专业类 and the 368 中职 majors,
GB/T 4754—2017 门类 and 大类 with their 三次产业, the 中职 毕业去向 groups with the 高校 codes as detail, and the
current 单位性质 codes. Rows are matched by code, so existing rows (and what refers to them) are kept and renamed;
records' next migration moves graduates from the old 高校-coded destinations to the groups."""

from collections import Counter

from django.db import migrations

from gradtrack.core import reference
from gradtrack.core.catalogue import former_names

SECTORS = {"第一产业": 1, "第二产业": 2, "第三产业": 3}
DESTINATION_GROUPS = {"直接就业": "employed", "升学": "further_study", "未就业": "not_employed"}


def _common(row, order):
    return {"sort_order": order, "confirmed": row["confirmed"], "note": row.get("note", "")}


def load_majors(apps):
    MajorCategory = apps.get_model("core", "MajorCategory")
    MajorClass = apps.get_model("core", "MajorClass")
    CatalogueMajor = apps.get_model("core", "CatalogueMajor")
    categories, classes = {}, {}
    rows = reference.rows(reference.MAJOR_CATEGORIES)
    for order, row in enumerate(r for r in rows if r["level"] == "大类"):
        categories[row["code"]], _created = MajorCategory.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], **_common(row, order)}
        )
    for order, row in enumerate(r for r in rows if r["level"] == "专业类"):
        classes[row["code"]], _created = MajorClass.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["name"], "category": categories[row["parent_code"]], **_common(row, order)},
        )
    for order, row in enumerate(reference.rows(reference.MAJORS)):
        CatalogueMajor.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "major_class": classes[row["class_code"]],
                "added_in": row["added_in"],
                "former_names": former_names(row["note"]),
                **_common(row, order),
            },
        )


def load_industries(apps):
    Industry = apps.get_model("core", "Industry")
    rows = reference.rows(reference.INDUSTRIES)
    # Listed as the standard lists them: each 门类, then its 大类 (A, 01 … 05, B, 06 …).
    orders, order = {}, 0
    sections = {}
    for row in rows:
        if row["section"] not in sections:
            orders[row["section"]], order = order, order + 1
        orders[row["division_code"]], order = order, order + 1
        sections.setdefault(row["section"], (row["section_name"], Counter()))[1][SECTORS[row["sector"]]] += 1
    section_rows = {}
    for code, (name, sectors) in sections.items():
        section_rows[code], _created = Industry.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "sector": sectors.most_common(1)[0][0],
                "section": None,
                "sort_order": orders[code],
                "confirmed": True,
                "note": "",
            },
        )
    for row in rows:
        Industry.objects.update_or_create(
            code=row["division_code"],
            defaults={
                "name": row["division_name"],
                "sector": SECTORS[row["sector"]],
                "section": section_rows[row["section"]],
                "sort_order": orders[row["division_code"]],
                "confirmed": row["confirmed"],
                "note": row["sector_note"] or row["note"],
            },
        )


def load_destinations(apps):
    Destination = apps.get_model("core", "Destination")
    DestinationCode = apps.get_model("core", "DestinationCode")
    rows = reference.rows(reference.DESTINATIONS)
    codes = {}
    hei = [r for r in rows if r["scheme"] != "zhongzhi"]
    for order, row in enumerate(hei):
        codes[row["code"]], _created = DestinationCode.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["name"], "group_label": row["group"][:30], **_common(row, order)},
        )
    for row in hei:
        if row["scheme"] == "hei_sub_observed":  # "27的子代码"
            parent = codes.get(row["group"].split("的")[0])
            DestinationCode.objects.filter(pk=codes[row["code"]].pk).update(parent=parent)
    # The aggregates (ZZ-AGG-…) are definitions, not destinations: the figures module computes them.
    groups = [r for r in rows if r["scheme"] == "zhongzhi" and not r["code"].startswith("ZZ-AGG")]
    for order, row in enumerate(groups):
        destination, _created = Destination.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "group": DESTINATION_GROUPS.get(row["group"], "military"),
                "counts_as_employed": row["counted_as"] == "就业学生",
                "direct_employment": row["group"] == "直接就业",
                **_common(row, order),
            },
        )
        destination.proposed_codes.set(
            [codes[code] for code in reference.codes(row["crosswalk_to_hei_code"]) if code in codes]
        )


def load_employer_natures(apps):
    EmployerNature = apps.get_model("core", "EmployerNature")
    # Superseded codes are not offered for new records (two of them reuse current codes).
    current = [r for r in reference.rows(reference.EMPLOYER_NATURES) if r["status"] == "current"]
    for order, row in enumerate(current):
        EmployerNature.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], **_common(row, order)}
        )


def load(apps, schema_editor):
    load_majors(apps)
    load_industries(apps)
    load_destinations(apps)
    load_employer_natures(apps)


class Migration(migrations.Migration):
    dependencies = [("core", "0007_catalogue_and_code_table_levels")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
