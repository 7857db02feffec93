"""Who may open what: every page of the portal and every operation of the partner API against every kind of
visitor (issue: permissions end to end).

Each row is a request and the status each role gets; a broken rule shows as the cell that changed. A partner key is
not a session: the pages treat a request carrying one, valid or revoked, as anonymous; the API lets a valid key read
what is public and write nothing, and answers a revoked one 401. Staff are a Reviewer, an Editor, a superuser and a
staff account in no group, which gets into the admin and nothing more. The last test fails when a URL pattern is
added without a row here, and the admin actions' test when an action is added without a row in ACTION_RIGHTS.
"""

import datetime
from urllib.parse import urlsplit

import orjson
import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone

from applications.admin import DECISIONS
from applications.choices import ApplicationStatus
from applications.models import Application, ApplicationPhoto
from applications.review import application_approve, application_take_for_review
from applications.services import TransitionRefused, signatory_link
from certificates.services import certificate_of
from initiatives.choices import JointProjectKind
from initiatives.models import Initiative
from members.choices import CoordinatorRole
from members.models import City, Coordinator
from members.services import city_change_status, city_photo_add, coordinator_invite
from outbox.models import OutboundEmail
from partners.services import partner_key_create, partner_key_revoke
from proclamations.models import Proclamation
from progress.models import ProgressSnapshot
from progress.services import progress_snapshot_take
from reports.admin import DECISIONS as REPORT_DECISIONS
from reports.models import ReportPhoto
from surveys.querysets import RESULTS_FLOOR
from tests.applications.conftest import pdf_upload, png_upload
from tests.applications.factories import ApplicationFactory
from tests.factories import CityFactory, CoordinatorFactory, InitiativeFactory, ProclamationFactory, UserFactory
from tests.initiatives.factories import InitiativePartnerFactory
from tests.reports.factories import ReportFactory
from tests.surveys.factories import SurveyFactory, answer_survey
from webhooks.models import Delivery, Subscription
from webhooks.services import event_record, subscription_create

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "partner",
    "revoked_partner",
    "coordinator_a",
    "coordinator_b",
    "reviewer",
    "editor",
    "superuser",
    "staff_no_group",
]
VISITORS = ["anonymous", "partner", "revoked_partner"]  # no session: to the pages, a key is nobody
PEOPLE = ["coordinator_a", "coordinator_b", "reviewer", "editor", "superuser", "staff_no_group"]  # signed in
# A staff account in no group gets into the admin, and nothing more: being staff is no right by itself.
STAFF = ["reviewer", "editor", "superuser", "staff_no_group"]
READERS = ["reviewer", "editor", "superuser"]  # staff whose group lets them view member records and applications
OK, REDIRECT, LOGIN, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 302, 302, 401, 403, 404, 405

Rows = list[tuple[str, str, dict[str, int]]]  # (method, URL, status of each role)


