"""The items of GOV.UK's error summary (templates/includes/error_summary.html) that views build themselves."""


def named(bound_field, message: str) -> str:
    """A field's problem as the summary lists it, "Latitude: Ensure this value ...", as the template writes a form's
    own: a message alone, such as "This field is required.", says nothing of where."""
    return f"{bound_field.label}: {message}"
