"""Membership certificates (issue 17): the PDF a city's coordinators download, its QR code, and the public check
at /verify/<code>/ that it leads to."""

import datetime
import io

import pypdfium2
import pytest
import zxingcpp
from django.utils import timezone, translation
from pypdf import PdfReader

from certificates.models import Certificate
from certificates.services import certificate_of, certificate_reissue, member_ordinal
from members.choices import MembershipStatus, Pathway
from members.services import city_change_status
from tests.factories import CityFactory, CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db

MILLIMETRES_PER_POINT = 25.4 / 72


@pytest.fixture
def city():
    return CityFactory(
        name="Łódź-Ñuñoa",
        slug="lodz-nunoa",
        country="CL",
        region="Región Metropolitana",
        member_number=458,
        member_since=datetime.date(2026, 3, 21),
        pathway=Pathway.COUNCIL_RESOLUTION,
    )


@pytest.fixture
def coordinator(city):
    return CoordinatorFactory(city=city).user


def download(client, user, city, paper="a4"):
    client.force_login(user)
    response = client.get(f"/dashboard/cities/{city.slug}/certificate/{paper}/")
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return response.content


def pdf_text(document: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(document)).pages)


def qr_codes(document: bytes) -> list[str]:
    page = pypdfium2.PdfDocument(document)[0]
    image = page.render(scale=3).to_pil()
    return [code.text for code in zxingcpp.read_barcodes(image)]


def test_the_certificate_names_the_city_its_number_date_and_pathway(client, city, coordinator):
    text = pdf_text(download(client, coordinator, city))
    assert "Łódź-Ñuñoa" in text
    assert "Región Metropolitana, Chile" in text
    assert "is the 458th City of Peace" in text
    assert "a member since March 21, 2026, by council resolution" in text
    assert "Certificate of Membership" in text


def test_its_qr_code_leads_to_the_public_check_of_its_code(client, city, coordinator):
    document = download(client, coordinator, city)
    certificate = Certificate.objects.get(city=city)
    assert qr_codes(document) == [f"http://testserver/verify/{certificate.code}/"]
    assert len(certificate.code) >= 20


def test_a4_and_us_letter_are_their_own_paper_sizes_in_landscape(client, city, coordinator):
    sizes = {}
    for paper in ("a4", "letter"):
        box = PdfReader(io.BytesIO(download(client, coordinator, city, paper))).pages[0].mediabox
        sizes[paper] = (
            round(float(box.width) * MILLIMETRES_PER_POINT),
            round(float(box.height) * MILLIMETRES_PER_POINT),
        )
    assert sizes == {"a4": (297, 210), "letter": (279, 216)}


def test_a_spanish_speaking_coordinator_gets_it_in_spanish_with_a_spanish_qr_link(client, city, coordinator):
    coordinator.language = "es"
    coordinator.save()
    document = download(client, coordinator, city)
    text = pdf_text(document)
    assert "Certificado de membresía" in text
    assert "es la 458.ª Ciudad de Paz" in text
    assert "21 de marzo de 2026" in text
    assert "por la vía de: resolución del concejo" in text
    code = Certificate.objects.get(city=city).code
    assert qr_codes(document) == [f"http://testserver/es/verify/{code}/"]


def test_a_french_speaking_coordinator_gets_it_in_french(client, city, coordinator):
    coordinator.language = "fr"
    coordinator.save()
    assert "est la 458e Ville de Paix" in pdf_text(download(client, coordinator, city))


def embedded_fonts(document: bytes) -> set[str]:
    fonts = PdfReader(io.BytesIO(document)).pages[0]["/Resources"]["/Font"]
    return {str(font.get_object()["/BaseFont"]).split("+")[-1] for font in fonts.values()}


def qr_code_side(document: bytes) -> str:
    page = pypdfium2.PdfDocument(document)[0]
    image = page.render(scale=2).to_pil()
    (code,) = zxingcpp.read_barcodes(image)
    return "left" if code.position.top_left.x < image.width / 2 else "right"


def test_an_arabic_certificate_is_shaped_right_to_left_with_an_arabic_font(client, city, coordinator):
    """Arabic script in its own font (Amiri), the words of a name in right-to-left order, the QR code and the date of
    issue mirrored: the city's name is Arabic so that this holds before the catalog is translated."""
    city.name, city.country, city.region = "القاهرة الجديدة", "EG", ""
    city.save()
    coordinator.language = "ar"
    coordinator.save()
    document = download(client, coordinator, city)
    text = pdf_text(document)
    assert "الجديدة القاهرة" in text  # drawn right to left: the first word rightmost, so extracted last
    assert "مصر" in text  # Egypt, in django-countries' Arabic
    assert "مارس" in text  # March, in Django's Arabic date format
    assert "AmiriBold" in embedded_fonts(document)
    assert qr_code_side(document) == "left"
    assert qr_codes(document) == [f"http://testserver/ar/verify/{Certificate.objects.get(city=city).code}/"]


def test_a_japanese_certificate_prints_its_kanji_in_a_japanese_font(client, city, coordinator):
    city.name, city.country, city.region = "京都市", "JP", "京都府"
    city.save()
    coordinator.language = "ja"
    coordinator.save()
    document = download(client, coordinator, city)
    text = pdf_text(document)
    assert "京都市" in text
    assert "京都府, 日本" in text
    assert "2026年3月21日" in text
    assert "IPAMincho" in embedded_fonts(document)
    assert qr_code_side(document) == "right"


