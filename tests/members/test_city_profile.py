"""After approval (issue 14): the city page shows what the coordinator wrote and sent (vision, mission, goals, the
photos with their rights declaration), approval copies them from the application, and the coordinators keep them
current from the dashboard. Photos are public once they belong to a city; an application's stay private."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from applications.choices import ApplicationStatus
from applications.models import ApplicationPhoto
from applications.review import application_approve
from members.choices import CITY_MAX_PHOTOS
from members.models import CityPhoto
from members.services import city_photo_add, city_photo_remove, city_profile_set
from tests.applications.factories import ApplicationFactory
from tests.factories import CityFactory, CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def png(name: str = "garden.png", size=(40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 60)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def city():
    return CityFactory(name="Ashland", slug="ashland")


@pytest.fixture
def coordinator(city):
    return CoordinatorFactory(city=city).user


def add_photo(city, **fields) -> CityPhoto:
    return city_photo_add(city=city, image=png(), rights_declared=True, **fields)


# Approval copies the profile


@pytest.fixture
def reviewer():
    reviewer = UserFactory(is_staff=True)
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    return reviewer


def test_approval_copies_vision_mission_goals_and_photos_with_their_rights(reviewer):
    applicant = UserFactory()
    submitted_at = timezone.now().replace(microsecond=0)
    application = ApplicationFactory(
        complete=True,
        applicant=applicant,
        status=ApplicationStatus.IN_REVIEW,
        reviewer=reviewer,
        submitted_at=submitted_at,
        photo_rights_confirmed=True,
    )
    ApplicationPhoto.objects.create(application=application, image=png("lake.png"), caption="Peace walk by the lake")
    city = application_approve(application=application, reviewer=reviewer)
    assert (city.vision, city.mission, city.goals) == (
        "A city that talks.",
        "Neighbours first.",
        "Twelve circles a year.",
    )
    [photo] = city.photos.all()
    assert (photo.caption, photo.rights_declared_at, photo.rights_declared_by) == (
        "Peace walk by the lake",
        submitted_at,
        applicant,
    )
    assert photo.image.name.startswith("cities/") and photo.image.name.endswith(".png")
    assert photo.image.storage.exists(photo.image.name)  # a copy in public media; the application's stays private


def test_photos_nobody_declared_the_rights_to_are_not_published_and_approval_goes_on(reviewer):
    application = ApplicationFactory(
        complete=True, applicant=UserFactory(), status=ApplicationStatus.IN_REVIEW, reviewer=reviewer
    )
    ApplicationPhoto.objects.create(application=application, image=png(), caption="Garden")
    not_an_image = SimpleUploadedFile("old.png", b"sent before the checks", content_type="image/png")
    ApplicationPhoto.objects.create(application=application, image=not_an_image)
    city = application_approve(application=application, reviewer=reviewer)
    assert city.vision == "A city that talks."
    assert not city.photos.exists()


def test_a_photo_that_is_no_image_is_left_out_and_the_others_are_published(reviewer):
    application = ApplicationFactory(
        complete=True,
        applicant=UserFactory(),
        status=ApplicationStatus.IN_REVIEW,
        reviewer=reviewer,
        photo_rights_confirmed=True,
    )
    ApplicationPhoto.objects.create(application=application, image=SimpleUploadedFile("old.png", b"not an image"))
    ApplicationPhoto.objects.create(application=application, image=png(), caption="Garden")
    city = application_approve(application=application, reviewer=reviewer)
    assert [photo.caption for photo in city.photos.all()] == ["Garden"]


def test_the_application_photo_stays_private_and_the_city_photo_is_public(client, reviewer):
    application = ApplicationFactory(
        complete=True,
        applicant=UserFactory(),
        status=ApplicationStatus.IN_REVIEW,
        reviewer=reviewer,
        photo_rights_confirmed=True,
    )
    private = ApplicationPhoto.objects.create(application=application, image=png(), caption="Garden")
    city = application_approve(application=application, reviewer=reviewer)
    photo = city.photos.get()
    response = client.get(photo.image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert client.get(reverse("applications:photo", args=[application.pk, private.pk])).status_code == 302  # sign in
    assert client.get(reverse("members:city_photo", args=[private.image.name])).status_code == 404


# The city page


def test_city_page_shows_vision_mission_goals_and_photos_with_credit_and_rights(
    client, city, django_assert_max_num_queries
):
    city_profile_set(city=city, vision="A valley that listens.", mission="Mediate first.", goals="Ten circles.")
    add_photo(city, caption="Peace garden", credit="Lena Ortiz")
    add_photo(city, caption="Youth league")
    # the city; its public proclamations, initiatives, public contacts, networks and photos; cities nearby;
    # its initiative categories and the peers sharing them; its joint projects, community surveys and yearly reports
    # (tests/members/test_views.py): fourteen, however many photos it has
    with django_assert_max_num_queries(14):
        response = client.get(city.get_absolute_url())
    page = response.content.decode()
    for text in ("Vision", "A valley that listens.", "Mission", "Mediate first.", "Goals", "Ten circles."):
        assert text in page
    assert 'alt="Peace garden"' in page and "Youth league" in page
    assert "Photo: Lena Ortiz." in page
    assert page.count("declared on") == 2  # every photo with its rights declaration
    for photo in city.photos.all():
        assert f'src="{photo.image.url}"' in page


def test_a_city_without_profile_shows_no_empty_sections(client, city):
    page = client.get(city.get_absolute_url()).content.decode()
    assert 'id="vision-heading"' not in page and 'id="photos-heading"' not in page


def test_a_removed_photo_is_no_longer_served(client, city, django_capture_on_commit_callbacks):
    photo = add_photo(city)
    url, name = photo.image.url, photo.image.name
    with django_capture_on_commit_callbacks(execute=True):
        city_photo_remove(photo=photo)
    assert client.get(url).status_code == 404
    assert not photo.image.storage.exists(name)


def test_an_unknown_or_hostile_photo_name_is_404(client):
    for name in ["nothing.png", "../../etc/passwd", "a\x00b"]:
        assert client.get(reverse("members:city_photo", args=[name])).status_code == 404


# The dashboard


def test_coordinator_edits_vision_mission_and_goals_from_the_dashboard(client, city, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("members:city_edit", args=[city.slug])).content.decode()
    assert 'name="vision"' in page and 'name="mission"' in page and 'name="goals"' in page
    response = client.post(
        reverse("members:city_edit", args=[city.slug]),
        {"peace_statement": "We mediate.", "vision": "A valley that listens.", "mission": "M.", "goals": "G."},
    )
    assert response.status_code == 302
    city.refresh_from_db()
    assert (city.vision, city.mission, city.goals) == ("A valley that listens.", "M.", "G.")


def test_coordinator_adds_a_photo_with_credit_and_rights(client, city, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("members:city_photo_add", args=[city.slug]),
        {"image": png(), "caption": "Peace garden", "credit": " Lena  Ortiz ", "rights_declared": "on"},
    )
    assert response.status_code == 302
    photo = city.photos.get()
    assert (photo.caption, photo.credit, photo.rights_declared_by) == ("Peace garden", "Lena Ortiz", coordinator)
    assert "Peace garden" in client.get(city.get_absolute_url()).content.decode()


def test_a_photo_without_the_rights_declaration_is_refused_next_to_the_box_keeping_the_rest(client, city, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("members:city_photo_add", args=[city.slug]), {"image": png(), "caption": "Peace garden"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Confirm that you hold the rights to this photo or may share it." in page
    assert 'value="Peace garden"' in page
    assert not city.photos.exists()


def test_a_file_that_is_not_a_photo_is_refused(client, city, coordinator):
    client.force_login(coordinator)
    fake = SimpleUploadedFile("garden.png", b"<html><script>alert(1)</script></html>", content_type="image/png")
    response = client.post(
        reverse("members:city_photo_add", args=[city.slug]), {"image": fake, "rights_declared": "on"}
    )
    assert response.status_code == 400
    assert "The photo must be a JPEG or PNG image." in response.content.decode()
    assert not city.photos.exists()


def test_a_city_holds_a_limited_number_of_photos(client, city, coordinator):
    for _number in range(CITY_MAX_PHOTOS):
        add_photo(city)
    client.force_login(coordinator)
    response = client.post(
        reverse("members:city_photo_add", args=[city.slug]), {"image": png(), "rights_declared": "on"}
    )
    assert response.status_code == 400
    assert f"at most {CITY_MAX_PHOTOS} photos" in response.content.decode()


def test_coordinator_removes_a_photo(client, city, coordinator):
    photo = add_photo(city, caption="Old banner")
    client.force_login(coordinator)
    response = client.post(reverse("members:city_photo_remove", args=[city.slug, photo.pk]))
    assert response.status_code == 302
    assert not city.photos.exists()


def test_only_the_citys_coordinators_edit_its_profile_and_photos(client, city):
    photo = add_photo(city)
    other_city = CityFactory(name="Medford", slug="medford")
    outsider = CoordinatorFactory(city=other_city).user
    urls = [
        ("get", reverse("members:city_edit", args=[city.slug]), {}),
        ("post", reverse("members:city_edit", args=[city.slug]), {"vision": "Taken over"}),
        ("post", reverse("members:city_photo_add", args=[city.slug]), {"image": png(), "rights_declared": "on"}),
        ("post", reverse("members:city_photo_remove", args=[city.slug, photo.pk]), {}),
    ]
    for method, url, data in urls:
        assert getattr(client, method)(url, data).status_code == 302, url  # to sign in
    client.force_login(outsider)
    for method, url, data in urls:
        assert getattr(client, method)(url, data).status_code == 404, url
    # a photo of another city through my own city's address is not mine to remove either
    assert client.post(reverse("members:city_photo_remove", args=[other_city.slug, photo.pk])).status_code == 404
    city.refresh_from_db()
    assert city.vision == "" and city.photos.count() == 1


def test_city_profile_set_refuses_what_is_not_the_public_profile(city):
    with pytest.raises(TypeError):
        city_profile_set(city=city, member_number=1)
