"""The daily deadline digest: who gets which requests."""

from collections import defaultdict

from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from gdpr_portal import clock, contributions, permissions
from gdpr_portal.links import absolute_url
from gdpr_portal.mail import one_line, render_text
from gdpr_portal.permissions import Action

from .models import DataSubjectRequest, ScheduledRun


def digest_plan(today=None) -> dict:
    """{user: [requests]}: open requests overdue or due soon, to their assignee, or to everyone
    the permission policy lets handle the controller's requests when nobody is assigned (or
    the assignee no longer may)."""
    due = (
        DataSubjectRequest.objects.needing_answer(today)
        .select_related("controller", "assignee")
        .order_by("due_date", "pk")
    )
    handlers = {
        controller_id: list(permissions.users_who_can(Action.HANDLE_REQUESTS, controller_id))
        for controller_id in {request.controller_id for request in due}
    }
    plan = defaultdict(list)
    for request in due:
        staff = handlers.get(request.controller_id, [])
        assignee = request.assignee
        if assignee is not None and (assignee in staff or permissions.is_operator(assignee)):
            staff = [assignee]
        for user in staff:
            if user.email:
                plan[user].append(request)
    return dict(plan)


def digest_send(plan: dict, today=None) -> int:
    """Mail each user their requests, and the lines other apps contribute (the breaches'
    72-hour clock, `gdpr_portal.contributions`)."""
    today = today or clock.today()
    with translation.override("bg"):
        extra = contributions.digest_lines(clock.now())
    users = [*plan, *(user for user in extra if user not in plan and user.email)]
    for user in users:
        requests = plan.get(user, [])
        rows = [
            {
                "request": r,
                "days": (r.due_date - today).days,
                "url": absolute_url(
                    reverse("admin:requests_app_datasubjectrequest_change", args=[r.pk])
                ),
            }
            for r in requests
        ]
        with translation.override("bg"):
            body = render_text(
                "requests_app/email/digest.txt",
                {"rows": rows, "user": user, "extra": extra.get(user, [])},
            )
            subject = render_text(
                "requests_app/email/digest_subject.txt",
                {"count": len(rows), "overdue": sum(1 for row in rows if row["days"] < 0)},
            )
        EmailMessage(one_line(subject), body, to=[user.email]).send()
    return len(users)


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
