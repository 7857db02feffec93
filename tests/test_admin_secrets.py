"""No member of staff reads another person's secrets in the admin (issue 13, finding 1): not a token in a stored
e-mail, a TOTP secret or recovery code, a password hash, a session, a partner key or its hash, nor a link that signs
someone in. Every page of every registered admin is opened as each staff role, with secret-bearing rows present."""

import re

import pytest
from allauth.account.models import EmailAddress, EmailConfirmation, EmailConfirmationHMAC
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib import admin
from django.contrib.auth.hashers import mask_hash
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session

from applications.services import signatory_invite
from members.services import coordinator_invite
from outbox.models import OutboundEmail
from outbox.services import email_queue, outbound_email_send
from partners.models import PartnerKey
from tests.factories import UserFactory
from tests.test_permissions import world  # noqa: F401 - the fixture: one row or more in every admin section
from webhooks.models import Subscription
from webhooks.services import subscription_secret_rotate

pytestmark = pytest.mark.django_db

# Every admin the portal registers, and the secret it could show: a new one fails here until someone has looked.
ADMINS = {
    "auth.group": "none",
    "members.city": "none (community_key is a normalised name, not a secret)",
    "members.coordinator": "none",
    "members.user": "the password hash: only whether one is set is shown",
    "members.coordinatorinvitation": "the link's token: only its hash is stored, and neither is shown",
    "proclamations.proclamation": "none",
    "initiatives.initiative": "none",
    "applications.application": "form_token and the supporters' confirmation links: neither is shown",
    "outbox.outboundemail": "every link sent by e-mail: the text is never shown",
    "progress.networkgoal": "none",
    "progress.progresssnapshot": "none",
    "account.emailaddress": "none (confirmations are signed, not stored)",
    "mfa.authenticator": "TOTP secret, recovery-code seed: `data` is never shown",
    "partners.partnerkey": "the key's hash: never shown, the key only once to whoever creates it",
    "certificates.certificate": "none (its code is public by design: printed on the certificate, in its QR code)",
    "webhooks.subscription": "the signing secret and the previous one: shown once, in the message of creation",
    "webhooks.event": "none (what the partner API shows of the object)",
    "webhooks.delivery": "none (the start of the receiver's answer)",
    "reports.report": "none (a city's report: its photos only through the checked download)",
    "surveys.survey": "none (its code is public by design: printed on posters; answers are not in admin at all)",
    "initiatives.initiativepartner": "none (who invited which city, and the answer)",
}
ROLES = ["reviewer", "editor", "staff_without_group", "superuser"]
PAGES_OF_A_ROW = ["change/", "history/", "delete/"]
ROWS_PER_ADMIN = 5  # the newest: the secret-bearing rows are made last
LINK = re.compile(r"https?://[^\s\"'<>]+")


def secrets_of(records: dict, client) -> dict[str, str]:
    """Plant one secret of every kind the portal keeps or sends, and return them, each with a name."""
    superuser, coordinator = records["people"]["superuser"], records["people"]["coordinator_a"]
    holder = UserFactory(is_staff=True, is_superuser=True, email="holder@example.org")  # of a password and 2FA
    secrets = {}

    # Links in e-mails still waiting: a password reset of the superuser, an invitation, a supporter's confirmation.
    client.post("/accounts/password/reset/", {"email": superuser.email})
    coordinator_invite(city=records["city"], invited_by=coordinator, email="new.coordinator@example.org")
    signatory_invite(signatory=records["application"].signatories.order_by("pk").first())
    for message in OutboundEmail.objects.all():
        for number, link in enumerate(LINK.findall(message.body)):
            token = max(link.rstrip("/").split("/"), key=len)  # the longest segment of the path is the token
            if len(token) >= 16:
                secrets[f"link {number} in e-mail '{message.subject}'"] = token
    assert len(secrets) >= 3, secrets
    sent = email_queue(to=coordinator.email, subject="Sent already", body="https://portal.example.org/k/sent-t0k3n-xyz")
    outbound_email_send(message_id=sent.pk)
    secrets["link in a sent e-mail"] = "sent-t0k3n-xyz"

    # Second factors of another superuser.
    totp_secret = generate_totp_secret()
    TOTP.activate(holder, totp_secret)
    recovery = RecoveryCodes.activate(holder)
    secrets["TOTP secret"] = totp_secret
    secrets["recovery-code seed"] = recovery.instance.data["seed"]
    for number, code in enumerate(recovery.get_unused_codes()):
        secrets[f"recovery code {number}"] = code

    # A password hash, shown by Django's user admin as its start, masked.
    holder.set_password("correct horse battery staple")
    holder.save()
    _algorithm, salt, hashed = holder.password.split("$")[-3:]
    secrets["start of the password hash"] = hashed[:6]
    secrets["start of the password salt, as Django shows it"] = mask_hash(salt, show=2)

    # A session of someone else, an e-mail confirmation key, the partner keys and their hashes, a form token.
    session = SessionStore()
    session["_auth_user_id"] = str(superuser.pk)
    session.create()
    secrets["session key"] = session.session_key
    address = EmailAddress.objects.create(user=coordinator, email="second@example.org", verified=False)
    secrets["e-mail confirmation key"] = EmailConfirmationHMAC(address).key
    for role, key in records["keys"].items():
        secrets[f"API key of {role}"] = key
        secrets[f"secret half of the API key of {role}"] = key.split(".", 1)[-1]
    for number, key_hash in enumerate(PartnerKey.objects.values_list("key_hash", flat=True)):
        secrets[f"key hash {number}"] = key_hash
    secrets["application form token"] = str(records["application"].form_token)
    for subscription in Subscription.objects.all():
        secrets[f"webhook secret of {subscription}, now previous"] = subscription.secret
        secrets[f"webhook secret of {subscription}"] = subscription_secret_rotate(subscription=subscription)
    return secrets


