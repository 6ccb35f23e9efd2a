"""The Art. 15 information pack of one access request, as the DPO tailored it: the register it
was made from (frozen), the DPO's choices, and the PDF made once from both."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessPack(models.Model):
    """Stored so that the letter the requester got can be shown, reproduced and audited: the
    register as it stood (`register`, the policy version's frozen snapshot or the live register
    on the day), what the DPO chose from it (`choices`), and the PDF generated once."""

    request = models.OneToOneField(
        "requests_app.DataSubjectRequest", on_delete=models.CASCADE, related_name="access_pack"
    )
    policy_version = models.ForeignKey(
        "policies.PolicyVersion",
        verbose_name=_("policy version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    register = models.JSONField(_("register as used"))
    choices = models.JSONField(_("what applies to the requester"))
    # The generated PDF; kept until the retention of released documents deletes it (the
    # register and the choices stay, so the letter can be made again word for word).
    document = models.OneToOneField(
        "requests_app.Attachment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_pack",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Art. 15 information pack")
        verbose_name_plural = _("Art. 15 information packs")

    def __str__(self) -> str:
        return f"{self.request} Art. 15"
