"""Serbian in Cyrillic (sr): the Serbian Latin catalog and content, transliterated; addresses and codes stay Latin."""

import io
import re
from pathlib import Path

import icalendar
import pytest
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import translation
from pypdf import PdfReader

from notifications.mail import notify_subscribers_of_hearing
from participation import moderation
from participation.models import Comment
from reports.publishing import publish
from tests.factories import CommentFactory, HearingFactory, PlaceFactory, SubscriberFactory, WrittenConsultationFactory
from web.cyrillic import catalog_to_cyrillic, html_to_cyrillic, to_cyrillic

LOCALE = Path(settings.BASE_DIR) / "locale"
SUMMARY = "Učesnici su pitali o budžetu. Više na https://istok.example.org/budzet ili na budzet@istok.example.org."
CYRILLIC = re.compile("[\u0400-\u04ff]")


def test_the_cyrillic_catalog_is_the_latin_one_transliterated():
    latin = (LOCALE / "sr_Latn" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    committed = (LOCALE / "sr" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")

    assert committed == catalog_to_cyrillic(latin), "locale/sr is out of date: run `make compile-messages`"
    call_command("cyrillic_catalog", check=True)


def test_the_cyrillic_catalog_has_every_entry_of_the_latin_one_plurals_included():
    latin = (LOCALE / "sr_Latn" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    cyrillic = (LOCALE / "sr" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")

    def entries(text: str) -> list[str]:
        return re.findall(r"^(?:msgctxt|msgid|msgid_plural|msgstr\[\d\]) .*$", text, re.MULTILINE)

    latin_ids = [line for line in entries(latin) if not line.startswith("msgstr")]
    assert [line for line in entries(cyrillic) if not line.startswith("msgstr")] == latin_ids
    assert "msgstr[2]" in cyrillic
    assert '"Language: sr\\n"' in cyrillic
    assert 'msgid "Download the PDF"' not in cyrillic or "Преузмите PDF" in cyrillic


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Javna rasprava o budžetu", "Јавна расправа о буџету"),
        ("Njegoš, LJUBAV, DŽEP, nadživeti", "Његош, ЉУБАВ, ЏЕП, надживети"),
        ("Preuzmite PDF (%(size)s KB)", "Преузмите PDF (%(size)s КБ)"),
        ("Godina {year}, %s od %d, 100%%", "Година {year}, %s од %d, 100%%"),
        ("u CSV-u i JSON-u, iCal i RSS, QR kod", "у CSV-у и JSON-у, iCal и RSS, QR код"),
        ("Licenca CC BY 4.0, kontrolni zbir SHA-256", "Лиценца CC BY 4.0, контролни збир SHA-256"),
        (
            "Pišite na ime@example.com ili https://istok.example.org/sr/",
            "Пишите на ime@example.com или https://istok.example.org/sr/",
        ),
        ("Vidi www.rks-gov.net i izvestaj-2025.pdf.", "Види www.rks-gov.net и izvestaj-2025.pdf."),
        ('<a href="%(url)s">ovde</a> &amp; tamo', '<a href="%(url)s">овде</a> &amp; тамо'),
        ("Wi-Fi u sali, Shqipëria", "Wi-Fi у сали, Shqipëria"),
        ("kôd pravila", "ко\u0302д правила"),
        ("5. decembra 2026.", "5. децембра 2026."),
        ("Већ ћирилица", "Већ ћирилица"),
    ],
)
def test_to_cyrillic_leaves_placeholders_addresses_and_codes_as_they_are(latin, cyrillic):
    assert to_cyrillic(latin) == cyrillic


def test_html_is_transliterated_in_its_text_only():
    html = (
        '<p title="Naslov" data-x="ostaje">Tekst <a href="/sr/plan/">plan</a> <span lang="sq">Buxheti komunal</span>'
        ' <span lang="sr-latn">Latinica</span> <code>search_text</code> <pre>kod</pre>'
        '<textarea name="body">otkucano</textarea> <img alt="Grb" src="grb.png"><br> kraj</p>'
        '<script>var s = "<b>ostaje</b>";</script><p translate="no">Marko Marković</p>'
    )
    assert html_to_cyrillic(html) == (
        '<p title="Наслов" data-x="ostaje">Текст <a href="/sr/plan/">план</a> <span lang="sq">Buxheti komunal</span>'
        ' <span lang="sr-latn">Latinica</span> <code>search_text</code> <pre>kod</pre>'
        '<textarea name="body">otkucano</textarea> <img alt="Грб" src="grb.png"><br> крај</p>'
        '<script>var s = "<b>ostaje</b>";</script><p translate="no">Marko Marković</p>'
    )


@pytest.mark.django_db
def test_a_page_in_sr_shows_cyrillic_labels_and_content_with_addresses_in_latin(client, plan):
    hearing = HearingFactory(plan=plan, summary_sr_latn=SUMMARY)

    response = client.get(f"/sr/konsultimet/{hearing.pk}/")
    page = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="sr"' in page
    assert "Тема" in page  # a label, from the generated catalog
    assert "Општински буџет" in page  # the topic, written in Serbian Latin
    assert (
        "Учесници су питали о буџету. Више на https://istok.example.org/budzet или на budzet@istok.example.org." in page
    )
    assert "https://istok.example.org/budzet" in page
    assert "budzet@istok.example.org" in page
    assert 'href="/sr/konsultimet/"' in page
    assert "10. марта 2025., 10:00" in page  # the month in the genitive, as in Serbian Latin
    assert "Opštinski budžet" not in page.split("</head>")[1]


@pytest.mark.django_db
def test_the_language_switcher_names_both_serbian_scripts(client, plan):
    page = client.get("/sr-latn/").content.decode()

    assert 'hreflang="sr" lang="sr">српски (ћирилица)</a>' in page
    assert "srpski (latinica)" in page


@pytest.mark.django_db
def test_text_in_another_language_keeps_its_script(client, plan):
    # No Serbian title: the Albanian one is shown, marked lang="sq", and stays as written.
    hearing = HearingFactory(plan=plan, title_sr_latn="", topic_sr_latn="")

    page = client.get(f"/sr/konsultimet/{hearing.pk}/").content.decode()

    assert f'<h1 lang="sq">{hearing.title}</h1>' in page
    assert "Овај текст још није доступан на српском језику; приказан је на албанском." in page


@pytest.mark.django_db
def test_a_search_in_cyrillic_finds_the_serbian_latin_text(client, plan):
    found = HearingFactory(plan=plan, topic_sr_latn="Rekonstrukcija vodovoda u Đurakovcu")
    HearingFactory(plan=plan)

    listed = client.get("/sr/konsultimet/", {"q": "водовода Ђураковцу"}).context["hearings"]

    assert [hearing.pk for hearing in listed] == [found.pk]


@pytest.mark.django_db
def test_the_printed_notice_in_sr_is_in_cyrillic(client, plan):
    place = PlaceFactory(municipality=plan.municipality, name_sr_latn="Sala Skupštine opštine")
    hearing = HearingFactory(plan=plan, title_sr_latn="Javna rasprava o budžetu za 2026.", place=place)
    with translation.override("sr"):
        from django.urls import reverse

        url = reverse("papers:notice", args=[hearing.pk])

    response = client.get(url)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split())

    assert response["Content-Type"] == "application/pdf"
    assert "Јавна расправа о буџету за 2026." in text
    assert "Сала Скупштине општине" in text
    assert f"/sr/konsultimet/{hearing.pk}/" in text  # the page's address under the QR code
    assert not re.search(r"\b(?:Javna|rasprava|Sala|Tema)\b", text), text


@pytest.mark.django_db
def test_an_alert_in_sr_is_in_cyrillic_with_its_addresses_in_latin(settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://konsultime.example.org"
    SubscriberFactory(email="citalac@example.org", language="sr")
    hearing = WrittenConsultationFactory(title_sr_latn="Pravilnik o vodovodu")

    with django_capture_on_commit_callbacks(execute=True):
        assert notify_subscribers_of_hearing(hearing) == 1

    message = mail.outbox[0]
    assert "Правилник о водоводу" in message.subject
    assert "Правилник о водоводу" in message.body
    assert "Pravilnik" not in message.subject + message.body
    assert f"https://konsultime.example.org/sr/konsultimet/{hearing.pk}/" in message.body


@pytest.mark.django_db
def test_the_calendar_in_sr_is_in_cyrillic(client, plan):
    HearingFactory(plan=plan, title_sr_latn="Javna rasprava o budžetu")

    calendar = icalendar.Calendar.from_ical(client.get("/konsultimet-2025.ics", {"lang": "sr"}).content)

    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == ["Јавна расправа о буџету"]


@pytest.mark.django_db
def test_the_admin_in_sr_speaks_cyrillic_and_shows_content_as_typed(admin_client, plan):
    hearing = HearingFactory(plan=plan, title_sr_latn="Javna rasprava o budžetu")

    page = admin_client.get("/sr/admin/consultations/hearing/").content.decode()

    assert "Одјава" in page or "Одјавите" in page  # Django's own Cyrillic
    assert hearing.title_sr_latn in page
    assert CYRILLIC.search(page)


def test_the_command_writes_the_cyrillic_catalog_and_check_refuses_a_stale_one(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    latin = tmp_path / "locale" / "sr_Latn" / "LC_MESSAGES" / "django.po"
    latin.parent.mkdir(parents=True)
    latin.write_text(
        'msgid ""\nmsgstr ""\n"Language: sr_Latn\\n"\n\n'
        'msgctxt "alt. month"\nmsgid "December"\nmsgstr "decembra"\n\n'
        'msgid "%(count)s file"\nmsgid_plural "%(count)s files"\n'
        'msgstr[0] "%(count)s datoteka"\nmsgstr[1] "%(count)s datoteke"\nmsgstr[2] "%(count)s datoteka"\n\n'
        'msgid "Line\\nbreak \\"quoted\\""\nmsgstr "Red\\nnovi \\"navodnici\\""\n',
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match=re.escape("locale/sr/LC_MESSAGES/django.po")):
        call_command("cyrillic_catalog", check=True)

    call_command("cyrillic_catalog")

    cyrillic = (tmp_path / "locale" / "sr" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert cyrillic.endswith(
        '"Language: sr\\n"\n\n'
        'msgctxt "alt. month"\nmsgid "December"\nmsgstr "децембра"\n\n'
        'msgid "%(count)s file"\nmsgid_plural "%(count)s files"\n'
        'msgstr[0] "%(count)s датотека"\nmsgstr[1] "%(count)s датотеке"\nmsgstr[2] "%(count)s датотека"\n\n'
        'msgid "Line\\nbreak \\"quoted\\""\nmsgstr "Ред\\nнови \\"наводници\\""\n'
    )
    call_command("cyrillic_catalog", check=True)


@pytest.mark.django_db
def test_a_report_published_before_serbian_cyrillic_is_served_in_serbian_latin(client, plan):
    HearingFactory(plan=plan, women=10, men=15)
    report = publish(2025)
    report.files.filter(language="sr").delete()  # as a version published before sr was added

    response = client.get("/sr/raportet/2025/pdf/")

    assert response.status_code == 200
    with report.file_for("sr-latn").file.open("rb") as latin:
        assert response.content == latin.read()


@pytest.mark.django_db
def test_a_rejection_email_in_sr_quotes_the_citizen_as_written(written):
    comment = CommentFactory(
        hearing=written, language="sr", name="Arta Berisha", email="arta@example.org", body="Rruga e shkollës."
    )
    comment.status = Comment.Status.REJECTED
    comment.rejection_reason = "Komentar nije o ovoj temi."
    comment.save()

    mail = moderation.email_rejection_once(comment)

    assert mail.body.startswith("Поштовани/а Arta Berisha,\n")
    assert "Написали сте:\nRruga e shkollës.\n" in mail.body
    assert "Коментар није о овој теми." in mail.body  # the staff's reason, in Serbian
    assert "\ue000" not in mail.body and "\ue001" not in mail.body
