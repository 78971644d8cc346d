"""Dates and statuses read as the municipality writes them, in each language (the glossary in docs/languages.md)."""

import datetime

import pytest
from django.utils import formats, translation
from django.utils.translation import pgettext

from consultations.models import Hearing

OCTOBER_2 = datetime.date(2025, 10, 2)
EVENING = datetime.datetime(2026, 11, 27, 17, 30)


@pytest.mark.parametrize(
    ("language", "date", "date_and_time"),
    [
        ("sq", "2 tetor 2025", "27 nëntor 2026, 17:30"),
        ("sr-latn", "2. oktobra 2025.", "27. novembra 2026., 17:30"),
        ("bs", "2. oktobra 2025.", "27. novembra 2026., 17:30"),
        ("en", "2 October 2025", "27 November 2026, 17:30"),
    ],
)
def test_one_date_format_per_language_without_a_leading_zero(language, date, date_and_time):
    with translation.override(language):
        assert formats.date_format(OCTOBER_2, "DATE_FORMAT") == date
        assert formats.date_format(EVENING, "DATETIME_FORMAT") == date_and_time


def test_albanian_month_names_are_lower_case_in_every_form():
    months = ["janar", "shkurt", "mars", "prill", "maj", "qershor"]
    months += ["korrik", "gusht", "shtator", "tetor", "nëntor", "dhjetor"]
    with translation.override("sq"):
        for number, name in enumerate(months, start=1):
            day = datetime.date(2025, number, 1)
            assert formats.date_format(day, "F") == name
            assert formats.date_format(day, "E") == name  # the "alt. month" forms
        assert formats.date_format(OCTOBER_2, "YEAR_MONTH_FORMAT") == "tetor 2025"


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("sq", ["I ardhshëm", "I mbajtur", "I anuluar", "I hapur për komente", "I mbyllur për komente"]),
        ("sr-latn", ["Predstojeća", "Održana", "Otkazana", "Otvorena za komentare", "Zatvorena za komentare"]),
        ("bs", ["Predstojeća", "Održana", "Otkazana", "Otvorena za komentare", "Zatvorena za komentare"]),
    ],
)
def test_consultation_statuses_agree_with_the_word_consultation(language, labels):
    with translation.override(language):
        shown = [str(label) for label in Hearing.Status.labels]
        shown += [pgettext("hearing status", "Open for comments"), pgettext("hearing status", "Closed for comments")]
    assert shown == labels


def test_an_answered_request_reads_me_pergjigje_in_albanian():
    with translation.override("sq"):
        assert pgettext("request status", "Answered") == "Me përgjigje"


@pytest.mark.parametrize(
    ("msgid", "albanian"),
    [("Add %s", "Shtoni: %s"), ("Change %s", "Ndryshoni: %s"), ("Model name", "Emri i modelit")],
)
def test_the_admin_speaks_albanian_in_a_form_that_fits_a_nominative_name(msgid, albanian):
    with translation.override("sq"):
        assert translation.gettext(msgid) == albanian


# Buttons and links that ask the reader to act, in the polite plural staff and citizens are used to.
POLITE_BUTTONS = {
    "sr-latn": {
        "Add to calendar": "Dodajte u kalendar",
        "Show consultations": "Prikažite konsultacije",
        "Clear filters": "Poništite filtere",
        "Confirm the subscription": "Potvrdite pretplatu",
        "Add %s": "Dodajte: %s",
        "Delete selected %(verbose_name_plural)s": "Izbrišite odabrano: %(verbose_name_plural)s",
    },
    "bs": {
        "Add to calendar": "Dodajte u kalendar",
        "Show consultations": "Prikažite konsultacije",
        "Clear filters": "Poništite filtere",
        "Confirm the subscription": "Potvrdite pretplatu",
        "Add %s": "Dodajte: %s",
        "Delete selected %(verbose_name_plural)s": "Izbrišite odabrano: %(verbose_name_plural)s",
    },
}


# A checkbox the citizen ticks states their wish, as the Albanian does ("Të shfaqet emri im me komentin").
@pytest.mark.parametrize("language", ["sr-latn", "bs"])
def test_the_name_checkbox_states_the_citizens_wish(language):
    with translation.override(language):
        assert translation.gettext("Show my name with the comment") == "Neka se moje ime prikaže uz komentar"


@pytest.mark.parametrize("language", sorted(POLITE_BUTTONS))
def test_buttons_ask_in_the_polite_form(language):
    with translation.override(language):
        assert {msgid: translation.gettext(msgid) for msgid in POLITE_BUTTONS[language]} == POLITE_BUTTONS[language]


@pytest.mark.parametrize(
    ("language", "msgid", "text"),
    [
        ("sq", "Albanian", "shqip"),
        ("sr-latn", "Albanian", "albanski"),
        ("bs", "citizen request", "zahtjev građanina"),
        ("sr-latn", "Organising directorate", "Direkcija koja organizuje"),
        ("bs", "Organising directorate", "Direkcija koja organizuje"),
    ],
)
def test_the_reviewers_corrections_hold(language, msgid, text):
    with translation.override(language):
        assert translation.gettext(msgid) == text


def test_a_response_agrees_with_a_comment_and_a_request_and_the_year_in_progress_is_the_current_one():
    with translation.override("sq"):
        assert pgettext("response", "Accepted") == "Pranuar"
        assert "viti aktual" in translation.ngettext(
            "%(year)s: year in progress, %(counter)s consultation held so far",
            "%(year)s: year in progress, %(counter)s consultations held so far",
            2,
        )
    with translation.override("sr-latn"):
        wait = translation.ngettext(
            "Too many submissions came from your connection in a short time. Please wait up to %(counter)s minute "
            "and try again, or write to the municipality by email or post.",
            "Too many submissions came from your connection in a short time. Please wait up to %(counter)s minutes "
            "and try again, or write to the municipality by email or post.",
            1,
        )
        assert "do %(counter)s minuta" in wait
