"""Checks on uploaded photos: really an image, really JPEG or PNG, at most 5 MB and 50 megapixels.

Shared by every app that takes photos (an application's, a member city's), so it sits below them all."""

from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

PHOTO_MAX_BYTES = 5 * 1024 * 1024


class ImageType(NamedTuple):
    suffix: str
    content_type: str


# The formats a photo may be, as Pillow names them, with the name and type a stored or served photo takes: always
# these, never the uploader's file name (a PNG sent as page.html is stored and served as a PNG).
IMAGE_TYPES = {"JPEG": ImageType(".jpg", "image/jpeg"), "PNG": ImageType(".png", "image/png")}
ALLOWED_IMAGE_FORMATS = set(IMAGE_TYPES)
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


def image_type(file) -> ImageType | None:
    """The type of an image file, from its content (Pillow reads only the header); None if it is neither a JPEG nor
    a PNG. The file's position is left where it was."""
    position = file.tell()
    try:
        file.seek(0)
        with Image.open(file) as image:
            return IMAGE_TYPES.get(image.format)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        return None
    finally:
        file.seek(position)
