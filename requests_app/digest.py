"""The daily deadline digest: who gets which requests."""

from collections import defaultdict

from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import translation

from gdpr_portal import clock, contributions, permissions
from gdpr_portal.links import absolute_url
from gdpr_portal.mail import one_line, render_text
from gdpr_portal.permissions import Action

from .models import DataSubjectRequest, Message, ScheduledRun


def digest_plan(today=None) -> dict:
    """{user: [requests]}: open requests overdue or due soon, to their assignee, or to everyone
    the permission policy lets handle the controller's requests when nobody is assigned (or
    the assignee no longer may)."""
    due = (
        DataSubjectRequest.objects.needing_answer(today)
        .select_related("controller", "assignee")
        .order_by("due_date", "pk")
    )
    return _by_user(due)


def _by_user(requests) -> dict:
    requests = list(requests)
    handlers = {
        controller_id: list(permissions.users_who_can(Action.HANDLE_REQUESTS, controller_id))
        for controller_id in {request.controller_id for request in requests}
    }
    plan = defaultdict(list)
    for request in requests:
        staff = handlers.get(request.controller_id, [])
        assignee = request.assignee
        if assignee is not None and (assignee in staff or permissions.is_operator(assignee)):
            staff = [assignee]
        for user in staff:
            if user.email:
                plan[user].append(request)
    return dict(plan)


def unread_plan() -> dict:
    """{user: [requests]}: requests whose requester wrote something nobody has opened yet, to
    the same people as the deadlines."""
    unread = Message.objects.unread_replies().filter(request=OuterRef("pk"))
    requests = (
        DataSubjectRequest.objects.filter(Exists(unread))
        .select_related("controller", "assignee")
        .order_by("due_date", "pk")
    )
    return _by_user(requests)


def digest_send(plan: dict, today=None, unread: dict | None = None) -> int:
    """Mail each user their requests, the requests with unread replies (`unread_plan`), and
    the lines other apps contribute (the breaches' 72-hour clock, `gdpr_portal.contributions`)."""
    today = today or clock.today()
    unread = unread_plan() if unread is None else unread
    with translation.override("bg"):
        extra = contributions.digest_lines(clock.now())
    users = list(plan)
    users += [user for user in unread if user not in users]
    users += [user for user in extra if user not in users and user.email]
    for user in users:
        requests = plan.get(user, [])
        replies = [
            {"request": r, "url": absolute_url(_change_url(r))} for r in unread.get(user, [])
        ]
        rows = [
            {
                "request": r,
                "days": (r.due_date - today).days,
                "url": absolute_url(_change_url(r)),
            }
            for r in requests
        ]
        with translation.override("bg"):
            body = render_text(
                "requests_app/email/digest.txt",
                {"rows": rows, "user": user, "extra": extra.get(user, []), "replies": replies},
            )
            subject = render_text(
                "requests_app/email/digest_subject.txt",
                {
                    "count": len(rows),
                    "overdue": sum(1 for row in rows if row["days"] < 0),
                    "replies": len(replies),
                },
            )
        EmailMessage(one_line(subject), body, to=[user.email]).send()
    return len(users)


def _change_url(request) -> str:
    return reverse("admin:requests_app_datasubjectrequest_change", args=[request.pk])


@transaction.atomic
def run_daily(name: str, job, today=None) -> bool:
    """Run `job` once a day whatever the number of workers: the first to lock the row wins."""
    today = today or clock.today()
    run, _created = ScheduledRun.objects.get_or_create(name=name)
    run = ScheduledRun.objects.select_for_update().get(pk=run.pk)
    if run.last_run_on == today:
        return False
    job()
    run.last_run_on = today
    run.save(update_fields=["last_run_on"])
    return True
