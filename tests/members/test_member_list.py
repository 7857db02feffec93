"""Keeping the member list in admin: import with preview, export, history, lifecycle, reminders, staff groups."""

import datetime
import os

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import empty

from icp_portal.uploads import private_storage
from members.choices import MembershipStatus
from members.models import City
from members.resources import CityResource, PendingImportStorage, abandoned_imports_remove
from members.services import city_change_status, quiet_cities_remind
from tests.factories import CityFactory, CoordinatorFactory, InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = "member_number,name,community_type,country,region,member_since,pathway,status,latitude,longitude\n"
GOOD_ROWS = (
    "1,Ashland,town,US,Oregon,2009-09-21,proclamation,active,42.194576,-122.709477\n"
    "2,Kisumu,city,Kenya,,2012-05-01,council_resolution,active,-0.091702,34.767956\n"
    "3,Coventry,city,GB,England,2010-03-15,peace_legacy,active,52.406822,-1.519693\n"
)


def import_csv(text: str, *, dry_run: bool):
    import tablib

    dataset = tablib.Dataset().load(text, format="csv")
    return CityResource().import_data(dataset, dry_run=dry_run, raise_errors=False)


def test_good_member_list_imports_every_row():
    result = import_csv(HEADER + GOOD_ROWS, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert sorted(City.objects.values_list("name", "country")) == [
        ("Ashland", "US"),
        ("Coventry", "GB"),
        ("Kisumu", "KE"),
    ]
    assert City.objects.get(name="Kisumu").slug == "kisumu"


def test_a_dry_run_imports_nothing():
    result = import_csv(HEADER + GOOD_ROWS, dry_run=True)
    assert result.totals["new"] == 3
    assert not City.objects.exists()


def test_one_bad_row_imports_nothing_and_names_the_row_and_reason():
    bad = HEADER + GOOD_ROWS + "4,Nowhere,city,Atlantis,,2015-01-01,proclamation,active,,\n"
    bad += "5,Future Town,town,FR,,2999-01-01,proclamation,active,,\n"
    result = import_csv(bad, dry_run=False)
    assert result.has_validation_errors() or result.has_errors()
    reasons = {row.number: str(row.error_dict if hasattr(row, "error_dict") else row) for row in result.invalid_rows}
    assert any("Atlantis" in reason for reason in reasons.values())
    assert any("future" in reason.lower() for reason in reasons.values())
    assert not City.objects.exists()


def test_reimport_updates_and_never_duplicates():
    import_csv(HEADER + GOOD_ROWS, dry_run=False)
    changed = GOOD_ROWS.replace("Oregon", "Oregon State")
    result = import_csv(HEADER + changed, dry_run=False)
    assert not result.has_errors()
    assert City.objects.count() == 3
    assert City.objects.get(member_number=1).region == "Oregon State"


def test_import_page_shows_a_preview_before_anything_is_saved(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    upload = SimpleUploadedFile("members.csv", (HEADER + GOOD_ROWS).encode(), content_type="text/csv")
    response = client.post(
        reverse("admin:members_city_import"), {"import_file": upload, "format": "0", "resource": "0"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kisumu" in page and "Confirm import" in page
    assert not City.objects.exists()


def test_a_previewed_list_is_imported_once_confirmed_and_a_second_confirmation_asks_for_the_file(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    upload = SimpleUploadedFile("members.csv", (HEADER + GOOD_ROWS).encode(), content_type="text/csv")
    preview = client.post(reverse("admin:members_city_import"), {"import_file": upload, "format": "0", "resource": "0"})
    confirmation = {
        name: preview.context["confirm_form"].initial[name]
        for name in ["import_file_name", "original_file_name", "format", "resource"]
    }
    client.post(reverse("admin:members_city_process_import"), confirmation)
    assert City.objects.filter(name="Kisumu").exists()
    # The back button, or a second click: the kept file was used up, nothing breaks, nothing is imported twice.
    again = client.post(reverse("admin:members_city_process_import"), confirmation, follow=True)
    assert again.redirect_chain[-1][0] == reverse("admin:members_city_import")
    assert "no longer kept; please upload it again" in again.content.decode()
    assert City.objects.filter(name="Kisumu").count() == 1


def test_previews_never_confirmed_are_removed_after_a_day(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    private_storage._wrapped = empty  # read the moved location
    old, fresh = PendingImportStorage(), PendingImportStorage()
    old.save(b"member_number,name\n")
    fresh.save(b"member_number,name\n")
    a_day_and_more = (timezone.now() - datetime.timedelta(hours=25)).timestamp()
    os.utime(tmp_path / old.get_full_path(), (a_day_and_more, a_day_and_more))
    try:
        assert abandoned_imports_remove() == 1
        assert not private_storage.exists(old.get_full_path())
        assert private_storage.exists(fresh.get_full_path())
    finally:
        private_storage._wrapped = empty


def test_export_of_cities_lists_them_as_csv(client):
    CityFactory(name="Ashland", country="US")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        reverse("admin:members_city_export"),
        {
            "format": "0",
            "resource": "0",
            "cityresource_name": "on",
            "cityresource_country": "on",
            "cityresource_member_number": "on",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ashland" in body and "US" in body


def test_every_change_of_a_city_is_in_its_history():
    city = CityFactory(name="Ashland")
    city.website = "https://ashland.example.org"
    city.save()
    latest, first = city.history.all()[:2]
    assert latest.website == "https://ashland.example.org" and first.website == ""
    assert [change.field for change in latest.diff_against(first).changes] == ["website"]


def test_withdrawal_needs_a_reason_and_is_kept_in_history():
    city = CityFactory()
    with pytest.raises(ValidationError):
        city_change_status(city=city, status=MembershipStatus.WITHDRAWN, reason="")
    city_change_status(city=city, status=MembershipStatus.WITHDRAWN, reason="The council revoked the resolution.")
    city.refresh_from_db()
    assert (city.status, city.status_reason) == ("withdrawn", "The council revoked the resolution.")
    assert city.history.first().history_change_reason == "The council revoked the resolution."
    assert city not in City.objects.active()


def test_admin_marks_cities_inactive_through_a_confirmation_with_a_reason(client):
    city = CityFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:members_city_changelist")
    selection = {"action": "mark_inactive", "_selected_action": [city.pk]}
    assert "Reason" in client.post(url, selection).content.decode()
    client.post(url, {**selection, "confirm": "yes", "reason": "No coordinator since 2023."})
    city.refresh_from_db()
    assert city.status == MembershipStatus.INACTIVE


def test_coordinators_of_a_city_quiet_for_a_year_are_reminded_once_a_month(django_capture_on_commit_callbacks):
    quiet = CityFactory(name="Quiet Town")
    busy = CityFactory(name="Busy Town")
    CoordinatorFactory(city=quiet, user__email="quiet@example.org")
    CoordinatorFactory(city=busy, user__email="busy@example.org")
    a_year_ago = timezone.now() - datetime.timedelta(days=400)
    City.objects.filter(pk__in=[quiet.pk, busy.pk]).update(updated_at=a_year_ago)
    InitiativeFactory(city=busy)  # a fresh initiative counts as activity
    with django_capture_on_commit_callbacks(execute=True):
        assert quiet_cities_remind() == 1
    assert [message.to for message in mail.outbox] == [["quiet@example.org"]]
    assert "Quiet Town" in mail.outbox[0].subject
    assert quiet_cities_remind() == 0  # not again within the month
    later = timezone.now() + datetime.timedelta(days=31)
    assert quiet_cities_remind(now=later) == 1


def test_staff_groups_hold_what_their_work_needs():
    reviewers = set(Group.objects.get(name="Reviewers").permissions.values_list("codename", flat=True))
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert {"change_application", "change_city", "add_initiative"} <= reviewers
    assert not any(codename.startswith("delete_") for codename in reviewers)
    assert {"delete_city", "change_proclamation"} <= editors
    assert "change_application" not in editors and "view_application" in editors


@pytest.mark.parametrize(
    ("group", "url_name", "method", "allowed"),
    [
        ("Reviewers", "admin:applications_application_changelist", "get", True),
        ("Reviewers", "admin:members_city_delete", "get", False),
        ("Editors", "admin:members_city_delete", "get", True),
        ("Editors", "admin:applications_application_decide", "post", False),
    ],
)
def test_staff_group_permissions_in_admin(client, group, url_name, method, allowed):
    from applications.models import Application

    city = CityFactory()
    member = UserFactory(is_staff=True)
    member.groups.add(Group.objects.get(name=group))
    client.force_login(member)
    if url_name.endswith("_delete"):
        url = reverse(url_name, args=[city.pk])
    elif url_name.endswith("_decide"):
        application = Application.objects.create(applicant=UserFactory(), name="X", status="submitted")
        url = reverse(url_name, args=[application.pk, "take"])
    else:
        url = reverse(url_name)
    response = getattr(client, method)(url)
    if url_name.endswith("_decide"):
        assert (Application.objects.get().status == "in_review") is allowed
    else:
        assert (response.status_code == 200) is allowed, response.status_code
