"""The applicant's pages: the form, the status of an application, and the supporters' confirmation."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from icp_portal.uploads import protected_download
from members.choices import Pathway

from . import workflow
from .forms import AnswerForm, ApplicationEditor, SignatoryReplaceForm, WithdrawForm
from .models import Application, ApplicationPhoto, Signatory
from .selectors import application_answers, changes_request, similar_communities
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
from .steps import FIRST_STEP, PATHWAY_FIELDS, STEPS, STEPS_BY_SLUG, Step, next_step, previous_step, step_of
from .validators import image_type
from .workflow import (
    REQUIRED_SIGNATORIES,
    TransitionRefused,
    confirmed_signatory_count,
    is_editable,
    may_be_submitted,
    may_be_withdrawn,
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
    """Step 1 of a new application. Nothing is stored until the first step is saved with the community's name."""
    if request.method == "POST":
        try:
            form_token = uuid.UUID(request.POST.get("form_token", ""))
        except ValueError:
            form_token = uuid.uuid4()
        application = application_start(applicant=request.user, form_token=form_token)
        if application.pk and not is_editable(application):  # the same form posted again after it was submitted
            return redirect(application)
        return _save(request, application, _posted_step(request))
    application = Application(applicant=request.user)
    return _render_step(request, ApplicationEditor(application, step=FIRST_STEP))


@login_required
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The first step; a POST of the whole form (as the one-page form sent it) is still saved whole."""
    application = _own_application(request, pk)
    if not is_editable(application):
        messages.info(request, _("This application can no longer be edited."))
        return redirect(application)
    if request.method == "POST":
        return _save(request, application, _posted_step(request))
    return redirect("applications:step", pk=application.pk, slug=FIRST_STEP.slug)


@login_required
def application_step(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    application = _own_application(request, pk)
    step = STEPS_BY_SLUG.get(slug)
    if step is None:
        raise Http404
    if not is_editable(application):
        messages.info(request, _("This application can no longer be edited."))
        return redirect(application)
    if request.method == "POST":
        return _save(request, application, step)
    return _render_step(request, ApplicationEditor(application, step=step, similar=_similar(application)))


def _posted_step(request: HttpRequest) -> Step | None:
    # The step forms name their step; without one the POST is the whole form.
    return STEPS_BY_SLUG.get(request.POST.get("step", ""))


def _similar(application: Application) -> list:
    if not application.name or not application.country:
        return []
    return similar_communities(
        name=application.name, country=application.country.code, exclude_application_id=application.pk
    )


def _save(request: HttpRequest, application: Application, step: Step | None) -> HttpResponse:
    editor = ApplicationEditor(application, request.POST, request.FILES, step=step, similar=_similar(application))
    valid = editor.is_valid()
    application = editor.save_valid_parts(request.user)
    if application is None:  # an empty first step: nothing stored, the name is asked for
        return _render_step(request, editor, status=400)
    if editor.location_filled:
        messages.info(
            request,
            _("We filled in the location of %(name)s from GeoNames; correct it if needed.")
            % {"name": application.name},
        )
    if not valid:
        return _render_step(request, editor, status=400)
    if "submit" in request.POST:
        return _submit(request, editor, application)
    if step is None:
        messages.success(request, _("Draft saved. You can come back to it at any time."))
        return redirect("applications:edit", pk=application.pk)
    return redirect(_where_next(request, application, step))


def _where_next(request: HttpRequest, application: Application, step: Step) -> str:
    here = reverse("applications:step", kwargs={"pk": application.pk, "slug": step.slug})
    if "add_initiative" in request.POST:
        return here + "#initiatives-heading"
    if step.slug == "pathway" and application.pathway != request.POST.get("shown_pathway", application.pathway):
        return here + "#pathway-answers"  # without a script the chosen pathway's questions appear only now
    if "back" in request.POST:
        target = previous_step(step)
    elif "save" in request.POST:
        messages.success(request, _("Draft saved. You can come back to it at any time."))
        return application.get_absolute_url()
    else:
        target = next_step(step)
    if target is None:
        return here
    return reverse("applications:step", kwargs={"pk": application.pk, "slug": target.slug})


def _submit(request: HttpRequest, editor: ApplicationEditor, application: Application) -> HttpResponse:
    if not may_be_submitted(application):
        return redirect(application)  # changes are sent with an answer, on the status page
    try:
        application_submit(application=application, actor=request.user)
    except ValidationError as error:
        for name, problems in error.message_dict.items():
            for message in problems:
                if name in editor.form.fields:
                    editor.form.add_error(name, message)
                else:
                    editor.elsewhere.append({"message": message, "href": _answer_link(application, name)})
        return _render_step(request, editor, status=400)
    messages.success(request, _("Thank you: your application is submitted. We have asked your supporters to confirm."))
    return redirect(application)


def _answer_link(application: Application, name: str) -> str:
    """Where an answer is given: its step's page, at the field (or at the rows for initiatives and supporters)."""
    anchor = f"{name}-heading" if name in ("initiatives", "supporters") else f"id_application-{name}"
    if name == "pathway":
        anchor += "_0"
    step = step_of(name)
    return reverse("applications:step", kwargs={"pk": application.pk, "slug": step.slug}) + "#" + anchor


