"""The daily deadline digest: who gets which requests."""

import datetime
from collections import defaultdict

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from controllers.models import Membership
from gdpr_portal.links import absolute_url

from .models import DataSubjectRequest, ScheduledRun

WINDOW_DAYS = 7


def digest_plan(today=None) -> dict:
    """{user: [requests]}: open requests due within 7 days or overdue, to their assignee, or
    to every DPO member of the controller when nobody is assigned."""
    today = today or timezone.localdate()
    due = (
        DataSubjectRequest.objects.open()
        .filter(due_date__lte=today + datetime.timedelta(days=WINDOW_DAYS))
        .select_related("controller", "assignee")
        .order_by("due_date", "pk")
    )
    dpos = defaultdict(list)
    for membership in Membership.objects.filter(
        role=Membership.Role.DPO, user__is_active=True
    ).select_related("user"):
        dpos[membership.controller_id].append(membership.user)
    plan = defaultdict(list)
    for request in due:
        for user in [request.assignee] if request.assignee else dpos[request.controller_id]:
            if user.email:
                plan[user].append(request)
    return dict(plan)


def digest_send(plan: dict, today=None) -> int:
    today = today or timezone.localdate()
    for user, requests in plan.items():
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
            body = render_to_string("requests_app/email/digest.txt", {"rows": rows, "user": user})
            subject = render_to_string(
                "requests_app/email/digest_subject.txt",
                {"count": len(rows), "overdue": sum(1 for row in rows if row["days"] < 0)},
            )
        EmailMessage(" ".join(subject.split()), body, to=[user.email]).send()
    return len(plan)


@transaction.atomic
def run_daily(name: str, job, today=None) -> bool:
    """Run `job` once a day whatever the number of workers: the first to lock the row wins."""
    today = today or timezone.localdate()
    run, _created = ScheduledRun.objects.get_or_create(name=name)
    run = ScheduledRun.objects.select_for_update().get(pk=run.pk)
    if run.last_run_on == today:
        return False
    job()
    run.last_run_on = today
    run.save(update_fields=["last_run_on"])
    return True
