"""Where application uploads live: apart from public media, with no public URL, until ICP approves them. Every link
to one (admin's "Currently: ..." included) goes through `applications:upload`, which serves it only to those who
may read the application."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from django.utils.functional import LazyObject


class PrivateStorage(LazyObject):
    # Lazy, so a test that moves PRIVATE_MEDIA_ROOT is honoured.
    def _setup(self) -> None:
        if settings.S3_BUCKET:
            from storages.backends.s3 import S3Storage

            # The same bucket, under private/, never public: files are read by the portal and streamed
            # to the people allowed to see them.
            self._wrapped = S3Storage(**{**settings.S3_OPTIONS, "location": "private", "default_acl": "private"})
        else:
            self._wrapped = FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)

    def url(self, name: str) -> str:
        return reverse("applications:upload", kwargs={"name": name})


private_storage = PrivateStorage()


def get_private_storage() -> PrivateStorage:
    """For FileField(storage=...): a callable keeps the deployment's location out of the migrations."""
    return private_storage