def _render_step(request: HttpRequest, editor: ApplicationEditor, status: int = 200) -> HttpResponse:
    application = editor.application
    step = editor.step or _step_of_first_error(editor)
    missing = application_submission_errors(application)
    still_needed = [
        {"message": message, "href": _answer_link(application, name) if application.pk else ""}
        for name, problems in missing.items()
        for message in problems
    ]
    done = {candidate.slug for candidate in STEPS if not any(candidate.asks(name) for name in missing)}
    errors = editor.error_summary() if status == 400 or editor.has_errors() else []
    context = {
        "editor": editor,
        "form": editor.form,
        "application": application,
        "form_token": application.form_token,
        "step": step,
        "steps": STEPS,
        "step_number": STEPS.index(step) + 1,
        "done": done if application.pk else set(),
        "previous": previous_step(step),
        "similar": _similar(application),
        "still_needed": still_needed,
        "errors": errors,
        # Valid parts were saved; on an empty first step nothing was.
        "error_intro": _("Everything else you gave is saved.") if errors and application.pk else "",
        "chosen_pathway": editor.form["pathway"].value() if "pathway" in editor.form.fields else "",
        **_field_groups(editor.form, step),
    }
    if application.pk:
        context |= {
            "photos": application.photos.all(),
            "sections": application_answers(application) if step.slug == "review" else [],
            "initiatives": application.initiatives.all(),
            "signatories": application.signatories.all(),
        }
    return render(request, "applications/application_form.html", context, status=status)


def _step_of_first_error(editor: ApplicationEditor) -> Step:
    """The whole form was posted (as the one-page form did): show the step of its first problem."""
    if editor.form.errors:
        return step_of(next(iter(editor.form.errors)))
    for formset in editor.formsets:
        if formset.non_form_errors() or any(row.errors for row in formset.forms):
            return step_of(formset.prefix)
    return FIRST_STEP


def _field_groups(form, step: Step) -> dict:
    """The step's fields as the page groups them: the location apart (with its map), and each pathway's questions
    in a fieldset of their own, shown only for the chosen pathway (the script switches them live)."""
    location = [form[name] for name in ("latitude", "longitude") if name in form.fields]
    chosen = form["pathway"].value() if "pathway" in form.fields else ""
    groups: dict[tuple[str, ...], dict] = {}
    for pathway, names in PATHWAY_FIELDS.items():
        present = tuple(name for name in names if name in form.fields)
        if present:
            group = groups.setdefault(present, {"pathways": [], "fields": [form[name] for name in present]})
            group["pathways"].append(pathway)
    pathway_groups = [
        {
            "pathways": " ".join(group["pathways"]),
            "legend": " / ".join(str(Pathway(pathway).label) for pathway in group["pathways"]),
            "fields": group["fields"],
            "shown": chosen in group["pathways"],
            "has_document": "proclamation_document" in present,
        }
        for present, group in groups.items()
    ]
    grouped = {"latitude", "longitude", *(name for names in PATHWAY_FIELDS.values() for name in names)}
    return {
        "plain_fields": [form[name] for name in step.fields if name in form.fields and name not in grouped],
        "location_fields": location,
        "pathway_groups": pathway_groups,
    }


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
        "changes_request": changes_request(application) if answer_form is not None else None,
        "may_be_withdrawn": may_be_withdrawn(application),
        "is_editable": is_editable(application),
    }
    return render(request, "applications/application_detail.html", context)


@login_required
def application_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first: the page says what withdrawing means; only its button (a POST) withdraws."""
    application = _own_application(request, pk)
    if not may_be_withdrawn(application):
        messages.info(request, _("This application can no longer be withdrawn."))
        return redirect(application)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application_withdraw(application=application, actor=request.user, reason=form.cleaned_data["reason"])
        except TransitionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("The application is withdrawn."))
        return redirect(application)
    return render(request, "applications/application_withdraw.html", {"application": application, "form": form})


@login_required
def application_copy(request: HttpRequest, pk: int) -> HttpResponse:
    """A read-only, printable copy of everything the application holds, at any status: its applicant and staff
    who may read applications."""
    application = get_object_or_404(Application.objects.select_related("applicant"), pk=pk)
    if not may_read(request.user, application):
        raise Http404
    context = {
        "application": application,
        "sections": application_answers(application),
        "signatories": application.signatories.all(),
        "initiatives": application.initiatives.all(),
        "photos": application.photos.all(),
    }
    return render(request, "applications/application_copy.html", context)


def _private_file(field_file, download_name: str, content_type: str | None = None) -> FileResponse:
    return protected_download(
        field_file.open("rb"),
        as_attachment=True,
        filename=download_name,
        content_type=content_type,
        cache_control="private, no-store",
    )


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
    return _private_file(photo.image, f"{photo.download_stem}{suffix}", content_type)


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
