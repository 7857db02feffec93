"""Where proclamation documents live: the deployment's media storage (local disk or S3), but every link to a
document goes through the portal (`proclamations:document`), which serves it to those allowed to see it. The
files themselves need no public web server or public bucket."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from django.utils.functional import LazyObject


class _LinkedThroughThePortal:
    def url(self, name: str) -> str:
        return reverse("proclamations:document", kwargs={"name": name})


class _FileSystemDocuments(_LinkedThroughThePortal, FileSystemStorage):
    pass


class DocumentStorage(LazyObject):
    # Lazy, so a test that moves MEDIA_ROOT is honoured.
    def _setup(self) -> None:
        if settings.S3_BUCKET:
            from storages.backends.s3 import S3Storage

            class S3Documents(_LinkedThroughThePortal, S3Storage):
                pass

            self._wrapped = S3Documents(**{**settings.S3_OPTIONS, "default_acl": "private"})
        else:
            self._wrapped = _FileSystemDocuments()  # MEDIA_ROOT, read when used


document_storage = DocumentStorage()


def get_document_storage() -> DocumentStorage:
    """For FileField(storage=...): a callable keeps the deployment's storage out of the migrations."""
    return document_storage
