"""The templates stay readable: no line over 120 characters, the same limit as the Python code (ruff)."""

from pathlib import Path

from django.conf import settings

LINE_LIMIT = 120


def test_no_template_line_is_longer_than_the_code_s():
    # A long translated sentence wraps inside {% blocktranslate trimmed %}: its msgid and its output stay the same.
    templates = Path(settings.BASE_DIR) / "templates"
    too_long = [
        f"{path.relative_to(templates)}:{number}: {len(line)} characters"
        for path in sorted(templates.rglob("*"))
        if path.is_file() and path.suffix in {".html", ".txt"}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if len(line) > LINE_LIMIT
    ]
    assert not too_long, "Template lines over 120 characters:\n" + "\n".join(too_long)
