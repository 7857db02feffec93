"""Hostile request headers: a forged key, a broken conditional request, a host the portal does not serve, odd
languages, cookies and request ids. Every page and API format answers below 500 (the headers reach middleware,
throttling, content negotiation and error pages, not only views)."""

import pytest

from tests.factories import CityFactory

pytestmark = pytest.mark.django_db

HEADERS = {
    "key NUL": {"HTTP_AUTHORIZATION": "Api-Key \x00"},
    "key 100 kB": {"HTTP_AUTHORIZATION": "Api-Key " + "A" * 100_000},
    "key not ASCII": {"HTTP_AUTHORIZATION": "Api-Key ünïcödé"},
    "key without value": {"HTTP_AUTHORIZATION": "Api-Key"},
    "other scheme": {"HTTP_AUTHORIZATION": "Bearer x"},
    "ETag NUL": {"HTTP_IF_NONE_MATCH": "\x00" * 10},
    "ETag 100 kB": {"HTTP_IF_NONE_MATCH": '"' + "a" * 100_000 + '"'},
    "date not a date": {"HTTP_IF_MODIFIED_SINCE": "not a date"},
    "date off the calendar": {"HTTP_IF_MODIFIED_SINCE": "Mon, 32 Dec 99999 25:61:61 GMT"},
    "languages broken": {"HTTP_ACCEPT_LANGUAGE": "\x00;q=abc," * 100},
    "language 10 kB": {"HTTP_ACCEPT_LANGUAGE": "x" * 10_000},
    "accept broken": {"HTTP_ACCEPT": "application/geo+json;q=\x00"},
    "accept q over 1": {"HTTP_ACCEPT": "text/csv, */*;q=2"},
    "request id NUL": {"HTTP_X_REQUEST_ID": "\x00" * 50},
    "request id 10 kB": {"HTTP_X_REQUEST_ID": "a" * 10_000},
    "proxy scheme NUL": {"HTTP_X_FORWARDED_PROTO": "\x00"},
    # Django refuses a host not in ALLOWED_HOSTS with 400; the 400 page must not ask for that host again.
    "host not served": {"HTTP_HOST": "evil.example.org"},
    "cookies broken": {"HTTP_COOKIE": "sessionid=\x00; csrftoken=" + "x" * 5000},
    "language cookie NUL": {"HTTP_COOKIE": "django_language=\x00"},
}
URLS = ["/", "/cities/", "/api/v1/cities/", "/api/v1/cities/?format=csv", "/api/v1/cities/?format=geojson", "/healthz"]


@pytest.mark.parametrize("headers", HEADERS.values(), ids=HEADERS.keys())
@pytest.mark.parametrize("url", URLS)
def test_hostile_headers_get_an_answer_never_a_server_error(client, settings, url, headers):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "100000/minute", "partner": "100000/minute"},
    }
    CityFactory()
    client.raise_request_exception = False
    assert client.get(url, **headers).status_code < 500
