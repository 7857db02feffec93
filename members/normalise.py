"""How community names are compared: "Saint-Étienne", "saint etienne" and "SAINT-ETIENNE" are one community."""

import re
import unicodedata

_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+", re.UNICODE)


# Normalising can lengthen a text (one "ﷺ" becomes 18 letters): each part of the key is cut to the length of
# the field it comes from, so the key always fits City.community_key (330).
NAME_PART, REGION_PART = 200, 120


def community_key(name: str, region: str = "") -> str:
    """The key under which a country may hold one City of Peace: name and region, normalised."""
    return f"{normalise_name(name)[:NAME_PART]}|{normalise_name(region)[:REGION_PART]}"


def normalise_name(text: str) -> str:
    """Case, accents, punctuation and spacing removed, so near-identical spellings compare equal."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_LETTER_OR_DIGIT.sub(" ", without_accents.casefold()).strip()
