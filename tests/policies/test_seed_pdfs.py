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
from policies.selectors import policy_version_findings

pytestmark = pytest.mark.django_db


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def toc_titles(html: str) -> list[str]:
    nav = re.search(r'<nav class="doc-toc".*?</nav>', html, re.DOTALL).group(0)
    return [normalise(t) for t in re.findall(r'<a href="#[^"]+">([^<]+)</a>', nav)]


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_policy_publishes_a_paginated_pdf_with_its_eik_and_periods(seed):
    controller, _created = load_register(seed)
    editor = get_user_model().objects.create(username="editor", is_staff=True)
    Membership.objects.create(user=editor, controller=controller, role="editor")
    # A seed whose register has errors keeps its generated version a draft (errors block):
    # its PDF is the one staff preview, the same rendering as at publication.
    published = publish_demo_policy(controller, editor)
    version = controller.policies.get().versions.get(origin="generated")
    if published:
        pdf = version.pdf.read()
    else:
        assert has_errors(policy_version_findings(version=version))
        version = document_now(controller=controller, language="bg")
        pdf = render_pdf(html=version.html, title=version.title, language="bg")
    reader = PdfReader(io.BytesIO(pdf))
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


@pytest.mark.parametrize(
    ("slug", "code"),
    [
        ("plovdiv", "use_as_consent"),
        ("plovdiv", "no_legal_basis"),
        ("dkc2-plovdiv", "promise_exceeds_statute"),
        ("cpz-sofia", "transfer_invalid_mechanism"),
        ("bezgloba", "silent_changes"),
    ],
)
def test_seed_errors_keep_the_generated_version_a_draft_showing_them(slug, code):
    controller, _created = load_register(slug)
    editor = get_user_model().objects.create(username="editor", is_staff=True)
    Membership.objects.create(user=editor, controller=controller, role="editor")
    assert not publish_demo_policy(controller, editor)
    version = controller.policies.get().versions.get(origin="generated")
    assert version.is_draft
    assert code in {f["rule"] for f in policy_version_findings(version=version)}
