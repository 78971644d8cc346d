"""The printed PDFs' structure tree, read with pikepdf: what a screen reader gets (issue 16, §4).

Table header cells are scoped and linked to their cells, running headers and footers are artifacts,
headings do not skip a level, and Albanian passages inside another language's PDF say so.
"""

import io
import itertools

import pikepdf
import pytest
from django.utils import timezone, translation

from outcomes import publishing as consultation_publishing
from papers.documents import notice_pdf
from register.models import CitizenRequest
from reports.publishing import publish
from tests.factories import CitizenRequestFactory

LANGUAGES = ("sq", "sr-latn", "sr", "bs", "tr", "en")


def _kids(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def structure(pdf: pikepdf.Pdf) -> list:
    """Every structure element under the root, in reading order."""
    found, stack = [], list(reversed(_kids(pdf.Root.StructTreeRoot)))
    while stack:
        element = stack.pop()
        if isinstance(element, pikepdf.Dictionary) and "/S" in element:
            found.append(element)
            stack.extend(reversed(_kids(element)))
    return found


def stored_pdf(stored_file) -> pikepdf.Pdf:
    with stored_file.file.open("rb") as stored:
        return pikepdf.open(io.BytesIO(stored.read()))


@pytest.fixture(autouse=True)
def _offering_the_languages_read(request, municipality):
    """The municipality offers Albanian and the language a test reads (English unless it names one):
    publishing renders no other PDF (it renders each language offered, seconds each)."""
    callspec = getattr(request.node, "callspec", None)
    language = callspec.params.get("language", "en") if callspec else "en"
    municipality.languages = [code for code in LANGUAGES if code in {"sq", language}]
    municipality.official_languages = ["sq"]
    municipality.save()


@pytest.fixture
def annual(held_year):
    return publish(2025)


@pytest.fixture
def consultation_report(hearing):
    CitizenRequestFactory(
        hearing=hearing,
        topic="Ndriçimi",
        text="Kërkojmë ndriçim në rrugën kryesore.",
        language="sq",
        is_public=True,
        status=CitizenRequest.Status.ACCEPTED,
        answer="Do ta bëjmë në pranverë.",
        answered_via=CitizenRequest.AnswerChannel.ON_THE_SPOT,
        answered_on=timezone.localdate(),
    )
    return consultation_publishing.publish(hearing)


def _documents(annual, consultation_report, hearing, language):
    with translation.override(language):
        notice = pikepdf.open(io.BytesIO(notice_pdf(hearing)))
    return {
        "annual report": stored_pdf(annual.file_for(language)),
        "consultation report": stored_pdf(consultation_report.file_for(language)),
        "notice": notice,
    }


@pytest.mark.parametrize("language", ["en", "sq"])
def test_table_header_cells_are_scoped_and_linked_to_their_cells(annual, consultation_report, hearing, language):
    for name, pdf in _documents(annual, consultation_report, hearing, language).items():
        elements = structure(pdf)
        headers = [element for element in elements if element.S == "/TH"]
        cells = [element for element in elements if element.S == "/TD"]
        assert headers and cells, name
        ids = {str(header.ID) for header in headers}
        assert len(ids) == len(headers), name
        registered = pdf.Root.StructTreeRoot.IDTree.Names
        assert {str(registered[index]) for index in range(0, len(registered), 2)} == ids, name
        for header in headers:
            assert header.A.Scope in (pikepdf.Name.Column, pikepdf.Name.Row), name
        linked = set()
        for cell in [*cells, *(header for header in headers if header.A.Scope == pikepdf.Name.Row)]:
            cell_headers = {str(key) for key in cell.A.get("/Headers", [])}
            assert cell_headers <= ids, name
            linked |= cell_headers
        for cell in cells:
            assert cell.A.Headers, name
        # Every header has cells it heads (the tables here have no empty header column or row).
        assert linked == ids, (name, ids - linked)


def test_a_cell_under_two_header_rows_names_both_and_its_row_header(annual):
    """The methods table: "Participants" spans Women, Men and Total; each number cell names all three levels."""
    pdf = stored_pdf(annual.file_for("en"))
    elements = structure(pdf)
    table = next(element for element in elements if element.S == "/Table")
    rows = [row for section in _kids(table) if section.get("/S") in ("/THead", "/TBody") for row in _kids(section)]
    header_ids = {str(cell.ID): cell for row in rows for cell in _kids(row) if cell.S == "/TH"}
    spanning = next(cell for cell in header_ids.values() if int(cell.A.get("/ColSpan", 1)) == 3)
    first_body_cells = [cell for cell in _kids(rows[2]) if cell.S == "/TD"]
    women = first_body_cells[-3]
    names = [str(key) for key in women.A.Headers]
    assert str(spanning.ID) in names
    assert any(header_ids[key].A.Scope == pikepdf.Name.Row for key in names)
    assert sum(header_ids[key].A.Scope == pikepdf.Name.Column for key in names) == 2


@pytest.mark.parametrize("language", LANGUAGES)
def test_running_headers_and_footers_are_artifacts(annual, consultation_report, hearing, language):
    for name, pdf in _documents(annual, consultation_report, hearing, language).items():
        in_tree = {element.objgen for element in structure(pdf)}
        numbers = pdf.Root.StructTreeRoot.ParentTree.Nums
        mapping = {int(numbers[index]): numbers[index + 1] for index in range(0, len(numbers), 2)}
        for page in pdf.pages:
            parents = mapping[int(page.obj.StructParents)]
            artifacts = 0
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) != "BDC":
                    continue
                if operands[0] == pikepdf.Name.Artifact:
                    artifacts += operands[1].get("/Type") == pikepdf.Name.Pagination
                    continue
                mcid = int(operands[1].MCID)
                assert parents[mcid].objgen in in_tree, (name, mcid)  # tagged content belongs to the tree
            assert artifacts >= 1, name  # the running footer at least


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_consultation_reports_headings_do_not_skip_a_level(consultation_report, language):
    pdf = stored_pdf(consultation_report.file_for(language))
    levels = [
        int(str(element.S)[2:])
        for element in structure(pdf)
        if str(element.S) in ("/H1", "/H2", "/H3", "/H4", "/H5", "/H6")
    ]
    assert levels[0] == 1
    assert all(later - earlier <= 1 for earlier, later in itertools.pairwise(levels)), levels
    assert 3 in levels  # the item's heading is there


@pytest.mark.parametrize("language", ["sr-latn", "bs", "tr", "en"])
def test_albanian_passages_inside_another_language_carry_their_language(annual, consultation_report, language):
    for report_file in (annual.file_for(language), consultation_report.file_for(language)):
        pdf = stored_pdf(report_file)
        assert str(pdf.Root.Lang) == language
        tagged = [element for element in structure(pdf) if "/Lang" in element]
        assert tagged, report_file
        assert {str(element.Lang) for element in tagged} == {"sq"}


def test_the_albanian_pdf_marks_no_passage_as_another_language(annual, consultation_report):
    for report_file in (annual.file_for("sq"), consultation_report.file_for("sq")):
        pdf = stored_pdf(report_file)
        assert not [element for element in structure(pdf) if "/Lang" in element]
