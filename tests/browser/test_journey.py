"""A citizen's way through the portal in headless Chromium, from the home page to the report's PDF."""

from __future__ import annotations

import io
import re
from pathlib import Path

import icalendar
import pytest
from pypdf import PdfReader

from consultations.models import Hearing
from tests.browser.portal import LANGUAGE_CODES, REPORT_YEAR, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def click_and_wait(page, locator) -> None:
    """Follow a link or submit a form, and wait for the next page to load."""
    before = page.url
    locator.click()
    page.wait_for_url(lambda address: address != before)


def fill_field(form, name: str, value: str) -> None:
    """Set a filter field whether the page made it a select or an input."""
    field = form.locator(f"[name='{name}']")
    if field.evaluate("element => element.tagName") == "SELECT":
        field.select_option(value)
    else:
        field.fill(value)


def hearing_pks_listed(page) -> set[int]:
    """The hearings the page's main content links to."""
    hrefs = page.locator("main a[href*='/konsultimet/']").evaluate_all("links => links.map(a => a.pathname)")
    return {int(match.group(1)) for href in hrefs if (match := re.search(r"/konsultimet/(\d+)/", href))}


def downloaded_bytes(page, link) -> bytes:
    """Click a link that saves a file and return the file's content."""
    with page.expect_download() as download_info:
        link.click()
    return Path(download_info.value.path()).read_bytes()


def pdf_bytes(page, link) -> bytes:
    """The PDF a link leads to, whether the server sends it as an attachment or inline.

    Chromium opens an inline PDF in its viewer, where no download event fires and the text
    cannot be read; the browser context's own request then fetches the same address.
    """
    address = link.evaluate("a => a.href")
    response = page.context.request.get(address)
    assert response.ok, f"{address} answered {response.status}"
    if response.headers.get("content-disposition", "").lower().startswith("attachment"):
        return downloaded_bytes(page, link)
    return response.body()


def number(value: int) -> str:
    """A regular expression for a whole number as a document may print it: 1234, 1.234, 1,234 or 1 234."""
    return f"{value:,}".replace(",", r"[.,\u00a0\u202f ]?")


