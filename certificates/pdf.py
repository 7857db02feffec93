"""The certificate as a PDF: landscape A4 or US Letter, in DejaVu Serif embedded from the Debian packages
fonts-dejavu-core (regular, bold) and fonts-dejavu-extra (italic), which .ci/run installs: they cover the Latin,
Greek and Cyrillic scripts, so the accents of Spanish, French, Portuguese and German and any city's name (Łódź,
Ñuñoa) print, and a QR code leading to the certificate's public check.

What DejaVu Serif lacks comes from serif faces of the scripts it does not cover: Arabic from Amiri
(fonts-hosny-amiri), Japanese from IPA Mincho (fonts-ipafont-mincho), for the words of an Arabic or Japanese
certificate and for a city named in those scripts on any certificate. Text is shaped by HarfBuzz (the uharfbuzz
package): Arabic letters join and read right to left."""

import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import qrcode
from django.utils import formats, translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import TextDirection
from qrcode.image.pil import PilImage

from .models import Certificate
from .services import certificate_verify_url, member_ordinal

FONT_DIRECTORY = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {"": "DejaVuSerif.ttf", "B": "DejaVuSerif-Bold.ttf", "I": "DejaVuSerif-Italic.ttf"}


@dataclass(frozen=True)
class ScriptFont:
    """A font for a script DejaVu Serif lacks, by style (a style it lacks is drawn in its regular face), added only to
    a certificate with text in that script: reading IPA Mincho's file takes most of a second."""

    family: str
    characters: re.Pattern
    files: dict[str, str]


SCRIPT_FONTS = [
    ScriptFont(
        "Amiri",
        re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]"),
        {
            "": "/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf",
            "B": "/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Bold.ttf",
            "I": "/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Slanted.ttf",
        },
    ),
    ScriptFont(
        "IPAMincho",  # kana, kanji, and the full-width forms and punctuation of Japanese
        re.compile("[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"),
        {"": "/usr/share/fonts/opentype/ipafont-mincho/ipam.ttf"},
    ),
]

PAPER_SIZES = {"a4": "A4", "letter": "Letter"}
# fpdf2 subsets each font through fontTools, which logs every glyph it keeps at INFO: noise in the portal's logs.
logging.getLogger("fontTools").setLevel(logging.WARNING)

NAVY, GOLD, INK = (23, 42, 86), (176, 141, 62), (40, 40, 40)


