"""Print evaluation requests as FHIR R4 transaction Bundles (docs/fhir.md), for the clinic's EHR.

`export_fhir K7M-4QX` prints one Bundle as JSON; several references print one Bundle a line
(NDJSON), as does `export_fhir --all [--since 2026-11-01]`, which streams every request submitted
from that day on (clinic time) without holding them all in memory. Each export is audited.
"""

from datetime import date, datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from intake.interop import fhir
from intake.models import EvaluationRequest
from intake.security.audit_actions import Action
from intake.services import audit

ACTOR = "manage.py export_fhir"
CHUNK = 200  # requests fetched (with their answers) per round trip


class Command(BaseCommand):
    help = "Print evaluation requests as FHIR R4 transaction Bundles (JSON, or NDJSON for many)."

    def add_arguments(self, parser):
        parser.add_argument("references", nargs="*", metavar="REF")
        parser.add_argument("--all", action="store_true", help="Every request, as NDJSON.")
        parser.add_argument(
            "--since",
            type=_day,
            metavar="YYYY-MM-DD",
            help="With --all: only requests submitted on or after this day (clinic time).",
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="A batch Bundle (no links between entries) instead of a transaction.",
        )
        parser.add_argument(
            "--with-files",
            action="store_true",
            help="Put each uploaded document's file (base64) in its DocumentReference.",
        )
        parser.add_argument(
            "--without-questionnaires",
            action="store_true",
            help="Leave out the Questionnaire entries, for a server that keeps its own.",
        )

    def handle(self, *args, **options):
        references, every, since = options["references"], options["all"], options["since"]
        if every == bool(references):
            raise CommandError("Give one or more references, or --all.")
        if since and not every:
            raise CommandError("--since goes with --all.")
        now = timezone.now()
        shape = {
            "kind": fhir.BATCH if options["batch"] else fhir.TRANSACTION,
            "questionnaires": not options["without_questionnaires"],
            "files": options["with_files"],
        }
        files = {"files": True} if options["with_files"] else {}
        if every:
            requests = EvaluationRequest.objects.for_fhir().order_by("submitted_at", "pk")
            if since:
                start = timezone.make_aware(datetime.combine(since, time.min))
                requests = requests.filter(submitted_at__gte=start)
            count = 0
            for evaluation_request in requests.iterator(chunk_size=CHUNK):
                self.stdout.write(fhir.bundle_json(evaluation_request, now=now, **shape))
                count += 1
            audit.record(
                action=Action.REQUESTS_FHIR_EXPORTED,
                object_type="evaluationrequest",
                actor_label=ACTOR,
                detail={"count": count, "since": since.isoformat() if since else None, **files},
            )
            return
        wanted = [reference.strip().upper() for reference in references]
        found = {
            item.reference: item
            for item in EvaluationRequest.objects.for_fhir().filter(reference__in=wanted)
        }
        unknown = [reference for reference in wanted if reference not in found]
        if unknown:
            raise CommandError(f"No evaluation request has the reference {', '.join(unknown)}.")
        indent = 2 if len(wanted) == 1 else None
        for reference in wanted:
            self.stdout.write(fhir.bundle_json(found[reference], now=now, indent=indent, **shape))
            audit.record(
                action=Action.REQUEST_FHIR_EXPORTED,
                obj=found[reference],
                actor_label=ACTOR,
                detail=files or None,
            )


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--since needs a day like 2026-11-01, not {value!r}.") from error
