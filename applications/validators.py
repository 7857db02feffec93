"""Checks on uploaded photos; they live in icp_portal/images.py, shared with member cities' photos. The names stay
importable from here: migrations and older code name them so."""

from icp_portal.images import (  # noqa: F401 - re-exported
    ALLOWED_IMAGE_FORMATS,
    IMAGE_TYPES,
    PHOTO_MAX_PIXELS,
    ImageType,
    image_type,
    too_many_pixels,
    validate_photo,
)
