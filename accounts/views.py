"""A person's own pages: their dashboard, details and settings, their data as a download, and its deletion."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from applications.selectors import applications_of
from icp_portal.i18n import set_language_cookie
from members.models import City

from .forms import AccountDeleteForm, AccountSettingsForm, PersonDetailsForm
from .privacy import user_delete, user_personal_data


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    context = {
        "applications": applications_of(request.user),
        "cities": City.objects.coordinated_by(request.user).order_by("name"),
    }
    return render(request, "accounts/dashboard.html", context)


@login_required
def my_data(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(
        user_personal_data(request.user), encoder=DjangoJSONEncoder, json_dumps_params={"indent": 2}
    )
    response["Content-Disposition"] = 'attachment; filename="my-icp-portal-data.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user_delete(user=request.user)
        logout(request)
        messages.success(request, _("Your account and personal data are deleted."))
        return redirect("home")
    return render(request, "accounts/account_delete.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def account_details(request: HttpRequest) -> HttpResponse:
    """Accounts made before sign-up asked for a name give it here, once; then they go on where they were going."""
    wanted = request.POST.get("next") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(wanted, {request.get_host()}, require_https=request.is_secure()):
        wanted = ""
    form = PersonDetailsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Thank you. ICP will address you as %(name)s.") % {"name": request.user.full_name})
        return redirect(wanted or "dashboard")
    status = 400 if form.errors else 200
    return render(request, "accounts/account_details.html", {"form": form, "next": wanted}, status=status)


@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    form = AccountSettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # The portal answers in the language just chosen: the page after saving, and every page without a language
        # in its address (the cookie stands before the account, as the switcher's choice does).
        with translation.override(user.language):
            messages.success(request, _("Your settings are saved."))
            response = redirect("account_settings")
        set_language_cookie(response, user.language)
        return response
    return render(request, "accounts/account_settings.html", {"form": form}, status=400 if form.errors else 200)
