"""The partner API's OpenAPI description: it validates, it matches the stored copy (so every change to it shows in a
diff), its docs come from the package, and the API keeps to it under a property-based fuzz (schemathesis) that finds
no 5xx and no answer outside the schema."""

import difflib
import io
import os
from pathlib import Path

import orjson
import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from members.choices import Network
from members.models import NetworkAffiliation
from tests.factories import CityFactory, InitiativeFactory, ProclamationFactory

FUZZ_EXAMPLES = 25
STORED_SCHEMA = Path(__file__).with_name("openapi.yaml")
UPDATE_COMMAND = (
    "UPDATE_OPENAPI_SCHEMA=1 pytest tests/icp_portal/test_api_schema.py -k stored_copy, or "
    "DJANGO_SETTINGS_MODULE=tests.settings python manage.py spectacular --file tests/icp_portal/openapi.yaml"
)


def test_schema_generates_and_validates_without_warnings():
    output = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", stdout=output)
    schema = orjson.loads(output.getvalue())
    assert {"/api/v1/cities/", "/api/v1/cities/{slug}/", "/api/v1/proclamations/", "/api/v1/initiatives/"} <= set(
        schema["paths"]
    )
    assert "Nightly incremental sync" in schema["info"]["description"]


def test_schema_matches_the_stored_copy():
    """A change to what partners read about the API is a change to review: the diff shows it. When it is meant,
    store the new schema (UPDATE_COMMAND) and commit it with the code that changed it."""
    output = io.StringIO()
    call_command("spectacular", "--format", "openapi", stdout=output)
    generated = output.getvalue()
    if os.environ.get("UPDATE_OPENAPI_SCHEMA"):
        STORED_SCHEMA.write_text(generated, encoding="utf-8")
    stored = STORED_SCHEMA.read_text(encoding="utf-8")
    if generated != stored:
        diff = difflib.unified_diff(
            stored.splitlines(keepends=True),
            generated.splitlines(keepends=True),
            fromfile=f"{STORED_SCHEMA.name} (stored)",
            tofile=f"{STORED_SCHEMA.name} (generated from the code)",
        )
        pytest.fail(
            f"The OpenAPI schema differs from the stored copy:\n{''.join(diff)}\n"
            f"If the change is meant, store it: {UPDATE_COMMAND}",
            pytrace=False,
        )


def test_every_parameter_is_described_with_an_example():
    collections = ("/api/v1/cities/", "/api/v1/proclamations/", "/api/v1/initiatives/")
    for path, operations in openapi_document()["paths"].items():
        if not path.startswith(collections):
            continue
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                where = f"{method} {path} {parameter['name']}"
                assert parameter.get("description"), where
                assert parameter.get("examples") or parameter.get("example") is not None, where
            for status, response in operation["responses"].items():
                assert response.get("description"), f"{method} {path} {status}"


@pytest.mark.django_db
def test_schema_and_docs_are_served_without_a_cdn(client):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    page = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower()
    assert client.get("/api/docs/?script=").status_code == 200  # init script apart, for the CSP
    assert "/static/drf_spectacular_sidecar/redoc/" in client.get("/api/docs/redoc/").content.decode()


@pytest.mark.django_db
def test_api_root_lists_the_collections(client):
    body = orjson.loads(client.get("/api/v1/").content)
    assert {"cities", "proclamations", "initiatives"} <= set(body)


def openapi_document() -> dict:
    output = io.StringIO()
    call_command("spectacular", "--format", "openapi-json", stdout=output)
    return orjson.loads(output.getvalue())


schema = schemathesis.openapi.from_dict(openapi_document())


@pytest.fixture
def partner_api(db, settings):
    """The API with a few records and no throttling in the way, as schemathesis sees it through WSGI."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "100000/minute", "partner": "100000/minute"},
    }
    city = CityFactory(slug="kyoto", country="JP")
    NetworkAffiliation.objects.create(city=city, network=Network.MAYORS_FOR_PEACE, identifier="JP-1")
    ProclamationFactory(city=city)
    InitiativeFactory(city=city, slug="youth-peace-circles-hiroshima")
    # The handler would close the test's connection at the end of each request, as Django's test client does not.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    # A handler of its own, built now: middleware reads the test settings (plain HTTP) when it is built.
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_fuzz_finds_no_server_error_and_no_answer_outside_the_schema(case, partner_api):
    case.call_and_validate(
        app=partner_api,
        checks=[not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance],
    )
