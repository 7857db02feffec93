"""The public list of initiatives is driven by InitiativeDirectoryFilterSet, the API's FilterSet with the page's
fields: a search that also reads the city's name, the category, and a country list in the visitor's language."""

import pytest
from django.utils import translation

from initiatives.filtersets import InitiativeDirectoryFilterSet, InitiativeFilterSet
from initiatives.models import Initiative
from members.choices import MembershipStatus
from tests.factories import CityFactory, InitiativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    kisumu = CityFactory(name="Kisumu", country="KE", region="")
    InitiativeFactory(city=kisumu, title="Lakeside peace garden", category="environment")
    InitiativeFactory(city=kisumu, title="Estate football", category="youth")
    lyon = CityFactory(name="Lyon", country="FR", region="")
    InitiativeFactory(city=lyon, title="Garden of dialogue", category="environment", description="With Kisumu.")
    InitiativeFactory(city=CityFactory(status=MembershipStatus.WITHDRAWN, country="KE"), title="Old garden")


def titles(response) -> list[str]:
    return sorted(initiative.title for initiative in response.context["page"])


def directory(data: dict) -> InitiativeDirectoryFilterSet:
    return InitiativeDirectoryFilterSet(data, queryset=Initiative.objects.of_active_members())


def test_the_page_has_the_search_category_and_country_fields_in_that_order():
    form = InitiativeDirectoryFilterSet({}).form
    assert list(form.fields) == ["q", "category", "country"]
    assert [str(field.label) for field in form.fields.values()] == ["Search", "Category", "Country"]
    assert list(form.fields["category"].choices)[0] == ("", "All categories")
    assert list(form.fields["country"].choices)[0] == ("", "All countries")
    assert form.fields["q"].max_length == 100


def test_the_api_keeps_its_own_filters():
    assert list(InitiativeFilterSet.base_filters) == [
        "city",
        "country",
        "category",
        "status",
        "search",
        "updated_since",
    ]


def test_the_search_matches_the_whole_text_in_title_description_or_city_name(network):
    assert sorted(i.title for i in directory({"q": "  garden "}).qs) == ["Garden of dialogue", "Lakeside peace garden"]
    assert sorted(i.title for i in directory({"q": "kisumu"}).qs) == [
        "Estate football",
        "Garden of dialogue",
        "Lakeside peace garden",
    ]
    assert list(directory({"q": "garden lakeside"}).qs) == []  # as typed, not word by word like the API's search


def test_filters_combine(client, network):
    response = client.get("/initiatives/", {"q": "garden", "country": "KE", "category": "environment"})
    assert titles(response) == ["Lakeside peace garden"]


@pytest.mark.parametrize(
    "query",
    [
        {"category": "<script>alert(1)</script>", "q": "football"},
        {"country": "ZZ", "q": "football"},
        {"country": "ke", "q": "football"},  # codes are upper case, as the select sends them
        {"q": "x" * 101},
        {"q": "foot\x00ball"},
    ],
)
def test_a_hostile_value_leaves_the_list_unfiltered_and_is_reported_by_the_form(client, network, query):
    assert not directory(query).is_valid()
    response = client.get("/initiatives/", query)
    assert response.status_code == 200
    assert titles(response) == ["Estate football", "Garden of dialogue", "Lakeside peace garden"]
    page = response.content.decode()
    assert "field-error" in page and "<script>alert(1)</script>" not in page


def test_the_country_list_is_in_the_visitors_language_and_filters_the_list(client, network):
    response = client.get("/es/initiatives/", {"country": "KE"})
    page = response.content.decode()
    assert '<option value="">Todos los países</option>' in page
    assert '<option value="KE" selected>Kenia</option>' in page
    assert '<option value="DE">Alemania</option>' in page
    assert titles(response) == ["Estate football", "Lakeside peace garden"]
    with translation.override("es"):
        codes = [code for code, name in directory({}).form.fields["country"].choices]
    assert codes.index("DE") < codes.index("FR")  # sorted in Spanish: Alemania before Francia


def test_pagination_keeps_the_filters(client):
    kisumu = CityFactory(name="Kisumu", country="KE", region="")
    for number in range(31):
        InitiativeFactory(city=kisumu, title=f"Garden {number}", category="environment")
    page = client.get("/initiatives/", {"q": "garden", "country": "KE"}).content.decode()
    assert 'href="?q=garden&amp;country=KE&amp;page=2"' in page
