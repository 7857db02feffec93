from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path(
        "dashboard/cities/<slug:slug>/certificate/<str:paper>/",
        views.certificate_download,
        name="certificate_download",
    ),
    path("verify/<str:code>/", views.certificate_verify, name="verify"),
]
