"""Data-subject requests (GDPR Arts 12, 15–22), their attachments and their history."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from controllers.models import Controller, Language
from gdpr_portal import clock

from . import deadlines
from .choices import (
    OPEN_STATUSES,
    Channel,
    Outcome,
    RefusalGround,
    ReplyChannel,
    Right,
    Status,
)

STATUS_LINK_DAYS = 365


# Readable, non-sequential references: Crockford's base32 without I, L, O, U.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference() -> str:
    # 50 random bits: a million requests collide with odds of about 1 in 2,000 (8 characters
    # gave 1 in 3 in the scale benchmark), and the service draws again on a collision anyway.
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(10))
    return f"DSR-{body[:5]}-{body[5:]}"


def new_status_token() -> str:
    return secrets.token_urlsafe(32)  # 256 bits


def overdue_q(today) -> models.Q:
    return models.Q(due_date__lt=today)


def due_soon_q(today) -> models.Q:
    """Due today or within the window of `deadlines.due_soon_until` (not yet overdue)."""
    return models.Q(due_date__gte=today, due_date__lte=deadlines.due_soon_until(today))


def status_link_expired(*, closed_at, anonymised_at) -> bool:
    """Whether a request's private status link has stopped working: a year after the answer,
    or once the request is anonymised."""
    if anonymised_at is not None:
        return True
    if closed_at is None:
        return False
    return clock.now() > closed_at + datetime.timedelta(days=STATUS_LINK_DAYS)


class RequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def status_link_working(self):
        """The requests whose status link still works: `status_link_expired` as a filter."""
        cutoff = clock.now() - datetime.timedelta(days=STATUS_LINK_DAYS)
        return self.filter(anonymised_at__isnull=True).exclude(closed_at__lt=cutoff)

    def overdue(self, today=None):
        return self.open().filter(overdue_q(today or clock.today()))

    def due_soon(self, today=None):
        return self.open().filter(due_soon_q(today or clock.today()))

    def due_later(self, today=None):
        """Open and due after the due-soon window."""
        today = today or clock.today()
        return self.open().filter(due_date__gt=deadlines.due_soon_until(today))

    def paused(self):
        """Waiting for the requester's information: the clock stands still (Art. 12(6))."""
        return self.filter(status=Status.INFO_REQUESTED)

    def needing_answer(self, today=None):
        """Open and overdue or due soon: what the daily digest reminds of."""
        today = today or clock.today()
        return self.open().filter(overdue_q(today) | due_soon_q(today))


