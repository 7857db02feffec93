"""Coordinators add and edit their city's proclamations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _

from icp_portal.uploads import protected_download
from members.selectors import city_coordinated_by

from .forms import ProclamationForm
from .models import Proclamation


@login_required
def proclamation_new(request: HttpRequest, slug: str) -> HttpResponse:
    city = city_coordinated_by(request.user, slug)
    form = ProclamationForm(request.POST or None, request.FILES or None, instance=Proclamation(city=city))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Proclamation added."))
        return redirect("members:city_manage", slug=city.slug)
    status = 400 if form.errors else 200
    return render(request, "proclamations/proclamation_form.html", {"city": city, "form": form}, status=status)


@login_required
def proclamation_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city = city_coordinated_by(request.user, slug)
    proclamation = get_object_or_404(city.proclamations, pk=pk)
    form = ProclamationForm(request.POST or None, request.FILES or None, instance=proclamation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Proclamation updated."))
        return redirect("members:city_manage", slug=city.slug)
    status = 400 if form.errors else 200
    context = {"city": city, "form": form, "proclamation": proclamation}
    return render(request, "proclamations/proclamation_form.html", context, status=status)


def proclamation_document(request: HttpRequest, name: str) -> HttpResponseBase:
    """A proclamation's signed document, to those who may see it, as a download that no browser runs."""
    if "\x00" in name:  # no stored name has one, and PostgreSQL refuses it in a query
        raise Http404
    proclamation = get_object_or_404(Proclamation.objects.select_related("city"), document=name)
    if not proclamation.document_visible_to(request.user):
        raise Http404
    headers = {"X-Content-Type-Options": "nosniff"}
    if proclamation.is_public:
        # No shared cache keeps it, and the browser asks again before each use: a document unpublished is refused at
        # once; an unchanged one costs a 304 (checked only after who may see it, above).
        last_modified = int(proclamation.updated_at.timestamp())
        headers |= {"Cache-Control": "private, no-cache", "Last-Modified": http_date(last_modified)}
        conditional = get_conditional_response(request, last_modified=last_modified)
        if conditional is not None:
            return _with_headers(conditional, headers)
    else:
        # Seen only by its city's coordinators and staff: no cache keeps a copy at all.
        headers["Cache-Control"] = "private, no-store"
    filename = f"{proclamation.city.slug}-{proclamation.kind.replace('_', '-')}-{proclamation.adopted_on:%Y}.pdf"
    response = protected_download(
        proclamation.document.open("rb"), as_attachment=True, filename=filename, cache_control=headers["Cache-Control"]
    )
    return _with_headers(response, headers)


def _with_headers(response: HttpResponseBase, headers: dict[str, str]) -> HttpResponseBase:
    for header, value in headers.items():
        response[header] = value
    return response
