"""Demo data: the Municipality of Istog's 2025 plan and report, and a plan for the current year.

The texts and the illustrative figures are in data/istog_2025.json (its "about" says what
comes from the municipality's documents and what is invented); this module only loads them.
The 2025 report gives only totals: 15 consultations with citizens, 57 women and 210 men (267
participants). The split of attendance between the hearings is INVENTED; load() refuses to run
unless it adds up to the report. This module is the only place in the code where the report's
figures appear.

Loading is idempotent: every row is found by a stable key (update_or_create), so running it
again changes nothing.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify

from consultations.models import AnnouncementChannel, ConsultationPlan, Directorate, Hearing, Place
from municipalities.models import Municipality
from register.models import CitizenRequest

from .draft_document import attach_draft

# The figures of the 2025 report: the only numbers from the source.
REPORT_YEAR = 2025
# Its only request has an answer, so the demo publishes this hearing's report; the Zallq hearing's request is
# still open, for staff to answer and publish themselves.
REPORTED_HEARING = "budget-2026-gurrakoc"
REPORT_HEARINGS = 15
REPORT_WOMEN = 57
REPORT_MEN = 210
REPORT_TOTAL = 267

DATA_FILE = Path(__file__).resolve().parent / "data" / "istog_2025.json"

# The modeltranslation suffixes; every translated text in the data file has exactly these keys.
LANGS = ("sq", "sr_latn", "bs", "tr", "en")

# Invented, like the split: a hearing lasts two hours, a 2025 one was announced a week ahead,
# an upcoming one starts at 17:00.
HEARING_HOURS = 2
ANNOUNCED_DAYS_BEFORE = 7
UPCOMING_HOUR = 17


@dataclass(frozen=True)
class DemoHearing:
    """One invented 2025 hearing (an entry of the data file): its texts by language, and the attendance."""

    key: str
    day: datetime.date
    hour: int
    place: str | None
    directorate: str
    method: str
    title: dict[str, str]
    topic: dict[str, str]
    women: int | None = None
    men: int | None = None
    hours: int = HEARING_HOURS


DATA = json.loads(DATA_FILE.read_text(encoding="utf-8"))
# An unknown method or a malformed date fails here, on import, rather than half-way through a load.
HEARINGS_2025 = tuple(
    DemoHearing(**{**item, "day": datetime.date.fromisoformat(item["day"]), "method": Hearing.Method(item["method"])})
    for item in DATA["hearings_2025"]
)


@dataclass(frozen=True)
class LoadSummary:
    """What load() left in the database, for the command to print."""

    loaded: bool
    directorates: int = 0
    places: int = 0
    hearings_2025: int = 0
    attendance_2025: dict | None = None
    requests_2025: int = 0
    current_year: int | None = None
    upcoming: int = 0
    open_for_comments: int = 0
    # The held hearing whose report (what was said, what the municipality did) the demo publishes.
    reported_hearing_pk: int | None = None


def _texts(field: str, values: dict[str, str]) -> dict[str, str]:
    """The field in the default language (Albanian) and in each translation field."""
    if set(values) != set(LANGS):
        raise ValueError(f"{DATA_FILE.name}: {field} needs exactly the languages {LANGS}, not {sorted(values)}.")
    return {field: values["sq"], **{f"{field}_{lang}": values[lang] for lang in LANGS}}


def _moment(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _check_totals(where: str, hearings: int, women: int, men: int, total: int) -> None:
    """Fail loudly (rolling back a load under way) unless the figures are the report's."""
    if (hearings, women, men, total) != (REPORT_HEARINGS, REPORT_WOMEN, REPORT_MEN, REPORT_TOTAL):
        raise ValueError(
            f"{where} no longer match the {REPORT_YEAR} report: {hearings} hearings, {women} women, {men} men, "
            f"{total} in total instead of {REPORT_HEARINGS}, {REPORT_WOMEN}, {REPORT_MEN}, {REPORT_TOTAL}."
        )


ISTOG_LANGUAGES = ("sq", "sr-latn", "sr", "bs", "en")