class DataSubjectRequest(models.Model):
    # No index of its own (nor the assignee's): the composite indexes below lead with each, and
    # every index is one more entry for each row the retention sweep anonymises.
    controller = models.ForeignKey(
        Controller,
        verbose_name=_("controller"),
        on_delete=models.PROTECT,
        related_name="requests",
        db_index=False,
    )
    reference = models.CharField(
        _("reference"), max_length=20, unique=True, default=new_reference, editable=False
    )
    status_token = models.CharField(
        max_length=64, unique=True, default=new_status_token, editable=False
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.NEW, editable=False
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language, default=Language.BULGARIAN
    )

    # A person's name ("Име"), not an organisation's ("Наименование").
    requester_name = models.CharField(pgettext_lazy("person", "name"), max_length=200)
    requester_email = models.EmailField(_("email"), blank=True)
    requester_phone = models.CharField(_("phone"), max_length=40, blank=True)
    requester_address = models.TextField(_("postal address"), blank=True)
    national_id = models.CharField(
        _("ЕГН or ЛНЧ"), max_length=10, blank=True, help_text=_("Never shown in full.")
    )
    on_behalf_of = models.CharField(
        _("represented person"),
        max_length=200,
        blank=True,
        help_text=_("Filled in when a representative files the request."),
    )
    details = models.TextField(_("details"), blank=True)
    reply_channel = models.CharField(
        _("preferred reply"), max_length=10, choices=ReplyChannel, default=ReplyChannel.EMAIL
    )

    channel = models.CharField(
        _("received through"), max_length=10, choices=Channel, default=Channel.WEB
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now)  # noqa: TID251 (a default in migrations)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    email_confirmed_at = models.DateTimeField(_("email confirmed"), null=True, blank=True)
    # The confirmation link signs this nonce; a new link or a use replaces it (single use).
    confirmation_nonce = models.CharField(max_length=32, blank=True, editable=False)

    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_requests",
        editable=False,
        db_index=False,
    )
    identity_confirmed_at = models.DateTimeField(
        _("identity confirmed"), null=True, blank=True, editable=False
    )
    extended = models.BooleanField(_("extended"), default=False, editable=False)
    extension_reasons = models.TextField(_("reasons for the extension"), blank=True, editable=False)
    refusal_ground = models.CharField(
        _("ground for refusal"), max_length=30, choices=RefusalGround, blank=True, editable=False
    )
    decision_text = models.TextField(_("decision"), blank=True, editable=False)
    # Bulgaria pays in euro since 1 January 2026.
    fee_amount = models.DecimalField(
        _("fee (EUR)"), max_digits=8, decimal_places=2, null=True, blank=True, editable=False
    )
    fee_justification = models.TextField(_("why a fee"), blank=True, editable=False)
    paused_days = models.PositiveIntegerField(_("days paused"), default=0, editable=False)
    paused_since = models.DateField(_("paused since"), null=True, blank=True, editable=False)
    # A date staff promise the requester: never later than the statutory deadline (point 8).
    promised_on = models.DateField(_("answer promised by"), null=True, blank=True, editable=False)
    due_date = models.DateField(_("due"), editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    legal_hold = models.BooleanField(
        _("legal hold"),
        default=False,
        help_text=_("While set, no retention rule disposes of this request or its files."),
    )
    legal_hold_reason = models.CharField(_("reason for the legal hold"), max_length=255, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["controller", "status", "due_date"]),
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["channel"]),
            models.Index(fields=["received_at"]),
            models.Index(fields=["assignee", "status", "due_date"]),
            models.Index(fields=["email_confirmed_at"]),
            models.Index(fields=["status", "closed_at"]),
            # The DPO's default view: open requests, soonest due first (a small partial index).
            models.Index(
                fields=["due_date", "id"],
                condition=models.Q(status__in=["new", "info_requested", "in_progress", "extended"]),
                name="dsr_open_by_due_date",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def awaits_email_confirmation(self) -> bool:
        """The requester is asked to confirm their address (and may ask for a new link) while
        the request is open: once it is answered, confirming serves nothing."""
        return bool(self.requester_email) and self.email_confirmed_at is None and self.is_open

    @property
    def status_link_expired(self) -> bool:
        """The private status link stops working a year after the answer, or once the
        request is anonymised."""
        return status_link_expired(closed_at=self.closed_at, anonymised_at=self.anonymised_at)

    @property
    def national_id_masked(self) -> str:
        if not self.national_id:
            return ""
        return "•" * (len(self.national_id) - 4) + self.national_id[-4:]

    @property
    def received_date(self):
        return timezone.localtime(self.received_at).date()

    @property
    def internal_target(self):
        """The shorter period the controller promises, beside the statutory one (point 8)."""
        import datetime

        days = self.controller.promised_response_days
        if not days:
            return None
        return self.received_date + datetime.timedelta(days=days)


class RequestedRight(models.Model):
    request = models.ForeignKey(
        DataSubjectRequest, on_delete=models.CASCADE, related_name="requested_rights"
    )
    right = models.CharField(_("right"), max_length=20, choices=Right)
    # The decision on this right, given when the request is completed or refused.
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome, blank=True)
    ground = models.CharField(
        _("ground for refusal"), max_length=30, choices=RefusalGround, blank=True
    )
    reasons = models.TextField(_("reasons"), blank=True)

    class Meta:
        verbose_name = _("requested right")
        verbose_name_plural = _("requested rights")
        constraints = [
            models.UniqueConstraint(fields=["request", "right"], name="requested_right_unique")
        ]
        indexes = [models.Index(fields=["right", "request"])]

    def __str__(self) -> str:
        return self.get_right_display()


def _attachment_path(instance: "Attachment", filename: str) -> str:
    # Random names: nothing about the requester or the file's own name reaches the disk.
    extension = {
        "application/pdf": "pdf",
        "image/jpeg": "jpg",
        "image/png": "png",
        "application/json": "json",
        "text/csv": "csv",
    }.get(instance.content_type, "bin")
    return f"requests/{instance.request.status_token[:16]}/{secrets.token_hex(16)}.{extension}"


def new_attachment_id() -> str:
    return secrets.token_urlsafe(16)


