"""Every log line of a request carries the request's id, which the response returns too."""

import json
import logging

import pytest
from pythonjsonlogger.json import JsonFormatter

pytestmark = pytest.mark.django_db


def test_the_request_id_from_the_proxy_is_returned_and_logged(client, caplog):
    caplog.set_level(logging.WARNING, logger="django.request")
    response = client.get("/no-such-page/", headers={"X-Request-ID": "req-7f3a"})
    assert response["X-Request-ID"] == "req-7f3a"
    record = next(record for record in caplog.records if record.name == "django.request")
    formatter = JsonFormatter("%(levelname)s %(name)s %(message)s %(correlation_id)s")
    line = json.loads(formatter.format(record))
    assert line["correlation_id"] == "req-7f3a" and line["levelname"] == "WARNING"


def test_a_request_without_an_id_gets_a_new_one(client):
    first, second = client.get("/healthz")["X-Request-ID"], client.get("/healthz")["X-Request-ID"]
    assert first and second and first != second
