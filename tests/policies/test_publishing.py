"""Publishing freezes a version: HTML, register data and PDF never change afterwards."""

import datetime
import io

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from policies import services
from policies.models import PolicyVersion
from policies.selectors import policy_version_in_force
from retention.models import RetentionRule
from tests.controllers.factories import MembershipFactory
from tests.policies.conftest import sofia

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def test_publishing_freezes_html_snapshot_and_pdf(publish, editor):
    version = publish()
    assert version.status == "published"
    assert version.publisher == editor and version.published_at is not None
    assert "Счетоводство" in version.html and "206613617" in version.html
    assert version.register_snapshot["purposes"][0]["name"] == "Счетоводство"
    text = pdf_text(version.pdf.read())
    assert "206613617" in text
    assert "10 години" in text


def test_editing_the_register_leaves_the_published_version_byte_identical(
    publish, controller, client
):
    version = publish()
    page_before = client.get("/alfa/privacy/v1/").content
    pdf_before = client.get("/alfa/privacy/v1.pdf").content

    controller.legal_name = "Алфа Нова ЕООД"
    controller.save()
    RetentionRule.objects.filter(controller=controller).update(period_years=3)
    controller.purposes.update(name="Друга цел")

    assert client.get("/alfa/privacy/v1/").content == page_before
    cache.clear()  # not from the cache: from the stored version
    assert client.get("/alfa/privacy/v1/").content == page_before
    assert client.get("/alfa/privacy/v1.pdf").content == pdf_before
    version.refresh_from_db()
    assert "Счетоводство" in version.html and "Друга цел" not in version.html


def test_a_published_version_refuses_to_be_saved(publish):
    version = publish()
    version.title = "Поправено заглавие"
    with pytest.raises(ValidationError):
        version.save()
    assert PolicyVersion.objects.get(pk=version.pk).title == "Политика за поверителност на Алфа"


def test_a_later_version_supersedes_by_its_date_not_by_a_stored_status(publish):
    first = publish(effective=datetime.date(2026, 1, 1))
    second = publish(effective=datetime.date(2026, 6, 1), summary="Нов срок")
    first.refresh_from_db()
    assert (first.status, second.status) == ("published", "published")
    assert second.number == 2
    policy = first.policy
    on = datetime.date(2026, 5, 31)
    assert policy_version_in_force(policy=policy, language="bg", on=on) == first
    assert policy_version_in_force(policy=policy, language="bg", on=on.replace(month=6, day=1)) == (
        second
    )


def test_errors_block_publishing_whatever_the_reason(publish, controller):
    controller.purposes.get().legal_bases.all().delete()
    for reason in ("", "Основанието се уточнява с юрист; публикуваме текущото състояние."):
        with pytest.raises(services.PublishRefused) as refused:
            publish(reason=reason)
        assert refused.value.blocked
        assert [f.rule for f in refused.value.findings] == ["no_legal_basis"]
    assert not PolicyVersion.objects.filter(status="published").exists()


def test_warnings_are_accepted_with_a_reason_kept_on_the_version(publish, controller):
    controller.purposes.update(retention_rule=None)
    with pytest.raises(services.PublishRefused) as refused:
        publish()
    assert not refused.value.blocked
    version = publish(reason="Сроковете се уточняват с архива до края на месеца.")
    assert version.status == "published"
    assert version.warnings_reason.startswith("Сроковете се уточняват")
    assert version.findings[0]["rule"] == "purpose_without_retention"


def test_markdown_is_rendered_and_raw_html_never_gets_through(publish):
    version = publish(
        sections=[
            {
                "topic": "cookies",
                "title": "Бисквитки",
                "body": "**Важно**: <script>alert(1)</script> [връзка](javascript:alert(1)) "
                '<img src=x onerror="alert(2)"> [КЗЛД](https://www.cpdp.bg)',
            }
        ]
    )
    assert "<strong>Важно</strong>" in version.html
    assert "<script" not in version.html and "onerror" not in version.html
    assert "javascript:" not in version.html
    assert 'href="https://www.cpdp.bg"' in version.html


def test_only_editors_publish(controller, publish):
    version = publish()
    policy = version.policy
    dpo = MembershipFactory(controller=controller, role="dpo").user
    with pytest.raises(PermissionDenied):
        services.policy_version_create_draft(
            policy=policy,
            author=dpo,
            language="bg",
            title="x",
            effective_date=datetime.date(2026, 2, 1),
        )


# Drafts dated 1 March 2026, written and published a few days before.
BEFORE_MARCH = sofia(datetime.date(2026, 2, 20))


@time_machine.travel(BEFORE_MARCH)
def test_editor_publishes_through_the_admin(client, controller, editor):
    client.force_login(editor)
    policy = services.policy_get_or_create(controller=controller)
    response = client.post(
        "/en/admin/policies/policyversion/add/",
        {
            "policy": policy.pk,
            "language": "bg",
            "title": "Политика",
            "effective_date": "2026-03-01",
            "change_summary": "Първа версия",
            "sections-TOTAL_FORMS": 1,
            "sections-INITIAL_FORMS": 0,
            "sections-0-position": 0,
            "sections-0-topic": "cookies",
            "sections-0-title": "Бисквитки",
            "sections-0-body": "Само необходими бисквитки.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = PolicyVersion.objects.get()
    assert (draft.number, draft.author, draft.status) == (1, editor, "draft")
    assert draft.sections.get().title == "Бисквитки"

    preview = client.get(f"/en/admin/policies/policyversion/{draft.pk}/preview/")
    assert preview.status_code == 200 and "Счетоводство" in preview.content.decode()
    pdf = client.get(f"/en/admin/policies/policyversion/{draft.pk}/preview.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")

    page = client.get(f"/en/admin/policies/policyversion/{draft.pk}/publish/")
    assert "No findings." in page.content.decode()
    response = client.post(f"/en/admin/policies/policyversion/{draft.pk}/publish/", {})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "published" and draft.publisher == editor


@time_machine.travel(BEFORE_MARCH)
def test_admin_asks_for_a_reason_when_the_check_finds_errors(client, controller, editor):
    controller.purposes.get().legal_bases.all().delete()
    client.force_login(editor)
    policy = services.policy_get_or_create(controller=controller)
    draft = services.policy_version_create_draft(
        policy=policy,
        author=editor,
        language="bg",
        title="П",
        effective_date=datetime.date(2026, 3, 1),
    )
    url = f"/en/admin/policies/policyversion/{draft.pk}/publish/"
    body = client.get(url).content.decode()
    assert "The purpose has no legal basis." in body and "GDPR Art. 6(1)" in body
    assert "cannot be published" in body and 'value="Publish"' not in body
    response = client.post(url, {"warnings_reason": "Решение на ръководството от 1.03.2026"})
    assert response.status_code == 200
    assert "cannot be published" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_viewer_and_dpo_cannot_publish_through_the_admin(client, controller, publish, editor):
    policy = services.policy_get_or_create(controller=controller)
    draft = services.policy_version_create_draft(
        policy=policy,
        author=editor,
        language="bg",
        title="П",
        effective_date=datetime.date(2026, 3, 1),
    )
    for role in ("viewer", "dpo"):
        user = MembershipFactory(controller=controller, role=role).user
        client.force_login(user)
        response = client.post(f"/en/admin/policies/policyversion/{draft.pk}/publish/", {})
        assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"
