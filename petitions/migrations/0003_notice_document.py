# Conclusion notice: the printed THÔNG BÁO kết luận, its numbering and its steps.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('dialogue', '0003_calendar_swaps'),
        ('petitions', '0002_shared_fields'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='NoticeTransition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('from_status', models.CharField(blank=True, max_length=12)),
                ('to_status', models.CharField(max_length=12)),
                ('at', models.DateTimeField(default=django.utils.timezone.now)),
                ('comment', models.TextField(blank=True, verbose_name='comment')),
            ],
            options={
                'verbose_name': 'conclusion notice step',
                'verbose_name_plural': 'conclusion notice steps',
                'ordering': ['at', 'id'],
            },
        ),
        migrations.RemoveConstraint(
            model_name='conclusionnotice',
            name='conclusion_notice_status_valid',
        ),
        migrations.AddField(
            model_name='conclusionnotice',
            name='approved_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='conclusionnotice',
            name='approved_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='conclusionnotice',
            name='archive_line',
            field=models.CharField(default='Lưu: VT', max_length=128, verbose_name='archive line'),
        ),
        migrations.AddField(
            model_name='conclusionnotice',
            name='closing',
            field=models.TextField(blank=True, verbose_name='closing'),
        ),
        migrations.AddField(
            model_name='conclusionnotice',
            name='issued_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='conclusionnotice',
            name='issued_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='conclusionnotice',
            name='issuer',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='dialogue.organization', verbose_name='issuer'),
        ),
        migrations.AddField(
            model_name='conclusionnotice',
            name='place',
            field=models.CharField(blank=True, max_length=128, verbose_name='place'),
        ),
        migrations.AddField(
            model_name='conclusionnotice',
            name='recipients',
            field=models.TextField(blank=True, verbose_name='other recipients'),
        ),
        migrations.AddField(
            model_name='conclusionnotice',
            name='sent_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='conclusionnotice',
            name='sign_authority',
            field=models.CharField(blank=True, default='TM', max_length=4, verbose_name='signing authority'),
        ),
        migrations.AddField(
            model_name='conclusionnotice',
            name='sign_deputy_authority',
            field=models.CharField(blank=True, max_length=4, verbose_name='second authority'),
        ),
        migrations.AddField(
            model_name='conclusionnotice',
            name='sign_deputy_of',
            field=models.CharField(blank=True, max_length=128, verbose_name='second authority for'),
        ),
        migrations.AddField(
            model_name='conclusionnotice',
            name='sign_on_behalf_of',
            field=models.CharField(blank=True, max_length=128, verbose_name='on behalf of'),
        ),
        migrations.AddField(
            model_name='conclusionnotice',
            name='sign_position',
            field=models.CharField(blank=True, max_length=128, verbose_name="signer's position"),
        ),
        migrations.AddField(
            model_name='conclusionnotice',
            name='signer_name',
            field=models.CharField(blank=True, max_length=128, verbose_name='signer'),
        ),
        migrations.AddField(
            model_name='conclusionnotice',
            name='subject',
            field=models.TextField(blank=True, verbose_name='subject line'),
        ),
        migrations.AddField(
            model_name='conclusionnotice',
            name='symbol',
            field=models.CharField(blank=True, max_length=32, verbose_name='symbol abbreviation'),
        ),
        migrations.AddField(
            model_name='conclusionnotice',
            name='year',
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name='year'),
        ),
        migrations.AddField(
            model_name='historicalconclusionnotice',
            name='approved_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='historicalconclusionnotice',
            name='approved_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalconclusionnotice',
            name='archive_line',
            field=models.CharField(default='Lưu: VT', max_length=128, verbose_name='archive line'),
        ),
        migrations.AddField(
            model_name='historicalconclusionnotice',
            name='closing',
            field=models.TextField(blank=True, verbose_name='closing'),
        ),
        migrations.AddField(
            model_name='historicalconclusionnotice',
            name='issued_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='historicalconclusionnotice',
            name='issued_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalconclusionnotice',
            name='issuer',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='dialogue.organization', verbose_name='issuer'),
        ),
        migrations.AddField(
            model_name='historicalconclusionnotice',
            name='place',
            field=models.CharField(blank=True, max_length=128, verbose_name='place'),
        ),
        migrations.AddField(
            model_name='historicalconclusionnotice',
            name='recipients',
            field=models.TextField(blank=True, verbose_name='other recipients'),
        ),
        migrations.AddField(
            model_name='historicalconclusionnotice',
            name='sent_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='historicalconclusionnotice',
            name='sign_authority',
            field=models.CharField(blank=True, default='TM', max_length=4, verbose_name='signing authority'),
        ),
        migrations.AddField(
            model_name='historicalconclusionnotice',
            name='sign_deputy_authority',
            field=models.CharField(blank=True, max_length=4, verbose_name='second authority'),
        ),
        migrations.AddField(
            model_name='historicalconclusionnotice',
            name='sign_deputy_of',
            field=models.CharField(blank=True, max_length=128, verbose_name='second authority for'),
        ),
        migrations.AddField(
            model_name='historicalconclusionnotice',
            name='sign_on_behalf_of',
            field=models.CharField(blank=True, max_length=128, verbose_name='on behalf of'),
        ),
        migrations.AddField(
            model_name='historicalconclusionnotice',
            name='sign_position',
            field=models.CharField(blank=True, max_length=128, verbose_name="signer's position"),
        ),
        migrations.AddField(
            model_name='historicalconclusionnotice',
            name='signer_name',
            field=models.CharField(blank=True, max_length=128, verbose_name='signer'),
        ),
        migrations.AddField(
            model_name='historicalconclusionnotice',
            name='subject',
            field=models.TextField(blank=True, verbose_name='subject line'),
        ),
        migrations.AddField(
            model_name='historicalconclusionnotice',
            name='symbol',
            field=models.CharField(blank=True, max_length=32, verbose_name='symbol abbreviation'),
        ),
        migrations.AddField(
            model_name='historicalconclusionnotice',
            name='year',
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name='year'),
        ),
        migrations.AlterField(
            model_name='conclusionnotice',
            name='status',
            field=models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted to the leader'), ('approved', 'Approved'), ('issued', 'Issued')], default='draft', max_length=12, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='historicalconclusionnotice',
            name='status',
            field=models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted to the leader'), ('approved', 'Approved'), ('issued', 'Issued')], default='draft', max_length=12, verbose_name='status'),
        ),
        migrations.AddConstraint(
            model_name='conclusionnotice',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'submitted', 'approved', 'issued'])), name='conclusion_notice_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='conclusionnotice',
            constraint=models.UniqueConstraint(condition=models.Q(('number__isnull', False)), fields=('issuer', 'year', 'number'), name='conclusion_notice_number_unique'),
        ),
        migrations.AddField(
            model_name='noticetransition',
            name='by',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='noticetransition',
            name='notice',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='transitions', to='petitions.conclusionnotice'),
        ),
    ]
