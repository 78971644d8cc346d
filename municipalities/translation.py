"""Which of the municipality's texts staff write in each language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Municipality


@register(Municipality)
class MunicipalityTranslation(TranslationOptions):
    fields = ("name", "address", "state_line", "signatory_title", "office_hours")
