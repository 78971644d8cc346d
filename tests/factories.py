"""Factories for the domain: objects built in code, registered as fixtures in conftest.py."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from consultations import roles
from consultations.models import (
    AnnouncementChannel,
    CitizenRequest,
    ConsultationPlan,
    Directorate,
    Hearing,
    Municipality,
    Place,
)


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("slug",)

    name = "Komuna e Testit"
    slug = "test"
    website = "https://example.org/"
    consultations_url = "https://example.org/konsultimet/"


class DirectorateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directorate

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Drejtoria {n}")


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Bashkësia lokale {n}")
    kind = Place.Kind.LOCAL_COMMUNITY


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultationPlan
        django_get_or_create = ("municipality", "year")

    municipality = factory.SubFactory(MunicipalityFactory)
    year = 2025
    start_date = factory.LazyAttribute(lambda plan: datetime.date(plan.year, 1, 1))
    end_date = factory.LazyAttribute(lambda plan: datetime.date(plan.year, 12, 31))
    responsible_officer_name = "Zyrtari Përgjegjës"
    purpose = "Konsultimet publike"
    participants = "Qytetarët\nOJQ-të"
    status = ConsultationPlan.Status.PUBLISHED


def _moment(year: int, month: int, day: int, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


class HearingFactory(factory.django.DjangoModelFactory):
    """A held, published public hearing in the plan's year with some attendance."""

    class Meta:
        model = Hearing
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Dëgjim publik {n}")
    title_sr_latn = factory.Sequence(lambda n: f"Javna rasprava {n}")
    topic = "Buxheti komunal"
    topic_sr_latn = "Opštinski budžet"
    method = Hearing.Method.HEARING
    starts_at = factory.LazyAttribute(lambda h: _moment(h.plan.year, 3, 10, 10))
    ends_at = factory.LazyAttribute(lambda h: h.starts_at + datetime.timedelta(hours=2))
    place = factory.SubFactory(PlaceFactory, municipality=factory.SelfAttribute("..plan.municipality"))
    status = Hearing.Status.HELD
    is_published = True
    women = 3
    men = 4

    class Params:
        upcoming = factory.Trait(
            status=Hearing.Status.PLANNED,
            women=None,
            men=None,
            starts_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7)),
            plan=factory.SubFactory(PlanFactory, year=factory.LazyFunction(lambda: timezone.localdate().year)),
        )

    @factory.post_generation
    def announced_via(self, create, extracted, **kwargs):
        if create and extracted:
            self.announced_via.set(extracted)


class CitizenRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CitizenRequest

    hearing = factory.SubFactory(HearingFactory)
    received_on = factory.LazyAttribute(lambda r: timezone.localdate(r.hearing.starts_at) if r.hearing else None)
    topic = "Ndriçimi publik"
    text = "Kërkojmë ndriçim në rrugën kryesore."


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery-staple")
    is_staff = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))


def channel(code: str) -> AnnouncementChannel:
    """One of the announcement channels the migration creates."""
    return AnnouncementChannel.objects.get(code=code)


def data_entry_user(**kwargs):
    return UserFactory(groups=[roles.DATA_ENTRY], **kwargs)


def publisher_user(**kwargs):
    """A staff account in "Data entry and publishing"."""
    return UserFactory(groups=[roles.DATA_ENTRY_AND_PUBLISHING], **kwargs)


def officer_user(**kwargs):
    return UserFactory(groups=[roles.OFFICER], **kwargs)
