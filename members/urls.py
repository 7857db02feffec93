from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("cities/", views.city_list, name="city_list"),
    path("map/", views.city_map, name="city_map"),
    path("cities/<slug:slug>/", views.city_detail, name="city_detail"),
    path("dashboard/cities/<slug:slug>/", views.city_manage, name="city_manage"),
    path("dashboard/cities/<slug:slug>/profile/", views.city_edit, name="city_edit"),
    path("dashboard/cities/<slug:slug>/photos/", views.city_photo_add_view, name="city_photo_add"),
    path(
        "dashboard/cities/<slug:slug>/photos/<int:pk>/remove/", views.city_photo_remove_view, name="city_photo_remove"
    ),
    path("city-photos/<path:name>", views.city_photo, name="city_photo"),
    path("dashboard/cities/<slug:slug>/invite/", views.coordinator_invite_view, name="coordinator_invite"),
    path(
        "dashboard/cities/<slug:slug>/invitations/<int:pk>/revoke/",
        views.coordinator_invitation_revoke_view,
        name="coordinator_invitation_revoke",
    ),
    path("dashboard/invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
