"""Text in another language than the page's carries its own `lang`: the laws' titles (Albanian),
citizens' requests and the answers (their own language), published comments."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from compliance.models import Rule
from register.models import CitizenRequest
from tests.factories import CitizenRequestFactory, CommentFactory, HearingFactory

pytestmark = pytest.mark.django_db


def marked(html: str, text: str) -> str | None:
    """The lang attribute of the element that directly holds the text (None without one)."""
    match = re.search(r"<(\w+)([^>]*)>\s*" + re.escape(text), html)
    assert match, f"{text!r} is not on the page"
    lang = re.search(r'\blang="([^"]+)"', match.group(2))
    return lang.group(1) if lang else None


@pytest.mark.parametrize(("language", "expected"), [("sr-latn", "sq"), ("en", "sq"), ("sq", None)])
def test_the_laws_titles_are_marked_albanian_on_the_report_and_the_compliance_page(
    client, plan, officer, language, expected
):
    HearingFactory(plan=plan, women=3, men=4)
    source = Rule.objects.filter(municipality=plan.municipality).first().legal_source
    client.force_login(officer)
    with translation.override(language):
        compliance = reverse("compliance:compliance-year", args=[2025])

    assert marked(client.get(f"/{language}/raportet/2025/").content.decode(), source) == expected
    assert marked(client.get(compliance).content.decode(), source) == expected


def _answered(hearing, language: str, text: str) -> CitizenRequest:
    return CitizenRequestFactory(
        hearing=hearing,
        text=text,
        language=language,
        is_public=True,
        status=CitizenRequest.Status.ACCEPTED,
        answered_via=CitizenRequest.AnswerChannel.ONLINE,
        answered_on=hearing.starts_at.date(),
        answer=f"Answer to {text}",
    )


def test_a_request_and_its_answer_carry_their_own_language_on_a_page_in_another(client, hearing):
    _answered(hearing, "sq", "Kërkojmë ndriçim.")
    _answered(hearing, "sr-latn", "Tražimo rasvetu.")
    _answered(hearing, "", "Pa gjuhë.")

    serbian = client.get(f"/sr-latn/konsultimet/{hearing.pk}/").content.decode()
    albanian = client.get(f"/sq/konsultimet/{hearing.pk}/").content.decode()

    assert marked(serbian, "Kërkojmë ndriçim.") == "sq"
    assert marked(serbian, "Answer to Kërkojmë ndriçim.") == "sq"
    assert marked(serbian, "Tražimo rasvetu.") is None
    assert marked(serbian, "Pa gjuhë.") == "sq"  # unknown: the portal's default content language
    assert marked(albanian, "Tražimo rasvetu.") == "sr-latn"
    assert marked(albanian, "Answer to Tražimo rasvetu.") == "sr-latn"
    assert marked(albanian, "Kërkojmë ndriçim.") is None


def test_a_published_comment_carries_its_language(client, written):
    from participation.models import Comment

    CommentFactory(hearing=written, body="Propozoj më shumë ndriçim.", language="sq", status=Comment.Status.PUBLISHED)

    serbian = client.get(f"/sr-latn/konsultimet/{written.pk}/").content.decode()

    assert marked(serbian, "<p>Propozoj më shumë ndriçim.") == "sq"
