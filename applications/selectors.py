"""Reads about applications: similar communities, what a coordinator sees."""

from dataclasses import dataclass
from difflib import SequenceMatcher

from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet

from members.models import City
from members.normalise import normalise_name

from .choices import MessageAuthorRole
from .models import Application, ApplicationMessage
from .steps import STEPS, Step, pathway_fields

# Names this alike are worth a second look ("Saint-Denis" / "St Denis" score about 0.86).
SIMILARITY_THRESHOLD = 0.82


@dataclass(frozen=True)
class SimilarCommunity:
    name: str
    region: str
    is_member: bool
    url: str = ""


def _alike(first: str, second: str) -> bool:
    if not first or not second:
        return False
    if first == second or first in second.split() or second in first.split():
        return True
    return SequenceMatcher(None, first, second).ratio() >= SIMILARITY_THRESHOLD


def similar_communities(
    *,
    name: str,
    country: str,
    exclude_application_id: int | None = None,
    exclude_city_id: int | None = None,
    include_open_applications: bool = False,
) -> list[SimilarCommunity]:
    """Member cities in the country whose names are the same or very alike, and, for reviewers only, open
    applications too: an applicant must not learn who else is applying (the directory's members are public).
    `exclude_city_id`: the city an approved application became is no duplicate of it."""
    wanted = normalise_name(name)
    if not wanted or not country:
        return []
    cities = City.objects.filter(country=country).exclude(pk=exclude_city_id)
    found = [
        SimilarCommunity(name=city_name, region=region, is_member=True, url=City(slug=slug).get_absolute_url())
        for city_name, region, slug in cities.values_list("name", "region", "slug")
        if _alike(wanted, normalise_name(city_name))
    ]
    if not include_open_applications:
        return found
    open_applications = Application.objects.open().filter(country=country).exclude(pk=exclude_application_id)
    found += [
        SimilarCommunity(name=application_name, region=region, is_member=False)
        for application_name, region in open_applications.values_list("name", "region")
        if _alike(wanted, normalise_name(application_name))
    ]
    return found


def applications_of(user) -> QuerySet[Application]:
    return Application.objects.of_applicant(user).order_by("-updated_at")


@dataclass(frozen=True)
class Answer:
    label: str
    value: object  # text, a date, a number, a bool; "" when not answered


def application_answers(application: Application) -> list[tuple[Step, list[Answer]]]:
    """The applicant's answers as written, by step (the review step and the printable copy show them)."""

    def answer(name: str) -> Answer:
        model_field = Application._meta.get_field(name)
        value = getattr(application, name)
        if model_field.choices and value:
            value = getattr(application, f"get_{name}_display")()
        elif name == "country":
            value = application.country.name if application.country else ""
        elif name == "proclamation_document":
            value = bool(value)
        return Answer(label=str(model_field.verbose_name), value=value if value is not None else "")

    chosen = {"pathway": ("pathway", *pathway_fields(application.pathway))}
    if not application.distinct_community_confirmed:  # asked only when a similar name was shown
        chosen["review"] = ("principles_accepted",)
    return [
        (step, [answer(name) for name in chosen.get(step.slug, step.fields) if _is_model_field(name)]) for step in STEPS
    ]


def _is_model_field(name: str) -> bool:
    try:
        Application._meta.get_field(name)
    except FieldDoesNotExist:  # a form-only field: the second leader, photos to add or remove
        return False
    return True


def changes_request(application: Application) -> ApplicationMessage | None:
    """ICP's latest message to the applicant: what the request for changes asks, shown where they answer it."""
    return application.messages.filter(author_role=MessageAuthorRole.STAFF).last()
