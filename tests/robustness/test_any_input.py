"""No 500 for any input: generated strings in every public URL parameter, path segment and form field.

Hypothesis sends NUL, lone surrogates (percent-encoded as a browser would send their UTF-8 form),
very long text, bidirectional controls, Unicode digits and invalid percent-encodings. Each answer
must be below 500, and a refused form must create no comment or subscription.

The public addresses, their parameters and the forms' fields are listed below (PATHS, QUERY,
COMMENT_FIELDS, SUBSCRIBE_FIELDS); `test_the_lists_cover_every_public_url` fails when a new public
URL is added without being listed here. Bounded: about 350 examples in all, no deadline.
"""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notifications.models import Subscriber
from participation.models import Comment
from tests import factories
from tests.factories import WrittenConsultationFactory, comment_post_data, subscribe_post_data

pytestmark = pytest.mark.django_db

# {s} is where the generated segment goes; {pk} a real hearing's pk; {lang} a language prefix.
PATHS = {
    "root": "/{s}",
    "language-prefix": "/{s}/",
    "consultations:home": "/sq/{s}",
    "consultations:hearing-list": "/sq/konsultimet/{s}",
    "consultations:hearing-detail": "/sq/konsultimet/{s}/",
    "consultations:hearing-detail-slug": "/sq/konsultimet/{pk}/{s}/",
    "consultations:document-download": "/sq/dokumentet/{s}/",
    "consultations:plan-index": "/sq/plani/{s}",
    "consultations:plan-detail": "/sq/plani/{s}/",
    "reports:report-index": "/sq/raportet/{s}",
    "reports:annual-report": "/sq/raportet/{s}/",
    "reports:annual-report-pdf": "/sq/raportet/{s}/pdf/",
    "opendata-pages:opendata": "/sq/opendata/{s}",
    "opendata-pages:feed-rss": "/sq/feeds/rss/{s}",
    "opendata-pages:feed-atom": "/sq/feeds/atom/{s}",
    "opendata:calendar": "/konsultimet.ics{s}",
    "opendata:hearing-calendar": "/konsultimet/{s}.ics",
    "opendata:hearings-csv": "/opendata/hearings-{s}.csv",
    "opendata:hearings-json": "/opendata/hearings-{s}.json",
    "opendata:plan-json": "/opendata/plan-{s}.json",
    "opendata:datapackage": "/opendata/datapackage-{s}.json",
    "opendata:catalog": "/opendata/catalog.jsonld{s}",
    "opendata:robots": "/robots.txt{s}",
    "opendata:sitemap": "/sitemap.xml{s}",
    "participation:comment-submit": "/sq/komento/{s}/",
    "participation:comment-received": "/sq/komenti/pranuar/{s}",
    "participation:subscribe": "/sq/abonohu/{s}",
    "participation:subscribe-sent": "/sq/abonohu/derguar/{s}",
    "notifications:subscription-confirm": "/sq/abonohu/konfirmo/{s}/",
    "notifications:unsubscribe": "/sq/abonohu/cregjistrohu/{s}/",
    "set_language": "/i18n/setlang/{s}",
    "favicon": "/favicon.ico{s}",
    "admin_password_reset": "/sq/admin/password_reset/{s}",
    "password_reset_confirm": "/sq/admin/reset/{s}/{s}/",
    "municipality-css": "/municipality.css{s}",
    "municipality-emblem": "/municipality-emblem{s}",
    "opendata:calendar-year": "/konsultimet-{s}.ics",
    "operations:healthz": "/healthz/{s}",
    "reports:verify": "/sq/raportet/verifiko/{s}",
    "reports:versions-json": "/sq/raportet/{s}/versionet.json",
    "reports:annual-report-version-pdf": "/sq/raportet/2025/v{s}/pdf/",
    "compliance:compliance-year": "/sq/stafi/pajtueshmeria/{s}/",
    "papers:notice": "/sq/konsultimet/{s}/njoftimi.pdf",
    "papers:attendance-sheet": "/sq/stafi/konsultimet/{s}/lista-e-pjesemarresve.pdf",
    "papers:minutes": "/sq/stafi/konsultimet/{s}/procesverbali.pdf",
    "outcomes:report-pdf": "/sq/konsultimet/{s}/raporti.pdf",
    "outcomes:report-version-pdf": "/sq/konsultimet/{pk}/raporti-v{s}.pdf",
    "outcomes:staff-report": "/sq/stafi/konsultimet/{s}/raporti/",
    "outcomes:staff-preview-pdf": "/sq/stafi/konsultimet/{s}/raporti-paraparje.pdf",
}
# Every GET parameter a public page reads, on the page that reads it.
QUERY = {
    "/sq/konsultimet/": ["q", "year", "method", "directorate", "place", "status", "page"],
    "/sq/komenti/pranuar/": ["consultation"],
    "/konsultimet.ics": ["lang"],
    "/konsultimet/{pk}.ics": ["lang"],
    "/opendata/datapackage-2025.json": ["lang"],
    "/sq/raportet/2025/": ["lang"],
    "/sq/admin/login/": ["next"],
    "/sq/abonohu/": ["email"],
    "/municipality.css": ["v"],
    "/sq/stafi/konsultimet/{pk}/lista-e-pjesemarresve.pdf": ["faqe"],
}
COMMENT_FIELDS = ["body", "name", "show_name", "email", "local_community", "consent", "website", "form_started"]
SUBSCRIBE_FIELDS = ["email", "consent", "website", "form_started"]
# Named URLs that are not public, or that the lists above cover under another name.
NOT_PUBLIC = {"overview", "password_reset_done", "password_reset_complete"}

