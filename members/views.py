from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from icp_portal.images import image_type
from icp_portal.uploads import protected_download

from .filtersets import CityDirectoryFilterSet
from .forms import CityPhotoForm, CityProfileForm, CoordinatorInviteForm
from .models import City, CityPhoto, Coordinator
from .selectors import cities_near, city_coordinated_by, city_peers, map_points
from .services import (
    InvitationInvalid,
    city_photo_add,
    city_photo_remove,
    city_profile_set,
    coordinator_invitation_accept,
    coordinator_invitation_check,
    coordinator_invitation_revoke,
    coordinator_invite,
)

CITIES_PER_PAGE = 50


def city_list(request: HttpRequest) -> HttpResponse:
    directory = CityDirectoryFilterSet(request.GET, queryset=City.objects.active().order_by("name", "id"))
    # An invalid value (a mistyped date, an unknown code) is reported by the form, and the list is left unfiltered.
    cities = directory.qs if directory.is_valid() else directory.queryset
    page = Paginator(cities, CITIES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "directory": directory, "query": query.urlencode()}
    return render(request, "members/city_list.html", context)


def city_map(request: HttpRequest) -> HttpResponse:
    # The page is a frame: the browser draws the cities from the partner API's GeoJSON.
    return render(request, "members/city_map.html")


def joint_projects() -> list[Prefetch]:
    """The accepted partners of the city's initiatives, and the initiatives of other cities it is a partner of: two
    queries, whatever their number (the initiatives app's partnerships, read through the city's relations)."""
    partners = City.related_rows("initiative_partnerships").accepted().of_active_members()
    return [
        Prefetch("initiatives__partnerships", queryset=partners.select_related("city"), to_attr="accepted_partners"),
        Prefetch(
            "initiative_partnerships",
            queryset=partners.select_related("initiative__city").prefetch_related(
                Prefetch(
                    "initiative__partnerships", queryset=partners.select_related("city"), to_attr="accepted_partners"
                )
            ),
            to_attr="joint_partnerships",
        ),
    ]


def city_detail(request: HttpRequest, slug: str) -> HttpResponse:
    public_proclamations = Prefetch("proclamations", queryset=City.related_rows("proclamations").public())
    # Only coordinators who agreed to be shown: the others stay private.
    public_contacts = Prefetch(
        "coordinators",
        queryset=Coordinator.objects.shown_publicly().select_related("user"),
        to_attr="public_coordinators",
    )
    city = get_object_or_404(
        City.objects.prefetch_related(
            public_proclamations, "initiatives", public_contacts, "network_affiliations", "photos", *joint_projects()
        ),
        slug=slug,
    )
    nearby = (
        [near for near in cities_near(city.latitude, city.longitude, kilometres=150) if near.pk != city.pk]
        if city.has_location
        else []
    )
    context = {
        "city": city,
        "nearby": nearby,
        "map_points": map_points(city.name, city.latitude, city.longitude, nearby) if city.has_location else "",
        "peers": city_peers(city),
    }
    return render(request, "members/city_detail.html", context)


@login_required
def city_edit(request: HttpRequest, slug: str) -> HttpResponse:
    city = city_coordinated_by(request.user, slug)
    form = CityProfileForm(request.POST or None, instance=city)
    if request.method == "POST" and form.is_valid():
        city_profile_set(city=city, **{name: form.cleaned_data[name] for name in CityProfileForm.Meta.fields})
        messages.success(request, _("The public page of %(city)s is updated.") % {"city": city.name})
        return redirect("members:city_manage", slug=city.slug)
    return _render_city_edit(request, city, form, CityPhotoForm())


def _render_city_edit(request: HttpRequest, city: City, form: CityProfileForm, photo_form: CityPhotoForm):
    context = {"city": city, "form": form, "photo_form": photo_form, "photos": city.photos.all()}
    status = 400 if form.errors or photo_form.errors else 200
    return render(request, "members/city_edit.html", context, status=status)


