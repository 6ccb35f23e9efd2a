"""End to end in a real browser: the DPO completes an access request choosing the purposes that
apply and attaching a file; the requester downloads the Art. 15 letter and the file from the
status page, each download on the trail; the DPO releases a document again with a reason."""

import datetime
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from gdpr_portal import clock
from requests_app.models import AccessPack, RequestEvent, Status
from tests.controllers.factories import MembershipFactory
from tests.e2e.test_journeys import alfa, sign_in  # noqa: F401 (a fixture)
from tests.policies.factories import ProcessingPurposeFactory, PurposeLegalBasisFactory
from tests.requests_app.conftest import PDF
from tests.requests_app.factories import DataSubjectRequestFactory

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_dpo_answers_with_a_tailored_letter_and_the_requester_downloads_it(page, alfa):  # noqa: F811
    accounts = ProcessingPurposeFactory(controller=alfa, name="Счетоводство")
    PurposeLegalBasisFactory(purpose=accounts, basis="c", note="ЗСч")
    marketing = ProcessingPurposeFactory(controller=alfa, name="Маркетинг")
    PurposeLegalBasisFactory(purpose=marketing, basis="a")
    dsr = DataSubjectRequestFactory(
        controller=alfa,
        rights=["access"],
        requester_email="maria@example.org",
        identity_confirmed_at=clock.now(),
    )
    type(dsr).objects.filter(pk=dsr.pk).update(status=Status.IN_PROGRESS)
    user = sign_in(page, "dpo")
    MembershipFactory(user=user, controller=alfa, role="dpo")
    page.goto(f"/en/admin/requests_app/datasubjectrequest/{dsr.pk}/change/")
    page.click(".request-moves a:text-is('Complete and send the decision')")
    # Both purposes are offered; the DPO ticks the one that applies.
    expect(page.locator("#content-main")).to_contain_text("Маркетинг")
    page.fill("textarea[name='complete-decision']", "Please find our answer enclosed.")
    page.check(f"input[name='complete-pack_purposes'][value='{accounts.pk}']")
    page.fill(f"input[name='complete-pack_retention_{accounts.pk}']", "10 години от приключване")
    page.set_input_files(
        "input[name='complete-documents']",
        files=[{"name": "копие.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.check("input[name='complete-confirm']")
    page.click("input[value='Complete and send the decision']")
    expect(page.locator(".messagelist")).to_contain_text("Done: Complete and send the decision.")
    expect(page.locator("#files")).to_contain_text(f"{dsr.reference}-art15.pdf")
    assert AccessPack.objects.get(request=dsr).choices["purposes"] == [accounts.pk]

    # The requester, on the status page in Bulgarian.
    page.goto(f"/requests/{dsr.status_token}/")
    documents = page.locator("section[aria-labelledby='documents-heading']")
    until = clock.today() + datetime.timedelta(days=30)
    expect(documents).to_contain_text(f"достъпен до {until.day}")
    with page.expect_download() as info:
        documents.locator(f"a:text-is('{dsr.reference}-art15.pdf')").click()
    letter = info.value
    assert letter.suggested_filename == f"{dsr.reference}-art15.pdf"
    text = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(Path(letter.path()).read_bytes())).pages
    )
    assert "Счетоводство" in text and "10 години от приключване" in text
    assert "Маркетинг" not in text
    assert "копие.pdf" in text  # named as enclosed, because it is
    with page.expect_download() as info:
        documents.locator("a:text-is('копие.pdf')").click()
    assert Path(info.value.path()).read_bytes() == PDF
    downloads = RequestEvent.objects.filter(request=dsr, kind="document_downloaded")
    assert downloads.count() == 2

    # The DPO releases the copy again, for longer, with a reason.
    page.goto(f"/en/admin/requests_app/datasubjectrequest/{dsr.pk}/change/")
    page.click(".request-moves a:text-is('Release the documents again')")
    page.check("label:has-text('копие.pdf') input")
    later = clock.today() + datetime.timedelta(days=90)
    page.fill("input[name='release-until']", later.isoformat())
    page.fill("textarea[name='release-reasons']", "The requester asked by phone.")
    page.click("input[value='Release the documents again']")
    expect(page.locator(".messagelist")).to_contain_text("Done: Release the documents again.")
    page.goto(f"/en/requests/{dsr.status_token}/")
    expect(page.locator("main")).to_contain_text(f"available until {later.day} {later:%B %Y}")
