"""A large roster for measuring the import (not used by the application).

    python -m gradtrack.imports.benchmark 10000 /tmp/roster.xlsx
    gradtrack import-graduates /tmp/roster.xlsx --create-missing --major-category 66   # prints the time taken

The rows look like a real school's: five departments, three majors each, 200 employers, most graduates
employed, dates and phones written in the different ways rosters use.
"""

import datetime
import random
import sys

from openpyxl import Workbook

from gradtrack.imports.columns import COLUMNS
from gradtrack.records import identifiers

DEPARTMENTS = {
    "机电系": ["数控技术应用", "机电技术应用", "汽车运用与维修"],
    "信息技术系": ["计算机应用", "电子商务", "软件与信息服务"],
    "财经商贸系": ["会计事务", "市场营销", "物流服务与管理"],
    "旅游服务系": ["高星级饭店运营与管理", "旅游服务与管理", "中餐烹饪"],
    "医药卫生系": ["护理", "药剂", "康复技术"],
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华"


def sample_rows(count: int, seed: int = 2024):
    rng = random.Random(seed)
    employers = [
        (f"四川示例{index:03d}有限公司", identifiers.make_credit_code(random.Random(index)))
        for index in range(200)
    ]
    departments = list(DEPARTMENTS.items())
    for index in range(count):
        department, majors = departments[index % len(departments)]
        year = 2022 + index % 3
        employed = rng.random() < 0.85
        employer, credit_code = rng.choice(employers)
        start = datetime.date(year, 7, 1) + datetime.timedelta(days=rng.randrange(0, 60))
        mobile = f"13{rng.randrange(0, 10**9):09d}"
        values = {
            "student_no": f"{year}{index:06d}",
            "name": rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))),
            "gender": rng.choice("男女"),
            "department": department,
            "major": rng.choice(majors),
            "class_name": f"{year - 3}级{index % 4 + 1}班",
            "graduation": [f"{year}-06", f"{year}.6", f"{year}年6月", datetime.date(year, 6, 30)][index % 4],
            "mobile": [mobile, f"+86 {mobile[:3]}-{mobile[3:7]}-{mobile[7:]}", int(mobile)][index % 3],
            "placement_mode": "学校统一安置" if index % 5 else "自主就业",
            "destination": "签劳动合同形式就业" if employed else "待就业",
        }
        if employed:
            values.update(
                employer_name=employer,
                credit_code=credit_code,
                employer_nature="其他企业",
                location="四川省攀枝花市",
                post="技术员",
                monthly_salary=rng.randrange(3000, 8000),
                start_date=start,
            )
        # By column key, so that a column added to the roster (imports.columns) leaves the others in place.
        yield [values.get(column.key, "") for column in COLUMNS]


def write_sample(count: int, path: str) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("毕业生名单")
    sheet.append(["某某职业技术学校毕业生就业情况统计表"])
    sheet.append([column.header + ("*" if column.required else "") for column in COLUMNS])
    for row in sample_rows(count):
        sheet.append(row)
    sheet.append(["制表人：", "", "", "", "审核：", "", "", "日期："])
    workbook.save(path)


if __name__ == "__main__":
    write_sample(int(sys.argv[1]), sys.argv[2])
