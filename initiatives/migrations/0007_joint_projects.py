"""Partner cities of initiatives (joint projects) and City-to-City Alliance Agreements; ICP's staff groups keep
partner cities as they keep initiatives: Reviewers view, add and change, Editors delete too."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import icp_portal.pdf_uploads
import icp_portal.uploads
import initiatives.models
import simple_history.models
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

GRANTS = {"Reviewers": ["view", "add", "change"], "Editors": ["view", "add", "change", "delete"]}


def grant_staff_groups(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now so the groups can hold them.
    app_config = apps.get_app_config("initiatives")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GRANTS):
        codenames = [f"{action}_initiativepartner" for action in GRANTS[group.name]]
        group.permissions.add(*Permission.objects.filter(content_type__app_label="initiatives", codename__in=codenames))


class Migration(migrations.Migration):

    dependencies = [
        ('initiatives', '0006_sync_order_index'),
        ('members', '0009_city_profile'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("applications", "0003_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalInitiativePartner',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('status', models.CharField(choices=[('invited', 'Invited'), ('accepted', 'Accepted'), ('declined', 'Declined'), ('withdrawn', 'Invitation withdrawn'), ('removed', 'Removed')], default='invited', max_length=20, verbose_name='status')),
                ('invited_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='invited at')),
                ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='answered at')),
                ('accepted_on', models.DateField(blank=True, help_text="The day the cities became partners: counted in the network's links of that year.", null=True, verbose_name='partners since')),
                ('ended_at', models.DateTimeField(blank=True, null=True, verbose_name='ended at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical partner city',
                'verbose_name_plural': 'historical partner cities',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='InitiativePartner',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('invited', 'Invited'), ('accepted', 'Accepted'), ('declined', 'Declined'), ('withdrawn', 'Invitation withdrawn'), ('removed', 'Removed')], default='invited', max_length=20, verbose_name='status')),
                ('invited_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='invited at')),
                ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='answered at')),
                ('accepted_on', models.DateField(blank=True, help_text="The day the cities became partners: counted in the network's links of that year.", null=True, verbose_name='partners since')),
                ('ended_at', models.DateTimeField(blank=True, null=True, verbose_name='ended at')),
            ],
            options={
                'verbose_name': 'partner city',
                'verbose_name_plural': 'partner cities',
                'ordering': ['invited_at', 'id'],
            },
        ),
        migrations.AddField(
            model_name='historicalinitiative',
            name='agreement_document',
            field=models.TextField(blank=True, max_length=100, validators=[django.core.validators.FileExtensionValidator(['pdf']), icp_portal.pdf_uploads.validate_pdf_document], verbose_name='signed agreement (PDF)'),
        ),
        migrations.AddField(
            model_name='historicalinitiative',
            name='kind',
            field=models.CharField(choices=[('initiative', 'Peace initiative'), ('alliance_agreement', 'City-to-City Alliance Agreement')], default='initiative', help_text='A City-to-City Alliance Agreement is registered by ICP staff, with its signed PDF and date.', max_length=30, verbose_name='kind of joint project'),
        ),
        migrations.AddField(
            model_name='historicalinitiative',
            name='signed_on',
            field=models.DateField(blank=True, null=True, verbose_name='signed on'),
        ),
        migrations.AddField(
            model_name='initiative',
            name='agreement_document',
            field=models.FileField(blank=True, storage=icp_portal.uploads.get_agreement_storage, upload_to=initiatives.models.agreement_path, validators=[django.core.validators.FileExtensionValidator(['pdf']), icp_portal.pdf_uploads.validate_pdf_document], verbose_name='signed agreement (PDF)'),
        ),
        migrations.AddField(
            model_name='initiative',
            name='kind',
            field=models.CharField(choices=[('initiative', 'Peace initiative'), ('alliance_agreement', 'City-to-City Alliance Agreement')], default='initiative', help_text='A City-to-City Alliance Agreement is registered by ICP staff, with its signed PDF and date.', max_length=30, verbose_name='kind of joint project'),
        ),
        migrations.AddField(
            model_name='initiative',
            name='signed_on',
            field=models.DateField(blank=True, null=True, verbose_name='signed on'),
        ),
        migrations.AddConstraint(
            model_name='initiative',
            constraint=models.CheckConstraint(condition=models.Q(('kind', 'alliance_agreement'), models.Q(('agreement_document', ''), ('signed_on__isnull', True)), _connector='OR'), name='only_an_alliance_agreement_is_signed', violation_error_message='Only a City-to-City Alliance Agreement has a signed document and date.'),
        ),
        migrations.AddField(
            model_name='historicalinitiativepartner',
            name='answered_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalinitiativepartner',
            name='city',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='members.city', verbose_name='partner city'),
        ),
        migrations.AddField(
            model_name='historicalinitiativepartner',
            name='ended_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalinitiativepartner',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalinitiativepartner',
            name='initiative',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='initiatives.initiative'),
        ),
        migrations.AddField(
            model_name='historicalinitiativepartner',
            name='invited_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='initiativepartner',
            name='answered_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='initiativepartner',
            name='city',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='initiative_partnerships', to='members.city', verbose_name='partner city'),
        ),
        migrations.AddField(
            model_name='initiativepartner',
            name='ended_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='initiativepartner',
            name='initiative',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='partnerships', to='initiatives.initiative'),
        ),
        migrations.AddField(
            model_name='initiativepartner',
            name='invited_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddIndex(
            model_name='initiativepartner',
            index=models.Index(fields=['city', 'status'], name='initiatives_city_id_943c4a_idx'),
        ),
        migrations.AddIndex(
            model_name='initiativepartner',
            index=models.Index(fields=['initiative', 'status'], name='initiatives_initiat_ebf54e_idx'),
        ),
        migrations.AddConstraint(
            model_name='initiativepartner',
            constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['invited', 'accepted'])), fields=('initiative', 'city'), name='one_open_partnership_per_initiative_and_city', violation_error_message='This city is already invited to or a partner of this initiative.'),
        ),
        migrations.AddConstraint(
            model_name='initiativepartner',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'accepted'), _negated=True), ('accepted_on__isnull', False), _connector='OR'), name='an_accepted_partner_has_its_date', violation_error_message='Give the day the cities became partners.'),
        ),
        migrations.RunPython(grant_staff_groups, migrations.RunPython.noop),
    ]
