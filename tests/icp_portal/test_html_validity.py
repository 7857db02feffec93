"""The pages are valid HTML: the Nu Html Checker (the W3C's validator, npm package vnu-jar) finds no error."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from certificates.models import Certificate
from tests.factories import (
    CityFactory,
    CoordinatorFactory,
    InitiativeFactory,
    ProclamationFactory,
    ReportFactory,
    ReportIndicatorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PUBLIC_PAGES = [
    "/",
    "/cities/",
    "/cities/?search=%3Cscript%3E&country=ZZ",
    "/cities/ashland/",
    "/map/",
    "/initiatives/",
    "/initiatives/ashland-peace-garden/",
    "/progress/",
    "/privacy/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/no-such-page/",
    "/verify/ashland-certificate-code/",
    "/verify/no-such-certificate-code/",
    "/cities/ashland/reports/2024/",
]
REPORT_YEAR = timezone.localdate().year
COORDINATOR_PAGES = [
    "/dashboard/",
    "/apply/",
    "/dashboard/cities/ashland/",
    f"/dashboard/cities/ashland/reports/{REPORT_YEAR}/",
]


@pytest.fixture
def network():
    city = CityFactory(
        name="Ashland",
        slug="ashland",
        peace_statement="We mediate before we litigate.",
        latitude=42.19,
        longitude=-122.7,
    )
    InitiativeFactory(city=city, title="Peace garden", slug="ashland-peace-garden", featured=True)
    ProclamationFactory(city=city)
    Certificate.objects.create(city=city, code="ashland-certificate-code")
    CityFactory(name="Kisumu", country="KE", region="")
    ReportIndicatorFactory(report=ReportFactory(city=city, year=2024, published=True))
    ReportFactory(city=city, year=REPORT_YEAR)  # a draft: its form opens whatever the day
    return city


def html_errors(pages: dict[str, bytes], folder: Path) -> list[str]:
    """Every error the checker finds, as "page: line: message"."""
    files = {}
    for number, (url, content) in enumerate(pages.items()):
        files[f"page-{number}.html"] = url
        (folder / f"page-{number}.html").write_bytes(content)
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *sorted(str(folder / name) for name in files)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(result.stderr or "{}").get("messages", [])
    return [f"{files[Path(m['url']).name]}: {m.get('lastLine', '?')}: {m['message']}" for m in messages]


@pytest.mark.skipif(shutil.which("java") is None, reason="The HTML checker needs Java (.ci/run installs it).")
def test_main_pages_are_valid_html(client, network, tmp_path):
    pages = {}
    for language, _name in settings.LANGUAGES:
        for url in PUBLIC_PAGES:
            response = client.get(url, headers={"Accept-Language": language})
            assert response.status_code in (200, 404), url
            pages[f"{language} {url}"] = response.content
    coordinator = CoordinatorFactory(city=network, user=UserFactory()).user
    client.force_login(coordinator)
    for url in COORDINATOR_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[f"coordinator {url}"] = response.content
    assert html_errors(pages, tmp_path) == []
