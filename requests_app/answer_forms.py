"""The fields of the `complete` move that make the answer's documents: for an access request
what its Art. 15 information covers (requests_app.art15), for portability the data as JSON or
CSV (requests_app.portability)."""

import copy

from django import forms
from django.utils.translation import gettext_lazy as _

from policies.rendering import document_context

from .art15 import PackChoices, PackInput, Source, pack_register, transfer_keys
from .choices import Outcome, Right
from .portability import parse_portable

SOURCE_CHOICES = [
    (Source.SUBJECT, _("From the requester alone")),
    (Source.REGISTER, _("As the register states for each purpose chosen")),
    (Source.OTHER, _("From other sources, described below")),
]


def _bases(purpose: dict) -> str:
    return "; ".join(f"{b['label']} ({b['article']})" for b in purpose["legal_bases"])


def _purpose_label(purpose: dict) -> str:
    if purpose["legal_bases"]:
        return f"{purpose['name']} – {_bases(purpose)}"
    missing = _("the register names no legal basis")
    return f"{purpose['name']} ({missing})"


def _purposes_help(purposes: list[dict]) -> str:
    said = str(_("Only the purposes ticked appear in the letter, with their legal bases."))
    missing = [p["name"] for p in purposes if not p["legal_bases"]]
    if not missing:
        return said
    # GDPR Art. 15(1)(a) with Art. 13(1)(c): the letter owes the legal basis of each purpose.
    return " ".join(
        [
            said,
            str(
                _(
                    "The register names no legal basis for: %(purposes)s. Add it to the "
                    "register before you send a letter that names these purposes."
                )
            )
            % {"purposes": "; ".join(missing)},
        ]
    )