def qr_code_png(url: str) -> io.BytesIO:
    """The QR code as a PNG, with the quiet zone scanners need; medium error correction survives a crease."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, box_size=10)
    code.add_data(url)
    image = code.make_image(image_factory=PilImage)
    buffer = io.BytesIO()
    image.save(buffer)
    buffer.seek(0)
    return buffer


def certificate_pdf(certificate: Certificate, *, paper: str, language: str) -> bytes:
    """The certificate, ready to print and frame, with its words in `language` (one of settings.LANGUAGES)."""
    city = certificate.city
    with translation.override(language):
        verify_url = certificate_verify_url(certificate, language=language)
        texts = {
            "network": _("International Cities of Peace"),
            "title": _("Certificate of Membership"),
            "certifies": _("This certifies that"),
            "place": f"{city.region}, {city.country.name}" if city.region else str(city.country.name),
            "rank": _("is the %(ordinal)s City of Peace") % {"ordinal": member_ordinal(city.member_number)},
            "since": _("a member since %(date)s, by %(pathway)s")
            % {
                "date": formats.date_format(city.member_since, "DATE_FORMAT"),
                "pathway": city.pathway_in_sentence,
            },
            "issued": _("Issued on %(date)s") % {"date": formats.date_format(certificate.issued_at, "DATE_FORMAT")},
            "check": _("Scan to check that this certificate is genuine and current:"),
        }
    document = FPDF(orientation="landscape", unit="mm", format=PAPER_SIZES[paper])
    document.set_title(f"{texts['title']}: {city.name}")
    document.set_author(texts["network"])
    for style, file_name in FONTS.items():
        document.add_font("DejaVuSerif", style, str(FONT_DIRECTORY / file_name))
    words = " ".join([city.name, verify_url, *texts.values()])
    script_fonts = [font for font in SCRIPT_FONTS if font.characters.search(words)]
    for font in script_fonts:
        for style, path in font.files.items():
            document.add_font(font.family, style, path)
    document.set_fallback_fonts([font.family for font in script_fonts], exact_match=False)
    document.set_text_shaping(True, direction="rtl" if translation.get_language_info(language)["bidi"] else "ltr")
    document.set_auto_page_break(False)
    document.add_page()
    _draw(document, texts, city.name, verify_url, certificate.code)
    return bytes(document.output())


def _draw(document: FPDF, texts: dict[str, str], city_name: str, verify_url: str, code: str) -> None:
    width, height = document.w, document.h
    # A framed page: a heavy navy border, a thin gold one inside it.
    document.set_draw_color(*NAVY)
    document.set_line_width(2.2)
    document.rect(10, 10, width - 20, height - 20)
    document.set_draw_color(*GOLD)
    document.set_line_width(0.6)
    document.rect(15, 15, width - 30, height - 30)

    def centred(text: str, *, size: float, style: str = "", color=INK, gap: float = 4) -> None:
        document.set_font("DejaVuSerif", style, size)
        document.set_text_color(*color)
        document.multi_cell(width - 60, size * 0.5, text, align="C", new_x="LMARGIN", new_y="NEXT")
        document.set_x(30)
        document.ln(gap)

    document.set_left_margin(30)
    document.set_xy(30, 36)
    centred(texts["network"].upper(), size=13, color=GOLD, gap=2)
    centred(texts["title"], size=30, style="B", color=NAVY, gap=3)
    document.set_draw_color(*GOLD)
    document.set_line_width(0.4)
    document.line(width / 2 - 40, document.get_y(), width / 2 + 40, document.get_y())
    document.ln(12)
    centred(texts["certifies"], size=14, style="I", gap=5)
    centred(city_name, size=_name_size(document, city_name, width - 60), style="B", color=NAVY, gap=1)
    centred(texts["place"], size=13, gap=10)
    centred(texts["rank"], size=20, style="B", gap=4)
    centred(texts["since"], size=13, gap=3)

    # Bottom: the date of issue on the left, the QR code and its address on the right; the other way round on a
    # right-to-left certificate. The address and the code read left to right in every language.
    right_to_left = document.text_shaping["direction"] == TextDirection.RTL

    def at(x: float, box_width: float) -> float:
        return width - x - box_width if right_to_left else x

    outer, inner = ("L", "R") if right_to_left else ("R", "L")
    bottom = height - 22
    qr_size = 34
    document.image(
        qr_code_png(verify_url), x=at(width - 25 - qr_size, qr_size), y=bottom - qr_size, w=qr_size, h=qr_size
    )
    document.set_font("DejaVuSerif", "", 8)
    document.set_text_color(*INK)
    document.set_xy(at(width - 25 - qr_size - 118, 115), bottom - 16)
    document.multi_cell(115, 4, texts["check"], align=outer, new_x="LEFT", new_y="NEXT")
    address_top = document.get_y()
    document.set_font("DejaVuSerif", "I", 11)
    document.set_xy(at(30, 100), bottom - 12)
    document.cell(100, 6, texts["issued"], align=inner)
    document.set_text_shaping(True, direction="ltr")
    document.set_font("DejaVuSerif", "", 8)
    document.set_xy(at(width - 25 - qr_size - 118, 115), address_top)
    document.multi_cell(115, 4, verify_url, align=outer)
    document.set_font("DejaVuSerif", "", 7)
    document.set_xy(at(30, 100), bottom - 5)
    document.cell(100, 4, code, align=inner)


def _name_size(document: FPDF, name: str, line_width: float) -> float:
    """The largest size, 34 points down to 12, at which the city's name takes one line, or two below 24 points: a
    name of 200 characters still leaves room for the rest of the page."""
    for size in range(34, 11, -2):
        document.set_font("DejaVuSerif", "B", size)
        if document.get_string_width(name) <= line_width * (1 if size >= 24 else 2) * 0.95:
            return size
    return 12
