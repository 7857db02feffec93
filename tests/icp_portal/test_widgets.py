"""The quick <select> writes the same HTML as Django's template-rendered one."""

from django import forms
from django.test.html import parse_html
from django_countries import countries

from icp_portal.widgets import QuickSelect


def test_quick_select_renders_what_django_select_renders():
    grouped = [("", "All"), ("Europe", [("FR", "France"), ("DE", "Germany & <Co>")]), ("KE", "Kenya")]
    for choices, value in [(list(countries), "KE"), (grouped, "DE"), (grouped, None)]:
        attrs = {"id": "id_country", "aria-describedby": "country-help", "required": True}
        quick = QuickSelect(choices=choices).render("country", value, attrs=attrs)
        django = forms.Select(choices=choices).render("country", value, attrs=attrs)
        assert parse_html(quick) == parse_html(django)
    assert "Germany &amp; &lt;Co&gt;" in QuickSelect(choices=grouped).render("country", None)
