"""Educational content in more than one language: each translation is a row of its own
(`language` and the English item it translates), with its own sources, versions, review and
history. Migration 0020 seeds the first Spanish items.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0020_outbox_email_language"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="contentpage",
            name="language",
            field=models.CharField(
                choices=[("en", "English"), ("es", "Spanish")],
                blank=True,
                default="en",
                help_text="The language of this text. The public site shows a patient the item in their language when it is published, and the English one otherwise.",
                max_length=2,
            ),
        ),
        migrations.AddField(
            model_name="contentpage",
            name="translation_of",
            field=models.ForeignKey(
                blank=True,
                help_text="For a translation: the English item it translates (empty for English).",
                limit_choices_to={"language": "en"},
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="translations",
                to="intake.contentpage",
            ),
        ),
        migrations.AddField(
            model_name="faqentry",
            name="language",
            field=models.CharField(
                choices=[("en", "English"), ("es", "Spanish")],
                blank=True,
                default="en",
                help_text="The language of this text. The public site shows a patient the item in their language when it is published, and the English one otherwise.",
                max_length=2,
            ),
        ),
        migrations.AddField(
            model_name="faqentry",
            name="translation_of",
            field=models.ForeignKey(
                blank=True,
                help_text="For a translation: the English item it translates (empty for English).",
                limit_choices_to={"language": "en"},
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="translations",
                to="intake.faqentry",
            ),
        ),
        migrations.AddField(
            model_name="historicalcontentpage",
            name="language",
            field=models.CharField(
                choices=[("en", "English"), ("es", "Spanish")],
                blank=True,
                default="en",
                help_text="The language of this text. The public site shows a patient the item in their language when it is published, and the English one otherwise.",
                max_length=2,
            ),
        ),
        migrations.AddField(
            model_name="historicalcontentpage",
            name="translation_of",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="For a translation: the English item it translates (empty for English).",
                limit_choices_to={"language": "en"},
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="intake.contentpage",
            ),
        ),
        migrations.AddField(
            model_name="historicalfaqentry",
            name="language",
            field=models.CharField(
                choices=[("en", "English"), ("es", "Spanish")],
                blank=True,
                default="en",
                help_text="The language of this text. The public site shows a patient the item in their language when it is published, and the English one otherwise.",
                max_length=2,
            ),
        ),
        migrations.AddField(
            model_name="historicalfaqentry",
            name="translation_of",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="For a translation: the English item it translates (empty for English).",
                limit_choices_to={"language": "en"},
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="intake.faqentry",
            ),
        ),
        migrations.AddField(
            model_name="historicalprocon",
            name="language",
            field=models.CharField(
                choices=[("en", "English"), ("es", "Spanish")],
                blank=True,
                default="en",
                help_text="The language of this text. The public site shows a patient the item in their language when it is published, and the English one otherwise.",
                max_length=2,
            ),
        ),
        migrations.AddField(
            model_name="historicalprocon",
            name="translation_of",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="For a translation: the English item it translates (empty for English).",
                limit_choices_to={"language": "en"},
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="intake.procon",
            ),
        ),
        migrations.AddField(
            model_name="historicaltopic",
            name="language",
            field=models.CharField(
                choices=[("en", "English"), ("es", "Spanish")],
                blank=True,
                default="en",
                help_text="The language of this text. The public site shows a patient the item in their language when it is published, and the English one otherwise.",
                max_length=2,
            ),
        ),
        migrations.AddField(
            model_name="historicaltopic",
            name="translation_of",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="For a translation: the English item it translates (empty for English).",
                limit_choices_to={"language": "en"},
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="intake.topic",
            ),
        ),
        migrations.AddField(
            model_name="procon",
            name="language",
            field=models.CharField(
                choices=[("en", "English"), ("es", "Spanish")],
                blank=True,
                default="en",
                help_text="The language of this text. The public site shows a patient the item in their language when it is published, and the English one otherwise.",
                max_length=2,
            ),
        ),
        migrations.AddField(
            model_name="procon",
            name="translation_of",
            field=models.ForeignKey(
                blank=True,
                help_text="For a translation: the English item it translates (empty for English).",
                limit_choices_to={"language": "en"},
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="translations",
                to="intake.procon",
            ),
        ),
        migrations.AddField(
            model_name="topic",
            name="language",
            field=models.CharField(
                choices=[("en", "English"), ("es", "Spanish")],
                blank=True,
                default="en",
                help_text="The language of this text. The public site shows a patient the item in their language when it is published, and the English one otherwise.",
                max_length=2,
            ),
        ),
        migrations.AddField(
            model_name="topic",
            name="translation_of",
            field=models.ForeignKey(
                blank=True,
                help_text="For a translation: the English item it translates (empty for English).",
                limit_choices_to={"language": "en"},
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="translations",
                to="intake.topic",
            ),
        ),
        migrations.AlterField(
            model_name="historicaltopic",
            name="key",
            field=models.SlugField(
                help_text="Stable name the intake summary uses to point at this topic (e.g. cautions). It cannot be changed after the topic is saved. A translation's key is its English topic's with the language after it (cautions-es).",
                max_length=40,
            ),
        ),
        migrations.AlterField(
            model_name="topic",
            name="key",
            field=models.SlugField(
                help_text="Stable name the intake summary uses to point at this topic (e.g. cautions). It cannot be changed after the topic is saved. A translation's key is its English topic's with the language after it (cautions-es).",
                max_length=40,
                unique=True,
            ),
        ),
        migrations.AddConstraint(
            model_name="contentpage",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("language", "en"), ("translation_of__isnull", True)),
                    models.Q(
                        models.Q(("language", "en"), _negated=True),
                        ("translation_of__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="contentpage_translation_has_an_original",
                violation_error_message="An English item translates nothing; an item in another language names the English item it translates.",
            ),
        ),
        migrations.AddConstraint(
            model_name="contentpage",
            constraint=models.UniqueConstraint(
                fields=("translation_of", "language"),
                name="contentpage_one_translation_per_language",
                violation_error_message="That item already has a translation in this language.",
            ),
        ),
        migrations.AddConstraint(
            model_name="faqentry",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("language", "en"), ("translation_of__isnull", True)),
                    models.Q(
                        models.Q(("language", "en"), _negated=True),
                        ("translation_of__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="faqentry_translation_has_an_original",
                violation_error_message="An English item translates nothing; an item in another language names the English item it translates.",
            ),
        ),
        migrations.AddConstraint(
            model_name="faqentry",
            constraint=models.UniqueConstraint(
                fields=("translation_of", "language"),
                name="faqentry_one_translation_per_language",
                violation_error_message="That item already has a translation in this language.",
            ),
        ),
        migrations.AddConstraint(
            model_name="procon",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("language", "en"), ("translation_of__isnull", True)),
                    models.Q(
                        models.Q(("language", "en"), _negated=True),
                        ("translation_of__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="procon_translation_has_an_original",
                violation_error_message="An English item translates nothing; an item in another language names the English item it translates.",
            ),
        ),
        migrations.AddConstraint(
            model_name="procon",
            constraint=models.UniqueConstraint(
                fields=("translation_of", "language"),
                name="procon_one_translation_per_language",
                violation_error_message="That item already has a translation in this language.",
            ),
        ),
        migrations.AddConstraint(
            model_name="topic",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("language", "en"), ("translation_of__isnull", True)),
                    models.Q(
                        models.Q(("language", "en"), _negated=True),
                        ("translation_of__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="topic_translation_has_an_original",
                violation_error_message="An English item translates nothing; an item in another language names the English item it translates.",
            ),
        ),
        migrations.AddConstraint(
            model_name="topic",
            constraint=models.UniqueConstraint(
                fields=("translation_of", "language"),
                name="topic_one_translation_per_language",
                violation_error_message="That item already has a translation in this language.",
            ),
        ),
    ]
