"""Acceptance of issue 16 on the five seeds: the document each register generates carries the
seed's facts once each, shows no placeholder or staff note, and is not much longer than the seed
the controller published."""

import io
import re

import pytest
from django.core.management import call_command

from demo.loading import SEEDS, load_register

pytestmark = pytest.mark.django_db

# The demo prose of these registers still repeats register facts and has not yet been cut to the
# seed's length (issue 16, item 7, in progress): their acceptance is known to fail until then.
PROSE_NOT_YET_CUT = pytest.mark.xfail(strict=True, reason="demo prose not yet cut (issue 16)")
FACTS_ONCE = [pytest.param(s, marks=PROSE_NOT_YET_CUT) if s != "plovdiv" else s for s in SEEDS]
NOT_LONGER = [pytest.param(s, marks=PROSE_NOT_YET_CUT) if s != "medipro" else s for s in SEEDS]

PLACEHOLDERS = [
    "не е посочено",
    "not stated",
    "вж. бележката",
    "По думите на администратора",
    "основанието не е назовано изрично",
]


def generated_text(slug: str) -> str:
    out = io.StringIO()
    call_command("render_policy", slug, "--draft", "--format", "text", stdout=out)
    return out.getvalue()


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("slug", FACTS_ONCE)
def test_the_generated_policy_has_each_fact_once_and_nothing_unfinished(slug):
    controller, _created = load_register(slug)
    text = normalise(generated_text(slug))
    for placeholder in PLACEHOLDERS:
        assert placeholder not in text
    for rule in controller.retention_rules.all():
        assert text.count(normalise(rule.name)) == 1, rule.name
    for purpose in controller.purposes.all():
        assert text.count(normalise(purpose.name)) == 1, purpose.name
    for recipient in controller.recipients.all():
        assert recipient.name in text
        if len(recipient.description) > 20:
            assert text.count(normalise(recipient.description)) == 1, recipient.name


@pytest.mark.parametrize("slug", NOT_LONGER)
def test_the_generated_policy_is_not_much_longer_than_the_seed(slug):
    controller, _created = load_register(slug)
    original = controller.policies.get().versions.get(origin="imported").original_text
    assert len(generated_text(slug)) <= 1.2 * len(original)
