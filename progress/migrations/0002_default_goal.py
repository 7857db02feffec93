"""Records ICP's published goal, 1000 Cities of Peace by the end of 2030 from 457 at the end of 2025, and the
one row of the refresh request."""

from datetime import date

from django.db import migrations


def record_default_goal(apps, schema_editor):
    NetworkGoal = apps.get_model("progress", "NetworkGoal")
    ProgressRefreshRequest = apps.get_model("progress", "ProgressRefreshRequest")
    if not NetworkGoal.objects.exists():
        NetworkGoal.objects.create(
            title="1000 Cities of Peace by 2030",
            target_members=1000,
            deadline=date(2030, 12, 31),
            baseline_members=457,
            baseline_date=date(2025, 12, 31),
            is_active=True,
        )
    ProgressRefreshRequest.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("progress", "0001_initial")]

    operations = [migrations.RunPython(record_default_goal, migrations.RunPython.noop)]
