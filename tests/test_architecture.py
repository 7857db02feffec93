"""The portal's layers, and a walk over every import of the code that keeps them.

A module may import its own app and anything in a lower layer; never a higher layer, and never another app of its
own layer. Imports inside functions count as much as those at the top. Where a lower layer needs rows an upper one
keeps (a city's page lists its proclamations and initiatives, its API record counts them), it reads them through
the city's reverse relations (`City.related_rows("proclamations")`, `city.initiatives`) and imports nothing.

Most apps are one unit. `icp_portal` holds three: the infrastructure every app may use, the API's framework (above
`partners`, whose keys it authenticates), and the wiring of every app's pages and routes at the very top. A module
belongs to the unit that names it most precisely: `icp_portal.slugs` is infrastructure, `icp_portal.api.pagination`
API framework, and `icp_portal.urls` and `icp_portal.api.urls` are wiring. The README's architecture map is this
table.
"""

import ast
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parent.parent

# Lowest first: (layer, its units as packages or modules, what they hold).
LAYERS: list[tuple[str, tuple[str, ...], str]] = [
    (
        "infrastructure",
        ("icp_portal",),
        "settings, Celery, cache, i18n, slugs, images, uploads and their protected download, widgets, spreadsheets",
    ),
    (
        "shared services",
        ("outbox", "operations", "partners"),
        "e-mail through the outbox; backups; partners' API keys, their authentication and rate limits",
    ),
    (
        "API framework",
        ("icp_portal.api",),
        "router, authentication and throttles, pagination with the sync window, renderers, errors, page cache, "
        "schema: what every app's api/ builds on",
    ),
    ("members", ("members",), "users, cities, coordinators, networks, the member list's import"),
    (
        "city records",
        ("proclamations", "initiatives", "certificates"),
        "what a member city proclaims and what it does; its membership certificate and the public check of it",
    ),
    ("community surveys", ("surveys",), "a community's yearly survey, its anonymous answers and their aggregates"),
    ("yearly reports", ("reports",), "a member city's yearly report, its review by staff and its publication"),
    (
        "workflows and figures",
        ("applications", "progress"),
        "the application and its review, which approval turns into a city and its records; progress to the goal",
    ),
    (
        "partner notifications",
        ("webhooks",),
        "webhook subscriptions, the events recorded from the signals of the apps below, and their deliveries",
    ),
    (
        "people and demo",
        ("accounts", "demo"),
        "a person's account, dashboard, data and its deletion; the demo network built of every app's rows",
    ),
    (
        "wiring",
        ("icp_portal.urls", "icp_portal.api.urls", "icp_portal.sitemaps", "icp_portal.views"),
        "the pages and routes of every app, the sitemap and the home page",
    ),
]

NOT_LAYERED = {"tests", "bench", "node_modules", "static", "templates", "locale", "var"}


def layer_of(module: str) -> tuple[int, str] | None:
    """(layer index, unit) of a first-party module, by the unit that names it most precisely; None otherwise."""
    best: tuple[int, str] | None = None
    for index, (_, units, _) in enumerate(LAYERS):
        for unit in units:
            if (module == unit or module.startswith(unit + ".")) and (best is None or len(unit) > len(best[1])):
                best = (index, unit)
    return best


def imported_modules(module: str, source: str, *, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, dotted name) of everything the source imports, inside functions too; `from a import b` gives `a.b`,
    which names the module b when it is one and falls back to a's unit when it is not."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parent, base] if base else parent)
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def violations(module: str, source: str, *, is_package: bool = False) -> list[str]:
    own = layer_of(module)
    assert own is not None, f"{module} is in no layer: give its app a row in LAYERS"
    own_index, own_unit = own
    found = []
    for line, name in imported_modules(module, source, is_package=is_package):
        target = layer_of(name)
        if target is None or target[1] == own_unit:
            continue
        index, unit = target
        if index > own_index:
            found.append(f"{module}:{line} imports {name}: {LAYERS[index][0]} is above {LAYERS[own_index][0]}")
        elif index == own_index and unit.split(".")[0] != own_unit.split(".")[0]:
            found.append(f"{module}:{line} imports {name}: {unit} and {own_unit} are apps of one layer")
    return found


def first_party_modules() -> list[tuple[str, Path]]:
    modules = []
    for package in sorted(REPOSITORY.iterdir()):
        if package.name in NOT_LAYERED or not (package / "__init__.py").exists():
            continue
        for path in sorted(package.rglob("*.py")):
            if "migrations" not in path.parts:
                modules.append((".".join(path.relative_to(REPOSITORY).with_suffix("").parts), path))
    return modules


def test_no_module_imports_a_higher_layer_or_another_app_of_its_own():
    found = []
    for dotted, path in first_party_modules():
        is_package = path.name == "__init__.py"
        module = dotted.removesuffix(".__init__")
        found += violations(module, path.read_text(encoding="utf-8"), is_package=is_package)
    assert not found, "Imports against the layers (tests/test_architecture.py):\n" + "\n".join(found)


def test_every_app_has_a_layer():
    apps = {dotted.split(".")[0] for dotted, _ in first_party_modules()}
    assert all(layer_of(app) for app in apps), [app for app in apps if not layer_of(app)]


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("members.views", "from applications.selectors import applications_of"),
        ("members.selectors", "def headline():\n    from progress.selectors import network_goal_and_verdict\n"),
        ("members.api.serializers", "import proclamations.models"),
        ("proclamations.views", "from initiatives import models"),
        ("icp_portal.slugs", "from members.models import City"),
        ("icp_portal.api.renderers", "from icp_portal import urls"),
        ("members.demo", "from ..accounts.views import dashboard"),
    ],
)
def test_an_import_against_the_layers_is_found(module, source):
    assert violations(module, source)


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("applications.review", "from members.services import city_create_member"),
        ("members.views", "from .models import City\nfrom icp_portal.uploads import protected_download"),
        ("members.api.views", "from icp_portal.api.pagination import CityPagination"),
        ("icp_portal.api.authentication", "from partners.services import partner_key_find"),
        ("icp_portal.urls", "from . import views\nfrom accounts import urls"),
        ("icp_portal.api.urls", "from members.api.views import CityViewSet"),
    ],
)
def test_an_import_down_the_layers_is_allowed(module, source):
    assert not violations(module, source)
