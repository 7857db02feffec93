"""The admin's exports open in a spreadsheet as text, never as formulas (issue 13, finding 10), by the rule the
API's CSV follows: a text cell starting with = + - @, a tab or a carriage return gets a leading apostrophe."""

import csv
import io

import openpyxl
import pytest
from django.contrib import admin

from icp_portal.spreadsheets import FormulaSafeResource, formula_safe
from tests.applications.factories import ApplicationFactory
from tests.factories import CityFactory, InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("https://evil.example.org","Click")'
CSV, XLSX = "0", "1"  # the export formats offered, in this order (settings EXPORT_FORMATS)


def export(client, label: str, file_format: str, *fields: str) -> bytes:
    resource = label.split(".")[1] + "resource"
    choices = {f"{resource}_{field}": "on" for field in fields}
    answer = client.post(
        f"/admin/{label.replace('.', '/')}/export/", {"format": file_format, "resource": "0", **choices}
    )
    assert answer.status_code == 200
    return answer.content


def csv_rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_rows(content: bytes) -> list[dict]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header, *rows = list(sheet.iter_rows())
    return [{title.value: cell for title, cell in zip(header, row, strict=True)} for row in rows]


@pytest.fixture
def hostile_records():
    city = CityFactory(name="@SUM(1+1)", region=HYPERLINK, longitude=-122.7, latitude=42.19)
    InitiativeFactory(city=city, title="+cmd|' /C calc'!A0")
    ApplicationFactory(
        complete=True, applicant=UserFactory(), name="-2+3", region=HYPERLINK, status="submitted"
    )  # in the queue's view


EXPORTS = [
    ("members.city", ["name", "region"], {"name": "'@SUM(1+1)", "region": "'" + HYPERLINK}),
    ("initiatives.initiative", ["title"], {"title": "'+cmd|' /C calc'!A0"}),
    ("applications.application", ["name", "region"], {"name": "'-2+3", "region": "'" + HYPERLINK}),
]


@pytest.mark.parametrize(("label", "fields", "expected"), EXPORTS, ids=[each[0] for each in EXPORTS])
def test_csv_export_writes_formula_like_text_as_text(staff_client, hostile_records, label, fields, expected):
    (row,) = csv_rows(export(staff_client, label, CSV, *fields))
    assert {field: row[field] for field in fields} == expected


@pytest.mark.parametrize(("label", "fields", "expected"), EXPORTS, ids=[each[0] for each in EXPORTS])
def test_xlsx_export_writes_formula_like_text_as_text_cells(staff_client, hostile_records, label, fields, expected):
    (row,) = xlsx_rows(export(staff_client, label, XLSX, *fields))
    assert {field: row[field].value for field in fields} == expected
    assert all(row[field].data_type == "s" for field in fields), "a formula cell"


def test_numbers_stay_numbers_negative_ones_included(staff_client, hostile_records):
    (row,) = csv_rows(export(staff_client, "members.city", CSV, "longitude"))
    assert float(row["longitude"]) == -122.7  # no apostrophe before the minus
    (row,) = xlsx_rows(export(staff_client, "members.city", XLSX, "longitude"))
    assert row["longitude"].data_type == "n" and float(row["longitude"].value) == -122.7


def test_the_api_and_the_admin_follow_one_rule():
    assert [formula_safe(text) for text in ["=1", "+1", "-1", "@A1", "\tx", "\rx", "Peace", "", "'=1"]] == [
        "'=1",
        "'+1",
        "'-1",
        "'@A1",
        "'\tx",
        "'\rx",
        "Peace",
        "",
        "'=1",
    ]


def test_every_admin_export_uses_a_formula_safe_resource():
    for model, model_admin in admin.site._registry.items():
        for resource in getattr(model_admin, "resource_classes", []):
            assert issubclass(resource, FormulaSafeResource), f"{model._meta.label}: {resource.__name__}"


def test_an_exported_member_list_imported_again_changes_nothing(staff_client):
    import tablib

    from members.resources import CityResource

    CityFactory(member_number=7, name="-Nord", region="=Sud", country="FR")
    content = export(staff_client, "members.city", CSV, "member_number", "name", "region", "country")
    assert "'-Nord" in content.decode()
    result = CityResource().import_data(tablib.Dataset().load(content.decode("utf-8-sig"), format="csv"))
    assert result.totals["skip"] == 1 and result.totals["update"] == 0
