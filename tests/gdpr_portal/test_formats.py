"""Dates read as Bulgarians write them, in the admin too."""

import datetime
import zoneinfo

from django.utils import formats, translation

SOFIA = zoneinfo.ZoneInfo("Europe/Sofia")


def test_a_date_with_a_time_in_bulgarian_and_in_english():
    moment = datetime.datetime(2026, 11, 22, 12, 34, tzinfo=SOFIA)
    with translation.override("bg"):
        assert formats.localize(moment) == "22 ноември 2026, 12:34"
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "22.11.2026 12:34"
        assert formats.date_format(moment.date()) == "22 ноември 2026"
    with translation.override("en"):
        assert formats.localize(moment) == "Nov. 22, 2026, 12:34 p.m."


def test_the_controllers_own_target_is_a_readable_date(db):
    from django.contrib import admin

    from requests_app.models import DataSubjectRequest
    from tests.controllers.factories import ControllerFactory
    from tests.requests_app.factories import DataSubjectRequestFactory

    controller = ControllerFactory(promised_response_days=20)
    dsr = DataSubjectRequestFactory(
        controller=controller,
        received_at=datetime.datetime(2026, 11, 2, 10, 0, tzinfo=SOFIA),
    )
    model_admin = admin.site._registry[DataSubjectRequest]
    with translation.override("bg"):
        assert model_admin.internal_target(dsr) == "22 ноември 2026"


def test_staff_sign_in_and_the_admin_index_speak_bulgarian(client, db):
    from tests.controllers.factories import MembershipFactory

    page = client.get("/account/login/").content.decode()
    assert "<h1>Вход</h1>" in page or ">Вход<" in page
    assert "Въведете потребителското си име и паролата." in page
    assert "Напред" in page and "Next" not in page

    client.force_login(MembershipFactory(role="dpo").user)
    index = client.get("/admin/").content.decode()
    assert "Име на модела" in index and "Model name" not in index
    assert "Портал за защита на личните данни" in index and "Django" not in index


def test_every_admin_date_field_reads_a_bulgarian_date():
    """dd.mm.yyyy in both languages, in a date field and in the date half of a date and time."""
    from django import forms
    from django.contrib.admin import widgets

    class Dates(forms.Form):
        day = forms.DateField(widget=widgets.AdminDateWidget)
        moment = forms.SplitDateTimeField(widget=widgets.AdminSplitDateTime)

    for language in ("bg", "en"):
        with translation.override(language):
            form = Dates({"day": "05.01.2026", "moment_0": "31.01.2026", "moment_1": "09:30"})
            assert form.is_valid(), (language, form.errors)
            assert form.cleaned_data["day"] == datetime.date(2026, 1, 5)
            assert form.cleaned_data["moment"].date() == datetime.date(2026, 1, 31)
