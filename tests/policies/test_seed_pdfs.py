"""Each seed's generated policy as a PDF: paginated, carrying its ЕИК and retention periods, its
bookmarks the table of contents; and a seed whose own defects make errors is not published."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from pypdf import PdfReader

from controllers.models import Membership
from demo.loading import SEEDS, load_register, publish_demo_policy
from gdpr_portal.pdf import render_pdf
from policies.compliance import has_errors
from policies.review import document_now
from policies.selectors import policy_version_in_force
from policies.services import policy_version_check

pytestmark = pytest.mark.django_db


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def toc_titles(html: str) -> list[str]:
    nav = re.search(r'<nav class="doc-toc".*?</nav>', html, re.DOTALL).group(0)
    return [normalise(t) for t in re.findall(r'<a href="#[^"]+">([^<]+)</a>', nav)]


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_policy_prints_a_pdf_with_its_eik_periods_and_contents_as_bookmarks(seed):
    controller, _created = load_register(seed)
    version = document_now(controller=controller, language="bg")
    reader = PdfReader(
        io.BytesIO(render_pdf(html=version.html, title=version.title, language="bg"))
    )
    text = normalise(" ".join(page.extract_text() for page in reader.pages))

    assert len(reader.pages) >= 1
    assert controller.eik in text
    with translation.override("bg"):
        for rule in controller.retention_rules.all():
            if rule.period_display():
                assert normalise(rule.period_display()) in text, rule.name
    # The running header names the controller and version on every page.
    for page in reader.pages:
        assert f"версия {version.number}" in page.extract_text()
    # The PDF's bookmarks are the table of contents, in its order.
    assert [normalise(item.title) for item in reader.outline] == toc_titles(version.html)
    # A tagged PDF (PDF/UA) that declares its language, for screen readers.
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "bg"
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for font in fonts.values():
        descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor


@pytest.mark.parametrize("seed", SEEDS)
def test_a_seed_with_errors_stays_a_draft_and_its_original_stays_in_force(seed):
    controller, _created = load_register(seed)
    editor = get_user_model().objects.create(username="editor", is_staff=True)
    Membership.objects.create(user=editor, controller=controller, role="editor")
    draft = controller.policies.get().versions.get(origin="generated")
    errors = has_errors(policy_version_check(version=draft))

    assert publish_demo_policy(controller, editor) is not errors
    draft.refresh_from_db()
    in_force = policy_version_in_force(policy=draft.policy, language="bg")
    if errors:
        assert draft.is_draft and in_force.origin == "imported"
    else:
        assert not draft.is_draft and in_force == draft and not draft.override_reason