@pytest.fixture
def world(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CELERY_BROKER_URL = None  # /healthz checks the database only
    # Hundreds of API requests from one address: the rates have their own tests (tests/partners/test_keys.py).
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "100000/minute", "partner": "100000/minute"},
    }
    city_a = CityFactory(name="Ashland", slug="ashland", contact_email="peace@ashland.example.org")
    coordinator_a = CoordinatorFactory(city=city_a).user
    public_coordinator = CoordinatorFactory(
        city=city_a, role=CoordinatorRole.CO_COORDINATOR, show_contact_publicly=True
    ).user
    coordinator_b = CoordinatorFactory(city=CityFactory(name="Bologna", slug="bologna")).user
    application = ApplicationFactory(
        complete=True,
        applicant=coordinator_a,
        status=ApplicationStatus.SUBMITTED,
        proclamation_document=pdf_upload("kisumu-signed.pdf"),
    )
    photo = ApplicationPhoto.objects.create(application=application, image=png_upload("kisumu-garden.png"))
    reviewer, editor, staff_no_group = (
        UserFactory(is_staff=True),
        UserFactory(is_staff=True),
        UserFactory(is_staff=True),
    )
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    editor.groups.add(Group.objects.get(name="Editors"))
    partner, partner_key = partner_key_create(organisation="Mayors for Peace")
    # A public address given as an IP: the check needs no DNS. Its event is never sent: on_commit does not run here.
    subscription, _secret = subscription_create(
        partner_key=partner, target_url="https://93.184.215.14/hooks", events=["city.updated"], contact_email="t@p.org"
    )
    event_record(event_type="city.updated", payload={"type": "city.updated"}, city_key="city:0")
    former_partner, revoked_key = partner_key_create(organisation="Former partner")
    partner_key_revoke(partner_key=former_partner)
    # A record for each admin section that nothing above fills, so each has a change page to open.
    OutboundEmail.objects.create(to="someone@example.org", subject="Hello", body="Hello.")
    Authenticator.objects.create(user=UserFactory(), type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x"})
    invitation = coordinator_invite(city=city_a, invited_by=coordinator_a, email="new@example.org")
    city_photo = city_photo_add(city=city_a, image=png_upload("ashland-garden.png"), rights_declared=True)
    # Joint projects: Ashland invites Bologna to its initiative, and both signed an alliance agreement.
    initiative, city_b = InitiativeFactory(city=city_a), City.objects.get(slug="bologna")
    agreement = InitiativeFactory(
        city=city_a,
        kind=JointProjectKind.ALLIANCE_AGREEMENT,
        signed_on=datetime.date(2025, 9, 21),
        agreement_document=pdf_upload("alliance-agreement.pdf"),
    )
    InitiativePartnerFactory(initiative=agreement, city=city_b, accepted=True)
    # Yearly reports: a published one of last year, and this year's draft (its form opens whatever the day).
    this_year = timezone.localdate().year
    # First: admin's queue (and so its actions) shows the reports waiting for review.
    ReportFactory(city=City.objects.get(slug="bologna"), year=this_year, complete=True, status="submitted")
    report = ReportFactory(city=city_a, year=this_year - 1, published=True)
    draft_report = ReportFactory(city=city_a, year=this_year, activities="Draft of the year, not for partners")
    return {
        "people": {
            "coordinator_a": coordinator_a,
            "coordinator_b": coordinator_b,
            "reviewer": reviewer,
            "editor": editor,
            "superuser": UserFactory(is_staff=True, is_superuser=True),
            "staff_no_group": staff_no_group,
        },
        "keys": {"partner": partner_key, "revoked_partner": revoked_key},
        "city": city_a,
        "initiative": initiative,
        "partnership": InitiativePartnerFactory(initiative=initiative, city=city_b),
        "agreement": agreement,
        "proclamation": ProclamationFactory(city=city_a, document=pdf_upload("signed-proclamation.pdf")),
        "private_proclamation": ProclamationFactory(
            city=city_a, title="Draft resolution", is_public=False, document=pdf_upload("draft-resolution.pdf")
        ),
        "snapshot": progress_snapshot_take(),
        "application": application,
        "photo": photo,
        "public_coordinator": public_coordinator,
        "invitation": invitation,
        "city_photo": city_photo,
        "subscription": subscription,
        "certificate": certificate_of(city=city_a),
        "survey": survey_with_results(city_a),
        "report": report,
        "report_photo": ReportPhoto.objects.create(
            report=report, image=png_upload("ashland-report.png"), caption="Garden", credit="Ashland team"
        ),
        "draft_report": draft_report,
        "draft_report_photo": ReportPhoto.objects.create(
            report=draft_report, image=png_upload("ashland-draft.png"), caption="Draft", credit="Ashland team"
        ),
    }


def survey_with_results(city):
    survey = SurveyFactory(city=city)
    answer_survey(survey, RESULTS_FLOOR)
    return survey


def become(client, world, role: str) -> dict[str, str]:
    """Makes the client the role, and returns the headers its requests carry: a key is a header, never a session."""
    client.logout()
    if role in world["people"]:
        client.force_login(world["people"][role])
    if role in world["keys"]:
        return {"Authorization": f"Api-Key {world['keys'][role]}"}
    return {}


def send(client, method: str, url: str, headers: dict[str, str]):
    body = b"{}" if method in ("POST", "PUT", "PATCH") else b""
    return client.generic(method, url, body, content_type="application/json", headers=headers)


def check(client, world, rows: Rows, role: str) -> list[str]:
    """Each row of a matrix as the role: what answered otherwise than the matrix says."""
    wrong = []
    headers = become(client, world, role)
    for method, url, expected in rows:
        status = send(client, method, url, headers).status_code
        if status != expected[role]:
            wrong.append(f"{role:<16} {method} {url}: {status}, expected {expected[role]}")
    return wrong


def record_counts() -> list[int]:
    return [model.objects.count() for model in (City, Coordinator, Proclamation, Initiative, ProgressSnapshot)]


# Pages ------------------------------------------------------------------------------------------------------


def pages(world) -> Rows:
    city, application = world["city"], world["application"]
    everyone = dict.fromkeys(ROLES, OK)
    signed_in = everyone | dict.fromkeys(VISITORS, LOGIN)
    only_coordinator_a = dict.fromkeys(ROLES, NOT_FOUND) | dict.fromkeys(VISITORS, LOGIN) | {"coordinator_a": OK}
    applicant_and_readers = only_coordinator_a | dict.fromkeys(READERS, OK)
    post_only = signed_in | dict.fromkeys(PEOPLE, NOT_ALLOWED)
    not_found_signed_in = dict.fromkeys(ROLES, NOT_FOUND) | dict.fromkeys(VISITORS, LOGIN)
    support_link = urlsplit(signatory_link(application.signatories.first())).path
    invitation = world["invitation"]
    signatory, replaced = application.signatories.first(), {"coordinator_a": REDIRECT}
    partnership = world["partnership"]
    return [
        ("GET", "/", everyone),
        ("GET", "/healthz", everyone),
        ("GET", "/es/healthz", everyone),
        ("GET", "/sitemap.xml", everyone),
        ("GET", "/privacy/", everyone),
        ("GET", "/principles/", everyone),
        ("GET", "/cities/", everyone),
        ("GET", "/map/", everyone),
        ("GET", f"/cities/{city.slug}/", everyone),
        ("GET", "/initiatives/", everyone),
        ("GET", f"/initiatives/{world['initiative'].slug}/", everyone),
        ("GET", "/progress/", everyone),
        # Open data for researchers: published reports and survey aggregates only, a file a year.
        ("GET", "/progress/research/", everyone),
        ("GET", "/progress/research/dictionary.csv", everyone),
        ("GET", f"/progress/research/{world['report'].year}.csv", everyone),
        ("GET", "/progress/research/1999.csv", dict.fromkeys(ROLES, NOT_FOUND)),
        ("GET", "/i18n/setlang/", dict.fromkeys(ROLES, REDIRECT)),
        ("GET", support_link, everyone),  # a supporter's signed link: no account needed
        ("GET", "/apply/", signed_in),
        ("GET", "/dashboard/", signed_in),
        # Sent to someone else: each signed-in person is told so.
        ("GET", f"/dashboard/invitations/{invitation.token}/", signed_in | dict.fromkeys(PEOPLE, FORBIDDEN)),
        ("GET", "/accounts/my-data/", signed_in),
        ("GET", "/accounts/delete/", signed_in),
        ("GET", "/accounts/details/", signed_in),
        ("GET", "/accounts/settings/", signed_in),
        ("GET", f"/dashboard/cities/{city.slug}/", only_coordinator_a),
        ("GET", f"/dashboard/cities/{city.slug}/profile/", only_coordinator_a),
        ("GET", f"/dashboard/cities/{city.slug}/invite/", post_only),
        ("GET", f"/dashboard/cities/{city.slug}/invitations/{invitation.pk}/revoke/", post_only),
        ("GET", f"/dashboard/cities/{city.slug}/initiatives/new/", only_coordinator_a),
        ("GET", f"/dashboard/cities/{city.slug}/initiatives/{world['initiative'].pk}/", only_coordinator_a),
        # Partner cities: the organising city's coordinators invite and end; the invited city's answer.
        ("GET", f"/dashboard/cities/{city.slug}/initiatives/{world['initiative'].pk}/partners/", only_coordinator_a),
        (
            "GET",
            f"/dashboard/cities/{city.slug}/initiatives/{world['initiative'].pk}/partners/{partnership.pk}/end/",
            post_only,
        ),
        (
            "GET",
            f"/dashboard/joint-projects/{partnership.pk}/",
            only_coordinator_a | {"coordinator_a": NOT_FOUND, "coordinator_b": OK},
        ),
        ("GET", world["agreement"].agreement_document.url, everyone),  # a public record while its city is a member
        ("GET", "/agreements/agreements/no-such/agreement.pdf", dict.fromkeys(ROLES, NOT_FOUND)),
        ("GET", f"/dashboard/cities/{city.slug}/proclamations/new/", only_coordinator_a),
        ("GET", f"/dashboard/cities/{city.slug}/proclamations/{world['proclamation'].pk}/", only_coordinator_a),
        ("GET", f"/apply/{application.pk}/", only_coordinator_a),
        # Submitted, so no longer editable: its applicant is sent back to its status page.
        ("GET", f"/apply/{application.pk}/edit/", only_coordinator_a | {"coordinator_a": REDIRECT}),
        ("GET", f"/apply/{application.pk}/step/community/", only_coordinator_a | {"coordinator_a": REDIRECT}),
        ("GET", f"/apply/{application.pk}/copy/", applicant_and_readers),  # at any status
        ("GET", f"/apply/{application.pk}/withdraw/", only_coordinator_a),  # asks first; its button withdraws
        ("GET", f"/apply/{application.pk}/document/", applicant_and_readers),
        # Where the private storage's url() leads (admin's "Currently: ..." link): the same rule as the document.
        ("GET", application.proclamation_document.url, applicant_and_readers),
        # Proclamation documents: a public one for anyone; an unpublished one for its city's coordinators and staff
        # who may view proclamations.
        ("GET", world["proclamation"].document.url, everyone),
        (
            "GET",
            world["private_proclamation"].document.url,
            dict.fromkeys(ROLES, NOT_FOUND) | dict.fromkeys(["coordinator_a", *READERS], OK),
        ),
        ("GET", f"/apply/{application.pk}/photos/{world['photo'].pk}/", applicant_and_readers),
        # Its supporters have all confirmed: none is left to replace, and its applicant is sent back to its page.
        ("GET", f"/apply/{application.pk}/signatories/{signatory.pk}/replace/", only_coordinator_a | replaced),
        ("GET", f"/apply/{application.pk}/signatories/{signatory.pk}/resend/", post_only),
        # A city's photos: public once they belong to a city; added and removed by its coordinators.
        ("GET", world["city_photo"].image.url, everyone),
        ("GET", f"/dashboard/cities/{city.slug}/photos/", post_only),
        ("GET", f"/dashboard/cities/{city.slug}/photos/{world['city_photo'].pk}/remove/", post_only),
        # A city's membership certificate: its coordinators download it, as staff who may view member records do;
        # the public check its QR code leads to is for everyone, and an unknown code is not found for everyone.
        ("GET", f"/dashboard/cities/{city.slug}/certificate/a4/", applicant_and_readers),
        ("GET", f"/dashboard/cities/{city.slug}/certificate/letter/", applicant_and_readers),
        ("GET", f"/verify/{world['certificate'].code}/", everyone),
        ("GET", "/verify/no-such-certificate-code/", dict.fromkeys(ROLES, NOT_FOUND)),
        # A city's community survey: its page and poster QR code for its coordinators and staff who may view member
        # records (only coordinators open and close it); its form and thanks for everyone, without an account.
        ("GET", f"/dashboard/cities/{city.slug}/survey/", applicant_and_readers),
        ("GET", f"/dashboard/cities/{city.slug}/survey/{world['survey'].year}/qr.png", applicant_and_readers),
        ("GET", f"/dashboard/cities/{city.slug}/survey/{world['survey'].year}/qr.svg", applicant_and_readers),
        ("GET", f"/dashboard/cities/{city.slug}/survey/{world['survey'].year}/qr.gif", not_found_signed_in),
        ("GET", f"/dashboard/cities/{city.slug}/survey/{world['survey'].year}/close/", post_only),
        ("GET", f"/survey/{world['survey'].code}/", everyone),
        ("GET", f"/survey/{world['survey'].code}/thanks/", everyone),
        ("GET", "/survey/no-such-survey-code/", dict.fromkeys(ROLES, NOT_FOUND)),
        *report_pages(world, only_coordinator_a, applicant_and_readers),
    ]


def report_pages(world, only_coordinator_a: dict, coordinator_a_and_readers: dict) -> Rows:
    """Yearly reports: the form for the city's coordinators; a published report and its photos for everyone, a
    photo of one not yet published for the coordinators and staff who may view reports."""
    report, draft, city = world["report"], world["draft_report"], world["city"]
    everyone = dict.fromkeys(ROLES, OK)
    return [
        ("GET", f"/dashboard/cities/{city.slug}/reports/{draft.year}/", only_coordinator_a),
        ("GET", report.get_absolute_url(), everyone),
        ("GET", draft.get_absolute_url(), dict.fromkeys(ROLES, NOT_FOUND)),
        ("GET", world["report_photo"].get_absolute_url(), everyone),
        (
            "GET",
            world["draft_report_photo"].get_absolute_url(),
            coordinator_a_and_readers | {"anonymous": NOT_FOUND} | dict.fromkeys(VISITORS, NOT_FOUND),
        ),
    ]


def accounts(world) -> Rows:
    """django-allauth's pages: visitors may sign in, sign up and reset a password; the rest needs a session.

    Pages of a step not begun (a code not sent, no authenticator set up) send everyone on, or are not found."""
    everyone = dict.fromkeys(ROLES, OK)
    signed_in = everyone | dict.fromkeys(VISITORS, LOGIN)
    visitors_only = dict.fromkeys(ROLES, REDIRECT) | dict.fromkeys(VISITORS, OK)
    step_not_begun = dict.fromkeys(ROLES, REDIRECT)
    nothing_set_up = signed_in | dict.fromkeys(PEOPLE, NOT_FOUND)
    return [
        ("GET", "/accounts/login/", visitors_only),
        ("GET", "/accounts/logout/", signed_in),
        ("GET", "/accounts/inactive/", everyone),
        ("GET", "/accounts/signup/", visitors_only),
        ("GET", "/accounts/reauthenticate/", signed_in),
        ("GET", "/accounts/reauthenticate/code/", signed_in),
        ("GET", "/accounts/reauthenticate/code/confirm/", step_not_begun),
        ("GET", "/accounts/email/", signed_in),
        ("GET", "/accounts/confirm-email/", everyone),
        ("GET", "/accounts/confirm-email/not-a-key/", everyone),
        ("GET", "/accounts/password/change/", signed_in),
        ("GET", "/accounts/password/set/", step_not_begun),  # everyone here has a password: sent to change it
        ("GET", "/accounts/password/reset/", everyone),
        ("GET", "/accounts/password/reset/done/", everyone),
        ("GET", "/accounts/password/reset/key/1-not-a-key/", everyone),
        ("GET", "/accounts/password/reset/key/done/", everyone),
        ("GET", "/accounts/login/code/confirm/", step_not_begun),
        ("GET", "/accounts/2fa/", signed_in),
        ("GET", "/accounts/2fa/authenticate/", step_not_begun),
        ("GET", "/accounts/2fa/reauthenticate/", step_not_begun),
        ("GET", "/accounts/2fa/totp/activate/", step_not_begun),  # asks the password again first
        ("GET", "/accounts/2fa/totp/deactivate/", nothing_set_up),
        ("GET", "/accounts/2fa/recovery-codes/", nothing_set_up),
        ("GET", "/accounts/2fa/recovery-codes/generate/", step_not_begun),
        ("GET", "/accounts/2fa/recovery-codes/download/", nothing_set_up),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_each_role_as_the_rules_say(client, world, role):
    wrong = check(client, world, pages(world) + accounts(world), role)
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", ["partner", "revoked_partner"])
def test_a_partner_key_changes_nothing_through_the_pages(client, world, role):
    city = world["city"]
    forms = [
        "/apply/",
        *(f"/dashboard/cities/{city.slug}/{form}/" for form in ["profile", "invite", "photos", "survey"]),
    ]
    forms += [f"/dashboard/cities/{city.slug}/{kind}/new/" for kind in ["initiatives", "proclamations"]]
    forms += [f"/apply/{world['application'].pk}/withdraw/", "/accounts/delete/", "/accounts/settings/"]
    headers = become(client, world, role)
    counts = record_counts()
    for form in forms:
        response = send(client, "POST", form, headers)
        assert (response.status_code, response.headers["Location"].split("?")[0]) == (LOGIN, "/accounts/login/")
    assert record_counts() == counts
    world["application"].refresh_from_db()
    assert world["application"].status == ApplicationStatus.SUBMITTED


@pytest.mark.parametrize("role", ["coordinator_b", "reviewer", "editor"])
def test_nobody_but_its_coordinators_changes_a_city_through_the_dashboard(client, world, role):
    client.force_login(world["people"][role])
    city = world["city"]
    response = client.post(f"/dashboard/cities/{city.slug}/profile/", {"peace_statement": "Changed by someone else"})
    assert response.status_code == NOT_FOUND
    city.refresh_from_db()
    assert city.peace_statement != "Changed by someone else"


# Admin ------------------------------------------------------------------------------------------------------

# What the admin lets each staff role do in each section: v view, a add, c change, d delete; as the admin allows
# it, so the e-mail outbox takes no additions and progress snapshots no changes, even from a superuser.
RECORDS = {"reviewer": "vac", "editor": "vacd", "superuser": "vacd"}
SUPERUSER_ONLY = {"superuser": "vacd"}
ADMIN_RIGHTS = {
    "auth.group": SUPERUSER_ONLY,
    "members.city": RECORDS,
    "members.coordinator": RECORDS,
    "members.coordinatorinvitation": {"reviewer": "vc", "editor": "vc", "superuser": "vc"},
    "members.user": SUPERUSER_ONLY,
    "proclamations.proclamation": RECORDS,
    "initiatives.initiative": RECORDS,
    "initiatives.initiativepartner": RECORDS,
    "applications.application": {"reviewer": "vac", "editor": "v", "superuser": "vacd"},
    "outbox.outboundemail": {"reviewer": "v", "superuser": "vcd"},
    "progress.networkgoal": SUPERUSER_ONLY,
    "progress.progresssnapshot": {"superuser": "vd"},
    "account.emailaddress": SUPERUSER_ONLY,
    "mfa.authenticator": {"superuser": "vd"},  # a second factor is set up by its owner, removed by a superuser
    "partners.partnerkey": SUPERUSER_ONLY,
    "webhooks.subscription": SUPERUSER_ONLY,
    "webhooks.event": {"superuser": "vcd"},  # recorded by the portal, never added by hand
    "webhooks.delivery": {"superuser": "vcd"},
    # Issued by a download, replaced by the reissue action: nobody adds or changes one by hand; they go with their
    # city, so who may delete cities may delete them.
    "certificates.certificate": {"reviewer": "v", "editor": "vd", "superuser": "vd"},
    # Opened and closed by a city's coordinators, answered anonymously: staff read surveys and their counts; they go
    # with their city, as certificates do.
    "surveys.survey": {"reviewer": "v", "editor": "vd", "superuser": "vd"},
    # Written by the coordinators, decided by the review pages: nobody adds or changes one in admin. They go with
    # their city, so who may delete cities may delete them.
    "reports.report": {"reviewer": "v", "editor": "vd", "superuser": "vd"},
}
# The right each page of a section needs; a change page (or a past version) opens read-only with the view right.
ADMIN_PAGES = {"": "v", "add/": "a", "{pk}/change/": "v", "{pk}/history/": "v", "{pk}/delete/": "d"}


def admin_statuses(rights: dict[str, str], needed: str) -> dict[str, int]:
    """Who is not staff, signed in or not, is sent to sign in; staff without the right are refused."""
    return dict.fromkeys(ROLES, LOGIN) | {role: OK if needed in rights.get(role, "") else FORBIDDEN for role in STAFF}


def admin_record(label: str):
    model = next(model for model in admin.site._registry if model._meta.label_lower == label)
    record = model._default_manager.order_by("pk").first()
    assert record is not None, f"the world has no {label} to open in the admin"
    return record


def admin_sections(world) -> Rows:
    rows = []
    for model in admin.site._registry:
        label = model._meta.label_lower
        assert label in ADMIN_RIGHTS, f"{label} is new in the admin: say in ADMIN_RIGHTS who may do what with it"
        record, base = admin_record(label), f"/admin/{label.replace('.', '/')}/"
        for page, needed in ADMIN_PAGES.items():
            rows.append(("GET", base + page.format(pk=record.pk), admin_statuses(ADMIN_RIGHTS[label], needed)))
        rows.append(("GET", f"{base}{record.pk}/", dict.fromkeys(ROLES, REDIRECT)))  # on to its change page
        if hasattr(record, "history"):
            version = record.history.order_by("history_id").first()
            past = f"{base}{record.pk}/history/{version.history_id}/"
            rows.append(("GET", past, admin_statuses(ADMIN_RIGHTS[label], "v")))
            # Going back to it is changing the record: refused without the change right, before the form is read
            # (the form posted here is empty, so those who may change it see it again with its errors).
            rows.append(("POST", past, admin_statuses(ADMIN_RIGHTS[label], "c")))
    return rows


def admin_pages(world) -> Rows:
    city, application, user = world["city"], world["application"], world["people"]["coordinator_a"]
    staff_only = dict.fromkeys(ROLES, LOGIN) | dict.fromkeys(STAFF, OK)
    post_only = staff_only | dict.fromkeys(STAFF, NOT_ALLOWED)
    deciders = staff_only | {"editor": REDIRECT, "staff_no_group": FORBIDDEN}
    not_found = dict.fromkeys(STAFF, NOT_FOUND)
    editors_only = staff_only | {"reviewer": FORBIDDEN, "staff_no_group": FORBIDDEN}  # imports and exports
    superuser_only = dict.fromkeys(STAFF, FORBIDDEN) | {"superuser": OK}
    city_type = ContentType.objects.get_for_model(City).pk
    return [
        ("GET", "/admin/", staff_only),
        # Staff sign in on the accounts page; signed-in staff go on to admin, other signed-in people are refused.
        ("GET", "/admin/login/", dict.fromkeys(ROLES, FORBIDDEN) | dict.fromkeys(VISITORS + STAFF, REDIRECT)),
        ("GET", "/admin/logout/", post_only),
        ("GET", "/admin/password_change/", staff_only),
        ("GET", "/admin/password_change/done/", staff_only),
        ("GET", "/admin/jsi18n/", staff_only),
        (
            "GET",
            "/admin/autocomplete/?app_label=initiatives&model_name=initiative&field_name=city",
            staff_only | {"staff_no_group": FORBIDDEN},
        ),
        ("GET", f"/admin/r/{city_type}/{city.pk}/", dict.fromkeys(ROLES, REDIRECT)),
        ("GET", "/admin/members/", staff_only | {"staff_no_group": NOT_FOUND}),  # an app with nothing to show
        ("GET", "/admin/no-such-page/", staff_only | not_found),
        ("GET", "/admin/members/city/import/", editors_only),
        ("GET", "/admin/members/city/process_import/", post_only),
        ("GET", "/admin/members/city/export/", editors_only),
        ("GET", "/admin/initiatives/initiative/export/", editors_only),
        ("GET", "/admin/applications/application/export/", editors_only),
        # Editors only read applications: a decision page sends them back to the application, with the reason; staff
        # who may not even read applications are refused.
        *(
            ("GET", f"/admin/applications/application/{application.pk}/decide/{decision}/", deciders)
            for decision in DECISIONS
        ),
        (
            "GET",
            f"/admin/applications/application/{application.pk}/decide/guess/",
            deciders | not_found | {"staff_no_group": FORBIDDEN},
        ),
        # Yearly reports: the same rule as applications' decision pages (Reviewers and superusers decide).
        *(("GET", f"/admin/reports/report/{world['report'].pk}/decide/{key}/", deciders) for key in REPORT_DECISIONS),
        (
            "GET",
            f"/admin/reports/report/{world['report'].pk}/decide/guess/",
            deciders | not_found | {"staff_no_group": FORBIDDEN},
        ),
        ("GET", f"/admin/members/user/{user.pk}/password/", staff_only | superuser_only),
        # Last: it sets the language cookie (admin has one address, which follows it).
        ("GET", "/es/admin/", dict.fromkeys(ROLES, REDIRECT)),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_page_answers_each_role_as_the_rules_say(client, world, role):
    wrong = check(client, world, admin_sections(world) + admin_pages(world), role)
    assert not wrong, "\n".join(wrong)


def test_a_change_page_offers_saving_only_to_those_who_may_change(client, world):
    wrong = []
    for role in STAFF:
        client.force_login(world["people"][role])
        for label, rights in ADMIN_RIGHTS.items():
            if "v" not in rights.get(role, ""):
                continue  # refused: see the matrix
            record = admin_record(label)
            page = client.get(f"/admin/{label.replace('.', '/')}/{record.pk}/change/").content.decode()
            if ('name="_save"' in page) != ("c" in rights[role]):
                wrong.append(f"{role} {label}: Save {'offered' if 'c' not in rights[role] else 'missing'}")
    assert not wrong, "\n".join(wrong)


# Admin actions: every action of every section declares the right it needs (Django's permissions=[...]), is offered
# only to those who hold it, and does nothing for the others. Deleting needs the delete right (ADMIN_RIGHTS).
DECIDERS = ["reviewer", "superuser"]
RECORD_KEEPERS = ["reviewer", "editor", "superuser"]
ACTION_RIGHTS = {
    ("applications.application", "take_selected_for_review"): DECIDERS,
    ("applications.application", "approve_selected"): DECIDERS,
    ("applications.application", "reject_selected"): DECIDERS,
    ("members.city", "mark_inactive"): RECORD_KEEPERS,
    ("members.city", "mark_withdrawn"): RECORD_KEEPERS,
    ("members.city", "mark_active"): RECORD_KEEPERS,
    ("members.coordinatorinvitation", "revoke"): RECORD_KEEPERS,
    ("partners.partnerkey", "revoke"): ["superuser"],
    ("progress.progresssnapshot", "take_snapshot_now"): ["superuser"],
    ("account.emailaddress", "make_verified"): ["superuser"],
    ("webhooks.subscription", "rotate_secret"): ["superuser"],
    ("webhooks.subscription", "disable"): ["superuser"],
    ("webhooks.subscription", "enable"): ["superuser"],
    ("webhooks.subscription", "redeliver_since"): ["superuser"],
    ("webhooks.event", "redeliver"): ["superuser"],
    ("webhooks.delivery", "redeliver"): ["superuser"],
    ("certificates.certificate", "reissue"): RECORD_KEEPERS,
}
# What each action needs first to have something to do: an application under review to decide, a city not active to
# make active again, a snapshot of today that is out of date, an address not verified.
ACTION_SETUP = {
    "approve_selected": lambda world: application_take_for_review(
        application=world["application"], reviewer=world["people"]["reviewer"]
    ),
    "mark_active": lambda world: city_change_status(city=world["city"], status="inactive", reason="Quiet for years."),
    "take_snapshot_now": lambda world: ProgressSnapshot.objects.update(members=1000),  # taking it again corrects it
    "make_verified": lambda world: EmailAddress.objects.update(verified=False),
    "enable": lambda world: Subscription.objects.update(is_active=False),
    "redeliver": lambda world: Delivery.objects.update(status="delivered"),
}
ACTION_SETUP["reject_selected"] = ACTION_SETUP["approve_selected"]
ACTION_FORM = {
    "confirm": "yes",
    "post": "yes",
    "reason": "Asked by the city.",
    "message": "Welcome to the network.",
    "since": "2000-01-01 00:00",
}


def every_admin_action() -> list[tuple[str, admin.ModelAdmin, str]]:
    """(section, its admin, action name) for every action any staff member could be offered, delete included."""
    superuser = UserFactory.build(is_staff=True, is_superuser=True)
    request = RequestFactory().get("/admin/")
    request.user = superuser
    return [
        (model._meta.label_lower, model_admin, name)
        for model, model_admin in admin.site._registry.items()
        for name in model_admin.get_actions(request)
    ]


def action_rights(label: str, name: str) -> list[str]:
    if name == "delete_selected":
        return [role for role, rights in ADMIN_RIGHTS[label].items() if "d" in rights]
    assert (label, name) in ACTION_RIGHTS, f"{label} has a new action {name}: say in ACTION_RIGHTS who may run it"
    return ACTION_RIGHTS[label, name]


def everything_in_the_admin() -> dict[str, list[dict]]:
    return {
        model._meta.label_lower: list(model._default_manager.order_by("pk").values()) for model in admin.site._registry
    }


def test_every_admin_action_declares_the_permission_it_needs():
    undeclared = [
        f"{label}: {name}"
        for label, model_admin, name in every_admin_action()
        if not getattr(model_admin.get_action(name)[0], "allowed_permissions", ())
    ]
    assert not undeclared, "Admin actions without permissions=[...]:\n" + "\n".join(undeclared)


def test_every_admin_action_is_offered_to_and_runs_for_exactly_the_roles_that_may(client, world):
    wrong = []
    for label, model_admin, name in every_admin_action():
        allowed = action_rights(label, name)
        for role in STAFF:
            with transaction.atomic():  # each attempt starts from the same world
                user = world["people"][role]
                client.force_login(user)
                ACTION_SETUP.get(name, lambda world: None)(world)
                request = RequestFactory().get("/admin/")
                request.user = type(user).objects.get(pk=user.pk)
                offered = name in model_admin.get_actions(request)
                before = everything_in_the_admin()
                selection = {"action": name, "_selected_action": [admin_record(label).pk], **ACTION_FORM}
                response = client.post(f"/admin/{label.replace('.', '/')}/", selection)
                ran = everything_in_the_admin() != before
                transaction.set_rollback(True)
            if (offered, ran) != (role in allowed, role in allowed) or response.status_code >= 500:
                wrong.append(f"{role:<16} {label} {name}: offered {offered}, ran {ran}, {response.status_code}")
    assert not wrong, "\n".join(wrong)


def test_staff_who_may_only_view_a_section_run_none_of_its_actions(client, world):
    # The rights a group holds say nothing of this: a section's view right alone never runs its actions.
    wrong = []
    for label, model_admin, name in every_admin_action():
        with transaction.atomic():
            viewer = UserFactory(is_staff=True)
            viewer.user_permissions.add(Permission.objects.get_by_natural_key(*view_right(model_admin.model)))
            client.force_login(viewer)
            ACTION_SETUP.get(name, lambda world: None)(world)
            assert client.get(f"/admin/{label.replace('.', '/')}/").status_code == OK  # they see the list
            before = everything_in_the_admin()
            selection = {"action": name, "_selected_action": [admin_record(label).pk], **ACTION_FORM}
            response = client.post(f"/admin/{label.replace('.', '/')}/", selection)
            if everything_in_the_admin() != before or response.status_code >= 500:
                wrong.append(f"{label} {name}: ran for a viewer ({response.status_code})")
            transaction.set_rollback(True)
    assert not wrong, "\n".join(wrong)


def view_right(model) -> tuple[str, str, str]:
    """The natural key of a model's view permission: (codename, app label, model name)."""
    return f"view_{model._meta.model_name}", model._meta.app_label, model._meta.model_name


@pytest.mark.parametrize("decision", list(DECISIONS))
def test_only_reviewers_and_superusers_decide_on_the_decision_pages(client, world, decision):
    application, wrong = world["application"], []
    for role in STAFF:
        with transaction.atomic():
            if decision != "take":
                application_take_for_review(application=application, reviewer=world["people"]["reviewer"])
            status = Application.objects.get(pk=application.pk).status
            client.force_login(world["people"][role])
            url = f"/admin/applications/application/{application.pk}/decide/{decision}/"
            response = client.post(url, {"message": "Decided in the permission matrix."})
            decided = Application.objects.get(pk=application.pk).status != status
            transaction.set_rollback(True)
        refusal = {"editor": REDIRECT, "staff_no_group": FORBIDDEN}
        if decided != (role in DECIDERS) or (role in refusal and response.status_code != refusal[role]):
            wrong.append(f"{role}: decided {decided}, {response.status_code}")
    assert not wrong, "\n".join(wrong)


def test_an_editor_sent_back_from_a_decision_page_is_told_why(client, world):
    client.force_login(world["people"]["editor"])
    url = f"/admin/applications/application/{world['application'].pk}/decide/take/"
    page = client.post(url, {}, follow=True).content.decode()
    assert "Only ICP&#x27;s reviewers decide applications." in page
    assert "decision-take" not in page  # and the application's page offers no decision to them


def test_staff_who_may_not_decide_are_refused_by_the_review_itself(world):
    # Not only the admin: the review services check the right, whatever calls them.
    application = world["application"]
    for role in ["editor", "staff_no_group"]:
        with pytest.raises(TransitionRefused, match="Only ICP's reviewers decide applications"):
            application_take_for_review(application=application, reviewer=world["people"][role])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_an_editor_cannot_change_an_application_through_a_past_version(client, world):
    application = world["application"]
    version = application.history.order_by("history_id").first()
    client.force_login(world["people"]["editor"])
    url = f"/admin/applications/application/{application.pk}/history/{version.history_id}/"
    form = client.get(url).context["adminform"].form
    answers = {name: value for name, value in model_to_dict(application, fields=form.fields).items() if value}
    client.post(url, answers | {"country": application.country.code, "name": "Renamed by an editor"})
    application.refresh_from_db()
    assert application.name == "Kisumu"


def test_going_back_to_a_past_version_of_an_application_leaves_its_decision_alone(client, world):
    # A past version holds the status of its day; the workflow alone moves it (and keeps the city it made).
    application, reviewer = world["application"], world["people"]["reviewer"]
    submitted = application.history.order_by("history_id").last()
    application_take_for_review(application=application, reviewer=reviewer)
    application_approve(application=application, reviewer=reviewer)
    application.refresh_from_db()
    city = application.city
    client.force_login(reviewer)
    url = f"/admin/applications/application/{application.pk}/history/{submitted.history_id}/"
    form = client.get(url).context["adminform"].form
    answers = {name: value for name, value in model_to_dict(application, fields=form.fields).items() if value}
    response = client.post(url, answers | {"country": application.country.code, "vision": "A city that listens."})
    assert response.status_code == REDIRECT
    application.refresh_from_db()
    assert application.vision == "A city that listens."  # what the form holds is saved
    assert (application.status, application.city, application.reviewer) == (ApplicationStatus.APPROVED, city, reviewer)


def test_bringing_back_a_deleted_record_from_its_history_needs_the_add_right(client, world):
    # A past version of a deleted record makes it again: that is adding it, not changing it.
    role = Coordinator.objects.get(user=world["people"]["coordinator_b"])
    pk, version = role.pk, role.history.order_by("history_id").first()
    role.delete()
    keeper = UserFactory(is_staff=True)
    rights = Permission.objects.filter(content_type__app_label="members", content_type__model="coordinator")
    keeper.user_permissions.add(*rights.filter(codename__in=["view_coordinator", "change_coordinator"]))
    client.force_login(keeper)
    answers = {"user": role.user_id, "city": role.city_id, "role": role.role}
    url = f"/admin/members/coordinator/{pk}/history/{version.history_id}/"
    assert client.post(url, answers).status_code == FORBIDDEN
    assert not Coordinator.objects.filter(pk=pk).exists()
    keeper.user_permissions.add(rights.get(codename="add_coordinator"))
    assert client.post(url, answers).status_code == REDIRECT
    assert Coordinator.objects.filter(pk=pk).exists()


# Partner API ------------------------------------------------------------------------------------------------

# The API knows partners by their key only: a signed-in person reads it as an anonymous client does.
READ = dict.fromkeys(ROLES, OK) | {"revoked_partner": UNAUTHORIZED}
MISSING = dict.fromkeys(ROLES, NOT_FOUND) | {"revoked_partner": UNAUTHORIZED}
REFUSED = dict.fromkeys(ROLES, NOT_ALLOWED) | {"revoked_partner": UNAUTHORIZED}
WRITES = ["POST", "PUT", "PATCH", "DELETE"]


def api_reads(world) -> list[str]:
    """Every read the API offers, in each of its formats."""
    city, initiative = world["city"], world["initiative"]
    proclamation, day = world["proclamation"], world["snapshot"].date.isoformat()
    return [
        "/api/v1/",
        "/api/v1/.json",
        "/api/v1/cities/",
        "/api/v1/cities/?format=geojson",
        "/api/v1/cities/?format=csv",
        "/api/v1/cities/?format=csv&page=1",
        "/api/v1/cities.json",
        "/api/v1/cities.geojson",
        "/api/v1/cities.csv",
        f"/api/v1/cities/{city.slug}/",
        f"/api/v1/cities/{city.slug}.json",
        "/api/v1/proclamations/",
        "/api/v1/proclamations.json",
        f"/api/v1/proclamations/{proclamation.pk}/",
        f"/api/v1/proclamations/{proclamation.pk}.json",
        "/api/v1/initiatives/",
        "/api/v1/initiatives.json",
        f"/api/v1/initiatives/{initiative.slug}/",
        f"/api/v1/initiatives/{initiative.slug}.json",
        "/api/v1/joint-projects/",
        "/api/v1/joint-projects.json",
        "/api/v1/joint-projects/?format=csv",
        f"/api/v1/joint-projects/{world['agreement'].slug}/",
        f"/api/v1/joint-projects/{world['agreement'].slug}.json",
        "/api/v1/joint-projects/figures/",
        "/api/v1/joint-projects/figures.json",
        "/api/v1/progress/",
        "/api/v1/progress.json",
        "/api/v1/progress/current/",
        "/api/v1/progress/current.json",
        "/api/v1/reports/",
        "/api/v1/reports.json",
        "/api/v1/research/",
        "/api/v1/research.json",
        "/api/v1/research/?format=csv",
        f"/api/v1/research/{world['report'].year}/",
        f"/api/v1/research/{world['report'].year}.json",
        f"/api/v1/research/{world['report'].year}/?format=csv",
        "/api/v1/reports/?format=csv",
        "/api/v1/reports.csv",
        f"/api/v1/reports/{world['report'].pk}/",
        f"/api/v1/reports/{world['report'].pk}.json",
        f"/api/v1/progress/{day}/",
        f"/api/v1/progress/{day}.json",
        "/api/v1/surveys/",
        "/api/v1/surveys.json",
        "/api/v1/surveys/?format=csv",
        "/api/v1/surveys.csv",
        f"/api/v1/surveys/{world['survey'].pk}/",
        f"/api/v1/surveys/{world['survey'].pk}.json",
        "/api/schema/",
        "/api/docs/",
        "/api/docs/redoc/",
    ]


def api_operations(world) -> Rows:
    city, initiative = world["city"], world["initiative"]
    proclamation, day = world["proclamation"], world["snapshot"].date.isoformat()
    collections = [
        "/api/v1/cities/",
        "/api/v1/proclamations/",
        "/api/v1/initiatives/",
        "/api/v1/joint-projects/",
        "/api/v1/progress/",
        "/api/v1/reports/",
    ]
    collections += ["/api/v1/surveys/", "/api/v1/research/"]
    records = [
        f"/api/v1/cities/{city.slug}/",
        f"/api/v1/proclamations/{proclamation.pk}/",
        f"/api/v1/initiatives/{initiative.slug}/",
        f"/api/v1/joint-projects/{world['agreement'].slug}/",
        "/api/v1/joint-projects/figures/",
        f"/api/v1/progress/{day}/",
        "/api/v1/progress/current/",
        f"/api/v1/surveys/{world['survey'].pk}/",
        f"/api/v1/reports/{world['report'].pk}/",
        f"/api/v1/research/{world['report'].year}/",
    ]
    return [
        *(("GET", url, READ) for url in api_reads(world)),
        *((method, url, READ) for url in collections + records for method in ["HEAD", "OPTIONS"]),
        *((method, url, REFUSED) for url in collections + records for method in WRITES),
        # What is not public is not there, for a partner as for anyone.
        ("GET", f"/api/v1/proclamations/{world['private_proclamation'].pk}/", MISSING),
        ("GET", "/api/v1/cities/no-such-city/", MISSING),
        ("GET", "/api/v1/surveys/0/", MISSING),
        ("GET", "/api/v1/research/1999/", MISSING),
        ("GET", f"/api/v1/joint-projects/{initiative.slug}/", MISSING),  # only invited: not a joint project yet
        ("GET", f"/api/v1/reports/{world['draft_report'].pk}/", MISSING),  # a draft is the city's own
        ("GET", "/api/v1/applications/", MISSING),
        ("POST", "/api/v1/applications/", MISSING),
        *webhook_operations(world),
    ]


def only_with_the_key(partner_status: int) -> dict[str, int]:
    """Webhooks belong to a partner: without a key (a person signed in has none), 401."""
    return dict.fromkeys(ROLES, UNAUTHORIZED) | {"partner": partner_status}


def webhook_operations(world) -> Rows:
    """The partner's own subscriptions (tests/webhooks/test_api.py holds that another organisation gets 404). The
    bodies are `{}`: a create or a redelivery without fields is a 400, a PATCH of nothing changes nothing."""
    record = f"/api/v1/webhooks/{world['subscription'].pk}"
    return [
        ("GET", "/api/v1/webhooks/", only_with_the_key(OK)),
        ("GET", "/api/v1/webhooks.json", only_with_the_key(OK)),
        ("OPTIONS", "/api/v1/webhooks/", only_with_the_key(OK)),
        ("POST", "/api/v1/webhooks/", only_with_the_key(400)),
        ("GET", f"{record}/", only_with_the_key(OK)),
        ("GET", f"{record}.json", only_with_the_key(OK)),
        ("PATCH", f"{record}/", only_with_the_key(OK)),
        ("PUT", f"{record}/", only_with_the_key(400)),
        ("POST", f"{record}/rotate-secret/", only_with_the_key(OK)),
        ("POST", f"{record}/rotate-secret.json", only_with_the_key(OK)),
        ("GET", f"{record}/rotate-secret/", only_with_the_key(NOT_ALLOWED)),
        ("GET", f"{record}/deliveries/", only_with_the_key(OK)),
        ("GET", f"{record}/deliveries.json", only_with_the_key(OK)),
        ("POST", f"{record}/redeliver/", only_with_the_key(400)),
        ("POST", f"{record}/redeliver.json", only_with_the_key(400)),
        ("GET", "/api/v1/webhooks/999999/", only_with_the_key(NOT_FOUND)),
        # Last: the partner's subscription is gone after it.
        ("DELETE", f"{record}/", only_with_the_key(204)),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_api_operation_answers_each_role_as_the_rules_say(client, world, role):
    counts = record_counts()
    wrong = check(client, world, api_operations(world), role)
    assert not wrong, "\n".join(wrong)
    assert record_counts() == counts


def test_a_partner_key_reads_no_personal_or_unpublished_data(client, world):
    application, coordinator_a = world["application"], world["people"]["coordinator_a"]
    never_shown = [
        coordinator_a.email,  # a coordinator who did not agree to be shown
        coordinator_a.full_name,
        application.name,  # an application under review, its supporters and its private files
        application.signatories.first().email,
        "kisumu-signed",
        "kisumu-garden",
        world["private_proclamation"].title,  # a proclamation the city keeps unpublished, and its document
        "draft-resolution",
        world["draft_report"].activities,  # a yearly report ICP has not accepted
    ]
    headers = become(client, world, "partner")
    answers = {url: send(client, "GET", url, headers) for url in api_reads(world)}
    for url, response in answers.items():
        assert response.status_code == OK, url
        body = (b"".join(response.streaming_content) if response.streaming else response.content).lower()
        shown = [text for text in never_shown if text.lower().encode() in body]
        assert not shown, f"{url} shows {shown}"
    # Not vacuous: what the city and its consenting coordinator published is there.
    city = orjson.loads(answers[f"/api/v1/cities/{world['city'].slug}/"].content)
    assert city["contact_email"] == "peace@ashland.example.org"
    assert [person["email"] for person in city["coordinators"]] == [world["public_coordinator"].email]


def test_a_partner_key_opens_no_session(client, world):
    response = send(client, "GET", "/api/v1/cities/", become(client, world, "partner"))
    assert response.status_code == OK
    assert "sessionid" not in response.cookies
    assert client.get("/dashboard/").status_code == LOGIN


# Coverage ---------------------------------------------------------------------------------------------------


def url_patterns(patterns=None, prefix: str = "") -> list[str]:
    """Every route of the portal, joined as Django's resolver joins them (ResolverMatch.route)."""
    routes = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern).removeprefix("^") if prefix else str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes += url_patterns(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            routes.append(route)
    return routes


def test_every_url_pattern_has_a_row_in_a_matrix(world):
    rows = pages(world) + accounts(world) + admin_sections(world) + admin_pages(world) + api_operations(world)
    urls = [url for _method, url, _statuses in rows]
    covered = {resolve(urlsplit(url).path).route for url in urls}
    missing = sorted(set(url_patterns()) - covered)
    assert not missing, "URL patterns without a row in the permission matrix:\n" + "\n".join(missing)
