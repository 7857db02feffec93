from django.urls import path

from . import views

app_name = "proclamations"

urlpatterns = [
    path("dashboard/cities/<slug:slug>/proclamations/new/", views.proclamation_new, name="new"),
    path("dashboard/cities/<slug:slug>/proclamations/<int:pk>/", views.proclamation_edit, name="edit"),
    path("documents/<path:name>", views.proclamation_document, name="document"),
]
