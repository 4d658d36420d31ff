"""The demo school of ``gradtrack demo-data`` (issue 2, Build item 8).

攀枝花市华森职业学校 of the seed, made believable: six departments with real 中职 majors (2021 专业目录),
three cohorts, employers in 攀枝花, 米易, 西昌, 成都, 重庆 and a few in 广东 and 浙江, job timelines with
raises, resignations and re-placements, and a demo account for every role. Everything is drawn from one
seeded ``random.Random`` and a seeded Faker, so the same seed on the same day builds the same school.

Speed matters (``make run`` waits for it), so records are written with ``bulk_create``. Each record still
gets its creation entry in the record history (bulk-written, actor the demo centre user, source
``demo-data``), and the later changes — raises, promotions, new phone numbers — go through
``records.services.record_update`` like any edit. The ``demo-data`` source is also how
``wipe_demo_records`` finds what it made.

This module builds the records part: the school, its departments and majors, the demo accounts, employers,
graduates and their jobs. Later capabilities extend the school from their own app (``<app>/demo.py``:
``extend(builder)``); ``gradtrack.site.demo`` runs them in order after this builder.
"""

import datetime
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from dateutil.relativedelta import relativedelta
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.db import models
from faker import Faker

from gradtrack.accounts.models import User
from gradtrack.core import history
from gradtrack.core.batching import in_chunks
from gradtrack.core.demo import DEMO_PASSWORD, DEMO_SOURCE, DemoAccountStatus
from gradtrack.core.models import (
    CatalogueMajor,
    DestinationCode,
    EmployerNature,
    HistoryEntry,
    Industry,
    PolicySettings,
    SchoolProfile,
)
from gradtrack.records import identifiers, services, validators
from gradtrack.records.models import Department, Employer, Employment, Graduate, Major

DEFAULT_GRADUATES = 1500
DEFAULT_EMPLOYERS = 200
DEFAULT_SEED = 2026
COHORT_YEARS = (2024, 2025, 2026)
# Cohorts grow a little each year, as enrolment did.
COHORT_GROWTH = {2024: 0.95, 2025: 1.0, 2026: 1.05}
SALARY_MIN, SALARY_MAX = 2500, 7000

SCHOOL = {
    "name": "攀枝花市华森职业学校",
    "address": "四川省米易县攀莲镇铁建路 88 号",
    "postcode": "617200",
    "phone": "0812-9178178",
    "fax": "0812-8172842",
    "email": "2860505558@qq.com",
    "office": "学生就业指导中心",
}

T = TypeVar("T")


# --- The school: departments, majors, accounts --------------------------------------------------------------


@dataclass(frozen=True)
class MajorSpec:
    code: str  # its code in the 中职 catalogue (《职业教育专业目录（2021年）》, core.CatalogueMajor)
    name: str
    short: str  # as in class names: 2021级数控1班
    weight: int  # graduates per cohort, relative
    female_share: float
    base_salary: int  # a first job's monthly salary in 攀枝花, 2024
    trades: tuple[str, ...]  # where its graduates work in their field, most common first
    posts: tuple[str, ...]


@dataclass(frozen=True)
class DepartmentSpec:
    code: str
    name: str
    username: str  # the department's demo account
    staff_name: tuple[str, str]  # last name, first name
    majors: tuple[MajorSpec, ...]


DEPARTMENTS: tuple[DepartmentSpec, ...] = (
    DepartmentSpec(
        "JD",
        "机电工程系",
        "jidian",
        ("王", "志强"),
        (
            MajorSpec(
                "660103",
                "数控技术应用",
                "数控",
                45,
                0.08,
                4300,
                ("machinery", "steel"),
                ("数控车工", "数控铣工", "加工中心操作工", "质检员"),
            ),
            MajorSpec(
                "660301",
                "机电技术应用",
                "机电",
                50,
                0.10,
                4300,
                ("machinery", "steel", "electrical"),
                ("设备维修工", "电工", "装配钳工", "机电维修工", "自动化设备调试员", "生产线操作工"),
            ),
            MajorSpec(
                "660302",
                "电气设备运行与控制",
                "电气",
                35,
                0.06,
                4500,
                ("electrical", "steel"),
                ("维修电工", "配电值班员", "电气设备安装工", "变电运维员"),
            ),
        ),
    ),
    DepartmentSpec(
        "QC",
        "汽车工程系",
        "qiche",
        ("李", "军"),
        (
            MajorSpec(
                "700206",
                "汽车运用与维修",
                "汽修",
                60,
                0.05,
                4000,
                ("auto",),
                ("汽车机修工", "汽车电工", "钣金喷漆工", "服务顾问", "汽车保养技师"),
            ),
        ),
    ),
    DepartmentSpec(
        "XX",
        "信息技术系",
        "xinxi",
        ("张", "丽"),
        (
            MajorSpec(
                "710201",
                "计算机应用",
                "计算机",
                45,
                0.35,
                3800,
                ("it", "electronics"),
                ("计算机维护员", "办公文员", "平面设计助理", "数据录入员"),
            ),
            MajorSpec(
                "710202",
                "计算机网络技术",
                "网络",
                30,
                0.20,
                4000,
                ("it",),
                ("网络管理员", "综合布线工", "宽带安装维护员", "技术支持专员"),
            ),
        ),
    ),
    DepartmentSpec(
        "CM",
        "财经商贸系",
        "caijing",
        ("杨", "帆"),
        (
            MajorSpec(
                "730301",
                "会计事务",
                "会计",
                45,
                0.85,
                3300,
                ("finance", "retail"),
                ("出纳", "会计助理", "收银员", "记账员"),
            ),
            MajorSpec(
                "730701",
                "电子商务",
                "电商",
                40,
                0.60,
                3600,
                ("ecommerce", "retail"),
                ("网店客服", "电商运营助理", "直播助理", "仓储物流员"),
            ),
        ),
    ),
    DepartmentSpec(
        "YH",
        "医护系",
        "yihu",
        ("赵", "敏"),
        (
            MajorSpec(
                "720201",
                "护理",
                "护理",
                75,
                0.93,
                3500,
                ("hospital", "care"),
                ("护士", "护理员", "导医", "养老护理员"),
            ),
        ),
    ),
    DepartmentSpec(
        "LY",
        "旅游与幼教系",
        "lvyou",
        ("黄", "婷"),
        (
            MajorSpec(
                "740201",
                "中餐烹饪",
                "烹饪",
                30,
                0.25,
                3900,
                ("catering", "hotel"),
                ("中餐厨师", "面点师", "厨师助理", "配菜员"),
            ),
            MajorSpec(
                "740101",
                "旅游服务与管理",
                "旅游",
                25,
                0.70,
                3400,
                ("hotel", "travel"),
                ("前台接待", "导游", "客房服务员", "景区讲解员"),
            ),
            MajorSpec(
                "770101",
                "幼儿保育",
                "幼保",
                40,
                0.97,
                3000,
                ("kindergarten",),
                ("保育员", "配班教师", "早教指导员"),
            ),
        ),
    ),
)


