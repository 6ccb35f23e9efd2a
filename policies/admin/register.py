"""The register's processing purposes in the admin, and the purposes on a controller's page."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from controllers.admin import register_controller_inline
from controllers.admin_scoping import ControllerScopedAdmin, ScopedTabularInline

from ..choices import DataKind, DataSource
from ..models import (
    Cookie,
    PersonalDataCategory,
    ProcessingPurpose,
    PurposeLegalBasis,
    Transfer,
)


class DataCategoryFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        # GDPR Art. 9(1)–(2): checked against the purpose as submitted in the same form.
        special = any(
            form.cleaned_data.get("kind") == DataKind.SPECIAL
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        )
        if special and not self.instance.art9_condition:
            raise ValidationError(
                _(
                    "Special-category data needs an Art. 9(2) condition: choose one on the "
                    "purpose, or mark the data as ordinary."
                ),
                code="art9_missing",
            )


class PersonalDataCategoryInline(ScopedTabularInline):
    model = PersonalDataCategory
    formset = DataCategoryFormSet
    parent_controller_path = "controller"
    extra = 1


class PurposeLegalBasisInline(ScopedTabularInline):
    model = PurposeLegalBasis
    extra = 1


class TransferInline(ScopedTabularInline):
    model = Transfer
    extra = 0


class ProcessingPurposeForm(forms.ModelForm):
    sources = forms.MultipleChoiceField(
        label=_("sources of the data"),
        choices=DataSource.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ProcessingPurpose
        fields = [
            "controller",
            "position",
            "name",
            "description",
            "data_subjects",
            "art9_condition",
            "art9_note",
            "sources",
            "sources_note",
            "recipients",
            "automated_decision",
            "automated_decision_explanation",
            "security_measures",
            "retention_rule",
        ]

    def clean(self):
        cleaned = super().clean()
        controller = cleaned.get("controller")
        recipients = cleaned.get("recipients") or []
        if controller and any(r.controller_id != controller.pk for r in recipients):
            self.add_error("recipients", _("Choose recipients of the same controller."))
        return cleaned


@admin.register(ProcessingPurpose)
class ProcessingPurposeAdmin(ControllerScopedAdmin):
    form = ProcessingPurposeForm
    list_display = ["name", "controller", "art9_condition", "retention_rule", "position"]
    list_filter = [("controller", admin.RelatedOnlyFieldListFilter), "art9_condition"]
    search_fields = ["name", "description", "data_subjects"]
    list_select_related = ["controller", "retention_rule"]
    filter_horizontal = ["recipients"]
    inlines = [PurposeLegalBasisInline, PersonalDataCategoryInline, TransferInline]

    def _purpose_controller_id(self, request):
        object_id = (
            request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
        )
        if not object_id:
            return None
        return (
            ProcessingPurpose.objects.filter(pk=object_id)
            .values_list("controller_id", flat=True)
            .first()
        )

    def _same_controller(self, formfield, request):
        # On a purpose's page, offer only its own controller's recipients and rules.
        controller_id = self._purpose_controller_id(request)
        if formfield is not None and controller_id is not None:
            formfield.queryset = formfield.queryset.filter(controller_id=controller_id)
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return (
            self._same_controller(formfield, request)
            if db_field.name == "retention_rule"
            else formfield
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        return (
            self._same_controller(formfield, request)
            if db_field.name == "recipients"
            else formfield
        )


# --- Versioned policies -------------------------------------------------------------------


@register_controller_inline(order=20)
class ProcessingPurposeInline(ScopedTabularInline):
    model = ProcessingPurpose
    extra = 0
    fields = ["position", "name", "art9_condition", "retention_rule"]
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        # Under a controller, offer only that controller's rules.
        if db_field.name == "retention_rule" and formfield is not None:
            controller_pk = request.resolver_match.kwargs.get("object_id")
            formfield.queryset = formfield.queryset.filter(controller_id=controller_pk)
        return formfield


@register_controller_inline(order=30)
class CookieInline(ScopedTabularInline):
    """The controller's cookies and trackers (ECA Art. 4a), printed as the policy's table."""

    model = Cookie
    extra = 0
    fields = ["position", "name", "provider", "purpose", "category", "lifetime", "party", "country"]
