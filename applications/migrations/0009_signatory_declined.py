from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0008_editors_import_and_export"),
    ]

    operations = [
        migrations.AddField(
            model_name="signatory",
            name="declined_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="declined at"),
        ),
    ]
