"""Where uploaded files live, and how the portal hands one out once a view has decided who may read it.

Two storages, on local disk or in the deployment's S3 bucket, never public there:
- public media (member cities' photos, proclamations' signed documents, alliance agreements): every link leads
  through a route of the portal (`members:city_photo`, `proclamations:document`, `initiatives:agreement_document`),
  which serves a file only while its row allows it;
- private uploads (applications' documents and photos, member lists waiting between preview and import): apart
  from public media, linked only through `applications:upload`, which serves them to those who may read the
  application. Approval copies an application's files to public media.

Each storage is lazy, so a test that moves MEDIA_ROOT or PRIVATE_MEDIA_ROOT is honoured, and reached through a
callable for FileField(storage=...), which keeps the deployment's storage out of the migrations.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.http import FileResponse
from django.urls import reverse
from django.utils.functional import LazyObject


class _LinkedThroughThePortal:
    route = ""

    def url(self, name: str) -> str:
        return reverse(self.route, kwargs={"name": name})


class _FileSystemLinkedThroughThePortal(_LinkedThroughThePortal, FileSystemStorage):
    pass


class MediaLinkedThroughThePortal(LazyObject):
    """The deployment's media storage, whose links lead to `route` (a URL name taking the file's `name`)."""

    route = ""

    def _setup(self) -> None:
        storage: Storage
        if settings.S3_BUCKET:
            from storages.backends.s3 import S3Storage

            class S3LinkedThroughThePortal(_LinkedThroughThePortal, S3Storage):
                pass

            storage = S3LinkedThroughThePortal(**{**settings.S3_OPTIONS, "default_acl": "private"})
        else:
            storage = _FileSystemLinkedThroughThePortal()  # MEDIA_ROOT, read when used
        storage.route = self.route
        self._wrapped = storage


class CityPhotoStorage(MediaLinkedThroughThePortal):
    route = "members:city_photo"


class DocumentStorage(MediaLinkedThroughThePortal):
    route = "proclamations:document"


class AgreementStorage(MediaLinkedThroughThePortal):
    route = "initiatives:agreement_document"


class PrivateStorage(LazyObject):
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


city_photo_storage = CityPhotoStorage()
document_storage = DocumentStorage()
private_storage = PrivateStorage()
agreement_storage = AgreementStorage()


def get_city_photo_storage() -> CityPhotoStorage:
    return city_photo_storage


def get_document_storage() -> DocumentStorage:
    return document_storage


def get_agreement_storage() -> AgreementStorage:
    return agreement_storage


def get_private_storage() -> PrivateStorage:
    return private_storage


def protected_download(
    file, *, cache_control: str, content_type: str | None = None, filename: str = "", as_attachment: bool = False
) -> FileResponse:
    """An open stored file as the answer, once the view has checked who may read it. The type is the one the view
    found in the content (or the file name's), and no browser guesses another: nothing uploaded ever runs as a
    page."""
    response = FileResponse(file, as_attachment=as_attachment, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache_control
    return response
