"""The survey's QR code for posters, as the certificate's (qrcode, medium error correction, the quiet zone scanners
need): a PNG large enough for an A4 poster (about 1,100 pixels square for a survey link), and an SVG for any size."""

import io

import qrcode
from qrcode.image.pil import PilImage
from qrcode.image.svg import SvgPathImage

QR_FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
POSTER_PIXELS_PER_MODULE = 32


def survey_qr_code(url: str, image_format: str) -> bytes:
    # An SVG's module is a millimetre whatever the box size (it scales to any poster); a PNG's is that many pixels.
    png = image_format == "png"
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, box_size=POSTER_PIXELS_PER_MODULE if png else 10
    )
    code.add_data(url)
    buffer = io.BytesIO()
    code.make_image(image_factory=PilImage if png else SvgPathImage).save(buffer)
    return buffer.getvalue()
