"""List filters of the request register; each is backed by an index (see the model's Meta)."""

import datetime

from django.contrib import admin
from django.db import connection, models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from controllers.selectors import controllers_for
from gdpr_portal import clock
from gdpr_portal.permissions import Action

from ..models import OPEN_STATUSES, Right, Status
from ..tallies import ReceivedTally


class ControllerFilter(admin.RelatedOnlyFieldListFilter):
    """The user's controllers that have requests, as Django's related-only filter offers them,
    but read from the dashboard's counts (tallies.py): Django's own asks for the distinct
    controllers of every request the user may see, a scan of the whole table on each page of
    the list (half a second at a million requests)."""

    def field_choices(self, field, request, model_admin):
        if connection.vendor != "postgresql":
            return super().field_choices(field, request, model_admin)
        mine = controllers_for(request.user, Action.VIEW).values("pk")
        having = ReceivedTally.objects.filter(n__gt=0, controller__in=mine).values("controller_id")
        return field.get_choices(
            include_blank=False,
            limit_choices_to={"pk__in": having},
            ordering=self.field_admin_ordering(field, request, model_admin),
        )


class StatusFilter(admin.SimpleListFilter):
    """Open requests by default: the DPO's working list."""

    title = _("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", _("open")), ("all", _("all")), *Status.choices]

    def __init__(self, request, params, model, model_admin):
        # A search looks through every state: a closed request is found by its reference too.
        self.default = "all" if request.GET.get("q") else "open"
        super().__init__(request, params, model, model_admin)

    def choices(self, changelist):
        value = self.value() or self.default
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or self.default
        if value == "all":
            return queryset
        if value == "open":
            return queryset.filter(status__in=OPEN_STATUSES)
        if value in Status.values:
            return queryset.filter(status=value)
        return queryset.none()


class RightFilter(admin.SimpleListFilter):
    title = _("right")
    parameter_name = "right"

    def lookups(self, request, model_admin):
        return Right.choices

    def queryset(self, request, queryset):
        if self.value() in Right.values:
            return queryset.filter(requested_rights__right=self.value())
        return queryset


class DeadlineFilter(admin.SimpleListFilter):
    title = _("deadline")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("overdue")),
            ("week", _("due soon")),
            ("later", _("due later")),
            ("paused", _("paused")),
        ]

    def queryset(self, request, queryset):
        today = clock.today()
        if self.value() == "overdue":
            return queryset.overdue(today)
        if self.value() == "week":
            return queryset.due_soon(today)
        if self.value() == "later":
            return queryset.due_later(today)
        if self.value() == "paused":
            return queryset.paused()
        return queryset


class ReceivedMonthFilter(admin.SimpleListFilter):
    """Requests received in a month (`received=2026-11`), as the dashboard's monthly figures
    link to them; shown in the sidebar only while chosen."""

    title = _("received")
    parameter_name = "received"

    def _month(self):
        value = self.value() or ""
        if len(value) != 7:
            return None
        try:
            return datetime.date.fromisoformat(f"{value}-01")
        except ValueError:
            return None

    def lookups(self, request, model_admin):
        month = self._month()
        return [(self.value(), date_format(month, "YEAR_MONTH_FORMAT"))] if month else []

    def queryset(self, request, queryset):
        month = self._month()
        if month is None:
            return queryset
        following = (month + datetime.timedelta(days=32)).replace(day=1)
        start, end = (
            timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
            for day in (month, following)
        )
        return queryset.filter(received_at__gte=start, received_at__lt=end)


class AssigneeFilter(admin.SimpleListFilter):
    title = _("assignee")
    parameter_name = "assignee"

    def lookups(self, request, model_admin):
        return [("none", _("unassigned")), ("me", _("assigned to me"))]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(assignee__isnull=True)
        if self.value() == "me":
            return queryset.filter(assignee=request.user)
        return queryset


class UnreadRepliesFilter(admin.SimpleListFilter):
    """Requests whose requester wrote something staff have not opened yet (a partial index,
    `message_unread_reply`)."""

    title = _("replies")
    parameter_name = "replies"

    def lookups(self, request, model_admin):
        return [("unread", _("unread replies"))]

    def queryset(self, request, queryset):
        if self.value() == "unread":
            from ..models import Message

            unread = Message.objects.unread_replies().filter(request=models.OuterRef("pk"))
            return queryset.filter(models.Exists(unread))
        return queryset
