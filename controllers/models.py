from django.db import models
from django.utils.translation import gettext_lazy as _


class Controller(models.Model):
    """A controller of personal data (GDPR Art. 4(7)) that meets its data subjects here."""

    legal_name = models.CharField(_("legal name"), max_length=255)
    short_name = models.CharField(_("short or trade name"), max_length=120, blank=True)
    slug = models.SlugField(_("address on the portal"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("controller")
        verbose_name_plural = _("controllers")
        ordering = ["legal_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.short_name or self.legal_name
