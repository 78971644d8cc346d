"""What the national view reads of each municipality, read for many at once and cached one by one.

`cached_inputs` gives each municipality's `Inputs` (its published plans and annual reports, the live
counts, comments, days to answer and checked standards) from the cache under its content version and
the day; those missing are read together by `read_inputs`, in a fixed number of queries however many
municipalities there are. national/figures.py turns them into the rows the pages show.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Coalesce

from compliance.rules import check_years
from consultations.models import ConsultationPlan, Hearing
from municipalities.models import Municipality
from participation.models import Comment
from register.models import CitizenRequest
from reports.models import PublishedReport
from reports.summary import MEETING_METHODS
from web.pagecache import content_versions

# A municipality's inputs are kept this long at most (the key holds its content version and the day):
# two days, since the worker reads tomorrow's the day before (warm_national_view).
INPUTS_SECONDS = 2 * 24 * 3600


_SNAPSHOT_FIGURES = (
    "consultations_held",
    "women",
    "men",
    "meetings_held",
    "meetings_required",
    "requests_received",
    "answers",
    "standards",
)


@dataclass(frozen=True)
class Inputs:
    """What the national view reads of one municipality for a year: its published plans and reports of
    that year and the years before (for the trend), the live counts, and its checked standards. Plain
    data, cached under the municipality's content version: an edit there re-reads that municipality alone."""

    plans: dict[int, datetime.datetime | None]  # year of a published plan: when it was published
    published: dict[int, dict]  # year: the latest published annual report's number, date and frozen figures
    held: dict[int, dict]  # year: consultations held, public meetings among them, women and men
    requests: dict[int, dict]  # year: requests received and answered
    comments: int  # published comments on the consultations of the year's plan
    waited: tuple[int, ...]  # days each request received in the year waited for its answer
    standards: tuple[tuple[str, str], ...]  # (rule code, status), checked for the year


def _published(pks: list[int], years: list[int]) -> dict[tuple[int, int], dict]:
    """The latest published version of each (municipality, year): its number, date and frozen figures."""
    language = settings.LANGUAGE_CODE  # the figures are the same in every language; the labels are not needed
    values = PublishedReport.objects.filter(municipality__in=pks, year__in=years).values(
        "municipality",
        "year",
        "version",
        "published_at",
        **{name: _key(language, name) for name in _SNAPSHOT_FIGURES},
    )
    latest: dict[tuple[int, int], dict] = {}
    for row in values.order_by("municipality", "year", "version"):
        latest[row["municipality"], row["year"]] = row  # the last of a year is its newest
    return latest


def _key(language: str, name: str) -> KeyTransform:
    return KeyTransform(name, KeyTransform(language, "snapshot"))


def _held(plans: dict[int, tuple[int, int]]) -> dict[tuple[int, int], dict]:
    """Held consultations of these published plans (as reports.summary counts them), by municipality and
    year; grouped by plan, which the hearings hold themselves (`plans`: plan pk to municipality and year)."""
    rows = (
        Hearing.objects.held()
        .filter(plan__in=list(plans))
        .values("plan")
        .annotate(
            held=Count("pk"),
            meetings=Count("pk", filter=Q(method__in=MEETING_METHODS)),
            women=Coalesce(Sum("women"), 0),
            men=Coalesce(Sum("men"), 0),
        )
        .order_by()
    )
    return {plans[row["plan"]]: row for row in rows}


def _requests(pks: list[int], years: list[int]) -> dict[tuple[int, int], dict]:
    """Citizens' requests received in the years (as reports.summary counts them), by municipality and year:
    one column pair per year rather than the year extracted from every row."""
    counts = {}
    for year in years:
        received = Q(received_on__year=year)  # a range of dates in SQL, not a year per row
        counts[f"received_{year}"] = Count("pk", filter=received)
        counts[f"answered_{year}"] = Count("pk", filter=received & ~Q(answered_via=""))
    rows = (
        CitizenRequest.objects.filter(
            municipality__in=pks, received_on__year__gte=min(years), received_on__year__lte=max(years)
        )
        .values("municipality")
        .annotate(**counts)
        .order_by()
    )
    return {
        (row["municipality"], year): {"received": row[f"received_{year}"], "answered": row[f"answered_{year}"]}
        for row in rows
        for year in years
    }


def _answer_days(pks: list[int], year: int) -> dict[int, list[int]]:
    """Days each request received in the year waited for its answer, by municipality."""
    waited: dict[int, list[int]] = {}
    answered = (
        CitizenRequest.objects.filter(municipality__in=pks, answered_on__isnull=False)
        .in_year(year)
        .values_list("municipality", "received_on", "answered_on")
        .order_by()
    )
    for municipality, received_on, answered_on in answered:
        waited.setdefault(municipality, []).append((answered_on - received_on).days)
    return waited


def _comments(pks: list[int], year: int) -> dict[int, int]:
    """Published comments on the consultations of the year's plans, by municipality."""
    rows = (
        Comment.objects.filter(
            hearing__plan__municipality__in=pks, hearing__plan__year=year, status=Comment.Status.PUBLISHED
        )
        .values("hearing__plan__municipality")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["hearing__plan__municipality"]: row["n"] for row in rows}


def read_inputs(municipalities: list[Municipality], year: int, today: datetime.date) -> dict[int, Inputs]:
    """The inputs of these municipalities, by pk, in a fixed number of queries however many they are."""
    pks = [municipality.pk for municipality in municipalities]
    plans = {
        plan.pk: (plan.municipality_id, plan.year, plan.published_at)
        for plan in ConsultationPlan.objects.published()
        .filter(municipality__in=pks, year__lte=year)
        .only("pk", "municipality", "year", "published_at")
        .order_by()
    }
    years = sorted({plan_year for _municipality, plan_year, _published_at in plans.values()} | {year})
    published = _published(pks, years)
    held = _held({pk: (municipality, plan_year) for pk, (municipality, plan_year, _at) in plans.items()})
    requests = _requests(pks, years)
    comments = _comments(pks, year)
    waited = _answer_days(pks, year)
    checked = check_years(municipalities, year, today)

    def by_year(found: dict[tuple[int, int], dict], pk: int) -> dict[int, dict]:
        return {item_year: row for (municipality, item_year), row in found.items() if municipality == pk}

    return {
        pk: Inputs(
            plans={plan_year: at for municipality, plan_year, at in plans.values() if municipality == pk},
            published=by_year(published, pk),
            held=by_year(held, pk),
            requests=by_year(requests, pk),
            comments=comments.get(pk, 0),
            waited=tuple(waited.get(pk, ())),
            standards=tuple((result.code, result.status) for result in checked[pk]),
        )
        for pk in pks
    }


def cached_inputs(municipalities: list[Municipality], year: int, today: datetime.date) -> dict[int, Inputs]:
    """Each municipality's inputs, by pk, cached under its own content version and the day (the standards
    depend on it); those the cache lacks are read together."""
    versions = content_versions(municipality.slug for municipality in municipalities)
    keys = {
        municipality.pk: f"national:inputs:{municipality.pk}:{year}:{today}:{versions[municipality.slug]}"
        for municipality in municipalities
    }
    found = cache.get_many(list(keys.values()))
    inputs = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [municipality for municipality in municipalities if municipality.pk not in inputs]
    if missing:
        fresh = read_inputs(missing, year, today)
        cache.set_many({keys[pk]: item for pk, item in fresh.items()}, timeout=INPUTS_SECONDS)
        inputs.update(fresh)
    return inputs
