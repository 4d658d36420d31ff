"""POLICY.md: every number of the policy (3 years, 3 months, 30 days, 10 %, 50 %, 5 % …) is a setting with a
default (core.models.PolicySettings), passed into a rule (a rules.py, or surveys/sampling.py). This scan keeps it
so: it parses the application's code (not tests, migrations, the demo builders' made-up data or the bench) and
fails on the ways such a number gets written in line. The numbers are the settings' defaults, so a new setting is
watched as soon as it exists. Strings and comments are not code and are not read (the employer form quotes the
attachment's 近三年 word for word)."""

import ast
from pathlib import Path

import pytest

import gradtrack
from gradtrack.core.models import PolicySettings

SRC = Path(gradtrack.__file__).parent
EXEMPT_DIRS = {"tests", "migrations", "bench"}
# The rules take the numbers as arguments; the demo builders and the bench's generator make up data. The
# settings need no exemption: their defaults are `default=` arguments, which the scan does not read.
EXEMPT_FILES = {"rules.py", "sampling.py", "demo.py", "benchmark.py"}


def _defaults(suffix: str) -> set:
    return {f.default for f in PolicySettings._meta.concrete_fields if f.name.endswith(suffix)}


PERIODS = {"years": _defaults("_years"), "months": _defaults("_months"), "days": _defaults("_days")}
PERCENTS = _defaults("_percent")
FRACTIONS = {p / 100 for p in PERCENTS}


def _constant(node, values) -> bool:
    return (
        isinstance(node, ast.Constant)
        and type(node.value) in (int, float)
        and not isinstance(node.value, bool)
        and node.value in values
    )


def _mentions(node, word: str) -> bool:
    """The expression names `word`: a variable or attribute (`graduation_year`), or a field in a string
    argument (`OuterRef("campaign__year")`)."""
    for part in ast.walk(node):
        if isinstance(part, ast.Name) and word in part.id.lower():
            return True
        if isinstance(part, ast.Attribute) and word in part.attr.lower():
            return True
        if isinstance(part, ast.Call):
            for arg in part.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and word in arg.value.lower():
                    return True
    return False


def policy_literals(source: str) -> list[tuple[int, str]]:
    """(line, why) for each policy number written in line in this Python source."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.keyword) and node.arg in PERIODS and _constant(node.value, PERIODS[node.arg]):
            found.append((node.value.lineno, f"{node.arg}={node.value.value}: a period of the policy"))
        elif (
            isinstance(node, ast.keyword)
            and node.arg
            and "percent" in node.arg
            and _constant(node.value, PERCENTS)
        ):
            found.append((node.value.lineno, f"{node.arg}={node.value.value}: a survey percentage"))
        elif isinstance(node, ast.BinOp):
            sides = (node.left, node.right)
            for side, other in (sides, sides[::-1]):
                if isinstance(node.op, (ast.Add, ast.Sub)) and _constant(side, PERIODS["years"]):
                    if _mentions(other, "year"):
                        found.append((node.lineno, f"year ± {side.value}: a number of years of the policy"))
                if isinstance(node.op, ast.Mult) and _constant(side, FRACTIONS):
                    found.append((node.lineno, f"× {side.value}: a survey percentage"))
            if (
                isinstance(node.op, ast.Div)
                and _constant(node.right, {100})
                and isinstance(node.left, ast.BinOp)
                and (_constant(node.left.left, PERCENTS) or _constant(node.left.right, PERCENTS))
            ):
                found.append((node.lineno, "× N / 100: a survey percentage"))
        elif isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            for index, operand in enumerate(operands):
                others = operands[:index] + operands[index + 1 :]
                if _constant(operand, PERIODS["days"]) and any(_mentions(o, "day") for o in others):
                    found.append((node.lineno, f"compared with {operand.value} days: a window of the policy"))
                if _constant(operand, FRACTIONS | PERCENTS) and any(_mentions(o, "percent") for o in others):
                    found.append((node.lineno, f"compared with {operand.value}: a survey percentage"))
    return found


@pytest.mark.parametrize(
    ("source", "flagged"),
    [
        pytest.param("relativedelta(years=3)", True, id="§二.2 a three-year service written in line"),
        pytest.param(
            "start + relativedelta(months=3)", True, id="§二.3 quarterly follow-ups written in line"
        ),
        pytest.param("timedelta(days=30)", True, id="§二.4 the 30-day reporting window written in line"),
        pytest.param("late = days_after > 30", True, id="§二.4 the reporting window as a comparison"),
        pytest.param("[year - 3, year - 2]", True, id="§三(二)1 the last three cohorts written in line"),
        pytest.param('OuterRef("campaign__year") - 3', True, id="§三(二)1 the cohort window in SQL"),
        pytest.param("ceil(total * 10 / 100)", True, id="§三(二)1 the 10 % sample written in line"),
        pytest.param("target = total * 0.05", True, id="§三(二)4 the 5 % visits as a fraction"),
        pytest.param("Campaign(percent=50)", True, id="§三(二)2 the 50 % form as an argument"),
        pytest.param("relativedelta(months=policy.follow_up_months)", False, id="a period from the settings"),
        pytest.param("end - timedelta(days=1)", False, id="the day before is not a policy number"),
        pytest.param("Cohorts(year - 1, year)", False, id="the year before is not a policy number"),
        pytest.param("forms.Textarea(attrs={'rows': 3})", False, id="a textarea's three rows"),
        pytest.param("legend(bbox_to_anchor=(1, 0.5))", False, id="a chart's layout"),
        pytest.param("label = _('近三年以来到贵单位就业的我校学生人数')", False, id="the attachment's words"),
        pytest.param("PAGE_SIZE = 50", False, id="a page of fifty rows"),
    ],
)
def test_the_scan_tells_a_policy_number_from_other_numbers(source, flagged):
    assert bool(policy_literals(source)) is flagged


def _application_files():
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC)
        if EXEMPT_DIRS & set(relative.parts[:-1]) or path.name in EXEMPT_FILES:
            continue
        yield relative, path


def test_no_policy_number_is_written_outside_the_settings_and_the_rules():
    found = [
        f"{relative}:{line}: {why}"
        for relative, path in _application_files()
        for line, why in policy_literals(path.read_text(encoding="utf-8"))
    ]
    assert not found, "read the number from PolicySettings and pass it to a rule:\n" + "\n".join(found)


def test_the_scan_reads_the_application():
    names = {str(relative) for relative, _path in _application_files()}
    assert {
        "tracking/services.py",
        "surveys/selectors.py",
        "surveys/models.py",
        "stats/selectors.py",
    } <= names
    assert not any(name.endswith(("rules.py", "demo.py")) or "/tests/" in name for name in names)
    assert (PERIODS["years"], PERIODS["months"], PERCENTS) == (
        {3},
        {3, 6, 36},
        {10, 50, 5},
    )  # 6 and 36: the 毕业生调查 waves
    assert 30 in PERIODS["days"]
