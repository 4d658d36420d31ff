"""Code tables as data (POLICY §10): 单位性质 and 毕业去向 with MoE codes, GB/T 4754 sections, 中职专业大类."""

from django.db import migrations

EMPLOYER_NATURES = [
    ("10", "机关"),
    ("20", "科研设计单位"),
    ("21", "高等教育单位"),
    ("22", "中初教育单位"),
    ("23", "医疗卫生单位"),
    ("29", "其他事业单位"),
    ("31", "国有企业"),
    ("32", "三资企业"),
    ("39", "其他企业"),
    ("40", "部队"),
    ("55", "农村建制村"),
    ("56", "城镇社区"),
    ("99", "其他"),
]

# code, name, group, counts_as_employed, direct_employment
DESTINATIONS = [
    ("10", "签就业协议形式就业", "employed", True, True),
    ("11", "签劳动合同形式就业", "employed", True, True),
    ("12", "其他录用形式就业", "employed", True, True),
    ("75", "自主创业（合法从事个体经营）", "employed", True, True),
    ("76", "自由职业（其他方式就业）", "employed", True, True),
    ("80", "升学（升入高一级学校）", "further_study", True, False),
    ("85", "出国、出境", "further_study", True, False),
    ("46", "应征义务兵（参军）", "military", True, False),
    ("70", "待就业", "seeking", False, False),
    ("71", "不就业拟升学", "not_seeking", False, False),
    ("72", "其他暂不就业", "not_seeking", False, False),
]

# GB/T 4754-2017 sections and the 产业 (1/2/3) they belong to
INDUSTRIES = [
    ("A", "农、林、牧、渔业", 1),
    ("B", "采矿业", 2),
    ("C", "制造业", 2),
    ("D", "电力、热力、燃气及水生产和供应业", 2),
    ("E", "建筑业", 2),
    ("F", "批发和零售业", 3),
    ("G", "交通运输、仓储和邮政业", 3),
    ("H", "住宿和餐饮业", 3),
    ("I", "信息传输、软件和信息技术服务业", 3),
    ("J", "金融业", 3),
    ("K", "房地产业", 3),
    ("L", "租赁和商务服务业", 3),
    ("M", "科学研究和技术服务业", 3),
    ("N", "水利、环境和公共设施管理业", 3),
    ("O", "居民服务、修理和其他服务业", 3),
    ("P", "教育", 3),
    ("Q", "卫生和社会工作", 3),
    ("R", "文化、体育和娱乐业", 3),
    ("S", "公共管理、社会保障和社会组织", 3),
    ("T", "国际组织", 3),
]

# 中等职业教育专业目录（2021）专业大类
MAJOR_CATEGORIES = [
    ("61", "农林牧渔类"),
    ("62", "资源环境与安全类"),
    ("63", "能源动力与材料类"),
    ("64", "土木建筑类"),
    ("65", "水利类"),
    ("66", "装备制造类"),
    ("67", "生物与化工类"),
    ("68", "轻工纺织类"),
    ("69", "食品药品与粮食类"),
    ("70", "交通运输类"),
    ("71", "电子与信息类"),
    ("72", "医药卫生类"),
    ("73", "财经商贸类"),
    ("74", "旅游类"),
    ("75", "文化艺术类"),
    ("76", "新闻传播类"),
    ("77", "教育与体育类"),
    ("78", "公安与司法类"),
    ("79", "公共管理与服务类"),
]


def load(apps, schema_editor):
    EmployerNature = apps.get_model("core", "EmployerNature")
    Destination = apps.get_model("core", "Destination")
    Industry = apps.get_model("core", "Industry")
    MajorCategory = apps.get_model("core", "MajorCategory")
    PolicySettings = apps.get_model("core", "PolicySettings")
    for order, (code, name) in enumerate(EMPLOYER_NATURES):
        EmployerNature.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order})
    for order, (code, name, group, employed, direct) in enumerate(DESTINATIONS):
        Destination.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "group": group,
                "counts_as_employed": employed,
                "direct_employment": direct,
                "sort_order": order,
            },
        )
    for order, (code, name, sector) in enumerate(INDUSTRIES):
        Industry.objects.update_or_create(
            code=code, defaults={"name": name, "sector": sector, "sort_order": order}
        )
    for order, (code, name) in enumerate(MAJOR_CATEGORIES):
        MajorCategory.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order})
    if not PolicySettings.objects.exists():
        PolicySettings.objects.create()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
