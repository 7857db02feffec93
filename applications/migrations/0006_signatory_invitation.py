"""A supporter's confirmation link binds the e-mail it was sent to and the row's invitation key, which changes when
the row's person changes. Links sent before carry neither and no longer confirm: unconfirmed signatories of open
applications need a new invitation (see the report of issue 13, finding 8)."""

import secrets

from django.db import migrations, models

import applications.models


def give_each_signatory_its_own_key(apps, schema_editor):
    # AddField computes a callable default once for all existing rows.
    Signatory = apps.get_model("applications", "Signatory")
    for signatory in Signatory.objects.only("pk").iterator():
        Signatory.objects.filter(pk=signatory.pk).update(invitation_key=secrets.token_urlsafe(16))


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0005_applicant_may_leave"),
    ]

    operations = [
        migrations.AddField(
            model_name="signatory",
            name="invitation_key",
            field=models.CharField(
                default=applications.models.signatory_invitation_key, editable=False, max_length=32
            ),
        ),
        migrations.RunPython(give_each_signatory_its_own_key, migrations.RunPython.noop),
    ]