def load(if_empty: bool = False, today: datetime.date | None = None) -> LoadSummary:
    """Load (or refresh) the Istog demo data in one transaction; with if_empty, only into an empty database."""
    women, men = sum(item.women for item in HEARINGS_2025), sum(item.men for item in HEARINGS_2025)
    _check_totals(f"The hearings in {DATA_FILE.name}", len(HEARINGS_2025), women, men, women + men)
    with transaction.atomic():
        if if_empty and Municipality.objects.exists():
            return LoadSummary(loaded=False)
        # The plain fields (title, name...) hold the default language; write in Albanian.
        with translation.override("sq"):
            data = DATA["municipality"]
            addresses = {field: data[field] for field in ("website", "consultations_url")}
            municipality, _ = Municipality.objects.update_or_create(
                slug=data["slug"],
                # The line above the name, as every Kosovo municipality prints it; no emblem: the demo invents none.
                defaults={
                    **_texts("name", data["name"]),
                    **_texts("state_line", data["state_line"]),
                    **addresses,
                    # Albanian and Serbian are official everywhere; Bosnian is in official use in Istog.
                    "languages": [code for code in ISTOG_LANGUAGES if code in dict(settings.LANGUAGES)],
                    "official_languages": ["sq", "sr-latn"],
                    "default_language": "sq",
                },
            )
            directorates = _load_names(Directorate, municipality, DATA["directorates"])
            places = _load_names(Place, municipality, DATA["places"])
            channels = list(AnnouncementChannel.objects.filter(code__in=DATA["announced_via"]))
            plan = _load_plan(municipality, REPORT_YEAR, DATA["plan_2025"]["texts"])
            hearings = {}
            for item in HEARINGS_2025:
                hearings[item.key] = _save_hearing(
                    plan,
                    channels,
                    item.title,
                    item.topic,
                    _moment(item.day, item.hour),
                    _moment(item.day, item.hour) + datetime.timedelta(hours=item.hours),
                    **_texts("summary", DATA["hearing_summary_2025"]),
                    method=item.method,
                    place=places[item.place] if item.place else None,
                    directorate=directorates[item.directorate],
                    announced_on=item.day - datetime.timedelta(days=ANNOUNCED_DAYS_BEFORE),
                    status=Hearing.Status.HELD,
                    women=item.women,
                    men=item.men,
                )
            saved = Hearing.objects.filter(pk__in=[hearing.pk for hearing in hearings.values()]).held()
            totals = saved.attendance_totals()
            _check_totals("The loaded hearings", saved.count(), totals["women"], totals["men"], totals["total"])
            _load_requests_2025(hearings, directorates)
            current = _load_current_year(municipality, directorates, places, channels, today)
    return _summary(municipality, current, hearings[REPORTED_HEARING].pk)


def _load_names(model: type[Directorate | Place], municipality: Municipality, entries: dict) -> dict:
    """Directorates or places by their key in the data file, each found by its Albanian name."""
    rows = {}
    for key, item in entries.items():
        kind = {"kind": Place.Kind(item["kind"])} if "kind" in item else {}
        rows[key], _ = model.objects.update_or_create(
            municipality=municipality, name_sq=item["name"]["sq"], defaults={**kind, **_texts("name", item["name"])}
        )
    return rows


def _load_plan(municipality: Municipality, year: int, texts: dict[str, dict[str, str]]) -> ConsultationPlan:
    """A published plan for the whole year, with the 2025 plan's settings and the given texts."""
    settings = {key: value for key, value in DATA["plan_2025"].items() if key != "texts"}
    for field, values in texts.items():
        settings.update(_texts(field, values))
    plan, _ = ConsultationPlan.objects.update_or_create(
        municipality=municipality,
        year=year,
        defaults={
            **settings,
            "start_date": datetime.date(year, 1, 1),
            "end_date": datetime.date(year, 12, 31),
            "status": ConsultationPlan.Status.PUBLISHED,
        },
    )
    # The source gives no publication date; the plan's period starts on 1 January, so the demo says it
    # was published then (within the minimum standard's 31 January), not on the day of loading; a plan
    # for a year still ahead was published today.
    published_at = min(_moment(datetime.date(year, 1, 1), 9), timezone.now())
    ConsultationPlan.objects.filter(pk=plan.pk).update(published_at=published_at)
    plan.refresh_from_db(fields=["published_at"])
    return plan


def _save_hearing(
    plan: ConsultationPlan,
    channels: list[AnnouncementChannel],
    title: dict[str, str],
    topic: dict[str, str],
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    **fields,
) -> Hearing:
    """A published hearing found by the slug of its Albanian title, announced on the given channels."""
    hearing, _ = Hearing.objects.update_or_create(
        plan=plan,
        slug=slugify(title["sq"])[:200],
        defaults={
            **_texts("title", title),
            **_texts("topic", topic),
            "starts_at": starts_at,
            "ends_at": ends_at,
            "is_published": True,
            **fields,
        },
    )
    hearing.announced_via.set(channels)
    return hearing


