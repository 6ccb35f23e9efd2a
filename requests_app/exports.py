"""CSV exports: the register as filtered in the list, and one request with its audit trail."""

import csv
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse
from django.utils import timezone


class _Echo:
    def write(self, value):
        return value


def csv_response(filename: str, rows: Iterable[list]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    # A byte-order mark so that spreadsheet programs read the Cyrillic as UTF-8.
    stream = (writer.writerow(row) for row in rows)
    response = StreamingHttpResponse(_with_bom(stream), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _with_bom(stream: Iterator[str]) -> Iterator[str]:
    yield "\ufeff"
    yield from stream


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


EXPORT_HEADER = [
    "reference",
    "controller",
    "rights",
    "status",
    "channel",
    "received",
    "due",
    "extended",
    "paused_days",
    "closed",
    "on_time",
    "assignee",
    "email_confirmed",
    "requester",
    "email",
]


def export_rows(queryset) -> Iterator[list]:
    yield EXPORT_HEADER
    for dsr in queryset.prefetch_related("requested_rights").iterator(chunk_size=2000):
        closed = timezone.localtime(dsr.closed_at).date() if dsr.closed_at else None
        yield [
            dsr.reference,
            dsr.controller.legal_name,
            " ".join(r.right for r in dsr.requested_rights.all()),
            dsr.status,
            dsr.channel,
            _local(dsr.received_at),
            dsr.due_date.isoformat(),
            "yes" if dsr.extended else "no",
            dsr.paused_days,
            _local(dsr.closed_at),
            "" if closed is None else ("yes" if closed <= dsr.due_date else "no"),
            dsr.assignee.get_username() if dsr.assignee else "",
            "yes" if dsr.email_confirmed_at else "no",
            dsr.requester_name,
            dsr.requester_email,
        ]


def audit_rows(dsr) -> Iterator[list]:
    yield ["reference", dsr.reference]
    yield ["controller", dsr.controller.legal_name]
    yield ["status", dsr.status]
    yield ["received", _local(dsr.received_at)]
    yield ["due", dsr.due_date.isoformat()]
    yield []
    yield ["when", "who", "what", "field", "before", "after", "note", "shown to requester"]
    for event in dsr.events.select_related("actor").order_by("at", "pk"):
        who = event.actor.get_username() if event.actor else "requester/system"
        changes = event.changes or {}
        if not changes:
            yield [_local(event.at), who, event.kind, "", "", "", event.note, event.public]
        for field, values in changes.items():
            before, after = (
                (values.get("before"), values.get("after"))
                if isinstance(values, dict)
                else ("", values)
            )
            yield [
                _local(event.at),
                who,
                event.kind,
                field,
                before,
                after,
                event.note,
                event.public,
            ]
