"""Initiatives as PostgreSQL writes them for a page of the partner API, byte for byte what `InitiativeSerializer`
gives (tests/icp_portal/test_api_prerendered.py compares both): see `icp_portal/api/prerendered.py`."""

from functools import lru_cache
from urllib.parse import urljoin

from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

from icp_portal.api.prerendered import RowJSON, date, number, object_of, table_of, text, timestamp
from members.api.json_rows import CITY_BRIEF_JOIN, city_brief_json
from members.api.serializers import CityRepresentation
from members.choices import MembershipStatus
from members.models import City

from ..choices import PartnershipStatus
from ..models import InitiativePartner

# `partner_organisation_list`: the lines as str.splitlines() cuts them, stripped as str.strip() strips, empty ones
# left out.
LINE_BREAKS = r"[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]"
SPACE = r"[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
# Every space or line break but the plain space and \n: where a text has none (almost every text), its lines are what
# is between runs of line breaks and the spaces around them, once the whole text is trimmed: one split, no subquery.
UNUSUAL_SPACE = r"[\t\v\f\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
PARTNER_ORGANISATIONS = (
    "CASE WHEN r.partner_organisations = '' THEN '[]' "
    f"WHEN r.partner_organisations !~ '{UNUSUAL_SPACE}' THEN COALESCE(array_to_json(regexp_split_to_array("
    "NULLIF(btrim(r.partner_organisations, E' \\n'), ''), E' *\\n[ \\n]*'))::text, '[]') "
    "ELSE '[' || COALESCE((SELECT string_agg(to_json(line.name)::text, ',' ORDER BY line.number) FROM ("
    f"SELECT regexp_replace(part, '^{SPACE}+|{SPACE}+$', '', 'g') AS name, number "
    f"FROM regexp_split_to_table(r.partner_organisations, '{LINE_BREAKS}') WITH ORDINALITY AS split(part, number)"
    ") AS line WHERE line.name <> ''), '') || ']' END"
)

SLUG_SENTINEL = "slug-sentinel"


def partner_cities_json(cities: str) -> tuple[str, list]:
    """The accepted partner cities of `r`, each as the brief city (the subquery's own `city` stands for the partner),
    ordered as `InitiativeQuerySet.with_partner_cities` orders them; `cities` is where the API's cities are. An
    inactive organiser has none: tested on the outer row's `city`, outside the subquery, so that the subquery is a
    lookup of the initiative's few partners (a third table in it led the planner to walk every city per row)."""
    brief, params = city_brief_json(cities)
    return (
        # Most initiatives have no partner city: the (initiative, status) index says so, and only the others join.
        f"CASE WHEN city.status = %s AND EXISTS (SELECT FROM {table_of(InitiativePartner)} AS invited "
        "WHERE invited.initiative_id = r.id AND invited.status = %s) THEN (SELECT '[' || COALESCE(string_agg("
        + brief
        + ", ',' ORDER BY city.name, city.id), '') || ']' "
        f"FROM {table_of(InitiativePartner)} AS partner JOIN {table_of(City)} AS city ON city.id = partner.city_id "
        "WHERE partner.initiative_id = r.id AND partner.status = %s AND city.status = %s) ELSE '[]' END",
        [
            MembershipStatus.ACTIVE,
            PartnershipStatus.ACCEPTED,
            *params,
            PartnershipStatus.ACCEPTED,
            MembershipStatus.ACTIVE,
        ],
    )


def initiative_json(request) -> RowJSON:
    """How PostgreSQL writes an initiative in a JSON page."""
    cities = CityRepresentation.bases(request)[0]
    sql, params = _initiative_sql(*_page_address(cities, get_script_prefix(), get_language()), cities)
    return RowJSON(sql=sql, params=params, joins=CITY_BRIEF_JOIN)


@lru_cache(maxsize=64)
def _page_address(cities: str, script_prefix: str, language: str | None) -> tuple[str, str]:
    # An initiative's page on this host (`cities` names it) in the language (its prefix), before and after its slug:
    # reversed once for each.
    page = urljoin(cities, reverse("initiatives:detail", kwargs={"slug": SLUG_SENTINEL}))
    before, after = page.split(SLUG_SENTINEL)
    return before, after


@lru_cache(maxsize=64)
def _initiative_sql(before: str, after: str, cities: str) -> tuple[str, tuple]:
    # The same text on every request to this host: built once.
    sql, params = object_of(
        [
            ("slug", text("r.slug")),
            ("city", city_brief_json(cities)),
            ("title", text("r.title")),
            ("category", text("r.category")),
            ("status", text("r.status")),
            ("description", text("r.description")),
            ("start_date", date("r.start_date")),
            ("end_date", date("r.end_date")),
            ("participants", number("r.participants")),
            ("partner_organisations", PARTNER_ORGANISATIONS),
            ("partner_cities", partner_cities_json(cities)),
            ("link", text("r.link")),
            ("web_url", ("to_json(%s || r.slug || %s)::text", [before, after])),
            ("updated_at", timestamp("r.updated_at", utc="Z")),
        ]
    )
    return sql, tuple(params)