def admin_urls() -> list[str]:
    urls = ["/admin/"]
    for model, model_admin in admin.site._registry.items():
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        urls.append(base)
        for row in model._default_manager.order_by("-pk")[:ROWS_PER_ADMIN]:
            urls += [f"{base}{row.pk}/{page}" for page in PAGES_OF_A_ROW]
            if hasattr(row, "history"):  # a past version: the latest shows every field the history keeps
                urls.append(f"{base}{row.pk}/history/{row.history.latest().history_id}/")
            if model_admin.model._meta.label_lower == "members.user":
                urls.append(f"{base}{row.pk}/password/")
    return urls


def test_every_registered_admin_has_been_checked_for_secrets():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(ADMINS), f"look at what these show, then list them: {registered ^ set(ADMINS)}"
    assert not admin.site.is_registered(Session)
    assert not admin.site.is_registered(EmailConfirmation)  # confirmations are signed (HMAC): no key is stored


def test_no_staff_role_reads_a_secret_on_any_admin_page(client, world):  # noqa: F811 - the fixture
    secrets = secrets_of(world, client)
    people = world["people"] | {"staff_without_group": UserFactory(is_staff=True)}
    urls = admin_urls()
    found, opened = [], 0
    for role in ROLES:
        client.force_login(people[role])
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 302, 403, 404), f"{role} {url}: {response.status_code}"
            opened += response.status_code == 200
            html = response.content.decode()
            found += [f"{role} {url}: {name}" for name, value in secrets.items() if value in html]
    assert opened > 150  # the walk really opened pages, not only refusals
    assert not found, "\n".join(found)


def test_a_superuser_may_remove_a_second_factor_without_seeing_it(client, world):  # noqa: F811 - the fixture
    superuser, coordinator = world["people"]["superuser"], world["people"]["coordinator_a"]
    totp_secret = generate_totp_secret()
    authenticator = TOTP.activate(coordinator, totp_secret).instance
    client.force_login(superuser)
    page = client.get(f"/admin/mfa/authenticator/{authenticator.pk}/change/").content.decode()
    assert str(coordinator) in page and totp_secret not in page and 'name="_save"' not in page
    client.post(f"/admin/mfa/authenticator/{authenticator.pk}/delete/", {"post": "yes"})
    assert not Authenticator.objects.filter(pk=authenticator.pk).exists()


def test_no_export_of_the_admin_carries_a_secret(client, world):  # noqa: F811 - the fixture
    secrets = secrets_of(world, client)
    exported = []
    for model, model_admin in admin.site._registry.items():
        for resource_class in getattr(model_admin, "resource_classes", None) or []:
            dataset = resource_class().export(queryset=model._default_manager.all())
            exported.append(model._meta.label_lower)
            found = [name for name, value in secrets.items() if value in dataset.csv]
            assert not found, f"{model._meta.label_lower} exports {found}"
    assert {"members.city", "applications.application"} <= set(exported)
