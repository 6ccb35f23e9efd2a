"""Demo data: the five seed privacy policies (shared/seeds/) as structured registry data.

Each module holds one controller as a plain dict, `CONTROLLER`, in this shape (every text in
Bulgarian, worded as the seed words it; natural persons' names and personal contacts replaced by
clearly fictitious ones):

    {
      "slug": "dkc2-plovdiv",
      "legal_name": "...", "short_name": "...", "eik": "000463258", "legal_form": "...",
      "representative": "...", "registered_address": "...", "correspondence_address": "...",
      "email": "...", "phone": "...", "website": "https://...",
      "promised_response_days": 30 or None, "promised_response_text": "as the seed says it",
      "dpo": None or {"kind": "person" | "organisation", "name": "...", "organisation_eik": "",
                      "contact_person": "", "email": "", "phone": "", "postal_address": ""},
      "recipients": [{"key": "superhosting", "name": "...", "identifier": "", "country": "BG",
                      "role": "processor" | "recipient" | "third_party" | "public_authority",
                      "description": "...", "contract_reference": "", "contract_date": None}],
      "retention_rules": [{"key": "payroll", "name": "...", "years": 50, "months": None,
                           "days": None, "criterion": "", "start_event": "end_of_reporting_period",
                           "start_event_note": "", "counting": "from_next_january",
                           "legal_reference": "чл. 12 ЗСч", "action": "erase",
                           "consent_may_extend": False, "notes": ""}],
      "purposes": [{"name": "...", "description": "...", "data_subjects": ["..."],
                    "data_categories": [["...", "ordinary" | "special" | "criminal"]],
                    "legal_bases": [["c", "statute or interest or how to withdraw consent"]],
                    "art9_condition": "" or "a".."j", "art9_note": "",
                    "sources": ["data_subject", "third_parties", "public_registers"],
                    "sources_note": "", "recipients": ["superhosting"],
                    "transfers": [{"country": "US", "recipient": "google" or None,
                                   "safeguard": "adequacy" | "scc" | "bcr" | "49a".."49g" |
                                                "privacy_shield" | "", "note": ""}],
                    "automated_decision": False, "automated_decision_explanation": "",
                    "retention_rule": "payroll" or None}],
      "policy_sections": [{"title": "...", "body": "Markdown"}],
      "policy": {"title": "...", "effective_date": "YYYY-MM-DD" or None,
                 "last_updated": "YYYY-MM-DD" or None},
    }
"""

from . import (
    bezgloba,
    cpz_sofia,
    dkc2_plovdiv,
    medipro,
    plovdiv,
    portal,
)

# The five seed policies (shared/seeds/), and the portal's own operator.
SEEDS = [plovdiv, dkc2_plovdiv, cpz_sofia, medipro, bezgloba]
OPERATOR = portal