# Given names as schools' rosters of graduates born around 2005 show them, one pool per 性别 (Faker's zh_CN male
# list has 红霞 among its names, so the pools are our own). Parents' generation names for 家长联系方式.
GIVEN_NAMES = {
    Graduate.Gender.MALE: (
        "子轩", "浩然", "宇航", "俊杰", "梓豪", "浩宇", "志强", "家豪", "明轩", "天佑", "博文", "鑫磊", "建伟", "志鹏",
        "思远", "晨阳", "俊熙", "文博", "嘉诚", "泽宇", "一鸣", "伟", "强", "磊", "杰", "涛", "鹏", "斌", "浩", "凯",
        "龙", "峰", "勇", "军", "宇", "超", "昊", "刚", "毅", "航", "小龙", "金龙", "兴旺", "海波", "云飞", "永康",
    ),
    Graduate.Gender.FEMALE: (
        "欣怡", "梓涵", "诗涵", "雨萱", "佳怡", "思雨", "可馨", "雨婷", "婉婷", "静怡", "梦瑶", "紫涵", "佳琪", "欣妍",
        "晓雯", "丽娟", "雅婷", "文静", "秀英", "玉洁", "芳", "娜", "敏", "静", "丽", "艳", "婷", "霞", "燕", "玲",
        "丹", "萍", "洁", "琳", "倩", "颖", "雪", "慧", "莹", "蕾", "小芳", "春燕", "海霞", "金凤", "玉梅", "思琪",
    ),
}  # fmt: skip
FATHER_NAMES = ("建国", "建军", "志强", "国华", "德明", "永强", "建平", "红军", "卫东", "春生", "长林", "明华", "国平")  # fmt: skip
MOTHER_NAMES = ("秀英", "桂英", "玉兰", "丽华", "红梅", "春梅", "淑芬", "小红", "海燕", "冬梅", "桂芳", "秀珍", "琼")  # fmt: skip


@dataclass(frozen=True)
class AccountSpec:
    username: str
    role: str
    last_name: str
    first_name: str
    department_codes: tuple[str, ...] = ()


DEMO_ACCOUNTS: tuple[AccountSpec, ...] = (
    AccountSpec("admin", User.Role.ADMIN, "", "系统管理员"),
    AccountSpec("centre", User.Role.CENTRE, "刘", "静"),
    AccountSpec("leader", User.Role.LEADER, "陈", "建华"),
    *(AccountSpec(d.username, User.Role.DEPARTMENT, *d.staff_name, (d.code,)) for d in DEPARTMENTS),
)


# --- Where graduates work: regions, trades, employers -------------------------------------------------------


@dataclass(frozen=True)
class Region:
    city: str  # as in locations: 攀枝花市
    province: str
    districts: tuple[tuple[str, str], ...]  # name, 6-digit administrative code
    phone_area: str
    phone_digits: int
    weight: int
    local: bool  # 本地 for the school in 米易县, 攀枝花市
    salary_factor: float
    name_prefixes: tuple[str, ...]
    town_share: float = 0.1


REGIONS: tuple[Region, ...] = (
    Region(
        "攀枝花市",
        "四川省",
        (("东区", "510402"), ("西区", "510403"), ("仁和区", "510411")),
        "0812",
        7,
        32,
        True,
        1.0,
        ("攀枝花", "攀枝花市", "四川"),
    ),
    Region(
        "攀枝花市",
        "四川省",
        (("米易县", "510421"),),
        "0812",
        7,
        17,
        True,
        0.92,
        ("米易", "米易县", "攀枝花"),
        town_share=0.55,
    ),
    Region(
        "攀枝花市",
        "四川省",
        (("盐边县", "510422"),),
        "0812",
        7,
        5,
        True,
        0.92,
        ("盐边", "盐边县"),
        town_share=0.5,
    ),
    Region("凉山彝族自治州", "四川省", (("西昌市", "513401"),), "0834", 7, 8, False, 0.95, ("西昌", "凉山")),
    Region(
        "成都市",
        "四川省",
        (
            ("武侯区", "510107"),
            ("成华区", "510108"),
            ("锦江区", "510104"),
            ("龙泉驿区", "510112"),
            ("双流区", "510116"),
        ),
        "028",
        8,
        20,
        False,
        1.15,
        ("成都", "四川"),
    ),
    Region(
        "重庆市",
        "重庆市",
        (("渝北区", "500112"), ("九龙坡区", "500107"), ("江北区", "500105")),
        "023",
        8,
        7,
        False,
        1.1,
        ("重庆",),
    ),
    Region(
        "深圳市", "广东省", (("宝安区", "440306"), ("龙华区", "440309")), "0755", 8, 3, False, 1.3, ("深圳",)
    ),
    Region("东莞市", "广东省", (("长安镇", "441900"),), "0769", 8, 3, False, 1.25, ("东莞", "广东")),
    Region("宁波市", "浙江省", (("北仑区", "330206"),), "0574", 8, 2, False, 1.25, ("宁波", "浙江")),
    Region("杭州市", "浙江省", (("萧山区", "330109"),), "0571", 8, 2, False, 1.3, ("杭州", "浙江")),
)
REGION_BY_DISTRICT = {district: region for region in REGIONS for district, _ in region.districts}


