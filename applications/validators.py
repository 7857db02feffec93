"""Checks on uploaded photos: really an image, really JPEG or PNG, at most 5 MB."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from .choices import PHOTO_MAX_BYTES

ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG"}


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
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(_("The photo must be a JPEG or PNG image."), code="photo_not_image") from error
    finally:
        upload.seek(position)
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(_("The photo must be a JPEG or PNG image."), code="photo_wrong_format")
