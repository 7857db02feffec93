"""Checks on uploaded photos: really an image, really JPEG or PNG, at most 5 MB and 50 megapixels."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from .choices import PHOTO_MAX_BYTES

ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG"}
# A phone's photo has 12 to 50 megapixels; a PNG of a few kilobytes can claim billions, to exhaust the memory of
# whatever later decodes it.
PHOTO_MAX_PIXELS = 50_000_000


def validate_photo(upload) -> None:
    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError(
            _("The photo is %(size)s MB; the limit is 5 MB."),
            params={"size": f"{upload.size / 1024 / 1024:.1f}"},
            code="photo_too_large",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()  # decodes the structure: a renamed file or a truncated image fails here
            pixels = image.width * image.height
    except Image.DecompressionBombError as error:  # a few bytes claiming a vast picture, made to exhaust memory
        raise too_many_pixels() from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(_("The photo must be a JPEG or PNG image."), code="photo_not_image") from error
    finally:
        upload.seek(position)
    if pixels > PHOTO_MAX_PIXELS:
        raise too_many_pixels()
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(_("The photo must be a JPEG or PNG image."), code="photo_wrong_format")


def too_many_pixels() -> ValidationError:
    return ValidationError(
        _("The photo has more than %(limit)s megapixels; please send a smaller one."),
        params={"limit": PHOTO_MAX_PIXELS // 1_000_000},
        code="photo_too_many_pixels",
    )
