"""Where member cities' photos live: the deployment's media storage (local disk or S3), linked through the portal
(`members:city_photo`), which serves a photo only while it belongs to a city. An application's photos stay in
private storage; approval copies them here."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from django.utils.functional import LazyObject


class _LinkedThroughThePortal:
    def url(self, name: str) -> str:
        return reverse("members:city_photo", kwargs={"name": name})


class _FileSystemPhotos(_LinkedThroughThePortal, FileSystemStorage):
    pass


class CityPhotoStorage(LazyObject):
    # Lazy, so a test that moves MEDIA_ROOT is honoured.
    def _setup(self) -> None:
        if settings.S3_BUCKET:
            from storages.backends.s3 import S3Storage

            class S3Photos(_LinkedThroughThePortal, S3Storage):
                pass

            self._wrapped = S3Photos(**{**settings.S3_OPTIONS, "default_acl": "private"})
        else:
            self._wrapped = _FileSystemPhotos()  # MEDIA_ROOT, read when used


city_photo_storage = CityPhotoStorage()


def get_city_photo_storage() -> CityPhotoStorage:
    """For FileField(storage=...): a callable keeps the deployment's storage out of the migrations."""
    return city_photo_storage
