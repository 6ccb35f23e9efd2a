"""`manage.py export_register SLUG [-o FILE]`: a controller's whole register as YAML (the
format: docs/register-format.md); importing the output gives the same register back."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from policies.register_io import register_export

from ._common import add_language_option, controller_named


class Command(BaseCommand):
    help = "Export a controller's register as YAML, to standard output or a file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug", help="The controller's address on the portal.")
        parser.add_argument("-o", "--output", help="Write to this file instead.")
        add_language_option(parser)

    def handle(self, *args, **options) -> None:
        with translation.override(options["language"]):
            controller = controller_named(options["slug"])
            text = register_export(controller=controller)
            if not options["output"]:
                self.stdout.write(text, ending="")
                return
            try:
                Path(options["output"]).write_text(text, encoding="utf-8")
            except OSError as error:
                raise CommandError(
                    _("%(file)s: cannot be written (%(reason)s).")
                    % {"file": options["output"], "reason": error}
                ) from None