def test_citizen_finds_a_hearing_adds_it_to_the_calendar_and_reads_the_report(page, live_url, demo, visit, snap):
    hearing = Hearing.objects.select_related("plan").get(pk=demo.held_hearing_pk)

    visit(url("consultations:home", "sq"), "home")
    # The menu's links on a desktop (the phone's folded copy of the menu is hidden).
    click_and_wait(page, page.locator(f"a[href='{url('consultations:hearing-list', 'sq')}']:visible").first)
    snap("hearing-list")

    form = page.locator("main form:has([name='year'])").first
    fill_field(form, "year", str(REPORT_YEAR))
    fill_field(form, "method", hearing.method)
    click_and_wait(page, form.locator("[type='submit']").first)
    snap("hearing-list-filtered")
    listed = hearing_pks_listed(page)
    matching = Hearing.objects.published().in_year(REPORT_YEAR).filter(method=hearing.method)
    assert hearing.pk in listed
    assert listed <= set(matching.values_list("pk", flat=True)), "The filtered list shows other years or methods"

    click_and_wait(page, page.locator(f"main a[href*='/konsultimet/{hearing.pk}/']").first)
    snap("hearing")
    assert page.locator("html").get_attribute("lang") == "sq"
    assert hearing.title_sq in page.locator("h1").first.inner_text()

    calendar_path = url("opendata:hearing-calendar", "sq", pk=hearing.pk)
    calendar = icalendar.Calendar.from_ical(downloaded_bytes(page, page.locator(f"a[href$='{calendar_path}']").first))
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    assert str(events[0]["SUMMARY"]) == hearing.title_sq

    page.locator(".portal-menu-language > summary").click()  # the language choice folds into a <details>
    click_and_wait(page, page.locator("a[hreflang='sr-latn']").first)
    snap("hearing")
    assert page.locator("html").get_attribute("lang") == "sr-latn"
    assert hearing.title_sr_latn in page.locator("h1").first.inner_text()

    click_and_wait(page, page.locator(f"a[href='{url('reports:report-index', 'sr-latn')}']:visible").first)
    snap("report-index")
    report_path = url("reports:annual-report", "sr-latn", year=REPORT_YEAR)
    if not page.url.endswith(report_path):  # unless the index went straight to the latest report
        click_and_wait(page, page.locator(f"main a[href$='{report_path}']").first)
    snap("report")
    assert page.locator("html").get_attribute("lang") == "sr-latn"

    pdf_path = url("reports:annual-report-pdf", "sr-latn", year=REPORT_YEAR)
    document = pdf_bytes(page, page.locator(f"a[href$='{pdf_path}']").first)
    assert document.startswith(b"%PDF")
    text = "\n".join(pdf_page.extract_text() for pdf_page in PdfReader(io.BytesIO(document)).pages)
    held = Hearing.objects.held().in_year(REPORT_YEAR)
    totals = held.attendance_totals()
    assert totals["total"] > 0, f"The demo data has no attendance in {REPORT_YEAR}"
    # The totals row of the table by method: consultations held, women, men, total.
    totals_row = r"\s+".join(number(value) for value in (held.count(), totals["women"], totals["men"], totals["total"]))
    assert re.search(rf"(?<![\d.,]){totals_row}(?![\d]|[.,]\d)", text), (
        f"The PDF's totals row does not read {held.count()} held, {totals['women']} women, {totals['men']} men, "
        f"{totals['total']} in all:\n{text}"
    )


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
@pytest.mark.parametrize("page_name", ["home", "hearing-list"])
def test_page_fits_a_320px_wide_screen_without_horizontal_scrolling(page, visit, lang, page_name):
    page.set_viewport_size({"width": 320, "height": 640})
    visit(url(f"consultations:{page_name}", lang), f"{page_name}-320px")
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})"
    )
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > 320.5)
            .slice(0, 5)
            .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                 + (typeof el.className === 'string' && el.className.trim()
                    ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
                 + ' (right edge ' + Math.round(el.getBoundingClientRect().right) + 'px)')"""
    )
    assert widths["scroll"] <= 320, f"{page_name} in {lang} is {widths['scroll']}px wide at 320px; too wide: {wide}"


def test_citizen_comments_on_the_open_consultation_in_bosnian(page, demo, visit, snap, settings):
    from django.utils import translation

    from participation.models import Comment

    assert demo.open_consultation_pk is not None, "The demo data has no written consultation open for comments."
    settings.COMMENT_MIN_SECONDS = 1  # the live server runs in this process: it reads the same settings
    body = "Predlažem da kriteriji budu objavljeni i na bosanskom jeziku."

    visit(url("consultations:hearing-detail", "bs", pk=demo.open_consultation_pk), "open-consultation")
    form = page.locator("main form:has([name='body'])")
    # The honeypot sits in a 1 px clipped box: out of sight, still labelled for screen readers.
    honeypot_hidden = form.locator("[name='website']").evaluate(
        """field => {
            const box = field.closest('.visually-hidden');
            if (!box) return false;
            const rect = box.getBoundingClientRect();
            return rect.width <= 1 && rect.height <= 1 && getComputedStyle(box).overflow === 'hidden';
        }"""
    )
    assert honeypot_hidden, "The honeypot field is visible to people"
    form.locator("[name='body']").fill(body)
    form.locator("[name='email']").fill("gradjanin@example.org")
    form.locator("[name='consent']").check()
    snap("comment-form-filled")
    page.wait_for_timeout(1_100)  # a person takes longer than COMMENT_MIN_SECONDS to write
    click_and_wait(page, form.locator("[type='submit']"))

    snap("comment-received")
    assert page.locator("html").get_attribute("lang") == "bs"
    with translation.override("bs"):
        assert translation.gettext("Thank you: your comment was received") in page.locator("h1").inner_text()
    comment = Comment.objects.get(body=body)
    assert (comment.hearing_id, comment.language, comment.status) == (
        demo.open_consultation_pk,
        "bs",
        Comment.Status.PENDING,
    )
    comment.delete()
