"""The application in short steps: each saves a draft, a progress indicator, what is still needed, only the chosen
pathway's questions, rows added without a script, an error summary at the top, withdrawal asked twice, a copy."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from applications.choices import ApplicationStatus
from applications.models import Application, ApplicationPhoto
from applications.services import DraftChanges, application_save_draft, application_submission_errors
from applications.steps import STEPS, STEPS_BY_SLUG, step_of
from applications.workflow import is_editable, may_be_submitted, may_be_withdrawn, required_answers
from tests.factories import CityFactory, UserFactory

from .conftest import formset_management, pdf_upload, png_upload
from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db

APPLY = "/apply/"


def step_url(application: Application, slug: str) -> str:
    return reverse("applications:step", kwargs={"pk": application.pk, "slug": slug})


def community(**overrides) -> dict:
    return {
        "form_token": "7c3e7c0a-5d1e-4f7e-9a55-0d6a2f1c3b21",
        "step": "community",
        "application-name": "Kisumu",
        "application-community_type": "city",
        "application-country": "KE",
        "application-latitude": "-0.091702",
        "application-longitude": "34.767956",
        "continue": "1",
        **overrides,
    }


@pytest.fixture
def draft(coordinator):
    return Application.objects.create(applicant=coordinator, name="Kisumu", country="KE", community_type="city")


def test_apply_starts_at_the_first_step_with_the_progress_and_everything_still_needed(coordinator_client):
    page = coordinator_client.get(APPLY).content.decode()
    assert "Step 1 of 7" in page
    progress = page.split('class="steps"')[1].split("</nav>")[0]
    for step in STEPS:
        assert str(step.title) in progress
    assert 'aria-current="step"' in progress
    still_needed = page.split('id="still-needed"')[1].split("</details>")[0]
    assert "Give the name of the community." in still_needed
    assert "Add at least one planned or current peace initiative." in still_needed


def test_an_empty_first_step_creates_no_draft_and_asks_for_the_name(coordinator_client, coordinator):
    for button in ["continue", "save", "submit"]:
        response = coordinator_client.post(APPLY, {"form_token": "", "step": "community", button: "1"})
        assert response.status_code == 400
        page = response.content.decode()
        assert "There is a problem" in page
        assert 'href="#id_application-name"' in page
    assert not Application.objects.filter(applicant=coordinator).exists()


def test_a_new_draft_is_stored_when_the_first_step_names_the_community(coordinator_client, coordinator):
    response = coordinator_client.post(APPLY, community())
    application = Application.objects.get(applicant=coordinator)
    assert response["Location"] == step_url(application, "pathway")
    assert (application.name, application.status) == ("Kisumu", ApplicationStatus.DRAFT)
    again = coordinator_client.post(APPLY, community())  # the same first step sent twice (a double click)
    assert again["Location"] == step_url(application, "pathway")
    assert Application.objects.filter(applicant=coordinator).count() == 1


def test_each_step_saves_its_answers_and_continues_to_the_next(coordinator_client, draft):
    posts = {
        "pathway": {"application-pathway": "peace_legacy", "application-peace_legacy": "Caravans since 2008."},
        "statement": {
            "application-challenges": "Tension.",
            "application-actions": "Circles.",
            "application-peace_history": "",
            "application-vision": "A city that talks.",
            "application-mission": "Neighbours first.",
            "application-goals": "Twelve circles.",
        },
        "initiatives": {
            **formset_management("initiatives", 1),
            "initiatives-0-title": "Football league",
            "initiatives-0-category": "youth",
            "initiatives-0-status": "active",
        },
        "team": {
            **formset_management("supporters", 4),
            **{f"supporters-{n}-name": f"Supporter {n}" for n in range(4)},
            **{f"supporters-{n}-email": f"s{n}@example.org" for n in range(4)},
            "application-partner_organisations": "Youth Council",
        },
        "photos": {},
    }
    draft.pathway = "peace_legacy"  # chosen before: the step moves on instead of showing the pathway's questions
    draft.save()
    for slug, data in posts.items():
        response = coordinator_client.post(step_url(draft, slug), {"step": slug, "continue": "1", **data})
        following = STEPS[[step.slug for step in STEPS].index(slug) + 1].slug
        assert (response.status_code, response["Location"]) == (302, step_url(draft, following)), slug
    draft.refresh_from_db()
    assert (draft.peace_legacy, draft.vision, draft.partner_organisations) == (
        "Caravans since 2008.",
        "A city that talks.",
        "Youth Council",
    )
    assert draft.initiatives.get().title == "Football league"
    assert draft.signatories.count() == 4
    assert draft.name == "Kisumu"  # the other steps left the first step's answers alone
    assert set(application_submission_errors(draft)) == {"principles_accepted"}


def test_back_saves_and_returns_to_the_previous_step(coordinator_client, draft):
    data = {"step": "statement", "back": "1", "application-vision": "A city that talks."}
    response = coordinator_client.post(step_url(draft, "statement"), data)
    assert response["Location"] == step_url(draft, "pathway")
    draft.refresh_from_db()
    assert draft.vision == "A city that talks."


def test_the_progress_marks_the_steps_that_have_everything(coordinator_client, coordinator):
    application = ApplicationFactory(complete=True, applicant=coordinator, principles_accepted=False)
    page = coordinator_client.get(step_url(application, "review")).content.decode()
    progress = page.split('class="steps"')[1].split("</nav>")[0]
    assert progress.count('class="done"') == 6  # everything but the agreement on the review step
    assert "(complete)" in progress


def test_required_answers_are_marked_and_optional_ones_are_not(coordinator_client):
    page = coordinator_client.get(APPLY).content.decode()
    name_label = page.split('for="id_application-name"')[1].split("</label>")[0]
    region_label = page.split('for="id_application-region"')[1].split("</label>")[0]
    assert "(required)" in name_label
    assert "(required)" not in region_label


def test_the_marked_answers_are_those_a_submission_needs():
    empty = Application(name="", pathway="peace_legacy")
    needed = {name for name in application_submission_errors(empty) if name not in ("initiatives", "supporters")}
    assert needed == required_answers("peace_legacy") - {"pathway"}  # the pathway itself is given here


def test_the_pathway_step_shows_only_the_chosen_pathways_questions(coordinator_client, draft):
    unchosen = coordinator_client.get(step_url(draft, "pathway")).content.decode()
    for group in ['data-pathways="proclamation council_resolution"', 'data-pathways="peace_legacy"']:
        assert f"{group} hidden>" in unchosen

    response = coordinator_client.post(
        step_url(draft, "pathway"),
        {"step": "pathway", "continue": "1", "application-pathway": "peace_legacy", "shown_pathway": ""},
    )
    # Without a script the questions of the pathway just chosen appear only now: the same step again.
    assert response["Location"] == step_url(draft, "pathway") + "#pathway-answers"
    chosen = coordinator_client.get(response["Location"]).content.decode()
    assert 'data-pathways="peace_legacy">' in chosen
    assert 'data-pathways="proclamation council_resolution" hidden>' in chosen
    assert 'data-pathways="community_peacebuilding" hidden>' in chosen
    # With the script, the questions were on screen when the pathway was picked: on to the next step.
    data = {"step": "pathway", "continue": "1", "application-pathway": "peace_legacy", "shown_pathway": "peace_legacy"}
    assert coordinator_client.post(step_url(draft, "pathway"), data)["Location"] == step_url(draft, "statement")


def test_saving_one_pathway_leaves_another_pathways_answers_alone(coordinator_client, draft):
    draft.peacebuilding_team = "Twelve volunteers."
    draft.save()
    data = {"step": "pathway", "continue": "1", "application-pathway": "peace_legacy"}
    coordinator_client.post(step_url(draft, "pathway"), {**data, "application-peace_legacy": "Caravans."})
    draft.refresh_from_db()
    assert (draft.peace_legacy, draft.peacebuilding_team) == ("Caravans.", "Twelve volunteers.")


def test_another_initiative_row_is_added_without_javascript(coordinator_client, draft):
    data = {
        "step": "initiatives",
        "add_initiative": "1",
        **formset_management("initiatives", 1),
        "initiatives-0-title": "Football league",
        "initiatives-0-category": "youth",
        "initiatives-0-status": "active",
    }
    response = coordinator_client.post(step_url(draft, "initiatives"), data)
    assert response["Location"] == step_url(draft, "initiatives") + "#initiatives-heading"
    page = coordinator_client.get(response["Location"]).content.decode()
    assert 'value="Football league"' in page
    assert 'aria-label="Initiative 2"' in page  # an empty row for the next one
    assert 'name="initiatives-TOTAL_FORMS" value="2"' in page
    assert "Save and add another initiative" in page


def test_the_error_summary_links_to_each_field_in_error(coordinator_client, draft):
    data = community(**{"application-latitude": "123", "application-website": "not a web address"})
    response = coordinator_client.post(step_url(draft, "community"), data)
    page = response.content.decode()
    assert response.status_code == 400
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert "There is a problem" in summary
    assert 'href="#id_application-latitude"' in summary
    assert 'href="#id_application-website"' in summary
    # Each problem names its field: "This field is required." alone would not say where.
    latitude = next(item for item in summary.split("<li>") if "#id_application-latitude" in item)
    assert "Latitude: " in latitude, latitude
    assert 'id="id_application-latitude"' in page and 'id="id_application-website"' in page
    assert page.index('class="error-summary"') < page.index("<form method")  # at the top
    assert "/static/js/error-summary.js" in page


def test_a_row_error_in_the_summary_links_to_its_row(coordinator_client, draft):
    data = {
        "step": "team",
        "continue": "1",
        **formset_management("supporters", 4),
        "supporters-0-name": "Supporter",
        "supporters-0-email": "not-an-address",
    }
    page = coordinator_client.post(step_url(draft, "team"), data).content.decode()
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_supporters-0-email"' in summary


def test_a_similar_name_refusal_is_at_the_top_with_a_link_to_the_confirmation(coordinator_client, coordinator):
    application = ApplicationFactory(complete=True, applicant=coordinator, name="Kisumu", country="KE")
    CityFactory(name="Kisumu City", country="KE", region="")
    data = {"step": "review", "submit": "1", "application-principles_accepted": "on"}
    response = coordinator_client.post(step_url(application, "review"), data)
    page = response.content.decode()
    assert response.status_code == 400
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert "A City of Peace with a similar name exists in this country." in summary
    assert 'href="#id_application-distinct_community_confirmed"' in summary
    assert 'id="id_application-distinct_community_confirmed"' in page
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT

    data["application-distinct_community_confirmed"] = "on"
    assert coordinator_client.post(step_url(application, "review"), data).status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_the_submit_service_itself_asks_to_confirm_a_similar_name(coordinator):
    from django.core.exceptions import ValidationError

    from applications.services import application_submit

    application = ApplicationFactory(complete=True, applicant=coordinator, name="Kisumu", country="KE")
    CityFactory(name="Kisumu", country="KE")
    with pytest.raises(ValidationError) as refused:
        application_submit(application=application, actor=coordinator)
    assert list(refused.value.message_dict) == ["distinct_community_confirmed"]


def test_what_is_missing_elsewhere_links_to_the_step_that_asks_it(coordinator_client, draft):
    response = coordinator_client.post(step_url(draft, "review"), {"step": "review", "submit": "1"})
    summary = response.content.decode().split('class="error-summary"')[1].split("</div>")[0]
    assert f'href="{step_url(draft, "statement")}#id_application-vision"' in summary
    assert f'href="{step_url(draft, "initiatives")}#initiatives-heading"' in summary
    assert 'href="#id_application-principles_accepted"' in summary  # on this very page


def test_optional_boxes_appear_only_when_they_apply(coordinator_client, draft):
    assert "id_application-remove_photos" not in coordinator_client.get(step_url(draft, "photos")).content.decode()
    review = coordinator_client.get(step_url(draft, "review")).content.decode()
    assert "distinct_community_confirmed" not in review
    ApplicationPhoto.objects.create(application=draft, image=png_upload(), original_name="garden.png")
    CityFactory(name="Kisumu", country="KE")
    assert "id_application-remove_photos" in coordinator_client.get(step_url(draft, "photos")).content.decode()
    assert "distinct_community_confirmed" in coordinator_client.get(step_url(draft, "review")).content.decode()


def test_photos_are_named_by_their_file_name_never_a_database_id(coordinator_client, draft):
    data = {"step": "photos", "continue": "1", "application-new_photos": [png_upload("peace-garden.png")]}
    coordinator_client.post(step_url(draft, "photos"), data)
    photo = draft.photos.get()
    assert photo.original_name == "peace-garden.png"
    page = coordinator_client.get(step_url(draft, "photos")).content.decode()
    assert "peace-garden.png" in page
    assert f"Photo {photo.pk}" not in page and "Photo 1" not in page
    download = coordinator_client.get(reverse("applications:photo", args=[draft.pk, photo.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="peace-garden.png"'


def test_a_photo_stored_before_names_were_kept_is_named_by_its_date(draft):
    photo = ApplicationPhoto.objects.create(application=draft, image=png_upload())
    assert str(photo).startswith("Photo added ")
    assert str(photo.created_at.year) in str(photo)


def test_withdrawing_asks_for_confirmation_first(coordinator_client, coordinator):
    application = ApplicationFactory(complete=True, applicant=coordinator, status=ApplicationStatus.SUBMITTED)
    detail = coordinator_client.get(application.get_absolute_url()).content.decode()
    withdraw_url = reverse("applications:withdraw", args=[application.pk])
    assert f'href="{withdraw_url}"' in detail
    assert f'action="{withdraw_url}"' not in detail  # no button that withdraws at once
    page = coordinator_client.get(withdraw_url)
    assert page.status_code == 200
    assert "Yes, withdraw the application" in page.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    response = coordinator_client.post(withdraw_url, {"reason": "We merged with the county."})
    assert response["Location"] == application.get_absolute_url()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.status_changes.get().message == "We merged with the county."


@pytest.mark.parametrize("status", [ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN])
def test_the_coordinator_and_staff_readers_may_open_the_printable_copy_at_any_status(client, coordinator, status):
    application = ApplicationFactory(
        complete=True, applicant=coordinator, status=status, vision="A lakeside city that talks."
    )
    ApplicationPhoto.objects.create(application=application, image=png_upload(), original_name="garden.png")
    reviewer = UserFactory(is_staff=True)
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    url = reverse("applications:copy", args=[application.pk])
    for reader in [coordinator, reviewer]:
        client.force_login(reader)
        page = client.get(url)
        assert page.status_code == 200
        text = page.content.decode()
        assert "A lakeside city that talks." in text and "Football league" in text and "garden.png" in text
    for outsider in [UserFactory(), UserFactory(is_staff=True)]:  # another coordinator; staff in no group
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url)["Location"].startswith("/accounts/login/")


def test_the_copy_is_linked_from_the_application_page_and_the_dashboard(coordinator_client, draft):
    copy = reverse("applications:copy", args=[draft.pk])
    assert f'href="{copy}"' in coordinator_client.get(draft.get_absolute_url()).content.decode()
    assert f'href="{copy}"' in coordinator_client.get("/dashboard/").content.decode()


def test_the_review_step_lists_the_answers_in_a_fixed_number_of_queries(
    coordinator_client, coordinator, django_assert_max_num_queries
):
    application = ApplicationFactory(complete=True, applicant=coordinator)
    for number in range(3):
        ApplicationPhoto.objects.create(application=application, image=png_upload(), original_name=f"{number}.png")
    # session and user, the application, similar names, still needed (photos, initiatives, signatories),
    # the review's lists (photos, initiatives, signatories) and the step's own form
    with django_assert_max_num_queries(16):
        assert coordinator_client.get(step_url(application, "review")).status_code == 200


def test_edit_opens_the_first_step(coordinator_client, draft):
    response = coordinator_client.get(reverse("applications:edit", args=[draft.pk]))
    assert response["Location"] == step_url(draft, "community")


def test_an_unknown_step_is_not_found(coordinator_client, draft):
    assert coordinator_client.get(f"/apply/{draft.pk}/step/nowhere/").status_code == 404


def test_a_submitted_application_is_not_edited_by_its_steps(coordinator_client, coordinator):
    application = ApplicationFactory(complete=True, applicant=coordinator, status=ApplicationStatus.SUBMITTED)
    response = coordinator_client.post(step_url(application, "statement"), {"step": "statement", "continue": "1"})
    assert response["Location"] == application.get_absolute_url()
    application.refresh_from_db()
    assert application.vision == "A city that talks."


def test_each_answer_belongs_to_one_step():
    assert step_of("proclamation_document") == STEPS_BY_SLUG["pathway"]
    assert step_of("supporters") == STEPS_BY_SLUG["team"]
    assert step_of("initiatives") == STEPS_BY_SLUG["initiatives"]
    assert step_of("principles_accepted") == STEPS_BY_SLUG["review"]


@pytest.mark.parametrize(
    ("status", "editable", "withdrawable", "submittable"),
    [
        (ApplicationStatus.DRAFT, True, True, True),
        (ApplicationStatus.SUBMITTED, False, True, False),
        (ApplicationStatus.IN_REVIEW, False, True, False),
        (ApplicationStatus.CHANGES_REQUESTED, True, True, False),
        (ApplicationStatus.APPROVED, False, False, False),
        (ApplicationStatus.REJECTED, False, False, False),
        (ApplicationStatus.WITHDRAWN, False, False, False),
    ],
)
def test_workflow_predicates(status, editable, withdrawable, submittable):
    application = Application(status=status)
    assert (is_editable(application), may_be_withdrawn(application), may_be_submitted(application)) == (
        editable,
        withdrawable,
        submittable,
    )


def test_saving_a_draft_without_a_name_stores_nothing(coordinator):
    saved = application_save_draft(
        application=Application(applicant=coordinator, name=""),
        actor=coordinator,
        changes=DraftChanges(answers={"name": "", "vision": "A city that talks."}),
    )
    assert saved.application is None
    assert not Application.objects.exists()


def test_saving_a_draft_keeps_the_photos_file_name(coordinator, draft):
    saved = application_save_draft(
        application=draft, actor=coordinator, changes=DraftChanges(new_photos=[png_upload("C:\\fakepath\\lake.png")])
    )
    assert saved.application.photos.get().original_name == "lake.png"


def test_a_document_uploaded_on_the_pathway_step_is_kept(coordinator_client, draft):
    data = {
        "step": "pathway",
        "continue": "1",
        "application-pathway": "proclamation",
        "application-proclamation_adopted_on": "2025-09-21",
        "application-proclamation_document": pdf_upload(),
    }
    draft.pathway = "proclamation"
    draft.save()
    response = coordinator_client.post(step_url(draft, "pathway"), data)
    assert response["Location"] == step_url(draft, "statement")
    draft.refresh_from_db()
    assert draft.proclamation_document
