"""Coordinators add and edit their city's initiatives."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from members.selectors import city_coordinated_by

from .forms import InitiativeForm
from .services import initiative_create


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