@dataclass(frozen=True)
class Trade:
    key: str
    templates: tuple[str, ...]  # {p}: place prefix, {w}: trade name word
    industry: str  # GB/T 4754 门类, or 大类 where the trade has one (43 维修 counts as 第三产业)
    natures: tuple[tuple[str, int], ...]  # MoE 单位性质 code, weight
    posts: tuple[str, ...]  # posts for graduates from outside the trade
    share: float  # of the generated employers
    cities: tuple[str, ...] = ()  # name prefixes it is found in; empty: anywhere
    largest: float = 3.0  # how many graduates its biggest employer takes, relative: factories more than shops


TRADES: tuple[Trade, ...] = (
    Trade(
        "steel",
        ("{p}{w}钒钛科技有限公司", "{p}{w}冶金机械有限公司", "{p}{w}矿业有限责任公司", "{p}{w}钢铁有限公司"),
        "31",
        (("39", 7), ("31", 3)),
        ("生产操作工", "行车工", "质检员"),
        0.06,
        ("攀枝花", "米易", "盐边", "西昌", "凉山"),
        largest=8,
    ),
    Trade(
        "machinery",
        ("{p}{w}机械制造有限公司", "{p}{w}精密机械有限公司", "{p}{w}装备制造有限公司", "{p}{w}模具有限公司"),
        "34",
        (("39", 7), ("32", 2), ("31", 1)),
        ("普工", "仓管员", "装配工"),
        0.11,
        largest=6,
    ),
    Trade(
        "repair",
        ("{p}{w}设备维修有限公司", "{p}{w}机电设备检修有限公司", "{p}{w}工矿设备修理有限公司"),
        "43",
        (("39", 8), ("31", 2)),
        ("设备维修工", "机修钳工"),
        0.03,
        ("攀枝花", "米易", "盐边"),
        largest=3,
    ),
    Trade(
        "electrical",
        ("{p}{w}电气有限公司", "{p}{w}电力工程有限公司", "{p}{w}水电开发有限公司", "{p}{w}电力安装有限公司"),
        "44",
        (("39", 6), ("31", 4)),
        ("巡检员", "资料员"),
        0.07,
        largest=5,
    ),
    Trade(
        "auto",
        ("{p}{w}汽车销售服务有限公司", "{p}{w}汽车维修有限公司", "{p}{w}汽车服务有限公司"),
        "81",
        (("39", 9), ("32", 1)),
        ("洗车美容员", "汽车销售顾问", "配件管理员"),
        0.10,
        largest=3,
    ),
    Trade(
        "it",
        ("{p}{w}网络科技有限公司", "{p}{w}信息技术有限公司", "{p}{w}电脑科技有限公司"),
        "I",
        (("39", 9), ("31", 1)),
        ("客服专员", "销售代表"),
        0.08,
        largest=2,
    ),
    Trade(
        "electronics",
        ("{p}{w}电子有限公司", "{p}{w}精密电子有限公司", "{p}{w}光电科技有限公司"),
        "C",
        (("32", 4), ("39", 6)),
        ("电子装配工", "SMT操作员", "品检员"),
        0.08,
        ("成都", "重庆", "深圳", "东莞", "宁波", "杭州"),
        largest=8,
    ),
    Trade(
        "finance",
        ("{p}{w}财务咨询有限公司", "{p}{w}会计服务有限公司", "{p}{w}企业管理咨询有限公司"),
        "L",
        (("39", 1),),
        ("行政文员", "业务员"),
        0.06,
        largest=1.5,
    ),
    Trade(
        "retail",
        ("{p}{w}商贸有限公司", "{p}{w}超市有限公司", "{p}{w}百货有限公司"),
        "F",
        (("39", 1),),
        ("营业员", "理货员", "收银员", "销售员"),
        0.07,
        largest=2.5,
    ),
    Trade(
        "ecommerce",
        ("{p}{w}电子商务有限公司", "{p}{w}果业电子商务有限公司", "{p}{w}供应链管理有限公司"),
        "F",
        (("39", 1),),
        ("打包发货员", "客服专员"),
        0.05,
        largest=2,
    ),
    Trade(
        "hospital",
        ("{p}{w}医院", "{p}{w}医院有限公司", "{p}{w}口腔医院有限公司"),
        "Q",
        (("39", 1),),
        ("导医", "收费员"),
        0.07,
        largest=4,
    ),
    Trade(
        "care",
        ("{p}{w}养老服务有限公司", "{p}{w}康养服务有限公司", "{p}{w}健康管理有限公司"),
        "Q",
        (("39", 1),),
        ("生活照料员", "前台接待"),
        0.04,
        largest=2,
    ),
    Trade(
        "hotel",
        ("{p}{w}大酒店有限公司", "{p}{w}酒店管理有限公司", "{p}{w}温泉度假酒店有限公司"),
        "H",
        (("39", 9), ("32", 1)),
        ("服务员", "前台接待", "客房服务员"),
        0.06,
        largest=4,
    ),
    Trade(
        "catering",
        ("{p}{w}餐饮管理有限公司", "{p}{w}餐饮有限公司", "{p}{w}食品有限公司"),
        "H",
        (("39", 1),),
        ("服务员", "收银员", "帮厨"),
        0.05,
        largest=2.5,
    ),
    Trade(
        "travel",
        ("{p}{w}旅行社有限公司", "{p}{w}旅游开发有限公司"),
        "L",
        (("39", 4), ("31", 1)),
        ("票务员", "销售员"),
        0.03,
        largest=1.5,
    ),
    Trade(
        "kindergarten",
        ("{p}{w}幼儿园", "{p}{w}早教中心有限公司"),
        "P",
        (("22", 1),),
        ("行政文员", "保健员"),
        0.05,
        largest=1.5,
    ),
    Trade(
        "logistics",
        ("{p}{w}物流有限公司", "{p}{w}快递服务有限公司"),
        "G",
        (("39", 1),),
        ("分拣员", "仓管员", "快递员"),
        0.02,
        largest=2.5,
    ),
)
TRADE_BY_KEY = {trade.key: trade for trade in TRADES}
PUBLIC_NATURES = {"22", "23", "29"}
# The trades graduates from outside the field most often end up in.
FALLBACK_TRADES = ("retail", "electronics", "catering", "logistics", "machinery", "hotel")


