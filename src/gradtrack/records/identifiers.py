"""Valid 身份证号 and 统一社会信用代码 for demo data and tests (check digits from python-stdnum)."""

import datetime
import random

from stdnum.cn import ric, uscc

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def make_id_number(
    rng: random.Random, birth: datetime.date, region: str = "510421", female: bool = False
) -> str:
    """A 身份证号 that passes GB 11643 (region 510421 is 米易县)."""
    sequence = rng.randrange(0, 500) * 2 + (0 if female else 1)
    body = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


def make_credit_code(rng: random.Random, region: str = "510400", kind: str = "91") -> str:
    """A 统一社会信用代码 that passes GB 32100.

    ``kind`` is the registration authority and type: 91 = 工商/企业, 12 = 机构编制/事业单位,
    52 = 民政/民办非企业单位.
    """
    org = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    body = f"{kind}{region}{org}"
    return body + uscc.calc_check_digit(body)
