"""Numbers read from what a request carries: page numbers, sizes, ids."""

# Up to 18 digits fits a 64-bit integer column (PostgreSQL's bigint, SQLite's integer).
MAX_DIGITS = 18


def whole_number(raw: str) -> int | None:
    """The number written in ASCII digits, or None. str.isdigit() alone also says yes to "²" and to a 5,000-digit
    number, both of which int() refuses, and a number too large for the database's integers overflows there."""
    return int(raw) if raw.isascii() and raw.isdecimal() and len(raw) <= MAX_DIGITS else None
