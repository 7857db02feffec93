"""Coordinators add and edit their city's initiatives."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from members.selectors import city_coordinated_by

from .filtersets import InitiativeDirectoryFilterSet
from .forms import InitiativeForm
from .models import Initiative
from .services import initiative_create

INITIATIVES_PER_PAGE = 30


@login_required
def initiative_new(request: HttpRequest, slug: str) -> HttpResponse:
    city = city_coordinated_by(request.user, slug)
    form = InitiativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        initiative_create(city=city, initiative=form.save(commit=False))
        messages.success(request, _("Initiative added."))
        return redirect("members:city_manage", slug=city.slug)
    status = 400 if form.errors else 200
    return render(request, "initiatives/initiative_form.html", {"city": city, "form": form}, status=status)


@login_required
def initiative_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city = city_coordinated_by(request.user, slug)
    initiative = get_object_or_404(city.initiatives, pk=pk)
    form = InitiativeForm(request.POST or None, instance=initiative)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Initiative updated."))
        return redirect("members:city_manage", slug=city.slug)
    status = 400 if form.errors else 200
    context = {"city": city, "form": form, "initiative": initiative}
    return render(request, "initiatives/initiative_form.html", context, status=status)


def initiative_list(request: HttpRequest) -> HttpResponse:
    directory = InitiativeDirectoryFilterSet(
        request.GET,
        queryset=Initiative.objects.of_active_members().select_related("city").order_by("-updated_at", "id"),
    )
    # An invalid value (an unknown category or country, a search too long) is reported by the form, and the list
    # is left unfiltered.
    initiatives = directory.qs if directory.is_valid() else directory.queryset
    page = Paginator(initiatives, INITIATIVES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "initiatives/initiative_list.html", {"form": directory.form, "page": page, "query": query.urlencode()}
    )


def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = get_object_or_404(Initiative.objects.select_related("city"), slug=slug)
    related = (
        Initiative.objects.of_active_members()
        .filter(category=initiative.category)
        .exclude(pk=initiative.pk)
        .select_related("city")
        .order_by("-updated_at")[:5]
    )
    return render(request, "initiatives/initiative_detail.html", {"initiative": initiative, "related": related})
