"""Import and export are rights of their own, held by Editors only: they keep the member records and ICP's
reporting. Reviewers decide applications one by one on the review page and need no list of applicants' e-mail
addresses, nor the member list in a file; a staff account in no group gets nothing."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS_IMPORT_AND_EXPORT = [
    ("members", "import_city"),
    ("members", "export_city"),
    ("initiatives", "export_initiative"),
    ("applications", "export_application"),
]


def _permissions(apps):
    # Permissions are normally made after all migrations; make them now so the group can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in EDITORS_IMPORT_AND_EXPORT
    ]


def grant_editors(apps, schema_editor):
    editors, _created = apps.get_model("auth", "Group").objects.get_or_create(name="Editors")
    editors.permissions.add(*_permissions(apps))


def revoke_editors(apps, schema_editor):
    editors = apps.get_model("auth", "Group").objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0007_import_export_permissions"),
        ("applications", "0003_staff_groups"),
        ("members", "0005_import_export_permissions"),
        ("initiatives", "0005_import_export_permissions"),
    ]

    operations = [migrations.RunPython(grant_editors, revoke_editors)]
