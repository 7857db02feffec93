"""Who may import and export in the admin: every import and export page of every admin section that has one,
against each kind of staff account (issue 13, findings 3 and 6).

Import and export are rights of their own, held by Editors (applications/migrations/0009); Reviewers decide
applications one by one and get no file of them; a staff account in no group gets nothing. Exporting also needs
the view permission: nobody gets in a file what they may not see on a page. A new admin section with import or
export fails the last test until it has its rows here.
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from import_export.admin import ExportMixin, ImportMixin

from tests.applications.factories import ApplicationFactory
from tests.factories import CityFactory, InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db

STAFF = ["reviewer", "editor", "superuser", "staff_in_no_group"]
OK, FORBIDDEN = 200, 403
EDITORS_ONLY = {"reviewer": FORBIDDEN, "editor": OK, "superuser": OK, "staff_in_no_group": FORBIDDEN}

# (method, page): the status each staff account gets. POST to process_import without a file answers the form
# again (200) to whoever may import; POST to export with a format downloads the file.
MATRIX = {
    "members.city": {
        ("GET", "import/"): EDITORS_ONLY,
        ("POST", "process_import/"): EDITORS_ONLY,
        ("GET", "export/"): EDITORS_ONLY,
        ("POST", "export/"): EDITORS_ONLY,
    },
    "initiatives.initiative": {
        ("GET", "export/"): EDITORS_ONLY,
        ("POST", "export/"): EDITORS_ONLY,
    },
    # The export holds applicants' e-mail addresses.
    "applications.application": {
        ("GET", "export/"): EDITORS_ONLY,
        ("POST", "export/"): EDITORS_ONLY,
    },
}


@pytest.fixture
def staff(settings, tmp_path) -> dict:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    city = CityFactory(name="Ashland")
    InitiativeFactory(city=city)
    ApplicationFactory(complete=True, applicant=UserFactory())
    reviewer, editor = UserFactory(is_staff=True), UserFactory(is_staff=True)
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    editor.groups.add(Group.objects.get(name="Editors"))
    return {
        "reviewer": reviewer,
        "editor": editor,
        "superuser": UserFactory(is_staff=True, is_superuser=True),
        "staff_in_no_group": UserFactory(is_staff=True),
    }


def import_export_admins() -> dict[str, admin.ModelAdmin]:
    return {
        model._meta.label_lower: model_admin
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, ImportMixin | ExportMixin)
    }


def ask(client, method: str, url: str):
    if method == "GET":
        return client.get(url)
    if url.endswith("/export/"):
        return client.post(url, {"format": "0", "resource": "0"})  # CSV, the first resource
    return client.post(url, {})


def test_every_import_and_export_page_answers_each_staff_account_as_the_rules_say(client, staff):
    wrong = []
    for label, pages in MATRIX.items():
        base = f"/admin/{label.replace('.', '/')}/"
        for (method, page), statuses in pages.items():
            for role in STAFF:
                client.force_login(staff[role])
                status = ask(client, method, base + page).status_code
                if status != statuses[role]:
                    wrong.append(f"{role} {method} {base}{page}: {status}, expected {statuses[role]}")
    assert not wrong, "\n".join(wrong)


def test_a_refused_export_is_not_offered_on_the_list_page(client, staff):
    for role in STAFF:
        client.force_login(staff[role])
        page = client.get("/admin/applications/application/").content.decode()
        assert ("/admin/applications/application/export/" in page) is (EDITORS_ONLY[role] == OK), role


def test_the_export_permission_without_the_view_permission_exports_no_applications(client):
    exporter = UserFactory(is_staff=True)
    exporter.user_permissions.add(Permission.objects.get(codename="export_application"))
    ApplicationFactory(complete=True, applicant=UserFactory(email="applicant@kisumu.example.org"))
    client.force_login(exporter)
    answer = client.post("/admin/applications/application/export/", {"format": "0", "resource": "0"})
    assert answer.status_code == FORBIDDEN
    assert b"applicant@kisumu.example.org" not in answer.content


def test_an_editor_exports_applications_with_the_applicants_addresses(client, staff):
    ApplicationFactory(complete=True, applicant=UserFactory(email="applicant@kisumu.example.org"))
    client.force_login(staff["editor"])
    answer = client.post(
        "/admin/applications/application/export/?status=all",  # a draft: not in the queue's default (open) view
        {"format": "0", "resource": "0", "applicationresource_applicant_email": "on"},
    )
    assert answer.status_code == OK and b"applicant@kisumu.example.org" in answer.content


def test_every_admin_section_with_import_or_export_has_its_rows_in_the_matrix():
    admins = import_export_admins()
    assert sorted(admins) == sorted(MATRIX), "an admin section with import or export needs its rows in MATRIX"
    for label, model_admin in admins.items():
        pages = {page for _method, page in MATRIX[label]}
        if isinstance(model_admin, ImportMixin):
            assert {"import/", "process_import/"} <= pages, label
        if isinstance(model_admin, ExportMixin):
            assert "export/" in pages, label
