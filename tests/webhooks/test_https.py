"""Deliveries over TLS to a real receiver on loopback, as in production (WEBHOOKS_REQUIRE_HTTPS on): the receiver's
certificate comes from a throwaway authority made here, trusted by the portal only through WEBHOOKS_CA_FILE. The
portal connects to the address it checked (127.0.0.1) and still says the name (`localhost`) in the TLS server name
and the Host header, so the certificate, made out to that name only, verifies."""

from datetime import timedelta

import pytest
from standardwebhooks.webhooks import Webhook

from webhooks.choices import DeliveryStatus, EventType
from webhooks.models import Delivery
from webhooks.services import WebhookTargetRefused, delivery_attempt, subscription_create

from .conftest import Receiver, serving
from .test_delivery import deliver_all, move_clock, record
from .tls import authority_create, authority_file, server_context

pytestmark = pytest.mark.django_db

NAME = "localhost"  # in /etc/hosts: 127.0.0.1, which WEBHOOKS_ALLOW_LOOPBACK lets the tests reach


@pytest.fixture
def https_only(settings):
    settings.WEBHOOKS_REQUIRE_HTTPS = True


@pytest.fixture
def authority():
    return authority_create()


@pytest.fixture
def trusted(authority, tmp_path, settings):
    """The portal trusts the throwaway authority, and no other."""
    settings.WEBHOOKS_CA_FILE = str(authority_file(authority, tmp_path))
    return authority


@pytest.fixture
def tls_receiver(https_only, trusted, tmp_path):
    """An https receiver at https://localhost:<port>/, its certificate for `localhost` signed by the trusted
    authority."""
    with serving(Receiver(), tls=server_context(trusted, NAME, tmp_path), host=NAME) as state:
        yield state


def subscribe(partner_key, url: str):
    subscription, secret = subscription_create(
        partner_key=partner_key, target_url=url, events=EventType.values, contact_email="tech@mayors.example"
    )
    return subscription, secret


def test_an_event_reaches_an_https_receiver_by_its_name_signed_so_standardwebhooks_verifies_it(
    partner_key, tls_receiver
):
    _subscription, secret = subscribe(partner_key, tls_receiver.url)
    event = record()
    deliver_all()
    [received] = tls_receiver.received
    assert Webhook(secret).verify(received.body, received.headers)["data"] == {"name": "Kisumu"}
    assert received.headers["webhook-id"] == event.webhook_id
    port = tls_receiver.server.server_address[1]
    assert received.headers["host"] == f"{NAME}:{port}"
    assert tls_receiver.server_names == [NAME]
    attempt = Delivery.objects.get().log.get()
    assert attempt.status_code == 200 and attempt.error == ""


def test_a_burst_to_one_receiver_takes_one_tls_handshake_and_no_other_name_shares_its_connection(
    partner_key, https_only, trusted, tmp_path
):
    """The worker keeps its connection to a receiver for the next delivery; but only for the same name: the same
    address and port called 127.0.0.1 get a connection of their own, whose certificate (made out to `localhost`)
    the portal refuses."""
    with serving(Receiver(), tls=server_context(trusted, NAME, tmp_path), host=NAME, keep_alive=True) as receiver:
        _subscription, secret = subscribe(partner_key, receiver.url)
        for number in range(3):
            record(city_key=f"city:{number}")
        deliver_all()
        assert len(receiver.received) == 3 and receiver.server_names == [NAME]
        for received in receiver.received:
            Webhook(secret).verify(received.body, received.headers)
        by_address = receiver.url.replace(NAME, "127.0.0.1")
        type(_subscription).objects.update(target_url=by_address)
        record(city_key="city:9")
        deliver_all()
        attempt = Delivery.objects.get(event__city_key="city:9").log.get()
    assert len(receiver.received) == 3 and receiver.server_names == [NAME, None]  # an IP address: no server name
    assert "certificate is not valid for '127.0.0.1'" in attempt.error


def test_a_plain_http_target_is_refused_when_https_is_required(partner_key, receiver, https_only):
    with pytest.raises(WebhookTargetRefused, match="https"):
        subscribe(partner_key, receiver.url)


def test_https_to_a_loopback_name_is_refused_without_the_loopback_setting(partner_key, tls_receiver, settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    with pytest.raises(WebhookTargetRefused, match="public address"):
        subscribe(partner_key, tls_receiver.url)


@pytest.mark.parametrize(
    ("another_authority", "host", "why"),
    [(True, NAME, "unable to get local issuer certificate"), (False, "127.0.0.1", "IP address mismatch")],
    ids=["authority-not-trusted", "name-not-in-certificate"],
)
def test_a_certificate_the_portal_does_not_trust_fails_as_a_network_error_and_is_retried(
    partner_key, https_only, trusted, tmp_path, settings, monkeypatch, another_authority, host, why
):
    """The attempt is logged as a network error (nothing reaches the receiver, no crash), and retried: it goes
    through once the receiver shows a certificate the portal trusts for the name it is called by."""
    signer = authority_create("Someone else's CA") if another_authority else trusted
    with serving(Receiver(), tls=server_context(signer, NAME, tmp_path), host=host) as untrusted:
        subscribe(partner_key, untrusted.url)
        record()
        deliver_all()
        attempt = Delivery.objects.get().log.get()
        assert untrusted.received == []
        assert attempt.status_code is None
        assert attempt.error.startswith("ConnectError: [SSL: CERTIFICATE_VERIFY_FAILED]") and why in attempt.error
        delivery = Delivery.objects.get()
        assert delivery.status == DeliveryStatus.PENDING and delivery.failing_since is not None
        # The receiver's operator fixes the certificate (here: the portal comes to trust it, and the name is used).
        settings.WEBHOOKS_CA_FILE = str(authority_file(signer, tmp_path / "fixed"))
        type(delivery.subscription).objects.update(target_url=untrusted.url.replace(host, NAME))
        move_clock(monkeypatch, timedelta(minutes=5))
        retried = delivery_attempt(delivery_id=delivery.pk)
    assert retried.status_code == 200 and retried.number == 2
    assert len(untrusted.received) == 1
