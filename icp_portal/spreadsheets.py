"""Files a spreadsheet opens: the API's CSV and the admin's exports (django-import-export), one rule for both.

A text cell that starts with = + - @, a tab or a carriage return is a formula to Excel, LibreOffice and Google
Sheets (`=HYPERLINK(...)` in a region becomes a live link, `=cmd|...` may run a program). Such a cell is written
with a leading apostrophe, the quote every spreadsheet reads as "this is text". Numbers are not text: a negative
longitude stays a number.

django-import-export's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is not used: it only drops a leading "=" (the
text changes, `+`, `-`, `@` pass) and turns every cell of an XLSX file into text, numbers included.
"""

from import_export import resources, widgets
from import_export.admin import ExportMixin

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(text: str) -> str:
    """The text as a spreadsheet shows it and never runs it."""
    return f"'{text}" if text and text.startswith(FORMULA_STARTS) else text


def formula_unsafe(text: str) -> str:
    """The text formula_safe() was given: an exported file imported again changes nothing."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


class FormulaSafeResource(resources.ModelResource):
    """A resource whose exported text cells are formula-safe, in every format (CSV, XLSX)."""

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if isinstance(value, str) and not isinstance(field.widget, widgets.NumberWidget):
            return formula_safe(value)
        return value

    def before_import_row(self, row, **kwargs) -> None:
        for column, value in row.items():
            if isinstance(value, str):
                row[column] = formula_unsafe(value)


class PermissionedExportMixin(ExportMixin):
    """Export needs the model's export permission (settings IMPORT_EXPORT_EXPORT_PERMISSION_CODE) and the view
    permission: an export is every record at once, and nobody gets in a file what they may not see on a page."""

    def has_export_permission(self, request) -> bool:
        return super().has_export_permission(request) and self.has_view_permission(request)
