from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0009_signatory_declined"),
    ]

    operations = [
        migrations.AddField(
            model_name="applicationphoto",
            name="original_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="file name"),
        ),
    ]
