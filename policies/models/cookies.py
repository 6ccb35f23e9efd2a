"""The controller's cookies and similar trackers: what its site stores or reads on a visitor's
device (Electronic Communications Act Art. 4a; GDPR Arts 4(11), 7; CJEU C-673/17 Planet49)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from controllers.models import Controller


class Cookie(models.Model):
    class Category(models.TextChoices):
        # Only these may be set without consent (ECA Art. 4a(2)).
        NECESSARY = "necessary", _("strictly necessary")
        PREFERENCES = "preferences", _("preferences")
        STATISTICS = "statistics", _("statistics")
        MARKETING = "marketing", _("marketing")

    class Party(models.TextChoices):
        FIRST = "first", _("first party")
        THIRD = "third", _("third party")

    controller = models.ForeignKey(
        Controller, verbose_name=_("controller"), on_delete=models.CASCADE, related_name="cookies"
    )
    name = models.CharField(
        _("name"), max_length=120, help_text=_("The cookie's name, or the tracker's name.")
    )
    provider = models.CharField(_("provider"), max_length=255)
    purpose = models.TextField(_("purpose"))
    category = models.CharField(_("category"), max_length=12, choices=Category)
    lifetime = models.CharField(
        _("lifetime"),
        max_length=120,
        help_text=_("As the controller states it, for example “26 months” or “the session”."),
    )
    party = models.CharField(_("first or third party"), max_length=5, choices=Party)
    country = CountryField(
        _("destination country"),
        blank=True,
        help_text=_("Where the data the cookie collects is sent, when the controller says."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("cookie or tracker")
        verbose_name_plural = _("cookies and trackers")
        ordering = ["controller", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["controller", "name", "provider"], name="cookie_unique_per_controller"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.provider})"

    @property
    def needs_consent(self) -> bool:
        return self.category != self.Category.NECESSARY