@dataclass(frozen=True)
class NotableEmployer:
    """The big employers every school in 攀枝花 places graduates with; public institutions among them."""

    name: str
    trade: str
    nature: str
    district: str
    weight: float
    registration: str = "91"  # 统一社会信用代码 kind: 91 企业, 12 事业单位


NOTABLE_EMPLOYERS: tuple[NotableEmployer, ...] = (
    NotableEmployer("攀钢集团攀枝花钢钒有限公司", "steel", "31", "东区", 12),
    NotableEmployer("攀钢集团矿业有限公司", "steel", "31", "东区", 6),
    NotableEmployer("国网四川省电力公司攀枝花供电公司", "electrical", "31", "东区", 6),
    NotableEmployer("攀枝花市中心医院", "hospital", "23", "东区", 10, "12"),
    NotableEmployer("米易县人民医院", "hospital", "23", "米易县", 8, "12"),
    NotableEmployer("米易县中医医院", "hospital", "23", "米易县", 5, "12"),
    NotableEmployer("盐边县人民医院", "hospital", "23", "盐边县", 4, "12"),
    NotableEmployer("西昌市人民医院", "hospital", "23", "西昌市", 3, "12"),
    NotableEmployer("米易县攀莲镇中心幼儿园", "kindergarten", "22", "米易县", 5, "12"),
    NotableEmployer("攀枝花市东区机关幼儿园", "kindergarten", "22", "东区", 4, "12"),
    NotableEmployer("米易县攀莲镇社区卫生服务中心", "hospital", "23", "米易县", 2, "12"),
)

NAME_WORDS = (
    "鑫盛", "华瑞", "金沙", "宏达", "兴业", "恒通", "瑞丰", "晨阳", "天誉", "龙腾", "安宁", "三线",
    "阳光", "钒都", "攀西", "新纪元", "众诚", "德隆", "聚源", "博远", "嘉禾", "润泽", "康华", "明宇",
    "志远", "锦程", "信达", "远航", "银江", "蓝天", "同创", "宏泰", "金诚", "顺达", "海川", "盛世",
    "一鸣", "永兴", "正和", "鼎盛", "华宇", "天府", "蜀南", "川西", "利民", "恒安", "盈科", "协力",
    "卓越", "新源", "佳禾", "金穗", "光华", "长虹桥", "万家", "百信", "荣昌", "汇通", "腾飞", "凯旋",
    "格萨", "大河", "清源", "弘毅", "泰和", "中元", "星辰", "睿智", "嘉陵", "巴蜀",
)  # fmt: skip
ROADS = (
    "人民路", "攀枝花大道", "新华街", "建设路", "工业园区", "机场路", "滨江路", "炳草岗大街", "文化路",
    "迎宾大道", "科技路", "兴业路", "长江路", "金江大道", "学府路", "南环路", "东风路",
)  # fmt: skip
TITLES = ("班组长", "领班", "组长", "主管助理")
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "155",
    "157", "158", "159", "177", "180", "181", "182", "183", "187", "188", "189", "191", "199",
)  # fmt: skip
BIRTH_PLACES = (
    ("510421", 45),
    ("510422", 10),
    ("510411", 10),
    ("510402", 6),
    ("510403", 4),
    ("513425", 8),
    ("513424", 7),
    ("513423", 5),
    ("513426", 5),
)

R = Employment.EndReason
# Why jobs end, and how often; 开除 is rare.
END_REASONS = (
    (R.PERSONAL, 38),
    (R.FAMILY, 12),
    (R.LAYOFF, 9),
    (R.UNPAID_WAGES, 6),
    (R.CONTRACT_END, 10),
    (R.BROKEN_PROMISE, 4),
    (R.PRODUCTION_HALT, 3),
    (R.CLOSURE, 3),
    (R.LABOUR_LAW, 2),
    (R.OTHER_EMPLOYER, 3),
    (R.OTHER, 4),
    (R.EXPELLED, 1.5),
)
EMPLOYER_REASONS = {
    R.BROKEN_PROMISE,
    R.LAYOFF,
    R.PRODUCTION_HALT,
    R.CLOSURE,
    R.UNPAID_WAGES,
    R.LABOUR_LAW,
    R.OTHER_EMPLOYER,
}
P = Graduate.PlacementMode
PLACEMENTS = ((P.SCHOOL, 70), (P.SELF, 15), (P.FURTHER_STUDY, 10), (P.MILITARY, 3), (P.OTHER, 2))
C = Employment.ContractTerm
CONTRACTS_SCHOOL = ((C.UP_TO_1, 15), (C.ONE_TO_2, 30), (C.TWO_TO_3, 40), (C.OVER_3, 10), (C.NONE, 5))
CONTRACTS_SELF = ((C.NONE, 20), (C.UP_TO_1, 25), (C.ONE_TO_2, 25), (C.TWO_TO_3, 22), (C.OVER_3, 8))


