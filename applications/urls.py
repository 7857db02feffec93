from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("", views.application_new, name="new"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/edit/", views.application_edit, name="edit"),
    path("<int:pk>/step/<slug:slug>/", views.application_step, name="step"),
    path("<int:pk>/copy/", views.application_copy, name="copy"),
    path("<int:pk>/withdraw/", views.application_withdraw_view, name="withdraw"),
    path("<int:pk>/document/", views.application_document, name="document"),
    path("<int:pk>/photos/<int:photo_pk>/", views.application_photo, name="photo"),
    path("<int:pk>/signatories/<int:signatory_pk>/resend/", views.signatory_resend_view, name="signatory_resend"),
    path("<int:pk>/signatories/<int:signatory_pk>/replace/", views.signatory_replace_view, name="signatory_replace"),
    path("files/<path:name>", views.application_upload, name="upload"),
    path("support/<str:token>/", views.signatory_support, name="support"),
]
