"""Demo data: two more municipalities beside Istog, chosen for their languages, every row of them INVENTED.

- Mamusha (data/mamusha.json): Turkish, Albanian and Serbian are official; Turkish is the default language.
- Gračanica (data/gracanica.json): Serb-majority; Serbian in Cyrillic (`sr`) first where the installation
  offers it, else Serbian in the Latin alphabet. Its Serbian texts are written in Latin; /sr/ shows them in
  Cyrillic by transliteration.

Both are marked `illustrative`, so every page and document of theirs says the data is invented
(templates/base.html, templates/print_base.html). Each gets a published plan for last year with held
hearings and their attendance, citizen requests and answers, and a plan for this year with a held
hearing, an upcoming one and a written consultation open now. Dates are relative to today; a hearing
that falls outside this year goes into the plan of its own year.

Loading is idempotent, as for Istog: every row is found by a stable key.
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

DATA_DIR = Path(__file__).resolve().parent / "data"
SLUGS = ("mamusha", "gracanica")

# Invented, as for Istog: two-hour hearings announced a week ahead, upcoming ones at 17:00.
HEARING_HOURS = 2
ANNOUNCED_DAYS_BEFORE = 7
UPCOMING_HOUR = 17
ANNOUNCED_VIA = ("website", "facebook", "local-media")


def data_of(slug: str) -> dict:
    """The data file of one illustrative municipality."""
    return json.loads((DATA_DIR / f"{slug}.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Loaded:
    """What load() left in the database, for the command to print and publish."""

    municipality: Municipality
    last_year: int
    held_last_year: int
    attendance_last_year: dict
    requests: int
    reported_hearing_pk: int


def first_offered(preferences: list[str]) -> str:
    """The first language of the list that the installation offers (sr once it has Serbian in Cyrillic)."""
    offered = dict(settings.LANGUAGES)
    for code in preferences:
        if code in offered:
            return code
    raise ValueError(f"None of {preferences} is in settings.LANGUAGES.")


class _Loader:
    def __init__(self, data: dict, today: datetime.date) -> None:
        self.data = data
        self.today = today
        self.languages = tuple(data["languages"])

    def texts(self, field: str, values: dict[str, str]) -> dict[str, str]:
        """The field in Albanian (the plain field) and in each language the data file writes."""
        if set(values) != set(self.languages):
            raise ValueError(f"{field} needs exactly the languages {self.languages}, not {sorted(values)}.")
        return {field: values["sq"], **{f"{field}_{lang}": values[lang] for lang in self.languages}}

    def load(self) -> Loaded:
        data = self.data["municipality"]
        offered = dict(settings.LANGUAGES)
        self.municipality, _ = Municipality.objects.update_or_create(
            slug=data["slug"],
            defaults={
                **self.texts("name", data["name"]),
                **self.texts("state_line", data["state_line"]),
                "languages": [code for code in data["languages"] if code in offered],
                "official_languages": [code for code in data["official_languages"] if code in offered],
                "default_language": first_offered(data["default_language"]),
                "primary_color": data["primary_color"],
                "illustrative": True,
            },
        )
        self.directorates = self._names(Directorate, self.data["directorates"])
        self.places = self._names(Place, self.data["places"])
        self.channels = list(AnnouncementChannel.objects.filter(code__in=ANNOUNCED_VIA))
        self.plans: dict[int, ConsultationPlan] = {}
        last_year = self.today.year - 1
        hearings = {}
        for item in self.data["held_last_year"]:
            month, day = map(int, item["day"].split("-"))
            hearings[item["key"]] = self._held(item, datetime.date(last_year, month, day))
        for item in self.data["held_this_year"]:
            hearings[item["key"]] = self._held(item, self.today - datetime.timedelta(days=item["days_ago"]))
        for item in self.data["upcoming"]:
            day = self.today + datetime.timedelta(days=item["days_ahead"])
            self._hearing(
                item,
                _moment(day, UPCOMING_HOUR),
                _moment(day, UPCOMING_HOUR + HEARING_HOURS),
                announced_on=self.today,
                status=Hearing.Status.PLANNED,
            )
        self._written_consultation()
        requests = self._requests(hearings)
        held = Hearing.objects.filter(plan__municipality=self.municipality).held().in_year(last_year)
        return Loaded(
            municipality=self.municipality,
            last_year=last_year,
            held_last_year=held.count(),
            attendance_last_year=held.attendance_totals(),
            requests=requests,
            reported_hearing_pk=hearings[self.data["reported_hearing"]].pk,
        )

    def _names(self, model: type[Directorate | Place], entries: dict) -> dict:
        rows = {}
        for key, item in entries.items():
            kind = {"kind": Place.Kind(item["kind"])} if "kind" in item else {}
            rows[key], _ = model.objects.update_or_create(
                municipality=self.municipality,
                name_sq=item["name"]["sq"],
                defaults={**kind, **self.texts("name", item["name"])},
            )
        return rows

    def _plan(self, year: int) -> ConsultationPlan:
        """The year's published plan, made once per load (a hearing's date decides its plan)."""
        if year not in self.plans:
            texts = {}
            for field, values in self.data["plan"]["texts"].items():
                texts.update(self.texts(field, {lang: text.format(year=year) for lang, text in values.items()}))
            plan, _ = ConsultationPlan.objects.update_or_create(
                municipality=self.municipality,
                year=year,
                defaults={
                    **texts,
                    "responsible_officer_name": self.data["plan"]["responsible_officer_name"],
                    "reporting_verbal": True,
                    "reporting_written": True,
                    "methods_verbal": True,
                    "methods_written": True,
                    "start_date": datetime.date(year, 1, 1),
                    "end_date": datetime.date(year, 12, 31),
                    "status": ConsultationPlan.Status.PUBLISHED,
                },
            )
            published_at = min(_moment(datetime.date(year, 1, 1), 9), timezone.now())
            ConsultationPlan.objects.filter(pk=plan.pk).update(published_at=published_at)
            self.plans[year] = plan
        return self.plans[year]

    def _hearing(self, item: dict, starts_at: datetime.datetime, ends_at: datetime.datetime, **fields) -> Hearing:
        plan = self._plan(timezone.localdate(starts_at).year)
        hearing, _ = Hearing.objects.update_or_create(
            plan=plan,
            slug=slugify(item["title"]["sq"])[:200],
            defaults={
                **self.texts("title", item["title"]),
                **self.texts("topic", item["topic"]),
                "starts_at": starts_at,
                "ends_at": ends_at,
                "method": Hearing.Method(item["method"]),
                "place": self.places[item["place"]] if item.get("place") else None,
                "directorate": self.directorates[item["directorate"]],
                "is_published": True,
                **fields,
            },
        )
        hearing.announced_via.set(self.channels)
        return hearing

    def _held(self, item: dict, day: datetime.date) -> Hearing:
        starts_at = _moment(day, item["hour"])
        return self._hearing(
            item,
            starts_at,
            starts_at + datetime.timedelta(hours=HEARING_HOURS),
            **self.texts("summary", self.data["summary"]),
            announced_on=day - datetime.timedelta(days=ANNOUNCED_DAYS_BEFORE),
            status=Hearing.Status.HELD,
            women=item["women"],
            men=item["men"],
        )

    def _written_consultation(self) -> Hearing:
        """Open now, inside this year's plan."""
        item = self.data["written_consultation"]
        year_start, year_end = datetime.date(self.today.year, 1, 1), datetime.date(self.today.year, 12, 31)
        opens = max(self.today - datetime.timedelta(days=item["opened_days_ago"]), year_start)
        closes = min(self.today + datetime.timedelta(days=item["open_days_ahead"]), year_end)
        return self._hearing(
            {**item, "method": Hearing.Method.WRITTEN},
            _moment(opens, 0),
            _moment(closes, 23, 59),
            announced_on=opens,
            status=Hearing.Status.PLANNED,
        )

    def _requests(self, hearings: dict[str, Hearing]) -> int:
        for item in self.data["requests"]:
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
                    "directorate": self.directorates.get(item.get("directorate", "")),
                    # Counted as sent, so that saving it in the admin mails no one.
                    "answer_emailed_at": _moment(answered_on, 12) if emailed else None,
                },
            )
        return len(self.data["requests"])


def _moment(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def load(slug: str, today: datetime.date | None = None) -> Loaded:
    """Load (or refresh) one illustrative municipality in one transaction; the plain fields hold Albanian."""
    with transaction.atomic(), translation.override("sq"):
        return _Loader(data_of(slug), today or timezone.localdate()).load()
