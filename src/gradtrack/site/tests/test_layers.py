"""The apps are layered (README, "Where things are"): each imports only the apps below it, so there is no import
cycle between apps, the kernel imports no domain app, no domain app imports the top layer, and no app module is
found through a dotted-path string."""

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[2]

# Bottom to top. An app may import only the apps before it.
LAYERS = [
    "core",  # the kernel: history, policy settings, code tables, concurrency errors, demo constants
    "accounts",
    "security",
    "api",  # the API's shared plumbing
    "records",
    "imports",
    "surveys",
    "tracking",
    "replacement",
    "gradsurveys",  # the graduates' survey waves (issue 15); the statistics and reports read its figures
    "stats",
    "site",  # the top layer: 工作台, navigation, settings pages, demo, backup, commands, the API router
]
# Modules of the package itself (settings, URLs, the command line) sit above every app; the benchmark (which
# extends the settings) and the test helpers above those.
TOP = len(LAYERS)
TOOLS = ["bench", "testing"]


def layer_of(part: str) -> int:
    if part in TOOLS:
        return TOP + 1
    return LAYERS.index(part) if part in LAYERS else TOP


def app_modules():
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE)
        if "tests" in relative.parts or "migrations" in relative.parts:
            continue
        yield relative, ast.parse(path.read_text(encoding="utf-8"))


def app_of(relative: Path) -> str:
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def gradtrack_imports(tree: ast.AST):
    """Every ``gradtrack.<app>`` a module imports, at its top or inside a function."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
            if node.module == "gradtrack":
                names = [f"gradtrack.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "gradtrack" and len(parts) > 1:
                yield node.lineno, parts[1]


def app_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for relative, tree in app_modules():
        app = app_of(relative)
        graph.setdefault(app, set()).update(
            target for _line, target in gradtrack_imports(tree) if target != app
        )
    return graph


def test_every_app_imports_only_the_apps_below_it():
    upward = []
    for relative, tree in app_modules():
        app = app_of(relative)
        for line, target in gradtrack_imports(tree):
            if target != app and layer_of(target) > layer_of(app):
                upward.append(f"{relative}:{line} ({app}) imports {target}")
    assert upward == []


def test_there_is_no_import_cycle_between_apps():
    graph = app_graph()

    def reachable(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for target in graph.get(todo.pop(), ()):
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
        return seen

    # Apps that reach each other, each group once (e.g. "accounts ⇄ records").
    tangles = {
        frozenset({app} | {other for other in reachable(app) if app in reachable(other)}) for app in graph
    }
    assert sorted(" ⇄ ".join(sorted(group)) for group in tangles if len(group) > 1) == []


@pytest.mark.parametrize(
    "domain_app", ["core", "accounts", "security", "api", "records", "tracking", "stats"]
)
def test_the_lower_apps_never_import_the_top_layer(domain_app):
    assert "site" not in app_graph().get(domain_app, set())


def test_the_kernel_imports_no_other_app():
    assert app_graph()["core"] == set()


def test_no_app_module_is_loaded_from_a_dotted_path_string():
    loaders = []
    for relative, tree in app_modules():
        for node in ast.walk(tree):
            name = getattr(node, "attr", None) or getattr(node, "id", None)
            if name in {"import_string", "import_module"}:
                loaders.append(f"{relative}:{node.lineno} {name}")
    assert loaders == []


def test_the_readme_map_lists_every_app_in_layer_order():
    readme = (SOURCE.parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Where things are", 1)[1].split("\n## ", 1)[0]
    mapped = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) > 3 and cells[2].startswith("`"):
            mapped.extend(name.strip("` ") for name in cells[2].split(","))
    apps = sorted(path.parent.name for path in SOURCE.glob("*/__init__.py"))
    assert mapped == LAYERS + TOOLS
    assert sorted(mapped) == apps
