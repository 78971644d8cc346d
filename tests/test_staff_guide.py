"""The staff guide, Albanian first: every name it quotes in «» is what the admin shows in that language."""

from __future__ import annotations

import html
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from compliance.models import Rule
from tests import factories

GUIDES = {
    "sq": "staff-guide.sq.md",
    "sr-latn": "staff-guide.sr-latn.md",
    "bs": "staff-guide.bs.md",
    "en": "staff-guide.en.md",
    "tr": "staff-guide.tr.md",
}
DOCS = settings.BASE_DIR / "docs"


def quoted_names(lang: str) -> list[str]:
    return re.findall(r"«([^»]+)»", (DOCS / GUIDES[lang]).read_text())


def page_text(content: bytes) -> str:
    """What a page says, tags removed, whitespace collapsed, case folded (the admin upper-cases some headings)."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", content.decode(), flags=re.DOTALL)
    # A submit button's label is its value.
    text = re.sub(r'<input\b[^>]*\btype="submit"[^>]*\bvalue="([^"]*)"[^>]*>', r" \1 ", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(html.unescape(text).split()).casefold()


@pytest.fixture
def staff_pages(client, db) -> dict[str, list[str]]:
    """The admin and staff pages the guide describes, as the consultation officer sees them."""
    year = timezone.localdate().year
    plan = factories.PlanFactory(year=year)
    held = factories.HearingFactory(plan=plan, starts_at=timezone.now() - timezone.timedelta(days=3))
    written = factories.WrittenConsultationFactory(plan=plan)
    comment = factories.CommentFactory(hearing=written)
    Rule.objects.filter(pk=Rule.objects.order_by("pk").values("pk")[:1]).update(enabled=False)
    citizen_request = factories.CitizenRequestFactory(hearing=held)
    colleague = factories.data_entry_user(username="hyrja")
    client.force_login(factories.officer_user(username="zyrtari"))
    anonymous = client.__class__()

    def admin(name: str, *args) -> str:
        return reverse(f"admin:{name}", args=args)

    pages = {}
    for lang in GUIDES:
        with translation.override(lang):
            paths = [
                admin("index"),
                admin("consultations_hearing_changelist"),
                admin("consultations_hearing_change", held.pk),
                admin("consultations_consultationplan_changelist"),
                admin("consultations_consultationplan_change", plan.pk),
                admin("participation_comment_changelist"),
                admin("participation_comment_change", comment.pk),
                admin("register_citizenrequest_changelist"),
                admin("register_citizenrequest_change", citizen_request.pk),
                admin("auth_user_change", colleague.pk),
                admin("compliance_rule_changelist"),
                admin("axes_accessattempt_changelist"),
                reverse("staff:overview"),
                reverse("outcomes:staff-report", args=[held.pk]),
                reverse("compliance:compliance-year", args=[year]),
            ]
            texts = []
            for path in paths:
                response = client.get(path)
                assert response.status_code == 200, path
                texts.append(page_text(response.content))
            response = anonymous.get(admin("login"))
            texts.append(page_text(response.content))
            pages[lang] = texts
    return pages


@pytest.mark.parametrize("lang", GUIDES)
def test_the_guide_quotes_the_admins_own_names_in_its_language(staff_pages, lang):
    names = quoted_names(lang)
    assert len(names) > 20, "the guide quotes the admin's menus, buttons and actions in «»"
    missing = [
        name for name in names if not any(" ".join(name.split()).casefold() in text for text in staff_pages[lang])
    ]
    assert missing == [], missing


def test_the_guide_comes_in_albanian_first_and_the_old_english_only_guide_is_gone():
    assert (DOCS / "staff-guide.md").exists() is False
    readme = (settings.BASE_DIR / "README.md").read_text()
    links = re.findall(r"docs/(staff-guide\.[a-z-]+\.md)", readme)
    assert list(dict.fromkeys(links))[: len(GUIDES)] == list(GUIDES.values())
    for lang, guide in GUIDES.items():
        text = (DOCS / guide).read_text()
        for other in GUIDES.values():
            assert other == guide or other in text, f"{guide} does not link to {other}"
        for shot in ("admin-home", "consultation", "comments"):
            image = f"img/staff-{lang}-{shot}.png"
            assert image in text and (DOCS / image).exists(), f"{guide} lacks {image}"


@pytest.mark.parametrize("lang", ["sr-latn", "bs", "en", "tr"])
def test_no_admin_menu_falls_back_to_albanian(lang):
    from django.contrib import admin

    def menu_names(language: str) -> list[str]:
        with translation.override(language):
            apps = {model._meta.app_config for model in admin.site._registry}
            return sorted(str(app.verbose_name) for app in apps)

    albanian, english = set(menu_names("sq")), set(menu_names("en"))
    assert [name for name in menu_names(lang) if name in albanian and name not in english] == []
