"""The audit trail is protected by the database, and leaves it only through `trail_erase`."""

import pytest
from django.db import ProgrammingError, connection, transaction
from django.db.models import ProtectedError

from requests_app.models import DataSubjectRequest, RequestEvent
from requests_app.trail import TrailErasure, trail_erase
from tests.requests_app.factories import DataSubjectRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    dsr = DataSubjectRequestFactory()
    return RequestEvent.objects.create(
        request=dsr, kind="completed", note="Изпратено на Мария", changes={"to": "Мария"}
    )


def raw(sql, *params):
    # Its own savepoint, so that the refused statement does not abort the test's transaction.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE requests_app_requestevent SET note = 'rewritten' WHERE id = %s",
        "DELETE FROM requests_app_requestevent WHERE id = %s",
    ],
)
def test_raw_sql_cannot_rewrite_or_delete_an_event(event, sql):
    with pytest.raises(ProgrammingError, match="the audit trail cannot be rewritten"):
        raw(sql, event.pk)
    event.refresh_from_db()
    assert event.note == "Изпратено на Мария"


def test_a_request_with_a_trail_cannot_be_deleted(event):
    with pytest.raises(ProtectedError), transaction.atomic():
        event.request.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        DataSubjectRequest.objects.filter(pk=event.request_id).delete()
    assert DataSubjectRequest.objects.filter(pk=event.request_id).exists()


def test_redaction_strips_the_person_and_leaves_its_record(event):
    other = RequestEvent.objects.create(
        request=DataSubjectRequestFactory(), kind="completed", note="Иван"
    )
    erasure = trail_erase(
        request_ids=[event.request_id], mode=TrailErasure.Mode.REDACTED, reason="retention"
    )
    event.refresh_from_db()
    other.refresh_from_db()
    assert (event.note, event.changes, event.kind) == ("", {}, "completed")
    assert other.note == "Иван"
    assert (erasure.mode, erasure.events, erasure.request_ids) == (
        "redacted",
        1,
        [event.request_id],
    )
    assert TrailErasure.objects.get() == erasure
    # The permission ended with the erasure: the same transaction is protected again.
    with pytest.raises(ProgrammingError):
        raw("UPDATE requests_app_requestevent SET note = 'x' WHERE id = %s", other.pk)


def test_erasure_removes_the_trail_so_that_the_request_may_go(event):
    request_id = event.request_id
    erasure = trail_erase(request_ids=[request_id], mode=TrailErasure.Mode.ERASED, reason="r")
    DataSubjectRequest.objects.filter(pk=request_id).delete()
    assert not RequestEvent.objects.filter(request_id=request_id).exists()
    assert (erasure.mode, erasure.events, erasure.request_ids) == ("erased", 1, [request_id])


def test_a_failed_erasure_changes_nothing_and_leaves_the_trail_protected(event, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(TrailErasure, "full_clean", fail)
    with pytest.raises(RuntimeError):
        trail_erase(request_ids=[event.request_id], mode=TrailErasure.Mode.REDACTED, reason="r")
    event.refresh_from_db()
    assert event.note == "Изпратено на Мария"
    assert not TrailErasure.objects.exists()
    with pytest.raises(ProgrammingError):
        raw("DELETE FROM requests_app_requestevent WHERE id = %s", event.pk)


def test_the_evidence_of_erasure_is_protected_too(event):
    erasure = trail_erase(request_ids=[event.request_id], mode="redacted", reason="retention")
    with pytest.raises(ProgrammingError):
        raw("DELETE FROM requests_app_trailerasure WHERE id = %s", erasure.pk)
    with pytest.raises(ProgrammingError):
        raw("UPDATE requests_app_trailerasure SET reason = '' WHERE id = %s", erasure.pk)
