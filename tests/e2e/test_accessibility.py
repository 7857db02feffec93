"""axe-core over the main public pages, in English, Spanish, French, Arabic (right to left) and Japanese: no serious or
critical violation."""

from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import CityFactory, InitiativeFactory, ProclamationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS_VIOLATIONS = """async () => (await axe.run()).violations
    .filter(v => ['serious', 'critical'].includes(v.impact))
    .map(v => `${v.id}: ${v.help} (${v.nodes.length})`)"""


@pytest.fixture
def network():
    city = CityFactory(name="Ashland", slug="ashland", peace_statement="We mediate before we litigate.")
    InitiativeFactory(city=city, title="Peace garden", slug="ashland-peace-garden")
    ProclamationFactory(city=city)
    CityFactory(name="Kisumu", country="KE", region="")


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/cities/",
        "/cities/ashland/",
        "/map/",
        "/initiatives/",
        "/initiatives/ashland-peace-garden/",
        "/accounts/login/",
        "/accounts/signup/",
        "/privacy/",
    ],
)
@pytest.mark.parametrize("language", ["en", "es", "fr", "ar", "ja"])
def test_no_serious_accessibility_violation(live_server, browser, network, path, language):
    if not AXE.exists():
        pytest.skip("axe-core is installed by `npm ci` (make test runs it)")
    context = browser.new_context(locale=language, extra_http_headers={"Accept-Language": language})
    page = context.new_page()
    try:
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == language
        page.evaluate(AXE.read_text(encoding="utf-8"))
        violations = page.evaluate(SERIOUS_VIOLATIONS)
        assert violations == [], f"{language} {path}: {violations}"
    finally:
        context.close()