@login_required
@require_POST
def city_photo_add_view(request: HttpRequest, slug: str) -> HttpResponse:
    city = city_coordinated_by(request.user, slug)
    photo_form = CityPhotoForm(request.POST, request.FILES)
    if photo_form.is_valid():
        try:
            city_photo_add(city=city, declared_by=request.user, **photo_form.cleaned_data)
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                for message in field_errors:
                    photo_form.add_error(field if field in photo_form.fields else None, message)
        else:
            messages.success(request, _("The photo is on the public page of %(city)s.") % {"city": city.name})
            return redirect(reverse("members:city_edit", kwargs={"slug": city.slug}) + "#photos-heading")
    return _render_city_edit(request, city, CityProfileForm(instance=city), photo_form)


@login_required
@require_POST
def city_photo_remove_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city = city_coordinated_by(request.user, slug)
    photo = get_object_or_404(city.photos.all(), pk=pk)
    city_photo_remove(photo=photo)
    messages.success(request, _("The photo is removed from the public page."))
    return redirect(reverse("members:city_edit", kwargs={"slug": city.slug}) + "#photos-heading")


def city_photo(request: HttpRequest, name: str) -> HttpResponseBase:
    """A photo of a member city, to everyone: only photos that belong to a city are here (an application's stay in
    private storage until approval copies them). Typed by its content, shown inline, never run as anything else."""
    if "\x00" in name:  # no stored name has one, and PostgreSQL refuses it in a query
        raise Http404
    photo = get_object_or_404(CityPhoto, image=name)
    try:
        file = photo.image.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    checked = image_type(file)
    if checked is None:  # never served as what it claims to be
        file.close()
        raise Http404
    # A photo taken off the page must leave caches soon: an hour at most.
    return protected_download(file, content_type=checked.content_type, cache_control="public, max-age=3600")


@login_required
def city_manage(request: HttpRequest, slug: str) -> HttpResponse:
    city = city_coordinated_by(request.user, slug)
    return _render_manage(request, city, CoordinatorInviteForm())


def _render_manage(request: HttpRequest, city: City, invite_form: CoordinatorInviteForm, status: int = 200):
    context = {
        "city": city,
        "initiatives": city.initiatives.all(),
        "proclamations": city.proclamations.all(),
        "coordinators": city.coordinators.select_related("user"),
        "invitations": city.invitations.pending().select_related("invited_by"),
        "invite_form": invite_form,
    }
    return render(request, "members/city_manage.html", context, status=status)


@login_required
@require_POST
def coordinator_invite_view(request: HttpRequest, slug: str) -> HttpResponse:
    city = city_coordinated_by(request.user, slug)
    form = CoordinatorInviteForm(request.POST)
    if form.is_valid():
        coordinator_invite(city=city, invited_by=request.user, email=form.cleaned_data["email"])
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
        return redirect("members:city_manage", slug=city.slug)
    return _render_manage(request, city, form, status=400)


@login_required
@require_POST
def coordinator_invitation_revoke_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city = city_coordinated_by(request.user, slug)
    invitation = get_object_or_404(city.invitations.all(), pk=pk)
    coordinator_invitation_revoke(invitation=invitation, actor=request.user)
    messages.success(request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email})
    return redirect("members:city_manage", slug=city.slug)


@login_required
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation: the page says at once why it cannot be accepted; a button press accepts."""
    try:
        if request.method == "POST":
            coordinator = coordinator_invitation_accept(token=token, user=request.user)
        else:
            invitation = coordinator_invitation_check(token=token, user=request.user)
            return render(request, "members/invitation_accept.html", {"invitation": invitation})
    except InvitationInvalid as invalid:
        return render(request, "members/invitation_accept.html", {"error": str(invalid)}, status=400)
    except PermissionDenied as denied:
        return render(request, "members/invitation_accept.html", {"error": str(denied)}, status=403)
    messages.success(request, _("You now coordinate %(city)s.") % {"city": coordinator.city.name})
    return redirect("members:city_manage", slug=coordinator.city.slug)
