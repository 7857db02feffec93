"""The application as a sequence of short steps: each step's slug, title and the answers it asks for.

The table is the one place that says which answer is asked where; the views, the editor, the progress
indicator and the "still needed" list all read it.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from members.choices import Pathway

# Only the chosen pathway's answers are asked: a proclamation's document means nothing to a peace legacy.
PATHWAY_FIELDS: dict[str, tuple[str, ...]] = {
    Pathway.PROCLAMATION: (
        "proclamation_title",
        "proclamation_issuing_body",
        "proclamation_adopted_on",
        "proclamation_document",
    ),
    Pathway.COUNCIL_RESOLUTION: (
        "proclamation_title",
        "proclamation_issuing_body",
        "proclamation_adopted_on",
        "proclamation_document",
    ),
    Pathway.PEACE_LEGACY: ("peace_legacy",),
    Pathway.COMMUNITY_PEACEBUILDING: ("peacebuilding_team",),
}


@dataclass(frozen=True)
class Step:
    slug: str
    title: Promise
    fields: tuple[str, ...] = ()  # of ApplicationForm
    formsets: tuple[str, ...] = ()  # "supporters", "initiatives"
    help_text: Promise | str = ""
    # What the submission check reports outside any one field ("initiatives", "supporters") is answered here.
    answers: tuple[str, ...] = field(default=())

    def asks(self, name: str) -> bool:
        return name in self.fields or name in self.formsets or name in self.answers


STEPS: tuple[Step, ...] = (
    Step(
        "community",
        _("The community"),
        fields=(
            "name",
            "community_type",
            "country",
            "region",
            "population",
            "population_year",
            "website",
            "latitude",
            "longitude",
        ),
        help_text=_("Enter the coordinates, or leave them empty: when we know the place name we fill them in for you."),
    ),
    Step(
        "pathway",
        _("The pathway and its document"),
        fields=("pathway", *dict.fromkeys(name for names in PATHWAY_FIELDS.values() for name in names)),
        help_text=_(
            "By proclamation or council resolution (upload the signed PDF), by a peace legacy, or by a community "
            "peacebuilding team."
        ),
    ),
    Step(
        "statement",
        _("Peace statement, vision, mission and goals"),
        fields=("challenges", "actions", "peace_history", "vision", "mission", "goals"),
        help_text=_("No community is 100% peaceful: tell us where yours stands and where it is going."),
    ),
    Step(
        "initiatives",
        _("Peace initiatives"),
        formsets=("initiatives",),
        help_text=_("At least one planned or current initiative."),
    ),
    Step(
        "team",
        _("The team and supporters"),
        fields=("second_leader_name", "second_leader_email", "partner_organisations"),
        formsets=("supporters",),
        help_text=_("You are the lead liaison. A second leader is optional."),
    ),
    Step("photos", _("Photos"), fields=("new_photos", "remove_photos", "photo_rights_confirmed")),
    Step("review", _("Review and submit"), fields=("principles_accepted", "distinct_community_confirmed")),
)

STEPS_BY_SLUG: dict[str, Step] = {step.slug: step for step in STEPS}
FIRST_STEP = STEPS[0]


def step_of(name: str) -> Step:
    """The step where an answer (a field, or "initiatives"/"supporters") is given; the last one for the rest."""
    return next((step for step in STEPS if step.asks(name)), STEPS[-1])


def next_step(step: Step) -> Step | None:
    index = STEPS.index(step)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


def previous_step(step: Step) -> Step | None:
    index = STEPS.index(step)
    return STEPS[index - 1] if index > 0 else None


def pathway_fields(pathway: str) -> tuple[str, ...]:
    return PATHWAY_FIELDS.get(pathway, ())
