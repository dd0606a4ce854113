"""Clinical reviews become records: who (a clinician user), which version, when, and when next.

Items get a version (a change to their text or sources starts a new one, which awaits its own
review) and the review of their current version. The free-text "last clinical review" fields go:
the history tables keep them (intake.models.content.RetiredReviewClaim), so earlier versions
still show the placeholder review the seed had stamped. Topics get a plain summary; clinicians
get credentials, shown beside their reviews.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import intake.models.content
from intake.security.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("intake", "0013_catalog_sources"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveField(
            model_name="contentpage",
            name="reviewed_by",
        ),
        migrations.RemoveField(
            model_name="contentpage",
            name="reviewed_on",
        ),
        migrations.RemoveField(
            model_name="faqentry",
            name="reviewed_by",
        ),
        migrations.RemoveField(
            model_name="faqentry",
            name="reviewed_on",
        ),
        migrations.RemoveField(
            model_name="procon",
            name="reviewed_by",
        ),
        migrations.RemoveField(
            model_name="procon",
            name="reviewed_on",
        ),
        migrations.RemoveField(
            model_name="topic",
            name="reviewed_by",
        ),
        migrations.RemoveField(
            model_name="topic",
            name="reviewed_on",
        ),
        migrations.AddField(
            model_name="clinician",
            name="credentials",
            field=models.CharField(
                blank=True,
                help_text="Shown beside the clinician's content reviews, e.g. MD, psychiatrist.",
                max_length=120,
            ),
        ),
        migrations.AddField(
            model_name="contentpage",
            name="version",
            field=models.PositiveIntegerField(
                default=1,
                editable=False,
                help_text="Goes up by one with each change to the text or sources.",
            ),
        ),
        migrations.AddField(
            model_name="contentpage",
            name="version_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                help_text="Who wrote the current version (empty for seed content); they cannot review it.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="version written by",
            ),
        ),
        migrations.AddField(
            model_name="faqentry",
            name="version",
            field=models.PositiveIntegerField(
                default=1,
                editable=False,
                help_text="Goes up by one with each change to the text or sources.",
            ),
        ),
        migrations.AddField(
            model_name="faqentry",
            name="version_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                help_text="Who wrote the current version (empty for seed content); they cannot review it.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="version written by",
            ),
        ),
        migrations.AddField(
            model_name="historicalcontentpage",
            name="version",
            field=models.PositiveIntegerField(
                default=1,
                editable=False,
                help_text="Goes up by one with each change to the text or sources.",
            ),
        ),
        migrations.AddField(
            model_name="historicalcontentpage",
            name="version_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                help_text="Who wrote the current version (empty for seed content); they cannot review it.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="version written by",
            ),
        ),
        migrations.AddField(
            model_name="historicalfaqentry",
            name="version",
            field=models.PositiveIntegerField(
                default=1,
                editable=False,
                help_text="Goes up by one with each change to the text or sources.",
            ),
        ),
        migrations.AddField(
            model_name="historicalfaqentry",
            name="version_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                help_text="Who wrote the current version (empty for seed content); they cannot review it.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="version written by",
            ),
        ),
        migrations.AddField(
            model_name="historicalprocon",
            name="version",
            field=models.PositiveIntegerField(
                default=1,
                editable=False,
                help_text="Goes up by one with each change to the text or sources.",
            ),
        ),
        migrations.AddField(
            model_name="historicalprocon",
            name="version_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                help_text="Who wrote the current version (empty for seed content); they cannot review it.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="version written by",
            ),
        ),
        migrations.AddField(
            model_name="historicaltopic",
            name="summary",
            field=models.TextField(
                blank=True,
                help_text="Two short sentences in everyday words (about grade 8) that open the topic: what someone should take away before reading the detail.",
                max_length=600,
                verbose_name="plain summary",
            ),
        ),
        migrations.AddField(
            model_name="historicaltopic",
            name="version",
            field=models.PositiveIntegerField(
                default=1,
                editable=False,
                help_text="Goes up by one with each change to the text or sources.",
            ),
        ),
        migrations.AddField(
            model_name="historicaltopic",
            name="version_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                help_text="Who wrote the current version (empty for seed content); they cannot review it.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="version written by",
            ),
        ),
        migrations.AddField(
            model_name="procon",
            name="version",
            field=models.PositiveIntegerField(
                default=1,
                editable=False,
                help_text="Goes up by one with each change to the text or sources.",
            ),
        ),
        migrations.AddField(
            model_name="procon",
            name="version_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                help_text="Who wrote the current version (empty for seed content); they cannot review it.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="version written by",
            ),
        ),
        migrations.AddField(
            model_name="topic",
            name="summary",
            field=models.TextField(
                blank=True,
                help_text="Two short sentences in everyday words (about grade 8) that open the topic: what someone should take away before reading the detail.",
                max_length=600,
                verbose_name="plain summary",
            ),
        ),
        migrations.AddField(
            model_name="topic",
            name="version",
            field=models.PositiveIntegerField(
                default=1,
                editable=False,
                help_text="Goes up by one with each change to the text or sources.",
            ),
        ),
        migrations.AddField(
            model_name="topic",
            name="version_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                help_text="Who wrote the current version (empty for seed content); they cannot review it.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="version written by",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcontentpage",
            name="reviewed_by",
            field=models.CharField(
                blank=True, max_length=120, verbose_name="claimed reviewer (retired)"
            ),
        ),
        migrations.AlterField(
            model_name="historicalcontentpage",
            name="reviewed_on",
            field=models.DateField(
                blank=True, null=True, verbose_name="claimed review date (retired)"
            ),
        ),
        migrations.AlterField(
            model_name="historicalfaqentry",
            name="reviewed_by",
            field=models.CharField(
                blank=True, max_length=120, verbose_name="claimed reviewer (retired)"
            ),
        ),
        migrations.AlterField(
            model_name="historicalfaqentry",
            name="reviewed_on",
            field=models.DateField(
                blank=True, null=True, verbose_name="claimed review date (retired)"
            ),
        ),
        migrations.AlterField(
            model_name="historicalprocon",
            name="reviewed_by",
            field=models.CharField(
                blank=True, max_length=120, verbose_name="claimed reviewer (retired)"
            ),
        ),
        migrations.AlterField(
            model_name="historicalprocon",
            name="reviewed_on",
            field=models.DateField(
                blank=True, null=True, verbose_name="claimed review date (retired)"
            ),
        ),
        migrations.AlterField(
            model_name="historicaltopic",
            name="reviewed_by",
            field=models.CharField(
                blank=True, max_length=120, verbose_name="claimed reviewer (retired)"
            ),
        ),
        migrations.AlterField(
            model_name="historicaltopic",
            name="reviewed_on",
            field=models.DateField(
                blank=True, null=True, verbose_name="claimed review date (retired)"
            ),
        ),
        migrations.CreateModel(
            name="ContentReview",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField()),
                (
                    "version",
                    models.PositiveIntegerField(help_text="The item's version the clinician read."),
                ),
                (
                    "reviewed_on",
                    models.DateField(
                        default=django.utils.timezone.localdate,
                        validators=[intake.models.content.validate_not_in_the_future],
                        verbose_name="reviewed on",
                    ),
                ),
                ("next_review_due", models.DateField(verbose_name="next review due")),
                (
                    "content_type",
                    models.ForeignKey(
                        limit_choices_to=intake.models.content._content_types,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="contenttypes.contenttype",
                    ),
                ),
                (
                    "reviewer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="content_reviews",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="reviewing clinician",
                    ),
                ),
            ],
            options={
                "verbose_name": "clinical review",
                "ordering": ["-reviewed_on", "-pk"],
            },
        ),
        migrations.AddField(
            model_name="contentpage",
            name="review",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                help_text="The clinical review of the current version; empty while it awaits one.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="intake.contentreview",
                verbose_name="clinical review",
            ),
        ),
        migrations.AddField(
            model_name="faqentry",
            name="review",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                help_text="The clinical review of the current version; empty while it awaits one.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="intake.contentreview",
                verbose_name="clinical review",
            ),
        ),
        migrations.AddField(
            model_name="historicalcontentpage",
            name="review",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                help_text="The clinical review of the current version; empty while it awaits one.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="intake.contentreview",
                verbose_name="clinical review",
            ),
        ),
        migrations.AddField(
            model_name="historicalfaqentry",
            name="review",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                help_text="The clinical review of the current version; empty while it awaits one.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="intake.contentreview",
                verbose_name="clinical review",
            ),
        ),
        migrations.AddField(
            model_name="historicalprocon",
            name="review",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                help_text="The clinical review of the current version; empty while it awaits one.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="intake.contentreview",
                verbose_name="clinical review",
            ),
        ),
        migrations.AddField(
            model_name="historicaltopic",
            name="review",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                help_text="The clinical review of the current version; empty while it awaits one.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="intake.contentreview",
                verbose_name="clinical review",
            ),
        ),
        migrations.AddField(
            model_name="procon",
            name="review",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                help_text="The clinical review of the current version; empty while it awaits one.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="intake.contentreview",
                verbose_name="clinical review",
            ),
        ),
        migrations.AddField(
            model_name="topic",
            name="review",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                help_text="The clinical review of the current version; empty while it awaits one.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="intake.contentreview",
                verbose_name="clinical review",
            ),
        ),
        migrations.AddIndex(
            model_name="contentreview",
            index=models.Index(
                fields=["content_type", "object_id"], name="intake_cont_content_e59a31_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="contentreview",
            constraint=models.CheckConstraint(
                condition=models.Q(("next_review_due__gt", models.F("reviewed_on"))),
                name="content_review_next_after_review",
                violation_error_message="The next review must fall after the review.",
            ),
        ),
        # Clinicians review content and editors see the reviews: their groups get the permissions.
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
