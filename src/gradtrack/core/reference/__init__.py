"""The official code tables shipped as CSV beside this module (README.md says where each comes from).

Data migrations load them into the code tables; tests read their expectations from them. Every value is text
(codes keep their leading zeros); ``confirmed`` becomes a bool.
"""

import csv
from functools import cache
from importlib import resources

MAJORS = "zhongzhi_majors_2021.csv"
MAJOR_CATEGORIES = "zhongzhi_major_categories_2021.csv"
INDUSTRIES = "industry_gbt4754_2017.csv"
DESTINATIONS = "destinations.csv"
EMPLOYER_NATURES = "employer_nature_codes.csv"
PROVINCIAL_COLUMNS = "provincial_employment_table_columns.csv"


@cache
def _rows(file_name: str) -> tuple[dict, ...]:
    text = resources.files(__name__).joinpath(file_name).read_text(encoding="utf-8")
    rows = []
    for row in csv.DictReader(text.splitlines()):
        row = {key: (value or "").strip() for key, value in row.items()}
        row["confirmed"] = row.get("confirmed") == "yes"
        rows.append(row)
    return tuple(rows)


def rows(file_name: str) -> list[dict]:
    """The file's rows as dicts (copies: a caller may change them)."""
    return [dict(row) for row in _rows(file_name)]


def codes(value: str) -> list[str]:
    """A ``;``-separated list cell ("10;11;12") as its items."""
    return [item.strip() for item in value.split(";") if item.strip()]
