"""Coordinators add and edit their city's initiatives, invite partner cities and answer invitations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from icp_portal.uploads import protected_download
from members.selectors import city_coordinated_by

from .filtersets import InitiativeDirectoryFilterSet
from .forms import InitiativeForm, PartnerInviteForm
from .models import Initiative, InitiativePartner
from .services import (
    initiative_create,
    initiative_partner_accept,
    initiative_partner_decline,
    initiative_partner_end,
    initiative_partner_invite,
    may_answer,
)

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


@login_required
def initiative_partners(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The organiser's page of an initiative's partner cities: who is invited, who accepted, and the invitation."""
    city = city_coordinated_by(request.user, slug)
    initiative = get_object_or_404(city.initiatives, pk=pk)
    form = PartnerInviteForm(request.POST or None, initiative=initiative)
    if request.method == "POST" and form.is_valid():
        partner = form.cleaned_data["partner"]
        initiative_partner_invite(initiative=initiative, city=partner, invited_by=request.user)
        messages.success(
            request, _("%(city)s is invited; its coordinators have been sent an e-mail.") % {"city": partner.name}
        )
        return redirect("initiatives:partners", slug=city.slug, pk=initiative.pk)
    partnerships = initiative.partnerships.select_related("city", "invited_by", "answered_by", "ended_by")
    context = {"city": city, "initiative": initiative, "form": form, "partnerships": partnerships}
    return render(request, "initiatives/initiative_partners.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def initiative_partner_end_view(request: HttpRequest, slug: str, pk: int, partner_pk: int) -> HttpResponse:
    city = city_coordinated_by(request.user, slug)
    partnership = get_object_or_404(
        InitiativePartner.objects.select_related("city"), pk=partner_pk, initiative__pk=pk, initiative__city=city
    )
    try:
        initiative_partner_end(partnership=partnership, user=request.user)
    except ValidationError as refusal:
        messages.error(request, refusal.messages[0])
    else:
        messages.success(request, _("%(city)s is no longer a partner or invited.") % {"city": partnership.city.name})
    return redirect("initiatives:partners", slug=city.slug, pk=pk)


@login_required
def initiative_partner_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The invited city's coordinator reads the invitation and accepts or declines it."""
    partnership = get_object_or_404(
        InitiativePartner.objects.for_coordinator(request.user).select_related("city", "initiative__city").distinct(),
        pk=pk,
    )
    if request.method == "POST":
        answer = request.POST.get("answer")
        services = {"accept": initiative_partner_accept, "decline": initiative_partner_decline}
        if answer not in services:
            messages.error(request, _("Choose to accept or decline the invitation."))
        elif not may_answer(user=request.user, partnership=partnership):
            messages.error(request, _("This invitation was already answered or withdrawn."))
        else:
            services[answer](partnership=partnership, user=request.user)
            done = _("You accepted the invitation.") if answer == "accept" else _("You declined the invitation.")
            messages.success(request, done)
            return redirect("dashboard")
    context = {"partnership": partnership, "may_answer": may_answer(user=request.user, partnership=partnership)}
    return render(request, "initiatives/partner_answer.html", context)


def agreement_document(request: HttpRequest, name: str) -> HttpResponseBase:
    """The signed PDF of an alliance agreement, as a download that no browser runs."""
    if "\x00" in name:  # no stored name has one, and PostgreSQL refuses it in a query
        raise Http404
    initiative = get_object_or_404(Initiative.objects.select_related("city"), agreement_document=name)
    if not initiative.agreement_visible_to(request.user):
        raise Http404
    filename = f"{initiative.slug}-alliance-agreement.pdf"
    return protected_download(
        initiative.agreement_document.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/pdf",
        cache_control="private, no-cache",
    )
