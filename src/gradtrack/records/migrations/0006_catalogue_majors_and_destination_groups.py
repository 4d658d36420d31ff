"""Existing records onto the new code tables (core 0008):
- each major whose name matches the 中职 catalogue (core.catalogue: exact, then normalised, then former names) gets
  its entry and the entry's 专业大类; the others stay 校本专业 with the 大类 they had;
- each graduate's 毕业去向 coded with a 高校 code (10, 11, … as before) becomes the 中职 group the crosswalk of
  destinations.csv proposes for that code (the first group that lists it), and the code is kept as the detail;
- the old 高校-coded destinations, now unused, are removed (the 高校 codes live on in core.DestinationCode)."""

from django.db import migrations

from gradtrack.core import reference
from gradtrack.core.catalogue import Catalogue


def majors_to_catalogue(apps):
    Major = apps.get_model("records", "Major")
    CatalogueMajor = apps.get_model("core", "CatalogueMajor")
    catalogue = Catalogue(CatalogueMajor.objects.select_related("major_class"))
    for major in Major.objects.filter(catalogue__isnull=True):
        entry = catalogue.match(major.name)
        if entry is not None:
            major.catalogue = entry
            major.category_id = entry.major_class.category_id
            major.save(update_fields=["catalogue", "category"])


def destinations_to_groups(apps):
    Graduate = apps.get_model("records", "Graduate")
    Destination = apps.get_model("core", "Destination")
    DestinationCode = apps.get_model("core", "DestinationCode")
    group_of = {}
    for row in reference.rows(reference.DESTINATIONS):
        if row["scheme"] == "zhongzhi":
            for code in reference.codes(row["crosswalk_to_hei_code"]):
                group_of.setdefault(code, row["code"])
    groups = {d.code: d for d in Destination.objects.filter(code__in=set(group_of.values()))}
    details = {d.code: d for d in DestinationCode.objects.all()}
    for old in Destination.objects.exclude(code__startswith="ZZ-"):
        group = groups.get(group_of.get(old.code))
        if group is None:
            continue  # a school's own destination with no proposed group: kept as it is
        Graduate.objects.filter(destination=old).update(destination=group, destination_detail=details.get(old.code))
        old.delete()


def forward(apps, schema_editor):
    majors_to_catalogue(apps)
    destinations_to_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0005_major_catalogue_and_destination_detail"),
        ("core", "0008_load_reference_tables"),
    ]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
