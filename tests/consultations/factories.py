"""Factories the public pages' tests need beyond tests/factories.py."""

import factory
from django.core.files.base import ContentFile

from consultations.models import HearingDocument
from tests.factories import HearingFactory


class HearingDocumentFactory(factory.django.DjangoModelFactory):
    """A small PDF attached to a published hearing."""

    class Meta:
        model = HearingDocument

    hearing = factory.SubFactory(HearingFactory)
    title = "Projektbuxheti 2026"
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4\n% test document\n", name="projektbuxheti.pdf"))
