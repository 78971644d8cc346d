"""Factories for the domain: objects built in code, registered as fixtures in conftest.py."""

import datetime
import time

import factory
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from consultations.models import (
    AnnouncementChannel,
    ConsultationPlan,
    Directorate,
    Hearing,
    HearingDocument,
    Place,
)
from municipalities import roles
from municipalities.models import Membership, Municipality
from notifications.models import Subscriber
from participation.abuse import SUBSCRIBE_FORM, issue_form_token
from participation.models import Comment
from register.models import CitizenRequest


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("slug",)

    name = "Komuna e Testit"
    slug = "test"
    website = "https://example.org/"
    consultations_url = "https://example.org/konsultimet/"
    # As an installation from before languages were data: every language offered.
    languages = factory.LazyFunction(lambda: [code for code, _name in settings.LANGUAGES])


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
            if Group.objects.filter(name__in=extracted).count() < len(set(extracted)):
                # A transactional test before this one flushed the tables the migrations filled.
                roles.sync_groups(django_apps)
            self.groups.set(Group.objects.filter(name__in=extracted))
            give_memberships(self)


# The strongest first: an account put in several roles' groups holds the strongest in a municipality.
_ROLE_ORDER = (roles.OFFICER, roles.DATA_ENTRY_AND_PUBLISHING, roles.DATA_ENTRY)


def give_memberships(user, municipalities=None) -> None:
    """A role is held in a municipality (Membership): a test account made with a role's group gets that role
    in every municipality there is (and, through tests/conftest.py, in each made after it). A test of two
    municipalities gives its accounts their memberships itself (tests/municipalities/)."""
    held = set(user.groups.values_list("name", flat=True))
    role = next((role for role in _ROLE_ORDER if role in held), None)
    if role is None:
        return
    for municipality in municipalities if municipalities is not None else Municipality.objects.all():
        Membership.objects.get_or_create(user=user, municipality=municipality, defaults={"role": role})


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


class HearingDocumentFactory(factory.django.DjangoModelFactory):
    """A small PDF attached to a published hearing."""

    class Meta:
        model = HearingDocument

    hearing = factory.SubFactory(HearingFactory)
    title = "Projektbuxheti 2026"
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4\n% test document\n", name="projektbuxheti.pdf"))


class WrittenConsultationFactory(HearingFactory):
    """A published written consultation whose comment period is open now."""

    plan = factory.SubFactory(PlanFactory, year=factory.LazyFunction(lambda: timezone.localdate().year))
    method = Hearing.Method.WRITTEN
    status = Hearing.Status.PLANNED
    women = None
    men = None
    place = None
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    ends_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment
        skip_postgeneration_save = True

    hearing = factory.SubFactory(WrittenConsultationFactory)
    name = "Arta Berisha"
    show_name = False
    email = "arta@example.org"
    body = "Propozoj që parku të ketë më shumë ndriçim."
    consent = True
    language = "sq"

    @factory.post_generation
    def _request_follows(self, create, extracted, **kwargs):
        """A linked request as the workflow leaves it: in the comment's language, withheld if the comment is hidden."""
        if create and self.request_id:
            hidden = self.status in Comment.HIDDEN_STATUSES
            changes = {"language": self.language or "sq", "withheld": hidden}
            if hidden:
                changes["is_public"] = False
            CitizenRequest.objects.filter(pk=self.request_id).update(**changes)


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A subscriber who confirmed the address."""

    class Meta:
        model = Subscriber

    municipality = factory.SubFactory(MunicipalityFactory)
    email = factory.Sequence(lambda n: f"abonenti{n}@example.org")
    language = "sq"
    confirmed_at = factory.LazyFunction(timezone.now)


def comment_post_data(hearing: Hearing, seconds_ago: float = 60, **overrides) -> dict:
    """What the comment form posts when a person filled it in `seconds_ago` seconds after it was shown."""
    data = {
        "body": "Rruga e shkollës ka nevojë për trotuar.",
        "name": "Arta Berisha",
        "show_name": "on",
        "email": "arta@example.org",
        "local_community": "",
        "consent": "on",
        "website": "",
        "form_started": issue_form_token(hearing.pk, time.time() - seconds_ago),
    }
    data.update(overrides)
    return data


def subscribe_post_data(email: str = "qytetari@example.org", seconds_ago: float = 60, **overrides) -> dict:
    """What the subscription form posts when a person filled it in `seconds_ago` seconds after it was shown."""
    data = {
        "email": email,
        "consent": "on",
        "website": "",
        "form_started": issue_form_token(SUBSCRIBE_FORM, time.time() - seconds_ago),
    }
    data.update(overrides)
    return data
