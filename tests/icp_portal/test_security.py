"""Protections every page carries, and the production redirect to HTTPS."""

import pytest
from django.test import Client, override_settings

from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/cities/", "/accounts/login/", "/admin/login/", "/healthz"])
def test_every_page_carries_the_security_headers(client, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    script_sources = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_sources and "'self'" in script_sources
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_city_pages_carry_them_too(client):
    response = client.get(CityFactory().get_absolute_url())
    assert "Content-Security-Policy" in response and response["X-Frame-Options"] == "DENY"


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31536000)
def test_production_redirects_plain_http_and_sends_hsts_over_https():
    client = Client()  # a new client loads the middleware with these settings
    response = client.get("/cities/")
    assert response.status_code == 301 and response["Location"].startswith("https://")
    secure = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")
