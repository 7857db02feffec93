"""The progress dashboard and the home page's headline."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from members.choices import CommunityType
from progress.models import ProgressSnapshot
from progress.services import progress_snapshot_take
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    CityFactory(name="Ashland", country="US", member_since=date(2010, 5, 1))
    CityFactory(
        name="Kisumu", country="KE", region="", community_type=CommunityType.COUNTY, member_since=date(2024, 6, 20)
    )
    CityFactory(name="Hiroshima", country="JP", region="", member_since=timezone.localdate())
    progress_snapshot_take()


def test_the_dashboard_shows_count_goal_verdict_chart_table_breakdowns_and_newest(
    client, network, django_assert_max_num_queries
):
    # the session-less page: the latest snapshot, the history, the goal, the newest members, the joint projects;
    # its impact section: the year's reports and the active members, the surveys' year, answers and distributions
    with django_assert_max_num_queries(9):
        response = client.get(reverse("progress:dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Toward 1000 Cities of Peace by 2030" in page
    assert 'data-testid="member-count">3<' in page
    assert "<strong>Behind.</strong>" in page and "new members a month" in page
    # the chart: an SVG named and described for screen readers, with the path and the projection
    assert '<svg viewBox="0 0 720 360" role="img" aria-labelledby="chart-title chart-desc"' in page
    assert '<title id="chart-title">Member cities over time</title>' in page
    assert 'class="members-line"' in page and 'class="required-line"' in page and 'class="projection-line"' in page
    # the same figures as a table: the end of 2010 had Ashland alone, the deadline its 1000
    assert "<caption>Member cities at the end of each year, against the path to the goal</caption>" in page
    assert '<tr><th scope="row">Dec. 31, 2010</th><td>1</td><td>—</td><td>—</td></tr>' in page
    assert '<th scope="row">Dec. 31, 2030</th><td>—</td><td>1,000</td>' in page
    assert "<caption>By continent</caption>" in page and '<th scope="row">Africa</th><td>1</td><td>33%</td>' in page
    assert '<th scope="row">County or region</th><td>1</td>' in page
    assert page.index("Hiroshima") < page.index("Kisumu") < page.index("Ashland", page.index("Newest members"))
    assert "cdn" not in page.lower() and "<script" not in page


def test_before_the_first_snapshot_the_dashboard_says_so(client):
    response = client.get(reverse("progress:dashboard"))
    assert response.status_code == 200
    assert "has not been taken yet" in response.content.decode()


def test_the_dashboard_is_translated(client, network):
    response = client.get(reverse("progress:dashboard"), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="fr"' in page
    assert "Vers 1000 Villes de Paix d'ici 2030" in page  # the home page's heading, translated once for both


@pytest.mark.parametrize("language", ["fr", "ar", "de"])
def test_the_charts_coordinates_are_svg_numbers_where_the_language_writes_a_decimal_comma(client, network, language):
    page = client.get(f"/{language}/progress/").content.decode()
    chart = page[page.index("<svg") : page.index("</svg>")]
    coordinates = re.findall(r' (?:x|y|x1|x2|y1|y2)="([^"]*)"', chart)
    assert len(coordinates) > 20
    assert [value for value in coordinates if not re.fullmatch(r"-?\d+(\.\d+)?", value)] == []
    points = re.findall(r' points="([^"]*)"', chart)
    assert points and all(re.fullmatch(r"(-?[\d.]+,-?[\d.]+ ?)+", value) for value in points)


def test_home_shows_the_verdict_and_links_to_the_dashboard(client, network):
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="verdict"' in page and "<strong>Behind</strong>" in page
    assert f'href="{reverse("progress:dashboard")}"' in page
    assert "Toward 1000 Cities of Peace by 2030" in page


def test_the_dashboard_is_in_the_sitemap_and_the_navigation(client):
    assert f"http://testserver{reverse('progress:dashboard')}</loc>" in client.get("/sitemap.xml").content.decode()
    assert f'<a href="{reverse("progress:dashboard")}">Progress</a>' in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize(
    ("verdict", "says"),
    [
        ("met", "<strong>Goal reached.</strong>"),
        ("missed", "<strong>Deadline passed.</strong>"),
        ("on_track", "<strong>On track.</strong>"),
        ("behind", "<strong>Behind.</strong>"),
    ],
)
def test_the_dashboard_says_each_verdict_in_its_own_words(client, network, verdict, says):
    ProgressSnapshot.objects.update(verdict=verdict)
    page = client.get(reverse("progress:dashboard")).content.decode()
    assert says in page
    assert page.count('data-testid="verdict"') == 1
    # only a reached goal says so where the page tells when the goal is reached at this pace
    no_projected_date = not ProgressSnapshot.objects.latest().projected_goal_date
    assert ("already reached" in page) == (verdict == "met" and no_projected_date)
