"""The applicant's pages: the form, the status of an application, and the supporters' confirmation."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.geography import place_coordinates

from . import workflow
from .forms import AnswerForm, ApplicationEditor, SignatoryReplaceForm, WithdrawForm
from .models import Application, ApplicationPhoto, Signatory
from .selectors import similar_communities
from .services import (
    SignatoryChangeRefused,
    application_answer,
    application_start,
    application_submission_errors,
    application_submit,
    application_withdraw,
    signatory_confirm,
    signatory_decline,
    signatory_from_token,
    signatory_not_replaceable,
    signatory_replace,
    signatory_resend,
)
from .validators import image_type
from .workflow import (
    REQUIRED_SIGNATORIES,
    TransitionRefused,
    confirmed_signatory_count,
    may_read,
    signatory_awaits_answer,
    signatory_may_be_replaced,
    signatory_may_be_resent,
    signatory_may_decline,
    signatory_resend_available_at,
    signatory_state,
)


def _own_application(request: HttpRequest, pk: int) -> Application:
    # Another person's application answers 404: not even its existence is disclosed.
    return get_object_or_404(Application, pk=pk, applicant=request.user)


@login_required
def application_new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            form_token = uuid.UUID(request.POST.get("form_token", ""))
        except ValueError:
            form_token = uuid.uuid4()
        application = application_start(applicant=request.user, form_token=form_token)
        if not workflow.is_editable(application):  # the same form posted again after it was submitted
            return redirect(application)
        return _edit(request, application)
    application = Application(applicant=request.user)
    return _render_editor(request, ApplicationEditor(application))


@login_required
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own_application(request, pk)
    if not workflow.is_editable(application):
        messages.info(request, _("This application can no longer be edited."))
        return redirect(application)
    if request.method == "POST":
        return _edit(request, application)
    return _render_editor(request, ApplicationEditor(application))


def _edit(request: HttpRequest, application: Application) -> HttpResponse:
    editor = ApplicationEditor(application, request.POST, request.FILES)
    valid = editor.is_valid()
    application = editor.save_valid_parts()
    if _prefill_location(application):
        messages.info(
            request,
            _("We filled in the location of %(name)s from GeoNames; correct it if needed.")
            % {"name": application.name},
        )
    wants_submit = "submit" in request.POST
    if not valid:
        messages.error(request, _("Some answers need another look; they are marked below. Everything else is saved."))
        return _render_editor(request, editor, status=400)
    if not wants_submit:
        messages.success(request, _("Draft saved. You can come back to it at any time."))
        return redirect("applications:edit", pk=application.pk)
    return _submit(request, editor, application)


def _submit(request: HttpRequest, editor: ApplicationEditor, application: Application) -> HttpResponse:
    similar = similar_communities(
        name=application.name, country=application.country.code, exclude_application_id=application.pk
    )
    if similar and not application.distinct_community_confirmed:
        editor.form.add_error(
            "distinct_community_confirmed",
            _(
                "A City of Peace with a similar name exists in this country. "
                "Confirm that yours is a different community, or contact ICP at %(email)s."
            )
            % {"email": settings.ICP_CONTACT_EMAIL},
        )
        return _render_editor(request, editor, status=400)
    try:
        if workflow.may_be_answered(application):
            return redirect(application)  # changes are sent with an answer, on the status page
        application_submit(application=application, actor=request.user)
    except ValidationError as error:
        for field, field_errors in error.message_dict.items():
            target = field if field in editor.form.fields else None
            for message in field_errors:
                editor.form.add_error(target, message)
        messages.error(request, _("The application is saved as a draft, but a few things are missing to submit it."))
        return _render_editor(request, editor, status=400)
    messages.success(request, _("Thank you: your application is submitted. We have asked your supporters to confirm."))
    return redirect(application)


def _prefill_location(application: Application) -> bool:
    if application.latitude is not None or not application.name or not application.country:
        return False
    coordinates = place_coordinates(application.name, application.country.code)
    if not coordinates:
        return False
    application.latitude, application.longitude = coordinates
    application.save(update_fields=["latitude", "longitude", "updated_at"])
    return True


def _render_editor(request: HttpRequest, editor: ApplicationEditor, status: int = 200) -> HttpResponse:
    application = editor.application
    context = {
        "editor": editor,
        "application": application,
        "form_token": application.form_token,
        "similar": similar_communities(
            name=application.name,
            country=application.country.code if application.country else "",
            exclude_application_id=application.pk,
        )
        if application.pk
        else [],
        "missing": application_submission_errors(application) if application.pk else {},
    }
    return render(request, "applications/application_form.html", context, status=status)


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own_application(request, pk)
    answer_form = AnswerForm(request.POST or None) if workflow.may_be_answered(application) else None
    if request.method == "POST" and answer_form is not None and answer_form.is_valid():
        try:
            application_answer(application=application, actor=request.user, message=answer_form.cleaned_data["message"])
        except ValidationError as error:
            for field_errors in error.message_dict.values():
                for message in field_errors:
                    answer_form.add_error(None, message)
        else:
            messages.success(request, _("Your answer is sent and the application is back with ICP."))
            return redirect(application)
    context = {
        "application": application,
        "status_changes": application.status_changes.select_related("actor"),
        "conversation": application.messages.all(),
        "signatories": _signatories_with_actions(application),
        "confirmed_count": confirmed_signatory_count(application),
        "required_signatories": REQUIRED_SIGNATORIES,
        "photos": application.photos.all(),
        "answer_form": answer_form,
        "withdraw_form": WithdrawForm(),
    }
    return render(request, "applications/application_detail.html", context)


@login_required
@require_POST
def application_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own_application(request, pk)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        application_withdraw(application=application, actor=request.user, reason=reason)
    except TransitionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The application is withdrawn."))
    return redirect(application)


def _private_file(field_file, download_name: str, content_type: str | None = None) -> FileResponse:
    response = FileResponse(
        field_file.open("rb"), as_attachment=True, filename=download_name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _document_response(request: HttpRequest, application: Application) -> FileResponse:
    if not may_read(request.user, application) or not application.proclamation_document:
        raise Http404
    return _private_file(application.proclamation_document, f"proclamation-{application.pk}.pdf")


def _photo_response(request: HttpRequest, photo: ApplicationPhoto) -> FileResponse:
    if not may_read(request.user, photo.application):
        raise Http404
    # Named and typed by what the content is, never by the stored name: photos stored before names followed the
    # checked type kept the sender's suffix (.html included). What is neither a JPEG nor a PNG is served as bytes.
    checked = image_type(photo.image.open("rb"))
    suffix, content_type = checked if checked else ("", "application/octet-stream")
    return _private_file(photo.image, f"photo-{photo.pk}{suffix}", content_type)


@login_required
def application_document(request: HttpRequest, pk: int) -> FileResponse:
    return _document_response(request, get_object_or_404(Application, pk=pk))


@login_required
def application_photo(request: HttpRequest, pk: int, photo_pk: int) -> FileResponse:
    photo = get_object_or_404(ApplicationPhoto.objects.select_related("application"), pk=photo_pk, application_id=pk)
    return _photo_response(request, photo)


@login_required
def application_upload(request: HttpRequest, name: str) -> FileResponse:
    """An upload by its stored name: where the private storage's url() leads (admin's "Currently: ..." link).
    Whoever may not read its application learns nothing, not even whether the file exists."""
    application = Application.objects.filter(proclamation_document=name).first()
    if application is not None:
        return _document_response(request, application)
    photo = ApplicationPhoto.objects.select_related("application").filter(image=name).first()
    if photo is not None:
        return _photo_response(request, photo)
    raise Http404


def signatory_support(request: HttpRequest, token: str) -> HttpResponse:
    """A supporter confirms from the link in their e-mail: no account needed, a button press (not the GET) confirms."""
    signatory = signatory_from_token(token)
    if signatory is None:
        return render(request, "applications/support_invalid.html", status=404)
    if request.method == "POST":
        if "decline" in request.POST:
            signatory = signatory_decline(signatory=signatory)
        else:
            signatory = signatory_confirm(signatory=signatory)
    context = {
        "signatory": signatory,
        "application": signatory.application,
        "may_decline": signatory_may_decline(signatory),
    }
    return render(request, "applications/support.html", context)


def _signatories_with_actions(application: Application) -> list[Signatory]:
    """The signatories as the applicant sees them: where each stands, and what may still be done about it."""
    signatories, now = list(application.signatories.all()), timezone.now()
    for signatory in signatories:
        signatory.application = application  # the predicates read its status: no query per row
        signatory.state = signatory_state(signatory)
        signatory.may_be_resent = signatory_may_be_resent(signatory, now=now)
        # Waiting, but invited less than an hour ago: the page says when, rather than offer a button that refuses.
        too_soon = signatory_awaits_answer(signatory) and not signatory.may_be_resent
        signatory.resend_from = signatory_resend_available_at(signatory) if too_soon else None
        signatory.may_be_replaced = signatory_may_be_replaced(signatory)
    return signatories


def _own_signatory(request: HttpRequest, pk: int, signatory_pk: int) -> Signatory:
    return get_object_or_404(
        Signatory.objects.select_related("application"),
        pk=signatory_pk,
        application__pk=pk,
        application__applicant=request.user,
    )


@login_required
@require_POST
def signatory_resend_view(request: HttpRequest, pk: int, signatory_pk: int) -> HttpResponse:
    signatory = _own_signatory(request, pk, signatory_pk)
    try:
        signatory_resend(signatory=signatory, actor=request.user)
    except SignatoryChangeRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The invitation is sent again to %(name)s.") % {"name": signatory.name})
    return redirect(signatory.application.get_absolute_url() + "#signatories-heading")


@login_required
def signatory_replace_view(request: HttpRequest, pk: int, signatory_pk: int) -> HttpResponse:
    signatory = _own_signatory(request, pk, signatory_pk)
    application = signatory.application
    if not signatory_may_be_replaced(signatory):
        messages.error(request, str(signatory_not_replaceable(signatory)))
        return redirect(application)
    form = SignatoryReplaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        replaced = signatory.name
        try:
            replacement = signatory_replace(signatory=signatory, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                for message in field_errors:
                    form.add_error(field if field in form.fields else None, message)
        except SignatoryChangeRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                _("%(new)s replaces %(old)s and is asked to confirm.") % {"new": replacement.name, "old": replaced},
            )
            return redirect(application.get_absolute_url() + "#signatories-heading")
    context = {"application": application, "signatory": signatory, "form": form}
    return render(request, "applications/signatory_replace.html", context, status=400 if form.errors else 200)
