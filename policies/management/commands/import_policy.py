"""`manage.py import_policy SLUG FILE --date 2022-06-13|2022-08|2019|none`: publish the policy a
controller already has, word for word, with the date it states (docs/policy-versions.md)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from policies.choices import SourceFormat
from policies.services import policy_import_original
from policies.stated_dates import BadStatedDate, parse_stated_date

from ._common import add_language_option, controller_named

SUFFIX_FORMATS = {
    ".md": SourceFormat.MARKDOWN,
    ".html": SourceFormat.HTML,
    ".htm": SourceFormat.HTML,
}


class Command(BaseCommand):
    help = "Import a controller's existing privacy policy as a published, read-only version."

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug", help="The controller's address on the portal.")
        parser.add_argument("file", help="The policy as the controller published it (UTF-8).")
        parser.add_argument(
            "--date",
            required=True,
            help="The date the controller states: 2022-06-13, 2022-08, 2019 or none.",
        )
        parser.add_argument(
            "--format",
            choices=SourceFormat.values,
            help="text, markdown or html (default: from the file's name, else text).",
        )
        parser.add_argument("--title", default="", help="Title (default: its first heading).")
        parser.add_argument(
            "--policy-language",
            choices=["bg", "en"],
            help="The language of the text (default: the controller's).",
        )
        add_language_option(parser)

    def handle(self, *args, **options) -> None:
        with translation.override(options["language"]):
            controller = controller_named(options["slug"])
            path = Path(options["file"])
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(
                    _("%(file)s: the file cannot be read as UTF-8 text (%(reason)s).")
                    % {"file": path, "reason": error}
                ) from None
            try:
                stated, precision = parse_stated_date(options["date"])
            except BadStatedDate as error:
                raise CommandError(str(error)) from None
            source_format = options["format"] or SUFFIX_FORMATS.get(
                path.suffix.lower(), SourceFormat.TEXT
            )
            try:
                version = policy_import_original(
                    controller=controller,
                    text=text,
                    format=source_format,
                    language=options["policy_language"] or controller.default_language,
                    stated_date=stated,
                    precision=precision,
                    actor=None,
                    title=options["title"],
                )
            except ValidationError as error:
                nothing = _("Nothing was imported.")
                raise CommandError(f"{path}: {' '.join(error.messages)}\n{nothing}") from None
            if options["verbosity"] >= 1:
                self.stdout.write(
                    _("%(name)s: version %(number)d published as the controller published it.")
                    % {"name": controller.legal_name, "number": version.number}
                )
