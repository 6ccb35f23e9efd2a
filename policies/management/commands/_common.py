"""What the register's commands share: the language of their messages and the controller a
SLUG argument names."""

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from controllers.models import Controller


def add_language_option(parser) -> None:
    parser.add_argument(
        "--language",
        choices=[code for code, _name in settings.LANGUAGES],
        default=settings.LANGUAGE_CODE,
        help="Language of the messages (default: %(default)s).",
    )


def controller_named(slug: str) -> Controller:
    """The controller at `slug`, or a CommandError in the active language."""
    controller = Controller.objects.filter(slug=slug).first()
    if controller is None:
        raise CommandError(_("No controller has the address “%(slug)s”.") % {"slug": slug})
    return controller
