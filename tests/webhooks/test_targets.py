"""A webhook never reaches inside the portal's network: checked at subscription and again at delivery, on the
address that was checked."""

import socket

import pytest

from webhooks.choices import EventType
from webhooks.models import Delivery
from webhooks.services import WebhookTargetRefused, delivery_attempt, event_record, subscription_create
from webhooks.targets import target_check

pytestmark = pytest.mark.django_db

REFUSED = [
    "https://10.0.0.5/hooks",
    "https://172.16.3.4/hooks",
    "https://192.168.1.20/hooks",
    "https://169.254.169.254/latest/meta-data/",  # the cloud's metadata service
    "https://[fd00:ec2::254]/",  # and over IPv6
    "https://[fe80::1]/",
    "https://0.0.0.0/",
    "https://100.64.0.1/",  # shared address space (carrier-grade NAT)
    "https://[::ffff:10.0.0.1]/",  # a private IPv4 written as IPv6
    "https://224.0.0.1/",
    "https://user:password@93.184.215.14/",
    "ftp://93.184.215.14/",
    "https://",
    "https://[::1/",
    "https://host\x00name.example/",
]


def fake_dns(monkeypatch, answers: dict[str, str]):
    real = socket.getaddrinfo

    def resolve(host, port, *args, **kwargs):
        if host in answers:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answers[host], port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr("webhooks.targets.socket.getaddrinfo", resolve)


@pytest.mark.parametrize("url", REFUSED)
def test_a_subscription_to_a_private_or_malformed_target_is_refused(partner_key, url):
    with pytest.raises(WebhookTargetRefused):
        subscription_create(partner_key=partner_key, target_url=url, events=["city.approved"], contact_email="a@b.org")


def test_a_name_that_resolves_to_a_private_address_is_refused(partner_key, monkeypatch):
    fake_dns(monkeypatch, {"hooks.partner.example": "192.168.10.7"})
    with pytest.raises(WebhookTargetRefused, match="public address"):
        subscription_create(
            partner_key=partner_key,
            target_url="https://hooks.partner.example/icp",
            events=["city.approved"],
            contact_email="a@b.org",
        )


def test_loopback_is_refused_unless_the_setting_allows_it(settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    for url in ["http://127.0.0.1:8000/", "http://localhost/", "http://[::1]/"]:
        with pytest.raises(WebhookTargetRefused):
            target_check(url)
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    assert target_check("http://127.0.0.1:8000/x?y=1").path == "/x?y=1"


def test_plain_http_is_refused_where_https_is_required(settings):
    settings.WEBHOOKS_REQUIRE_HTTPS = True
    with pytest.raises(WebhookTargetRefused, match="https"):
        target_check("http://93.184.215.14/hooks")
    assert target_check("https://93.184.215.14/hooks").address == "93.184.215.14"


def test_a_name_that_turns_private_after_subscription_is_refused_at_delivery(
    partner_key, receiver, monkeypatch, settings
):
    """DNS rebinding: public when checked, then 127.0.0.1 (where the receiver stands for the portal's inside)."""
    port = receiver.server.server_address[1]
    fake_dns(monkeypatch, {"rebind.partner.example": "93.184.215.14"})
    subscription, _secret = subscription_create(
        partner_key=partner_key,
        target_url=f"http://rebind.partner.example:{port}/hooks",
        events=EventType.values,
        contact_email="a@b.org",
    )
    settings.WEBHOOKS_ALLOW_LOOPBACK = False  # production
    fake_dns(monkeypatch, {"rebind.partner.example": "127.0.0.1"})
    event_record(event_type="city.updated", payload={"type": "city.updated"}, city_key="city:1")
    attempt = delivery_attempt(delivery_id=Delivery.objects.get(subscription=subscription).pk)
    assert "public address" in attempt.error
    assert receiver.received == []


def test_a_delivery_connects_to_the_checked_address_with_the_name_as_host(partner_key, receiver, monkeypatch):
    port = receiver.server.server_address[1]
    fake_dns(monkeypatch, {"hooks.partner.example": "127.0.0.1"})
    subscription_create(
        partner_key=partner_key,
        target_url=f"http://hooks.partner.example:{port}/hooks",
        events=EventType.values,
        contact_email="a@b.org",
    )
    event_record(event_type="city.updated", payload={"type": "city.updated"}, city_key="city:1")
    attempt = delivery_attempt(delivery_id=Delivery.objects.get().pk)
    assert attempt.status_code == 200
    assert receiver.received[0].headers["host"] == f"hooks.partner.example:{port}"
