"""The clinic reports (/staff/reports/): counts, waits and charts for a date range, each table
downloadable as CSV. No patient is named; every view and download is audited."""

import csv
import io

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from intake.domain import timetext
from intake.forms.report_range import ReportRangeForm
from intake.interop.exports import BYTE_ORDER_MARK, neutralise
from intake.pages import report_tables
from intake.security.access import reports_access_required
from intake.security.audit_actions import Action
from intake.services import audit


def _range_form(request) -> ReportRangeForm:
    return ReportRangeForm(request.GET, today=timezone.localdate())


@reports_access_required
@require_safe
def reports_page(request):
    form = _range_form(request)
    if not form.is_valid():
        return render(request, "intake/staff/reports.html", {"form": form}, status=400)
    period = form.period()
    report, tables = report_tables.page_for(period)
    audit.record(
        action=Action.REPORTS_VIEWED,
        http_request=request,
        object_type="report",
        detail={"first": period.first.isoformat(), "last": period.last.isoformat()},
    )
    return render(
        request,
        "intake/staff/reports.html",
        {
            "form": form,
            "report": report,
            "period": report.current.period,
            "previous": report.previous.period,
            "tables": tables,
            "query": form.query(),
            "age": timetext.duration(timezone.now() - report.computed_at),
        },
    )


@reports_access_required
@require_safe
def report_csv(request, table):
    if table not in report_tables.SLUGS:
        raise Http404
    form = _range_form(request)
    if not form.is_valid():
        return HttpResponse(
            "Choose a valid period: " + " ".join(m for ms in form.errors.values() for m in ms),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    period = form.period()
    found = report_tables.table_named(report_tables.page_for(period)[1], table)
    audit.record(
        action=Action.REPORTS_EXPORTED,
        http_request=request,
        object_type="report",
        object_id=table,
        detail={"first": period.first.isoformat(), "last": period.last.isoformat()},
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(found.headers)
    for row in found.rows:
        writer.writerow([neutralise(cell) for cell in row])
    response = HttpResponse(
        BYTE_ORDER_MARK + out.getvalue(), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="clinic-{table}-{period.first:%Y%m%d}-{period.last:%Y%m%d}.csv"'
    )
    return response
