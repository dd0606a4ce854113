"""The open queue in queue order as a partial index: its first page stops reading after 25 open
requests instead of walking the closed history (issue 19, docs/performance.md)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0022_seed_content_es"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="evaluationrequest",
            index=models.Index(
                condition=models.Q(("status__in", ("new", "in_review", "contacted", "scheduled"))),
                fields=["-imminent_risk", "-urgent", "submitted_at", "id"],
                name="queue_open_idx",
            ),
        ),
    ]
