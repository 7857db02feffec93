"""Fixed vocabularies of the members app."""

from datetime import timedelta

from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class CommunityType(models.TextChoices):
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
    VILLAGE = "village", _("Village")
    TOWN = "town", _("Town")
    CITY = "city", _("City")
    COUNTY = "county", _("County or region")
    STATE = "state", _("State or province")


class Pathway(models.TextChoices):
    """How a community became a City of Peace."""

    PROCLAMATION = "proclamation", _("Mayoral proclamation")
    COUNCIL_RESOLUTION = "council_resolution", _("Council resolution")
    PEACE_LEGACY = "peace_legacy", _("Peace legacy or history")
    COMMUNITY_PEACEBUILDING = "community_peacebuilding", _("Community peacebuilding team")

    @classmethod
    def in_sentence(cls, value: str) -> str:
        """The pathway's name in the middle of a sentence, in the active language: "by council resolution", but
        German writes its nouns with a capital ("durch Ratsbeschluss")."""
        label = str(cls(value).label)
        return label if get_language() in LANGUAGES_THAT_CAPITALISE_NOUNS else label.lower()


LANGUAGES_THAT_CAPITALISE_NOUNS = {"de"}


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("membership status of a city", "Active")
    INACTIVE = "inactive", _("Inactive")
    WITHDRAWN = "withdrawn", pgettext_lazy("membership status of a city", "Withdrawn")


class CoordinatorRole(models.TextChoices):
    LEAD_LIAISON = "lead_liaison", _("Lead liaison")
    CO_COORDINATOR = "co_coordinator", _("Co-coordinator")


# An invitation to co-coordinate a city works this long after it was sent (the e-mail says 14 days).
INVITATION_VALIDITY = timedelta(days=14)

# ICP was founded in 2009; no membership or record of the network is older.
NETWORK_FOUNDED_YEAR = 2009


class Network(models.TextChoices):
    """Other city networks a City of Peace may belong to; partners join their records to ours by these."""

    UNESCO_CREATIVE_CITIES = "unesco_creative_cities", _("UNESCO Creative Cities Network")
    MAYORS_FOR_PEACE = "mayors_for_peace", _("Mayors for Peace")
    PEACE_MESSENGER_CITIES = "peace_messenger_cities", _("International Association of Peace Messenger Cities")
    PEACE_IN_OUR_CITIES = "peace_in_our_cities", _("Peace in Our Cities")
    UNESCO_CULTURE_OF_PEACE = "unesco_culture_of_peace", _("UNESCO Culture of Peace")
    WORLD_CITIES_CULTURE_FORUM = "world_cities_culture_forum", _("World Cities Culture Forum")
    UN_HABITAT = "un_habitat", _("UN-Habitat")
    OTHER = "other", _("Other")


class ImportStatus(models.TextChoices):
    """Where a member list imported in the background stands (MemberListImport)."""

    QUEUED = "queued", _("Waiting for a worker")
    RUNNING = "running", _("Running")
    PREVIEWED = "previewed", _("Checked: ready to import")
    IMPORTED = "imported", _("Imported")
    REFUSED = "refused", _("Refused: nothing imported")
    FAILED = "failed", _("Failed")


# A member list with more rows than this is checked and imported by a worker, not in the web request.
IMPORT_ROWS_IN_REQUEST = 200

# Photos on a city's public page: enough to show its work, few enough to load on a phone.
CITY_MAX_PHOTOS = 12
