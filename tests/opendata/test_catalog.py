"""The DCAT-AP catalogue, parsed as JSON-LD with rdflib as a harvesting portal would."""

import hashlib

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from consultations.models import ConsultationPlan
from opendata.catalog import EU_LANGUAGES
from reports.models import PublishedReport
from reports.publishing import publish
from tests import factories

SITE_URL = "https://konsultimet.example.org"
# Plain namespaces: rdflib's closed ones warn when pytest looks into this module's names.
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
CATALOG = URIRef(SITE_URL + "/opendata/catalog.jsonld")
PUBLISHER = URIRef(SITE_URL + "/#publisher")
HEARINGS_2025 = URIRef(SITE_URL + "/opendata/hearings-2025")

# rdflib's own JSON-LD parser still builds a ConjunctiveGraph inside.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE_URL


def _graph(client) -> Graph:
    response = client.get(reverse("opendata:catalog"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    return Graph().parse(data=response.content, format="json-ld")


def _literals(graph: Graph, subject, predicate) -> dict[str, str]:
    return {value.language: str(value) for value in graph.objects(subject, predicate)}


def _one(graph: Graph, subject, predicate):
    (value,) = graph.objects(subject, predicate)
    return value


def test_the_catalogue_has_the_required_dcat_ap_properties(client, plan):
    graph = _graph(client)

    assert (CATALOG, RDF.type, DCAT.Catalog) in graph
    assert _literals(graph, CATALOG, DCTERMS.title)["en"] == "Open data of the public consultations of Komuna e Testit"
    assert set(_literals(graph, CATALOG, DCTERMS.description)) == {"sq", "sr-Latn", "sr-Cyrl", "bs", "tr", "en"}
    assert _one(graph, CATALOG, DCTERMS.publisher) == PUBLISHER
    assert (PUBLISHER, RDF.type, FOAF.Agent) in graph
    assert _literals(graph, PUBLISHER, FOAF.name)["sq"] == "Komuna e Testit"
    assert _one(graph, CATALOG, DCTERMS.license) == CC_BY
    assert set(graph.objects(CATALOG, DCTERMS.language)) == {
        URIRef(EU_LANGUAGE + code) for code in ("SQI", "SRP", "BOS", "TUR", "ENG")
    }
    assert set(graph.objects(CATALOG, DCAT.dataset)) == {
        HEARINGS_2025,
        URIRef(SITE_URL + "/opendata/plan-2025"),
    }


def test_each_dataset_has_its_titles_licence_publisher_language_period_and_distributions(client, plan):
    graph = _graph(client)

    for dataset in graph.subjects(RDF.type, DCAT.Dataset):
        titles = _literals(graph, dataset, DCTERMS.title)
        assert set(titles) == {"sq", "sr-Latn", "sr-Cyrl", "bs", "tr", "en"}
        assert set(_literals(graph, dataset, DCTERMS.description)) == set(titles)
        assert _one(graph, dataset, DCTERMS.license) == CC_BY
        assert _one(graph, dataset, DCTERMS.publisher) == PUBLISHER
        assert _one(graph, dataset, DCTERMS.language) == URIRef(EU_LANGUAGE + "SQI")
        period = _one(graph, dataset, DCTERMS.temporal)
        assert _one(graph, period, DCAT.startDate) == Literal("2025-01-01", datatype=XSD.date)
        assert _one(graph, period, DCAT.endDate) == Literal("2025-12-31", datatype=XSD.date)
        for distribution in graph.objects(dataset, DCAT.distribution):
            assert (distribution, RDF.type, DCAT.Distribution) in graph
            assert _one(graph, distribution, DCAT.accessURL) == _one(graph, distribution, DCAT.downloadURL)
            assert _one(graph, distribution, DCTERMS.license) == CC_BY
    assert _literals(graph, HEARINGS_2025, DCTERMS.title) == {
        "sq": "Konsultimet publike – Komuna e Testit, 2025",
        "sr-Latn": "Javne konsultacije – Komuna e Testit, 2025",
        # The municipality has no Serbian name: its Albanian one stays as written.
        "sr-Cyrl": "Јавне консултације – Komuna e Testit, 2025",
        "bs": "Javne konsultacije – Komuna e Testit, 2025",
        "tr": "Kamu istişareleri – Komuna e Testit, 2025",
        "en": "Public consultations of Komuna e Testit in 2025",
    }


def test_the_years_consultations_come_as_csv_json_and_data_package(client, plan):
    graph = _graph(client)

    files = {
        str(_one(graph, distribution, DCAT.downloadURL)): str(_one(graph, distribution, DCAT.mediaType))
        for distribution in graph.objects(HEARINGS_2025, DCAT.distribution)
    }
    media = "https://www.iana.org/assignments/media-types/"
    assert files == {
        SITE_URL + "/opendata/hearings-2025.csv": media + "text/csv",
        SITE_URL + "/opendata/hearings-2025.json": media + "application/json",
        SITE_URL + "/opendata/datapackage-2025.json": media + "application/json",
    }
    # The files change with every edit: no checksum would stay true.
    assert not list(graph.triples((None, SPDX.checksum, None)))
    for url in files:
        assert client.get(url.removeprefix(SITE_URL)).status_code == 200


def test_a_published_report_is_a_dataset_whose_pdfs_carry_their_sha256(client, plan):
    factories.HearingFactory(plan=plan, women=10, men=15, announced_via=[factories.channel("website")])
    report = publish(2025)

    graph = _graph(client)

    (dataset,) = (item for item in graph.objects(CATALOG, DCAT.dataset) if "/raportet/" in str(item))
    assert _literals(graph, dataset, DCTERMS.title)["sq"]
    stored = {item.language: item for item in report.files.all()}
    distributions = list(graph.objects(dataset, DCAT.distribution))
    assert len(distributions) == len(stored) == 6
    # Serbian in Latin and in Cyrillic are both SRP in the EU's vocabulary: the checksums tell the files apart.
    published = {}
    for language, item in stored.items():
        with default_storage.open(item.file.name, "rb") as pdf:
            content = pdf.read()
        published[hashlib.sha256(content).hexdigest()] = (len(content), EU_LANGUAGES[language])
    listed = {}
    for distribution in distributions:
        checksum = _one(graph, distribution, SPDX.checksum)
        assert _one(graph, checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        language = str(_one(graph, distribution, DCTERMS.language)).rsplit("/", 1)[1]
        listed[str(_one(graph, checksum, SPDX.checksumValue))] = (
            int(_one(graph, distribution, DCAT.byteSize)),
            language,
        )
        assert str(_one(graph, distribution, DCAT.downloadURL)).endswith("/raportet/2025/v1/pdf/")
    assert listed == published


def test_only_published_plans_are_in_the_catalogue(client, municipality, plan):
    factories.PlanFactory(municipality=municipality, year=2026, status=ConsultationPlan.Status.DRAFT)
    factories.PlanFactory(municipality=municipality, year=2024)

    datasets = {str(item) for item in _graph(client).objects(CATALOG, DCAT.dataset)}

    assert SITE_URL + "/opendata/hearings-2024" in datasets
    assert not any("2026" in item for item in datasets)


@pytest.mark.parametrize("years", [1, 6])
def test_the_catalogue_takes_a_constant_number_of_queries(client, municipality, django_assert_max_num_queries, years):
    for year in range(2020, 2020 + years):
        factories.PlanFactory(municipality=municipality, year=year)
        for version in (1, 2):
            report = PublishedReport.objects.create(
                municipality=municipality,
                year=year,
                version=version,
                reason="" if version == 1 else "corrects the figures",
                snapshot={},
                published_at=timezone.now(),
            )
            for language in ("sq", "en"):
                report.files.create(
                    language=language, file=f"r/{year}-{version}-{language}.pdf", sha256="0" * 64, size=1
                )

    # The municipality, the plans, the reports and their files, the next clock boundary (page cache).
    with django_assert_max_num_queries(5):
        response = client.get(reverse("opendata:catalog"))

    assert response.status_code == 200
    graph = Graph().parse(data=response.content, format="json-ld")
    pdfs = [str(url) for url in graph.objects(None, DCAT.downloadURL) if str(url).endswith("/pdf/")]
    assert len(pdfs) == 2 * years
    assert all("/v2/pdf/" in url for url in pdfs)  # the latest version's files only


def test_the_catalogue_is_cached_and_renewed_by_an_edit(client, municipality, plan, settings):
    settings.PAGE_CACHE_SECONDS = 60
    url = reverse("opendata:catalog")

    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    factories.PlanFactory(municipality=municipality, year=2024)

    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert b"/opendata/hearings-2024" in response.content