@dataclass
class DemoEmployer:
    employer: Employer
    trade: Trade
    region: Region
    district: str
    weight: float
    area_type: str

    @property
    def location(self) -> str:
        return f"{self.region.city}{self.district}"


@dataclass
class DemoSchool:
    """What ``build_demo_school`` made, for the command's summary and for later steps."""

    today: datetime.date
    profile_created: bool = False
    departments: list[Department] = field(default_factory=list)
    majors: list[Major] = field(default_factory=list)
    users: dict[str, User] = field(default_factory=dict)
    employers: list[Employer] = field(default_factory=list)
    graduates: list[Graduate] = field(default_factory=list)
    jobs: list[Employment] = field(default_factory=list)
    history_entries: int = 0
    later_changes: int = 0

    def graduates_by_cohort(self) -> dict[int, int]:
        counts = dict.fromkeys(COHORT_YEARS, 0)
        for graduate in self.graduates:
            counts[graduate.graduation_year] += 1
        return counts

    @property
    def current_jobs(self) -> int:
        return sum(1 for job in self.jobs if job.end_date is None)


# --- Helpers ------------------------------------------------------------------------------------------------


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder), so the parts add up exactly."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    parts = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: exact[i] - parts[i], reverse=True)
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _weighted(rng: random.Random, pairs: Iterable[tuple[T, float]]) -> T:
    options, weights = zip(*pairs, strict=True)
    return rng.choices(options, weights=weights)[0]


def _end_of_month(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, 1) + relativedelta(months=1, days=-1)


# --- The builder --------------------------------------------------------------------------------------------


