from django.urls import path

from . import views

app_name = "initiatives"

urlpatterns = [
    path("initiatives/", views.initiative_list, name="list"),
    path("initiatives/<slug:slug>/", views.initiative_detail, name="detail"),
    path("agreements/<path:name>", views.agreement_document, name="agreement_document"),
    path("dashboard/cities/<slug:slug>/initiatives/new/", views.initiative_new, name="new"),
    path("dashboard/cities/<slug:slug>/initiatives/<int:pk>/", views.initiative_edit, name="edit"),
    path("dashboard/cities/<slug:slug>/initiatives/<int:pk>/partners/", views.initiative_partners, name="partners"),
    path(
        "dashboard/cities/<slug:slug>/initiatives/<int:pk>/partners/<int:partner_pk>/end/",
        views.initiative_partner_end_view,
        name="partner_end",
    ),
    path("dashboard/joint-projects/<int:pk>/", views.initiative_partner_answer, name="partner_answer"),
]
