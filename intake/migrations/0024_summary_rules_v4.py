"""Summary rules v4: stroke asked apart from heart disease (with whether it was a bleed), and the
language each questionnaire's questions were shown in.

Intakes already stored keep their combined heart-disease-or-stroke answer and questions_version
3 (or 2): the summary asks staff to clarify a "yes" there. Their GAD-7 and C-SSRS screener were
shown in English (no Spanish version was offered before this change), so both are recorded as
English; which language their PHQ-9 was read in was not kept and stays blank.
"""

from django.db import migrations, models

YES_NO_NOT_SURE = [("yes", "Yes"), ("no", "No"), ("not_sure", "Not sure")]


class Migration(migrations.Migration):
    dependencies = [("intake", "0023_queue_open_idx")]

    operations = [
        migrations.AddField(
            model_name="healthscreening",
            name="stroke",
            field=models.CharField(blank=True, choices=YES_NO_NOT_SURE, max_length=10),
        ),
        migrations.AddField(
            model_name="healthscreening",
            name="stroke_bleed",
            field=models.CharField(blank=True, choices=YES_NO_NOT_SURE, max_length=10),
        ),
        migrations.AlterField(
            model_name="healthscreening",
            name="questions_version",
            field=models.PositiveSmallIntegerField(
                default=4,
                editable=False,
                help_text="Which set of health questions the patient answered "
                "(domain/questions.py).",
            ),
        ),
        migrations.AddField(
            model_name="safetyanswers",
            name="language",
            field=models.CharField(blank=True, default="en", max_length=2),
        ),
        # Every GAD-7 stored so far was shown in English; new ones record their own language.
        migrations.AddField(
            model_name="symptomanswers",
            name="gad7_language",
            field=models.CharField(blank=True, default="en", max_length=2),
        ),
        migrations.AlterField(
            model_name="symptomanswers",
            name="gad7_language",
            field=models.CharField(blank=True, default="", max_length=2),
        ),
        migrations.AddField(
            model_name="symptomanswers",
            name="phq9_language",
            field=models.CharField(blank=True, default="", max_length=2),
        ),
    ]
