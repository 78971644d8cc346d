"""The benchmark's data: N municipalities of M hearings each, and the pages measured (scripts/benchmark.py).

With one municipality (the default) every host serves it, as on an installation for one municipality.
With several, each has its own domain, <slug>.localhost (requests name it in Host), and the main
domain, SITE_URL's host (127.0.0.1), serves the national view; Istog's pages are the ones measured.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

# The municipality whose pages are measured, and the host that serves it (several municipalities).
MEASURED_SLUG = "istog"
MAIN_HOST = "127.0.0.1"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    host: str = ""  # the Host header; empty: the address's own (127.0.0.1)


def model(name: str):
    """A model by class name, wherever the layout of the apps puts it (CitizenRequest moves to register)."""
    from django.apps import apps

    return next(model for model in apps.get_models() if model.__name__ == name)


def _municipalities(count: int) -> list:
    from municipalities.models import Municipality

    if count == 1:  # as before domains: the only municipality is served on every host
        return [Municipality.objects.create(name="Komuna e Istogut", slug="istog", name_sr_latn="Opština Istok")]
    # One by one, through save(): it fills the defaults the database's constraints check.
    municipalities = [
        Municipality.objects.create(
            name="Komuna e Istogut", slug=MEASURED_SLUG, name_sr_latn="Opština Istok", domain="istog.localhost"
        )
    ]
    for n in range(2, count + 1):
        slug = f"komuna-{n:02d}"
        municipality = Municipality.objects.create(name=f"Komuna {n:02d}", slug=slug, domain=f"{slug}.localhost")
        municipalities.append(municipality)
    return municipalities


def generate(hearing_count: int, municipality_count: int = 1) -> dict:
    """`municipality_count` municipalities, each with a published plan for each of three years, `hearing_count`
    hearings spread over them, requests for half of them; Istog's provisional report PDF rendered."""
    from django.utils import timezone

    from consultations.models import AnnouncementChannel, ConsultationPlan, Directorate, Hearing, Place
    from municipalities.scoping import every_municipality

    citizen_request = model("CitizenRequest")
    rng = random.Random(2025)  # noqa: S311 - made-up data, not secrets
    this_year = timezone.localdate().year
    years = (this_year - 2, this_year - 1, this_year)
    now = timezone.now()
    statuses = [Hearing.Status.HELD] * 8 + [Hearing.Status.PLANNED, Hearing.Status.CANCELLED]
    with every_municipality("the benchmark generates every municipality's data"):
        municipalities = _municipalities(municipality_count)
        channels = list(AnnouncementChannel.objects.all())
        sample = written = None
        for municipality in municipalities:
            directorates = Directorate.objects.bulk_create(
                Directorate(municipality=municipality, name=f"Drejtoria {n}") for n in range(6)
            )
            places = Place.objects.bulk_create(
                Place(municipality=municipality, name=f"Bashkësia lokale {n}", kind=Place.Kind.LOCAL_COMMUNITY)
                for n in range(30)
            )
            plans = {
                year: ConsultationPlan.objects.create(
                    municipality=municipality,
                    year=year,
                    start_date=datetime.date(year, 1, 1),
                    end_date=datetime.date(year, 12, 31),
                    responsible_officer_name="Zyrtari Përgjegjës",
                    status=ConsultationPlan.Status.PUBLISHED,
                )
                for year in years
            }
            hearings = []
            for n in range(hearing_count):
                year = years[n % len(years)]
                status = rng.choice(statuses)
                method = rng.choice([Hearing.Method.HEARING, Hearing.Method.CITIZENS, Hearing.Method.ONLINE])
                starts = timezone.make_aware(datetime.datetime(year, 1, 1, 10)) + datetime.timedelta(
                    days=rng.randrange(360)
                )
                held = status == Hearing.Status.HELD
                hearings.append(
                    Hearing(
                        plan=plans[year],
                        title=f"Dëgjim publik {n}",
                        title_sq=f"Dëgjim publik {n}",
                        title_sr_latn=f"Javna rasprava {n}",
                        topic_sq="Buxheti komunal",
                        topic_sr_latn="Opštinski budžet",
                        search_text_sq=f"degjim publik {n} buxheti komunal",
                        slug=f"degjim-publik-{n}",
                        directorate=rng.choice(directorates),
                        method=method,
                        starts_at=starts,
                        ends_at=starts + datetime.timedelta(hours=2),
                        place=None if method == Hearing.Method.ONLINE else rng.choice(places),
                        status=status,
                        women=rng.randrange(12) if held else None,
                        men=rng.randrange(40) if held else None,
                        is_published=True,
                        published_at=now,
                    )
                )
            hearings = Hearing.objects.bulk_create(hearings, batch_size=500)
            # The consultation the load scenario comments on: written and open now.
            open_now = Hearing.objects.create(
                plan=plans[this_year],
                title="Konsultim me shkrim për buxhetin",
                title_sr_latn="Pismena konsultacija o budžetu",
                topic="Buxheti komunal",
                topic_sr_latn="Opštinski budžet",
                method=Hearing.Method.WRITTEN,
                starts_at=now - datetime.timedelta(days=1),
                ends_at=now + datetime.timedelta(days=20),
                status=Hearing.Status.PLANNED,
                is_published=True,
            )
            through = Hearing.announced_via.through
            through.objects.bulk_create(
                (
                    through(hearing_id=hearing.pk, announcementchannel_id=channel.pk)
                    for hearing in hearings
                    for channel in rng.sample(channels, rng.randrange(1, 4))
                ),
                batch_size=1000,
            )
            requests = [
                citizen_request(
                    hearing=hearing,
                    municipality=municipality,
                    received_on=timezone.localdate(hearing.starts_at),
                    topic="Ndriçimi publik",
                    text="Kërkojmë ndriçim në rrugën kryesore.",
                    status=citizen_request.Status.ANSWERED,
                    answered_via=citizen_request.AnswerChannel.ON_THE_SPOT,
                    answered_on=timezone.localdate(hearing.starts_at),
                    answer="Përgjigja e komunës.",
                )
                for hearing in hearings[: hearing_count // 2]
            ]
            citizen_request.objects.bulk_create(requests, batch_size=500)
            if municipality.slug == MEASURED_SLUG:
                sample, written, measured = hearings[0], open_now, municipality
        count = Hearing.objects.count()
        measured_count = Hearing.objects.filter(plan__municipality=measured).count()
    # The provisional report PDF is rendered by the task worker, never in a request: its copy, as the worker makes it.
    from reports.provisional import render_provisional_report

    render_provisional_report.call(measured.pk, years[1])
    return {
        "year": years[1],
        "hearing": sample,
        "written": written,
        "count": count,
        "measured_count": measured_count,
        "municipalities": len(municipalities),
        # Istog's host when the installation has several (the main domain is the platform's), else any.
        "host": "" if len(municipalities) == 1 else measured.domain,
    }


def pages(data: dict) -> list[Page]:
    """The pages measured, with their addresses in the generated data; the national view with several."""
    year, hearing, host = data["year"], data["hearing"], data["host"]
    last_page = (data["measured_count"] + 19) // 20
    municipal = [
        ("home", "/sq/"),
        ("list", "/sq/konsultimet/"),
        ("list, deepest page", f"/sq/konsultimet/?page={last_page}"),
        ("list, filtered", f"/sq/konsultimet/?year={year}&method=hearing"),
        ("hearing page", f"/sq/konsultimet/{hearing.pk}/{hearing.slug}/"),
        ("plan page", f"/sq/plani/{year}/"),
        ("report index", "/sq/raportet/"),
        ("report page", f"/sq/raportet/{year}/"),
        ("report PDF", f"/sq/raportet/{year}/pdf/"),
        ("calendar", "/konsultimet.ics"),
        ("year calendar", f"/konsultimet-{year}.ics"),
        ("CSV of a year", f"/opendata/hearings-{year}.csv"),
        ("JSON of a year", f"/opendata/hearings-{year}.json"),
        ("data package of a year", f"/opendata/datapackage-{year}.json"),
        ("open data catalogue", "/opendata/catalog.jsonld"),
        ("RSS feed", "/sq/feeds/rss/"),
        ("open data page", "/sq/opendata/"),
    ]
    # The yardstick on the main domain when there are several municipalities (any host serves the only one).
    bare = Page("bare view", "/bare/", MAIN_HOST if data["municipalities"] > 1 else "")
    measured = [bare, *(Page(name, path, host) for name, path in municipal)]
    if data["municipalities"] > 1:
        measured += [
            Page("national page", f"/sq/kombetare/{year}/", MAIN_HOST),
            Page("national, sorted", f"/sq/kombetare/{year}/?sort=-women", MAIN_HOST),
            Page("national report", f"/sq/kombetare/{year}/raporti/", MAIN_HOST),
            Page("national indicators", f"/opendata/national-indicators-{year}.csv", MAIN_HOST),
        ]
    return measured
