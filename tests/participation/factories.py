"""Factories for participation: written consultations open now, comments and subscribers."""

import datetime
import time

import factory
from django.utils import timezone

from consultations.models import Hearing
from participation.abuse import SUBSCRIBE_FORM, issue_form_token
from participation.models import Comment, Subscriber
from tests.factories import HearingFactory, PlanFactory


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

    hearing = factory.SubFactory(WrittenConsultationFactory)
    name = "Arta Berisha"
    show_name = False
    email = "arta@example.org"
    body = "Propozoj që parku të ketë më shumë ndriçim."
    consent = True
    language = "sq"


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A subscriber who confirmed the address."""

    class Meta:
        model = Subscriber

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
