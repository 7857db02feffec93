"""How community names are compared: "Saint-Étienne", "saint etienne" and "SAINT-ETIENNE" are one community."""

import re
import unicodedata

_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+", re.UNICODE)


def community_key(name: str, region: str = "") -> str:
    """The key under which a country may hold one City of Peace: name and region, normalised."""
    return f"{normalise_name(name)}|{normalise_name(region)}"


def normalise_name(text: str) -> str:
    """Case, accents, punctuation and spacing removed, so near-identical spellings compare equal."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_LETTER_OR_DIGIT.sub(" ", without_accents.casefold()).strip()
