"""Indexes for the staff search at 100,000 requests (docs/performance.md): an e-mail matched
case-insensitively, a phone number exactly, and, on PostgreSQL, names by their start."""

import django.db.models.functions.text
from django.db import migrations, models

NAME_COLUMNS = ("first_name", "last_name", "preferred_name")


def create_name_indexes(apps, schema_editor):
    # `istartswith` is UPPER(name) LIKE 'ABC%'; with text_pattern_ops PostgreSQL serves it from
    # an index whatever the database's collation. SQLite's LIKE cannot use such an index.
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in NAME_COLUMNS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "patient_{column}_search_idx" '
            f'ON "intake_patient" (UPPER("{column}") text_pattern_ops)'
        )


def drop_name_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in NAME_COLUMNS:
        schema_editor.execute(f'DROP INDEX IF EXISTS "patient_{column}_search_idx"')


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0007_scheduling"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="patient",
            index=models.Index(
                django.db.models.functions.text.Upper("email"), name="patient_email_upper_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="patient",
            index=models.Index(fields=["phone"], name="patient_phone_idx"),
        ),
        migrations.RunPython(create_name_indexes, drop_name_indexes),
    ]
