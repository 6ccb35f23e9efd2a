"""Controllers, their data protection officers, recipients, and the staff who work for them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from gdpr_portal.permissions import Role

from .validators import normalize_eik, validate_eik, validate_public_slug


class SupervisoryAuthority(models.Model):
    """A data protection supervisory authority (GDPR Art. 51); the CPDP is pre-loaded."""

    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    address = models.CharField(_("address"), max_length=255)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("supervisory authority")
        verbose_name_plural = _("supervisory authorities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str) -> str:
        """The name in `language`: the Bulgarian one where no English name is recorded."""
        return self.name_en if language == "en" and self.name_en else self.name


class Language(models.TextChoices):
    BULGARIAN = "bg", _("Bulgarian")
    ENGLISH = "en", _("English")


def controller_name_in(language: str, *, legal_name: str, short_name: str, name_en: str) -> str:
    """On English pages the Latin-script name where the controller publishes one; otherwise
    the short name, or the legal name. Also applied to a published version's frozen register."""
    if language == Language.ENGLISH and name_en:
        return name_en
    return short_name or legal_name


class Controller(models.Model):
    """A controller of personal data (GDPR Art. 4(7)) that meets its data subjects here."""

    # Who represents it and how the public reaches it (Art. 13(1)(a)), as the admin shows them
    # and the register's exchange format carries them.
    CONTACT_FIELDS = (
        "representative",
        "registered_address",
        "correspondence_address",
        "email",
        "phone",
        "website",
    )

    legal_name = models.CharField(_("legal name"), max_length=255)
    short_name = models.CharField(_("short or trade name"), max_length=120, blank=True)
    name_en = models.CharField(
        _("name in Latin script"),
        max_length=255,
        blank=True,
        help_text=_(
            "Shown on English pages. Only a name the controller itself publishes in Latin "
            "script (for example its trade mark); never a transliteration made up here."
        ),
    )
    slug = models.SlugField(
        _("address on the portal"),
        max_length=60,
        unique=True,
        validators=[validate_public_slug],
        help_text=_("The controller's pages live at /address/ on the portal."),
    )
    eik = models.CharField(_("ЕИК/БУЛСТАТ"), max_length=13, unique=True, validators=[validate_eik])
    legal_form = models.CharField(
        _("legal form"),
        max_length=120,
        blank=True,
        help_text=_("For example ЕООД, ООД, АД, municipality, medical establishment."),
    )
    # GDPR Art. 37(1)(a): a public authority or body must designate a DPO; Art. 6(1), last
    # subparagraph: its tasks rest on (c) or (e), never on legitimate interests.
    is_public_body = models.BooleanField(
        _("public authority or body"),
        default=False,
        help_text=_(
            "A municipality, ministry, agency or other body governed by public law (GDPR "
            "Art. 37(1)(a)): it must have a DPO and acts under Art. 6(1)(c) or (e)."
        ),
    )
    representative = models.CharField(_("represented by"), max_length=255, blank=True)
    registered_address = models.CharField(_("registered address"), max_length=255)
    correspondence_address = models.CharField(
        _("correspondence address"), max_length=255, blank=True
    )
    email = models.EmailField(_("email for data protection matters"), blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    website = models.URLField(_("website"), blank=True)
    supervisory_authority = models.ForeignKey(
        SupervisoryAuthority,
        verbose_name=_("supervisory authority"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="controllers",
    )
    default_language = models.CharField(
        _("default language"), max_length=2, choices=Language, default=Language.BULGARIAN
    )
    promised_response_days = models.PositiveSmallIntegerField(
        _("promised response period (days)"),
        null=True,
        blank=True,
        help_text=_(
            "An internal target the controller promises; shown beside the statutory deadline, "
            "never replacing it (GDPR Art. 12(3))."
        ),
    )
    promised_response_text = models.CharField(
        _("promised response period as published"),
        max_length=255,
        blank=True,
        help_text=_("The controller's own words, for example “two months + one”."),
    )
    # Who the mails to data subjects come from and where their answers go (GDPR Art. 12(1):
    # a reply must reach the controller, never an unattended no-reply box).
    mail_from_name = models.CharField(
        _("sender name of mails"),
        max_length=120,
        blank=True,
        help_text=_("Empty: the controller's name in the requester's language."),
    )
    mail_from_address = models.EmailField(
        _("sender address of mails"),
        blank=True,
        help_text=_(
            "The address the portal's mails to data subjects come from; the mail server must "
            "be allowed to send for its domain. Empty: the DPO's email, else the email for "
            "data protection matters."
        ),
    )
    mail_reply_to = models.EmailField(
        _("reply-to address of mails"),
        blank=True,
        help_text=_(
            "Where answers to those mails go. Empty: the DPO's email, else the email for data "
            "protection matters."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("controller")
        verbose_name_plural = _("controllers")
        ordering = ["legal_name"]

    def __str__(self) -> str:
        return self.display_name

    def clean(self) -> None:
        self.eik = normalize_eik(self.eik)

    @property
    def display_name(self) -> str:
        return self.short_name or self.legal_name

    def name_in(self, language: str) -> str:
        """The name shown on pages in `language` (one rule for pages, PDFs and mail)."""
        return controller_name_in(
            language, legal_name=self.legal_name, short_name=self.short_name, name_en=self.name_en
        )

    def contact_email(self) -> str:
        """The DPO's email where one is recorded, else the controller's own (Art. 38(4))."""
        dpo = getattr(self, "dpo", None)  # a missing one-to-one raises, caught by getattr
        return (dpo.email if dpo is not None else "") or self.email

    def mail_sender(self, language: str) -> tuple[str, list[str]]:
        """(From, Reply-To) of a mail to a data subject in `language`: the configured sender,
        else the contact email, else the portal's DEFAULT_FROM_EMAIL under the controller's
        name. Reply-To is always an address a person reads, when one is recorded."""
        from email.headerregistry import Address
        from email.utils import parseaddr

        from django.conf import settings

        contact = self.contact_email()
        address = self.mail_from_address or contact or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
        name = self.mail_from_name or self.name_in(language)
        reply_to = self.mail_reply_to or contact
        sender = str(Address(display_name=" ".join(name.split()), addr_spec=address))
        return sender, [reply_to] if reply_to else []

    @property
    def controller(self) -> "Controller":
        # Lets the permission policy treat a controller like any of its rows.
        return self


class DataProtectionOfficer(models.Model):
    """The controller's DPO (GDPR Arts 37–39): a natural person or a service organisation."""

    class Kind(models.TextChoices):
        PERSON = "person", _("natural person")
        ORGANISATION = "organisation", _("organisation under a service contract")

    controller = models.OneToOneField(
        Controller,
        verbose_name=_("controller"),
        on_delete=models.CASCADE,
        related_name="dpo",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.PERSON)
    name = models.CharField(
        _("name"), max_length=255, help_text=_("The person's name or the organisation's name.")
    )
    organisation_eik = models.CharField(
        _("organisation's ЕИК"), max_length=13, blank=True, validators=[validate_eik]
    )
    contact_person = models.CharField(_("contact person"), max_length=255, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    postal_address = models.CharField(_("postal address"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("data protection officer")
        verbose_name_plural = _("data protection officers")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        self.organisation_eik = normalize_eik(self.organisation_eik)
        if self.kind == self.Kind.ORGANISATION and not self.contact_person:
            raise ValidationError(
                {"contact_person": _("Name the contact person at the DPO organisation.")}
            )


class Recipient(models.Model):
    """A processor or recipient of the controller's data (GDPR Arts 4(9), 28)."""

    class Role(models.TextChoices):
        PROCESSOR = "processor", _("processor")
        RECIPIENT = "recipient", _("recipient")
        THIRD_PARTY = "third_party", _("third party")
        PUBLIC_AUTHORITY = "public_authority", _("public authority")

    controller = models.ForeignKey(
        Controller,
        verbose_name=_("controller"),
        on_delete=models.CASCADE,
        related_name="recipients",
    )
    name = models.CharField(_("name"), max_length=255)
    identifier = models.CharField(_("ЕИК or foreign identifier"), max_length=60, blank=True)
    country = CountryField(_("country"), default="BG")
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.RECIPIENT)
    description = models.TextField(_("what it receives and why"), blank=True)
    contract_reference = models.CharField(
        _("Art. 28 agreement reference"), max_length=120, blank=True
    )
    contract_date = models.DateField(_("Art. 28 agreement date"), null=True, blank=True)

    class Meta:
        verbose_name = _("processor or recipient")
        verbose_name_plural = _("processors and recipients")
        ordering = ["controller", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["controller", "name"], name="recipient_unique_name_per_controller"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.identifier and self.country == "BG":
            try:
                validate_eik(self.identifier)
            except ValidationError as error:
                raise ValidationError({"identifier": error.messages}) from None
            self.identifier = normalize_eik(self.identifier)


class Membership(models.Model):
    """A staff user's role at one controller (a user may hold several roles there); the
    permission policy reads nothing else."""

    Role = Role  # the permission policy's roles (gdpr_portal/permissions.py)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    controller = models.ForeignKey(
        Controller,
        verbose_name=_("controller"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "controller", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.controller} ({self.get_role_display()})"
