"""`manage.py check_policy SLUG [--version N | --draft] [--format text|json] [--lang bg|en]`:
the compliance findings of a controller's privacy policy, for a DPO to review from the command
line. Exits with status 1 when there is an error (errors block publishing)."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from policies import selectors
from policies.compliance import check_policy, has_errors
from policies.models import Policy, PolicyVersion
from policies.snapshot import register_snapshot

from ._common import add_language_option, controller_named

FIELDS = ("rule", "severity", "article", "section", "quote", "message")


class Command(BaseCommand):
    help = "Print the compliance findings of a policy version, or of the draft."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # `--version N` names a policy version here, not the version of Django.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug", help="The controller's address on the portal.")
        parser.add_argument("--lang", choices=["bg", "en"], help="The policy's language.")
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--version", type=int, dest="number", help="This version number.")
        which.add_argument(
            "--draft",
            action="store_true",
            help="The newest draft, or what the register would generate now.",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")
        add_language_option(parser)

    def handle(self, *args, **options) -> None:
        with translation.override(options["language"]):
            controller = controller_named(options["slug"])
            language = options["lang"] or controller.default_language
            findings = self._findings(controller, language, options["number"], options["draft"])
            findings = [{key: f[key] for key in FIELDS} for f in findings]
            if options["format"] == "json":
                self.stdout.write(json.dumps(findings, ensure_ascii=False, indent=2))
            elif not findings:
                self.stdout.write(_("No findings."))
            for f in findings if options["format"] == "text" else []:
                line = f"{f['severity'].upper()} {f['rule']} [{f['article']}] {f['section']}: "
                line += f["message"] + (f" «{f['quote']}»" if f["quote"] else "")
                self.stdout.write(line.replace("\n", " "))
        if has_errors(findings):
            sys.exit(1)

    def _findings(self, controller, language: str, number: int | None, draft: bool) -> list:
        policy = Policy.objects.filter(controller=controller, kind=Policy.Kind.PRIVACY).first()
        versions = (
            policy.versions.filter(language=language) if policy else PolicyVersion.objects.none()
        )
        if draft:
            version = versions.filter(status=PolicyVersion.Status.DRAFT).order_by("-number").first()
            if version is not None:
                return selectors.policy_version_findings(version=version)
            # No draft: the register as it is, with the newest generated version's text.
            base = versions.filter(origin="generated").order_by("-number").first()
            snapshot = register_snapshot(controller)
            snapshot["sections"] = (
                [{"title": s.title, "body": s.body} for s in base.sections.all()] if base else []
            )
            return [f.as_dict() for f in check_policy(snapshot)]
        if number is not None:
            version = versions.filter(number=number).first()
        else:
            version = selectors.policy_version_in_force(policy=policy, language=language)
        if version is None:
            raise CommandError(
                _("%(name)s has no such version in this language (%(lang)s).")
                % {"name": controller.legal_name, "lang": language}
            )
        return selectors.policy_version_findings(version=version)
