"""ICP's staff groups: Reviewers decide applications and edit records but delete nothing; Editors keep the
member records (cities, coordinators, proclamations, initiatives), deletes included, and read applications."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

RECORDS = [
    ("members", "city"),
    ("members", "coordinator"),
    ("proclamations", "proclamation"),
    ("initiatives", "initiative"),
]
APPLICATION_PARTS = [
    ("applications", "application"),
    ("applications", "signatory"),
    ("applications", "applicationinitiative"),
    ("applications", "applicationphoto"),
    ("applications", "applicationmessage"),
    ("applications", "statuschange"),
]
GROUPS = {
    "Reviewers": [(model, action) for model in RECORDS + APPLICATION_PARTS for action in ("view", "add", "change")]
    + [(("outbox", "outboundemail"), "view")],
    "Editors": [(model, action) for model in RECORDS for action in ("view", "add", "change", "delete")]
    + [(model, "view") for model in APPLICATION_PARTS],
}


def create_staff_groups(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now so the groups can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        codenames = [(app_label, f"{action}_{model}") for (app_label, model), action in grants]
        permissions = [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in codenames
        ]
        group.permissions.set(permissions)


def remove_staff_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0002_historicalapplication"),
        ("members", "0002_city_lifecycle_and_history"),
        ("proclamations", "0002_historicalproclamation"),
        ("initiatives", "0002_historicalinitiative"),
        ("outbox", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_staff_groups, remove_staff_groups)]