SPECIAL = [
    "\x00",
    "a\x00b",
    "\ud800",
    "\udfff",
    "x\udc80y",
    "²",
    "١٢٣",
    "９",
    "\u202e",
    "fdp\u202e.exe",
    "\u2066x\u2069",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    " ",
    "\r\n",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%",
    "%%",
    "%zz",
    "%C0%AF",
    "%ED%A0%80",
    "%00",
    "%FF%FE",
]
# Sequences sent as they are, not encoded again: invalid or unusual percent-encodings.
RAW_PERCENT = ["%", "%zz", "%C0%AF", "%ED%A0%80", "%00", "%FF", "%E2%80%AE", "%2F", "%2e%2e", "%u202e"]

nasty_text = st.one_of(
    st.sampled_from(SPECIAL),
    # Any code point, lone surrogates included (Hypothesis leaves them out unless asked).
    st.text(alphabet=st.characters(exclude_categories=()), max_size=40),
    st.builds(
        lambda piece, times: piece * times, st.sampled_from(["x", "ë", "\u202e", "9", "%"]), st.integers(300, 12_000)
    ),
)

BOUNDS = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    "database": None,
}


def encode(value: str) -> str:
    """Percent-encode text as a browser sends it; a lone surrogate goes as its (invalid) UTF-8 bytes."""
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


segment = st.one_of(nasty_text.map(encode), st.sampled_from(RAW_PERCENT))


@pytest.fixture
def portal(db, settings):
    """A published plan and hearing, an open written consultation and a subscriber to aim at."""
    settings.COMMENT_RATE_LIMIT = 100_000
    settings.COMMENT_MIN_SECONDS = 0
    settings.CONFIRMATION_EMAIL_COOLDOWN_SECONDS = 1
    municipality = factories.MunicipalityFactory()
    plan = factories.PlanFactory(municipality=municipality)
    hearing = factories.HearingFactory(plan=plan)
    written = WrittenConsultationFactory(plan__municipality=municipality)
    return {"hearing": hearing, "written": written}


def assert_below_500(response, what: str) -> None:
    assert response.status_code < 500, f"{what} answered {response.status_code}"


def test_the_lists_cover_every_public_url():
    """A public URL added later must be listed in PATHS, so the battery reaches it."""

    def names(patterns, namespace: str = "") -> set[str]:
        found = set()
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue
                prefix = f"{pattern.namespace}:" if pattern.namespace else namespace
                found |= names(pattern.url_patterns, prefix)
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.add(namespace + pattern.name)
        return found

    public = {name for name in names(get_resolver().url_patterns) if name.split(":")[-1] not in NOT_PUBLIC}
    assert public - set(PATHS) == set()


@settings(max_examples=90, **BOUNDS)
@given(name=st.sampled_from(sorted(PATHS)), value=segment)
def test_no_path_segment_gives_a_500(client, portal, name, value):
    path = PATHS[name].format(s=value, pk=portal["hearing"].pk)
    assert_below_500(client.get(path), path)


@settings(max_examples=80, **BOUNDS)
@given(page=st.sampled_from(sorted(QUERY)), data=st.data())
def test_no_query_parameter_gives_a_500(client, portal, page, data):
    path = page.format(pk=portal["hearing"].pk)
    params = data.draw(st.lists(st.sampled_from(QUERY[page]), min_size=1, max_size=3, unique=True))
    pairs = []
    for param in params:
        raw = data.draw(st.booleans())
        value = data.draw(st.sampled_from(RAW_PERCENT)) if raw else encode(data.draw(nasty_text))
        pairs.append(f"{param}={value}")
    address = f"{path}?{'&'.join(pairs)}"
    assert_below_500(client.get(address), address)


def _post_form(client, path: str, data: dict) -> object:
    body = "&".join(f"{encode(key)}={encode(value)}" for key, value in data.items())
    return client.post(path, body, content_type="application/x-www-form-urlencoded")


@settings(max_examples=100, **BOUNDS)
@given(field=st.sampled_from(COMMENT_FIELDS), value=nasty_text)
def test_no_comment_field_gives_a_500_and_a_refused_comment_is_not_saved(client, portal, field, value):
    written = portal["written"]
    data = comment_post_data(written, seconds_ago=60, body=f"Mendimi im {time.monotonic_ns()}")
    data[field] = value
    before = Comment.objects.count()
    response = _post_form(client, f"/sq/komento/{written.pk}/", data)
    assert_below_500(response, f"comment with {field}={value[:40]!r}")
    if response.status_code != 302:
        assert Comment.objects.count() == before, f"a refused comment ({field}) was saved"


@settings(max_examples=60, **BOUNDS)
@given(field=st.sampled_from(SUBSCRIBE_FIELDS), value=nasty_text)
def test_no_subscription_field_gives_a_500_and_a_refused_one_is_not_saved(client, portal, field, value):
    data = subscribe_post_data(email=f"qytetari{time.monotonic_ns()}@example.org", seconds_ago=60)
    data[field] = value
    before = Subscriber.objects.count()
    response = _post_form(client, "/sq/abonohu/", data)
    assert_below_500(response, f"subscription with {field}={value[:40]!r}")
    if response.status_code != 302:
        assert Subscriber.objects.count() == before, f"a refused subscription ({field}) was saved"


@settings(max_examples=25, **BOUNDS)
@given(value=nasty_text)
def test_no_password_reset_email_gives_a_500(client, portal, value):
    assert_below_500(_post_form(client, "/sq/admin/password_reset/", {"email": value}), "password reset")