class DemoSchoolBuilder:
    steps = (
        "school_profile",
        "departments_and_majors",
        "accounts",
        "employers",
        "graduates_and_jobs",
        "creation_history",
        "later_changes",
    )

    def __init__(self, *, graduates: int, employers: int, seed: int, today: datetime.date):
        self.graduate_count = graduates
        self.employer_count = employers
        self.rng = random.Random(seed)
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(seed)
        self.policy = PolicySettings.current()
        self.school = DemoSchool(today=today)
        self.natures = {n.code: n for n in EmployerNature.objects.all()}
        self.industries = {i.code: i for i in Industry.objects.all()}
        # 毕业去向 by 高校 code: the 中职 group it is counted in, and the code as the detail
        self.destinations = {
            code.code: (code.proposed_group, code)
            for code in DestinationCode.objects.prefetch_related("proposed_groups")
        }
        self.catalogue = {m.code: m for m in CatalogueMajor.objects.select_related("major_class__category")}
        self.major_specs: dict[str, MajorSpec] = {}
        self.by_trade: dict[str, list[DemoEmployer]] = {}
        self.used_names: set[str] = set()

    @property
    def today(self) -> datetime.date:
        return self.school.today

    def build(self) -> DemoSchool:
        for step in self.steps:
            getattr(self, step)()
        return self.school

    # The school and its people

    def school_profile(self) -> None:
        if not SchoolProfile.objects.exists():
            SchoolProfile.objects.create(**SCHOOL)
            self.school.profile_created = True

    def departments_and_majors(self) -> None:
        for spec in DEPARTMENTS:
            department = Department.objects.create(code=spec.code, name=spec.name)
            self.school.departments.append(department)
            for major_spec in spec.majors:
                entry = self.catalogue[major_spec.code]  # demo majors are catalogue majors, with its codes
                major = Major(
                    code=entry.code,
                    name=entry.name,
                    department=department,
                    catalogue=entry,
                    category=entry.major_class.category,
                )
                self.school.majors.append(major)
                self.major_specs[major_spec.code] = major_spec
        Major.objects.bulk_create(self.school.majors)

    def accounts(self) -> None:
        self.school.users = ensure_demo_accounts()

    @property
    def actor(self) -> User:
        return self.school.users["centre"]

    # Employers

    def employers(self) -> None:
        notables = NOTABLE_EMPLOYERS[: max(0, min(len(NOTABLE_EMPLOYERS), self.employer_count // 10))]
        demo_employers = [self._notable(notable) for notable in notables]
        shares = [trade.share for trade in TRADES]
        for trade, count in zip(TRADES, apportion(self.employer_count - len(notables), shares), strict=True):
            demo_employers.extend(self._generated(trade) for _ in range(count))
        Employer.objects.bulk_create([d.employer for d in demo_employers])
        for demo_employer in demo_employers:
            self.by_trade.setdefault(demo_employer.trade.key, []).append(demo_employer)
        self.school.employers = [d.employer for d in demo_employers]

    def _notable(self, notable: NotableEmployer) -> DemoEmployer:
        region = REGION_BY_DISTRICT[notable.district]
        self.used_names.add(notable.name)
        return self._demo_employer(
            notable.name,
            TRADE_BY_KEY[notable.trade],
            notable.nature,
            region,
            notable.district,
            notable.weight,
            notable.registration,
        )

    def _generated(self, trade: Trade) -> DemoEmployer:
        rng = self.rng
        regions = [r for r in REGIONS if not trade.cities or set(r.name_prefixes) & set(trade.cities)]
        region = _weighted(rng, ((r, r.weight) for r in regions))
        district, _code = rng.choice(region.districts)
        name = self._unused_name(trade, region)
        nature = _weighted(rng, trade.natures)
        registration = "91"
        if name.endswith("有限公司"):
            nature = "39" if nature in PUBLIC_NATURES else nature
        elif nature in PUBLIC_NATURES:
            # Public institutions register with 机构编制 (12); most kindergartens are private, with 民政 (52).
            registration = "52" if rng.random() < 0.6 else "12"
        weight = min(rng.paretovariate(1.3), trade.largest)
        return self._demo_employer(name, trade, nature, region, district, weight, registration)

    def _unused_name(self, trade: Trade, region: Region) -> str:
        rng = self.rng
        for attempt in range(200):
            word = rng.choice(NAME_WORDS)
            if attempt >= 20:
                word += rng.choice(NAME_WORDS)[0]
            name = rng.choice(trade.templates).format(p=rng.choice(region.name_prefixes), w=word)
            if name not in self.used_names:
                self.used_names.add(name)
                return name
        raise RuntimeError("demo employer names exhausted")

    def _demo_employer(
        self,
        name: str,
        trade: Trade,
        nature: str,
        region: Region,
        district: str,
        weight: float,
        registration: str,
    ) -> DemoEmployer:
        rng, fake = self.rng, self.fake
        code = dict(region.districts)[district]
        town = rng.random() < region.town_share
        area_type = Employment.AreaType.TOWN if town else Employment.AreaType.URBAN
        if town and rng.random() < 0.15:
            area_type = Employment.AreaType.RURAL
        city = "" if region.city == region.province else region.city
        employer = Employer(
            name=name,
            normalized_name=validators.normalize_employer_name(name),
            credit_code=identifiers.make_credit_code(rng, region=code, kind=registration),
            nature=self.natures[nature],
            industry=self.industries[trade.industry],
            address=f"{region.province}{city}{district}{rng.choice(ROADS)}{rng.randint(1, 299)}号",
            region=f"{region.province}{city}",
            contact_person=fake.name(),
            contact_phone=self._landline(region) if rng.random() < 0.7 else self._mobile(),
            email=fake.safe_email() if rng.random() < 0.6 else "",
        )
        return DemoEmployer(employer, trade, region, district, weight, area_type)

    def _landline(self, region: Region) -> str:
        first = self.rng.randint(2, 8)
        rest = "".join(str(self.rng.randint(0, 9)) for _ in range(region.phone_digits - 1))
        return f"{region.phone_area}-{first}{rest}"

    def _mobile(self) -> str:
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def _pick_employer(self, trades: Sequence[str], *, school_arranged: bool) -> DemoEmployer | None:
        candidates = [e for key in trades for e in self.by_trade.get(key, [])]
        if not candidates:
            return None

        def weight(e: DemoEmployer) -> float:
            # The school places graduates with its partners, mostly near home; graduates who find their
            # own job look further afield.
            if school_arranged:
                return e.weight**1.3 * (2.5 if e.region.local else 1.0)
            return e.weight**0.5 * (0.8 if e.region.local else 1.2)

        return self.rng.choices(candidates, weights=[weight(e) for e in candidates])[0]

    # Graduates and their jobs

    def graduates_and_jobs(self) -> None:
        cells = [(year, spec) for year in COHORT_YEARS for d in DEPARTMENTS for spec in d.majors]
        sizes = apportion(self.graduate_count, [spec.weight * COHORT_GROWTH[year] for year, spec in cells])
        majors = {major.code: major for major in self.school.majors}
        for (year, spec), size in zip(cells, sizes, strict=True):
            classes = max(1, round(size / 45))
            for seq in range(size):
                graduate = self._graduate(year, spec, majors[spec.code], seq, classes)
                self.school.graduates.append(graduate)
                # Sets the graduate's 毕业去向 too, so it comes before saving.
                self.school.jobs.extend(self._jobs_of(graduate))
        Graduate.objects.bulk_create(self.school.graduates, batch_size=500)
        Employment.objects.bulk_create(self.school.jobs, batch_size=500)

    def _graduate(self, year: int, spec: MajorSpec, major: Major, seq: int, classes: int) -> Graduate:
        rng, fake = self.rng, self.fake
        female = rng.random() < spec.female_share
        surname = fake.last_name()
        gender = Graduate.Gender.FEMALE if female else Graduate.Gender.MALE
        given = rng.choice(GIVEN_NAMES[gender])
        month = 6 if rng.random() < 0.8 else 7
        birth = datetime.date(year - 18, 1, 1) + datetime.timedelta(days=rng.randint(-200, 500))
        placement = _weighted(
            rng, ((p, w * (0.2 if female and p == P.MILITARY else 1)) for p, w in PLACEMENTS)
        )
        graduate = Graduate(
            student_no=f"{year - 3}{spec.code}{seq + 1:03d}",
            name=surname + given,
            gender=gender,
            id_number=(
                identifiers.make_id_number(rng, birth, region=_weighted(rng, BIRTH_PLACES), female=female)
                if rng.random() < 0.95
                else ""
            ),
            department=major.department,
            major=major,
            class_name=f"{year - 3}级{spec.short}{seq % classes + 1}班",
            graduation_year=year,
            graduation_month=month,
            mobile=self._mobile() if rng.random() < 0.95 else "",
            qq=str(rng.randint(10**8, 3 * 10**9)) if rng.random() < 0.6 else "",
            wechat=self._wechat() if rng.random() < 0.7 else "",
            email=fake.safe_email() if rng.random() < 0.3 else "",
            parent_contact=self._parent_contact(surname) if rng.random() < 0.85 else "",
            placement_mode=placement,
        )
        return graduate

    def _wechat(self) -> str:
        if self.rng.random() < 0.5:
            return "wxid_" + "".join(self.rng.choices("abcdefghijklmnopqrstuvwxyz0123456789", k=12))
        return self.fake.user_name()

    def _parent_contact(self, surname: str) -> str:
        if self.rng.random() < 0.6:
            return f"父亲 {surname}{self.rng.choice(FATHER_NAMES)} {self._mobile()}"
        return f"母亲 {self.fake.last_name()}{self.rng.choice(MOTHER_NAMES)} {self._mobile()}"

    def _destine(self, graduate: Graduate, code: str) -> None:
        graduate.destination, graduate.destination_detail = self.destinations[code]

    def _jobs_of(self, graduate: Graduate) -> list[Employment]:
        """The graduate's 毕业去向 and job timeline, up to today."""
        rng = self.rng
        graduated = _end_of_month(graduate.graduation_year, graduate.graduation_month)
        spec = self.major_specs[graduate.major.code]
        placement = graduate.placement_mode
        if graduated >= self.today:
            return []  # not yet graduated: no outcome to report
        if placement == P.FURTHER_STUDY:
            self._destine(graduate, "80")
            return []
        if placement == P.MILITARY:
            self._destine(graduate, "46")
            return []
        if placement == P.OTHER:
            self._destine(graduate, "72" if rng.random() < 0.6 else "71")
            return []
        if placement == P.SELF:
            outcome = rng.random()
            if outcome >= 0.78:
                code = "75" if outcome < 0.86 else "76" if outcome < 0.93 else "70"
                self._destine(graduate, code)
                return []
            first_start = graduated + datetime.timedelta(days=rng.randint(1, 120))
        else:
            if rng.random() < 0.03:
                self._destine(graduate, "70")
                return []
            first_start = graduated + datetime.timedelta(days=rng.randint(1, 45))
        jobs = self._timeline(graduate, spec, first_start)
        if not jobs:
            self._destine(graduate, "70")
        elif placement == P.SCHOOL:
            self._destine(graduate, "11" if rng.random() < 0.85 else "10")
        else:
            self._destine(graduate, "11" if rng.random() < 0.7 else "12")
        return jobs

    def _timeline(self, graduate: Graduate, spec: MajorSpec, start: datetime.date) -> list[Employment]:
        rng = self.rng
        placed_by_school = graduate.placement_mode == P.SCHOOL
        school_arranged = placed_by_school
        jobs: list[Employment] = []
        while start <= self.today and len(jobs) < 3:
            job = self._job(graduate, spec, start, school_arranged=school_arranged, earlier=jobs)
            if job is None:
                break
            jobs.append(job)
            leave_chance = (0.32, 0.25, 0.1)[len(jobs) - 1]
            if rng.random() >= leave_chance:
                break
            reason = _weighted(rng, END_REASONS)
            probation_days = max(14, (job.probation_end - job.start_date).days)
            quits_in_probation = reason in {R.PERSONAL, R.FAMILY} and rng.random() < 0.35
            if quits_in_probation:
                end = job.start_date + datetime.timedelta(days=rng.randint(14, probation_days))
            else:
                end = job.start_date + datetime.timedelta(days=rng.randint(probation_days + 1, 720))
            if end >= self.today:
                break  # the job goes on
            job.end_date, job.end_reason = end, reason
            if rng.random() < (0.5 if reason == R.EXPELLED else 0.1):
                break  # not working since
            start, school_arranged = self._next_start(end, reason, quits_in_probation, placed_by_school)
        return jobs

    def _next_start(
        self, end: datetime.date, reason: str, in_probation: bool, placed_by_school: bool
    ) -> tuple[datetime.date, bool]:
        """When the next job starts and whether the school arranged it (POLICY §6, simplified)."""
        rng = self.rng
        start = end + datetime.timedelta(days=rng.randint(10, 75))
        if not placed_by_school or reason == R.EXPELLED:
            return start, False
        if reason in EMPLOYER_REASONS:
            return start, rng.random() < 0.8
        if reason in {R.PERSONAL, R.FAMILY}:
            school = rng.random() < 0.45
            if school and in_probation:
                # §二.7: three months at school or at home before the school places them again.
                start = end + relativedelta(
                    months=self.policy.replacement_wait_months, days=rng.randint(1, 30)
                )
            return start, school
        return start, rng.random() < 0.3

    def _job(
        self,
        graduate: Graduate,
        spec: MajorSpec,
        start: datetime.date,
        *,
        school_arranged: bool,
        earlier: list[Employment],
    ) -> Employment | None:
        rng = self.rng
        if rng.random() < (0.8 if school_arranged else 0.6):
            # In the field: the major's main trade most often.
            trades = [rng.choice([spec.trades[0], *spec.trades])]
        else:
            trades = [t for t in FALLBACK_TRADES if t not in spec.trades]
        demo_employer = self._pick_employer(trades, school_arranged=school_arranged) or self._pick_employer(
            list(TRADE_BY_KEY), school_arranged=school_arranged
        )
        if demo_employer is None:
            return None
        matches = demo_employer.trade.key in spec.trades
        years = max(0, start.year - COHORT_YEARS[0])
        raise_since_first = 1.0 + 0.08 * len(earlier)
        salary = (
            spec.base_salary
            * demo_employer.region.salary_factor
            * (1.04**years)
            * raise_since_first
            * (1.0 if matches else 0.92)
            * rng.uniform(0.85, 1.15)
        )
        salary = min(SALARY_MAX, max(SALARY_MIN, round(salary / 50) * 50))
        contract = _weighted(rng, CONTRACTS_SCHOOL if school_arranged else CONTRACTS_SELF)
        insured = rng.random() < (0.25 if contract == C.NONE else 0.9)
        if school_arranged:
            channel = Employment.Channel.SCHOOL
        else:
            channel = Employment.Channel.AGENCY if rng.random() < 0.2 else Employment.Channel.OTHER
        return Employment(
            graduate=graduate,
            employer=demo_employer.employer,
            location=demo_employer.location,
            phone=demo_employer.employer.contact_phone,
            post=rng.choice(spec.posts if matches else demo_employer.trade.posts),
            title=rng.choice(TITLES) if earlier and rng.random() < 0.15 else "",
            starting_salary=Decimal(salary),
            monthly_salary=Decimal(salary),
            start_date=start,
            probation_end=services.default_probation_end(start, self.policy),
            school_arranged=school_arranged,
            channel=channel,
            matches_major=matches,
            locality=Employment.Locality.LOCAL
            if demo_employer.region.local
            else Employment.Locality.ELSEWHERE,
            area_type=demo_employer.area_type,
            contract_term=contract,
            social_insurance=insured,
        )

    # History

    def creation_history(self) -> None:
        records: list[models.Model] = [
            *self.school.departments,
            *self.school.majors,
            *self.school.employers,
            *self.school.graduates,
            *self.school.jobs,
        ]
        entries = []
        for record in records:
            changes = {name: ["", value] for name, value in history.snapshot(record).items() if value != ""}
            entries.append(
                history.entry_for(record, HistoryEntry.Action.CREATE, changes, self.actor, DEMO_SOURCE)
            )
        HistoryEntry.objects.bulk_create(entries, batch_size=500)
        self.school.history_entries += len(entries)

    def later_changes(self) -> None:
        """Raises, promotions and new phone numbers, written as edits so that their history shows them."""
        rng = self.rng
        a_year_ago = self.today - relativedelta(years=1)
        for job in self.school.jobs:
            if job.end_date is not None or job.start_date > a_year_ago or rng.random() >= 0.15:
                continue
            new_salary = min(SALARY_MAX, round(float(job.monthly_salary) * rng.uniform(1.05, 1.18) / 50) * 50)
            if new_salary <= job.monthly_salary:
                continue
            data = {"monthly_salary": Decimal(new_salary)}
            if rng.random() < 0.25:
                data["title"] = rng.choice(TITLES)
            # A dated raise (POLICY §1): some months into the job, so the job's timeline shows when.
            raised_on = min(self.today, job.start_date + relativedelta(months=rng.randint(6, 11)))
            services.record_update(
                job, data=data, acting_user=self.actor, source=DEMO_SOURCE, salary_effective_on=raised_on
            )
            self.school.later_changes += 1
        for graduate in self.school.graduates:
            if graduate.mobile and rng.random() < 0.03:
                services.record_update(
                    graduate, data={"mobile": self._mobile()}, acting_user=self.actor, source=DEMO_SOURCE
                )
                self.school.later_changes += 1
        self.school.history_entries = HistoryEntry.objects.filter(source=DEMO_SOURCE).count()


# --- Entry points -------------------------------------------------------------------------------------------


def ensure_demo_accounts() -> dict[str, User]:
    """Create the demo accounts that are missing; existing accounts keep their password and role."""
    departments = {d.code: d for d in Department.objects.filter(code__in=[d.code for d in DEPARTMENTS])}
    password_hash = None
    users = {}
    for spec in DEMO_ACCOUNTS:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User(
                username=spec.username,
                role=spec.role,
                last_name=spec.last_name,
                first_name=spec.first_name,
                is_staff=spec.role == User.Role.ADMIN,
                is_superuser=spec.role == User.Role.ADMIN,
            )
            validate_password(DEMO_PASSWORD, user)
            # One hash for all: hashing is deliberately slow, and every demo account shares the password.
            password_hash = password_hash or make_password(DEMO_PASSWORD)
            user.password = password_hash
            user.save()
        if spec.department_codes and user.role == User.Role.DEPARTMENT and not user.departments.exists():
            user.departments.set([departments[code] for code in spec.department_codes if code in departments])
        users[spec.username] = user
    return users


def demo_account_status() -> list[DemoAccountStatus]:
    """The demo accounts that exist, and whether each still has the demo password."""
    users = {
        u.username: u
        for u in User.objects.filter(username__in=[s.username for s in DEMO_ACCOUNTS]).prefetch_related(
            "departments"
        )
    }
    # The accounts share one hash until someone changes a password; checking each hash once keeps
    # `make run` quick, since verifying a password is deliberately slow.
    checked: dict[str, bool] = {}

    def has_demo_password(user: User) -> bool:
        if not (user.is_active and user.has_usable_password()):
            return False
        if user.password not in checked:
            checked[user.password] = check_password(DEMO_PASSWORD, user.password)
        return checked[user.password]

    status = []
    for spec in DEMO_ACCOUNTS:
        user = users.get(spec.username)
        if user is None:
            continue
        status.append(
            DemoAccountStatus(
                username=user.username,
                role=user.get_role_display(),
                departments="、".join(d.name for d in user.departments.all()),
                has_demo_password=has_demo_password(user),
            )
        )
    return status


def demo_graduate_ids() -> list[int]:
    """The graduates demo-data made: the later apps' wipes remove their records first (POLICY §1 PROTECTs)."""
    return _created_by_demo(Graduate)


def _created_by_demo(model: type[models.Model]) -> list[int]:
    return [
        int(pk)
        for pk in HistoryEntry.objects.filter(
            source=DEMO_SOURCE, action=HistoryEntry.Action.CREATE, model=model._meta.label_lower
        ).values_list("object_id", flat=True)
    ]


def wipe_demo_records() -> dict[str, int]:
    """Delete the records' part of what demo-data made (found by its creation history); accounts stay.
    ``gradtrack.site.demo.wipe_demo_records`` runs it in a transaction after the later apps' parts.

    Raises ``django.db.models.ProtectedError`` when other records still refer to demo records.
    """
    removed = {}
    for model in (Employment, Graduate, Employer, Major, Department):
        count = 0
        for pks in in_chunks(_created_by_demo(model)):
            _total, per_model = model.objects.filter(pk__in=pks).delete()
            count += per_model.get(model._meta.label, 0)
        removed[str(model._meta.verbose_name)] = count
    return removed
