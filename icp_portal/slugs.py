"""Slugs for every model that has one: readable, ASCII, unique, and short enough for their column."""

from collections.abc import Iterable

from django.db.models import Model
from django.utils.text import slugify

# Letters that Unicode does not decompose into a base letter and an accent, so slugify() would drop them.
ASCII_LETTERS = {
    **str.maketrans("ĐđŁłØøıÐðĦħ", "DdLlOoiDdHh"),
    **str.maketrans({"ß": "ss", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th"}),
}
# Room kept in the column for an alternative and a number after the text's own slug.
ROOM_FOR_SUFFIX = 20


def unique_slug(
    model: type[Model],
    text: str,
    *,
    prefix: str = "",
    alternatives: Iterable[str] = (),
    taken: set[str] | None = None,
    fallback: str = "item",
) -> str:
    """A slug for `text` that no row of `model` has: `prefix-text`, else with each alternative appended in turn
    (a country code), else the last of those numbered -2, -3 ... `taken`, when given, stands for the slugs in use
    (an import or the demo reads them once, or plans rows not saved yet)."""
    max_length = model._meta.get_field("slug").max_length
    base = "-".join(part for part in (prefix, slugify(text.translate(ASCII_LETTERS))) if part)
    base = base[: max_length - ROOM_FOR_SUFFIX].strip("-") or fallback
    candidates = [base, *(f"{base}-{alternative}" for alternative in alternatives if alternative)]
    if taken is None:
        taken = set(model._default_manager.filter(slug__startswith=base).values_list("slug", flat=True))
    for candidate in candidates:
        if candidate not in taken:
            return candidate
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = candidates[-1][: max_length - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
        number += 1
