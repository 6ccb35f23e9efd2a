"""Who the policy names: the controller's contacts, its DPO, the supervisory authority, and
the promised answer time."""

from django.utils.translation import gettext as _

from controllers.response_period import LONGEST_RESPONSE_DAYS

from .findings import Finding, Severity


def check_contacts(snapshot: dict, public_body: bool) -> list[Finding]:
    found = []
    controller = snapshot["controller"]
    dpo = snapshot["dpo"]
    # A postal address is contact details too (Art. 13(1)(a)): a controller that takes requests
    # by post only is reachable; its missing email is a warning below, not an error.
    controller_reachable = any(
        controller.get(key)
        for key in ("email", "phone", "correspondence_address", "registered_address")
    )
    if not (dpo and (dpo["email"] or dpo["phone"] or dpo["postal_address"])) and not (
        controller_reachable
    ):
        found.append(
            Finding(
                Severity.ERROR,
                "no_contact_for_requests",
                _("Neither a DPO nor the controller gives a contact for requests."),
                _("Controller"),
                _("GDPR Art. 13(1)(a)–(b)"),
            )
        )
    else:
        found.extend(_missing_contacts(controller, dpo))
    if public_body and dpo is None:
        found.append(
            Finding(
                Severity.ERROR,
                "public_body_without_dpo",
                _(
                    "A public authority or body must designate a data protection officer and "
                    "publish the officer's contact details; none is named."
                ),
                _("Data protection officer"),
                _("GDPR Art. 37(1)(a), 37(7)"),
            )
        )
    if snapshot["authority"] is None:
        found.append(
            Finding(
                Severity.ERROR,
                "no_supervisory_authority",
                _("No supervisory authority is named for complaints."),
                _("Controller"),
                _("GDPR Arts 13(2)(d), 77"),
            )
        )
    promised = controller.get("promised_response_days")
    if promised and promised > LONGEST_RESPONSE_DAYS:
        found.append(
            Finding(
                Severity.ERROR,
                "promise_exceeds_statute",
                _(
                    "The controller promises to answer within %(days)d days, longer than the "
                    "one month the GDPR allows."
                )
                % {"days": promised},
                _("Controller, promised response period"),
                _("GDPR Art. 12(3)"),
                controller.get("promised_response_text", ""),
            )
        )
    return found


def _missing_contacts(controller: dict, dpo: dict | None) -> list[Finding]:
    """Contacts the register leaves empty because the controller does not publish them: staff
    are told, the public pages show nothing in their place, and nothing is ever invented."""
    found = []
    if not controller["email"]:
        found.append(
            Finding(
                Severity.WARNING,
                "controller_without_email",
                _("The controller publishes no email address."),
                _("Controller"),
                _("GDPR Art. 13(1)(a)"),
            )
        )
    if dpo is not None and not (dpo["email"] or dpo["phone"] or dpo["postal_address"]):
        found.append(
            Finding(
                Severity.WARNING,
                "dpo_without_contact",
                _("The data protection officer has no contact details."),
                _("Data protection officer"),
                _("GDPR Arts 13(1)(b), 37(7)"),
            )
        )
    elif dpo is not None and not dpo["email"]:
        found.append(
            Finding(
                Severity.WARNING,
                "dpo_without_email",
                _("The data protection officer has no email address."),
                _("Data protection officer"),
                _("GDPR Arts 13(1)(b), 37(7)"),
            )
        )
    return found
