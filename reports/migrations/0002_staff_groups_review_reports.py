"""ICP's staff groups and yearly reports: Reviewers read reports and decide them (accept, ask for changes);
Editors read them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Reviewers": ["view_report", "review_report"],
    "Editors": ["view_report"],
}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(*Permission.objects.filter(content_type__app_label="reports", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label="reports", codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial"), ("applications", "0003_staff_groups")]

    operations = [migrations.RunPython(grant, revoke)]
