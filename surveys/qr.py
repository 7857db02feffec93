"""The survey's QR code for posters: the PNG the certificate prints (certificates.pdf), and an SVG that scales to
any poster size."""

import io

import qrcode
from qrcode.image.svg import SvgPathImage

from certificates.pdf import qr_code_png

QR_FORMATS = {"png": "image/png", "svg": "image/svg+xml"}


def survey_qr_code(url: str, image_format: str) -> bytes:
    if image_format == "png":
        return qr_code_png(url).getvalue()
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(url)
    buffer = io.BytesIO()
    code.make_image(image_factory=SvgPathImage).save(buffer)
    return buffer.getvalue()
