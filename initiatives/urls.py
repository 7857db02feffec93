from django.urls import path

from . import views

app_name = "initiatives"

urlpatterns = [
    path("initiatives/", views.initiative_list, name="list"),
    path("initiatives/<slug:slug>/", views.initiative_detail, name="detail"),
    path("dashboard/cities/<slug:slug>/initiatives/new/", views.initiative_new, name="new"),
    path("dashboard/cities/<slug:slug>/initiatives/<int:pk>/", views.initiative_edit, name="edit"),
]
