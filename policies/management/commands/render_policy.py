"""`manage.py render_policy SLUG [--lang bg|en] [--format html|text|pdf] [--version N | --draft]
[-o FILE]`: a published version of a controller's privacy policy, or the document its register
would generate now, for review outside the browser."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from gdpr_portal.pdf import render_pdf
from policies import selectors
from policies.models import Policy
from policies.originals import version_text
from policies.review import document_now

from ._common import add_language_option, controller_named


class Command(BaseCommand):
    help = "Write a published policy version, or the one the register would give now."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # `--version N` names a policy version here, not the version of Django.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug", help="The controller's address on the portal.")
        parser.add_argument(
            "--lang",
            choices=["bg", "en"],
            help="The policy's language (default: the controller's).",
        )
        parser.add_argument("--format", choices=["html", "text", "pdf"], default="html")
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--version", type=int, dest="number", help="This version number.")
        which.add_argument(
            "--draft", action="store_true", help="What the register would generate now."
        )
        parser.add_argument("-o", "--output", help="Write to this file instead.")
        add_language_option(parser)

    def handle(self, *args, **options) -> None:
        with translation.override(options["language"]):
            controller = controller_named(options["slug"])
            language = options["lang"] or controller.default_language
            if options["draft"]:
                version = document_now(controller=controller, language=language)
            else:
                version = self._published(controller, language, options["number"])
            data = self._render(version, options["format"], draft=options["draft"])
            self._write(data, options["output"])

    def _published(self, controller, language: str, number: int | None):
        policy = Policy.objects.filter(controller=controller, kind=Policy.Kind.PRIVACY).first()
        versions = policy.versions.public() if policy else None
        if number is not None:
            version = versions.filter(language=language, number=number).first() if policy else None
            if version is None:
                raise CommandError(
                    _("%(name)s has no published version %(number)d in this language (%(lang)s).")
                    % {"name": controller.legal_name, "number": number, "lang": language}
                )
            return version
        version = (
            selectors.policy_version_in_force(policy=policy, language=language) if policy else None
        )
        if version is None:
            raise CommandError(
                _(
                    "%(name)s has no version in force in this language (%(lang)s): "
                    "give --version N, or --draft for what the register would generate now."
                )
                % {"name": controller.legal_name, "lang": language}
            )
        return version

    def _render(self, version, output_format: str, *, draft: bool) -> bytes:
        if output_format == "pdf":
            if draft or not version.pdf:
                return render_pdf(html=version.html, title=version.title, language=version.language)
            with version.pdf.open("rb") as stored:
                return stored.read()
        if output_format == "text":
            return version_text(version).encode()
        page = render_to_string(
            "policies/render_policy.html",
            {"version": version, "document": mark_safe(version.html)},  # noqa: S308 - sanitised
        )
        return page.encode()

    def _write(self, data: bytes, output: str | None) -> None:
        if output:
            try:
                Path(output).write_bytes(data)
            except OSError as error:
                raise CommandError(
                    _("%(file)s: cannot be written (%(reason)s).")
                    % {"file": output, "reason": error}
                ) from None
            return
        stream = getattr(self.stdout, "_out", sys.stdout)
        if data.startswith(b"%PDF"):
            if not hasattr(stream, "buffer"):
                raise CommandError(_("A PDF is binary: write it to a file with -o FILE."))
            stream.flush()
            stream.buffer.write(data)
            stream.buffer.flush()
            return
        self.stdout.write(data.decode(), ending="")
