"""The joint projects' pages are valid HTML (the Nu Html Checker): the partners page with its matches to choose
from and an error, the invitation to answer, the dashboard and both city pages showing it, the progress chart."""

import datetime
import shutil

import pytest

from initiatives.choices import JointProjectKind
from tests.factories import CityFactory, CoordinatorFactory, InitiativeFactory
from tests.icp_portal.test_html_validity import html_errors
from tests.initiatives.factories import InitiativePartnerFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("java") is None, reason="The HTML checker needs Java (.ci/run installs it)."),
]


def test_joint_project_pages_are_valid_html(client, tmp_path):
    ana = CoordinatorFactory(city=CityFactory(name="Ashland", slug="ashland"))
    paz = CoordinatorFactory(city=CityFactory(name="Bologna", slug="bologna"))
    CityFactory(name="Bolotnoye", slug="bolotnoye")
    garden = InitiativeFactory(city=ana.city, title="Peace garden")
    InitiativePartnerFactory(initiative=garden, city=CityFactory(name="Cusco"), accepted=True)
    agreement = InitiativeFactory(
        city=paz.city, kind=JointProjectKind.ALLIANCE_AGREEMENT, signed_on=datetime.date(2024, 9, 21)
    )
    InitiativePartnerFactory(initiative=agreement, city=ana.city, accepted=True)
    invitation = InitiativePartnerFactory(initiative=garden, city=paz.city)
    partners = f"/dashboard/cities/ashland/initiatives/{garden.pk}/partners/"
    pages = {}

    client.force_login(ana.user)
    pages["partners"] = client.get(partners).content
    pages["matches"] = client.post(partners, {"city_name": "bolo"}).content
    pages["refused"] = client.post(partners, {"city_name": "Ashland"}).content
    client.force_login(paz.user)
    pages["dashboard"] = client.get("/dashboard/").content
    pages["answer"] = client.get(f"/dashboard/joint-projects/{invitation.pk}/").content
    client.logout()
    for url in ("/cities/ashland/", "/cities/bologna/", "/progress/", garden.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content

    assert html_errors(pages, tmp_path) == []