class AnswerFieldsMixin:
    """Adds the pack's fields when access is requested and the data file when portability is;
    `clean_answer` turns them into the `pack` and `portable` arguments of the move."""

    def add_answer_fields(self):
        self.pack_fields, self.portable_fields = [], []
        if Right.ACCESS in self.rights:
            self._add_pack_fields()
        if Right.PORTABILITY in self.rights:
            self.fields["portable_data"] = forms.FileField(
                label=_("The requester's data for portability (JSON or CSV)"),
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": ".json,.csv"}),
                help_text=_(
                    "A .json file (a list of records) or a .csv file (a header row, a row per "
                    "record), UTF-8, up to 5 MB. The requester receives the same records both "
                    "as JSON and as CSV."
                ),
            )
            self.portable_fields = ["portable_data"]

    def _add(self, name, field):
        self.fields[name] = field
        self.pack_fields.append(name)

    def _add_pack_fields(self):
        self.pack_version, self.pack_register = pack_register(self.dsr)
        context = document_context(copy.deepcopy(self.pack_register))
        purposes = context["purposes"]
        rules = {rule["id"]: rule for rule in context["rules"]}
        checkboxes = forms.CheckboxSelectMultiple
        self._add(
            "pack_purposes",
            forms.MultipleChoiceField(
                label=_("Purposes for which the requester's data is processed"),
                choices=[(str(p["id"]), _purpose_label(p)) for p in purposes],
                widget=checkboxes,
                required=False,
                help_text=_purposes_help(purposes)
                if purposes
                else _(
                    "The register of processing has no purposes yet: add them to the register "
                    "first, or tick below that you process no data about the requester."
                ),
            ),
        )
        for p in purposes:
            rule = rules.get(p["retention_rule"])
            stated = (rule["period"] or rule["criterion"]) if rule else ""
            self._add(
                f"pack_retention_{p['id']}",
                forms.CharField(
                    label=_("How long, for “%(purpose)s”") % {"purpose": p["name"]},
                    required=False,
                    max_length=500,
                    help_text=_("Leave empty to state the register's rule: %(rule)s.")
                    % {"rule": stated.rstrip(".")}
                    if stated
                    else _("The register states no period for this purpose: say how long."),
                ),
            )
        if context["recipients"]:
            self._add(
                "pack_recipients",
                forms.MultipleChoiceField(
                    label=_("Recipients to whom the requester's data was disclosed"),
                    choices=[
                        (str(r["id"]), f"{r['name']} – {r['role_label']}")
                        for r in context["recipients"]
                    ],
                    widget=checkboxes,
                    required=False,
                ),
            )
        keys = transfer_keys(self.pack_register)
        names = {p["ref"]: p["name"] for p in purposes}
        if keys:
            self._add(
                "pack_transfers",
                forms.MultipleChoiceField(
                    label=_("Transfers outside the EEA of the requester's data"),
                    choices=[
                        (
                            key,
                            f"{names.get(t['ref'], '')}: {t['country_name']}"
                            + (f" ({t['recipient_name']})" if t["recipient_name"] else "")
                            + (f" – {t['safeguard_label']}" if t["safeguard_label"] else ""),
                        )
                        for key, t in zip(keys, context["transfers"], strict=True)
                    ],
                    widget=checkboxes,
                    required=False,
                ),
            )
        self._add(
            "pack_source",
            forms.ChoiceField(
                label=_("Where the requester's data comes from"),
                choices=SOURCE_CHOICES,
                initial=Source.SUBJECT,
                widget=forms.RadioSelect,
            ),
        )
        self._add(
            "pack_source_note",
            forms.CharField(
                label=_("The other sources"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            ),
        )
        automated = [p for p in purposes if p["automated_decision"]]
        if automated:
            self._add(
                "pack_automated",
                forms.MultipleChoiceField(
                    label=_("Automated decisions taken about the requester"),
                    choices=[(str(p["id"]), p["name"]) for p in automated],
                    widget=checkboxes,
                    required=False,
                ),
            )
        self._add(
            "pack_no_data",
            forms.BooleanField(
                label=_("We process no personal data about the requester (no Art. 15 letter)"),
                required=False,
            ),
        )

    def clean_portable_data(self):
        uploaded = self.cleaned_data.get("portable_data")
        return parse_portable(uploaded) if uploaded else None

    def clean_answer(self, cleaned: dict, outcomes: dict) -> None:
        given = {
            name: cleaned.pop(name, None) for name in list(cleaned) if name.startswith("pack_")
        }
        cleaned["pack"] = None
        access = outcomes.get(Right.ACCESS)
        if (
            access is not None
            and access.outcome in Outcome.values
            and access.outcome != Outcome.REFUSED
        ):
            cleaned["pack"] = self._pack(given)
        cleaned["portable"] = cleaned.pop("portable_data", None)
        portability = outcomes.get(Right.PORTABILITY)
        if (
            portability is not None
            and portability.outcome in (Outcome.GRANTED, Outcome.PARTLY)
            and cleaned["portable"] is None
            and not self.has_error("portable_data")
        ):
            self.add_error(
                "portable_data",
                _("Attach the requester's data as a JSON or CSV file: portability is granted."),
            )

    def _pack(self, given: dict) -> PackInput | None:
        purposes = [int(pk) for pk in given.get("pack_purposes") or []]
        if given.get("pack_no_data"):
            if purposes:
                self.add_error(
                    "pack_no_data",
                    _("Either tick the purposes that apply or tick this box, not both."),
                )
            return None
        if not purposes:
            if "pack_purposes" not in self.errors:
                self.add_error(
                    "pack_purposes",
                    _(
                        "Tick the purposes that apply to the requester, or tick that you "
                        "process no data about them."
                    ),
                )
            return None
        transfers = list(given.get("pack_transfers") or [])
        if any(int(key.split(":")[0]) not in purposes for key in transfers):
            self.add_error(
                "pack_transfers", _("A transfer ticked belongs to a purpose that is not ticked.")
            )
        automated = [int(pk) for pk in given.get("pack_automated") or []]
        if any(pk not in purposes for pk in automated):
            self.add_error(
                "pack_automated",
                _("An automated decision ticked belongs to a purpose that is not ticked."),
            )
        source, note = (
            given.get("pack_source") or Source.SUBJECT,
            (given.get("pack_source_note") or "").strip(),
        )
        if source == Source.OTHER and not note:
            self.add_error("pack_source_note", _("Describe where the data comes from."))
        retention = {
            str(pk): (given.get(f"pack_retention_{pk}") or "").strip()
            for pk in purposes
            if (given.get(f"pack_retention_{pk}") or "").strip()
        }
        return PackInput(
            version=self.pack_version,
            register=self.pack_register,
            choices=PackChoices(
                purposes=purposes,
                recipients=[int(pk) for pk in given.get("pack_recipients") or []],
                transfers=transfers,
                retention=retention,
                source=source,
                source_note=note if source == Source.OTHER else "",
                automated=automated,
            ),
        )