def _load_requests_2025(hearings: dict[str, Hearing], directorates: dict[str, Directorate]) -> None:
    for item in DATA["requests_2025"]:
        hearing = hearings[item["hearing"]]
        answered_via = CitizenRequest.AnswerChannel(item.get("answered_via", ""))
        received_on = timezone.localdate(hearing.starts_at)
        answered_on = received_on + datetime.timedelta(days=item.get("days_to_answer", 0)) if answered_via else None
        emailed = answered_via == CitizenRequest.AnswerChannel.EMAIL
        CitizenRequest.objects.update_or_create(
            hearing=hearing,
            topic=item["topic"],
            defaults={
                "received_via": CitizenRequest.Received.AT_HEARING,
                "received_on": received_on,
                "text": item["text"],
                "status": CitizenRequest.Status(item["status"]),
                "answer": item.get("answer", ""),
                "answered_via": answered_via,
                "answered_on": answered_on,
                "citizen_name": item.get("citizen_name", ""),
                "citizen_email": item.get("citizen_email", ""),
                "is_public": item.get("is_public", False),
                "directorate": directorates.get(item.get("directorate", "")),
                # The demo's emailed answer counts as sent, so saving it in the admin mails no one.
                "answer_emailed_at": _moment(answered_on, 12) if emailed else None,
            },
        )


def _load_demo_plan(municipality: Municipality, year: int) -> ConsultationPlan:
    """An invented plan for a year after 2025, its texts taken from the 2025 plan."""
    data = DATA["current_year"]
    texts = {field: DATA["plan_2025"]["texts"][field] for field in data["texts_from_2025"]}
    texts["purpose"] = {lang: template.format(year=year) for lang, template in data["purpose"].items()}
    return _load_plan(municipality, year, texts)


def _load_current_year(
    municipality: Municipality,
    directorates: dict[str, Directorate],
    places: dict[str, Place],
    channels: list[AnnouncementChannel],
    today: datetime.date | None,
) -> ConsultationPlan | None:
    """The current year's plan with an open written consultation and upcoming hearings.

    An upcoming hearing that falls in the next year (near the end of December) goes into
    the next year's plan, so the demo always has hearings ahead.
    """
    today = today or timezone.localdate()
    if today.year == REPORT_YEAR:
        return None  # the 2025 plan is the current one; its figures stay the report's
    data = DATA["current_year"]
    plans = {today.year: _load_demo_plan(municipality, today.year)}
    for item in data["upcoming"]:
        day = today + datetime.timedelta(days=item["days_ahead"])
        if day.year not in plans:
            plans[day.year] = _load_demo_plan(municipality, day.year)
        _save_hearing(
            plans[day.year],
            channels,
            item["title"],
            item["topic"],
            _moment(day, UPCOMING_HOUR),
            _moment(day, UPCOMING_HOUR) + datetime.timedelta(hours=HEARING_HOURS),
            method=Hearing.Method(item["method"]),
            place=places[item["place"]],
            directorate=directorates[item["directorate"]],
            announced_on=today,
            status=Hearing.Status.PLANNED,
        )
    # The written consultation opened a few days ago and stays open a few weeks, inside this year's plan.
    plan, written = plans[today.year], data["written_consultation"]
    opens = max(today - datetime.timedelta(days=written["opened_days_ago"]), plan.start_date)
    closes = min(today + datetime.timedelta(days=written["open_days_ahead"]), plan.end_date)
    consultation = _save_hearing(
        plan,
        channels,
        written["title"],
        written["topic"],
        _moment(opens, 0),
        _moment(closes, 23, 59),
        method=Hearing.Method.WRITTEN,
        place=None,
        directorate=directorates[written["directorate"]],
        announced_on=opens,
        status=Hearing.Status.PLANNED,
    )
    attach_draft(consultation)  # the draft regulation it invites comments on, as a PDF
    return plan


def _summary(municipality: Municipality, current: ConsultationPlan | None, reported_hearing_pk: int) -> LoadSummary:
    held = Hearing.objects.filter(plan__municipality=municipality).held().in_year(REPORT_YEAR)
    ahead = Hearing.objects.filter(plan__municipality=municipality, plan__year__gte=current.year if current else 0)
    return LoadSummary(
        loaded=True,
        directorates=municipality.directorates.count(),
        places=municipality.places.count(),
        hearings_2025=held.count(),
        attendance_2025=held.attendance_totals(),
        requests_2025=CitizenRequest.objects.filter(hearing__in=held).count(),
        current_year=current.year if current else None,
        upcoming=ahead.published().upcoming().count() if current else 0,
        open_for_comments=ahead.published().open_for_comments().count() if current else 0,
        reported_hearing_pk=reported_hearing_pk,
    )