class Attachment(models.Model):
    # What a decision hands the requester: released on the status page for a stated time.
    class Kind(models.TextChoices):
        POWER_OF_ATTORNEY = "power_of_attorney", _("power of attorney")
        SUPPORTING = "supporting", _("supporting document")
        RESPONSE = "response", _("response document")
        ACCESS_PACK = "access_pack", _("Art. 15 information")
        PORTABLE_DATA = "portable_data", _("portable data (Art. 20)")
        MESSAGE = "message", _("file with a message")

    # The kinds a decision releases to the requester.
    RELEASED_KINDS = ("response", "access_pack", "portable_data")

    request = models.ForeignKey(
        DataSubjectRequest, on_delete=models.CASCADE, related_name="attachments"
    )
    public_id = models.CharField(
        max_length=32, unique=True, default=new_attachment_id, editable=False
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    # The message of the thread the file came or went with (kind MESSAGE).
    message = models.ForeignKey(
        "requests_app.Message",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
    )
    file = models.FileField(_("file"), upload_to=_attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    released_at = models.DateTimeField(_("released to the requester"), null=True, blank=True)
    expires_at = models.DateTimeField(_("download expires"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["request", "created_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def available_until(self):
        """The last day the requester may download it, in Sofia's time (it expires at the
        midnight that ends that day)."""
        import datetime

        if self.expires_at is None:
            return None
        return timezone.localtime(self.expires_at - datetime.timedelta(microseconds=1)).date()

    @property
    def downloadable(self) -> bool:
        now = clock.now()
        return (
            self.released_at is not None
            and self.released_at <= now
            and (self.expires_at is None or now < self.expires_at)
        )


# Defined beside, by subdomain; imported here so that `requests_app.models` names every model.
from .events import RequestEvent  # noqa: E402, F401
from .notices import MessageTemplate, RecipientNotification  # noqa: E402, F401
from .packs import AccessPack  # noqa: E402, F401
from .scheduling import NonWorkingDay, ScheduledRun  # noqa: E402, F401
from .tallies import AnsweredTally, OpenTally, ReceivedTally, RightTally  # noqa: E402, F401
from .thread import Message, OutgoingCounter  # noqa: E402, F401
from .trail import TrailErasure  # noqa: E402, F401  (the trail's erasure evidence)


def _held_path(instance: "HeldUpload", filename: str) -> str:
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
        instance.content_type, "bin"
    )
    return f"held/{secrets.token_hex(16)}.{extension}"


class HeldUpload(models.Model):
    """A file chosen on the public form (or the reply form) while another field was wrong: kept
    privately under the form's random key until the form is sent right (it then becomes the
    request's attachment, or the reply's file) or HELD_UPLOAD_HOURS pass. It is no part of any
    request."""

    form_key = models.CharField(max_length=64, db_index=True)
    public_id = models.CharField(
        max_length=32, unique=True, default=new_attachment_id, editable=False
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Attachment.Kind)
    file = models.FileField(_("file"), upload_to=_held_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    created_at = models.DateTimeField(default=clock.now, db_index=True)

    class Meta:
        verbose_name = _("file held for a form")
        verbose_name_plural = _("files held for forms")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class PendingFiling(models.Model):
    """A request sent on the public form without files, stored as the citizen sent it, in one
    durable statement, until the worker files it (requests_app.intake): the request, its rights,
    its trail and its confirmation mail, in one transaction that deletes this row. The request
    is received when this row commits: the worker files it with this `received_at`, `reference`
    and `status_token`, the ones the citizen's receipt shows."""

    status_token = models.CharField(max_length=64, unique=True, default=new_status_token)
    reference = models.CharField(max_length=20, unique=True, default=new_reference)
    # No constraint in the database: its check would lock the controller's row (FOR KEY SHARE)
    # at every request sent to it, and concurrent locks of one row are shared-lock records
    # (MultiXacts) PostgreSQL has to write and clean up. The row is inserted with the id of the
    # controller found by its slug in the same statement, and a controller with requests
    # waiting cannot be deleted (PROTECT, checked by Django). No index either: the rows wait
    # seconds, so the table holds a handful (the dashboard counts them by controller).
    controller = models.ForeignKey(
        "controllers.Controller",
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    language = models.CharField(max_length=10)
    received_at = models.DateTimeField(default=clock.now)
    # The form's checked values (services.REQUESTER_FIELDS), as JSON.
    requester = models.JSONField()
    # A filing that failed is tried again later, after a growing pause (intake.file_pending).
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("request waiting to be filed")
        verbose_name_plural = _("requests waiting to be filed")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.reference

    @property
    def requester_email(self) -> str:
        return self.requester["requester_email"].strip()
