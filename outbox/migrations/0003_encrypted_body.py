"""The text of stored e-mails is encrypted at rest, and dropped once sent (outbox/fields.py): messages still
waiting are encrypted, the text of those already sent is blanked."""

from django.db import migrations

import outbox.fields


def encrypt_waiting_blank_sent(apps, schema_editor):
    # Runs while the fields are still plain text: what is read and written here is what the column holds.
    OutboundEmail = apps.get_model("outbox", "OutboundEmail")
    OutboundEmail.objects.filter(sent_at__isnull=False).update(body="", html_body="")
    for message in OutboundEmail.objects.filter(sent_at__isnull=True).only("pk", "body", "html_body").iterator():
        OutboundEmail.objects.filter(pk=message.pk).update(
            body=outbox.fields.encrypt(message.body), html_body=outbox.fields.encrypt(message.html_body)
        )


def decrypt_waiting(apps, schema_editor):
    OutboundEmail = apps.get_model("outbox", "OutboundEmail")
    for message in OutboundEmail.objects.filter(sent_at__isnull=True).only("pk", "body", "html_body").iterator():
        OutboundEmail.objects.filter(pk=message.pk).update(
            body=outbox.fields.decrypt(message.body), html_body=outbox.fields.decrypt(message.html_body)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0002_claim_with_a_lease"),
    ]

    operations = [
        migrations.RunPython(encrypt_waiting_blank_sent, decrypt_waiting),
        migrations.AlterField(
            model_name="outboundemail",
            name="body",
            field=outbox.fields.EncryptedTextField(blank=True, verbose_name="text"),
        ),
        migrations.AlterField(
            model_name="outboundemail",
            name="html_body",
            field=outbox.fields.EncryptedTextField(blank=True, verbose_name="HTML"),
        ),
    ]
