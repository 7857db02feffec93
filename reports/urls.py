from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("dashboard/cities/<slug:slug>/reports/<int:year>/", views.report_edit, name="edit"),
    path("cities/<slug:slug>/reports/<int:year>/", views.report_public, name="public"),
    path("cities/<slug:slug>/reports/<int:year>/photos/<int:pk>/", views.report_photo, name="photo"),
]
