"""Hearing documents: listed on the hearing's page, downloadable only while the hearing is public."""

import pytest
from pytest_django.asserts import assertInHTML

from consultations.models import ConsultationPlan
from tests.factories import HearingDocumentFactory, HearingFactory, PlanFactory


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
def test_a_public_hearing_document_downloads_as_an_attachment(client, hearing):
    document = HearingDocumentFactory(hearing=hearing)
    response = client.get(f"/sq/dokumentet/{document.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="projektbuxheti.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n% test document\n"


@pytest.mark.django_db
def test_a_document_of_an_unpublished_hearing_is_not_found(client, plan):
    document = HearingDocumentFactory(hearing=HearingFactory(plan=plan, is_published=False))
    assert client.get(f"/sq/dokumentet/{document.pk}/").status_code == 404


@pytest.mark.django_db
def test_a_document_of_a_hearing_in_a_draft_plan_is_not_found(client, municipality):
    draft = PlanFactory(municipality=municipality, year=2026, status=ConsultationPlan.Status.DRAFT)
    document = HearingDocumentFactory(hearing=HearingFactory(plan=draft))
    assert client.get(f"/sq/dokumentet/{document.pk}/").status_code == 404


@pytest.mark.django_db
def test_a_document_whose_file_is_gone_is_not_found(client, hearing):
    document = HearingDocumentFactory(hearing=hearing)
    document.file.storage.delete(document.file.name)
    assert client.get(f"/sq/dokumentet/{document.pk}/").status_code == 404


@pytest.mark.django_db
def test_the_hearing_page_lists_documents_with_type_and_size(client, hearing):
    document = HearingDocumentFactory(hearing=hearing, title="Projektbuxheti 2026")
    html = client.get(f"/en/konsultimet/{hearing.pk}/{hearing.slug}/").content.decode()
    link = f'<a href="/en/dokumentet/{document.pk}/" download><span lang="sq">Projektbuxheti 2026</span></a>'
    assertInHTML(link, html)
    assert "(PDF, 25\xa0bytes)" in html


@pytest.mark.django_db
def test_a_document_answers_304_to_a_client_that_has_it(client, hearing):
    document = HearingDocumentFactory(hearing=hearing)
    first = client.get(f"/sq/dokumentet/{document.pk}/")
    b"".join(first.streaming_content)
    again = client.get(f"/sq/dokumentet/{document.pk}/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