def test_an_arabic_name_on_an_english_certificate_still_reads_right_to_left(client, city, coordinator):
    city.name = "القاهرة الجديدة"
    city.save()
    text = pdf_text(download(client, coordinator, city))
    assert "الجديدة القاهرة" in text and "is the 458th City of Peace" in text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th", "458th"]),
        ("es", ["1.ª", "2.ª", "3.ª", "4.ª", "11.ª", "12.ª", "13.ª", "21.ª", "22.ª", "101.ª", "111.ª", "458.ª"]),
        ("fr", ["1re", "2e", "3e", "4e", "11e", "12e", "13e", "21e", "22e", "101e", "111e", "458e"]),
    ],
)
def test_the_member_number_is_an_ordinal_of_each_language(language, expected):
    with translation.override(language):
        assert [member_ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111, 458)] == expected


def test_the_first_download_issues_it_and_later_ones_keep_its_code(client, city, coordinator):
    download(client, coordinator, city)
    download(client, coordinator, city, "letter")
    assert Certificate.objects.filter(city=city).count() == 1


def test_another_citys_coordinator_gets_not_found(client, city):
    client.force_login(CoordinatorFactory().user)
    assert client.get(f"/dashboard/cities/{city.slug}/certificate/a4/").status_code == 404
    assert not Certificate.objects.exists()


def test_an_unknown_paper_size_is_not_found(client, city, coordinator):
    client.force_login(coordinator)
    assert client.get(f"/dashboard/cities/{city.slug}/certificate/a3/").status_code == 404


def test_the_dashboard_offers_both_paper_sizes_for_each_city_coordinated(client, city, coordinator):
    client.force_login(coordinator)
    page = client.get("/dashboard/").content.decode()
    assert f'href="/dashboard/cities/{city.slug}/certificate/a4/"' in page
    assert f'href="/dashboard/cities/{city.slug}/certificate/letter/"' in page


def test_the_check_says_genuine_and_current_for_an_active_city(client, city, django_assert_max_num_queries):
    certificate = certificate_of(city=city)
    # One query for the certificate with its city; the session and the rest of the page ask nothing.
    with django_assert_max_num_queries(1):
        response = client.get(f"/verify/{certificate.code}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "This certificate is genuine and the membership is current." in page
    assert "Łódź-Ñuñoa" in page and "458" in page and "March 21, 2026" in page


def test_the_check_says_when_the_membership_ended(client, city):
    certificate = certificate_of(city=city)
    city_change_status(city=city, status=MembershipStatus.WITHDRAWN, reason="The council voted to leave.")
    page = client.get(f"/verify/{certificate.code}/").content.decode()
    assert "the membership has ended: status Withdrawn since" in page
    assert timezone.localdate().strftime("%Y") in page


def test_a_reissued_certificates_old_code_says_it_was_replaced(client, city):
    old = certificate_of(city=city)
    new = certificate_reissue(city=city)
    old.refresh_from_db()
    assert (old.replaced_by, new.code != old.code, certificate_of(city=city)) == (new, True, new)
    assert "replaced by a newer certificate" in client.get(f"/verify/{old.code}/").content.decode()
    assert "genuine and the membership is current" in client.get(f"/verify/{new.code}/").content.decode()


@pytest.mark.parametrize("code", ["not-a-code-anybody-issued", "%00", "x" * 200, "ñ"])
def test_an_unknown_code_is_a_clear_not_found_page(client, code):
    response = client.get(f"/verify/{code}/")
    assert response.status_code == 404
    assert "issued no certificate with this code" in response.content.decode()


def test_staff_who_may_change_cities_reissue_from_the_admin(client, city):
    old = certificate_of(city=city)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        "/admin/certificates/certificate/", {"action": "reissue", "_selected_action": [old.pk]}, follow=True
    )
    assert response.status_code == 200
    old.refresh_from_db()
    assert old.replaced_by is not None and old.replaced_by.is_current


def test_staff_who_may_view_cities_download_any_citys_certificate(client, city):
    staff = UserFactory(is_staff=True, is_superuser=True)
    assert "Łódź-Ñuñoa" in pdf_text(download(client, staff, city))


def test_a_name_of_two_hundred_characters_shrinks_to_fit_and_leaves_the_qr_code_readable(client, coordinator, city):
    city.name = "Ville-de-la-Paix-" * 11 + "Ñ" * 13
    city.save()
    document = download(client, coordinator, city)
    assert "Ñ" * 13 in pdf_text(document)
    assert qr_codes(document) == [f"http://testserver/verify/{Certificate.objects.get(city=city).code}/"]


def test_a_download_asks_the_database_a_fixed_number_of_times(client, city, coordinator, django_assert_num_queries):
    client.force_login(coordinator)
    client.get(f"/dashboard/cities/{city.slug}/certificate/a4/")  # the first one issues the certificate
    # The session, its user, the city coordinated by that user, its current certificate.
    with django_assert_num_queries(4):
        assert client.get(f"/dashboard/cities/{city.slug}/certificate/letter/").status_code == 200
