"""Imports run one way, from the top floor down (space, newsletter, figures and opendata; projects, judging, proposals,
challenges, then the ground floor, innovation_platform): the ground floor imports no domain app, challenges knows
nothing of proposals or judging, and proposals nothing of judging. An app above widens one below by contributing to
it (live audiences, Contributions).

The import graph is read from the source with `ast`, so an import inside a function counts as much as one at the top.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)

# The project's wiring may join the apps together: URLs, sockets, settings, and the demo seeding every app.
WIRING = {
    "innovation_platform/urls.py",
    "innovation_platform/api_urls.py",
    "innovation_platform/routing.py",
    "innovation_platform/settings",
    "innovation_platform/core/management/commands/seed_demo.py",
}

TOP_FLOOR = {"space", "newsletter", "figures", "opendata"}  # apps that gather the others: nothing imports them
FLOORS = [
    ("innovation_platform", {"challenges", "proposals", "judging", "projects", *TOP_FLOOR}),
    ("challenges", {"proposals", "judging", "projects", *TOP_FLOOR}),
    ("proposals", {"judging", "projects", *TOP_FLOOR}),
    ("judging", {"projects", *TOP_FLOOR}),
    ("projects", TOP_FLOOR),
]


def imported(path: Path, root: Path) -> list[tuple[int, str]]:
    """(line, module) for every import of the file, relative ones made absolute, in the order of the lines."""
    package = list(path.relative_to(root).parent.parts)
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            # Relative: `from ..models import X` in challenges/views/live.py imports challenges.models.
            base = package[: len(package) + 1 - node.level] if node.level else []
            found.append((node.lineno, ".".join(filter(None, [*base, node.module]))))
    return sorted(found)


def is_wiring(relative: str) -> bool:
    return any(relative == wiring or relative.startswith(f"{wiring}/") for wiring in WIRING)


def upward_imports(root: Path, package: str, above: set[str]) -> list[str]:
    return [
        f"{path.relative_to(root).as_posix()}:{line} imports {module}"
        for path in sorted((root / package).rglob("*.py"))
        if not is_wiring(path.relative_to(root).as_posix())
        for line, module in imported(path, root)
        if module.split(".")[0] in above
    ]


@pytest.mark.parametrize(("package", "above"), FLOORS, ids=[package for package, _ in FLOORS])
def test_a_floor_never_imports_the_floors_above_it(package, above):
    assert upward_imports(ROOT, package, above) == []


def test_the_graph_sees_every_kind_of_import(tmp_path):
    """Top-level, nested in a function, `import x.y` and relative ones: each is found, with its line."""
    package = tmp_path / "challenges" / "views"
    package.mkdir(parents=True)
    source = package / "live.py"
    source.write_text(
        "import judging.models\n"
        "from proposals.selectors import proposals\n"
        "from . import public\n"
        "from ..models import Challenge\n"
        "def view():\n"
        "    from judging import events\n"
    )

    assert imported(source, tmp_path) == [
        (1, "judging.models"),
        (2, "proposals.selectors"),
        (3, "challenges.views"),
        (4, "challenges.models"),
        (6, "judging"),
    ]
    assert upward_imports(tmp_path, "challenges", {"proposals", "judging"}) == [
        "challenges/views/live.py:1 imports judging.models",
        "challenges/views/live.py:2 imports proposals.selectors",
        "challenges/views/live.py:6 imports judging",
    ]
