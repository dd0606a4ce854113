"""The staff search finds names whatever their accents and case ("hernandez" finds "Hernández"),
on PostgreSQL through the unaccent extension, and costs the same at any size of the table.

unaccent() itself is only STABLE (its dictionary could change), so no index can be built on it;
intake_fold() wraps it with the dictionary named explicitly, schema-qualified, and is declared
IMMUTABLE, the usual way to index unaccent. SQLite has no extension: the app registers
intake_fold() on each connection (models/folding.py).

Each request gets a copy of its patient's names, filled in here from the patient, and on
PostgreSQL one index per name: intake_fold(name) with text_pattern_ops (it serves "starts with"
whatever the database's collation), including the name itself, the request's id, status and
queue order, so a search reads the index entries it matches and nothing else: no table row, and
no probe per matching patient (docs/performance.md). They replace migration 0008's UPPER(name)
indexes on the patients, which nothing reads any more. Copying the names takes minutes at a
million requests.

The extension is "trusted" from PostgreSQL 13 on, so the database's owner may create it; on
older servers a superuser runs `CREATE EXTENSION unaccent` once before migrating.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

NAMES = ("first_name", "last_name", "preferred_name")
INCLUDED = '"id", "status", "imminent_risk", "urgent", "submitted_at"'


def create_fold(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT quote_ident(nspname) FROM pg_extension e "
            "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE extname = 'unaccent'"
        )
        (schema,) = cursor.fetchone()
    schema_editor.execute(
        "CREATE OR REPLACE FUNCTION intake_fold(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS "
        f"$$ SELECT upper({schema}.unaccent('{schema}.unaccent'::regdictionary, $1)) $$"
    )


def drop_fold(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS intake_fold(text)")


def copy_names(apps, schema_editor):
    EvaluationRequest = apps.get_model("intake", "EvaluationRequest")
    Patient = apps.get_model("intake", "Patient")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'UPDATE "intake_evaluationrequest" AS r SET '
            + ", ".join(f'"patient_{name}" = p."{name}"' for name in NAMES)
            + ' FROM "intake_patient" AS p WHERE p."id" = r."patient_id"'
        )
        return
    patient = Patient.objects.filter(pk=OuterRef("patient_id"))
    EvaluationRequest.objects.update(
        **{f"patient_{name}": Subquery(patient.values(name)[:1]) for name in NAMES}
    )


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in NAMES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "patient_{name}_search_idx"')
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "request_{name}_fold_idx" '
            f'ON "intake_evaluationrequest" (intake_fold("patient_{name}") text_pattern_ops) '
            f'INCLUDE ("patient_{name}", {INCLUDED})'
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in NAMES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "request_{name}_fold_idx"')
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "patient_{name}_search_idx" '
            f'ON "intake_patient" (UPPER("{name}") text_pattern_ops)'
        )


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0028_appointment_request_status_at_booking"),
    ]

    operations = [
        migrations.RunPython(create_fold, drop_fold),
        *(
            migrations.AddField(
                model_name="evaluationrequest",
                name=f"patient_{name}",
                field=models.CharField(blank=True, editable=False, max_length=100),
            )
            for name in NAMES
        ),
        migrations.RunPython(copy_names, migrations.RunPython.noop),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
