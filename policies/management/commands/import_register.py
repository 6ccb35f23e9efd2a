"""`manage.py import_register FILE`: a controller's whole register from a YAML file, all or
nothing (the format: docs/register-format.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from policies.register_io import Existing, RegisterInvalid, register_import

from ._common import add_language_option


class Command(BaseCommand):
    help = "Import a controller's register from a YAML file: all of it, or nothing."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="The register file (docs/register-format.md).")
        parser.add_argument(
            "--skip-existing",
            action="store_true",
            help="Leave a controller already on the portal as it is, instead of refusing.",
        )
        add_language_option(parser)

    def handle(self, *args, **options) -> None:
        with translation.override(options["language"]):
            path = Path(options["file"])
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(
                    _("%(file)s: the file cannot be read as UTF-8 text (%(reason)s).")
                    % {"file": path, "reason": error}
                ) from None
            existing = Existing.SKIP if options["skip_existing"] else Existing.REFUSE
            try:
                controller, created = register_import(
                    text=text, source=str(path), existing=existing, base_dir=path.parent
                )
            except RegisterInvalid as error:
                nothing = _("Nothing was imported.")
                raise CommandError(f"{error}\n{nothing}") from None
            if options["verbosity"] >= 1:
                message = (
                    _("%(name)s: imported, with its policy text as a draft.")
                    if created
                    else _("%(name)s: already on the portal, left as it is.")
                )
                self.stdout.write(message % {"name": controller.legal_name})
