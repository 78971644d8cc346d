"""Which texts staff write in each language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import AnnouncementChannel, ConsultationPlan, Directorate, Hearing, HearingDocument, Place


@register(Directorate)
class DirectorateTranslation(TranslationOptions):
    fields = ("name",)


@register(Place)
class PlaceTranslation(TranslationOptions):
    fields = ("name",)


@register(AnnouncementChannel)
class AnnouncementChannelTranslation(TranslationOptions):
    fields = ("name",)


@register(ConsultationPlan)
class ConsultationPlanTranslation(TranslationOptions):
    fields = (
        "participants",
        "purpose",
        "process_holders",
        "objectives",
        "others_involved",
        "key_issues",
        "internal_actors",
        "external_actors",
        "communication_media",
        "information_material",
        "inclusion_strategies",
        "expected_results",
        "information_expected",
        "evaluation_areas",
    )


@register(Hearing)
class HearingTranslation(TranslationOptions):
    fields = (*Hearing.TRANSLATED_FIELDS, "search_text")


@register(HearingDocument)
class HearingDocumentTranslation(TranslationOptions):
    fields = ("title",)
