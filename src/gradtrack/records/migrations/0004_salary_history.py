"""Salary history (POLICY §1): a job keeps its 起薪 and records later raises and cuts as dated salary changes.

Today's jobs become 起薪 = the first salary their history recorded (the value they were created with, or the
old value of the first edit of the salary), current = today's value; each recorded edit of the salary becomes
a salary change dated the day it was made."""

import datetime
from decimal import Decimal, InvalidOperation


import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _amount(text):
    try:
        return Decimal(text) if text not in (None, "") else None
    except (InvalidOperation, TypeError):
        return None


def salaries_from_history(apps, schema_editor):
    Employment = apps.get_model("records", "Employment")
    SalaryChange = apps.get_model("records", "SalaryChange")
    HistoryEntry = apps.get_model("core", "HistoryEntry")
    Employment.objects.update(starting_salary=models.F("monthly_salary"))
    entries = (
        HistoryEntry.objects.filter(model="records.employment", changes__has_key="monthly_salary")
        .order_by("object_id", "at", "pk")
        .values_list("object_id", "action", "changes", "at", "actor_id", "source")
        .iterator(chunk_size=2000)
    )
    first: dict[int, Decimal] = {}
    changes = []
    for object_id, action, values, at, actor_id, source in entries:
        try:
            job_id = int(object_id)
        except ValueError:
            continue
        old, new = (_amount(value) for value in values["monthly_salary"])
        if action == "create":
            if new is not None:
                first.setdefault(job_id, new)
            continue
        if action != "update":
            continue
        if old is None:
            if new is not None:
                first.setdefault(job_id, new)
            continue
        first.setdefault(job_id, old)
        if new is not None:
            day = at.date() if isinstance(at, datetime.datetime) else at
            changes.append((job_id, day, old, new, actor_id, source or ""))
    existing = set(Employment.objects.filter(pk__in=list(first)).values_list("pk", flat=True))
    for job_id, amount in first.items():
        if job_id in existing:
            Employment.objects.filter(pk=job_id).update(starting_salary=amount)
    starts = dict(Employment.objects.filter(pk__in=existing).values_list("pk", "start_date"))
    SalaryChange.objects.bulk_create(
        [
            SalaryChange(
                employment_id=job_id,
                effective_on=max(day, starts[job_id]),
                previous_salary=old,
                monthly_salary=new,
                source=source[:40],
                note="由修改历史补记",
                recorded_by_id=actor_id,
            )
            for job_id, day, old, new, actor_id, source in changes
            if job_id in existing
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('records', '0003_graduate_archive_and_erasure'),
        ('core', '0003_history_owner'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='SalaryChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='记录时间')),
                ('effective_on', models.DateField(verbose_name='调薪日期')),
                ('previous_salary', models.DecimalField(blank=True, decimal_places=2, max_digits=9, null=True, verbose_name='调整前月薪（元）')),
                ('monthly_salary', models.DecimalField(decimal_places=2, max_digits=9, validators=[django.core.validators.MinValueValidator(0)], verbose_name='调整后月薪（元）')),
                ('source', models.CharField(blank=True, max_length=40, verbose_name='来源')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='说明')),
            ],
            options={
                'verbose_name': '调薪记录',
                'verbose_name_plural': '调薪记录',
                'ordering': ['effective_on', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='employment',
            name='starting_salary',
            field=models.DecimalField(blank=True, decimal_places=2, help_text='入职时的月薪；留空则取当前月薪', max_digits=9, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='起薪（元）'),
        ),
        migrations.AlterField(
            model_name='employment',
            name='monthly_salary',
            field=models.DecimalField(blank=True, decimal_places=2, help_text='修改当前月薪即记录一次调薪（日期为今天）；起薪保持不变', max_digits=9, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='当前月薪（元）'),
        ),
        migrations.AddConstraint(
            model_name='employment',
            constraint=models.CheckConstraint(condition=models.Q(('starting_salary__isnull', True), ('starting_salary__gte', 0), _connector='OR'), name='employment_starting_salary_not_negative'),
        ),
        migrations.AddField(
            model_name='salarychange',
            name='employment',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='salary_changes', to='records.employment', verbose_name='就业记录'),
        ),
        migrations.AddField(
            model_name='salarychange',
            name='recorded_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='记录人'),
        ),
        migrations.AddConstraint(
            model_name='salarychange',
            constraint=models.CheckConstraint(condition=models.Q(('monthly_salary__gte', 0)), name='salary_change_not_negative'),
        ),
        migrations.RunPython(salaries_from_history, migrations.RunPython.noop),
    ]
